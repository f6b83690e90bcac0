"""The research notebook: on the Pythia skeleton, executed here, never served as a dashboard."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import nbformat
import pytest
from browsing import refused_status
from nbclient import NotebookClient

from workbook.paths import NOTEBOOKS_DIR

RESEARCH = sorted((NOTEBOOKS_DIR / "research").glob("*.ipynb"))
SKELETON = ("## Overview", "## Prerequisites", "## Imports", "## Summary", "### What's next?")


def test_there_is_a_research_notebook_and_it_is_not_a_dashboard():
    assert [p.name for p in RESEARCH] == ["01-research-with-the-workbook.ipynb"]
    assert not list(NOTEBOOKS_DIR.glob("research*.ipynb"))


@pytest.mark.parametrize("path", RESEARCH, ids=lambda p: p.name)
def test_it_follows_the_teaching_skeleton_and_is_stripped(path):
    notebook = json.loads(path.read_text())
    headings = [line for c in notebook["cells"] if c["cell_type"] == "markdown" for line in c["source"]]
    found = [h for h in SKELETON if any(line.startswith(h) for line in headings)]
    assert found == list(SKELETON)
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
    assert "widgets" not in notebook["metadata"]


@pytest.mark.notebook
@pytest.mark.parametrize("path", RESEARCH, ids=lambda p: p.name)
def test_it_executes_from_top_to_bottom(path):
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": path.parent}}
    ).execute()
    outputs = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    tables = [o for o in outputs if "text/html" in o.get("data", {})]
    assert len(tables) >= 6  # the summary, the sweep, its pivot, two rankings, the tiers
    assert "illness" in "".join(t["data"]["text/html"] for t in tables)


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    [
        "/voila/render/research/01-research-with-the-workbook.ipynb",
        "/voila/tree/research",
        "/voila/api/contents/research",
        "/voila/api/contents/research/01-research-with-the-workbook.ipynb",
    ],
)
def test_the_server_neither_serves_nor_lists_it(voila_server, path):
    assert refused_status(voila_server.base + path) == 404
    with urllib.request.urlopen(voila_server.base + "/voila/api/contents/", timeout=30) as response:
        listed = [item["name"] for item in json.load(response)["content"]]
    assert "research" not in listed and "00-start-here.ipynb" in listed
