"""The generator's parameters: value, unit, range, source and status, from data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from workbook.paths import DATA_DIR
from workbook.provenance import Parameter, read_parameters

PARAMETERS_FILE = DATA_DIR / "caseload" / "parameters.toml"


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
    return read_parameters(path if path is not None else PARAMETERS_FILE)


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
        changed[key] = parameters[key].set_by_user(value)
    return changed
