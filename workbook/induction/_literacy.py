"""Who reads induction material: literacy figures with their sources, and sample letters."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from workbook.paths import DATA_DIR

INDUCTION_DIR = DATA_DIR / "induction"


@dataclass(frozen=True)
class Figure:
    """A figure with its source and status (published or assumption)."""

    id: str
    label: str
    value: float
    unit: str
    source: str
    status: str


@dataclass(frozen=True)
class Sample:
    """A sample induction letter shipped with the Workbook."""

    id: str
    title: str
    note: str
    text: str


def _load() -> dict:
    return tomllib.loads((INDUCTION_DIR / "literacy.toml").read_text(encoding="utf-8"))


LITERACY = tuple(Figure(**f) for f in _load()["figure"])


def load_samples() -> tuple[Sample, ...]:
    """Load the sample letters, without their leading comment line.

    Example:
        >>> [s.id for s in load_samples()]
        ['dense-official', 'lean']
    """
    samples = []
    for entry in _load()["sample"]:
        text = (INDUCTION_DIR / entry["file"]).read_text(encoding="utf-8")
        text = re.sub(r"^\s*<!--.*?-->\s*", "", text, flags=re.DOTALL)
        samples.append(Sample(entry["id"], entry["title"], entry["note"], text))
    return tuple(samples)
