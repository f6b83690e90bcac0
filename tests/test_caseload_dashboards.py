"""The Caseload tiering and Risk and needs pages driven without a browser."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from workbook.caseload import generate, low_harm_high_need
from workbook.dashboards import caseload_tiering, risk_and_needs
from workbook.tiering import assign_tiers


def uploaded(name: str, content: bytes) -> tuple[dict]:
    return ({"name": name, "type": "", "size": len(content), "content": memoryview(content),
             "last_modified": datetime.now(UTC)},)  # fmt: skip


@pytest.fixture(scope="module")
def tiering():
    return caseload_tiering(n=1_000, seed=3)


def bar_totals(page) -> list[int]:
    """Cases per scheme shown by the stacked bars (everyone else + group)."""
    traces = page.counts_chart.figure["data"]
    return [int(sum(traces[i]["y"]) + sum(traces[i + 1]["y"])) for i in (0, 2)]


def test_tiering_opens_with_both_schemes_drawn(tiering):
    assert bar_totals(tiering) == [1_000, 1_000]
    assert tiering.counts_chart.figure["data"][0]["x"][0] == "D0"
    assert list(tiering.counts_chart.figure["data"][2]["x"]) == ["1", "2", "3", "4"]
    sankey = tiering.flow_chart.figure["data"][0]
    assert sum(sankey["link"]["value"]) == 1_000
    assert "Why cases move" in tiering.moves.value
    assert "HMPPS 2021" in tiering.group.value and "published" in tiering.group.value
    assert "serious further offences" in tiering.summary.value


def test_a_needs_first_threshold_retiers_at_once(tiering):
    before = list(tiering.counts_chart.figure["data"][3]["y"])
    expected_before = assign_tiers(tiering.source.caseload, "needs-first")["tier"].value_counts()
    tiering.nf_tier4.value = 14
    after_others = np.array(tiering.counts_chart.figure["data"][2]["y"])
    after_group = np.array(tiering.counts_chart.figure["data"][3]["y"])
    assert list(after_group) != before
    fours = (after_others + after_group)[3]
    assert fours < expected_before.get(4, 0)
    tiering.nf_tier4.value = 10


def test_switching_scheme_redraws_bars_and_flows(tiering):
    tiering.second.value = "omm-2005"
    assert list(tiering.counts_chart.figure["data"][2]["x"]) == ["1", "2", "3", "4"]
    assert any("OMM 2005" in label for label in tiering.flow_chart.figure["data"][0]["node"]["label"])
    tiering.omm_ogrs.value = 50
    result = assign_tiers(tiering.source.caseload, "omm-2005", tier3_ogrs_min=50.0)
    bars = tiering.counts_chart.figure["data"]
    shown = np.array(bars[2]["y"]) + np.array(bars[3]["y"])
    assert list(shown) == [int((result["tier"] == t).sum()) for t in (1, 2, 3, 4)]
    tiering.second.value = "needs-first"


def test_the_group_is_highlighted_in_every_tier(tiering):
    group = low_harm_high_need(tiering.source.caseload, min_needs=tiering.min_needs.value)
    assert int(sum(tiering.counts_chart.figure["data"][1]["y"])) == int(group.sum())
    tiering.min_needs.value = 7
    assert int(sum(tiering.counts_chart.figure["data"][1]["y"])) < int(group.sum())
    tiering.min_needs.value = 5


def test_a_bad_upload_keeps_the_caseload_and_names_the_problem(tiering):
    before = tiering.source.caseload
    tiering.source.upload.value = uploaded("people.csv", b"name,age\nAlex Smith,30\n")
    assert tiering.source.caseload is before
    assert "people.csv, column &#39;name&#39;: looks like a name" in tiering.source.notice.value
    assert "still shows" in tiering.source.notice.value


def test_a_good_upload_replaces_the_caseload(tiering):
    table = generate(300, seed=9)
    tiering.source.upload.value = uploaded("ours.csv", table.to_csv(index=False).encode())
    assert len(tiering.source.caseload) == 300
    assert bar_totals(tiering) == [300, 300]
    assert "your table ours.csv" in tiering.summary.value
    tiering.source.use_synthetic.click()
    assert len(tiering.source.caseload) == 1_000


def test_risk_and_needs_density_counts_every_case():
    page = risk_and_needs(n=1_000, seed=4)
    z = np.array(page.likelihood_chart.figure["data"][0]["customdata"], dtype=float)
    assert z.sum() == pytest.approx(1.0)
    harm = np.array(page.harm_chart.figure["data"][0]["text"])
    assert harm.shape == (4, 11)
    page.harm.value = "high"
    shown = page.likelihood_chart.figure["data"][0]["text"]
    high = int((page.source.caseload["rosh"] == "high").sum())
    assert sum(int(c.replace(",", "")) for row in shown for c in row if c) == high
    assert "high risk" in page.matrix.value and "alternative" in page.matrix.value


def test_risk_and_needs_explorer_shows_tiers_and_both_framings():
    page = risk_and_needs(n=1_000, seed=4)
    case_id = page.case.value
    case = page.source.caseload.set_index("case_id").loc[case_id]
    assert case["rosh"] in ("low", "medium")
    profile = page.profile.value
    for scheme in ("Offender Management Model", "HMPPS tiering framework (2021)", "Needs first"):
        assert scheme in profile
    assert "Risk-Need-Responsivity" in profile and "Good Lives" in profile and "Our mapping" in profile
    page.group.value = "high-harm-low-need"
    case = page.source.caseload.set_index("case_id").loc[page.case.value]
    assert case["rosh"] in ("high", "very high")
