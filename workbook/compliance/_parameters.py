"""The compliance model's parameters and contact schedules: value, unit, range, source and status."""

from __future__ import annotations

import copy
import functools
import math
import numbers
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from workbook.paths import DATA_DIR
from workbook.provenance import Parameter, read_parameters

PARAMETERS_FILE = DATA_DIR / "compliance" / "parameters.toml"
SCHEDULES_FILE = DATA_DIR / "compliance" / "schedules.toml"
STATUSES = ("published", "assumption", "inferred")
TIERS = (1, 2, 3, 4)  # the 2005 Offender Management Model's tiers, which the schedules are set by


def load_parameters(path: Path | str | None = None) -> dict[str, Parameter]:
    """Load the compliance model's default parameters.

    Args:
        path: A TOML file of ``[[parameter]]`` tables; defaults to the shipped one.

    Returns:
        Parameters by id.

    Example:
        >>> load_parameters()["reminder_missing_cut"].status
        'published'
    """
    return read_parameters(path if path is not None else PARAMETERS_FILE)


class ParameterRangeError(ValueError):
    """A compliance parameter was given a value of the wrong type or outside its declared range.

    Attributes:
        name: The parameter's id.
        value: The value given.
    """

    def __init__(self, name: str, value: Any, problem: str):
        self.name, self.value = name, value
        super().__init__(f"{name} = {value!r}: {problem}")


class BeyondRange(dict):
    """Rate overrides meant to leave their declared ranges, for a designed experiment.

    ``rates`` and everything built on it (``simulate``, ``replicate``, ``sweep``) refuse a
    value outside its parameter's declared (plausible) range. A test that switches a
    mechanism off altogether (every chance of missing at 0, say) wraps its overrides in
    this to say so; names and types are still checked.

    Example:
        >>> rates(BeyondRange(forget_chance=0.0))["forget_chance"]
        0.0
    """


def check_value(parameter: Parameter, value: Any, *, in_range: bool = True) -> Any:
    """Check one value for a compliance parameter: its type, and its declared range.

    Numbers must be real numbers (a whole number where the default is one) within
    ``[low, high]``; on/off parameters must be ``True`` or ``False``; a name must be a string.

    Args:
        parameter: The parameter (from ``load_parameters``).
        value: The value to check.
        in_range: Also hold a number to the declared range.

    Returns:
        The value, as an ``int`` where the parameter counts whole things.

    Raises:
        ParameterRangeError: Naming the parameter, the value and the range or type it breaks.

    Example:
        >>> forget = load_parameters()["forget_chance"]
        >>> check_value(forget, 0.1)
        0.1
        >>> try:
        ...     check_value(forget, 5.0)
        ... except ParameterRangeError as error:
        ...     print(error)
        forget_chance = 5.0: outside its declared range 0.02 to 0.15 (probability per appointment)
    """
    default = parameter.value
    if isinstance(default, bool):
        if not isinstance(value, bool | np.bool_):
            raise ParameterRangeError(parameter.id, value, "should be true or false")
        return bool(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise ParameterRangeError(parameter.id, value, "should be a name")
        return value
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or value != value:
        raise ParameterRangeError(parameter.id, value, f"should be a number ({parameter.unit})")
    if isinstance(default, int):
        if value % 1:
            raise ParameterRangeError(parameter.id, value, f"should be a whole number ({parameter.unit})")
        value = int(value)
    if in_range and parameter.low is not None and not parameter.low <= value <= parameter.high:
        raise ParameterRangeError(
            parameter.id,
            value,
            f"outside its declared range {parameter.low:g} to {parameter.high:g} ({parameter.unit})",
        )
    return value


def rates(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The model rates' values, with any overrides checked and applied.

    Args:
        overrides: New values by rate id. Each is held to its declared range unless the
            mapping is a ``BeyondRange``.

    Returns:
        Values by id, for every ``kind = "rate"`` parameter.

    Raises:
        KeyError: If an override names no rate.
        ParameterRangeError: If a value has the wrong type or lies outside its declared range.

    Example:
        >>> rates({"officers": 4})["officers"]
        4
        >>> rates({"engagement_mean": 0.2})
        Traceback (most recent call last):
        ...
        workbook.compliance._parameters.ParameterRangeError: engagement_mean = 0.2: outside its declared ...
    """
    parameters = {k: p for k, p in load_parameters().items() if p.kind == "rate"}
    given = dict(overrides or {})
    unknown = sorted(set(given) - set(parameters))
    if unknown:
        raise KeyError(f"unknown compliance rate(s): {', '.join(unknown)}; known: {', '.join(parameters)}")
    in_range = not isinstance(overrides, BeyondRange)
    checked = {k: check_value(parameters[k], v, in_range=in_range) for k, v in given.items()}
    return {k: p.value for k, p in parameters.items()} | checked


def load_schedules(path: Path | str | None = None) -> dict[str, dict]:
    """Load the contact schedules, by tier and phase of the order.

    Args:
        path: A TOML file of ``[schedule.NAME]`` tables, each with ``[schedule.NAME.tier.T]``
            tables for tiers 1 to 4; defaults to the shipped one.

    Returns:
        Schedules by name, each with ``label``, ``source``, ``status`` and ``tier``: by tier
        (the int 1 to 4), a ``label``, a ``source`` and its ``phases``, each phase with
        ``from_week``, ``every_weeks``, ``status`` and perhaps ``to_week``.

    Raises:
        ValueError: If a schedule lacks a tier, a phase lacks a field, or a status is unknown;
            the message names the schedule, tier and phase.

    Example:
        >>> schedules = load_schedules()
        >>> sorted(schedules), sorted(schedules["ns2007"]["tier"])
        (['ns2005', 'ns2007'], [1, 2, 3, 4])
        >>> schedules["ns2007"]["tier"][2]["phases"][0]["status"]
        'inferred'
    """
    resolved = Path(path if path is not None else SCHEDULES_FILE).resolve()
    return copy.deepcopy(_schedules(resolved, resolved.stat().st_mtime_ns))


@functools.lru_cache(maxsize=8)
def _schedules(path: Path, mtime_ns: int) -> dict[str, dict]:
    """Parse and check a schedules file once for each version of it on disk."""
    table = tomllib.loads(path.read_text(encoding="utf-8"))["schedule"]
    for name, schedule in table.items():
        where = f"{path.name}, schedule {name!r}"
        _require_fields(schedule, ("label", "source", "status", "tier"), where)
        tiers = {int(t) if t.isdigit() else t: entry for t, entry in schedule["tier"].items()}
        if set(tiers) != set(TIERS):
            raise ValueError(f"{where}: needs tiers {list(TIERS)}, has {sorted(map(str, tiers))}")
        for tier, entry in tiers.items():
            _require_fields(entry, ("label", "source", "phases"), f"{where}, tier {tier}")
            for i, phase in enumerate(entry["phases"]):
                at = f"{where}, tier {tier}, phase {i + 1}"
                _require_fields(phase, ("from_week", "every_weeks", "status"), at)
                if not phase["every_weeks"] > 0:
                    raise ValueError(f"{at}: every_weeks must be positive")
        schedule["tier"] = tiers
    return table


def _require_fields(entry: dict, names: tuple[str, ...], where: str) -> None:
    missing = [n for n in names if n not in entry]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    if "status" in entry and entry["status"] not in STATUSES:
        raise ValueError(f"{where}: status {entry['status']!r} is not one of {', '.join(STATUSES)}")


def appointments_per_week(schedule: str, weeks: int, intensity: float = 1.0, *, tier: int) -> list[int]:
    """How many appointments each week of the order offers a case of a tier under a schedule.

    Within a phase starting at week ``s`` with spacing ``every_weeks / intensity``, appointments
    fall at ``s + k * spacing`` for k = 0, 1, ...; a week counts those in ``[week, week + 1)``.

    Args:
        schedule: A schedule name in ``schedules.toml``.
        weeks: Length of the order in weeks.
        intensity: Contact-intensity multiplier (more than 1 offers more appointments).
        tier: The case's tier under the 2005 Offender Management Model, 1 to 4.

    Returns:
        Appointments per week, one entry per week.

    Raises:
        KeyError: If the schedule or tier is unknown.
        ValueError: If ``intensity`` is not positive.

    Example:
        >>> sum(appointments_per_week("ns2007", 16, tier=2)), sum(appointments_per_week("ns2005", 16, tier=2))
        (10, 16)
        >>> sum(appointments_per_week("ns2005", 52, tier=1)), sum(appointments_per_week("ns2005", 52, tier=4))
        (13, 39)
    """
    if not intensity > 0:
        raise ValueError(f"contact intensity must be positive, not {intensity}")
    path = SCHEDULES_FILE  # not resolved: runs ask four times each, and resolving costs more than the rest
    return list(_appointments(path, path.stat().st_mtime_ns, schedule, weeks, float(intensity), tier))


@functools.lru_cache(maxsize=256)
def _appointments(
    path: Path, mtime_ns: int, schedule: str, weeks: int, intensity: float, tier: int
) -> tuple[int, ...]:
    """``appointments_per_week`` for one version of the schedules file (runs ask for it again and again)."""
    schedules = _schedules(path, mtime_ns)
    if schedule not in schedules:
        raise KeyError(f"unknown schedule {schedule!r}; known: {', '.join(schedules)}")
    if tier not in TIERS:
        raise KeyError(f"unknown tier {tier!r}; known: {', '.join(map(str, TIERS))}")
    counts = [0] * weeks
    for phase in schedules[schedule]["tier"][tier]["phases"]:
        start, spacing = phase["from_week"], phase["every_weeks"] / intensity
        stop = min(phase.get("to_week", weeks), weeks)
        for week in range(start, stop):
            before = math.ceil(round((week - start) / spacing, 9))
            after = math.ceil(round((week + 1 - start) / spacing, 9))
            counts[week] += after - before
    return tuple(counts)
