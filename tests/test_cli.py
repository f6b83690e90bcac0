"""The `workbook` command: evidence actions and clear messages on bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pandas as pd

from workbook.cli import main
from workbook.paths import SEMINAR_DIR


def test_check_reports_full_coverage(capsys):
    assert main(["evidence", "check"]) == 0
    out = capsys.readouterr().out
    assert "coverage: 46 of 46 paragraphs" in out


def test_export_csv_and_markdown(tmp_path, corpus):
    assert main(["evidence", "export", "--format", "csv", "--output", str(tmp_path / "e.csv")]) == 0
    assert pd.read_csv(tmp_path / "e.csv")["id"].tolist() == corpus.excerpts["id"].tolist()
    assert main(["evidence", "export", "--format", "md", "--output", str(tmp_path / "e.md")]) == 0
    assert (tmp_path / "e.md").read_text().startswith("# Seminar evidence")


def test_search_and_themes_print_results(capsys):
    assert main(["evidence", "search", "text messaging"]) == 0
    out = capsys.readouterr()
    assert "g-03" in out.out and "4 excerpt(s)" in out.err
    assert main(["evidence", "themes"]) == 0
    assert "induction" in capsys.readouterr().out


def test_a_broken_corpus_gets_one_line_not_a_traceback(tmp_path, capsys):
    shutil.copytree(SEMINAR_DIR, tmp_path / "seminar")
    path = tmp_path / "seminar" / "excerpts.toml"
    path.write_text(path.read_text().replace('kind = "concern"', 'kind = "worry"', 1))
    assert main(["evidence", "--data", str(tmp_path / "seminar"), "check"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("workbook: excerpts.toml, record 'g-01', field 'kind'")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_python_dash_m_works():
    result = subprocess.run(
        [sys.executable, "-m", "workbook", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("workbook ")


def test_console_script_is_installed():
    assert shutil.which("workbook") or (sys.prefix and shutil.which("workbook", path=f"{sys.prefix}/bin"))


def test_simulate_a_card_writes_results_with_provenance(tmp_path):
    out = tmp_path / "shift.json"
    args = [
        "simulate",
        "--card",
        "shift-working-employer",
        "--cases",
        "500",
        "--replicates",
        "2",
        "--out",
        str(out),
    ]
    assert main(args) == 0
    record = json.loads(out.read_text())
    assert record["seeds"] == [1, 2] and record["scenario"]["flexible_rescheduling"] is True
    assert record["workbook"] and "not a prediction" in record["note"]
    measures = {row["measure"]: row for row in record["summary"]}
    assert 0 < measures["Appointments kept"]["scenario"] < 1


def test_simulate_from_a_params_file_to_csv(tmp_path):
    params = tmp_path / "mine.json"
    params.write_text(json.dumps({"text_reminders": True, "rates": {"forget_chance": 0.05}}))
    out = tmp_path / "mine.csv"
    assert (
        main(["simulate", "--params", str(params), "--cases", "300", "--replicates", "1", "--out", str(out)])
        == 0
    )
    table = pd.read_csv(out)
    assert set(table["scenario"]) == {"mine"} and "Breaches per 100 orders" in set(table["measure"])


def test_simulate_bad_input_is_one_line(tmp_path, capsys):
    assert main(["simulate", "--card", "nope"]) == 2
    assert capsys.readouterr().err.startswith("workbook: no scenario card 'nope'; known:")
    bad = tmp_path / "bad.json"
    bad.write_text('{"text_reminder": true}')
    assert main(["simulate", "--params", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.json" in err and "text_reminder" in err and "Traceback" not in err
