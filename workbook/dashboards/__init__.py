"""Dashboards: one factory per page, wiring controls to the domain and the charts.

Each notebook in ``notebooks/`` calls one factory from here. Each page's module is
imported only when its factory is asked for, so a page's kernel loads what that
page needs and no more (the Start page does not load plotly or the compliance model).
"""

from __future__ import annotations

import importlib
from typing import Any

_FACTORIES = {
    "CaseloadTiering": "tiering",
    "caseload_tiering": "tiering",
    "ComplianceScenarios": "compliance",
    "compliance_scenarios": "compliance",
    "InductionPage": "induction",
    "induction_engagement": "induction",
    "ReflectiveJournal": "journal",
    "reflective_journal": "journal",
    "RiskAndNeeds": "risk",
    "risk_and_needs": "risk",
    "start_here": "start",
    "SeminarThemes": "themes",
    "seminar_themes": "themes",
    "SourcesPage": "sources",
    "sources_and_glossary": "sources",
    "StartHere": "start",
    "WorkshopFacilitator": "facilitator",
    "workshop_facilitator": "facilitator",
    "PAGES": "pages",
    "Page": "pages",
    "find_page": "pages",
}

__all__ = sorted(_FACTORIES)


def __getattr__(name: str) -> Any:
    if name not in _FACTORIES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_FACTORIES[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
