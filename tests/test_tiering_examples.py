"""The published worked examples of the 2021 HMPPS tiering service, run through tier_2021.

tests/data/hmpps_tier_2021_examples.toml transcribes the Cucumber feature files of
ministryofjustice/hmpps-tier. Each usable example becomes one test: a one-row caseload built from
a valid default row plus the example's fields, checked on every protect and change figure the
example states. Examples with a skip_reason (drafts, disabled features, the superseded 30-point
scale) are collected as skipped, with their reason.
"""

from __future__ import annotations

import tomllib
from typing import Any

import pandas as pd
import pytest

from workbook.caseload.schema import CASELOAD, COLUMN_NAMES, NEED_COLUMNS
from workbook.paths import PROJ_ROOT
from workbook.tiering import tier_2021

EXAMPLES_FILE = PROJ_ROOT / "tests" / "data" / "hmpps_tier_2021_examples.toml"
EXAMPLES = tomllib.loads(EXAMPLES_FILE.read_text(encoding="utf-8"))["example"]

# The file's stated defaults where they differ from default_case(): "OGRS 0".
EXAMPLE_DEFAULTS = {"ogrs": 0.0}
WOMEN_FACTOR_COLUMNS = {
    "parenting": "wf_parenting",
    "impulsivity": "wf_impulsivity",
    "temper_control": "wf_impulsivity",  # OASys 11.2 and 11.4 make one factor, counted once
    "breach_or_recall": "wf_breach_recall",
}
RECORD_FIELDS = {"feature", "scenario", "commit", "comment", "skip_reason"}
EXPECTATIONS = (
    "expect_protect_points",
    "expect_protect_level",
    "expect_change_points",
    "expect_change_level",
)


def ogrs_band(ogrs: float) -> str:
    return "very high" if ogrs >= 90 else "high" if ogrs >= 75 else "medium" if ogrs >= 50 else "low"


def default_case(**fields: Any) -> dict[str, Any]:
    """A valid caseload row: a man of 30 on a community order with a supervision requirement,
    RoSH low, OGRS 10, RSR 0, no flags, no needs, a current OASys assessment, not MAPPA."""
    row: dict[str, Any] = {c.name: False for c in CASELOAD if c.kind == "bool"}
    row.update(dict.fromkeys(NEED_COLUMNS, "none"))
    row.update(
        case_id="SYN-000001",
        age=30,
        gender="male",
        area="Example",
        order_type="community order",
        req_supervision=True,
        rosh="low",
        ogrs=10.0,
        rsr=0.0,
        arp=10.0,
        csrp=0.1,
        dcsrp_band="none",
        mappa_level=0,
        oasys_assessed=True,
    )
    row.update(fields)
    row["ogrs_band"] = ogrs_band(row["ogrs"])
    unknown = set(row) - set(COLUMN_NAMES)
    assert not unknown, f"not caseload columns: {unknown}"
    return row


def as_caseload(*rows: dict[str, Any]) -> pd.DataFrame:
    """Rows as a caseload with the schema's column order and types (categories as categoricals)."""
    frame = pd.DataFrame(list(rows), columns=list(COLUMN_NAMES))
    for column in CASELOAD:
        if column.kind == "category":
            frame[column.name] = pd.Categorical(frame[column.name], categories=column.choices)
    return frame


def example_fields(example: dict[str, Any]) -> dict[str, Any]:
    """Translate an example's fields into caseload columns; fail on a field not understood."""
    fields: dict[str, Any] = dict(EXAMPLE_DEFAULTS)
    for key, value in example.items():
        if key in RECORD_FIELDS or key in EXPECTATIONS:
            continue
        if key in ("rsr", "ogrs"):
            fields[key] = float(value)
        elif key in ("rosh", "mappa_level", "iom", "custodial"):
            fields[key] = value
        elif key == "female":
            fields["gender"] = "female" if value else "male"
        elif key == "flags":
            fields.update({f"flag_{flag}": True for flag in value})
        elif key == "women_factors":
            fields.update({WOMEN_FACTOR_COLUMNS[factor]: True for factor in value})
        elif key == "needs":
            fields.update({f"need_{need}": severity for need, severity in value.items()})
        elif key == "no_oasys":
            fields["oasys_assessed"] = not value
        elif key == "no_mandate":
            # "only unpaid work on a non-custodial sentence"
            fields.update(custodial=False, req_supervision=False, req_unpaid_work=True)
        else:
            raise AssertionError(f"example field {key!r} is not mapped to the caseload")
    if fields.get("custodial"):
        fields["order_type"] = "licence"
    return fields


def example_params():
    for example in EXAMPLES:
        marks = [pytest.mark.skip(reason=example["skip_reason"])] if "skip_reason" in example else []
        yield pytest.param(example, id=example["scenario"], marks=marks)


def test_the_examples_file_holds_160_usable_examples():
    assert len(EXAMPLES) == 179
    assert sum("skip_reason" not in e for e in EXAMPLES) == 160
    for example in EXAMPLES:
        assert any(k in example for k in EXPECTATIONS), example["scenario"]


@pytest.mark.parametrize("example", list(example_params()))
def test_worked_example(example):
    result = tier_2021(as_caseload(default_case(**example_fields(example)))).iloc[0]
    stated = {k.removeprefix("expect_"): example[k] for k in EXPECTATIONS if k in example}
    got = {k: (str(result[k]) if k == "protect_level" else int(result[k])) for k in stated}
    assert got == stated, result["reason"]
    assert result["reason"]
