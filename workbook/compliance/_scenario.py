"""A scenario: the practice levers of one compliance run, each checked against its declared range.

The levers' defaults, units and ranges are in ``data/compliance/parameters.toml``
(``kind = "lever"``). The week loop (``_core.py``) takes a ``Scenario``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from workbook.compliance._parameters import load_parameters, load_schedules

PROGRAMME_STARTS = {
    "cohort": "Cohorts: wait for the next group",
    "rolling": "Rolling: join at once",
}
_LEVERS = {k: p.value for k, p in load_parameters().items() if p.kind == "lever"}


@dataclass(frozen=True)
class Scenario:
    """Practice levers for one run; defaults come from ``data/compliance/parameters.toml``.

    Attributes:
        name: Label carried into every result frame.
        schedule: Contact schedule name (``data/compliance/schedules.toml``).
        contact_intensity: Multiplier on how often appointments are offered.
        text_reminders: Text reminder the day before each appointment.
        compliance_mentor: A compliance mentor supports the person.
        flexible_rescheduling: Work clashes are re-arranged rather than recorded as absences.
        lateness_tolerance_minutes: Minutes late still treated as attending.
        tolerance_consistent: Every unit applies the same tolerance.
        verbal_warning: The officer also warns in person, informally, with each formal warning (the law
            leaves no room for an informal warning instead of the formal one).
        induction_continuity: The offender manager, not a rota'd officer, does the induction.
        induction_quality: Quality of the induction, 0 to 1.
        officer_discretion: The typical officer's chance of accepting a borderline absence.
        programme_starts: How accredited programmes start: ``"cohort"`` (closed groups: people with a
            programme requirement wait for the next group, with little contact, and lose engagement)
            or ``"rolling"`` (they join at once).

    Example:
        >>> Scenario().lateness_tolerance_minutes, Scenario(text_reminders=True).text_reminders
        (15.0, True)
    """

    name: str = "default"
    schedule: str = _LEVERS["schedule"]
    contact_intensity: float = _LEVERS["contact_intensity"]
    text_reminders: bool = _LEVERS["text_reminders"]
    compliance_mentor: bool = _LEVERS["compliance_mentor"]
    flexible_rescheduling: bool = _LEVERS["flexible_rescheduling"]
    lateness_tolerance_minutes: float = _LEVERS["lateness_tolerance_minutes"]
    tolerance_consistent: bool = _LEVERS["tolerance_consistent"]
    verbal_warning: bool = _LEVERS["verbal_warning"]
    induction_continuity: bool = _LEVERS["induction_continuity"]
    induction_quality: float = _LEVERS["induction_quality"]
    officer_discretion: float = _LEVERS["officer_discretion"]
    programme_starts: str = _LEVERS["programme_starts"]

    def __post_init__(self):
        for name in ("schedule", "programme_starts"):
            options = lever_options(name)
            if getattr(self, name) not in options:
                raise ValueError(f"unknown {name} {getattr(self, name)!r}; known: {', '.join(options)}")
        parameters = load_parameters()
        for f in fields(self):
            p = parameters.get(f.name)
            if p is None or p.low is None:
                continue
            value = getattr(self, f.name)
            if not p.low <= value <= p.high:
                raise ValueError(f"{f.name} must be in [{p.low}, {p.high}], not {value}")

    def levers(self) -> dict[str, Any]:
        """The lever values by parameter id (everything but ``name``)."""
        found = asdict(self)
        found.pop("name")
        return found


def lever_options(name: str) -> dict[str, str]:
    """The values a lever that takes a name can have, each with a label.

    Args:
        name: ``"schedule"`` (the schedules in ``data/compliance/schedules.toml``) or
            ``"programme_starts"``.

    Returns:
        Labels by value, in the order to offer them.

    Raises:
        KeyError: If the lever does not take a name.

    Example:
        >>> lever_options("schedule")
        {'ns2005': 'National Standards 2005', 'ns2007': 'National Standards 2007'}
        >>> list(lever_options("programme_starts"))
        ['cohort', 'rolling']
    """
    if name == "schedule":
        return {key: schedule["label"] for key, schedule in load_schedules().items()}
    if name == "programme_starts":
        return dict(PROGRAMME_STARTS)
    raise KeyError(f"lever {name!r} does not take a name; those that do: schedule, programme_starts")
