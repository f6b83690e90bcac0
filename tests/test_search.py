"""Filtering, searching and theme co-occurrence: examples and properties."""

from __future__ import annotations

import html
import re

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.dashboards._html import highlight
from workbook.evidence import (
    filter_excerpts,
    load_corpus,
    query_terms,
    search_excerpts,
    stem_word,
    theme_cooccurrence,
    tokenise,
)

CORPUS = load_corpus()
THEMES = list(CORPUS.themes["id"])
EXCERPTS = CORPUS.excerpts

theme_sets = st.lists(st.sampled_from(THEMES), max_size=4, unique=True)
subsets = st.lists(st.integers(0, len(EXCERPTS) - 1), unique=True).map(lambda ix: EXCERPTS.iloc[sorted(ix)])
queries = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


def reminder_ids():
    """Excerpts about reminders, found independently of the search code."""
    about = re.compile(r"\b(text(ing|s)?|reminders?|sms)\b", re.IGNORECASE)
    return {e.id for e in EXCERPTS.itertuples() if about.search(e.quote) or about.search(e.paraphrase)}


def test_text_messaging_finds_the_reminder_excerpts_and_nothing_else():
    hits = search_excerpts(EXCERPTS, "text messaging", synonyms=CORPUS.synonyms)
    assert set(hits["id"]) == reminder_ids()
    assert len(hits) >= 3
    assert hits["score"].is_monotonic_decreasing


def test_search_folds_plurals_and_case():
    assert set(search_excerpts(EXCERPTS, "Reminders")["id"]) == set(
        search_excerpts(EXCERPTS, "reminder")["id"]
    )


def test_search_requires_every_word():
    both = set(search_excerpts(EXCERPTS, "induction paperwork")["id"])
    assert both
    assert both <= set(search_excerpts(EXCERPTS, "induction")["id"])
    assert both <= set(search_excerpts(EXCERPTS, "paperwork")["id"])


def test_synonym_phrases_become_one_term():
    terms = query_terms("drug rehabilitation requirement breach", CORPUS.synonyms)
    assert len(terms) == 2
    assert ("drr",) in terms[0]


def test_stem_and_tokenise_examples():
    assert stem_word("absences") == stem_word("absence")
    assert tokenise("The text and the SMS") == ["text", "sms"]


@given(subsets, theme_sets, st.sampled_from(["any", "all"]))
def test_filter_keeps_a_subset_with_the_chosen_themes(excerpts, themes, match):
    kept = filter_excerpts(excerpts, themes=themes, match=match)
    assert set(kept["id"]) <= set(excerpts["id"])
    for coded in kept["themes"]:
        assert (set(themes) & set(coded)) if match == "any" and themes else True
        assert set(themes) <= set(coded) if match == "all" else True
    if not themes:
        assert len(kept) == len(excerpts)


@given(theme_sets)
def test_all_chosen_themes_is_never_more_than_any(themes):
    every = filter_excerpts(EXCERPTS, themes=themes, match="all")
    some = filter_excerpts(EXCERPTS, themes=themes, match="any")
    assert set(every["id"]) <= set(some["id"])


@settings(max_examples=60)
@given(subsets, queries)
def test_search_returns_a_subset_and_never_fails(excerpts, query):
    hits = search_excerpts(excerpts, query, synonyms=CORPUS.synonyms)
    assert set(hits["id"]) <= set(excerpts["id"])
    assert (hits["score"] >= 0).all()
    upper = search_excerpts(excerpts, query.upper(), synonyms=CORPUS.synonyms)
    if query.upper().lower() == query.lower():
        assert set(upper["id"]) == set(hits["id"])


@given(st.sampled_from(list(EXCERPTS.itertuples())))
def test_searching_a_quote_finds_its_excerpt(excerpt):
    hits = search_excerpts(EXCERPTS, excerpt.quote)
    assert excerpt.id in set(hits["id"])


def test_blank_search_returns_everything():
    assert len(search_excerpts(EXCERPTS, "   ")) == len(EXCERPTS)


@given(subsets)
def test_cooccurrence_is_symmetric_with_theme_counts_on_the_diagonal(excerpts):
    counts = theme_cooccurrence(excerpts, THEMES)
    assert (counts.to_numpy() == counts.to_numpy().T).all()
    for theme in THEMES:
        assert counts.loc[theme, theme] == sum(theme in coded for coded in excerpts["themes"])
        assert (counts.loc[theme] <= counts.loc[theme, theme]).all()


def test_cooccurrence_counts_a_known_pair():
    frame = pd.DataFrame({"themes": [("a", "b"), ("a", "b", "c"), ("c",)]})
    counts = theme_cooccurrence(frame, ["a", "b", "c"])
    assert counts.loc["a", "b"] == 2 and counts.loc["b", "c"] == 1 and counts.loc["c", "c"] == 2


@given(st.text(max_size=80), st.lists(st.from_regex(r"[a-z]{1,6}", fullmatch=True), max_size=3))
def test_highlight_escapes_everything_and_keeps_the_text(text, stems):
    marked = highlight(text, stems)
    bare = marked.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in bare and ">" not in bare
    assert html.unescape(bare) == text
