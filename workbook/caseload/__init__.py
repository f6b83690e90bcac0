"""The caseload: a synthetic generator, its schema and parameters, and import of your own table.

Every caseload here is synthetic or supplied (anonymised) by the user; nothing
describes a real person. Imports only numpy, pandas and the standard library.
"""

from workbook.caseload._framings import (
    GOODS,
    MAPPING_SOURCE,
    MAPPING_STATUS,
    NEED_TO_GOODS,
    RNR_PRINCIPLES,
    RNR_SOURCE,
    Framing,
    frame_person,
)
from workbook.caseload._generate import MAX_CASES, MIN_CASES, generate
from workbook.caseload._import import TEMPLATE, read_table, refuse_personal_data
from workbook.caseload._limits import LIMITS, Limits
from workbook.caseload._needs import (
    CRIMINOGENIC,
    INTENSITY,
    low_harm_high_need,
    need_count,
    need_score,
    programme_intensity,
)
from workbook.caseload._parameters import Parameter, load_parameters
from workbook.caseload._validate import CaseloadError, validate_caseload
from workbook.caseload.schema import (
    CASELOAD,
    COLUMN_NAMES,
    COMPLEXITY_FLAGS,
    FLAG_COLUMNS,
    NEED_COLUMNS,
    NEED_NAMES,
    NEEDS,
    ROSH_LEVELS,
    SEVERITIES,
    coerce_dtypes,
    column_dtype,
)

__all__ = [
    "CASELOAD",
    "COLUMN_NAMES",
    "COMPLEXITY_FLAGS",
    "CRIMINOGENIC",
    "FLAG_COLUMNS",
    "GOODS",
    "INTENSITY",
    "LIMITS",
    "MAPPING_SOURCE",
    "MAPPING_STATUS",
    "MAX_CASES",
    "MIN_CASES",
    "NEEDS",
    "NEED_COLUMNS",
    "NEED_NAMES",
    "NEED_TO_GOODS",
    "RNR_PRINCIPLES",
    "RNR_SOURCE",
    "ROSH_LEVELS",
    "SEVERITIES",
    "TEMPLATE",
    "CaseloadError",
    "Framing",
    "Limits",
    "Parameter",
    "coerce_dtypes",
    "column_dtype",
    "frame_person",
    "generate",
    "load_parameters",
    "low_harm_high_need",
    "need_count",
    "need_score",
    "programme_intensity",
    "read_table",
    "refuse_personal_data",
    "validate_caseload",
]
