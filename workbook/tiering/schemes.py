"""Tiering schemes: the registry of the four, and the dispatch between them.

A tiering scheme sorts a probation caseload into levels that decide how much supervision, and
how senior an officer, each case gets. The workbook models four: the 2005 Offender Management
Model (a reconstruction), the 2021 HMPPS framework (protect level x change level), the 2026
HMPPS single tier A to G, and "needs first", our answer to the seminar's question "would it be
different if we put needs first?". Each scheme lives in its own private module, which reads its
default parameters from `workbook.tiering._parameters` and the caseload through
`workbook.tiering._columns`; this module sits above them all and holds the registry `SCHEMES`,
the dispatch `assign_tiers` and the teaching cases of `example_caseload`. (The parameter loader
is re-exported here, where it used to live.)
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

import pandas as pd

from workbook.caseload.schema import CASELOAD, NEED_COLUMNS, SEVERITIES, coerce_dtypes
from workbook.tiering import _hmpps2021, _hmpps2026, _needs_first, _omm2005
from workbook.tiering._hmpps2021 import LEVELS as _LEVELS_2021
from workbook.tiering._parameters import (
    PARAMETER_FILES,
    PARAMETERS,
    STATUSES,
    TIERING_DIR,
    Parameter,
    load_parameters,
    parameters_table,
)

__all__ = [
    "PARAMETERS",
    "PARAMETER_FILES",
    "SCHEMES",
    "STATUSES",
    "TIERING_DIR",
    "Parameter",
    "Scheme",
    "assign_tiers",
    "example_caseload",
    "load_parameters",
    "parameters_table",
    "scheme_by_id",
]


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
    return coerce_dtypes(frame[[c.name for c in CASELOAD]])
