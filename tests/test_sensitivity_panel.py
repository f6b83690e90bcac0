"""The compliance page's ranked assumptions, driven without a browser."""

from __future__ import annotations

import re

import ipywidgets as widgets

from workbook.caseload import generate
from workbook.compliance import SENSITIVITY_MEASURES, read_sensitivity
from workbook.dashboards import _sensitivity_panel, compliance_scenarios
from workbook.dashboards._controls import Disclosure
from workbook.dashboards._sensitivity_panel import SensitivityPanel


def _ranked_labels(html: str) -> list[str]:
    return re.findall(r"<tr><td>\d+</td><td>(.*?) <span", html)


def test_the_panel_opens_on_the_shipped_result_ranked_for_each_measure():
    panel = SensitivityPanel(lambda: (generate(100, seed=1), 1))
    shipped = read_sensitivity()
    for measure in SENSITIVITY_MEASURES:
        panel.measure.value = measure
        html = " ".join(panel.chart.value.split())
        expected = shipped.ranking(measure, "sobol")["label"].head(8).tolist()
        assert _ranked_labels(html) == [label.replace("'", "&#39;") for label in expected]
        first = shipped.ranking(measure, "sobol").iloc[0]
        assert f"{first['ST']:.0%} of its variation" in html
        assert "Computed in the shipped analysis of the default settings" in html
        assert f"{shipped.settings['runs']:,} runs" in html


def test_recompute_runs_on_the_pages_caseload_with_progress(monkeypatch):
    monkeypatch.setattr(_sensitivity_panel, "QUICK", {"trajectories": 2, "samples": 4, "top": 3, "weeks": 6})
    seen = []
    panel = SensitivityPanel(lambda: (generate(100, seed=5), 5))
    panel.progress.observe(lambda change: seen.append(change["new"]), names="value")
    panel.recompute.click()
    assert not panel.shipped and panel.result.settings["cases"] == 100
    assert "Recomputed just now: 100 synthetic cases (caseload seed 5)" in " ".join(panel.chart.value.split())
    assert seen[-1] == panel.progress.max == panel.result.settings["runs"]
    assert len(_ranked_labels(panel.chart.value)) == 3
    assert not panel.recompute.disabled


def test_the_compliance_page_shows_it_under_assumptions_and_sources(corpus):
    page = compliance_scenarios(corpus, n=1_000)
    disclosures = [w for w in _walk(page.container) if isinstance(w, Disclosure)]
    sources = next(d for d in disclosures if d.title == "Assumptions and sources")
    html = " ".join(w.value for w in _walk(sources) if isinstance(w, widgets.HTML))
    assert "The assumptions this result depends on most" in html


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)
