"""`workbook journal`: where the journal is, and exports of a journal or a room from the command line."""

from __future__ import annotations

import pytest

from workbook.cli import main
from workbook.induction import read_document
from workbook.journal import Store, new_entry, new_key


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'journal.sqlite3'}"


@pytest.fixture
def filled(db):
    with Store(db) as store:
        key = new_key()
        room, facilitator_key = store.open_room("Seminar")
        store.join(room.join_code, "Sam", key)
        store.save(new_entry("Sam", "analysis", "Why?", "private <b>thought</b>"), key)
        store.save(new_entry("Sam", "analysis", "Why?", "for the room", room_id=room.id, shared=True), key)
    return key, room.join_code, facilitator_key


def test_info_names_the_store_and_counts(db, filled, capsys):
    assert main(["journal", "--db", db, "info"]) == 0
    out = capsys.readouterr().out
    assert "schema version: 3" in out and "entries: 2; rooms: 1" in out


def test_a_journal_exports_as_markdown_and_word(db, filled, tmp_path, capsys):
    key, _, _ = filled
    assert main(["journal", "--db", db, "export", "--key", key]) == 0
    out = capsys.readouterr().out
    assert "private &lt;b&gt;thought&lt;/b&gt;" in out and "for the room" in out
    target = tmp_path / "journal.docx"
    assert (
        main(["journal", "--db", db, "export", "--key", key, "--format", "docx", "--output", str(target)])
        == 0
    )
    assert "private <b>thought</b>" in read_document("journal.docx", target.read_bytes())
    assert "2 journal entries" in capsys.readouterr().err


def test_the_key_can_come_from_the_environment(db, filled, capsys, monkeypatch):
    monkeypatch.setenv("WORKBOOK_JOURNAL_KEY", filled[0])
    assert main(["journal", "--db", db, "export"]) == 0
    assert "for the room" in capsys.readouterr().out


def test_a_room_exports_without_private_entries(db, filled, capsys):
    _, code, facilitator_key = filled
    assert (
        main(
            [
                "journal",
                "--db",
                db,
                "export",
                "--room",
                code,
                "--facilitator-key",
                facilitator_key,
                "--format",
                "csv",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "for the room" in out and "private" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export"], "give your journal key"),
        (["export", "--key", "K", "--format", "docx"], "needs a file"),
        (["export", "--room", "ZZZZ-ZZZZ", "--facilitator-key", "X"], "no room has this code"),
        (["export", "--key", "K", "--format", "csv"], "exports as md or docx"),
    ],
)
def test_bad_requests_get_one_line_and_exit_2(db, filled, capsys, monkeypatch, args, message):
    monkeypatch.delenv("WORKBOOK_JOURNAL_KEY", raising=False)
    assert main(["journal", "--db", db, *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_a_wrong_facilitator_key_is_refused(db, filled, capsys):
    _, code, _ = filled
    assert main(["journal", "--db", db, "export", "--room", code, "--facilitator-key", new_key()]) == 2
    assert "does not match" in capsys.readouterr().err
