"""The role-clarification planner: a one-page agreement of mutual expectations.

The six steps are the ones the seminar's plenary heard from Chris Trotter's work
with involuntary clients; goals and first steps follow the Stepping Stones idea of
putting the person at the centre of planning. The agreement renders as Markdown
and as a printable HTML page; everything typed is escaped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, fields

STEPS = (
    ("clear_the_air", "Clearing the air", "What each of us wants to say first, and what this order is for."),
    (
        "legitimate_interests",
        "What matters to you that the order affects",
        "Work, family, health, housing: what the order gets in the way of, and how we will handle that.",
    ),
    (
        "non_negotiable",
        "What cannot be changed",
        "The rules the court has set, and what happens if they are not kept.",
    ),
    (
        "negotiable",
        "What we can agree together",
        "Times, places, how we keep in touch, what we work on first.",
    ),
    ("action_plan", "Our plan", "Who does what, and by when."),
    (
        "measures",
        "How we will know it is working",
        "What we will look at together, and when we will review it.",
    ),
)


@dataclass(frozen=True)
class Agreement:
    """What a practitioner and the person agree at the start of an order.

    Attributes:
        person: How the person wants to be named (a first name or initials; no
            surnames or case numbers are needed).
        practitioner: The practitioner's name or role.
        clear_the_air, legitimate_interests, non_negotiable, negotiable,
            action_plan, measures: The six steps, in the person's and our words.
        goals: What the person wants to achieve, one per line.
        first_steps: The first steps they want to take, one per line.
        we_will: What the service promises in return, one per line.
    """

    person: str = ""
    practitioner: str = ""
    clear_the_air: str = ""
    legitimate_interests: str = ""
    non_negotiable: str = ""
    negotiable: str = ""
    action_plan: str = ""
    measures: str = ""
    goals: str = ""
    first_steps: str = ""
    we_will: str = ""

    def is_empty(self) -> bool:
        """Whether nothing has been written yet."""
        return not any(getattr(self, f.name).strip() for f in fields(self))


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def agreement_sections(agreement: Agreement) -> list[tuple[str, list[str]]]:
    """The agreement as headed sections of plain-text lines, in reading order.

    Empty sections are left out; the person's goals and first steps come first.
    """
    sections = [
        ("What you want to achieve", _lines(agreement.goals)),
        ("Your first steps", _lines(agreement.first_steps)),
    ]
    sections += [(title, _lines(getattr(agreement, key))) for key, title, _ in STEPS]
    sections.append(("What we will do for you", _lines(agreement.we_will)))
    return [(title, lines) for title, lines in sections if lines]


def agreement_text(agreement: Agreement) -> str:
    """The agreement's words alone, for scoring its readability."""
    return "\n\n".join(f"{title}.\n" + "\n".join(lines) for title, lines in agreement_sections(agreement))


def agreement_markdown(agreement: Agreement) -> str:
    """Render the agreement as Markdown, with what was typed escaped for Markdown.

    Example:
        >>> print(agreement_markdown(Agreement(person="Sam", goals="Get a job")).splitlines()[0])
        # Our agreement: Sam and the Probation Service
    """
    person = _md(agreement.person) or "you"
    practitioner = _md(agreement.practitioner) or "the Probation Service"
    lines = [f"# Our agreement: {person} and {practitioner}", ""]
    for heading, items in agreement_sections(agreement):
        lines += [f"## {heading}", ""] + [f"- {_md(item)}" for item in items] + [""]
    lines += ["Signed, when we both agree: ______________________  ______________________", ""]
    return "\n".join(lines)


def agreement_html(agreement: Agreement) -> str:
    """Render the agreement as a printable one-page HTML document; all typed text is escaped."""
    person = html.escape(agreement.person) or "you"
    practitioner = html.escape(agreement.practitioner) or "the Probation Service"
    body = "".join(
        f"<h2>{html.escape(heading)}</h2><ul>"
        + "".join(f"<li>{html.escape(i)}</li>" for i in items)
        + "</ul>"
        for heading, items in agreement_sections(agreement)
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Our agreement</title>"
        "<style>body{font-family:system-ui,Arial,sans-serif;font-size:15px;line-height:1.5;max-width:42em;"
        "margin:2em auto;color:#222}h1{font-size:22px}h2{font-size:17px;margin:1.2em 0 .3em}"
        "@media print{body{margin:1cm}}</style></head><body>"
        f"<h1>Our agreement: {person} and {practitioner}</h1>{body}"
        "<p style='margin-top:2em'>Signed, when we both agree: ____________________ ____________________</p>"
        "</body></html>"
    )


def _md(text: str) -> str:
    """Escape Markdown and HTML specials so typed text shows as typed."""
    escaped = html.escape(text.strip(), quote=False)
    return "".join("\\" + c if c in "\\`*_{}[]()#+!|>~" else c for c in escaped)
