"""Sensitivity analysis: no effect ranks last, a dominant one first; the shipped result is current."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from workbook.caseload import generate
from workbook.cli import main
from workbook.compliance import SENSITIVITY_MEASURES, load_parameters, read_sensitivity, sensitivity
from workbook.compliance._sensitivity import COMMAND, TABLE_COLUMNS, defaults_digest, factors

# A designed case on the real model. With verbal warnings off (the default, and not varied here),
# verbal_warning_gain cannot change anything: every run with the same seed meets the same random
# numbers, so its elementary effects are exactly 0. The chance of missing through illness sets the
# largest share of absences, so it dominates appointments kept.
DESIGNED = ["verbal_warning_gain", "illness_chance", "late_minutes_mean", "officer_spread"]
SMALL = {"weeks": 12, "workers": 1, "progress": False, "seed": 3}


@pytest.fixture(scope="module")
def cases():
    return generate(300, seed=2)


@pytest.fixture(scope="module")
def designed(cases):
    return sensitivity(cases, method="sobol", names=DESIGNED, trajectories=4, samples=16, top=3, **SMALL)


def test_a_parameter_with_no_effect_ranks_last_and_a_dominant_one_first(designed):
    for method in ("morris", "sobol"):
        ranked = designed.ranking("kept_share", method)
        assert ranked["parameter"].iloc[0] == "illness_chance", method
    morris = designed.ranking("kept_share", "morris")
    assert morris["parameter"].iloc[-1] == "verbal_warning_gain"
    assert morris.set_index("parameter").loc["verbal_warning_gain", "mu_star"] == 0
    assert morris.set_index("parameter").loc["illness_chance", "mu_star"] > 0.01


def test_sobol_measures_only_the_top_of_the_screening(designed):
    assert len(designed.settings["measured"]) == 3
    assert "verbal_warning_gain" not in designed.settings["measured"]
    sobol = designed.table[designed.table["method"] == "sobol"]
    assert set(sobol["parameter"]) == set(designed.settings["measured"])
    assert set(sobol["index"]) == {"S1", "ST"}
    assert designed.settings["runs"] == 4 * (len(DESIGNED) + 1) + 16 * (3 + 2)


def test_the_table_is_tidy_with_every_measure_and_a_rank(designed):
    table = designed.table
    assert tuple(table.columns) == TABLE_COLUMNS
    assert set(table["measure"]) == set(SENSITIVITY_MEASURES)
    for (_, _, index), rows in table.groupby(["method", "measure", "index"]):
        assert sorted(rows["rank"]) == list(range(1, len(rows) + 1)), index
    assert table["label"].str.len().max() <= 71 and not table["label"].str.contains("_").any()


def test_factors_cover_every_lever_and_every_rate_that_can_vary():
    parameters = load_parameters()
    names = {f.name for f in factors()}
    fixed = {k for k, p in parameters.items() if p.low is not None and p.low == p.high}
    assert fixed == {"warning_window_weeks", "recall_failures"}
    assert names == {k for k, p in parameters.items() if p.kind in ("lever", "rate")} - fixed
    for f in factors():
        for x in np.linspace(f.low - 1e-12, f.high + 1e-12, 7):
            value = f.value(x)
            p = f.parameter
            if p.low is not None:
                assert p.low <= value <= p.high, (f.name, x, value)
            assert type(value) is type(p.value), f.name


def test_the_same_settings_give_the_same_result(cases, designed):
    again = sensitivity(cases, method="sobol", names=DESIGNED, trajectories=4, samples=16, top=3, **SMALL)
    assert_frame_equal(again.table, designed.table)


def test_bad_settings_are_refused(cases):
    with pytest.raises(ValueError, match="power of 2"):
        sensitivity(cases, samples=10, progress=False)
    with pytest.raises(ValueError, match="unknown method"):
        sensitivity(cases, method="fast", progress=False)
    with pytest.raises(KeyError, match="cannot vary warning_window_weeks"):
        sensitivity(cases, names=["warning_window_weeks"], progress=False)


def test_results_round_trip_through_json_and_csv(designed, tmp_path):
    back = read_sensitivity(designed.write(tmp_path / "s.json"))
    assert_frame_equal(back.table, designed.table)
    assert back.settings == json.loads(json.dumps(designed.settings))
    flat = pd.read_csv(designed.write(tmp_path / "s.csv"))
    assert len(flat) == len(designed.table) and {"workbook", "seed", "cases", "defaults_sha256"} <= set(flat)


def test_the_shipped_result_is_for_the_current_defaults():
    shipped = read_sensitivity()
    assert shipped.settings["defaults_sha256"] == defaults_digest(), (
        f"The defaults changed since data/compliance/sensitivity.json was computed: run `{COMMAND}`"
    )
    assert shipped.settings["command"] == COMMAND
    assert set(shipped.settings["screened"]) == {f.name for f in factors()}
    assert set(shipped.table["measure"]) == set(SENSITIVITY_MEASURES)
    assert len(shipped.settings["measured"]) == 8


def test_cli_sensitivity_writes_a_table_with_provenance(tmp_path, capsys):
    out = tmp_path / "morris.csv"
    args = ["sensitivity", "--method", "morris", "--cases", "200", "--trajectories", "2", "--weeks", "8",
            "--workers", "1", "--quiet", "--out", str(out)]  # fmt: skip
    assert main(args) == 0
    table = pd.read_csv(out)
    assert set(table["method"]) == {"morris"} and {"workbook", "cases", "seed", "trajectories"} <= set(table)
    printed = capsys.readouterr()
    assert "Appointments kept: the five assumptions it depends on most (mu_star)" in printed.out
    assert f"wrote {out}" in printed.err


def test_cli_sensitivity_refuses_bad_sizes(capsys):
    assert main(["sensitivity", "--samples", "100", "--cases", "200", "--quiet"]) == 2
    assert "power of 2" in capsys.readouterr().err
