"""The facilitator's page, driven headlessly; participants act through the store, as the room page does."""

from __future__ import annotations

import base64
import re

import pytest

from workbook.dashboards import WorkshopFacilitator
from workbook.dashboards._room_watcher import RoomWatcher
from workbook.journal import new_entry, new_key

HOSTILE = "<script>window.pwned=1</script><img src=x onerror=alert(1)> [link](javascript:alert(1))"


@pytest.fixture
def cards():
    return ["Reaching 70% in Lincolnshire", "Fifteen minutes late"]


def facilitator(store, corpus, cards) -> WorkshopFacilitator:
    page = WorkshopFacilitator(store, corpus, cards)
    page.setup.title.value = "Compliance seminar <b>am</b>"
    page.setup.open_button.click()
    return page


def join(store, host, name):
    key = new_key()
    _, seat = store.join(host.room.join_code, name, key)
    return seat, key


def pose_and_open(host, kind, text):
    host.kind.value = kind
    host.question_text.value = text
    host.pose_button.click()
    host.open_q.click()
    return host.store.questions(host.room.id)[-1]


def test_a_room_opens_with_a_code_a_qr_code_for_the_room_page_and_a_key(store, corpus, cards, monkeypatch):
    monkeypatch.setenv("VOILA_REQUEST_URL", "http://10.0.0.5:8866/voila/render/08-workshop-facilitator.ipynb")
    page = facilitator(store, corpus, cards)
    header = page.room_header.value
    assert page.room.join_code in header and "<svg" in header
    assert "Compliance seminar &lt;b&gt;am&lt;/b&gt;" in header
    assert f"http://10.0.0.5:8866/workbook/room/{page.room.join_code}" in header
    assert "only works on this computer" not in header
    assert "random bits" not in header  # key arithmetic stays in the README
    assert page.room_box.layout.display is None and page.setup.box.layout.display == "none"


def test_a_loopback_address_is_flagged(store, corpus, cards, monkeypatch):
    monkeypatch.setenv(
        "VOILA_REQUEST_URL", "http://127.0.0.1:8866/voila/render/08-workshop-facilitator.ipynb"
    )
    assert "only works on this computer" in facilitator(store, corpus, cards).room_header.value


def test_a_wrong_facilitator_key_is_refused_and_limited(store, corpus, cards):
    room = facilitator(store, corpus, cards).room
    other = WorkshopFacilitator(store, corpus, cards)
    other.setup.code.value = room.join_code
    other.setup.key.value = "AAAAA-AAAAA-AAAAA-AAAAA"
    for _ in range(5):
        other.setup.return_button.click()
        assert "does not match" in other.setup.message.value and other.room is None
    other.setup.return_button.click()
    assert "too many wrong tries" in other.setup.message.value
    assert other.setup.key.value == "AAAAA-AAAAA-AAAAA-AAAAA"  # nothing typed is lost


def test_a_scale_question_shows_every_count_and_the_mean(store, corpus, cards):
    host = facilitator(store, corpus, cards)
    question = pose_and_open(host, "scale", "How fair did the warning feel?")
    host.reveal.value = True  # revealed before anyone answers
    assert "No answers yet" in host.results.value or "0 answers" in host.results.value
    host.reveal.value = False
    for name, value in (("Ali", "4"), ("Bea", "2"), ("Cy", "4")):
        seat, _ = join(store, host, name)
        store.answer(question.id, seat.id, value)
    host.refresh()
    assert "<b>3</b> of 3 answered" in host.progress.value
    assert "hidden from the room" in host.progress.value and host.results.value == ""
    host.reveal.value = True
    counts = re.findall(r'<th scope="row">(\d)</th>.*?class="count">(\d+)<', host.results.value, re.S)
    assert counts == [("1", "0"), ("2", "1"), ("3", "0"), ("4", "2"), ("5", "0")]
    assert "mean 3.3 on the 1 to 5 scale" in host.results.value
    widths = [float(w) for w in re.findall(r'<rect width="([\d.]+)"', host.results.value)]
    assert max(widths) == 100.0 and all(0 <= w <= 100 for w in widths)  # every bar fits


def test_an_open_text_question_shows_words_and_answers_escaped(store, corpus, cards):
    host = facilitator(store, corpus, cards)
    question = pose_and_open(host, "text", "What would help?")
    seat, _ = join(store, host, "<i>Ali</i>")
    store.answer(question.id, seat.id, "Reminders help. " + HOSTILE)
    host.reveal.value = True
    assert '<th scope="row">reminders</th>' in host.results.value
    assert "&lt;script&gt;" in host.text_answers.value and "<script>" not in host.text_answers.value
    assert "&lt;i&gt;Ali&lt;/i&gt;" in host.text_answers.value


def test_a_card_question_offers_the_cards(store, corpus, cards):
    host = facilitator(store, corpus, cards)
    host.kind.value = "card"
    assert "Fifteen minutes late" in host.options_view.value
    question = pose_and_open(host, "card", "Which card matches your office?")
    assert question.options == tuple(cards)


def test_only_shared_reflections_reach_the_facilitator_and_the_downloads(store, corpus, cards):
    host = facilitator(store, corpus, cards)
    _, key = join(store, host, "Ali")
    store.save(new_entry("Ali", "analysis", "", "my private doubt", room_id=host.room.id), key)
    store.save(
        new_entry("Ali", "analysis", "", "for the room " + HOSTILE, room_id=host.room.id, shared=True), key
    )
    host.refresh()
    assert "for the room" in host.shared.value and "my private doubt" not in host.shared.value
    assert "<script>" not in host.shared.value
    host.prepare_exports()
    downloads = re.findall(r"base64,([A-Za-z0-9+/=]+)", host.exports.value)
    assert len(downloads) == 2
    for data in downloads:
        decoded = base64.b64decode(data).decode()
        assert "for the room" in decoded and "my private doubt" not in decoded


def test_ending_asks_first_then_stops_the_code_and_posing(store, corpus, cards):
    host = facilitator(store, corpus, cards)
    ready = store.pose(host.room.id, "scale", "Posed before the end")
    host.ending.button.click()
    assert host.ending.confirm_box.layout.display is None and store.room(host.room.id).ended is None
    host.ending.cancel.click()
    assert host.ending.confirm_box.layout.display == "none" and store.room(host.room.id).ended is None
    host.ending.button.click()
    host.ending.confirm.click()
    assert "session ended at" in host.ending.message.value
    assert "This session has ended" in host.room_header.value
    assert host.room.join_code not in host.room_header.value and "<svg" not in host.room_header.value
    assert host.pose_button.disabled and host.ending.button.layout.display == "none"
    host.chosen.value = ready.id
    assert host.open_q.disabled
    with pytest.raises(Exception, match="has ended"):
        store.join(host.room.join_code, "Late", new_key())


def test_a_reloaded_page_shows_an_ended_room_as_ended(store, corpus, cards):
    host = facilitator(store, corpus, cards)
    remembered = host.setup.memory.value
    store.end_room(host.room.id)
    again = WorkshopFacilitator(store, corpus, cards)
    again.setup.memory.value = remembered
    assert again.room.id == host.room.id and "This session has ended" in again.room_header.value
    assert again.pose_button.disabled


def test_a_reloaded_page_returns_to_the_remembered_room(store, corpus, cards):
    host = facilitator(store, corpus, cards)
    remembered = host.setup.memory.value
    assert remembered.startswith(host.room.join_code + " ")
    again = WorkshopFacilitator(store, corpus, cards)
    again.setup.memory.value = remembered  # what the browser hands back on reload
    assert again.room == host.room and again.setup.box.layout.display == "none"
    stale = WorkshopFacilitator(store, corpus, cards)
    stale.setup.memory.value = f"{host.room.join_code} AAAAA-AAAAA-AAAAA-AAAAA"
    assert stale.room is None


def test_times_follow_the_readers_browser(store, corpus, cards):
    host = facilitator(store, corpus, cards)
    host.zone.zone = "Asia/Tokyo"
    tokyo = host.local_time("2026-12-01T09:05:00+00:00")
    host.zone.zone = "Not/AZone"
    assert tokyo.startswith("18:05, ") and host.local_time("2026-12-01T09:05:00+00:00").startswith("09:05, ")


def test_the_watcher_redraws_only_when_the_room_changes(store, corpus, cards):
    host = facilitator(store, corpus, cards)
    calls = []
    watcher = RoomWatcher(store, host.room.id, 0.5, lambda: calls.append(1))
    assert watcher.poll() and not watcher.poll()
    join(store, host, "Ali")
    assert watcher.poll() and len(calls) == 2


def test_the_facilitator_key_is_tucked_away_and_never_shown_again(store, corpus, cards):
    host = facilitator(store, corpus, cards)
    key = host.setup.memory.value.split(" ", 1)[1]
    assert "<summary>Your facilitator key" in host.room_header.value and key in host.room_header.value
    again = WorkshopFacilitator(store, corpus, cards)
    again.setup.memory.value = host.setup.memory.value  # a reload: the browser hands it back
    assert again.room.id == host.room.id and key not in again.room_header.value
    assert "This browser remembers your facilitator key" in again.room_header.value


def test_a_refused_try_does_not_count_as_another_wrong_key(store, corpus, cards):
    room = facilitator(store, corpus, cards).room
    other = WorkshopFacilitator(store, corpus, cards)
    other.setup.code.value, other.setup.key.value = room.join_code, "AAAAA-AAAAA-AAAAA-AAAAA"
    for _ in range(8):
        other.setup.return_button.click()
    mine, _ = store.count_attempts("facilitate", other.setup.client, since=0)
    assert mine == 5 and "too many wrong tries" in other.setup.message.value
