"""The journal and a whole workshop in headless Chromium: one facilitator and two participants.

Each view is screenshotted to ``tests/artifacts/``. Typed HTML and scripts must show
as text and never run, in the journal, the room and the facilitator's view.
"""

from __future__ import annotations

import contextlib

import pytest
from browsing import READY_MS, assert_clean, visiting
from conftest import ARTIFACTS
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAYLOAD = (
    '<img src=x onerror="window.__pwned=true"><script>window.__pwned=true</script> '
    "[click me](javascript:window.__pwned=true) **bold**"
)
PARTICIPANT = "07-workshop-participant.ipynb"
FACILITATOR = "08-workshop-facilitator.ipynb"


def never_pwned(page) -> None:
    page.evaluate("window.__pwned = false")
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))


def test_the_journal_keeps_an_entry_across_a_reload_and_shows_markup_as_text(browser, voila_server):
    with visiting(
        browser, voila_server, "06-reflective-journal.ipynb", ".wb-journal-page .wb-prompt"
    ) as visit:
        assert_clean(visit)
        page = visit.page
        never_pwned(page)
        page.fill(".wb-pseudonym input", "Sam <b>the officer</b>")
        page.locator(".wb-prompt select").select_option(label="2. Feelings")
        expect(page.locator(".wb-stage select")).to_have_value("Feelings")
        page.fill(".wb-reflection-text textarea", PAYLOAD)
        page.locator(".wb-save-reflection").click()
        expect(page.locator(".wb-reflection-message")).to_contain_text("Saved at")
        expect(page.locator(".wb-entry-text").first).to_have_text(PAYLOAD)
        assert page.evaluate("window.__pwned") is False
        assert page.locator(".wb-my-entries img").count() == 0
        key = page.locator(".wb-journal-key").inner_text()
        page.screenshot(path=ARTIFACTS / "reflective-journal.png", full_page=True)

        page.reload(wait_until="domcontentloaded")
        page.wait_for_selector(".wb-journal-page .wb-entry-text", state="visible", timeout=READY_MS)
        expect(page.locator(".wb-journal-key")).to_have_text(key)
        expect(page.locator(".wb-pseudonym input")).to_have_value("Sam <b>the officer</b>")
        expect(page.locator(".wb-entry-text").first).to_have_text(PAYLOAD)
        assert_clean(visit)


@contextlib.contextmanager
def participant(browser, server, code: str, name: str):
    with visiting(browser, server, f"{PARTICIPANT}?code={code}", ".wb-participant-page .wb-join") as visit:
        page = visit.page
        never_pwned(page)
        expect(page.locator(".wb-join-code-box input")).to_have_value(code)
        page.fill(".wb-pseudonym input", name)
        page.locator(".wb-join").click()
        expect(page.locator(".wb-participant-page")).to_contain_text(f"You are in as {name}")
        yield visit


def open_room(page, title: str) -> str:
    page.fill(".wb-room-title input", title)
    page.locator(".wb-open-room").click()
    page.wait_for_selector(".wb-join-code", state="visible", timeout=30_000)
    return page.locator(".wb-join-code").inner_text().strip()


def test_a_workshop_from_opening_to_reveal_with_two_participants(browser, voila_server):
    with visiting(browser, voila_server, FACILITATOR, ".wb-facilitator-page .wb-open-room") as host:
        assert_clean(host)
        fac = host.page
        never_pwned(fac)
        code = open_room(fac, "Compliance seminar")
        assert len(code) == 9 and code[4] == "-"
        assert fac.locator(".wb-qr svg").count() == 1
        fac.screenshot(path=ARTIFACTS / "workshop-facilitator-open.png", full_page=True)

        with (
            participant(browser, voila_server, code, "Ali") as ali,
            participant(browser, voila_server, code, "Bea") as bea,
        ):
            expect(fac.locator(".wb-participant-count")).to_contain_text("2 of 40", timeout=15_000)
            fac.locator(".wb-question-kind select").select_option(label="A scale from 1 to 5")
            fac.fill(".wb-question-text textarea", "How fair did the warning feel?")
            fac.locator(".wb-pose").click()
            fac.locator(".wb-open-question").click()

            for visit, value in ((ali, "4"), (bea, "2")):
                page = visit.page
                page.locator(".wb-answer button", has_text=value).click(timeout=15_000)
                page.locator(".wb-submit-answer").click()
                expect(page.locator(".wb-answer-message")).to_contain_text("Your answer is in")

            expect(fac.locator(".wb-answer-count")).to_contain_text("2 of 2 answered", timeout=15_000)
            expect(fac.locator(".wb-hidden-note")).to_be_visible()
            fac.locator(".wb-reveal").click()
            expect(fac.locator(".wb-facilitator-page .js-plotly-plot").first).to_be_visible(timeout=30_000)
            fac.wait_for_function(
                "() => { const p = document.querySelector('.wb-facilitator-page .js-plotly-plot');"
                " return p && p.data && JSON.stringify(Array.from(p.data[0].x)) === '[0,1,0,1,0]'; }",
                timeout=30_000,
            )
            expect(ali.page.locator(".wb-participant-results")).to_contain_text(
                "What the room said", timeout=15_000
            )

            ali.page.locator(".wb-share input[type=checkbox]").check()
            ali.page.fill(".wb-reflection-text textarea", "for the room: " + PAYLOAD)
            ali.page.locator(".wb-save-reflection").click()
            expect(ali.page.locator(".wb-reflection-message")).to_contain_text("shared with the room")
            bea.page.fill(".wb-reflection-text textarea", "Bea's private doubt")
            bea.page.locator(".wb-save-reflection").click()
            expect(bea.page.locator(".wb-reflection-message")).to_contain_text("private to you")

            shared = fac.locator(".wb-room-shared .wb-entry-text")
            expect(shared).to_have_count(1, timeout=15_000)
            expect(shared.first).to_have_text("for the room: " + PAYLOAD)
            assert "Bea's private doubt" not in fac.inner_text("body")
            expect(bea.page.locator(".wb-entry-text").first).to_have_text(
                "for the room: " + PAYLOAD, timeout=15_000
            )
            for visit in (host, ali, bea):
                assert visit.page.evaluate("window.__pwned") is False
                assert_clean(visit)
            fac.screenshot(path=ARTIFACTS / "workshop-facilitator-reveal.png", full_page=True)
            ali.page.screenshot(path=ARTIFACTS / "workshop-participant-ali.png", full_page=True)
            bea.page.screenshot(path=ARTIFACTS / "workshop-participant-bea.png", full_page=True)


def test_a_wrong_code_keeps_what_was_typed(browser, voila_server):
    with visiting(browser, voila_server, PARTICIPANT, ".wb-participant-page .wb-join") as visit:
        page = visit.page
        page.fill(".wb-join-code-box input", "ZZZZ-ZZZZ")
        page.fill(".wb-pseudonym input", "Sam")
        page.locator(".wb-join").click()
        expect(page.locator(".wb-participant-page .wb-error")).to_contain_text("no room has this code")
        expect(page.locator(".wb-join-code-box input")).to_have_value("ZZZZ-ZZZZ")
        expect(page.locator(".wb-pseudonym input")).to_have_value("Sam")
        page.screenshot(path=ARTIFACTS / "workshop-participant-wrong-code.png")
        assert_clean(visit)


def test_the_facilitator_view_refuses_a_wrong_key(browser, voila_server):
    with visiting(browser, voila_server, FACILITATOR, ".wb-facilitator-page .wb-return") as visit:
        code = open_room(visit.page, "A room")
    with visiting(browser, voila_server, FACILITATOR, ".wb-facilitator-page .wb-return") as visit:
        page = visit.page
        page.fill(".wb-return-code input", code)
        page.fill(".wb-return-key input", "AAAAA-AAAAA-AAAAA-AAAAA")
        page.locator(".wb-return").click()
        expect(page.locator(".wb-setup-message")).to_contain_text("does not match")
        assert page.locator(".wb-join-code").count() == 0
        assert_clean(visit)


def test_a_burst_of_participants_all_get_their_page(browser, voila_server):
    """Eight pages requested at once on two cores: with nbclient's default 4 s IOPub timeout, two
    of eight showed only their title, for good (voila.json now waits 30 s)."""
    contexts = [browser.new_context() for _ in range(8)]
    try:
        pages = [context.new_page() for context in contexts]
        for page in pages:
            page.goto(voila_server.url(PARTICIPANT), wait_until="commit", timeout=READY_MS)
        for page in pages:
            page.wait_for_selector(".wb-participant-page .wb-join", state="visible", timeout=READY_MS)
    finally:
        for context in contexts:
            context.close()


def test_a_reflection_beside_a_scenario_reopens_that_scenario_from_the_journal(browser, voila_server):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        page = context.new_page()
        page.goto(voila_server.url("05-compliance-scenarios.ipynb"), timeout=READY_MS)
        page.wait_for_selector(".wb-compliance .scatterlayer .trace", timeout=READY_MS)
        page.locator(".wb-compliance .widget-dropdown select").first.select_option(
            label="Fifteen minutes here, half an hour there"
        )
        expect(page.locator(".wb-card-text")).to_contain_text("Fifteen minutes here", timeout=30_000)
        page.get_by_text("Reflect on this", exact=True).click()
        expect(page.locator(".wb-reflect .wb-prompt select")).to_be_visible()
        page.fill(".wb-reflect .wb-pseudonym input", "Sam")
        page.fill(".wb-reflect .wb-reflection-text textarea", "Lateness rules that differ feel arbitrary.")
        page.locator(".wb-reflect .wb-save-reflection").click()
        expect(page.locator(".wb-reflect .wb-reflection-message")).to_contain_text("Saved at", timeout=30_000)

        page.goto(voila_server.url("06-reflective-journal.ipynb"), timeout=READY_MS)
        page.wait_for_selector(".wb-journal-page .wb-entry-text", state="visible", timeout=READY_MS)
        expect(page.locator(".wb-entry-text").first).to_have_text(
            "Lateness rules that differ feel arbitrary."
        )
        link = page.get_by_role("link", name="Open this view again").first
        assert "card=fifteen-minutes-late" in link.get_attribute("href")
        link.click()
        page.wait_for_selector(".wb-compliance .scatterlayer .trace", timeout=READY_MS)
        expect(page.locator(".wb-card-text")).to_contain_text("Fifteen minutes here")
    finally:
        context.close()
