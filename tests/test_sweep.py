"""Sweeps: tidy rows, levers and rates routed by kind, ranges held, the same rows however they run."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from workbook.caseload import generate
from workbook.cli import main
from workbook.compliance import (
    SUBGROUPS,
    BeyondRange,
    ParameterRangeError,
    Scenario,
    rates,
    replicate,
    simulate,
    subgroup_summary,
    sweep,
)

WEEKS = 16


@pytest.fixture(scope="module")
def cases():
    return generate(300, seed=4)


# -- range checks, wherever rates are set ---------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"forget_chance": 5.0}, "forget_chance = 5.0: outside its declared range 0.02 to 0.15"),
        ({"officers": 0}, "officers = 0: outside its declared range 1 to 40"),
        ({"officers": 2.5}, "officers = 2.5: should be a whole number"),
        ({"late_chance": "often"}, "late_chance = 'often': should be a number"),
        ({"late_chance": True}, "late_chance = True: should be a number"),
        ({"late_chance": float("nan")}, "should be a number"),
        ({"recall_failures": 4}, "recall_failures = 4: outside its declared range 3 to 3"),
    ],
)
def test_simulate_refuses_a_rate_outside_its_declared_range(cases, overrides, words):
    with pytest.raises(ParameterRangeError, match=words.replace("(", r"\(").replace(".", r"\.")):
        simulate(cases, seed=1, weeks=WEEKS, params=overrides)


def test_a_designed_test_may_leave_the_ranges_but_not_the_types():
    assert rates(BeyondRange(forget_chance=0.0))["forget_chance"] == 0.0
    with pytest.raises(ParameterRangeError, match="should be a number"):
        rates(BeyondRange(forget_chance="none"))
    with pytest.raises(KeyError, match="unknown compliance rate"):
        rates(BeyondRange(nonsense=1))


def test_every_default_is_within_its_own_range():
    assert rates() == rates(rates())


# -- the sweep -----------------------------------------------------------------------------------


def test_sweep_gives_one_tidy_row_per_point_and_seed_with_swept_values_as_columns(cases):
    rows = sweep(
        cases, {"text_reminders": [False, True], "forget_chance": [0.05, 0.12]}, [1, 2],
        weeks=WEEKS, workers=1, progress=False,
    )  # fmt: skip
    assert len(rows) == 2 * 2 * 2
    assert list(rows.columns[:4]) == ["point", "text_reminders", "forget_chance", "seed"]
    assert "scenario" not in rows.columns
    assert rows.groupby("point")[["text_reminders", "forget_chance"]].nunique().eq(1).all().all()
    assert sorted(map(tuple, rows[["text_reminders", "forget_chance"]].drop_duplicates().to_numpy())) == [
        (False, 0.05), (False, 0.12), (True, 0.05), (True, 0.12),
    ]  # fmt: skip
    assert rows.attrs["provenance"]["seeds"] == [1, 2]


def test_levers_and_rates_are_routed_by_their_kind(cases):
    rows = sweep(cases, [{"compliance_mentor": True, "mentor_gain": 0.15}], [3], weeks=WEEKS, workers=1,
                 progress=False)  # fmt: skip
    expected = replicate(
        cases, Scenario(compliance_mentor=True), [3], weeks=WEEKS, params={"mentor_gain": 0.15}
    )
    measures = [c for c in expected.columns if c not in ("scenario", "seed")]
    assert_frame_equal(rows[measures], expected[measures])


def test_a_rate_that_shares_a_measures_name_keeps_both_columns(cases):
    rows = sweep(cases, {"engagement_mean": [0.6, 0.85]}, [1], weeks=WEEKS, workers=1, progress=False)
    assert rows["engagement_mean_rate"].tolist() == [0.6, 0.85]
    assert rows["engagement_mean"].is_monotonic_increasing  # the measure: people start more engaged


def test_the_rates_not_swept_are_held_to_their_ranges_too(cases):
    with pytest.raises(ParameterRangeError, match="forget_chance"):
        sweep(cases, {"officers": [4]}, [1], params={"forget_chance": 1.0}, workers=1, progress=False)


@pytest.mark.parametrize(
    ("grid", "error", "words"),
    [
        ({"forget_chance": [0.05, 5.0]}, ParameterRangeError, "forget_chance = 5.0: outside"),
        ({"induction_quality": [2.0]}, ParameterRangeError, "induction_quality = 2.0: outside"),
        ({"schedule": ["ns2099"]}, ValueError, "schedule = 'ns2099': not one of ns2005, ns2007"),
        ({"text_reminders": ["sometimes"]}, ParameterRangeError, "should be true or false"),
        ({"nonsense": [1]}, KeyError, "not a compliance lever or rate"),
        ({"officers": 4}, TypeError, "should be a list"),
        ({"officers": []}, ValueError, "at least one grid point"),
    ],
)
def test_a_bad_grid_is_refused_before_anything_runs(cases, grid, error, words):
    with pytest.raises(error, match=words):
        sweep(cases, grid, [1], workers=1, progress=False)


def test_subgroup_rows_match_the_whole_caseload_and_the_named_groups(cases):
    rows = sweep(cases, {"flexible_rescheduling": [False, True]}, [1], by="subgroup", weeks=WEEKS, workers=1,
                 progress=False)  # fmt: skip
    assert len(rows) == 2 * len(SUBGROUPS)
    assert list(rows.columns[:4]) == ["point", "flexible_rescheduling", "seed", "group"]
    plain = sweep(
        cases, {"flexible_rescheduling": [False, True]}, [1], weeks=WEEKS, workers=1, progress=False
    )
    everyone = rows[rows["group"] == "Everyone"].reset_index(drop=True)
    assert_frame_equal(everyone[plain.columns[3:]], plain[plain.columns[3:]])
    shift = rows[rows["group"] == "Shift workers"].set_index("flexible_rescheduling")["kept_share"]
    assert shift[True] > shift[False]  # re-arranged clashes are kept, and shift workers clash most


def test_grouping_by_a_column_covers_every_case_once(cases):
    rows = sweep(cases, {"officers": [4]}, [1, 2], by="tier", weeks=WEEKS, workers=1, progress=False)
    assert rows.groupby("seed")["cases"].sum().eq(len(cases)).all()
    assert set(rows["tier"]) <= {1, 2, 3, 4}


def test_subgroup_summary_is_public_and_pools_runs(cases):
    runs = [simulate(cases, seed=s, weeks=WEEKS).appointments for s in (1, 2)]
    pooled = subgroup_summary(pd.concat(runs, ignore_index=True), cases)
    assert pooled.set_index("group").loc["Everyone", "cases"] == 2 * len(cases)
    nobody = subgroup_summary(runs[0], cases, groups={"Nobody": lambda c: c["age"] > 200})
    assert nobody["cases"].tolist() == [0] and pd.isna(nobody["kept_share"].iloc[0])
    with pytest.raises(KeyError, match="cannot group by"):
        subgroup_summary(runs[0], cases, by="shoe_size")


# -- the same rows however the runs are done -----------------------------------------------------

GRID = {"text_reminders": [False, True], "officers": [4, 12]}


@pytest.fixture(scope="module")
def serial(cases):
    return sweep(cases, GRID, [1, 2, 3], weeks=WEEKS, workers=1, progress=False)


def test_local_processes_give_the_serial_rows(cases, serial):
    seen = []
    parallel = sweep(cases, GRID, [1, 2, 3], weeks=WEEKS, workers=2, progress=False,
                     on_progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    assert_frame_equal(parallel, serial)
    assert seen[-1] == (12, 12) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_dask_cluster_gives_the_serial_rows(cases, serial):
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None, silence_logs=50
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_cluster = sweep(cases, GRID, [1, 2, 3], weeks=WEEKS, client=client, progress=False)
        by_address = sweep(
            cases, GRID, [1, 2, 3], weeks=WEEKS, client=cluster.scheduler_address, progress=False
        )
    assert_frame_equal(on_cluster, serial)
    assert_frame_equal(by_address, serial)


# -- the command line ----------------------------------------------------------------------------


def test_cli_sweep_writes_a_tidy_table_and_says_where(tmp_path, capsys):
    out = tmp_path / "sweep.csv"
    args = ["sweep", "--set", "text_reminders=false,true", "--set", "forget_chance=0.05", "--cases", "300",
            "--replicates", "2", "--weeks", str(WEEKS), "--workers", "1", "--quiet"]  # fmt: skip
    args += ["--out", str(out)]
    assert main(args) == 0
    rows = pd.read_csv(out)
    assert len(rows) == 4 and {"text_reminders", "forget_chance", "seed", "kept_share", "workbook"} <= set(
        rows
    )
    assert f"wrote {out}" in capsys.readouterr().err


def test_cli_sweep_json_carries_provenance(tmp_path):
    out = tmp_path / "sweep.json"
    args = ["sweep", "--set", "officers=4", "--by", "subgroup", "--cases", "300", "--replicates", "1",
            "--weeks", str(WEEKS), "--workers", "1", "--quiet", "--out", str(out)]  # fmt: skip
    assert main(args) == 0
    record = json.loads(out.read_text())
    assert record["provenance"]["caseload"] == "synthetic, seed 1"
    assert len(record["rows"]) == len(SUBGROUPS)


@pytest.mark.parametrize(
    ("values", "words"),
    [
        (["forget_chance=5"], "forget_chance = 5: outside its declared range 0.02 to 0.15"),
        (["nonsense=1"], "'nonsense' is not a compliance lever or rate"),
        (["officers"], "write NAME=V1,V2"),
    ],
)
def test_cli_sweep_names_what_is_wrong_without_a_traceback(capsys, values, words):
    args = ["sweep", *[a for v in values for a in ("--set", v)], "--cases", "300", "--quiet"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_cli_simulate_params_file_is_held_to_the_ranges(tmp_path, capsys):
    params = tmp_path / "mine.json"
    params.write_text(json.dumps({"text_reminders": True, "rates": {"forget_chance": 5.0}}))
    assert main(["simulate", "--params", str(params), "--cases", "300", "--replicates", "1"]) == 2
    err = capsys.readouterr().err
    assert str(params) in err and "forget_chance = 5.0: outside its declared range" in err


def test_the_scheduler_comes_from_the_environment(monkeypatch):
    from workbook.cli import _parser

    monkeypatch.setenv("WORKBOOK_DASK_SCHEDULER", "tcp://10.0.0.5:8786")
    args = _parser().parse_args(["sweep", "--set", "officers=4"])
    assert args.scheduler == "tcp://10.0.0.5:8786"
    assert _parser().parse_args(["sensitivity", "--scheduler", "tcp://h:1"]).scheduler == "tcp://h:1"
