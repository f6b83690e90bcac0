"""Charts redrawn by sending only what changed end up exactly as a freshly built figure would be.

A chart panel shows its figure untitled (its heading names it), so fresh figures are compared untitled.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from workbook.charts import Chart
from workbook.charts._spec import plain
from workbook.dashboards._page import _untitled
from workbook.dashboards.compliance import ComplianceScenarios
from workbook.dashboards.tiering import CaseloadTiering


def drawn(figure) -> dict:
    """A figure (or a live chart's) as the browser gets it, checked by plotly's own validators."""
    spec = figure.figure if isinstance(figure, Chart) else plain(figure)  # as figure_widget sends it
    return json.loads(pio.to_json(go.Figure(spec), engine="json"))


@pytest.fixture(scope="module")
def tiering():
    return CaseloadTiering(n=2_000, seed=3)


@pytest.mark.parametrize(
    ("control", "value"),
    [
        ("nf_tier3", 9),  # one needs-first threshold: that scheme's tiers move
        ("nf_severe", 3),
        ("min_needs", 4),  # the highlighted group changes
        ("first", "omm-2005"),  # another scheme: new tiers, labels, axis titles, nodes
        ("omm_needs2", 2),
        ("second", "omm-2005"),  # the same scheme twice
    ],
)
def test_tiering_charts_updated_in_place_match_fresh_figures(tiering, control, value):
    getattr(tiering, control).value = value
    assert drawn(tiering.counts_chart) == drawn(_untitled(tiering._counts_figure()))
    assert drawn(tiering.flow_chart) == drawn(_untitled(tiering._flow_figure()))
    assert drawn(tiering.workload_chart) == drawn(_untitled(tiering._workload_figure()))


def test_a_threshold_step_retiers_only_the_scheme_it_belongs_to(tiering, monkeypatch):
    import workbook.dashboards.tiering as page

    tiering.first.value, tiering.second.value = "hmpps-2021", "needs-first"
    asked = []
    real = page.assign_tiers
    monkeypatch.setattr(
        page,
        "assign_tiers",
        lambda caseload, scheme, **kw: asked.append(scheme) or real(caseload, scheme, **kw),
    )
    tiering.nf_tier2.value += 1
    assert asked == ["needs-first"]


def test_the_compliance_chart_updated_in_place_matches_a_fresh_figure():
    from workbook.charts.compliance import compliance_over_time_figure

    page = ComplianceScenarios(n=400)
    for lever in ("flexible_rescheduling", "text_reminders"):
        page.levers[lever].value = not page.levers[lever].value
        assert drawn(page.chart) == drawn(_untitled(compliance_over_time_figure(page.comparison.weekly)))
    page.replicates.value = 2
    assert drawn(page.chart) == drawn(_untitled(compliance_over_time_figure(page.comparison.weekly)))
