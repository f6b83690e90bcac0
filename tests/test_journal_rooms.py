"""Rooms in the store: ending a session, seats, un-sharing and deleting, attempts and secrets."""

import pytest

from workbook.journal import JournalError, Store, new_entry, new_key


@pytest.fixture
def store(store_url):
    with Store(store_url) as store:
        yield store


@pytest.fixture
def room(store):
    room, _ = store.open_room("Seminar")
    return room


def test_an_ended_room_refuses_new_questions_and_opening(store, room):
    ready = store.pose(room.id, "scale", "How fair?")
    store.end_room(room.id)
    with pytest.raises(JournalError, match="session has ended"):
        store.pose(room.id, "text", "Anything else?")
    with pytest.raises(JournalError, match="session has ended"):
        store.set_state(ready.id, "open")
    assert [q.text for q in store.questions(room.id)] == ["How fair?"]


def test_an_ended_room_refuses_answers_but_keeps_those_given(store, room):
    question = store.pose(room.id, "scale", "How fair?")
    store.set_state(question.id, "open")
    _, sam = store.join(room.join_code, "Sam", new_key())
    store.answer(question.id, sam.id, "4")
    ended = store.end_room(room.id)
    assert ended.ended is not None and not ended.is_live()
    assert store.questions(room.id)[0].state == "closed"  # ending closes the open question
    with pytest.raises(JournalError, match="closed this question"):
        store.answer(question.id, sam.id, "5")
    assert [a.value for a in store.answers(question.id)] == ["4"]


def test_ending_twice_keeps_the_first_time_and_bumps_the_revision(store, room):
    before = store.revision(room.id)
    first = store.end_room(room.id).ended
    assert store.end_room(room.id).ended == first
    assert store.revision(room.id) > before


def test_the_facilitator_can_still_close_and_reveal_after_the_end(store, room):
    question = store.pose(room.id, "scale", "How fair?")
    store.set_state(question.id, "open")
    store.end_room(room.id)
    store.set_state(question.id, "closed")
    store.reveal(question.id)
    assert store.questions(room.id)[0].revealed


def test_a_seat_is_found_by_key_and_only_by_that_key(store, room):
    key = new_key()
    _, sam = store.join(room.join_code, "Sam", key)
    assert store.seat(room.id, key) == sam
    assert store.seat(room.id, new_key()) is None


def test_an_author_can_unshare_and_reshare_their_entry(store, room):
    key = new_key()
    store.join(room.join_code, "Sam", key)
    entry = store.save(new_entry("Sam", "analysis", "", "Texts help.", room_id=room.id, shared=True), key)
    store.set_shared(entry.id, key, False)
    assert store.shared_entries(room.id) == []
    assert [e.shared for e in store.entries(key)] == [False]
    store.set_shared(entry.id, key, True)
    assert [e.text for e in store.shared_entries(room.id)] == ["Texts help."]


def test_nobody_else_can_unshare_or_delete_an_entry(store, room):
    key, other = new_key(), new_key()
    store.join(room.join_code, "Sam", key)
    store.join(room.join_code, "Ali", other)
    entry = store.save(new_entry("Sam", "analysis", "", "Mine.", room_id=room.id, shared=True), key)
    with pytest.raises(JournalError, match="not in your journal"):
        store.set_shared(entry.id, other, False)
    with pytest.raises(JournalError, match="not in your journal"):
        store.delete_entry(entry.id, other)
    assert [e.text for e in store.shared_entries(room.id)] == ["Mine."]


def test_deleting_an_entry_removes_it_from_journal_and_room(store, room):
    key = new_key()
    store.join(room.join_code, "Sam", key)
    entry = store.save(new_entry("Sam", "analysis", "", "Gone soon.", room_id=room.id, shared=True), key)
    store.delete_entry(entry.id, key)
    assert store.entries(key) == [] and store.shared_entries(room.id) == []
    with pytest.raises(JournalError, match="already deleted"):
        store.delete_entry(entry.id, key)


def test_a_private_entry_cannot_be_shared_without_a_room(store):
    key = new_key()
    entry = store.save(new_entry("Sam", "analysis", "", "Just mine."), key)
    with pytest.raises(JournalError, match="not written in a room"):
        store.set_shared(entry.id, key, True)


def test_entries_can_be_read_for_one_room(store, room):
    key = new_key()
    store.join(room.join_code, "Sam", key)
    store.save(new_entry("Sam", "analysis", "", "In the room.", room_id=room.id), key)
    store.save(new_entry("Sam", "analysis", "", "At my desk."), key)
    assert [e.text for e in store.entries(key, room_id=room.id)] == ["In the room."]


def test_attempts_are_counted_by_client_and_overall_within_the_window(store):
    for at in (100.0, 150.0, 160.0):
        store.record_attempt("join", "10.0.0.1", at=at)
    store.record_attempt("join", "10.0.0.2", at=160.0)
    store.record_attempt("facilitate", "10.0.0.1", at=160.0)
    assert store.count_attempts("join", "10.0.0.1", since=120.0) == (2, 3)
    assert store.count_attempts("join", "10.0.0.9", since=0.0) == (0, 4)


def test_old_attempts_are_forgotten(store):
    store.record_attempt("join", "a", at=0.0)
    store.record_attempt("join", "a", at=10_000.0)
    assert store.count_attempts("join", "a", since=-1.0) == (1, 1)


def test_a_secret_is_made_once_and_shared_by_every_connection(store, store_url):
    first = store.secret("cookie")
    with Store(store_url) as other:
        assert other.secret("cookie") == first
    assert len(first) >= 40 and store.secret("another") != first


def test_nobody_can_answer_another_rooms_question(store, room):
    other, _ = store.open_room("Another seminar")
    question = store.pose(other.id, "scale", "How fair?")
    store.set_state(question.id, "open")
    _, sam = store.join(room.join_code, "Sam", new_key())
    with pytest.raises(JournalError, match="only answer in the room you have joined"):
        store.answer(question.id, sam.id, "4")
    assert store.answers(question.id) == []
