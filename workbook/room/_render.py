"""The room page's HTML: Jinja2 templates with autoescaping, and what they are given.

Everything a person typed reaches a template as plain text and is escaped there;
nothing here builds HTML by hand. The facilitator's page renders the same results
partial (``room/_bars.html``), so a projected chart and a phone show the same counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import jinja2

from workbook.journal import STAGES, Entry, Question, Results, Room
from workbook.web._format import local_time as format_time

LOCAL_ZONE = "Europe/London"
"""Times are written for England and Wales on the server; the page's script shows the viewer's own."""

STAGE_LABELS = {
    "description": "Description: what happened",
    "feelings": "Feelings: what I thought and felt",
    "evaluation": "Evaluation: what was good and bad",
    "analysis": "Analysis: what sense I can make of it",
    "conclusion": "Conclusion: what else I could have done",
    "action plan": "Action plan: what I will do next time",
}
"""Gibbs's six stages, in the words the room page uses."""


def plural(count: int, noun: str) -> str:
    """``count`` and the noun, plural when it is not one.

    Example:
        >>> plural(1, "answer"), plural(0, "answer"), plural(12, "answer")
        ('1 answer', '0 answers', '12 answers')
    """
    return f"{count:,} {noun if count == 1 else noun + 's'}"


def local_time(text: str) -> str:
    """An ISO time from the store as people in England and Wales read it (the script shows the reader's).

    Example:
        >>> local_time("2026-07-01T09:05:00+00:00").startswith("10:05, ")
        True
    """
    return format_time(text, zone=LOCAL_ZONE)


@cache
def environment() -> jinja2.Environment:
    """The room's template environment: autoescaped, strict about missing names."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("workbook.room", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(plural=plural, local_time=local_time)
    return env


def render(name: str, **context: Any) -> str:
    """Render one template with ``context``."""
    return environment().get_template(name).render(**context)


@dataclass(frozen=True)
class RoomView:
    """What everyone in a room sees alike: the same for every participant, so drawn once per change.

    Attributes:
        revision: The room's revision when it was read.
        room: The room.
        question: The question on screen (the open one, else the last closed one), or ``None``.
        results: Its results, when revealed.
        shared: Entries shared with the room, oldest first.
    """

    revision: int
    room: Room
    question: Question | None
    results: Results | None
    shared: tuple[Entry, ...]

    @property
    def ended(self) -> bool:
        """Whether the facilitator has ended the session (or its time ran out)."""
        return not self.room.is_live()

    def context(self, room_url: str, *, xsrf_token: str = "", my_answer: str | None = None) -> dict:
        """The names the room's partial templates use."""
        return {
            "room": self.room,
            "room_ended": self.ended,
            "question": self.question,
            "results": self.results,
            "shared": self.shared,
            "room_url": room_url,
            "xsrf_token": xsrf_token,
            "my_answer": my_answer,
            "large": False,
            "show_texts": True,
        }

    def payload(self, room_url: str) -> dict:
        """The live update sent to every participant's page: public fragments and the question's state."""
        context = self.context(room_url)
        question = self.question
        return {
            "rev": self.revision,
            "ended": self.ended,
            "question": None
            if question is None
            else {
                "id": question.id,
                "state": question.state,
                "revealed": question.revealed,
                "position": question.position,
            },
            "question_html": render("room/_question.html", **context),
            "results_html": render("room/_results.html", **context),
            "shared_html": render("room/_shared.html", **context),
            "ended_html": render("room/_ended.html", **context),
        }


def results_html(
    question: Question, results: Results, *, large: bool = False, show_texts: bool = True
) -> str:
    """One question's results as an accessible table with bars (the facilitator's page uses this too).

    Example:
        >>> from workbook.journal import Answer, results
        >>> q = Question("q", "r", 1, "scale", "How fair?", ("1", "2", "3", "4", "5"), "closed", True)
        >>> html = results_html(q, results(q, [Answer("q", "Sam", "4", "")]))
        >>> "mean 4.0" in html and '<th scope="row">4</th>' in html
        True
    """
    return render("room/_bars.html", question=question, results=results, large=large, show_texts=show_texts)


def stage_choices() -> list[tuple[str, str]]:
    """The reflective-cycle stages as ``(value, label)`` pairs, in order."""
    return [(stage, STAGE_LABELS[stage]) for stage in STAGES]
