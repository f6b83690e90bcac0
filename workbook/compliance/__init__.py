"""Compliance simulation: appointments, absences, engagement and enforcement over an order.

A seeded, vectorised model of how people under supervision keep or miss
appointments, why, how officers and the law respond (FACTS 3a), and how practice
levers (text reminders, mentors, flexible rescheduling, lateness rules, induction)
move the outcomes. Every parameter carries its unit, range, source and status in
``data/compliance/parameters.toml``. Imports only numpy, pandas and the standard library.
"""

from workbook.compliance._cards import GROUPS, Card, card_by_id, load_cards
from workbook.compliance._compare import (
    COSTS,
    MEASURES,
    SUBGROUPS,
    Comparison,
    compare_scenarios,
    reflection_prompt,
)
from workbook.compliance._engine import (
    EVENTS,
    OUTCOMES,
    REASONS,
    Scenario,
    SimulationResult,
    replicate,
    simulate,
    summarise,
)
from workbook.compliance._parameters import (
    Parameter,
    appointments_per_week,
    load_parameters,
    load_schedules,
    rates,
)

__all__ = [
    "COSTS",
    "EVENTS",
    "GROUPS",
    "MEASURES",
    "OUTCOMES",
    "REASONS",
    "SUBGROUPS",
    "Card",
    "Comparison",
    "Parameter",
    "Scenario",
    "SimulationResult",
    "appointments_per_week",
    "card_by_id",
    "compare_scenarios",
    "load_cards",
    "load_parameters",
    "load_schedules",
    "rates",
    "reflection_prompt",
    "replicate",
    "simulate",
    "summarise",
]
