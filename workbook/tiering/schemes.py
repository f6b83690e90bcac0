"""Tiering schemes: the registry, their sourced parameters and the dispatch between them.

A tiering scheme sorts a probation caseload into levels that decide how much supervision, and
how senior an officer, each case gets. The workbook models four: the 2005 Offender Management
Model (a reconstruction), the 2021 HMPPS framework (protect level x change level), the 2026
HMPPS single tier A to G, and "needs first", our answer to the seminar's question "would it be
different if we put needs first?". Each scheme lives in its own private module; this one holds
what they share: the registry `SCHEMES`, the loader of their default parameters
(``data/tiering/*.toml``, every value with its unit, source and status, read once at import),
`assign_tiers`, and the vectorised helpers the schemes use to read a caseload and write reasons.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from workbook.caseload.schema import CASELOAD, NEED_COLUMNS, SEVERITIES
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


def _defaults(file: str) -> Mapping[str, Any]:
    """The values of one parameter file, made immutable, for a rules dataclass's defaults."""
    return MappingProxyType({name: _frozen(p.value) for name, p in PARAMETERS[file].items()})


@dataclass(frozen=True)
class Scheme:
    """A tiering scheme, as dashboards list and explain it.

    Attributes:
        id: Scheme id used by `assign_tiers` and `workload`.
        name: Display name.
        year: Year the scheme (or, for needs-first, the question behind it) dates from.
        status: ``"published"``, ``"reconstruction"`` or ``"our design"``.
        source: Where the rules come from, in a sentence or two.
        levels: The tier values, in order from least to most resource.
        level_names: A name for each level, in the same order.
    """

    id: str
    name: str
    year: int
    status: str
    source: str
    levels: tuple[int | str, ...]
    level_names: tuple[str, ...]


_LEVELS_2021 = tuple(f"{protect}{change}" for protect in "DCBA" for change in range(4))

SCHEMES = (
    Scheme(
        "omm-2005",
        "NOMS Offender Management Model (2005)",
        2005,
        "reconstruction",
        "PC65/2005 applied the tiering framework of the NOMS Offender Management Model: four cumulative "
        "approaches, Punish, Help, Change, Control. Its decision rules (Annex A) could not be read; ours "
        "follow the typical rules recalled in FACTS.md 1a and can be edited.",
        (1, 2, 3, 4),
        ("Punish", "Help", "Change", "Control"),
    ),
    Scheme(
        "hmpps-2021",
        "HMPPS tiering framework (2021)",
        2021,
        "published",
        "ministryofjustice/hmpps-tier (2021 to early 2026): protect level A-D from risk-of-harm points and "
        "change level 0-3 from needs, OGRS and IOM points, read in the service's source (FACTS.md 1b).",
        _LEVELS_2021,
        _LEVELS_2021,
    ),
    Scheme(
        "hmpps-2026",
        "HMPPS single tier (2026)",
        2026,
        "published",
        "ministryofjustice/hmpps-tier tiering model v3 (March 2026): the highest tier given by a reoffending "
        "predictor table, the sexual reoffending predictor band, MAPPA and RoSH, and flags (FACTS.md 1c).",
        tuple("GFEDCBA"),
        tuple("GFEDCBA"),
    ),
    Scheme(
        "needs-first",
        "Needs first",
        2009,
        "our design",
        "The December 2009 seminar asked whether tiering would differ if needs came first. Our answer: "
        "weighted OASys needs decide the tier, and harm (high RoSH, MAPPA 2-3) raises it where it must.",
        (1, 2, 3, 4),
        ("Low need", "Moderate need", "High need", "Very high need"),
    ),
)
"""The four schemes, oldest framework first."""


def scheme_by_id(scheme_id: str) -> Scheme:
    """Find a scheme in `SCHEMES`.

    Args:
        scheme_id: ``"omm-2005"``, ``"hmpps-2021"``, ``"hmpps-2026"`` or ``"needs-first"``.

    Returns:
        The scheme.

    Raises:
        ValueError: For an unknown id; the message lists the known ones.

    Example:
        >>> scheme_by_id("omm-2005").level_names
        ('Punish', 'Help', 'Change', 'Control')
    """
    for scheme in SCHEMES:
        if scheme.id == scheme_id:
            return scheme
    raise ValueError(f"unknown tiering scheme {scheme_id!r}; choose one of {[s.id for s in SCHEMES]}")


def assign_tiers(caseload: pd.DataFrame, scheme: str, **rules: Any) -> pd.DataFrame:
    """Tier a caseload under one scheme, with optional changes to its rules.

    Args:
        caseload: One row per case, with the columns of `workbook.caseload.schema.CASELOAD`
            that the scheme reads.
        scheme: A scheme id from `SCHEMES`.
        **rules: ``rules=`` a whole rules object for the scheme, and/or single fields of it to
            change, e.g. ``tier3_ogrs_min=70`` for ``"omm-2005"``.

    Returns:
        The scheme's result frame (see `tier_2005`, `tier_2021`, `tier_2026`, `tier_needs_first`).

    Raises:
        ValueError: For an unknown scheme, rules of another scheme, or an unknown rules field.

    Example:
        >>> cases = example_caseload()
        >>> assign_tiers(cases, "omm-2005")["tier"].tolist()
        [1, 2, 4, 4, 3]
        >>> assign_tiers(cases, "omm-2005", tier3_needs_min=3)["tier"].tolist()
        [1, 3, 4, 4, 3]
    """
    # Imported here, not at the top: the scheme modules import this one for its parameters.
    from workbook.tiering import _hmpps2021, _hmpps2026, _needs_first, _omm2005

    dispatch: dict[str, tuple[Callable[..., pd.DataFrame], Any]] = {
        "omm-2005": (_omm2005.tier_2005, _omm2005.Omm2005Rules),
        "hmpps-2021": (_hmpps2021.tier_2021, _hmpps2021.Hmpps2021Rules),
        "hmpps-2026": (_hmpps2026.tier_2026, _hmpps2026.Hmpps2026Rules),
        "needs-first": (_needs_first.tier_needs_first, _needs_first.NeedsFirstRules),
    }
    function, rules_class = dispatch[scheme_by_id(scheme).id]
    chosen = rules.pop("rules", None) or rules_class()
    if not isinstance(chosen, rules_class):
        raise ValueError(f"{scheme} takes {rules_class.__name__}, not {type(chosen).__name__}")
    unknown = set(rules) - {f.name for f in fields(rules_class)}
    if unknown:
        raise ValueError(f"{scheme} has no rule(s) {sorted(unknown)}; see {rules_class.__name__}")
    return function(caseload, replace(chosen, **rules) if rules else chosen)


# Helpers shared by the scheme modules: read a caseload column by column, write reasons.


def _require(caseload: pd.DataFrame, columns: Sequence[str], scheme: str) -> None:
    missing = [c for c in columns if c not in caseload.columns]
    if missing:
        raise ValueError(f"{scheme}: the caseload lacks column(s) {missing}")


def _codes(series: pd.Series, choices: Sequence[str]) -> np.ndarray:
    """Position of each value in ``choices``; raises on a value outside them (or a missing one)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        position = {c: i for i, c in enumerate(choices)}
        recode = np.array([position.get(c, -1) for c in series.cat.categories] + [-1], dtype=np.intp)
        codes = recode[series.cat.codes.to_numpy()]  # a missing value's code, -1, picks the last entry
    else:
        codes = pd.Index(list(choices)).get_indexer(series).astype(np.intp)
    if (codes < 0).any():
        bad = sorted({str(v) for v in series[codes < 0].unique()})
        raise ValueError(f"column {series.name!r} holds {bad}; allowed: {list(choices)}")
    return codes


def _bools(caseload: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """The columns as a (cases x columns) bool array; raises on missing values."""
    frame = caseload[list(columns)]
    if frame.isna().to_numpy().any():
        raise ValueError(f"columns {list(columns)} must be true or false, with no missing values")
    return frame.to_numpy(dtype=bool)


def _mappa(caseload: pd.DataFrame) -> np.ndarray:
    """MAPPA levels as ints; raises on a missing value or one outside 0-3."""
    mappa = caseload["mappa_level"].to_numpy()
    if pd.isna(mappa).any() or not np.isin(mappa, (0, 1, 2, 3)).all():
        raise ValueError("column 'mappa_level' must hold 0, 1, 2 or 3")
    return mappa.astype(np.intp)


def _numbers(caseload: pd.DataFrame, column: str) -> np.ndarray:
    """A number column as floats, a missing value read as 0 (as the HMPPS service reads one)."""
    return np.nan_to_num(caseload[column].to_numpy(dtype=float), nan=0.0)


_SLOT = "\x00"
"""Where `_render` writes a row's own number into a reason."""


def _render(
    keys: Sequence[np.ndarray], text: Callable[..., str], number: np.ndarray | None = None
) -> np.ndarray:
    """Write ``text(*key)`` for every row, calling it once per distinct combination of keys.

    Formatting 250,000 strings one by one is the slow part of a reason column; a caseload has
    far fewer distinct combinations of what a reason says. A number with many distinct values
    (an RSR of 4.23%) stays out of the keys: ``text`` writes `_SLOT` where it goes, and the row's
    ``number`` fills it.
    """
    size = len(keys[0]) if keys else 0
    combined = np.zeros(size, dtype=np.int64)
    span = 1
    for key in keys:
        codes, uniques = pd.factorize(np.asarray(key), use_na_sentinel=False)
        combined = combined * len(uniques) + codes
        span *= max(len(uniques), 1)
        if span > 2**31:  # keep the mixed-radix key inside int64
            combined, kept = pd.factorize(combined)
            span = len(kept)
    group, uniques = pd.factorize(combined)
    first = np.empty(len(uniques), dtype=np.int64)
    first[group[::-1]] = np.arange(size - 1, -1, -1)  # reversed, so the first row of a group wins
    columns = [np.asarray(key)[first].tolist() for key in keys]
    texts = [text(*row) for row in zip(*columns, strict=True)]
    reason = _objects(texts)[group]
    rows = np.flatnonzero(_objects([_SLOT in t for t in texts])[group].astype(bool))
    if number is not None and rows.size:
        codes, uniques = pd.factorize(np.round(np.asarray(number, dtype=float)[rows], 2))
        parts = [t.partition(_SLOT) for t in texts]
        heads, tails = _objects([p[0] for p in parts]), _objects([p[2] for p in parts])
        reason[rows] = (
            heads[group[rows]] + _objects([_num(v) for v in uniques.tolist()])[codes] + tails[group[rows]]
        )
    return reason


def _objects(items: list[Any]) -> np.ndarray:
    """A list as a 1-d object array, even when empty or holding equal-length strings."""
    array = np.empty(len(items), dtype=object)
    array[:] = items
    return array


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _num(value: float) -> str:
    """A percentage or score as a reader writes it: 59, 4.2, 6.99."""
    return f"{round(value, 2):g}"


def _categorical(codes: np.ndarray, levels: Sequence[Any], *, ordered: bool = True) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=list(levels), ordered=ordered)


def example_caseload() -> pd.DataFrame:
    """Five hand-made synthetic cases with every caseload column, for examples and teaching.

    Read from ``data/tiering/example_cases.toml``, where each case says what it shows: (1) a
    community order with unpaid work only; (2) medium RoSH and three needs; (3) high RoSH, RSR
    4.2%, two complexity flags, OGRS 59% and needs worth 12 points in 2021; (4) a MAPPA level 2
    licence case with very high RoSH and a sexual offence; (5) a woman with a drug rehabilitation
    requirement, a PPO and IOM nominal, and no current OASys assessment.

    Returns:
        A caseload indexed 1 to 5, with the columns and types of `workbook.caseload.schema.CASELOAD`.

    Example:
        >>> cases = example_caseload()
        >>> len(cases), cases.loc[3, "rosh"]
        (5, 'high')
    """
    with (TIERING_DIR / "example_cases.toml").open("rb") as handle:
        document = tomllib.load(handle)
    base = {c.name: False for c in CASELOAD if c.kind == "bool"}
    base |= dict.fromkeys(NEED_COLUMNS, SEVERITIES[0]) | document["defaults"]
    rows = [
        base | {"case_id": f"SYN-{number:06d}"} | {k: v for k, v in case.items() if k != "about"}
        for number, case in enumerate(document["case"], start=1)
    ]
    frame = pd.DataFrame(rows, index=pd.RangeIndex(1, len(rows) + 1))
    for column in CASELOAD:
        if column.kind == "category":
            frame[column.name] = pd.Categorical(frame[column.name], categories=column.choices)
    return frame[[c.name for c in CASELOAD]]
