"""The seminar corpus: its content, its coverage of the notes, and its schema checks."""

from __future__ import annotations

import io
import shutil

import pandas as pd
import pytest

from workbook.evidence import (
    KINDS,
    CorpusError,
    export_csv,
    export_markdown,
    load_corpus,
    normalise_text,
    uncovered_paragraphs,
)
from workbook.paths import SEMINAR_DIR


def test_every_paragraph_of_both_notes_has_an_excerpt(corpus):
    total, missing = uncovered_paragraphs(corpus)
    assert total == 46
    assert missing.empty, missing[["source", "section", "number"]].to_string()


def test_the_notes_split_into_the_sections_they_declare(corpus):
    sections = corpus.paragraphs.groupby("notes")["section"].unique().map(list).to_dict()
    assert sections["group notes"] == [
        "Discretion/legitimacy/consistency",
        "Induction processes",
        "Compliance within DRRs",
        "More intense relationships",
    ]
    assert sections["plenary"][0] == "Formal and Substantive Compliance"
    six_steps = corpus.paragraphs.query("form == 'item' and notes == 'plenary'")["text"].tolist()
    assert six_steps[0] == "Clear the air" and len(six_steps) == 6


def test_every_quote_is_verbatim_and_short(corpus):
    paragraphs = corpus.paragraphs.set_index(["source", "section", "number"])["text"]
    for e in corpus.excerpts.itertuples():
        text = paragraphs.loc[(e.source, e.section, e.paragraph)]
        assert normalise_text(e.quote) in normalise_text(text), e.id
        assert len(e.quote.split()) <= 30, e.id
        assert normalise_text(e.paraphrase) != normalise_text(e.quote), e.id


def test_themes_are_many_summarised_prompted_and_used(corpus):
    assert len(corpus.themes) >= 12
    used = {t for themes in corpus.excerpts["themes"] for t in themes}
    assert used == set(corpus.themes["id"])
    assert corpus.themes["summary"].str.len().min() > 80
    assert corpus.themes["prompts"].map(len).min() >= 1


def test_excerpt_kinds_and_provenance(corpus):
    assert set(corpus.excerpts["kind"]) <= set(KINDS)
    assert corpus.excerpts["id"].is_unique
    files = dict(zip(corpus.sources["file"], corpus.sources["notes"], strict=True))
    assert (corpus.excerpts["notes"] == corpus.excerpts["source"].map(files)).all()


def test_the_figures_the_notes_state_are_recorded_as_data(corpus):
    figures = corpus.figures
    for value, unit in [(70, "%"), (68, "%"), (20, "%"), (15, "minutes"), (30, "minutes")]:
        found = figures[(figures["value"] == value) & (figures["unit"] == unit)]
        assert len(found) == 1, (value, unit)
        assert found["status"].str.len().iloc[0] > 20
    excerpt_ids = set(corpus.excerpts["id"])
    assert set(figures["excerpt"]) <= excerpt_ids


def test_open_questions_are_records_with_provenance(corpus):
    texts = " ".join(corpus.questions["text"]).lower()
    assert "needs first" in texts
    assert "relationships" in texts and "optimal" in texts
    assert corpus.questions["id"].is_unique
    assert corpus.questions["why_open"].str.len().min() > 20


# -- schema errors name the file, the record and the field ---------------------


@pytest.fixture
def corpus_copy(tmp_path):
    target = tmp_path / "seminar"
    shutil.copytree(SEMINAR_DIR, target)
    return target


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "record", "field", "words"),
    [
        ("excerpts.toml", 'themes = ["discretion-legitimacy"', 'themes = ["discretion-legitimacyy"',
         "g-01", "themes", "unknown theme"),
        ("excerpts.toml", 'kind = "concern"', 'kind = "worry"', "g-01", "kind", "not one of"),
        ("excerpts.toml", "paragraph = 1\n", "paragraph = 99\n", "g-01", "paragraph", "no paragraph 99"),
        ("excerpts.toml", "paragraph = 1\n", 'paragraph = "one"\n', "g-01", "paragraph", "should be int"),
        ("excerpts.toml", 'quote = "the question of limited', 'quote = "the answer of limited',
         "g-01", "quote", "not verbatim"),
        ("excerpts.toml", 'kind = "concern"', 'kind = "concern"\nmood = "calm"',
         "g-01", "mood", "unknown field"),
        ("excerpts.toml", 'id = "g-02"', 'id = "g-01"', "g-01", "id", "earlier record"),
        ("excerpts.toml", 'notes = "group notes"', 'notes = "plenary"', "g-01", "notes", "holds the group"),
        ("themes.toml", 'name = "Induction"\n', "", "induction", "name", "is missing"),
        ("questions.toml", "why_open = ", "why_not = ", None, None, "unknown field"),
    ],
)  # fmt: skip
def test_a_malformed_record_is_named_by_file_record_and_field(
    corpus_copy, file, old, new, record, field, words
):
    _edit(corpus_copy / file, old, new)
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus_copy)
    error = caught.value
    assert error.file == file
    if record is not None:
        assert error.record == record
    if field is not None:
        assert error.field == field
    assert words in str(error)
    assert file in str(error)


def test_broken_toml_names_the_file_and_line(corpus_copy):
    _edit(corpus_copy / "themes.toml", '[[theme]]\nid = "induction"', '[[theme]\nid = "induction"')
    with pytest.raises(CorpusError, match=r"themes.toml: not valid TOML.*line \d+"):
        load_corpus(corpus_copy)


def test_a_missing_file_is_named(corpus_copy):
    (corpus_copy / "questions.toml").unlink()
    with pytest.raises(CorpusError, match=r"questions\.toml: file not found"):
        load_corpus(corpus_copy)


# -- export ----------------------------------------------------------------------


def test_csv_export_round_trips_every_excerpt(corpus):
    table = pd.read_csv(io.StringIO(export_csv(corpus)))
    assert table["id"].tolist() == corpus.excerpts["id"].tolist()
    assert table["quote"].tolist() == corpus.excerpts["quote"].tolist()
    assert table["themes"].str.split(";").map(tuple).tolist() == corpus.excerpts["themes"].tolist()
    assert table["figures"].notna().sum() == corpus.excerpts["figures"].map(bool).sum()


def test_markdown_export_holds_caveat_themes_excerpts_and_questions(corpus):
    text = export_markdown(corpus)
    assert "not findings about any real person" in text
    for name in corpus.themes["name"]:
        assert f"### {name}" in text
    for excerpt_id in corpus.excerpts["id"]:
        assert f"**{excerpt_id}**" in text
    for question in corpus.questions["text"]:
        assert question in text
