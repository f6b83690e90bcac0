"""The tiering schemes against the live HMPPS service's rules (ministryofjustice/hmpps-tier).

Each property names the service file it follows: AdditionalFactorsForWomen.kt (women's factors
need an OASys assessment, breach or recall does not), RsrThresholds.kt (the top RSR band ends at
99.99), TierCalculator.kt since June 2026 (no ARP or CSRP: the tier is missing), and the caseload's
own consistency (a licence case is custodial, and nothing else is).
"""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_tiering import SETTINGS, as_caseload, cases
from test_tiering_examples import as_caseload as example_caseload_of
from test_tiering_examples import default_case

from workbook.caseload import CaseloadError, generate, read_table
from workbook.tiering import tier_2021, tier_2026, workload

unassessed_women = cases().map(lambda row: row | {"gender": "female", "oasys_assessed": False})


def protect(row: dict[str, Any]) -> int:
    return int(tier_2021(as_caseload([row]))["protect_points"].iloc[0])


@SETTINGS
@given(unassessed_women)
def test_without_oasys_a_womans_parenting_and_impulsivity_score_nothing(row):
    """AdditionalFactorsForWomen.kt: the OASys answers score 0 with no assessment; breach or recall counts."""
    bare = row | {"wf_parenting": False, "wf_impulsivity": False, "wf_breach_recall": False}
    assert protect(bare | {"wf_parenting": True, "wf_impulsivity": True}) == protect(bare)
    assert protect(bare | {"wf_breach_recall": True}) == protect(bare) + 2


@SETTINGS
@given(cases())
def test_with_oasys_each_womens_factor_scores_two_and_a_man_none(row):
    woman = row | {"gender": "female", "oasys_assessed": True}
    bare = woman | {"wf_parenting": False, "wf_impulsivity": False, "wf_breach_recall": False}
    for factor in ("wf_parenting", "wf_impulsivity", "wf_breach_recall"):
        assert protect(bare | {factor: True}) == protect(bare) + 2
    man = row | {"gender": "male"}
    assert protect(man | {"wf_parenting": True, "wf_breach_recall": True}) == protect(
        man | {"wf_parenting": False, "wf_breach_recall": False}
    )


def test_the_issues_case_is_c2_with_16_points_as_in_the_service():
    """A woman with no OASys, RoSH medium, two flags and all three factors: B2 (20) before, C2 (16) now."""
    row = default_case(
        gender="female",
        rosh="medium",
        oasys_assessed=False,
        flag_mental_health=True,
        flag_vulnerability=True,
        wf_parenting=True,
        wf_impulsivity=True,
        wf_breach_recall=True,
    )
    result = tier_2021(example_caseload_of(row)).iloc[0]
    assert (str(result["tier"]), result["protect_points"]) == ("C2", 16)
    assert "1 women's factor (2)" in result["reason"]


def test_the_generator_gives_no_unassessed_woman_an_oasys_factor():
    frame = generate(20_000, seed=12)
    unassessed = frame["gender"].eq("female") & ~frame["oasys_assessed"]
    assert unassessed.sum() > 100
    assert not (frame.loc[unassessed, ["wf_parenting", "wf_impulsivity"]].to_numpy()).any()
    assert frame.loc[unassessed, "wf_breach_recall"].any()  # breach or recall comes from Delius
    assert (frame["custodial"] == frame["order_type"].eq("licence")).all()


@SETTINGS
@given(cases(), st.booleans())
def test_a_licence_that_is_not_custodial_or_the_reverse_is_refused_naming_the_case(row, flip):
    agreed = row | {"custodial": row["order_type"] == "licence"}
    tier_2021(as_caseload([agreed]))  # agreeing rows tier
    if not flip:
        return
    frame = as_caseload([agreed, agreed | {"custodial": not agreed["custodial"], "case_id": "SYN-000002"}])
    with pytest.raises(ValueError, match=r"case 1 \(SYN-000002\) has order_type"):
        tier_2021(frame)


def test_the_import_refuses_a_licence_that_is_not_custodial_naming_the_row():
    frame = generate(100, seed=3)
    at = int(np.flatnonzero(frame["order_type"].eq("licence"))[4])
    frame.loc[at, "custodial"] = False
    with pytest.raises(CaseloadError) as caught:
        read_table(frame.to_csv(index=False).encode(), name="mine.csv")
    assert (caught.value.column, caught.value.row) == ("custodial", at + 2)
    assert "order_type is 'licence'" in caught.value.problem


rsr_2dp = st.integers(0, 9999).map(lambda hundredths: hundredths / 100)


@SETTINGS
@given(cases(), rsr_2dp)
def test_rsr_scores_as_the_services_bands_up_to_99_99(row, rsr):
    """RsrThresholds.kt: 7.00-99.99 scores 20, 3.00-6.99 scores 10, below 3 nothing."""
    bare = row | {
        "gender": "male", "rosh": "low", "mappa_level": 0, "rsr": rsr,
        **{name: False for name in row if name.startswith("flag_")},
    }  # fmt: skip
    assert protect(bare) == (20 if rsr >= 7 else 10 if rsr >= 3 else 0)


@pytest.mark.parametrize(("rsr", "accepted"), [(99.99, True), (0, True), (100, False), (99.991, False)])
def test_the_import_holds_rsr_to_the_services_range(rsr, accepted):
    frame = generate(100, seed=4).assign(rsr=[rsr] + [1.0] * 99)
    data = frame.to_csv(index=False).encode()
    if accepted:
        assert read_table(data, name="mine.csv")["rsr"].iloc[0] == rsr
    else:
        with pytest.raises(CaseloadError, match=r"between 0 and 99\.99") as caught:
            read_table(data, name="mine.csv")
        assert (caught.value.column, caught.value.row) == ("rsr", 2)


@SETTINGS
@given(st.lists(cases(), min_size=1, max_size=8), st.data())
def test_no_arp_or_csrp_gives_no_tier_and_says_why(rows, data):
    """TierCalculator.kt since June 2026: a missing ARP or CSRP makes the tier MISSING."""
    absent = [data.draw(st.sampled_from(["", "arp", "csrp", "both"])) for _ in rows]
    for row, what in zip(rows, absent, strict=True):
        row["arp"] = np.nan if what in ("arp", "both") else row["arp"]
        row["csrp"] = np.nan if what in ("csrp", "both") else row["csrp"]
    result = tier_2026(as_caseload(rows))
    for (_, case), what in zip(result.iterrows(), absent, strict=True):
        if what:
            assert pd.isna(case["tier"]) and pd.isna(case["step"])
            assert case["reason"].startswith("No tier: no ")
            assert ("ARP" in case["reason"]) == (what != "csrp")
            assert ("CSRP" in case["reason"]) == (what != "arp")
        else:
            assert case["tier"] in tuple("ABCDEFG") and not case["reason"].startswith("No tier")
    load = workload(result, "hmpps-2026")
    assert load.untiered == sum(bool(a) for a in absent)
    assert load.by_tier["cases"].sum() == len(rows) - load.untiered


def test_a_table_with_blank_arp_loads_and_its_cases_are_untiered():
    frame = generate(100, seed=5)
    frame["arp"] = frame["arp"].astype(object)
    frame.loc[[3, 7], "arp"] = ""
    table = read_table(io.BytesIO(frame.to_csv(index=False).encode()), name="mine.csv")
    assert table["arp"].isna().sum() == 2
    assert tier_2026(table)["tier"].isna().sum() == 2
