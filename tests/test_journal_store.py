"""The journal store behaves the same on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import sqlite3

import pytest

from workbook.journal import (
    MIGRATIONS,
    SCHEMA_VERSION,
    JournalError,
    Store,
    StoreError,
    key_digest,
    new_entry,
    new_key,
)


@pytest.fixture
def store(store_url):
    with Store(store_url) as store:
        yield store


def entry(text="Reminders seemed to help.", **kwargs):
    return new_entry(
        "Sam", kwargs.pop("stage", "evaluation"), kwargs.pop("prompt", "What went well?"), text, **kwargs
    )


def test_an_entry_round_trips_with_its_snapshot_and_themes(store):
    key = new_key()
    snapshot = {
        "page": "compliance-scenarios",
        "parameters": {"text_reminders": True},
        "results": {"kept": 0.71},
    }
    saved = store.save(entry(themes=("reminders", "induction"), snapshot=snapshot), key)
    [back] = store.entries(key)
    assert back == saved
    assert back.snapshot == snapshot and back.themes == ("reminders", "induction")


def test_entries_are_private_to_their_key(store):
    mine, theirs = new_key(), new_key()
    store.save(entry("mine"), mine)
    store.save(entry("theirs"), theirs)
    assert [e.text for e in store.entries(mine)] == ["mine"]
    assert [e.text for e in store.entries(theirs)] == ["theirs"]
    assert store.entries(new_key()) == []


def test_a_key_typed_in_lower_case_with_spaces_finds_the_same_journal(store):
    key = new_key()
    store.save(entry(), key)
    assert len(store.entries(" " + key.lower().replace("-", " ") + " ")) == 1


def test_writing_the_same_entry_twice_keeps_one(store):
    key = new_key()
    e = entry()
    store.save(e, key)
    store.save(e, key)
    assert store.count_entries() == 1


def test_entries_come_back_oldest_first(store):
    key = new_key()
    texts = [f"entry {i}" for i in range(5)]
    for text in texts:
        store.save(entry(text), key)
    assert [e.text for e in store.entries(key)] == texts


def test_text_is_stored_exactly_as_typed(store):
    key = new_key()
    hostile = "<script>alert(1)</script> [link](javascript:x) ' OR 1=1; -- \u00e9\u4e2d\U0001f600\n\nnext"
    store.save(entry(hostile), key)
    assert store.entries(key)[0].text == hostile


def test_a_new_store_is_at_the_current_schema_version(store):
    assert store.schema_version() == SCHEMA_VERSION == max(MIGRATIONS)


def test_a_version_1_store_is_migrated_and_keeps_its_entries(store_url):
    with Store.__new__(Store) as old:  # open at version 1, as the first release did
        old.url, old.where = store_url, store_url
        old.kind = "sqlite" if store_url.startswith("sqlite") else "postgresql"
        old._connection = old._open_sqlite() if old.kind == "sqlite" else old._open_postgresql()
        old._migrate(target=1)
        assert old.schema_version() == 1
        key = new_key()
        e = entry("written before rooms existed")
        with old._transaction() as cursor:
            cursor.execute(
                "INSERT INTO entries (id, created, author_digest, pseudonym, stage, prompt, body, themes, "
                "snapshot) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (e.id, e.created, key_digest(key), e.pseudonym, e.stage, e.prompt, e.text, "[]", None),
            )
    with Store(store_url) as store:
        assert store.schema_version() == SCHEMA_VERSION
        [back] = store.entries(key)
        assert back.text == "written before rooms existed" and not back.shared and back.room_id is None


def test_a_store_newer_than_the_code_is_refused_with_a_message(store_url):
    with Store(store_url) as store, store._transaction() as cursor:
        cursor.execute("UPDATE workbook_schema SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match=f"schema version {SCHEMA_VERSION + 1}, newer than this Workbook"):
        Store(store_url)


def test_opening_a_store_twice_does_not_migrate_twice(store_url):
    Store(store_url).close()
    with Store(store_url) as store:
        assert store.schema_version() == SCHEMA_VERSION


def test_an_unknown_url_is_refused_with_a_message():
    with pytest.raises(StoreError, match="neither sqlite:///path nor postgresql"):
        Store("mysql://localhost/x")


def test_an_unreachable_postgresql_server_gives_a_message_without_the_password():
    with pytest.raises(StoreError, match="cannot be reached") as caught:
        Store("postgresql://me:hunter2@127.0.0.1:1/none")
    assert "hunter2" not in str(caught.value)


def test_a_read_only_sqlite_file_gives_one_message_and_keeps_nothing_half_written(tmp_path):
    path = tmp_path / "journal.sqlite3"
    Store(f"sqlite:///{path}").close()
    read_only = Store.__new__(Store)
    read_only.url = read_only.where = f"sqlite:///{path}"
    read_only.kind = "sqlite"
    read_only._connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    with pytest.raises(StoreError, match=r"could not be written or read .*still in the box"):
        read_only.save(entry(), new_key())
    read_only.close()
    with Store(f"sqlite:///{path}") as store:
        assert store.count_entries() == 0


def test_a_sqlite_store_in_a_folder_that_cannot_be_made_gives_a_message(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot be opened"):
        Store(f"sqlite:///{blocker}/journal.sqlite3")


def test_sqlite_runs_in_wal_mode_with_full_sync_and_a_busy_timeout(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'j.sqlite3'}") as store:
        pragma = lambda name: store._read(f"PRAGMA {name}")[0][0]  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("busy_timeout") >= 10_000


def test_the_default_store_lives_in_the_per_user_data_folder(monkeypatch, tmp_path):
    from workbook.journal import default_url

    monkeypatch.delenv("WORKBOOK_DB_URL", raising=False)
    monkeypatch.delenv("WORKBOOK_DATA_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_url() == f"sqlite:///{tmp_path}/workbook/journal.sqlite3"
    monkeypatch.setenv("WORKBOOK_DB_URL", "postgresql://db/workbook")
    assert default_url() == "postgresql://db/workbook"


# -- rooms ---------------------------------------------------------------------------------------------


def test_a_participant_joins_by_code_and_rejoining_keeps_the_same_seat(store):
    room, _ = store.open_room("Compliance seminar")
    key = new_key()
    _, first = store.join(room.join_code.lower(), "Sam", key)
    _, again = store.join(room.join_code, "Sam", key)
    assert first.id == again.id
    assert [p.pseudonym for p in store.participants(room.id)] == ["Sam"]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "a code has 8 letters"),
        ("ABCD-EFG!", "a code has 8 letters"),
        ("ZZZZ-ZZZZ", "no room has this code"),
    ],
)
def test_a_wrong_code_gives_one_message(store, code, message):
    store.open_room("Seminar")
    with pytest.raises(JournalError, match=message) as caught:
        store.join(code, "Sam", new_key())
    assert caught.value.where == "Join code"


def test_an_expired_room_refuses_to_join(store):
    room, _ = store.open_room("Seminar", hours=1e-9)
    with pytest.raises(JournalError, match="this room has closed"):
        store.join(room.join_code, "Sam", new_key())


def test_an_ended_room_says_the_session_has_ended(store):
    room, _ = store.open_room("Seminar")
    store.end_room(room.id)
    with pytest.raises(JournalError, match="has ended this session") as caught:
        store.join(room.join_code, "Sam", new_key())
    assert caught.value.where == "Join code"


def test_a_full_room_refuses_the_next_participant(store):
    room, _ = store.open_room("Small group", capacity=2)
    store.join(room.join_code, "A", new_key())
    store.join(room.join_code, "B", new_key())
    with pytest.raises(JournalError, match=r"this room is full \(2 places\)"):
        store.join(room.join_code, "C", new_key())


def test_a_pseudonym_taken_in_the_room_is_refused(store):
    room, _ = store.open_room("Seminar")
    store.join(room.join_code, "Sam", new_key())
    with pytest.raises(JournalError, match="already goes by 'sam'"):
        store.join(room.join_code, "sam", new_key())


def test_the_facilitator_key_opens_the_room_and_a_wrong_key_is_refused(store):
    room, key = store.open_room("Seminar")
    assert store.facilitate(room.join_code, key) == room
    with pytest.raises(JournalError, match="does not match"):
        store.facilitate(room.join_code, new_key())
    with pytest.raises(JournalError, match="does not match"):
        store.facilitate(room.join_code, "")


def test_the_facilitator_key_is_not_stored(store):
    _, key = store.open_room("Seminar")
    dump = repr(store._read("SELECT * FROM rooms"))
    assert key not in dump and key.replace("-", "") not in dump


def test_answers_count_only_while_open_and_replace_earlier_ones(store):
    room, _ = store.open_room("Seminar")
    _, sam = store.join(room.join_code, "Sam", new_key())
    question = store.pose(room.id, "scale", "How fair did the warning feel?")
    with pytest.raises(JournalError, match="closed this question"):
        store.answer(question.id, sam.id, "3")
    store.set_state(question.id, "open")
    store.answer(question.id, sam.id, "3")
    store.answer(question.id, sam.id, "4")
    with pytest.raises(JournalError, match="choose one of the options"):
        store.answer(question.id, sam.id, "6")
    assert [(a.pseudonym, a.value) for a in store.answers(question.id)] == [("Sam", "4")]
    store.set_state(question.id, "closed")
    with pytest.raises(JournalError, match="closed this question"):
        store.answer(question.id, sam.id, "5")


def test_opening_a_question_closes_the_one_before(store):
    room, _ = store.open_room("Seminar")
    first = store.pose(room.id, "text", "What surprised you?")
    second = store.pose(room.id, "card", "Which card?", ["Fifteen minutes late", "Text reminders"])
    store.set_state(first.id, "open")
    store.set_state(second.id, "open")
    assert [(q.position, q.state) for q in store.questions(room.id)] == [(1, "closed"), (2, "open")]


def test_every_change_to_a_room_raises_its_revision(store):
    room, _ = store.open_room("Seminar")
    seen = [store.revision(room.id)]
    key = new_key()
    _, sam = store.join(room.join_code, "Sam", key)
    seen.append(store.revision(room.id))
    question = store.pose(room.id, "text", "What surprised you?")
    seen.append(store.revision(room.id))
    store.set_state(question.id, "open")
    seen.append(store.revision(room.id))
    store.answer(question.id, sam.id, "The mentors")
    seen.append(store.revision(room.id))
    store.reveal(question.id)
    seen.append(store.revision(room.id))
    store.save(entry(room_id=room.id, shared=True), key)
    seen.append(store.revision(room.id))
    assert seen == sorted(set(seen))


def test_private_entries_never_reach_the_room(store):
    room, _ = store.open_room("Seminar")
    key = new_key()
    store.join(room.join_code, "Sam", key)
    store.save(entry("private thought", room_id=room.id, shared=False), key)
    store.save(entry("for everyone", room_id=room.id, shared=True), key)
    store.save(entry("written at home"), key)
    assert [e.text for e in store.shared_entries(room.id)] == ["for everyone"]
    record = store.room_record(room.id)
    assert [e.text for e in record.shared] == ["for everyone"]


def test_sharing_needs_membership_of_an_open_room(store):
    room, _ = store.open_room("Seminar")
    outsider = new_key()
    with pytest.raises(JournalError, match="join the room"):
        store.save(entry(room_id=room.id, shared=True), outsider)
    member = new_key()
    store.join(room.join_code, "Sam", member)
    store.end_room(room.id)
    with pytest.raises(JournalError, match="nothing more can be shared"):
        store.save(entry(room_id=room.id, shared=True), member)
    assert store.count_entries() == 0
    store.save(entry(room_id=room.id), member)  # kept privately, as written in the room
    assert store.count_entries() == 1 and store.shared_entries(room.id) == []
