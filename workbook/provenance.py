"""Parameters that carry their provenance: value, unit, range, source and status.

The caseload generator and the compliance model keep every default in a TOML file
of ``[[parameter]]`` tables; this is the one type and the one reader for them.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Parameter:
    """One model parameter with where it comes from.

    Attributes:
        id: Stable name, e.g. ``"rosh_shares"``.
        value: A number, a flag, a name, or a mapping of category to share.
        unit: The value's unit.
        source: Where the value comes from.
        status: ``"published"`` (a figure from a named source), ``"inferred"`` or
            ``"assumption"`` (ours, to be changed).
        doc: What the parameter controls.
        low: Lowest plausible value (numbers only).
        high: Highest plausible value (numbers only).
        kind: What part of a model it belongs to, where a model has several
            (the compliance model's ``"lever"`` and ``"rate"``).
    """

    id: str
    value: Any
    unit: str
    source: str
    status: str
    doc: str
    low: float | None = None
    high: float | None = None
    kind: str = ""

    def set_by_user(self, value: Any) -> Parameter:
        """This parameter with a user's value: unit and range kept, marked as the user's assumption."""
        return replace(self, value=value, source="Set by the user.", status="assumption")


def read_parameters(path: Path | str) -> dict[str, Parameter]:
    """Read a TOML file of ``[[parameter]]`` tables.

    The file is parsed once and again only when it changes on disk, because models
    ask for their defaults on every run.

    Args:
        path: The file.

    Returns:
        Parameters by id, in file order (a new dict each call; the parameters are frozen).
    """
    resolved = Path(path).resolve()
    return dict(_parse(resolved, resolved.stat().st_mtime_ns))


@functools.lru_cache(maxsize=16)
def _parse(path: Path, mtime_ns: int) -> tuple[tuple[str, Parameter], ...]:
    table = tomllib.loads(path.read_text(encoding="utf-8"))["parameter"]
    return tuple((entry["id"], Parameter(**entry)) for entry in table)
