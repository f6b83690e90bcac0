"""The Induction and engagement page driven without a browser."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime

import pytest

from workbook.dashboards import induction_engagement
from workbook.induction import load_samples


@pytest.fixture
def page(corpus):
    return induction_engagement(corpus)


def uploaded(name: str, content: bytes) -> tuple[dict]:
    """What FileUpload.value holds after a browser upload."""
    return (
        {"name": name, "type": "", "size": len(content), "content": memoryview(content),
         "last_modified": datetime.now(UTC)},
    )  # fmt: skip


def stat(page, label: str) -> str:
    match = re.search(rf'<div class="wb-stat">([^<]+)</div><div>{re.escape(label)}', page.scores.value)
    assert match, page.scores.value
    return match.group(1)


def test_opens_on_the_dense_letter_with_both_samples_compared(page):
    dense, _lean = load_samples()
    assert page.text.value == dense.text
    assert int(stat(page, "Reading age (approx.)")) > 11
    assert "Dense, official letter" in page.compare.value and "Lean, two-way letter" in page.compare.value
    assert page.marked.value.count("<mark") > 15


def test_switching_sample_rescores(page):
    before = stat(page, "Reading ease: difficult")
    page.source.value = "lean"
    assert "Reading ease: easy" in page.scores.value
    assert stat(page, "Reading ease: easy") != before


def test_own_text_is_kept_when_samples_are_viewed(page):
    page.text.value = "We will meet on Monday. Tell me what matters to you."
    assert page.source.value == "own"
    assert "Your text" in page.compare.value
    page.source.value = "lean"
    page.source.value = "own"
    assert page.text.value == "We will meet on Monday. Tell me what matters to you."


def test_a_bad_upload_gives_one_message_and_keeps_the_text(page):
    page.text.value = "My own words stay here."
    page.upload.value = uploaded("scan.pdf", b"%PDF")
    assert "scan.pdf" in page.notice.value and "wb-error" in page.notice.value
    assert page.text.value == "My own words stay here."


def test_a_good_upload_replaces_the_text_and_is_scored(page):
    content = b"Please attend your appointment. We will explain the requirement."
    page.upload.value = uploaded("letter.txt", content)
    assert page.text.value == content.decode()
    assert page.source.value == "own"
    assert "letter.txt" in page.notice.value
    assert stat(page, "Words per sentence") == "4"  # 9 words in 2 sentences, rounded


def test_empty_text_says_so(page):
    page.text.value = "   "
    assert "no text to score" in page.notice.value
    assert page.scores.value == ""


def test_the_planner_renders_an_escaped_agreement_with_downloads(page):
    page.make.click()
    assert "Write at least one thing" in page.agreement.value
    page.fields["person"].value = "Sam <img src=x onerror=alert(1)>"
    page.fields["goals"].value = "Find work\nSee my children"
    page.fields["non_negotiable"].value = "Come to every appointment or call first"
    page.make.click()
    value = page.agreement.value
    assert "<img" not in value and "&lt;img" in value
    assert "What you want to achieve" in value and "What cannot be changed" in value
    html_link = re.search(
        r'download="our-agreement.html" href="data:text/html;charset=utf-8;base64,([^"]+)"', value
    )
    assert html_link
    downloaded = base64.b64decode(html_link.group(1)).decode()
    assert "See my children" in downloaded and "<img" not in downloaded
    assert "reading age about" in value


def test_the_seminar_themes_and_prompts_are_shown(page, corpus):
    text = "".join(w.value for w in _html(page.container))
    for theme in ("induction", "readability", "reciprocal-obligations"):
        assert corpus.themes.set_index("id").loc[theme, "name"] in text


def _html(widget):
    if hasattr(widget, "children"):
        for child in widget.children:
            yield from _html(child)
    elif hasattr(widget, "value") and isinstance(widget.value, str) and widget.value.startswith("<"):
        yield widget
