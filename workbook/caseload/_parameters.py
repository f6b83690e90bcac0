"""The generator's parameters: value, unit, range, source and status, from data."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from workbook.paths import DATA_DIR

PARAMETERS_FILE = DATA_DIR / "caseload" / "parameters.toml"


@dataclass(frozen=True)
class Parameter:
    """One generator parameter with its provenance.

    Attributes:
        id: Stable name, e.g. ``"rosh_shares"``.
        value: A number or a mapping of category to share.
        unit: The value's unit.
        source: Where the value comes from.
        status: ``"published"`` or ``"assumption"``.
        doc: What the parameter controls.
        low: Lowest plausible value (numbers only).
        high: Highest plausible value (numbers only).
    """

    id: str
    value: Any
    unit: str
    source: str
    status: str
    doc: str
    low: float | None = None
    high: float | None = None


def load_parameters(path: Path | str | None = None) -> dict[str, Parameter]:
    """Load the generator's default parameters.

    Args:
        path: A TOML file of ``[[parameter]]`` tables; defaults to the shipped one.

    Returns:
        Parameters by id.

    Example:
        >>> load_parameters()["rosh_shares"].status
        'assumption'
    """
    path = Path(path) if path is not None else PARAMETERS_FILE
    table = tomllib.loads(path.read_text(encoding="utf-8"))["parameter"]
    return {entry["id"]: Parameter(**entry) for entry in table}


def with_overrides(
    parameters: dict[str, Parameter], overrides: dict[str, Any] | None
) -> dict[str, Parameter]:
    """Replace parameter values by id, keeping their provenance but marking them as the user's.

    Raises:
        KeyError: If an override names no parameter.
    """
    if not overrides:
        return parameters
    unknown = sorted(set(overrides) - set(parameters))
    if unknown:
        raise KeyError(f"unknown caseload parameter(s): {', '.join(unknown)}; known: {', '.join(parameters)}")
    changed = dict(parameters)
    for key, value in overrides.items():
        changed[key] = replace(parameters[key], value=value, source="Set by the user.", status="assumption")
    return changed
