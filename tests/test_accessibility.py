"""Every page as a person using a phone, a keyboard or a screen reader meets it (WCAG 2.2 AA).

For each page in ``PAGES_COVERED`` (parametrised over the page registry):

- axe-core at 1366x768 and at 390x844, after opening every tab and disclosure: no
  critical and no serious violation; a full-page screenshot at each size goes to
  ``tests/artifacts/pages/``;
- reflow at 320 px: nothing but a labelled scroll region is wider than the page, and no
  text is clipped;
- the words on screen name no file of ours (``FACTS.md``, a seed file's hash name) and
  no server path;
- by keyboard alone: every disclosure opens with Enter, tabs move with the arrow keys, a
  slider moves with the arrow keys, every control is reached by Tab with a visible focus
  ring (3:1), and, where the page has one, a reflection is saved.

To cover a new page, add its id to ``PAGES_COVERED`` and what shows it is ready to ``READY``.
"""

from __future__ import annotations

import re

import pytest
from accessibility import CLIPPED_TEXT, ON_SCREEN_WORDS, WIDER_THAN_VIEWPORT, audit, tab_through
from browsing import READY_MS, assert_clean, visiting
from conftest import ARTIFACTS
from playwright.sync_api import expect

from workbook.web import PAGES, find_page

pytestmark = pytest.mark.browser

PAGES_COVERED = (
    "start",
    "seminar-themes",
    "induction",
    "caseload-tiering",
    "risk-and-needs",
    "compliance-scenarios",
    "reflective-journal",
    "sources",
    "workshop-facilitator",
)
"""The Voila pages these tests cover; the room page (drawn by the server) is covered by
``tests/test_room_accessibility.py``."""

READY = {
    "start": ".wb-pages a",
    "seminar-themes": ".wb-cards .wb-excerpt",
    "induction": ".wb-scores .wb-stat",
    "caseload-tiering": ".sankey .sankey-node",
    "risk-and-needs": ".wb-profile h3",
    "compliance-scenarios": ".scatterlayer .trace",
    "reflective-journal": ".wb-prompt select",
    "sources": ".wb-sources .wb-source-entry",
    "workshop-facilitator": ".wb-open-room",
}
REFLECTS = {"caseload-tiering", "risk-and-needs", "compliance-scenarios", "reflective-journal"}
SHOTS = ARTIFACTS / "pages"
OUR_FILES = re.compile(r"FACTS|\d{3}_[0-9a-f]{16}\.txt|/(?:root|home|usr|tmp|var|etc)/|\.sqlite3?\b|\.toml\b")


def test_every_page_in_the_registry_is_covered():
    server_pages = {"workshop-participant"}  # tests/test_room_accessibility.py
    assert {p.id for p in PAGES} == set(PAGES_COVERED) | server_pages
    assert set(READY) == set(PAGES_COVERED)


def open_page(browser, server, page_id, width=1366, height=768):
    page = find_page(page_id)
    return visiting(
        browser, server, page.notebook, READY[page_id], viewport={"width": width, "height": height}
    )


@pytest.mark.parametrize("page_id", PAGES_COVERED)
def test_page_passes_axe_at_both_sizes_reflows_and_names_no_file(browser, voila_server, page_id):
    SHOTS.mkdir(parents=True, exist_ok=True)
    with open_page(browser, voila_server, page_id) as visit:
        page = visit.page
        assert page.locator("h1").count() == 1
        assert page.locator("h1").inner_text() == find_page(page_id).title
        assert page.locator("main#wb-main").count() == 1
        sizes = ((1366, 768), (390, 844))
        for width, height in sizes:  # as a person first sees the page: everything closed
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(400)
            page.screenshot(path=SHOTS / f"{page_id}-{width}.png", full_page=True)
        found = {}
        for width, height in reversed(sizes):  # the phone first: opening everything is then done once
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(400)
            found[width] = audit(page)
        for width, result in found.items():
            assert not result.blocking(), f"at {width} px:\n{result.report(('critical', 'serious'))}"

        page.set_viewport_size({"width": 320, "height": 800})
        page.wait_for_timeout(800)
        wide = page.evaluate(WIDER_THAN_VIEWPORT)
        assert wide["page"] <= wide["viewport"], wide
        assert wide["wide"] == [], wide
        assert page.evaluate(CLIPPED_TEXT) == []

        words = page.evaluate(ON_SCREEN_WORDS)
        assert not OUR_FILES.findall(words), OUR_FILES.findall(words)
        assert_clean(visit)


@pytest.mark.parametrize("page_id", PAGES_COVERED)
def test_page_works_by_keyboard_alone(browser, voila_server, page_id):
    with open_page(browser, voila_server, page_id) as visit:
        page = visit.page
        # The skip link is the first stop, and takes focus to the main content.
        page.locator("body").focus()
        page.keyboard.press("Tab")
        expect(page.locator(".wb-skip-link")).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.locator("#wb-main")).to_be_focused()

        # Every disclosure opens with Enter, from the keyboard (opening one may reveal others,
        # some only once the kernel has worked out what they hold).
        for _ in range(10):
            closed = page.locator(
                "button.wb-disclosure-button[aria-expanded='false'], details:not([open]) > summary"
            )
            handles = [h for h in closed.element_handles() if h.is_visible()]
            if not handles:
                page.wait_for_timeout(1500)
                if not [h for h in closed.element_handles() if h.is_visible()]:
                    break
                continue
            for handle in handles:
                handle.focus()
                page.keyboard.press("Enter")
            page.wait_for_timeout(600)
        still_closed = page.locator("button.wb-disclosure-button[aria-expanded='false']:visible")
        expect(still_closed).to_have_count(0)
        assert page.locator("details:not([open]) > summary:visible").count() == 0

        # Tabs move with the arrow keys, and say which is selected.
        tabs = page.locator("[role='tab']")
        if tabs.count():
            tabs.first.focus()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("Enter")
            expect(tabs.nth(1)).to_have_attribute("aria-selected", "true")
            page.keyboard.press("ArrowLeft")
            page.keyboard.press("Enter")
            expect(tabs.first).to_have_attribute("aria-selected", "true")

        # A slider moves with the arrow keys and says its value in words.
        sliders = page.locator("input[type='range']")
        if sliders.count():
            slider = sliders.first
            before = slider.input_value()
            slider.focus()
            page.keyboard.press("ArrowRight")
            expect(slider).not_to_have_value(before)
            assert slider.get_attribute("aria-valuetext")

        # Toggle buttons say which is pressed, and Space presses another.
        choices = page.locator(".wb-choice-button")
        if choices.count():
            choices.nth(1).focus()
            page.keyboard.press("Space")
            expect(choices.nth(1)).to_have_attribute("aria-pressed", "true")
            expect(choices.nth(0)).to_have_attribute("aria-pressed", "false")

        # Every control can be reached with Tab, and shows where focus is.
        controls, reached = tab_through(page)
        present = set(
            page.evaluate("() => Array.from(document.querySelectorAll('[data-wb-k]'), e => e.dataset.wbK)")
        )
        missed = [
            controls[int(k)] for k in map(str, range(len(controls))) if k in present and k not in reached
        ]
        assert not missed, f"not reached by Tab: {missed[:10]}"
        faint = [(s["tag"], s["label"], s["outline"], round(s["contrast"], 2)) for s in reached.values()
                 if s["outline"] < 2 or s["contrast"] < 3]  # fmt: skip
        assert not faint, f"focus not visible enough: {faint[:10]}"

        if page_id in REFLECTS:
            save_a_reflection_by_keyboard(page)
        assert_clean(visit)


def save_a_reflection_by_keyboard(page) -> None:
    page.locator(".wb-pseudonym input").focus()
    page.keyboard.type("Keyboard user")
    page.keyboard.press("Tab")  # the name is sent when the box loses focus
    page.locator(".wb-reflection-text textarea").focus()
    page.keyboard.type("Written with the keyboard alone.")
    save = page.locator(".wb-save-reflection")
    for _ in range(6):  # Tab on to the save button, past the share box when it shows
        page.keyboard.press("Tab")
        if save.evaluate("e => e === document.activeElement || e.contains(document.activeElement)"):
            break
    page.keyboard.press("Enter")
    expect(page.locator(".wb-reflection-message")).to_contain_text("Saved at", timeout=READY_MS)
