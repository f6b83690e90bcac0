"""Readability scores worked by hand, the jargon matcher, documents and the planner."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbook.induction import (
    Agreement,
    DocumentError,
    TextError,
    agreement_html,
    agreement_markdown,
    count_syllables,
    find_jargon,
    load_samples,
    load_terms,
    read_document,
    score_text,
    split_sentences,
)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [("cat", 1), ("please", 1), ("breach", 1), ("attend", 2), ("explain", 2), ("table", 2), ("licence", 2),
     ("appointment", 3), ("requirement", 3), ("probation", 3), ("enforcement", 3), ("possible", 3),
     ("supervision", 4), ("mediation", 4), ("unacceptable", 5), ("rehabilitation", 6), ("stayed", 1)],
)  # fmt: skip
def test_syllables_of_words_counted_by_hand(word, syllables):
    assert count_syllables(word) == syllables


def test_scores_worked_by_hand_for_a_one_sentence_text():
    # 6 words, 1 sentence, 6 syllables, no word of 3+ syllables.
    r = score_text("The cat sat on the mat.")
    assert (r.words, r.sentences, r.syllables, r.polysyllable_count) == (6, 1, 6, 0)
    assert r.reading_ease == pytest.approx(206.835 - 1.015 * 6 - 84.6 * 1)  # 116.145
    assert r.grade == pytest.approx(0.39 * 6 + 11.8 * 1 - 15.59)  # -1.45
    assert r.smog == pytest.approx(3.1291)


def test_scores_worked_by_hand_for_a_two_sentence_text():
    # Please(1) attend(2) your(1) appointment(3). We(1) will(1) explain(2) the(1) requirement(3).
    r = score_text("Please attend your appointment. We will explain the requirement.")
    assert (r.words, r.sentences, r.syllables, r.polysyllable_count) == (9, 2, 15, 2)
    assert r.reading_ease == pytest.approx(61.2675)
    assert r.grade == pytest.approx(5.83167, abs=1e-4)
    assert r.smog == pytest.approx(1.043 * (2 * 30 / 2) ** 0.5 + 3.1291)  # 8.8419
    assert r.polysyllables == ("appointment", "requirement")
    assert r.band == "plain English"


def test_the_sample_letters_differ_as_designed():
    dense, lean = (score_text(s.text) for s in load_samples())
    assert dense.reading_ease < 40 < 70 < lean.reading_ease
    assert dense.reading_age > 11 > lean.reading_age


def test_sentences_split_on_ends_lists_and_paragraphs_but_not_titles():
    text = "Dear Mr. Example\n\nCome on Monday at 10. Bring ID!\n- a letter\n- your phone"
    assert split_sentences(text) == [
        "Dear Mr. Example",
        "Come on Monday at 10.",
        "Bring ID!",
        "- a letter",
        "- your phone",
    ]


@pytest.mark.parametrize("text", ["", "   \n  ", "12 34 56", "...!?"])
def test_no_words_is_a_clear_message(text):
    with pytest.raises(TextError, match="no text to score"):
        score_text(text)


def test_text_with_no_english_words_says_so():
    with pytest.raises(TextError, match="English"):
        score_text("Привет мир. Как дела?")


def test_one_huge_sentence_scores_without_failing():
    r = score_text(" ".join(["supervision"] * 20_000))
    assert r.sentences == 1 and r.words == 20_000 and r.reading_ease < 0


def test_accented_text_scores():
    assert score_text("Café society. Zoë came to the naïve meeting.").words >= 7


@given(st.text(max_size=300))
def test_scoring_never_fails_except_with_a_text_error(text):
    try:
        r = score_text(text)
    except TextError:
        return
    assert r.words > 0 and r.sentences > 0 and r.reading_age >= 5


# -- jargon ------------------------------------------------------------------------


def test_the_term_list_is_long_enough_and_complete():
    terms = load_terms()
    assert len(terms) >= 40
    names = {t.term for t in terms}
    for needed in ("breach", "requirement", "licence conditions", "acceptable absence", "national standards"):
        assert needed in names
    assert all(t.plain and t.why for t in terms)


def test_jargon_matching_respects_boundaries_case_and_endings():
    found = find_jargon("BREACH. Breaches and breached. Your requirements. A courtesy call. Courts.")
    assert found["term"].tolist() == ["breach", "breach", "breach", "requirement"]
    assert "courtesy" not in " ".join(found["found"]).lower()


def test_jargon_phrases_match_across_lines_and_longest_first():
    found = find_jargon("An unacceptable\nabsence, then licence   conditions.")
    assert found["term"].tolist() == ["unacceptable absence", "licence conditions"]
    assert found.loc[0, "start"] == 3


# -- documents -----------------------------------------------------------------------


def docx(paragraphs: list[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><w:document '
        'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def test_reads_txt_md_and_docx():
    assert read_document("a.txt", b"Dear Mr Example\r\nCome on Monday.") == "Dear Mr Example\nCome on Monday."
    assert read_document("a.md", b"# Title\n\nText") == "# Title\n\nText"
    assert (
        read_document("letter.DOCX", docx(["First paragraph.", "Second."])) == "First paragraph.\n\nSecond."
    )


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("photo.png", b"\x89PNG", "only .txt, .md, .docx"),
        ("binary.txt", b"\x00\x01\x02hello", "binary file"),
        ("latin.txt", "café".encode("latin-1"), "not UTF-8"),
        ("empty.md", b"   ", "empty"),
        ("fake.docx", b"this is not a zip", "not a Word .docx"),
        ("big.txt", b"a" * 1_000_001, "too large"),
        ("numbers.txt", b"123 456", "no words"),
    ],
)
def test_bad_files_get_one_clear_message_naming_the_file(name, content, words):
    with pytest.raises(DocumentError) as caught:
        read_document(name, content)
    assert words in str(caught.value)
    assert str(caught.value).startswith(name)


# -- planner ------------------------------------------------------------------------------


def test_the_agreement_escapes_what_was_typed():
    typed = Agreement(
        person='<script>alert("x")</script>', goals="Get a *job*\n[link](http://x)", we_will="<b>text</b> you"
    )
    page = agreement_html(typed)
    assert "<script>" not in page and "&lt;script&gt;" in page and "<b>text" not in page
    markdown = agreement_markdown(typed)
    assert "<script>" not in markdown and "\\*job\\*" in markdown and "\\[link\\]" in markdown


def test_the_agreement_puts_goals_first_and_skips_empty_steps():
    text = agreement_markdown(Agreement(person="Sam", goals="Find work", measures="Check in monthly"))
    assert text.index("What you want to achieve") < text.index("How we will know it is working")
    assert "What cannot be changed" not in text
    assert Agreement().is_empty() and not Agreement(goals="x").is_empty()
