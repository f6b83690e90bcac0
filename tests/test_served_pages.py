"""A page served by Voila that fails to build shows one plain line (workbook.dashboards._served)."""

from __future__ import annotations

import os

import nbformat
import pytest
from nbclient import NotebookClient

from workbook.dashboards._served import VOILA_KERNEL, CouldNotBuild, built_or_explained


def broken():
    raise KeyError("no such card")


def test_outside_voila_a_failed_build_raises_as_it_always_did(monkeypatch):
    monkeypatch.delenv(VOILA_KERNEL, raising=False)
    with pytest.raises(KeyError, match="no such card"):
        built_or_explained(broken)()


def test_in_a_voila_kernel_a_page_is_built_in_the_cell(monkeypatch):
    monkeypatch.setenv(VOILA_KERNEL, "k")
    assert built_or_explained(lambda name: f"page {name}")("now") == "page now"


def test_a_failed_build_says_so_in_one_line_and_logs_the_traceback(monkeypatch, capfd):
    monkeypatch.setenv(VOILA_KERNEL, "k")
    page = built_or_explained(broken)()
    assert isinstance(page, CouldNotBuild)
    (line,) = page.widget.children
    assert "This page could not be built." in line.value and 'role="alert"' in line.value
    assert "KeyError" not in line.value  # plain words on the page; the name of the error is for the log
    log = capfd.readouterr().err  # the process's own standard error, which a kernel shares with the server
    assert "could not build broken" in log and "KeyError: 'no such card'" in log


@pytest.mark.notebook
def test_in_a_real_kernel_a_failed_build_reaches_the_servers_log_not_the_page(capfd):
    cells = [
        "from workbook.dashboards._served import built_or_explained\n"
        "@built_or_explained\n"
        "def broken_page():\n"
        "    raise KeyError('no such card')\n"
        "page = broken_page()\n"
        "page",
        "print('could not be built' in page.widget.children[0].value)",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = NotebookClient(notebook, kernel_name="python3", timeout=120)
    client.execute(env={**os.environ, VOILA_KERNEL: "test-kernel"})
    shown, printed = notebook.cells[0].outputs, notebook.cells[1].outputs
    assert [output["output_type"] for output in shown] == ["execute_result"]  # the line, not an error
    assert "application/vnd.jupyter.widget-view+json" in shown[0]["data"]
    assert printed[0]["text"].strip() == "True"
    log = capfd.readouterr().err  # the kernel inherits its server's standard error, as Voila's kernels do
    assert "The Workbook could not build broken_page:" in log and "KeyError: 'no such card'" in log


def test_every_page_factory_explains_a_failed_build():
    # Which factory each notebook calls is the registry's (test_kernels checks the notebooks).
    from workbook import dashboards
    from workbook.web._pages import PAGES

    for page in PAGES:
        if not page.factory:
            continue  # the room page is drawn by the server
        factory = getattr(dashboards, page.factory)
        assert hasattr(factory, "__wrapped__"), f"{page.id}: {page.factory}() would show Voila's cell error"
