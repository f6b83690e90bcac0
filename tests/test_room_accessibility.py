"""The participants' room page as a person on a phone, with a keyboard or a screen reader meets it.

The join form and a joined room (a question open, another's results revealed, a shared
reflection): axe-core at 390x844 and 1366x768 with no critical or serious violation,
reflow at 320 px, every control reached by Tab with visible focus, and joining and
answering by keyboard alone.
"""

from __future__ import annotations

import pytest
from accessibility import CLIPPED_TEXT, WIDER_THAN_VIEWPORT, audit, tab_through
from browsing import PHONE, assert_clean, visiting_room
from playwright.sync_api import expect

from workbook.journal import Store, new_entry, new_key

pytestmark = pytest.mark.browser


@pytest.fixture
def room():
    with Store() as store:
        room, _ = store.open_room("Accessible seminar")
        earlier = store.pose(
            room.id, "card", "Which card?", ["Reaching 70% in Lincolnshire", "Fifteen minutes late"]
        )
        store.set_state(earlier.id, "open")
        key = new_key()
        _, ali = store.join(room.join_code, "Ali", key)
        store.answer(earlier.id, ali.id, "Fifteen minutes late")
        store.save(
            new_entry("Ali", "analysis", "", "Consistency matters.", room_id=room.id, shared=True), key
        )
        store.reveal(earlier.id)
        question = store.pose(room.id, "scale", "How fair did the warning feel?")
        store.set_state(question.id, "open")
    return room


def check(page) -> None:
    for size in ({"width": 390, "height": 844}, {"width": 1366, "height": 768}):
        page.set_viewport_size(size)
        result = audit(page)
        assert not result.blocking(), f"at {size['width']} px:\n{result.report(('critical', 'serious'))}"
    page.set_viewport_size({"width": 320, "height": 800})
    wide = page.evaluate(WIDER_THAN_VIEWPORT)
    assert wide["page"] <= wide["viewport"] and wide["wide"] == [], wide
    assert page.evaluate(CLIPPED_TEXT) == []
    radios = page.locator("input[type=radio]").count()
    controls, reached = tab_through(page)
    # A group of radio buttons is one stop for Tab (the arrow keys move within it).
    assert len(reached) >= len(controls) - max(0, radios - 1), (controls, list(reached))
    faint = [(s["tag"], s["label"]) for s in reached.values() if s["outline"] < 2 or s["contrast"] < 3]
    assert not faint, f"focus not visible enough: {faint}"


def test_the_join_form_and_the_room_pass_axe_reflow_and_tab(browser, voila_server, room):
    with visiting_room(browser, voila_server, f"/workbook/room/{room.join_code}", phone=True) as visit:
        page = visit.page
        assert page.locator("h1").count() == 1 and page.locator("main").count() == 1
        check(page)
        page.set_viewport_size(PHONE["viewport"])
        page.fill("#pseudonym", "Bea")
        page.get_by_role("button", name="Join the room").click()
        expect(page.locator(".seat")).to_contain_text("You are in as Bea")
        page.locator(".keep summary").click()  # open the only disclosure, so axe sees inside it
        assert page.locator("h1").count() == 1
        check(page)
        assert_clean(visit)


def test_joining_and_answering_by_keyboard_alone(browser, voila_server, room):
    with visiting_room(browser, voila_server, f"/workbook/room/{room.join_code}", phone=True) as visit:
        page = visit.page
        page.locator("body").focus()
        page.keyboard.press("Tab")
        expect(page.locator(".skip")).to_be_focused()
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        expect(page.locator("#code")).to_be_focused()
        page.keyboard.press("Tab")
        page.keyboard.type("Cy")
        page.keyboard.press("Enter")
        expect(page.locator(".seat")).to_contain_text("You are in as Cy")
        page.locator("input[name=value]").first.focus()  # the answer group, as Tab reaches it
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        expect(page.locator("input[name=value][value='4']")).to_be_checked()
        page.keyboard.press("Enter")  # submits the form the radio button is in
        expect(page.locator("#status")).to_have_text("Your answer is in.")
        page.locator("#reflection").focus()
        page.keyboard.type("Typed without a mouse.")
        page.keyboard.press("Tab")
        page.keyboard.press("Space")  # tick "share"
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(page.locator("#status")).to_have_text("Saved, and shared with the room.")
        assert_clean(visit)
