"""What a page's kernel imports: only what the page needs (its memory and start time follow).

Each check runs in a fresh interpreter, as a page's kernel would, and looks at ``sys.modules``.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SERVED = {"WORKBOOK_ASSETS": "workbook/assets/", "VOILA_BASE_URL": "/"}


def modules_after(code: str, env: dict | None = None) -> set[str]:
    """The top-level packages imported by running ``code`` in a fresh interpreter."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**_env(), **(env or {})},
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def _env() -> dict:
    import os

    return {k: v for k, v in os.environ.items() if k not in SERVED}


@pytest.mark.parametrize("env", [{}, SERVED], ids=["plain", "served"])
def test_a_chart_widget_does_not_import_plotly(env):
    loaded = modules_after(
        "from workbook.charts import figure_widget\n"
        "figure_widget({'data': [{'type': 'bar', 'x': [1], 'y': [2]}], 'layout': {}})",
        env,
    )
    assert "anywidget" in loaded
    assert not loaded & {"plotly", "nbformat", "jsonschema", "lark"}


@pytest.mark.parametrize(
    "factory", ["caseload_tiering", "risk_and_needs", "compliance_scenarios", "seminar_themes"]
)
def test_chart_pages_do_not_import_plotly(factory):
    # Their charts are plain data drawn by plotly.js: plotly's Python was 0.2 s and 34 MB a page.
    build = f"{factory}().show_map()" if factory == "seminar_themes" else f"{factory}(n=500)"
    loaded = modules_after(f"from workbook.dashboards import {factory}\n{build}", SERVED)
    assert "anywidget" in loaded
    assert not loaded & {"plotly", "narwhals"}


# Pages that only show text and the corpus: pandas and numpy were ~45 MB of each kernel (issue 15).
PANDAS_FREE_PAGES = [
    "start_here",
    "induction_engagement",
    "sources_and_glossary",
    "reflective_journal",
    "workshop_facilitator",
]


@pytest.mark.parametrize("factory", PANDAS_FREE_PAGES)
def test_text_pages_do_not_import_pandas_or_numpy(factory, tmp_path):
    loaded = modules_after(
        f"from workbook.dashboards import {factory}\n{factory}()",
        {**SERVED, "WORKBOOK_DB_URL": f"sqlite:///{tmp_path / 'journal.sqlite'}"},
    )
    assert "workbook" in loaded
    assert not loaded & {"pandas", "numpy", "plotly"}


# Heavy things chart pages need only for an export or never: they must stay off the load path.
NOT_AT_LOAD = {
    "scipy",
    "SALib",
    "docx",
    "openpyxl",
    "nbformat",
    "jsonschema",
    "plotly.express",
    "statsmodels",
}


def test_chart_pages_load_no_exports_or_statistics_packages():
    code = (
        "import sys\n"
        "from workbook.dashboards import caseload_tiering, compliance_scenarios, risk_and_needs\n"
        "caseload_tiering(n=500); risk_and_needs(n=500); compliance_scenarios(n=200)\n"
        f"print(sorted(m for m in {sorted(NOT_AT_LOAD)!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**_env(), **SERVED}
    )
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_the_facilitator_reads_the_same_card_titles_as_the_compliance_model():
    from workbook.compliance import load_cards
    from workbook.dashboards.facilitator import card_titles

    assert card_titles() == [card.title for card in load_cards()]
