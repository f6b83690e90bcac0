"""Properties of the tiering schemes, their parameters and the workload model."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from collections.abc import Mapping
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from workbook.caseload.schema import (
    BANDS,
    CASELOAD,
    COLUMN_NAMES,
    COMPLEXITY_FLAGS,
    NEEDS,
    REQUIREMENTS,
    ROSH_LEVELS,
    SEVERITIES,
    WOMEN_FACTORS,
)
from workbook.tiering import (
    PARAMETERS,
    SCHEMES,
    Hmpps2021Rules,
    Hmpps2026Rules,
    NeedsFirstRules,
    Omm2005Rules,
    assign_tiers,
    example_caseload,
    load_parameters,
    parameters_table,
    scheme_by_id,
    tier_2005,
    tier_2021,
    tier_2026,
    tier_needs_first,
    workload,
)

SCHEME_IDS = [s.id for s in SCHEMES]
FUNCTIONS = {
    "omm-2005": tier_2005,
    "hmpps-2021": tier_2021,
    "hmpps-2026": tier_2026,
    "needs-first": tier_needs_first,
}
COLUMNS = {
    "omm-2005": ["tier", "tier_name", "reason"],
    "hmpps-2021": ["protect_points", "protect_level", "change_points", "change_level", "tier", "reason"],
    "hmpps-2026": ["tier", "step", "reason"],
    "needs-first": ["tier", "tier_name", "need_score", "reason"],
}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def as_caseload(rows: list[dict[str, Any]], index: Any = None) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(COLUMN_NAMES), index=index)
    for column in CASELOAD:
        if column.kind == "category":
            frame[column.name] = pd.Categorical(frame[column.name], categories=column.choices)
    return frame


def rank(result: pd.DataFrame, scheme_id: str) -> np.ndarray:
    """Each case's tier as its position in the scheme's levels (higher = more resource)."""
    levels = scheme_by_id(scheme_id).levels
    return np.array([levels.index(t) for t in result["tier"].tolist()])


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    percent = st.one_of(
        st.floats(0, 100, allow_nan=False), st.sampled_from([0.0, 2.99, 3.0, 6.99, 7.0, 99.99, 100.0])
    )
    ogrs = draw(percent)
    row: dict[str, Any] = {
        "case_id": "SYN-000001",
        "age": draw(st.integers(18, 90)),
        "gender": draw(st.sampled_from(["male", "female"])),
        "area": "Example",
        "order_type": (
            order := draw(st.sampled_from(["community order", "suspended sentence order", "licence"]))
        ),
        "custodial": order == "licence",
        "rosh": draw(st.sampled_from(ROSH_LEVELS)),
        "ogrs": ogrs,
        "ogrs_band": "very high"
        if ogrs >= 90
        else "high"
        if ogrs >= 75
        else "medium"
        if ogrs >= 50
        else "low",
        "rsr": draw(percent),
        "arp": draw(st.one_of(st.floats(0, 100), st.sampled_from([14.9, 15.0, 25.0, 50.0, 75.0, 90.0]))),
        "csrp": draw(st.one_of(st.floats(0, 100), st.sampled_from([0.49, 0.5, 1.0, 3.0, 6.89, 6.9]))),
        "dcsrp_band": draw(st.sampled_from(("none", *BANDS))),
        "mappa_level": draw(st.integers(0, 3)),
    }
    for name in (
        *(f"req_{r}" for r in REQUIREMENTS),
        *(f"flag_{f}" for f in COMPLEXITY_FLAGS),
        *(f"wf_{w}" for w in WOMEN_FACTORS),
        "ppo", "iom", "domestic_abuse", "stalking", "sexual_offence", "oasys_assessed",
        "youth_transition", "shift_work", "literacy_below_l1", "rural",
    ):  # fmt: skip
        row[name] = draw(st.booleans())
    for need in NEEDS:
        row[f"need_{need}"] = draw(st.sampled_from(SEVERITIES))
    return row


caseloads = st.lists(cases(), min_size=1, max_size=12)


@SETTINGS
@given(caseloads)
def test_raising_rosh_never_lowers_the_tier(rows):
    """Protect level in 2021, and the tier in every scheme, never fall as RoSH rises."""
    ladders = as_caseload([row | {"rosh": level} for row in rows for level in ROSH_LEVELS])
    shape = (len(rows), len(ROSH_LEVELS))  # one row per case, RoSH rising along it
    protect = tier_2021(ladders)["protect_level"].cat.codes.to_numpy().reshape(shape)
    assert (np.diff(protect, axis=1) >= 0).all()
    for scheme_id in ("omm-2005", "hmpps-2026", "needs-first"):  # 2021 labels order by protect first
        ranks = rank(assign_tiers(ladders, scheme_id), scheme_id).reshape(shape)
        assert (np.diff(ranks, axis=1) >= 0).all(), scheme_id


@SETTINGS
@given(cases(), st.sampled_from(NEEDS), st.data())
def test_adding_a_need_never_lowers_the_change_level(row, need, data):
    row = row | {"oasys_assessed": True, "req_supervision": True}  # a mandate and an assessment
    before = row[f"need_{need}"]
    higher = data.draw(st.sampled_from(SEVERITIES[SEVERITIES.index(before) :]))
    frame = as_caseload([row, row | {f"need_{need}": higher}])
    result = tier_2021(frame)
    assert result["change_level"].iloc[1] >= result["change_level"].iloc[0]
    assert result["change_points"].iloc[1] >= result["change_points"].iloc[0]
    assert result["protect_points"].iloc[1] == result["protect_points"].iloc[0]
    for function in (tier_2005, tier_needs_first):
        tiers = function(frame)["tier"]
        assert tiers.iloc[1] >= tiers.iloc[0]


@SETTINGS
@given(caseloads)
def test_every_scheme_is_reproducible_and_gives_one_row_with_a_reason_per_case(rows):
    index = pd.Index([f"case-{i}" for i in reversed(range(len(rows)))])
    frame = as_caseload(rows, index=index)
    copy = frame.copy()
    for scheme_id in SCHEME_IDS:
        result = assign_tiers(frame, scheme_id)
        assert_frame_equal(result, assign_tiers(frame, scheme_id))
        assert list(result.columns) == COLUMNS[scheme_id]
        assert result.index.equals(frame.index)
        assert result["tier"].notna().all()
        assert (result["reason"].str.len() > 20).all()
        assert not result["reason"].str.contains("\x00").any()
    assert_frame_equal(frame, copy)  # the caseload is not changed


@SETTINGS
@given(caseloads)
def test_the_needs_first_harm_floor_holds(rows):
    frame = as_caseload(rows)
    result = tier_needs_first(frame)
    harm = frame["rosh"].isin(["high", "very high"]) | (frame["mappa_level"] >= 2)
    assert (result["tier"][harm] >= 3).all()
    without_floor = tier_needs_first(frame, NeedsFirstRules(harm_floor_rosh=(), harm_floor_mappa_min=None))
    assert (result["tier"] >= without_floor["tier"]).all()
    assert (result["tier"][~harm] == without_floor["tier"][~harm]).all()


@SETTINGS
@given(
    caseloads,
    st.sampled_from(["tier4_mappa_min", "tier3_ogrs_min", "tier3_needs_min", "tier2_needs_min"]),
    st.integers(1, 40),
)
def test_lowering_an_omm_2005_threshold_never_lowers_a_tier(rows, name, step):
    frame = as_caseload(rows)
    rules = Omm2005Rules()
    base = tier_2005(frame, rules)["tier"]
    value = getattr(rules, name)
    lower = tier_2005(frame, dataclasses.replace(rules, **{name: max(value - step, 0)}))["tier"]
    higher = tier_2005(frame, dataclasses.replace(rules, **{name: value + step}))["tier"]
    assert (lower >= base).all() and (higher <= base).all()
    off = tier_2005(frame, dataclasses.replace(rules, **{name: None}))["tier"]
    assert (off <= base).all()


@SETTINGS
@given(caseloads, st.floats(0.1, 1.0), st.floats(0.01, 50))
def test_workload_figures_are_consistent(rows, capacity, officers):
    frame = as_caseload(rows)
    for scheme_id in SCHEME_IDS:
        result = workload(assign_tiers(frame, scheme_id), scheme_id, capacity=capacity, officers=officers)
        assert result.by_tier["cases"].sum() == len(frame)
        assert result.officer_points == pytest.approx(2176 * capacity)
        assert result.officers_needed * result.officer_points == pytest.approx(result.total_points)
        assert result.total_points == (result.by_tier["cases"] * result.by_tier["points_per_case"]).sum()
        assert result.cases_per_officer * result.officers_needed == pytest.approx(len(frame))
        assert result.capacity_used == pytest.approx(result.officers_needed / officers)
        assert result.excessive == (result.capacity_used > 1.10)
        assert list(result.by_tier.index) == list(scheme_by_id(scheme_id).levels)


def random_caseload(size: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    columns: dict[str, Any] = {"case_id": [f"SYN-{i:06d}" for i in range(size)]}
    for column in CASELOAD[1:]:
        if column.kind == "bool":
            columns[column.name] = rng.random(size) < 0.15
        elif column.kind == "category":
            columns[column.name] = rng.choice(column.choices or ("North", "South", "East"), size)
        elif column.name == "mappa_level":
            columns[column.name] = rng.choice(4, size, p=[0.9, 0.05, 0.04, 0.01])
        elif column.kind == "int":
            columns[column.name] = rng.integers(18, 80, size)
        else:
            columns[column.name] = np.round(
                rng.random(size) * (25 if column.name in ("rsr", "csrp") else 100), 2
            )
    columns["custodial"] = columns["order_type"] == "licence"  # a licence case is custodial, no other
    return as_caseload_columns(columns)


def as_caseload_columns(columns: dict[str, Any]) -> pd.DataFrame:
    frame = pd.DataFrame(columns)
    for column in CASELOAD:
        if column.kind == "category":
            frame[column.name] = pd.Categorical(frame[column.name], categories=column.choices)
    return frame


def test_a_caseload_of_250000_tiers_under_every_scheme():
    frame = random_caseload(250_000, seed=20091215)
    for scheme_id in SCHEME_IDS:
        result = assign_tiers(frame, scheme_id)
        assert len(result) == len(frame)
        assert result["tier"].notna().all() and result["reason"].notna().all()
        assert workload(result, scheme_id).by_tier["cases"].sum() == len(frame)


def test_text_columns_give_the_same_tiers_as_categorical_ones():
    frame = random_caseload(2_000, seed=1)
    as_text = frame.astype({c.name: str for c in CASELOAD if c.kind == "category"})
    for scheme_id in SCHEME_IDS:
        assert_frame_equal(assign_tiers(frame, scheme_id), assign_tiers(as_text, scheme_id))


# The 2021 rules at their edges (the worked examples cover the rest).


def one(**fields: Any) -> pd.DataFrame:
    row = example_caseload().iloc[[1]].copy()  # the medium-RoSH case
    for name, value in fields.items():
        row[name] = pd.Series([value], index=row.index).astype(row[name].dtype)
    return row


@pytest.mark.parametrize(
    ("fields", "change_level", "change_points"),
    [
        ({"req_supervision": False, "req_unpaid_work": True, "req_curfew": True}, 0, 0),
        ({"req_supervision": False}, 0, 0),  # a community sentence with no requirements
        ({"req_supervision": False, "req_drr": True}, 1, 8),
        ({"req_supervision": False, "req_programme": True}, 1, 8),
        ({"req_supervision": False, "custodial": True, "order_type": "licence"}, 1, 8),
        ({"oasys_assessed": False}, 2, 0),
        ({"req_supervision": False, "oasys_assessed": False}, 0, 0),  # no mandate comes first
    ],
)
def test_mandate_for_change_and_missing_assessment(fields, change_level, change_points):
    result = tier_2021(one(**fields)).iloc[0]
    assert (result["change_level"], result["change_points"]) == (change_level, change_points)
    assert ("mandate" in result["reason"]) == (change_level == 0)


def test_womens_factors_count_only_for_women():
    man = tier_2021(one(wf_parenting=True, wf_impulsivity=True, wf_breach_recall=True)).iloc[0]
    woman = tier_2021(
        one(gender="female", wf_parenting=True, wf_impulsivity=True, wf_breach_recall=True)
    ).iloc[0]
    assert woman["protect_points"] - man["protect_points"] == 6
    assert "3 women's factors (6)" in woman["reason"]


def test_the_reason_reads_like_the_example_in_the_brief():
    reason = tier_2021(example_caseload()).loc[3, "reason"]
    assert reason == (
        "Protect B: RoSH high (20 points; RSR 4.2% scores 10, the larger counts) + 2 complexity flags (4)"
        " = 24. Change 2: needs 12 points + OGRS 59% (5) = 17."
    )


# The 2026 single tier.


@pytest.mark.parametrize(
    ("arp", "csrp", "tier"),
    [(90, 6.9, "A"), (89.9, 6.9, "A"), (50, 6.9, "B"), (0, 6.9, "B"), (90, 3.0, "A"), (75, 3.0, "B"),
     (74.9, 2.99, "D"), (49.9, 1.0, "E"), (25, 0.5, "E"), (24.9, 0.5, "F"), (14.9, 0.49, "G"),
     (100, 0, "D")],
)  # fmt: skip
def test_the_2026_reoffending_table(arp, csrp, tier):
    result = tier_2026(one(arp=arp, csrp=csrp, rosh="low")).iloc[0]
    assert (result["tier"], result["step"]) == (tier, "reoffending")


@pytest.mark.parametrize(
    ("fields", "tier", "step"),
    [
        ({"mappa_level": 1}, "E", "mappa_rosh"),
        ({"mappa_level": 1, "rosh": "high"}, "C", "mappa_rosh"),
        ({"mappa_level": 3, "rosh": "very high"}, "A", "mappa_rosh"),
        ({"rosh": "high"}, "D", "mappa_rosh"),
        ({"rosh": "very high"}, "C", "mappa_rosh"),
        ({"dcsrp_band": "medium"}, "C", "sexual_reoffending"),
        ({"dcsrp_band": "very high"}, "A", "sexual_reoffending"),
        ({"domestic_abuse": True}, "E", "domestic_abuse"),
        ({"stalking": True}, "F", "stalking"),
        ({"flag_child_protection": True}, "F", "child_protection"),
        ({"sexual_offence": True}, "E", "sexual_offence"),
        ({"stalking": True, "sexual_offence": True}, "E", "sexual_offence"),
    ],
)
def test_the_2026_steps(fields, tier, step):
    result = tier_2026(one(**({"arp": 0.0, "csrp": 0.0, "rosh": "low"} | fields))).iloc[0]
    assert (result["tier"], result["step"]) == (tier, step)
    assert result["reason"].startswith(f"Tier {tier}: ")


# Rules objects, dispatch and parameters.


def test_assign_tiers_takes_rules_or_single_fields():
    cases = example_caseload()
    rules = Omm2005Rules(tier3_needs_min=3)
    assert_frame_equal(assign_tiers(cases, "omm-2005", rules=rules), tier_2005(cases, rules))
    assert_frame_equal(assign_tiers(cases, "omm-2005", tier3_needs_min=3), tier_2005(cases, rules))
    with pytest.raises(ValueError, match="takes Omm2005Rules"):
        assign_tiers(cases, "omm-2005", rules=NeedsFirstRules())
    with pytest.raises(ValueError, match="no rule"):
        assign_tiers(cases, "omm-2005", tier9_anything=1)
    with pytest.raises(ValueError, match="unknown tiering scheme"):
        assign_tiers(cases, "omm-2006")


def plain(value: Any) -> Any:
    """Mappings as dicts and sequences as lists, all the way down."""
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


@pytest.mark.parametrize(
    ("rules_class", "file"),
    [(Hmpps2021Rules, "hmpps_2021"), (Hmpps2026Rules, "hmpps_2026"), (Omm2005Rules, "omm_2005"),
     (NeedsFirstRules, "needs_first")],
)  # fmt: skip
def test_rules_are_frozen_hashable_and_default_to_the_data_files(rules_class, file):
    rules = rules_class()
    assert hash(rules) == hash(rules_class())
    first = dataclasses.fields(rules)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(rules, first, None)
    assert {f.name for f in dataclasses.fields(rules)} == set(PARAMETERS[file])
    for name, parameter in PARAMETERS[file].items():
        assert plain(getattr(rules, name)) == plain(parameter.value), name


def test_bad_rules_are_refused():
    with pytest.raises(ValueError):
        Hmpps2021Rules(protect_thresholds={"A": 10, "B": 20, "C": 5})
    with pytest.raises(ValueError):
        NeedsFirstRules(need_weights={"drugs": 1})
    with pytest.raises(ValueError):
        Omm2005Rules(tier4_rosh=("extreme",))
    with pytest.raises(ValueError):
        Hmpps2026Rules(reoffending_table=(("A",),))


def test_bad_caseloads_are_refused_with_the_column_named():
    cases = example_caseload()
    with pytest.raises(ValueError, match="lacks"):
        tier_2021(cases.drop(columns="rosh"))
    broken = cases.astype({"rosh": str})
    broken.loc[2, "rosh"] = "extreme"
    with pytest.raises(ValueError, match="'rosh'"):
        tier_2026(broken)


def test_every_parameter_has_a_source_and_status(tmp_path):
    table = parameters_table()
    assert set(table["status"]) == {"published", "assumption"}
    assert table["source"].str.len().gt(5).all()
    assert (table.loc[table["file"] == "omm_2005.toml", "status"] == "assumption").all()
    assert (table.loc[table["file"] == "needs_first.toml", "status"] == "assumption").all()
    assert (table.loc[table["file"] == "hmpps_2021.toml", "status"] == "published").all()
    bad = tmp_path / "bad.toml"
    bad.write_text('[x]\nvalue = 1\nsource = "ours"\nstatus = "guess"\n')
    with pytest.raises(ValueError, match="status"):
        load_parameters(bad)


def test_workload_uses_the_published_2021_points():
    result = workload(pd.Series(["A3", "D0", "D0"]), "hmpps-2021")
    assert result.total_points == 206 + 29 + 29
    assert result.points_status == "published"
    assert workload(pd.Series([1, 4]), "omm-2005").points_status == "assumption"
    with pytest.raises(ValueError, match="not levels"):
        workload(pd.Series(["A4"]), "hmpps-2021")
    busy = workload(pd.Series(["A3"] * 12), "hmpps-2021", officers=1)
    assert busy.capacity_used == pytest.approx(12 * 206 / 2176) and busy.excessive


def test_the_needs_first_defaults_spread_a_correlated_caseload():
    """About a quarter to a third of a caseload with correlated needs lands in each of tiers 2 and 3."""
    rng = np.random.default_rng(7)
    size = 50_000
    frame = random_caseload(size, seed=7)
    # Four needs in ten on average, a third of them severe, correlated through one latent factor.
    prevalence = np.array([0.30, 0.52, 0.35, 0.45, 0.35, 0.40, 0.65, 0.35, 0.35, 0.40])
    latent = 0.5 * rng.standard_normal((size, 1)) + np.sqrt(0.75) * rng.standard_normal((size, len(NEEDS)))
    normal = NormalDist()
    present = latent > np.array([normal.inv_cdf(1 - p) for p in prevalence])
    severe = latent > np.array([normal.inv_cdf(1 - 0.3 * p) for p in prevalence])
    for i, need in enumerate(NEEDS):
        codes = present[:, i].astype(int) + severe[:, i]
        frame[f"need_{need}"] = pd.Categorical.from_codes(codes, categories=SEVERITIES)
    frame["oasys_assessed"] = True
    frame["rosh"] = pd.Categorical(
        rng.choice(ROSH_LEVELS, size, p=[0.25, 0.5, 0.24, 0.01]), categories=ROSH_LEVELS
    )
    frame["mappa_level"] = 0
    shares = tier_needs_first(frame)["tier"].value_counts(normalize=True)
    assert 0.25 <= shares[2] <= 0.4 and 0.25 <= shares[3] <= 0.4, shares


def test_tiering_imports_only_numpy_pandas_and_the_standard_library():
    code = (
        "import sys, workbook.tiering\n"
        "heavy = [m for m in ('plotly', 'ipywidgets', 'IPython', 'voila', 'scipy') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_an_empty_caseload_gives_an_empty_result():
    empty = example_caseload().iloc[:0]
    for scheme_id in SCHEME_IDS:
        result = assign_tiers(empty, scheme_id)
        assert list(result.columns) == COLUMNS[scheme_id] and result.empty
        assert workload(result, scheme_id).total_points == 0


def test_mappa_levels_outside_0_to_3_are_refused():
    cases = example_caseload()
    cases.loc[2, "mappa_level"] = 4
    for scheme_id in SCHEME_IDS:
        with pytest.raises(ValueError, match="mappa_level"):
            assign_tiers(cases, scheme_id)
