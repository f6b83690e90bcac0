"""The tiering schemes' default parameters: every value with its unit, source and status.

Read once at import from ``data/tiering/*.toml``; each rules dataclass takes its defaults
from here (`defaults`), and dashboards list them in an "Assumptions and sources" panel
(`parameters_table`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd

from workbook.paths import DATA_DIR

TIERING_DIR = DATA_DIR / "tiering"
PARAMETER_FILES = ("hmpps_2021", "hmpps_2026", "omm_2005", "needs_first", "workload")
STATUSES = ("published", "assumption")
_ENTRY_KEYS = {"value", "unit", "source", "status", "note"}


@dataclass(frozen=True)
class Parameter:
    """One default parameter of a scheme, with where it comes from.

    Attributes:
        name: Dotted name inside its file, e.g. ``"rosh_points"`` or ``"points.hmpps-2021"``.
        value: The value as TOML gives it (number, text, list or table).
        source: Where the value comes from.
        status: ``"published"`` (a figure from a named source) or ``"assumption"`` (ours).
        unit: What the value counts.
        note: Anything else a reader should know.
    """

    name: str
    value: Any
    source: str
    status: str
    unit: str = ""
    note: str = ""


def load_parameters(path: Path | str) -> dict[str, Parameter]:
    """Read one parameter file: every table holding a ``value`` is a parameter.

    Args:
        path: A TOML file laid out like ``data/tiering/hmpps_2021.toml``.

    Returns:
        The parameters by dotted name, in file order.

    Raises:
        ValueError: When an entry lacks a value, source or status, has an unknown field or an
            unknown status; the message names the file and the entry.

    Example:
        >>> params = load_parameters(TIERING_DIR / "hmpps_2021.toml")
        >>> params["rosh_points"].value["very high"], params["rosh_points"].status
        (150, 'published')
    """
    path = Path(path)
    with path.open("rb") as handle:
        document = tomllib.load(handle)
    found: dict[str, Parameter] = {}
    _collect(document, "", path.name, found)
    return found


def _collect(table: Mapping[str, Any], prefix: str, file: str, found: dict[str, Parameter]) -> None:
    for key, entry in table.items():
        name = prefix + key
        if not isinstance(entry, dict):
            raise ValueError(f"{file}: {name} must be a table with value, source and status")
        if "value" not in entry:
            _collect(entry, name + ".", file, found)
            continue
        missing = {"source", "status"} - entry.keys()
        unknown = entry.keys() - _ENTRY_KEYS
        if missing or unknown:
            raise ValueError(
                f"{file}: {name} lacks {sorted(missing)} or has unknown fields {sorted(unknown)}"
            )
        if entry["status"] not in STATUSES:
            raise ValueError(f"{file}: {name} has status {entry['status']!r}; use one of {STATUSES}")
        found[name] = Parameter(name=name, **entry)


PARAMETERS: Mapping[str, Mapping[str, Parameter]] = MappingProxyType(
    {file: MappingProxyType(load_parameters(TIERING_DIR / f"{file}.toml")) for file in PARAMETER_FILES}
)
"""Every scheme's default parameters, read once at import: file stem -> name -> `Parameter`."""


def parameters_table() -> pd.DataFrame:
    """List every tiering parameter with its value, unit, status and source.

    Returns:
        One row per parameter: ``file, name, value, unit, status, source, note``.

    Example:
        >>> table = parameters_table()
        >>> sorted(table["status"].unique())
        ['assumption', 'published']
    """
    rows = [
        {
            "file": f"{file}.toml",
            **{k: getattr(p, k) for k in ("name", "value", "unit", "status", "source", "note")},
        }
        for file, params in PARAMETERS.items()
        for p in params.values()
    ]
    return pd.DataFrame(rows, columns=["file", "name", "value", "unit", "status", "source", "note"])


def _frozen(value: Any) -> Any:
    """Make a TOML value immutable: tables become read-only mappings, arrays tuples."""
    if isinstance(value, dict):
        return MappingProxyType({k: _frozen(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    return value


def defaults(file: str) -> Mapping[str, Any]:
    """The values of one parameter file, made immutable, for a rules dataclass's defaults."""
    return MappingProxyType({name: _frozen(p.value) for name, p in PARAMETERS[file].items()})
