"""The participants' room page over HTTP: joining, answering, reflecting, leaving, limits and safety."""

from __future__ import annotations

import html
import json
import re
import threading
import time

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import free_port
from tests.room_server import Participant, RoomServer
from workbook.journal import JOIN_LIMIT, Store, new_entry, new_key
from workbook.room._service import FRAGMENTS

HOSTILE = '<script>window.pwned=1</script><img src=x onerror=alert(1)> "quoted" & [x](javascript:1)'


@pytest.fixture
def store(store_url):
    with Store(store_url) as store:
        yield store


@pytest.fixture
def server(store_url):
    server = RoomServer(store_url, free_port())
    yield server
    server.stop()


@pytest.fixture
def room(store):
    room, _ = store.open_room("Compliance seminar")
    return room


@pytest.fixture
def people(server):
    made = []

    def person(address: str = "127.0.0.1") -> Participant:
        made.append(Participant(server, address=address))
        return made[-1]

    yield person
    for p in made:
        p.close()


def open_question(store, room, kind="scale", text="How fair was the warning?", options=()):
    question = store.pose(room.id, kind, text, options)
    store.set_state(question.id, "open")
    return question


def message(page: str) -> str:
    found = re.search(r'role="(?:alert|status)"[^>]*>(.*?)</p>', page, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else ""


# -- joining -----------------------------------------------------------------------------------------


def test_a_participant_joins_and_sees_the_open_question(store, room, people):
    open_question(store, room)
    sam = people()
    response = sam.join(room.join_code, "Sam")
    assert response.status_code == 303 and "workbook-seat" in response.headers["set-cookie"]
    assert "HttpOnly" in response.headers["set-cookie"] and "SameSite=Lax" in response.headers["set-cookie"]
    assert "How fair was the warning?" in sam.page and "You are in as <b>Sam</b>" in sam.page
    assert "You are in." in message(sam.page)
    assert [p.pseudonym for p in store.participants(room.id)] == ["Sam"]


def test_a_reload_keeps_the_seat_without_retyping(store, room, people):
    sam = people()
    sam.join(room.join_code, "Sam")
    again = sam.get(f"/workbook/room/{room.join_code}")
    assert again.status_code == 200 and "You are in as <b>Sam</b>" in again.text
    assert len(store.participants(room.id)) == 1
    assert sam.get(f"/workbook/room/?code={room.join_code}").status_code == 302  # QR link: straight back in


def test_the_code_from_a_qr_link_fills_the_join_form(room, people):
    page = people().get(f"/workbook/room/{room.code.lower()}").text
    assert f'value="{room.code.lower()}"' in page and "Join the room" in page


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("WXYZ-2345", "no room has this code"),
        ("ABC", "a code has 8 letters and digits"),
        ("", "a code has 8 letters and digits"),
    ],
)
def test_a_wrong_code_says_why_and_keeps_what_was_typed(room, people, code, said):
    sam = people()
    sam.get("/workbook/room/")
    response = sam.post("/workbook/room/join", {"code": code, "pseudonym": "Sam <b>"})
    assert response.status_code == 400 and said in message(sam.page)
    assert f'value="{code}"' in sam.page and 'value="Sam &lt;b&gt;"' in sam.page
    assert 'aria-invalid="true"' in sam.page


def test_an_ended_room_says_the_session_has_ended(store, room, people):
    store.end_room(room.id)
    sam = people()
    sam.get("/workbook/room/")
    response = sam.post("/workbook/room/join", {"code": room.join_code, "pseudonym": "Sam"})
    assert response.status_code == 400 and "has ended this session" in message(sam.page)


def test_an_expired_room_says_it_has_closed(store, people):
    room, _ = store.open_room("Yesterday", hours=1e-9)
    sam = people()
    sam.get("/workbook/room/")
    sam.post("/workbook/room/join", {"code": room.join_code, "pseudonym": "Sam"})
    assert "this room has closed" in message(sam.page)


def test_a_full_room_and_a_taken_pseudonym_each_say_so(store, people):
    room, _ = store.open_room("Small group", capacity=2)
    people().join(room.join_code, "Ali")
    bea = people()
    bea.join(room.join_code, "ali")
    assert "already goes by 'ali'" in message(bea.page) and 'value="ali"' in bea.page
    bea.post("/workbook/room/join", {"code": room.join_code, "pseudonym": "Bea"})
    cy = people()
    cy.join(room.join_code, "Cy")
    assert "this room is full (2 places)" in message(cy.page)


def test_wrong_codes_are_limited_per_device_and_say_so(room, people):
    guesser, neighbour = people("10.0.0.7"), people("10.0.0.8")
    guesser.get("/workbook/room/")
    for _ in range(JOIN_LIMIT.per_client):
        assert guesser.post("/workbook/room/join", {"code": "WXYZ-2345", "pseudonym": "G"}).status_code == 400
    refused = guesser.post("/workbook/room/join", {"code": room.join_code, "pseudonym": "G"})
    assert refused.status_code == 429 and refused.headers["retry-after"] == "60"
    assert "too many wrong tries from this device" in message(guesser.page)
    assert neighbour.join(room.join_code, "N").status_code == 303  # another device is not held up


def test_wrong_codes_from_everyone_are_limited_too(store, room, people):
    for address in range(JOIN_LIMIT.overall):
        store.record_attempt("join", f"10.1.{address // 250}.{address % 250}")
    late = people("10.9.9.9")
    late.get("/workbook/room/")
    assert late.post("/workbook/room/join", {"code": room.join_code, "pseudonym": "L"}).status_code == 429
    assert "too many wrong tries in the last minute" in message(late.page)


# -- forms and safety ------------------------------------------------------------------------------


def test_a_post_without_or_with_a_forged_token_is_refused(room, people):
    sam = people()
    sam.get("/workbook/room/")
    for token in ("", "2|00000000|00000000000000000000000000000000|1"):
        response = sam.post("/workbook/room/join", {"code": room.join_code, "pseudonym": "Sam"}, token=token)
        assert response.status_code == 403 and "reload it" in response.text
    assert "workbook-seat" not in response.headers.get("set-cookie", "")


def test_a_forged_seat_cookie_is_not_a_seat(store, room, people):
    sam = people()
    sam.get("/workbook/room/")
    sam.http.cookies.set("workbook-seat", '{"k": "' + new_key() + '"}', path="/workbook/room/")
    assert "Join the room" in sam.get(f"/workbook/room/{room.join_code}").text


def test_a_participant_acts_only_on_their_own_seat_and_entries(store, room, people):
    ali, bea = people(), people()
    ali.join(room.join_code, "Ali")
    bea.join(room.join_code, "Bea")
    reply = ali.post(
        f"/workbook/room/{room.join_code}/reflect", {"stage": "analysis", "text": "Ali's"}, json=True
    )
    entry_id = re.search(r'name="entry" value="([0-9a-f]+)"', reply.json()["mine_html"]).group(1)
    bea_reply = bea.post(
        f"/workbook/room/{room.join_code}/entry", {"entry": entry_id, "action": "delete"}, json=True
    )
    assert bea_reply.status_code == 400 and "not in your journal" in bea_reply.json()["message"]
    outsider = people()
    outsider.get("/workbook/room/")
    response = outsider.post(
        f"/workbook/room/{room.join_code}/answer", {"question": "x", "value": "4"}, json=True
    )
    assert response.status_code == 403 and "not in this room" in response.json()["message"]


def test_typed_text_is_shown_literally_everywhere(store, room, people):
    question = open_question(store, room, "text", "What would help? " + HOSTILE)
    ali = people()
    ali.join(room.join_code, HOSTILE[:40])
    assert "<script>" not in ali.page and "&lt;script&gt;" in ali.page
    ali.answer(room.join_code, question.id, HOSTILE)
    ali.post(
        f"/workbook/room/{room.join_code}/reflect", {"stage": "analysis", "text": HOSTILE, "share": "yes"}
    )
    store.reveal(question.id)
    page = ali.get(f"/workbook/room/{room.join_code}").text
    assert "<script>" not in page and "<img" not in page and page.count("&lt;script&gt;") >= 4
    policy = ali.get(f"/workbook/room/{room.join_code}").headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy


# -- answering ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "options", "value"),
    [("scale", (), "4"), ("card", ("Lincolnshire", "Fifteen minutes late"), "Fifteen minutes late"),
     ("theme", ("Induction", "Enforcement"), "Induction"), ("text", (), "Reminders, mostly.")],
)  # fmt: skip
def test_every_kind_of_question_can_be_answered_and_changed_while_open(
    store, room, people, kind, options, value
):
    question = open_question(store, room, kind, "Which?", options)
    sam = people()
    sam.join(room.join_code, "Sam")
    assert sam.answer(room.join_code, question.id, "nonsense" if kind != "text" else value).status_code == (
        400 if kind != "text" else 200
    )
    reply = sam.answer(room.join_code, question.id, value)
    assert reply.status_code == 200 and reply.json() == {
        "ok": True, "message": "Your answer is in.", "question": question.id, "answer": value
    }  # fmt: skip
    assert [a.value for a in store.answers(question.id)] == [value]
    page = sam.get(f"/workbook/room/{room.join_code}").text
    assert "Your answer: <b" in page and html.escape(value, quote=True) in page


def test_answering_a_closed_question_says_so_and_loses_nothing(store, room, people):
    question = open_question(store, room, "text", "Why?")
    sam = people()
    sam.join(room.join_code, "Sam")
    store.set_state(question.id, "closed")
    reply = sam.answer(room.join_code, question.id, "Because.")
    assert reply.status_code == 400 and "closed this question" in reply.json()["message"]
    assert "still in the box" in reply.json()["message"]
    no_script = sam.post(
        f"/workbook/room/{room.join_code}/answer", {"question": question.id, "value": "Because."}
    )
    assert no_script.status_code == 400 and "closed this question" in no_script.text


def test_revealed_results_show_every_count_and_the_mean(store, room, people):
    question = open_question(store, room)
    for name, value in (("A", "4"), ("B", "2"), ("C", "4")):
        person = people()
        person.join(room.join_code, name)
        person.answer(room.join_code, question.id, value)
    watcher = people()
    watcher.join(room.join_code, "W")
    assert "will reveal the room’s answers" in watcher.page
    store.reveal(question.id)
    page = watcher.get(f"/workbook/room/{room.join_code}").text
    counts = re.findall(r'<th scope="row">(\d)</th>.*?class="count">(\d+)<', page, re.S)
    assert counts == [("1", "0"), ("2", "1"), ("3", "0"), ("4", "2"), ("5", "0")]
    assert "3 answers" in page and "mean 3.3 on the 1 to 5 scale" in page


# -- reflections --------------------------------------------------------------------------------------


def test_a_reflection_is_private_unless_shared_and_can_be_unshared_and_deleted(store, room, people):
    ali, bea = people(), people()
    ali.join(room.join_code, "Ali")
    bea.join(room.join_code, "Bea")
    code = room.join_code
    private = ali.post(
        f"/workbook/room/{code}/reflect", {"stage": "feelings", "text": "Only mine."}, json=True
    )
    assert private.json()["message"] == "Saved to your journal."
    shared = ali.post(
        f"/workbook/room/{code}/reflect", {"stage": "analysis", "text": "For all.", "share": "yes"}, json=True
    )
    assert shared.json()["message"] == "Saved, and shared with the room."
    assert "Only mine." not in bea.get(f"/workbook/room/{code}").text and "For all." in bea.page
    entry_id = re.findall(r'name="entry" value="([0-9a-f]+)"', shared.json()["mine_html"])[-1]
    ali.post(f"/workbook/room/{code}/entry", {"entry": entry_id, "action": "unshare"}, json=True)
    assert "For all." not in bea.get(f"/workbook/room/{code}").text
    deleted = ali.post(f"/workbook/room/{code}/entry", {"entry": entry_id, "action": "delete"}, json=True)
    assert deleted.json()["message"] == "Deleted." and "For all." not in deleted.json()["mine_html"]
    assert [e.text for e in store.shared_entries(room.id)] == []


def test_the_share_box_starts_unticked_every_time(store, room, people):
    ali = people()
    ali.join(room.join_code, "Ali")
    ali.post(f"/workbook/room/{room.join_code}/reflect", {"stage": "analysis", "text": "x", "share": "yes"})
    page = ali.get(f"/workbook/room/{room.join_code}").text
    assert re.search(r'<input type="checkbox" id="share" name="share" value="yes">', page)


def test_an_empty_reflection_without_script_keeps_the_page_and_says_why(room, people):
    ali = people()
    ali.join(room.join_code, "Ali")
    response = ali.post(f"/workbook/room/{room.join_code}/reflect", {"stage": "analysis", "text": "   "})
    assert response.status_code == 400 and "it is empty" in message(ali.page)


def test_leaving_forgets_the_seat_on_this_browser(store, room, people):
    ali = people()
    ali.join(room.join_code, "Ali")
    response = ali.post(f"/workbook/room/{room.join_code}/leave", {})
    assert response.status_code == 303 and response.headers["location"].endswith(f"?code={room.join_code}")
    assert "Join the room" in ali.get(f"/workbook/room/{room.join_code}").text


# -- live updates -------------------------------------------------------------------------------------


def events(server, participant, code, count, received):
    with httpx.stream(
        "GET", f"{server.url}/workbook/room/{code}/events", cookies=participant.http.cookies, timeout=20
    ) as stream:
        for line in stream.iter_lines():
            if line.startswith("data: "):
                received.append(json.loads(line[6:]))
                if len(received) >= count:
                    return


def wait_for(received: list, count: int, reader: threading.Thread, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while len(received) < count:
        assert reader.is_alive() and time.monotonic() < deadline, f"only {len(received)} events came"
        reader.join(0.05)


def test_the_event_stream_tells_every_page_what_changed_and_that_the_session_ended(
    store, room, server, people
):
    ali = people()
    ali.join(room.join_code, "Ali")
    received: list[dict] = []
    reader = threading.Thread(target=events, args=(server, ali, room.join_code, 4, received), daemon=True)
    reader.start()
    wait_for(received, 1, reader)
    question = open_question(store, room, "scale", "How fair?")
    wait_for(received, 2, reader)
    _, bea = store.join(room.join_code, "Bea", new_key())
    store.answer(question.id, bea.id, "4")  # a change nobody's page shows: no event
    store.reveal(question.id)
    wait_for(received, 3, reader)
    store.end_room(room.id)
    wait_for(received, 4, reader)
    first, opened, revealed, ended = received
    assert first["question"] is None and set(FRAGMENTS) <= set(first)  # everything, on connecting
    assert opened["question"]["id"] == question.id and 'name="value" value="4"' in opened["question_html"]
    assert "shared_html" not in opened and "ended_html" not in opened  # only what changed
    assert set(revealed) - {"rev", "ended", "question"} == {"results_html"}
    assert "1 answer" in revealed["results_html"]
    assert ended["ended"] and "The session has ended" in ended["ended_html"]
    assert "disabled" in ended["question_html"] and ended["question"]["state"] == "closed"


def test_the_event_stream_needs_a_seat(room, people):
    assert people().get(f"/workbook/room/{room.join_code}/events").status_code == 403


# -- properties ---------------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(max_size=60))
def test_any_pseudonym_either_joins_or_gets_one_message_and_is_kept(server, store_url, name):
    with Store(store_url) as store:
        room, _ = store.open_room("Property room", capacity=500)
    person = Participant(server, address="10.2.0.1")
    try:
        person.get("/workbook/room/")
        response = person.post("/workbook/room/join", {"code": room.join_code, "pseudonym": name})
        if response.status_code == 303:
            assert "You are in as <b>" in person.get(response.headers["location"]).text
        else:
            assert response.status_code == 400 and message(person.page).startswith("Pseudonym:")
            kept = re.search(r'id="pseudonym" name="pseudonym" value="([^"]*)"', person.page).group(1)
            assert html.unescape(kept) == re.sub(r"[\x00-\x08\x0e-\x1f]", " ", name)  # as tornado reads forms
    finally:
        person.close()


def test_after_the_end_the_room_page_says_so_and_offers_no_more_forms(store, room, people):
    question = open_question(store, room, "text", "Why?")
    ali = people()
    ali.join(room.join_code, "Ali")
    store.end_room(room.id)
    page = ali.get(f"/workbook/room/{room.join_code}").text
    assert "The session has ended." in page and "nothing more can be shared here" in page
    assert 'action="/workbook/room/' + room.join_code + '/reflect"' not in page
    assert "Send my answer" not in page and "disabled" in page
    reply = ali.answer(room.join_code, question.id, "Late answer")
    assert reply.status_code == 400 and "closed this question" in reply.json()["message"]


# -- after the review -----------------------------------------------------------------------------


def test_opening_wrong_codes_by_address_is_limited_too(room, people):
    prober = people("10.0.0.9")
    for n in range(JOIN_LIMIT.per_client):
        assert "no room has this code" in prober.get(f"/workbook/room/WXYZ-23{n:02d}").text
    refused = prober.get(f"/workbook/room/{room.join_code}")
    assert refused.status_code == 429 and "too many wrong tries from this device" in refused.text


def test_a_device_cannot_escape_its_limit_by_naming_another_address(room, people):
    liar = people()
    liar.get("/workbook/room/")
    for n in range(JOIN_LIMIT.per_client):  # a made-up first hop each time; the proxy's last hop is the truth
        liar.http.headers["X-Forwarded-For"] = f"198.51.100.{n}, 10.0.0.5"
        liar.post("/workbook/room/join", {"code": "WXYZ-2345", "pseudonym": "L"})
    liar.http.headers["X-Forwarded-For"] = "198.51.100.99, 10.0.0.5"
    assert liar.post("/workbook/room/join", {"code": room.join_code, "pseudonym": "L"}).status_code == 429


def test_without_script_a_late_answer_stays_in_the_box(store, room, people):
    question = open_question(store, room, "text", "Why?")
    sam = people()
    sam.join(room.join_code, "Sam")
    store.set_state(question.id, "closed")
    response = sam.post(
        f"/workbook/room/{room.join_code}/answer", {"question": question.id, "value": "Because <b>."}
    )
    assert response.status_code == 400 and "Because &lt;b&gt;." in sam.page


def test_a_private_reflection_is_kept_after_the_room_has_closed(store, people):
    room, _ = store.open_room("Short", hours=0.0003)  # about a second
    ali = people()
    ali.join(room.join_code, "Ali")
    time.sleep(1.2)
    kept = ali.post(
        f"/workbook/room/{room.join_code}/reflect", {"stage": "analysis", "text": "Still mine."}, json=True
    )
    assert kept.json()["message"] == "Saved to your journal."
    shared = ali.post(
        f"/workbook/room/{room.join_code}/reflect",
        {"stage": "analysis", "text": "For all.", "share": "yes"},
        json=True,
    )
    assert shared.status_code == 400 and "nothing more can be shared" in shared.json()["message"]


def test_the_next_person_on_a_shared_computer_gets_a_journal_of_their_own(store, room, people):
    key_on_page = re.compile(r'class="key">([^<]+)<')
    browser = people()
    browser.join(room.join_code, "Alex")
    alex_key = key_on_page.search(browser.page).group(1)
    store.save(new_entry("Alex", "feelings", "", "Alex's private worry."), alex_key)
    tuesday, _ = store.open_room("Tuesday")
    browser.join(tuesday.join_code, "alex")  # Alex again, the next day: the same journal
    assert key_on_page.search(browser.page).group(1) == alex_key
    wednesday, _ = store.open_room("Wednesday")
    browser.join(wednesday.join_code, "Sam")  # Alex never pressed "Leave this seat"
    sam_key = key_on_page.search(browser.page).group(1)
    assert sam_key != alex_key and store.entries(sam_key) == []
    assert "Alex's private worry" not in browser.page
    refused = browser.join(room.join_code, "Alex")  # Sam cannot step into Alex's seat by name
    assert refused.status_code == 400 and "already goes by 'Alex'" in message(browser.page)
