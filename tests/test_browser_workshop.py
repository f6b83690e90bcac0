"""The journal and a whole workshop in headless Chromium: a facilitator and three participants (a phone too).

Each view is screenshotted to ``tests/artifacts/``. Typed HTML and scripts must show
as text and never run, in the journal, the room and the facilitator's view.
"""

from __future__ import annotations

import contextlib

import pytest
from accessibility import audit
from browsing import PHONE, READY_MS, assert_clean, visiting, visiting_room
from conftest import ARTIFACTS
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PAYLOAD = (
    '<img src=x onerror="window.__pwned=true"><script>window.__pwned=true</script> '
    "[click me](javascript:window.__pwned=true) **bold**"
)
FACILITATOR = "08-workshop-facilitator.ipynb"


def never_pwned(page) -> None:
    page.add_init_script("window.__pwned = false")  # on every page this tab opens, not just this one
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
def participant(browser, server, code: str, name: str, *, phone: bool = False):
    """A participant on the light room page: the QR code's link, a name, and Join."""
    with visiting_room(browser, server, f"/workbook/room/{code}", phone=phone) as visit:
        page = visit.page
        never_pwned(page)
        expect(page.locator("#code")).to_have_value(code)
        page.fill("#pseudonym", name)
        page.get_by_role("button", name="Join the room").click()
        expect(page.locator(".seat")).to_contain_text(f"You are in as {name}")
        yield visit


def open_room(page, title: str) -> str:
    page.fill(".wb-room-title input", title)
    page.locator(".wb-open-room").click()
    page.wait_for_selector(".wb-join-code", state="visible", timeout=30_000)
    return page.locator(".wb-join-code").inner_text().strip()


def pose(fac, kind_label: str, text: str) -> None:
    fac.locator(".wb-question-kind select").select_option(label=kind_label)
    fac.fill(".wb-question-text textarea", text)
    fac.locator(".wb-pose").click()
    expect(fac.locator(".wb-question-now")).to_contain_text(text[:30], timeout=15_000)
    fac.locator(".wb-open-question").click()


def bars_fit(page, selector: str) -> list[tuple[str, int]]:
    """Every bar of a results table inside its table and every count visible: ``(label, count)`` rows."""
    rows = page.evaluate(
        """(sel) => Array.from(document.querySelectorAll(sel + ' tbody tr')).map(tr => {
            const table = tr.closest('table').getBoundingClientRect();
            const bar = tr.querySelector('rect').getBoundingClientRect();
            const count = tr.querySelector('.count').getBoundingClientRect();
            return [tr.querySelector('th').innerText, tr.querySelector('.count').innerText,
                    bar.right <= table.right + 0.5 && bar.left >= table.left - 0.5,
                    count.right <= table.right + 0.5 && count.width > 0];
        })""",
        selector,
    )
    assert rows and all(bar_ok and count_ok for *_, bar_ok, count_ok in rows), rows
    return [(label, int(count)) for label, count, *_ in rows]


def test_a_workshop_from_opening_to_the_end_with_three_participants_one_on_a_phone(browser, voila_server):
    with visiting(browser, voila_server, FACILITATOR, ".wb-facilitator-page .wb-open-room") as host:
        assert_clean(host)
        fac = host.page
        never_pwned(fac)
        code = open_room(fac, "Compliance seminar")
        assert len(code) == 9 and code[4] == "-"
        assert fac.locator(".wb-qr svg").count() == 1
        assert f"/workbook/room/{code}" in fac.locator(".wb-room-header a").first.get_attribute("href")
        fac.screenshot(path=ARTIFACTS / "workshop-facilitator-open.png", full_page=True)

        with (
            participant(browser, voila_server, code, "Ali") as ali,
            participant(browser, voila_server, code, "Bea") as bea,
            participant(browser, voila_server, code, "Cy", phone=True) as cy,
        ):
            expect(fac.locator(".wb-participant-count")).to_contain_text("3 of 40", timeout=15_000)
            phone = cy.page
            phone.reload(wait_until="domcontentloaded")  # a reload keeps the seat: no retyping
            expect(phone.locator(".seat")).to_contain_text("You are in as Cy")

            pose(fac, "A scale from 1 to 5", "How fair did the warning feel?")
            for visit, value in ((ali, "4"), (bea, "2"), (cy, "4")):
                page = visit.page
                expect(page.locator(".chip-open")).to_be_visible(timeout=15_000)  # arrived by itself
                page.locator(".choice", has_text=value).click()
                page.get_by_role("button", name="Send my answer").click()
                expect(page.locator("#status")).to_have_text("Your answer is in.")
            box = phone.locator(".choice").first.bounding_box()
            assert box["height"] >= 44 and box["width"] >= 44  # a thumb can hit it
            expect(fac.locator(".wb-answer-count")).to_contain_text("3 of 3 answered", timeout=15_000)
            expect(fac.locator(".wb-hidden-note")).to_be_visible()
            expect(phone.locator("#results")).to_contain_text("will reveal")
            fac.locator(".wb-reveal").click()
            expect(fac.locator(".wb-room-results .bars")).to_contain_text("mean 3.3", timeout=15_000)
            expected = [("1", 0), ("2", 1), ("3", 0), ("4", 2), ("5", 0)]
            assert bars_fit(fac, ".wb-room-results") == expected
            expect(phone.locator("#results")).to_contain_text("mean 3.3", timeout=15_000)
            assert bars_fit(phone, "#results") == expected
            for page in (fac, phone):  # the running room, as axe-core sees it
                result = audit(page)
                assert not result.blocking(), result.report(("critical", "serious"))
            fac.set_viewport_size({"width": 1280, "height": 720})
            fac.locator(".wb-room-results").scroll_into_view_if_needed()
            fac.screenshot(path=ARTIFACTS / "workshop-facilitator-projected.png")
            phone.screenshot(path=ARTIFACTS / "workshop-participant-phone-results.png", full_page=True)

            for kind, options in (("Choose a scenario card", 2), ("Choose a seminar theme", 2)):
                pose(fac, kind, f"{kind}: which one?")
                for visit in (ali, bea):
                    expect(visit.page.locator(".question-text")).to_contain_text(kind, timeout=15_000)
                    visit.page.locator(".choice").nth(options).click()
                    visit.page.get_by_role("button", name="Send my answer").click()
                    expect(visit.page.locator("#status")).to_have_text("Your answer is in.")
                expect(fac.locator(".wb-answer-count")).to_contain_text("2 of 3 answered", timeout=15_000)

            pose(fac, "Open text", "What would help?")
            expect(phone.locator("#answer-text")).to_be_visible(timeout=15_000)
            phone.fill("#answer-text", PAYLOAD)
            phone.get_by_role("button", name="Send my answer").click()
            expect(phone.locator("#status")).to_have_text("Your answer is in.")
            fac.locator(".wb-reveal").click()
            expect(fac.locator(".wb-text-answers li")).to_have_count(1, timeout=15_000)
            expect(fac.locator(".wb-text-answers .wb-entry-text")).to_have_text(PAYLOAD)
            expect(ali.page.locator("#results .texts li")).to_have_text(PAYLOAD, timeout=15_000)

            ali.page.fill("#reflection", "for the room: " + PAYLOAD)
            ali.page.locator("#share").check()
            ali.page.get_by_role("button", name="Save my reflection").click()
            expect(ali.page.locator("#status")).to_have_text("Saved, and shared with the room.")
            expect(ali.page.locator("#share")).not_to_be_checked()  # starts unticked each time
            bea.page.fill("#reflection", "Bea's private doubt")
            bea.page.get_by_role("button", name="Save my reflection").click()
            expect(bea.page.locator("#status")).to_have_text("Saved to your journal.")
            shared = fac.locator(".wb-room-shared .wb-entry-text")
            expect(shared).to_have_count(1, timeout=15_000)
            expect(shared.first).to_have_text("for the room: " + PAYLOAD)
            expect(phone.locator("#shared .entry-text")).to_have_text(
                "for the room: " + PAYLOAD, timeout=15_000
            )
            assert "Bea's private doubt" not in fac.inner_text("body") + phone.inner_text("body")
            phone.screenshot(path=ARTIFACTS / "workshop-participant-phone.png", full_page=True)

            fac.locator(".wb-end-session").click()
            fac.locator(".wb-end-confirm").click()
            expect(fac.locator(".wb-end-message")).to_contain_text("session ended at")
            expect(fac.locator(".wb-ended-banner")).to_be_visible()
            assert fac.locator(".wb-join-code").count() == 0 and fac.locator(".wb-qr svg").count() == 0
            for visit in (ali, bea, cy):
                expect(visit.page.locator("#ended")).to_contain_text("The session has ended", timeout=15_000)
                assert visit.page.locator(
                    "#question fieldset[disabled], #question textarea[disabled]"
                ).count()
            for visit in (host, ali, bea, cy):
                assert visit.page.evaluate("window.__pwned") is False
                assert_clean(visit)
            fac.screenshot(path=ARTIFACTS / "workshop-facilitator-ended.png", full_page=True)
            phone.screenshot(path=ARTIFACTS / "workshop-participant-phone-ended.png", full_page=True)


def test_a_wrong_code_keeps_what_was_typed(browser, voila_server):
    with visiting_room(browser, voila_server, "/workbook/room/", phone=True, expected=(400,)) as visit:
        page = visit.page
        page.fill("#code", "ZZZZ-ZZZZ")
        page.fill("#pseudonym", "Sam")
        page.get_by_role("button", name="Join the room").click()
        expect(page.locator("#join-message")).to_contain_text("no room has this code")
        expect(page.locator("#code")).to_have_value("ZZZZ-ZZZZ")
        expect(page.locator("#pseudonym")).to_have_value("Sam")
        page.screenshot(path=ARTIFACTS / "workshop-participant-wrong-code.png")
        assert_clean(visit)


def test_the_old_participant_address_leads_to_the_room_page(browser, voila_server):
    with visiting_room(
        browser, voila_server, "/voila/render/07-workshop-participant.ipynb?code=ABCD-2345"
    ) as visit:
        expect(visit.page.locator("#code")).to_have_value("ABCD-2345")
        assert visit.page.url.startswith(voila_server.base + "/workbook/room/")


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


def test_eight_phones_joining_at_once_all_get_in(browser, voila_server, tmp_path):
    from workbook.journal import Store

    with Store() as store:
        room, _ = store.open_room("Busy room")
    contexts = [browser.new_context(**PHONE) for _ in range(8)]
    try:
        pages = [context.new_page() for context in contexts]
        for page in pages:
            page.goto(f"{voila_server.base}/workbook/room/{room.join_code}", wait_until="commit")
        for n, page in enumerate(pages):
            page.fill("#pseudonym", f"Phone {n}")
            page.get_by_role("button", name="Join the room").click()
        for n, page in enumerate(pages):
            expect(page.locator(".seat")).to_contain_text(f"You are in as Phone {n}")
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
