"""The caseload table's declared schema: every column, its type and its allowed values.

A caseload is a pandas DataFrame with one row per (synthetic) person under
supervision. The generator produces exactly these columns; imported tables are
mapped and validated to them; the tiering schemes read them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

NEEDS = (
    "accommodation",
    "ete",
    "relationships",
    "lifestyle",
    "drug_misuse",
    "alcohol_misuse",
    "thinking_behaviour",
    "attitudes",
    "financial",
    "emotional",
)
"""The ten OASys need sections, in the order HMPPS tiering lists them."""

NEED_NAMES = {
    "accommodation": "Accommodation",
    "ete": "Education, training and employability",
    "relationships": "Relationships",
    "lifestyle": "Lifestyle and associates",
    "drug_misuse": "Drug misuse",
    "alcohol_misuse": "Alcohol misuse",
    "thinking_behaviour": "Thinking and behaviour",
    "attitudes": "Attitudes",
    "financial": "Financial management and income",
    "emotional": "Emotional well-being",
}

SEVERITIES = ("none", "standard", "severe")

COMPLEXITY_FLAGS = (
    "mental_health",
    "self_harm",
    "vulnerability",
    "child_concerns",
    "child_protection",
    "risk_to_children",
    "public_interest",
    "adult_at_risk",
    "street_gangs",
    "terrorism",
)
"""Register flags that score 2 protect points each in the 2021 framework (FACTS 1b)."""

WOMEN_FACTORS = ("parenting", "impulsivity", "breach_recall")
ROSH_LEVELS = ("low", "medium", "high", "very high")
BANDS = ("low", "medium", "high", "very high")
ORDER_TYPES = ("community order", "suspended sentence order", "licence")
REQUIREMENTS = ("supervision", "unpaid_work", "drr", "programme", "curfew")


@dataclass(frozen=True)
class Column:
    """One caseload column.

    Attributes:
        name: Column name.
        kind: ``"int"``, ``"float"``, ``"bool"``, ``"category"`` or ``"text"``.
        doc: What it holds.
        choices: Allowed values for a category column.
        low: Smallest allowed value for a number column.
        high: Largest allowed value for a number column.
        optional: Whether a cell may be blank (read as missing); every other column needs a value.
    """

    name: str
    kind: str
    doc: str
    choices: tuple[str, ...] | None = None
    low: float | None = None
    high: float | None = None
    optional: bool = False


CASELOAD = (
    Column("case_id", "text", "Synthetic id, SYN-nnnnnn: never shaped like a real case reference."),
    Column("age", "int", "Age in years.", low=18, high=100),
    Column("gender", "category", "Gender.", choices=("male", "female")),
    Column("area", "category", "Synthetic area name."),
    Column("order_type", "category", "Sentence being supervised.", choices=ORDER_TYPES),
    Column("custodial", "bool", "Serving a custodial sentence (on licence)."),
    *(
        Column(f"req_{r}", "bool", f"Order carries a {r.replace('_', ' ')} requirement.")
        for r in REQUIREMENTS
    ),
    Column("rosh", "category", "Risk of serious harm level (OASys).", choices=ROSH_LEVELS),
    Column("ogrs", "float", "OGRS-style two-year proven reoffending probability, %.", low=0, high=100),
    Column(
        "ogrs_band",
        "category",
        "OGRS3 band: low <50, medium 50-74, high 75-89, very high 90+.",
        choices=BANDS,
    ),
    # 99.99: the top of the HMPPS service's highest RSR band (RsrThresholds.kt); above it RSR scores 0.
    Column("rsr", "float", "Risk of serious recidivism, %.", low=0, high=99.99),
    Column(
        "arp",
        "float",
        "OGRS4 all reoffending predictor, % (2026 tiering); blank when there is none.",
        low=0,
        high=100,
        optional=True,
    ),
    Column(
        "csrp",
        "float",
        "Combined serious reoffending predictor, % (2026 tiering); blank when there is none.",
        low=0,
        high=100,
        optional=True,
    ),
    Column(
        "dcsrp_band",
        "category",
        "Direct-contact sexual reoffending predictor band; 'none' if not applicable.",
        choices=("none", *BANDS),
    ),
    Column("mappa_level", "int", "MAPPA level; 0 when not a MAPPA case.", low=0, high=3),
    Column("ppo", "bool", "Prolific and priority offender."),
    Column("iom", "bool", "Integrated offender management nominal."),
    *(Column(f"need_{n}", "category", f"{NEED_NAMES[n]} need.", choices=SEVERITIES) for n in NEEDS),
    *(Column(f"flag_{f}", "bool", f"Register flag: {f.replace('_', ' ')}.") for f in COMPLEXITY_FLAGS),
    *(Column(f"wf_{w}", "bool", f"Women's additional factor: {w.replace('_', ' ')}.") for w in WOMEN_FACTORS),
    Column("domestic_abuse", "bool", "Domestic abuse flag."),
    Column("stalking", "bool", "Stalking flag."),
    Column("sexual_offence", "bool", "Has ever committed a sexual offence."),
    Column("oasys_assessed", "bool", "Has a current OASys assessment."),
    Column("youth_transition", "bool", "Aged 18 to 20: moving from youth to adult services."),
    Column("shift_work", "bool", "Works shifts that can clash with appointments."),
    Column("literacy_below_l1", "bool", "Reads below Level 1."),
    Column("rural", "bool", "Lives in a rural area."),
)

COLUMN_NAMES = tuple(c.name for c in CASELOAD)
NEED_COLUMNS = tuple(f"need_{n}" for n in NEEDS)
FLAG_COLUMNS = tuple(f"flag_{f}" for f in COMPLEXITY_FLAGS)

ORDERED = {"rosh", "ogrs_band", "dcsrp_band", *NEED_COLUMNS}
"""Category columns whose values run from least to most: comparisons and sorting follow that order."""


def column_dtype(column: Column, values: Iterable[str] = ()) -> str | pd.CategoricalDtype:
    """The one dtype of a caseload column, whichever way the caseload was made.

    Categories are the column's choices; a column without choices (``area``) takes the
    generator's synthetic areas, then any other names among ``values``, in order.

    Args:
        column: The column.
        values: The values the column holds, for a category column without choices.

    Returns:
        ``"int64"``, ``"float64"``, ``"bool"``, ``"str"`` or a ``CategoricalDtype``.

    Example:
        >>> rosh = column_dtype(CASELOAD[COLUMN_NAMES.index("rosh")])
        >>> list(rosh.categories), rosh.ordered
        (['low', 'medium', 'high', 'very high'], True)
    """
    if column.kind in ("int", "float"):
        return "int64" if column.kind == "int" else "float64"
    if column.kind in ("bool", "text"):
        return "bool" if column.kind == "bool" else "str"
    choices = list(column.choices or ())
    if not choices:
        from workbook.caseload._parameters import load_parameters  # the generator's areas, read when needed

        choices = list(load_parameters()[f"{column.name}s"].value)
        choices += sorted(set(map(str, values)) - set(choices))
    return pd.CategoricalDtype(pd.Index(choices, dtype="str"), ordered=column.name in ORDERED)


def coerce_dtypes(caseload: pd.DataFrame) -> pd.DataFrame:
    """Give a caseload's schema columns their one dtype (``column_dtype``): categoricals for categories.

    ``generate``, ``read_table`` and ``example_caseload`` all end here, so the same column has
    the same dtype whichever way a caseload was made. Other columns are left as they are.

    Args:
        caseload: A caseload whose values are already valid for the schema.

    Returns:
        A new frame with the same columns and index.

    Raises:
        ValueError: If a category column holds a value that is not one of its categories.

    Example:
        >>> frame = coerce_dtypes(pd.DataFrame({"gender": ["male"], "age": [30], "ppo": [False]}))
        >>> [str(t) for t in frame.dtypes]
        ['category', 'int64', 'bool']
    """
    by_name = {c.name: c for c in CASELOAD}
    found = {}
    for name, values in caseload.items():
        column = by_name.get(name)
        if column is None:
            found[name] = values
            continue
        if column.kind != "category":
            found[name] = values.astype(column_dtype(column))
            continue
        dtype = column_dtype(column, () if column.choices else values.dropna().unique())
        if values.dtype == dtype:
            found[name] = values
            continue
        codes = dtype.categories.get_indexer(values.astype(object))
        missing = codes < 0
        if missing.any():  # a value that is no category, or a gap: only a gap may stay
            outside = values[missing].dropna()
            if len(outside):
                raise ValueError(
                    f"column {name!r}: {outside.iloc[0]!r} is not one of {list(dtype.categories)}"
                )
        converted = pd.Series(pd.Categorical.from_codes(codes, dtype=dtype), index=values.index, name=name)
        found[name] = converted
    return pd.DataFrame(found, index=caseload.index)
