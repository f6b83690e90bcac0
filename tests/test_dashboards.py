"""Dashboard factories driven without a browser: set a control's value, check what shows."""

from __future__ import annotations

import base64
import io
import re

import numpy as np
import pandas as pd
import pytest

from workbook.dashboards import PAGES, seminar_themes, start_here


def shown_ids(page) -> list[str]:
    return re.findall(r'data-id="([^"]+)"', page.cards.value)


def download(page, name: str) -> str:
    match = re.search(
        rf'download="{re.escape(name)}" href="data:[^;]+;charset=utf-8;base64,([^"]+)"', page.downloads.value
    )
    assert match, page.downloads.value
    return base64.b64decode(match.group(1)).decode("utf-8")


@pytest.fixture
def page(corpus):
    return seminar_themes(corpus)


def test_opens_on_every_excerpt_with_the_map_drawn(page, corpus):
    assert len(shown_ids(page)) == len(corpus.excerpts)
    assert "Showing <b>90</b> of 90" in page.summary.value
    assert page.theme_map is None, "the map is built only when its tab opens"
    page.tabs.selected_index = 1
    heatmap = page.theme_map.figure["data"][0]
    z = np.array(heatmap["z"], dtype=float)
    assert z.shape == (len(corpus.themes), len(corpus.themes))
    assert np.isnan(np.diag(z)).all()
    assert np.nansum(z) > 0


def test_search_text_messaging_shows_the_reminder_excerpts(page):
    page.search.value = "text messaging"
    assert set(shown_ids(page)) == {"g-03", "g-05", "g-06", "g-07"}
    assert "matching “text messaging”" in page.summary.value
    assert "<mark>text</mark>" in page.cards.value.lower()


def test_a_theme_filter_and_a_search_combine(page, corpus):
    page.theme_boxes["induction"].value = True
    induction = set(shown_ids(page))
    assert induction == {e.id for e in corpus.excerpts.itertuples() if "induction" in e.themes}
    assert "Induction" in page.theme_panel.value and "start of an order" in page.theme_panel.value
    page.search.value = "paperwork"
    narrowed = set(shown_ids(page))
    assert narrowed and narrowed < induction
    page.search.value = "text messaging"
    assert shown_ids(page) == []
    assert "No excerpt matches" in page.cards.value


def test_all_chosen_themes_narrows_and_clear_resets(page):
    page.theme_boxes["induction"].value = True
    page.theme_boxes["readability"].value = True
    any_count = len(shown_ids(page))
    page.match.value = "all"
    all_count = len(shown_ids(page))
    assert 0 < all_count < any_count
    page.clear.click()
    assert page.chosen_themes == []
    assert len(shown_ids(page)) == 90


def test_notes_and_kind_filters(page, corpus):
    page.notes.value = "plenary"
    assert all(i.startswith("p-") for i in shown_ids(page))
    page.kind.value = "figure"
    expected = corpus.excerpts.query("notes == 'plenary' and kind == 'figure'")["id"].tolist()
    assert sorted(shown_ids(page)) == sorted(expected)


def test_the_map_follows_the_search_and_a_click_selects_a_pair(page):
    page.search.value = "text messaging"
    page.show_map()
    z = np.nan_to_num(np.array(page.theme_map.figure["data"][0]["z"], dtype=float))
    assert z.sum() > 0
    row, column = np.unravel_index(np.argmax(z), z.shape)
    pair = page.theme_map.figure["data"][0]["customdata"][row][column]
    page.search.value = ""
    page.theme_map.click(0, [int(row), int(column)])  # as the browser reports a click on that cell
    assert page.chosen_themes == [t for t in page.theme_boxes if t in set(pair)]
    assert page.match.value == "all"
    assert page.tabs.selected_index == 0
    for excerpt_id in shown_ids(page):
        themes = page.corpus.excerpts.set_index("id").loc[excerpt_id, "themes"]
        assert set(pair) <= set(themes)


def test_downloads_hold_exactly_the_shown_excerpts(page):
    page.search.value = "induction"
    table = pd.read_csv(io.StringIO(download(page, "seminar-excerpts.csv")))
    assert table["id"].tolist() == shown_ids(page)
    markdown = download(page, "seminar-excerpts.md")
    assert all(f"**{i}**" in markdown for i in shown_ids(page))


def test_questions_and_prompts_follow_the_chosen_themes(page, corpus):
    assert page.questions.value.count("wb-question") == len(corpus.questions)
    page.theme_boxes["tiering"].value = True
    assert "needs first" in page.questions.value
    assert page.questions.value.count("wb-question") < len(corpus.questions)
    tiering = corpus.themes.set_index("id").loc["tiering"]
    assert all(p.replace("'", "&#39;") in page.prompts.value for p in tiering.prompts)
    assert "Good Lives" not in page.prompts.value


def test_what_a_user_types_is_escaped_and_kept(page):
    payload = '<script>alert("x")</script> <img src=x onerror=alert(1)>'
    page.search.value = payload
    assert page.search.value == payload
    for view in (page.summary, page.cards, page.questions):
        assert "<script>" not in view.value and "<img" not in view.value
    assert "&lt;script&gt;" in page.summary.value


def test_opening_with_themes_and_a_query(corpus):
    page = seminar_themes(corpus, themes=("drr",), query="breach")
    assert page.chosen_themes == ["drr"]
    assert page.search.value == "breach"
    assert all("drr" in corpus.excerpts.set_index("id").loc[i, "themes"] for i in shown_ids(page))


def test_start_page_links_every_dashboard_and_states_what_it_is_not(corpus):
    page = start_here(corpus)
    text = " ".join(child.value for child in _html_widgets(page))
    for p in PAGES:
        if p.id != "start":
            assert f'href="{p.href}"' in text
    assert "Not a tool for decisions about real people" in text
    assert f"{len(corpus.excerpts)} excerpts" in text
    assert "Using it in a workshop" in text
    for value in ("70%", "68%", "20%"):
        assert value in text


def _html_widgets(widget):
    widget = getattr(widget, "widget", widget)  # a page object: its widget
    if hasattr(widget, "children"):
        for child in widget.children:
            yield from _html_widgets(child)
    elif hasattr(widget, "value") and isinstance(widget.value, str):
        yield widget
