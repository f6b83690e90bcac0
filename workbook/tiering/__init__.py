"""Tiering: four schemes for sorting a caseload into levels of supervision, and their workload.

Each scheme is a pure function from a caseload DataFrame (`workbook.caseload.schema`) to one row
per case with the tier and the reason for it: `tier_2005` (the 2005 Offender Management Model, a
reconstruction), `tier_2021` (HMPPS protect x change levels), `tier_2026` (HMPPS single tier A-G)
and `tier_needs_first` (our design). `assign_tiers` picks one by id; `SCHEMES` lists them;
`workload` costs the tiers in officer points. Default parameters, each with its source and
status, come from ``data/tiering/*.toml`` (`parameters_table`). The package imports only numpy,
pandas and the standard library.

Example:
    >>> from workbook.tiering import SCHEMES, assign_tiers, example_caseload
    >>> cases = example_caseload()
    >>> {s.id: str(assign_tiers(cases, s.id).loc[4, "tier"]) for s in SCHEMES}
    {'omm-2005': '4', 'hmpps-2021': 'A1', 'hmpps-2026': 'A', 'needs-first': '3'}
"""

from workbook.tiering._compare import largest_moves, tier_flows
from workbook.tiering._hmpps2021 import Hmpps2021Rules, tier_2021
from workbook.tiering._hmpps2026 import STEPS, TIERS, Hmpps2026Rules, tier_2026
from workbook.tiering._needs_first import TIER_NAMES as NEEDS_FIRST_TIER_NAMES
from workbook.tiering._needs_first import NeedsFirstRules, tier_needs_first
from workbook.tiering._omm2005 import TIER_NAMES as OMM_2005_TIER_NAMES
from workbook.tiering._omm2005 import Omm2005Rules, tier_2005
from workbook.tiering._workload import EXCESSIVE_CAPACITY, OFFICER_POINTS, Workload, workload
from workbook.tiering.schemes import (
    PARAMETERS,
    SCHEMES,
    Parameter,
    Scheme,
    assign_tiers,
    example_caseload,
    load_parameters,
    parameters_table,
    scheme_by_id,
)

__all__ = [
    "EXCESSIVE_CAPACITY",
    "NEEDS_FIRST_TIER_NAMES",
    "OFFICER_POINTS",
    "OMM_2005_TIER_NAMES",
    "PARAMETERS",
    "SCHEMES",
    "STEPS",
    "TIERS",
    "Hmpps2021Rules",
    "Hmpps2026Rules",
    "NeedsFirstRules",
    "Omm2005Rules",
    "Parameter",
    "Scheme",
    "Workload",
    "assign_tiers",
    "example_caseload",
    "largest_moves",
    "load_parameters",
    "parameters_table",
    "scheme_by_id",
    "tier_2005",
    "tier_2021",
    "tier_2026",
    "tier_flows",
    "tier_needs_first",
    "workload",
]
