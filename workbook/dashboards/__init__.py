"""Dashboards: one factory per page, wiring controls to the domain and the charts.

Each notebook in ``notebooks/`` calls one factory from here. Each page's module is
imported only when its factory is asked for, so a page's kernel loads what that
page needs and no more (the Start page does not load pandas, the charts or the compliance model).
"""

from __future__ import annotations

from workbook.lazy import attach

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

__getattr__, __dir__, __all__ = attach(__name__, _FACTORIES)
