"""Imports run one way: the domain never loads plotly or ipywidgets, nor the research tools until asked."""

from __future__ import annotations

import subprocess
import sys

import pytest

# The dashboard stack, and what sweeps and sensitivity analyses load only when they run.
HEAVY = ("plotly", "ipywidgets", "IPython", "voila", "dask", "distributed", "tqdm", "SALib", "scipy")


@pytest.mark.parametrize(
    "module",
    [
        "workbook",
        "workbook.evidence",
        "workbook.induction",
        "workbook.caseload",
        "workbook.tiering",
        "workbook.compliance",
        "workbook.journal",
        "workbook.provenance",
        "workbook.cli",
        "workbook.paths",
    ],
)
def test_domain_modules_import_without_the_dashboard_stack(module):
    code = (
        f"import sys, {module}\nHEAVY = {HEAVY!r}\n"
        "heavy = sorted(m for m in HEAVY if m in sys.modules)\n"
        "print(','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_domain_works_when_plotly_and_ipywidgets_cannot_be_imported():
    code = (
        "import sys\n"
        "sys.modules['plotly'] = None; sys.modules['ipywidgets'] = None\n"
        "from workbook.evidence import load_corpus, search_excerpts\n"
        "c = load_corpus(); print(len(search_excerpts(c.excerpts, 'induction')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert int(result.stdout) > 0


def test_charts_do_not_import_widgets():
    code = "import sys, workbook.charts; print('ipywidgets' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("factory", "absent"),
    [
        ("start_here", ("plotly", "workbook.compliance", "workbook.tiering")),
        ("reflective_journal", ("plotly", "workbook.compliance", "workbook.tiering")),
        ("workshop_facilitator", ("plotly", "workbook.tiering", "tornado.web")),
        ("seminar_themes", ("workbook.compliance", "workbook.tiering")),
    ],
)
def test_a_page_loads_only_what_it_needs(factory, absent):
    code = (
        f"import sys, workbook.dashboards as d; d.{factory}\n"
        f"print(','.join(m for m in {absent!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_the_room_pages_templates_load_without_the_dashboard_stack():
    heavy = ("plotly", "ipywidgets", "tornado.web")
    code = f"import sys, workbook.room; print(','.join(m for m in {heavy!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_the_room_server_runs_without_pandas():
    # A hub's room service and every server that loads the extension stay light (about 50 MB less).
    heavy = ("pandas", "numpy", "plotly", "ipywidgets")
    code = f"import sys, workbook.room._handlers; print(','.join(m for m in {heavy!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
