"""The caseload a page works on: synthetic (size and seed) or the reader's own table.

Shared by the caseload dashboards: the controls, and the one place that turns
them into a caseload, keeping the last good one when an upload is refused.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets
import pandas as pd
from markupsafe import Markup

from workbook.caseload import CaseloadError, generate, read_table
from workbook.caseload.schema import CASELOAD
from workbook.dashboards._html import download_link, html_block, message, row, wrap
from workbook.paths import DATA_DIR
from workbook.web import render

SIZES = (1_000, 10_000, 50_000, 250_000)


def size_options(n: int, sizes: tuple[int, ...] = SIZES) -> list[tuple[str, int]]:
    """Dropdown options for caseload sizes, including ``n`` if it is not one of the usual ones."""
    return [(f"{size:,} cases", size) for size in sorted({*sizes, n})]


class CaseloadSource:
    """Controls for choosing a caseload, and the caseload they give.

    Attributes:
        size: Number of synthetic cases.
        seed: The generator's seed.
        upload: A CSV or Excel file of your own (anonymised) cases.
        notice: What happened last (or what was wrong with a file).
        caseload: The current caseload.
        label: How to describe the caseload in words.
        synthetic: Whether the caseload is the synthetic one (not an uploaded table).
        controls: The controls, laid out.
    """

    def __init__(self, on_change: Callable[[], None], *, n: int = 10_000, seed: int = 42):
        self._on_change = on_change
        self.size = widgets.Dropdown(options=size_options(n), value=n, description="Synthetic caseload")
        self.seed = widgets.BoundedIntText(value=seed, min=0, max=2**31 - 1, description="Seed")
        self.upload = widgets.FileUpload(
            accept=".csv,.tsv,.txt,.xlsx,.xls", multiple=False, description="Your own table"
        )
        self.use_synthetic = widgets.Button(description="Back to synthetic", layout={"display": "none"})
        self.notice = html_block("")
        self.notice.add_class("wb-notice")
        self.caseload = generate(n, seed=seed)
        self.label = _synthetic_label(n, seed)
        self.synthetic = True
        self.own = html_block("", css_class="wb-own-table")  # says which table is loaded, in place of size
        self.template = html_block(template_html(), css_class="wb-template")
        choices = row(
            [self.size, self.seed, self.own, self.upload, self.use_synthetic], align_items="flex-end"
        )
        self.controls = widgets.VBox([choices, self.template, self.notice])
        self.size.observe(self._on_synthetic, names="value")
        self.seed.observe(self._on_synthetic, names="value")
        self.upload.observe(self._on_upload, names="value")
        self.use_synthetic.on_click(lambda _: self._on_synthetic(None))

    def view_controls(self) -> dict[str, widgets.Widget]:
        """The controls a link back to the view sets: size and seed, for a synthetic caseload only."""
        return {"n": self.size, "seed": self.seed} if self.synthetic else {}

    def _on_synthetic(self, change) -> None:
        self.caseload = generate(self.size.value, seed=self.seed.value)
        self.label = _synthetic_label(self.size.value, self.seed.value)
        self.synthetic = True
        self.use_synthetic.layout.display = "none"
        self._show_own(False)
        self.notice.value = ""
        self._on_change()

    def _on_upload(self, change: dict) -> None:
        if not change["new"]:
            return
        upload = change["new"][0]
        name = str(upload.get("name") or "your file")
        try:
            table = read_table(bytes(upload["content"]), name=name)
        except CaseloadError as error:
            self._refuse(str(error))
            return
        except MemoryError:
            self._refuse(f"{name}: there was not enough memory to read it; try a smaller table.")
            return
        except Exception as error:  # whatever the import raises, the reader gets one line, not a traceback
            self._refuse(
                f"{name}: could not be read ({type(error).__name__}); save it as CSV UTF-8 and try again."
            )
            return
        self.load(table, name)

    def _refuse(self, problem: str) -> None:
        """Say what was wrong with an upload in one line; the caseload stays as it was."""
        self.notice.value = wrap(message(f"{problem} The page still shows {self.label}.", error=True))

    def load(self, table: pd.DataFrame, name: str) -> None:
        """Use an already validated table as the caseload."""
        self.caseload = table
        self.label = f"your table {name} ({len(table):,} cases)"
        self.synthetic = False
        self.use_synthetic.layout.display = None
        self._show_own(True)
        untiered = int((table["arp"].isna() | table["csrp"].isna()).sum())
        note = (
            f" {untiered:,} cases have no ARP or CSRP score, so the 2026 tier cannot be computed for them."
            if untiered
            else ""
        )
        self.notice.value = wrap(message(f"Loaded {self.label}.{note}"))
        self._on_change()

    def _show_own(self, own: bool) -> None:
        """Show the loaded table in place of the synthetic caseload's size and seed, or the reverse."""
        for control in (self.size, self.seed):
            control.layout.display = "none" if own else None
        self.own.value = wrap(Markup("<p><b>Caseload:</b> {}</p>").format(self.label)) if own else ""


def template_html() -> str:
    """The link to the template table, and its columns, for beside the upload control."""
    template = (DATA_DIR / "caseload" / "template.csv").read_text(encoding="utf-8")
    columns = [
        {
            "name": c.name,
            "kind": c.kind,
            "doc": c.doc,
            "allowed": ", ".join(c.choices)
            if c.choices
            else (f"{c.low:g} to {c.high:g}" if c.low is not None and c.high is not None else ""),
        }
        for c in CASELOAD
    ]
    link = download_link(
        "download it (CSV, five synthetic rows)", "caseload-template.csv", "text/csv", template
    )
    return render("caseload_template.html.j2", download=link, columns=columns)


def _synthetic_label(n: int, seed: int) -> str:
    return f"a synthetic caseload of {n:,} cases (seed {seed})"
