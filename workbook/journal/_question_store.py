"""Questions and answers in the store: posing, opening, closing and revealing, and answering."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from typing import Any

from workbook.journal._database import Cursor
from workbook.journal._entry import JournalError, check_text, now_text
from workbook.journal._room import QUESTION_KINDS, QUESTION_STATES, Answer, Question, check_answer
from workbook.journal._room_store import RoomStore

QUESTION_COLUMNS = "id, room_id, position, kind, body, options, state, revealed"


def question_from_row(row: Sequence[Any]) -> Question:
    """A ``Question`` from a row of ``QUESTION_COLUMNS``."""
    return Question(row[0], row[1], row[2], row[3], row[4], tuple(json.loads(row[5])), row[6], bool(row[7]))


class QuestionStore(RoomStore):
    """The store's question and answer methods (``Store`` has them all)."""

    def pose(self, room_id: str, kind: str, text: str, options: Sequence[str] = ()) -> Question:
        """Pose a question to the room; it starts ``ready`` (participants cannot answer until it opens).

        Raises:
            JournalError: An unknown kind, empty text, a choice question without options, or a
                room that has ended.
        """
        if kind not in QUESTION_KINDS:
            raise JournalError("Question type", f"{kind!r} is not one of {', '.join(QUESTION_KINDS)}.")
        text = check_text(text, where="Question", limit=500)
        options = tuple(str(i) for i in range(1, 6)) if kind == "scale" else tuple(options)
        if kind in ("card", "theme") and not options:
            raise JournalError("Question", "a choice question needs options to choose from.")
        if kind == "text":
            options = ()
        with self._transaction() as cursor:
            self._live_room(cursor, room_id)
            cursor.execute("UPDATE rooms SET revision = revision + 1 WHERE id = ?", (room_id,))
            position = (
                cursor.execute("SELECT count(*) FROM questions WHERE room_id = ?", (room_id,)).fetchone()[0]
                + 1
            )
            question = Question(uuid.uuid4().hex, room_id, position, kind, text, options, "ready", False)
            cursor.execute(
                f"INSERT INTO questions ({QUESTION_COLUMNS}, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    question.id,
                    room_id,
                    position,
                    kind,
                    text,
                    json.dumps(list(options)),
                    "ready",
                    0,
                    now_text(),
                ),
            )
        return question

    def set_state(self, question_id: str, state: str) -> None:
        """Open or close a question (``"open"`` or ``"closed"``); opening one closes any other open one.

        Raises:
            JournalError: An unknown state or question, or opening one in a room that has ended.
        """
        if state not in QUESTION_STATES:
            raise JournalError("Question", f"{state!r} is not a question state.")
        with self._transaction() as cursor:
            room_id = self._bump_for_question(cursor, question_id)
            if state == "open":
                self._live_room(cursor, room_id)
                cursor.execute(
                    "UPDATE questions SET state = 'closed' WHERE room_id = ? AND state = 'open'", (room_id,)
                )
            cursor.execute("UPDATE questions SET state = ? WHERE id = ?", (state, question_id))

    def reveal(self, question_id: str, revealed: bool = True) -> None:
        """Show (or hide again) a question's results to the room."""
        with self._transaction() as cursor:
            self._bump_for_question(cursor, question_id)
            cursor.execute("UPDATE questions SET revealed = ? WHERE id = ?", (int(revealed), question_id))

    def _bump_for_question(self, cursor: Cursor, question_id: str) -> str:
        row = cursor.execute("SELECT room_id FROM questions WHERE id = ?", (question_id,)).fetchone()
        if row is None:
            raise JournalError("Question", "this question no longer exists.")
        cursor.execute("UPDATE rooms SET revision = revision + 1 WHERE id = ?", (row[0],))
        return row[0]

    def questions(self, room_id: str) -> list[Question]:
        """The room's questions in the order posed."""
        rows = self._read(
            f"SELECT {QUESTION_COLUMNS} FROM questions WHERE room_id = ? ORDER BY position", (room_id,)
        )
        return [question_from_row(row) for row in rows]

    def answer(self, question_id: str, participant_id: str, value: str) -> None:
        """Record (or replace) a participant's answer while the question is open.

        Raises:
            JournalError: The question is not open, its room has ended, or the value is not one
                of its options.
        """
        with self._transaction() as cursor:
            row = cursor.execute(
                f"SELECT {QUESTION_COLUMNS} FROM questions WHERE id = ?", (question_id,)
            ).fetchone()
            if row is None:
                raise JournalError("Answer", "this question no longer exists.")
            question = question_from_row(row)
            value = check_answer(question, value)
            seat = cursor.execute(
                "SELECT room_id FROM participants WHERE id = ?", (participant_id,)
            ).fetchone()
            if seat is None or seat[0] != question.room_id:
                raise JournalError("Answer", "you can only answer in the room you have joined.")
            ended = cursor.execute("SELECT ended FROM rooms WHERE id = ?", (question.room_id,)).fetchone()
            if question.state != "open" or (ended and ended[0] is not None):
                raise JournalError(
                    "Answer", "the facilitator has closed this question; your answer is still in the box."
                )
            cursor.execute("UPDATE rooms SET revision = revision + 1 WHERE id = ?", (question.room_id,))
            cursor.execute(
                "INSERT INTO answers (question_id, participant_id, value, answered) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (question_id, participant_id) DO UPDATE SET value = excluded.value, "
                "answered = excluded.answered",
                (question_id, participant_id, value, now_text()),
            )

    def answers(self, question_id: str) -> list[Answer]:
        """Every answer to a question, with pseudonyms, oldest first."""
        rows = self._read(
            "SELECT a.question_id, p.pseudonym, a.value, a.answered FROM answers a "
            "JOIN participants p ON p.id = a.participant_id WHERE a.question_id = ? ORDER BY a.answered",
            (question_id,),
        )
        return [Answer(*row) for row in rows]

    def count_answers(self, question_id: str) -> int:
        """How many have answered a question."""
        return self._read("SELECT count(*) FROM answers WHERE question_id = ?", (question_id,))[0][0]

    def my_answer(self, question_id: str, participant_id: str) -> str | None:
        """What this participant answered, if anything."""
        rows = self._read(
            "SELECT value FROM answers WHERE question_id = ? AND participant_id = ?",
            (question_id, participant_id),
        )
        return rows[0][0] if rows else None
