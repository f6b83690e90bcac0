"""The compliance page's "the assumptions this result depends on most": a ranked chart, and a recompute.

It opens on the shipped analysis of the defaults (``data/compliance/sensitivity.json``, labelled
with its settings) and recomputes on request, on the page's own caseload, with a progress bar.
The chart is HTML bars: it reads as text to a screen reader and fits any width.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets
import jinja2
import pandas as pd

from workbook.compliance import SENSITIVITY_MEASURES, SensitivityResult, read_sensitivity, sensitivity
from workbook.dashboards._html import column, html_block, row, wrap

QUICK = {"trajectories": 4, "samples": 32, "top": 6}  # a recompute a visitor can wait for
SHOWN = 8

TEMPLATES = Path(__file__).resolve().parent / "templates"


@functools.cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("sensitivity_panel.html.j2")


class SensitivityPanel:
    """Ranked assumptions for one measure, from the shipped analysis or a fresh one.

    Attributes:
        measure: Which result to rank the assumptions for.
        recompute: Runs a quicker analysis on the page's caseload.
        progress: Runs done during a recompute.
        chart: The ranked bars and what they were computed from.
        result: The analysis shown.
    """

    def __init__(self, caseload_source: Callable[[], tuple[pd.DataFrame, int]] | None = None):
        self.caseload_source = caseload_source
        self.result: SensitivityResult = read_sensitivity()
        self.shipped = True
        self.measure = widgets.Dropdown(
            options=[(label, key) for key, label in SENSITIVITY_MEASURES.items()],
            value="kept_share",
            description="Result",
            layout={"width": "min(100%, 460px)"},
        )
        self.recompute = widgets.Button(
            description="Recompute on this page's caseload", icon="refresh", layout={"width": "auto"}
        )
        self.recompute.disabled = caseload_source is None
        self.progress = widgets.IntProgress(
            value=0, min=0, max=1, description="Running", layout={"width": "300px"}
        )
        self.progress.layout.visibility = "hidden"
        self.chart = html_block("")
        self.chart.add_class("wb-sensitivity-chart")
        self.measure.observe(lambda _: self.render(), names="value")
        self.recompute.on_click(lambda _: self.run())
        self.render()

    def widget(self) -> widgets.Widget:
        """The panel, to place in the page."""
        controls = row(
            [self.measure, self.recompute, self.progress], flex_flow="row wrap", align_items="center"
        )
        return column([controls, self.chart])

    def run(self) -> None:
        """Recompute the analysis on the page's caseload, showing progress."""
        caseload, seed = self.caseload_source()
        self.recompute.disabled = True
        self.progress.layout.visibility = "visible"
        self.progress.value = 0

        def report(done: int, total: int) -> None:
            self.progress.max, self.progress.value = total, done

        try:
            self.result = sensitivity(
                caseload,
                seed=seed,
                caseload_seed=seed,
                workers=1,
                progress=False,
                on_progress=report,
                **QUICK,
            )
            self.shipped = False
        finally:
            self.recompute.disabled = False
            self.progress.layout.visibility = "hidden"
        self.render()

    def render(self) -> None:
        """Draw the ranked bars for the chosen measure."""
        self.chart.value = wrap(chart_html(self.result, self.measure.value, shipped=self.shipped))


def chart_html(result: SensitivityResult, measure: str, *, shipped: bool = True) -> str:
    """The ranked bars, a sentence saying what they show, and the settings that made them.

    Example:
        >>> html = chart_html(read_sensitivity(), "kept_share")
        >>> "depends most on" in html and "2,000 synthetic cases" in html
        True
    """
    ranked = result.ranking(measure, "sobol").head(SHOWN)
    widest = max(float(ranked["ST"].max()), 1e-9)
    rows = [
        {
            "rank": r["rank"],
            "label": r["label"],
            "kind": "practice" if r["kind"] == "lever" else "model",
            "total": _percent(max(r["ST"], 0)),
            "alone": _percent(_alone(r)),
            "conf": _percent(r["ST_conf"]),
            "total_width": round(100 * max(r["ST"], 0) / widest),
            "alone_width": round(100 * _alone(r) / widest),
        }
        for _, r in ranked.iterrows()
    ]
    return _template().render(
        measure=SENSITIVITY_MEASURES[measure], first=rows[0], rows=rows, s=result.settings, shipped=shipped
    )


def _alone(r: pd.Series) -> float:
    """First-order index, at most the total: an estimate above it is sampling noise."""
    return min(max(r["S1"], 0), max(r["ST"], 0))


def _percent(share: float) -> str:
    """A share as a reader wants it: whole percentages, a decimal below 1%.

    Example:
        >>> _percent(0.861), _percent(0.0042), _percent(0.0)
        ('86%', '0.4%', '0%')
    """
    return f"{share:.0%}" if share >= 0.01 or share == 0 else f"{share:.1%}"
