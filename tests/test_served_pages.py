"""Pages served by Voila are built just after the cell returns (workbook.dashboards._served)."""

from __future__ import annotations

import asyncio
import os

import ipywidgets as widgets
import nbformat
import pytest
from conftest import run_apart
from nbclient import NotebookClient

from workbook.dashboards._served import VOILA_KERNEL, PageBeingBuilt, built_after_sending


class Page:
    def __init__(self, name):
        self.widget = widgets.HTML(name)


def test_outside_voila_a_factory_builds_at_once_even_in_a_running_loop(monkeypatch):
    monkeypatch.delenv(VOILA_KERNEL, raising=False)

    async def scenario():
        return built_after_sending(Page)("now")

    assert isinstance(run_apart(scenario()), Page)


def test_in_a_voila_kernel_the_page_is_built_in_the_next_turn(monkeypatch):
    monkeypatch.setenv(VOILA_KERNEL, "k")

    async def scenario():
        holder = built_after_sending(Page)("later")
        before = (holder.page, holder.widget.children)
        await asyncio.sleep(0)
        return holder, before

    holder, before = run_apart(scenario())
    assert isinstance(holder, PageBeingBuilt) and before == (None, ())
    assert holder.widget.children == (holder.page.widget,) and holder.page.widget.value == "later"
    assert "wb-page-holder" in holder.widget._dom_classes


def test_a_failed_build_says_so_in_one_line_and_logs_the_traceback(monkeypatch, capfd):
    monkeypatch.setenv(VOILA_KERNEL, "k")

    def broken():
        raise KeyError("no such card")

    async def scenario():
        holder = built_after_sending(broken)()
        await asyncio.sleep(0)
        return holder

    holder = run_apart(scenario())
    (line,) = holder.widget.children
    assert "This page could not be built." in line.value and 'role="alert"' in line.value
    assert "KeyError" not in line.value  # plain words on the page; the name of the error is for the log
    log = capfd.readouterr().err  # the process's own standard error, which a kernel shares with the server
    assert holder.page is None and "could not build broken" in log and "KeyError: 'no such card'" in log


@pytest.mark.notebook
def test_in_a_real_kernel_the_cell_returns_before_the_page_is_built_and_it_is_built_after():
    cells = [
        "from workbook.dashboards import compliance_scenarios\n"
        "holder = compliance_scenarios()\n"
        "print(holder.page is None, len(holder.widget.children))",
        "print(type(holder.page).__name__, holder.widget.children[0] is holder.page.widget)",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = NotebookClient(notebook, kernel_name="python3", timeout=120)
    env = {**os.environ, VOILA_KERNEL: "test-kernel"}
    client.execute(env=env)
    printed = [cell.outputs[0]["text"].strip() for cell in notebook.cells]
    assert printed == ["True 0", "ComplianceScenarios True"]


@pytest.mark.notebook
def test_in_a_real_kernel_a_failed_build_reaches_the_servers_log_not_the_page(capfd):
    cells = [
        "from workbook.dashboards._served import built_after_sending\n"
        "@built_after_sending\n"
        "def broken_page():\n"
        "    raise KeyError('no such card')\n"
        "holder = broken_page()",
        "print(holder.page is None, 'could not be built' in holder.widget.children[0].value)",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    client = NotebookClient(notebook, kernel_name="python3", timeout=120)
    client.execute(env={**os.environ, VOILA_KERNEL: "test-kernel"})
    assert notebook.cells[1].outputs[0]["text"].strip() == "True True"
    outputs = [output for cell in notebook.cells for output in cell.outputs]
    # Nothing of the traceback is sent to the page.
    assert [output for output in outputs if output.get("name") == "stderr"] == []
    log = capfd.readouterr().err  # the kernel inherits its server's standard error, as Voila's kernels do
    assert "The Workbook could not build broken_page:" in log and "KeyError: 'no such card'" in log


def test_every_page_factory_builds_after_sending():
    import importlib

    from workbook import dashboards
    from workbook.web._pages import PAGES

    for page in PAGES:
        if not page.notebook:
            continue  # the room page is drawn by the server
        notebook = nbformat.read(f"notebooks/{page.notebook}", as_version=4)
        call = notebook.cells[-1].source.strip()
        factory = getattr(dashboards, call.removesuffix("()"))
        module = importlib.import_module(factory.__module__)
        assert hasattr(getattr(module, factory.__name__), "__wrapped__"), f"{page.id}: {call} is not deferred"
