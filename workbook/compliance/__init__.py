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
    UNITS,
    Comparison,
    compare_scenarios,
    format_measure,
    reflection_prompt,
)
from workbook.compliance._engine import SimulationResult, replicate, simulate, summarise
from workbook.compliance._parameters import (
    BeyondRange,
    Parameter,
    ParameterRangeError,
    appointments_per_week,
    check_value,
    load_parameters,
    load_schedules,
    rates,
)
from workbook.compliance._scenario import PROGRAMME_STARTS, Scenario, lever_options
from workbook.compliance._sensitivity import (
    SENSITIVITY_MEASURES,
    SensitivityResult,
    read_sensitivity,
    sensitivity,
)
from workbook.compliance._subgroups import SUBGROUPS, subgroup_summary
from workbook.compliance._sweep import sweep
from workbook.compliance._validation import (
    NO_EVIDENCE,
    Figure,
    load_sources,
    load_validation,
    validate,
    validation_markdown,
)
from workbook.compliance._windows import WINDOW_WEEKS

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
    "SENSITIVITY_MEASURES",
    "SUBGROUPS",
    "UNITS",
    "WINDOW_WEEKS",
    "BeyondRange",
    "Card",
    "CardResult",
    "Claim",
    "Comparison",
    "Figure",
    "Finding",
    "Parameter",
    "ParameterRangeError",
    "Scenario",
    "SensitivityResult",
    "SimulationResult",
    "appointments_per_week",
    "assess",
    "card_by_id",
    "check_value",
    "compare_scenarios",
    "format_measure",
    "lever_options",
    "load_cards",
    "load_parameters",
    "load_schedules",
    "load_sources",
    "load_validation",
    "rates",
    "read_sensitivity",
    "reflection_prompt",
    "replicate",
    "result_values",
    "sensitivity",
    "simulate",
    "subgroup_summary",
    "summarise",
    "sweep",
    "validate",
    "validation_markdown",
]
