"""The compliance engine against results it recorded before its week loop was split into steps.

``tests/data/compliance_engine_recorded.npz`` holds, for a few scenarios and seeds, the
engine's inputs (the cases' features, the rates, the schedule counts) and everything a run
leaves: per-case arrays, weekly rows and the event log. The engine must reproduce them from
the same inputs: integers exactly, engagement to the last bits this machine gives (and to
1e-12 elsewhere, where numpy's vectorised exp and log may round differently).

The inputs are stored, not rebuilt, so changes to the caseload generator, the tiering or the
shipped defaults do not disturb this test; only a change to the engine does. Record again
(``python tests/test_compliance_recorded.py``) only when the model is meant to change.
"""

from __future__ import annotations

import json
import sys
from dataclasses import fields
from pathlib import Path

import numpy as np
import pytest

from workbook.compliance import Scenario
from workbook.compliance._core import Cases, run

RECORDED = Path(__file__).parent / "data" / "compliance_engine_recorded.npz"
ALL_ON = {
    "text_reminders": True, "compliance_mentor": True, "flexible_rescheduling": True, "verbal_warning": True,
    "induction_continuity": True, "induction_quality": 0.8, "tolerance_consistent": True,
    "lateness_tolerance_minutes": 25.0, "officer_discretion": 0.7, "programme_starts": "rolling",
    "contact_intensity": 1.3, "schedule": "ns2007",
}  # fmt: skip
RUNS = {  # name: (levers, rate overrides, seed, weeks)
    "default": ({}, {}, 1, 52),
    "default-seed-7": ({}, {}, 7, 52),
    "all-levers": (ALL_ON, {}, 3, 52),
    "harsh-long": (
        {"officer_discretion": 0.2, "lateness_tolerance_minutes": 0.0},
        {  # every rate at the top of its range, so chances hit the cap
            "forget_chance": 0.15,
            "late_chance": 0.2,
            "disengage_chance": 0.05,
            "revocation_chance": 0.6,
            "youth_multiplier": 1.5,
        },
        5,
        130,
    ),
}
CASE_FIELDS = [f.name for f in fields(Cases)]


def _outputs(out) -> dict[str, np.ndarray]:
    log = out.log
    return {
        "officer": out.officer,
        "wait": out.wait,
        "appointments": out.appointments,
        "outcomes": out.outcomes,
        "reasons": out.reasons,
        "events": out.events,
        "revoked": out.revoked,
        "completed": out.completed,
        "engagement": out.engagement,
        "weekly": np.array(out.weekly, dtype=float),
        "log_cases": np.concatenate([x[0] for x in log]) if log else np.zeros(0, np.int64),
        "log_rows": np.array([(len(x[0]), x[1], x[2], x[3]) for x in log], dtype=np.int64).reshape(-1, 4),
    }


def _record() -> None:  # pragma: no cover - run by hand when the model is meant to change
    from workbook.caseload import generate
    from workbook.compliance import rates

    cases = Cases.from_caseload(generate(400, seed=2))
    stored = {f"cases/{name}": np.asarray(getattr(cases, name)) for name in CASE_FIELDS}
    stored["cases/case_id"] = stored["cases/case_id"].astype(str)  # no pickled objects in the file
    meta = {}
    for name, (levers, overrides, seed, weeks) in RUNS.items():
        p = rates(overrides)
        meta[name] = p
        out = run(cases, Scenario(name=name, **levers), p, seed, weeks)
        stored |= {f"{name}/{key}": value for key, value in _outputs(out).items()}
    stored["rates"] = np.array(json.dumps(meta))
    np.savez_compressed(RECORDED, **stored)


@pytest.fixture(scope="module")
def recorded():
    with np.load(RECORDED) as data:
        return {key: data[key] for key in data.files}


@pytest.mark.parametrize("name", list(RUNS))
def test_the_engine_reproduces_its_recorded_results(recorded, name):
    levers, _, seed, weeks = RUNS[name]
    cases = Cases(**{field: recorded[f"cases/{field}"] for field in CASE_FIELDS})
    p = json.loads(str(recorded["rates"]))[name]
    out = _outputs(run(cases, Scenario(name=name, **levers), p, seed, weeks))
    for key, value in out.items():
        expected = recorded[f"{name}/{key}"]
        assert value.shape == expected.shape, (name, key)
        if np.issubdtype(expected.dtype, np.floating):
            np.testing.assert_allclose(value, expected, rtol=1e-12, atol=1e-12, err_msg=f"{name}/{key}")
        else:
            np.testing.assert_array_equal(value, expected, err_msg=f"{name}/{key}")


if __name__ == "__main__":  # pragma: no cover
    _record()
    print(f"recorded {RECORDED}", file=sys.stderr)
