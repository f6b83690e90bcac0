"""The validation table in a page's "Assumptions and sources": the model against the evidence.

The table runs the model for every published figure (``workbook.compliance.validate``),
which takes a second or two, so it runs when a reader first opens the section, not when
the page loads. Its HTML comes from a template with autoescaping.
"""

from __future__ import annotations

import functools
from pathlib import Path

import ipywidgets as widgets
import jinja2
import pandas as pd

from workbook.compliance import load_sources, validate

TEMPLATES = Path(__file__).resolve().parent / "templates"
CASES, SEEDS = 10_000, (1, 2, 3)  # the README's table: the same numbers everywhere
STATUS_TEXT = {
    "verified": "checked in the source",
    "verified-secondary": "checked in a reliable report of the source",
    "unverified": "not checked",
}
PENDING = "<div class='wb'><p class='wb-muted'>Checking the model against the published figures…</p></div>"


@functools.cache
def _template() -> jinja2.Template:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    return environment.get_template("validation_panel.html.j2")


def validation_html(table: pd.DataFrame, *, cases: int = CASES, seeds=SEEDS) -> str:
    """The validation table as HTML: each row citing its sources, the sources listed below it.

    Args:
        table: ``workbook.compliance.validate()``'s table.
        cases: The caseload size it ran on, to say so.
        seeds: The seeds it ran with.

    Returns:
        Escaped HTML.
    """
    registry = load_sources()
    cited = list(dict.fromkeys(s for ids in table["sources"] for s in ids))
    sources = [
        {"id": s, "status_text": STATUS_TEXT.get(registry[s]["status"], registry[s]["status"]), "url": "",
         "short": registry[s].get("short", s), **registry[s]}
        for s in cited
    ]  # fmt: skip
    by_id = {s["id"]: s for s in sources}
    rows = [
        {
            "figure": r["figure"],
            "published": r["published"],
            "model": r["model"],
            "verdict": r["verdict"],
            "verdict_class": r["verdict"].split(":")[0].replace(" ", "-"),
            "how": r["how compared"],
            "sources": [by_id[s] for s in r["sources"]],
        }
        for r in table.to_dict(orient="records")
    ]
    return _template().render(rows=rows, sources=sources, cases=cases, seeds=list(seeds))


class ValidationPanel:
    """The validation table as a widget, run the first time it is shown.

    Attributes:
        widget: The HTML widget (a note until the table has run).
        table: The table once run, else ``None``.
    """

    def __init__(self):
        self.widget = widgets.HTML(PENDING)
        self.widget.add_class("wb-validation-panel")
        self.table: pd.DataFrame | None = None

    def show(self) -> None:
        """Run the validation (once) and show its table."""
        if self.table is None:
            self.table = validate(cases=CASES, seeds=SEEDS)
            self.widget.value = validation_html(self.table)
