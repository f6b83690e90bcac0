"""Compliance simulation: appointments, absences, engagement and enforcement over an order.

A seeded, vectorised model of how people under supervision keep or miss
appointments, why, how officers and the law respond (FACTS 3a), and how practice
levers (text reminders, mentors, flexible rescheduling, lateness rules, induction,
programme starts) move the outcomes. Contact follows National Standards schedules by
tier and phase of the order (``data/compliance/schedules.toml``). Every parameter
carries its unit, range, source and status in ``data/compliance/parameters.toml``.
Imports only numpy, pandas and the standard library.
"""

from workbook.compliance._cards import GROUP_LABELS, GROUPS, Card, CardResult, card_by_id, load_cards
from workbook.compliance._cases import EVENTS, OUTCOMES, REASONS
from workbook.compliance._claims import Claim, Finding, assess, result_values
from workbook.compliance._compare import (
    COSTS,
    MEASURES,
    SUBGROUPS,
    UNITS,
    WINDOW_WEEKS,
    Comparison,
    compare_scenarios,
    format_measure,
    reflection_prompt,
)
from workbook.compliance._engine import SimulationResult, replicate, simulate, summarise
from workbook.compliance._parameters import (
    Parameter,
    appointments_per_week,
    load_parameters,
    load_schedules,
    rates,
)
from workbook.compliance._scenario import PROGRAMME_STARTS, Scenario, lever_options
from workbook.compliance._validation import (
    NO_EVIDENCE,
    Figure,
    load_sources,
    load_validation,
    validate,
    validation_markdown,
)

__all__ = [
    "COSTS",
    "EVENTS",
    "GROUPS",
    "GROUP_LABELS",
    "MEASURES",
    "NO_EVIDENCE",
    "OUTCOMES",
    "PROGRAMME_STARTS",
    "REASONS",
    "SUBGROUPS",
    "UNITS",
    "WINDOW_WEEKS",
    "Card",
    "CardResult",
    "Claim",
    "Comparison",
    "Figure",
    "Finding",
    "Parameter",
    "Scenario",
    "SimulationResult",
    "appointments_per_week",
    "assess",
    "card_by_id",
    "compare_scenarios",
    "format_measure",
    "lever_options",
    "load_cards",
    "load_parameters",
    "load_schedules",
    "load_sources",
    "load_validation",
    "rates",
    "reflection_prompt",
    "replicate",
    "result_values",
    "simulate",
    "summarise",
    "validate",
    "validation_markdown",
]
