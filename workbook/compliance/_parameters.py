"""The compliance model's parameters and contact schedules: value, unit, range, source and status."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path
from typing import Any

from workbook.paths import DATA_DIR
from workbook.provenance import Parameter, read_parameters

PARAMETERS_FILE = DATA_DIR / "compliance" / "parameters.toml"
SCHEDULES_FILE = DATA_DIR / "compliance" / "schedules.toml"
STATUSES = ("published", "assumption", "inferred")


def load_parameters(path: Path | str | None = None) -> dict[str, Parameter]:
    """Load the compliance model's default parameters.

    Args:
        path: A TOML file of ``[[parameter]]`` tables; defaults to the shipped one.

    Returns:
        Parameters by id.

    Example:
        >>> load_parameters()["reminder_forgetting_cut"].status
        'published'
    """
    return read_parameters(path if path is not None else PARAMETERS_FILE)


def rates(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """The model rates' values, with any overrides applied.

    Args:
        overrides: New values by rate id.

    Returns:
        Values by id, for every ``kind = "rate"`` parameter.

    Raises:
        KeyError: If an override names no rate.

    Example:
        >>> rates({"officers": 4})["officers"]
        4
    """
    found = {k: p.value for k, p in load_parameters().items() if p.kind == "rate"}
    unknown = sorted(set(overrides or {}) - set(found))
    if unknown:
        raise KeyError(f"unknown compliance rate(s): {', '.join(unknown)}; known: {', '.join(found)}")
    return found | dict(overrides or {})


def load_schedules(path: Path | str | None = None) -> dict[str, dict]:
    """Load the contact schedules.

    Args:
        path: A TOML file of ``[schedule.NAME]`` tables; defaults to the shipped one.

    Returns:
        Schedules by name, each with ``label``, ``source``, ``status`` and ``phases``.

    Example:
        >>> sorted(load_schedules())
        ['ns2005', 'ns2007']
    """
    path = Path(path) if path is not None else SCHEDULES_FILE
    return tomllib.loads(path.read_text(encoding="utf-8"))["schedule"]


def appointments_per_week(schedule: str, weeks: int, intensity: float = 1.0) -> list[int]:
    """How many appointments each week of the order offers under a schedule.

    Within a phase starting at week ``s`` with spacing ``every_weeks / intensity``, appointments
    fall at ``s + k * spacing`` for k = 0, 1, ...; a week counts those in ``[week, week + 1)``.

    Args:
        schedule: A schedule name in ``schedules.toml``.
        weeks: Length of the order in weeks.
        intensity: Contact-intensity multiplier (more than 1 offers more appointments).

    Returns:
        Appointments per week, one entry per week.

    Raises:
        KeyError: If the schedule is unknown.
        ValueError: If ``intensity`` is not positive.

    Example:
        >>> sum(appointments_per_week("ns2007", 16)), sum(appointments_per_week("ns2005", 16))
        (10, 16)
    """
    if not intensity > 0:
        raise ValueError(f"contact intensity must be positive, not {intensity}")
    schedules = load_schedules()
    if schedule not in schedules:
        raise KeyError(f"unknown schedule {schedule!r}; known: {', '.join(schedules)}")
    counts = [0] * weeks
    for phase in schedules[schedule]["phases"]:
        start, spacing = phase["from_week"], phase["every_weeks"] / intensity
        stop = min(phase.get("to_week", weeks), weeks)
        for week in range(start, stop):
            before = math.ceil(round((week - start) / spacing, 9))
            after = math.ceil(round((week + 1 - start) / spacing, 9))
            counts[week] += after - before
    return counts
