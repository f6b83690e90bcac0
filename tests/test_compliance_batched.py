"""Runs stepped side by side give, run for run, exactly what each gives alone.

``simulate_seeds`` and ``replicate`` run their seeds side by side (``_core.run_seeds``); every
frame they give must equal, bit for bit, ``simulate`` under the same seed on its own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from workbook.caseload import generate
from workbook.compliance import Scenario, replicate, simulate
from workbook.compliance._cases import Cases
from workbook.compliance._core import run, run_seeds
from workbook.compliance._engine import simulate_seeds
from workbook.compliance._parameters import rates

FRAMES = ("appointments", "weekly", "summary", "events")
SCENARIOS = [
    Scenario(),
    Scenario(name="levers", text_reminders=True, verbal_warning=True, programme_starts="cohort",
             tolerance_consistent=True, compliance_mentor=True),
]  # fmt: skip


@pytest.fixture(scope="module")
def caseload():
    return generate(600, seed=8)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
def test_seeds_side_by_side_give_each_seeds_own_frames(caseload, scenario):
    seeds = [5, 6, 40]
    for seed, together in zip(seeds, simulate_seeds(caseload, scenario, seeds, weeks=60), strict=True):
        alone = simulate(caseload, scenario, seed=seed, weeks=60)
        for frame in FRAMES:
            pd.testing.assert_frame_equal(getattr(together, frame), getattr(alone, frame), check_exact=True)


def test_replicate_gives_each_seeds_own_summary(caseload):
    alone = pd.concat([simulate(caseload, SCENARIOS[1], seed=s).summary for s in range(4)], ignore_index=True)
    pd.testing.assert_frame_equal(replicate(caseload, SCENARIOS[1], range(4)), alone, check_exact=True)


def test_replicate_types_numpy_seeds_as_before(caseload):
    seeds = [np.int64(3), 4, np.uint8(2)]  # not plain ints: stacked as one-row frames, as they always were
    alone = pd.concat(
        [simulate(caseload, None, seed=s).summary.assign(seed=s) for s in seeds], ignore_index=True
    )
    pd.testing.assert_frame_equal(replicate(caseload, None, seeds), alone, check_exact=True)


def test_batches_split_where_they_must_and_keep_the_seeds_in_order(caseload):
    c, p = Cases.from_caseload(caseload), rates()
    batches = list(run_seeds(c, Scenario(), p, [1, 2, 3, 4, 5], 30, batch=1300))  # two runs at a time
    assert [len(b) for b in batches] == [2, 2, 1]
    for seed, out in zip([1, 2, 3, 4, 5], [o for b in batches for o in b], strict=True):
        alone = run(c, Scenario(), p, seed, 30)
        assert out.weekly == alone.weekly
        assert (out.outcomes == alone.outcomes).all() and (out.engagement == alone.engagement).all()
        assert [(w, s, e, list(x)) for x, w, s, e in out.log] == [
            (w, s, e, list(x)) for x, w, s, e in alone.log
        ]
