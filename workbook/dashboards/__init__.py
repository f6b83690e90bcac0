"""Dashboards: one factory per page, wiring controls to the domain and the charts.

Each notebook in ``notebooks/`` calls one factory from here.
"""

from workbook.dashboards.compliance import ComplianceScenarios, compliance_scenarios
from workbook.dashboards.induction import InductionPage, induction_engagement
from workbook.dashboards.journal import ReflectiveJournal, reflective_journal
from workbook.dashboards.pages import PAGES, Page, find_page
from workbook.dashboards.risk import RiskAndNeeds, risk_and_needs
from workbook.dashboards.sources import SourcesPage, sources_and_glossary
from workbook.dashboards.start import start_here
from workbook.dashboards.themes import SeminarThemes, seminar_themes
from workbook.dashboards.tiering import CaseloadTiering, caseload_tiering
from workbook.dashboards.workshop import (
    WorkshopFacilitator,
    WorkshopParticipant,
    workshop_facilitator,
    workshop_participant,
)

__all__ = [
    "PAGES",
    "CaseloadTiering",
    "ComplianceScenarios",
    "InductionPage",
    "Page",
    "ReflectiveJournal",
    "RiskAndNeeds",
    "SeminarThemes",
    "SourcesPage",
    "WorkshopFacilitator",
    "WorkshopParticipant",
    "caseload_tiering",
    "compliance_scenarios",
    "find_page",
    "induction_engagement",
    "reflective_journal",
    "risk_and_needs",
    "seminar_themes",
    "sources_and_glossary",
    "start_here",
    "workshop_facilitator",
    "workshop_participant",
]
