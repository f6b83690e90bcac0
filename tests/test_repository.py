"""House rules that hold for the whole repository."""

from __future__ import annotations

import json

import pytest

from workbook.dashboards import PAGES
from workbook.paths import NOTEBOOKS_DIR, PROJ_ROOT
from workbook.serving import serving_config

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs_or_widget_state(path):
    notebook = json.loads(path.read_text())
    assert "widgets" not in notebook["metadata"]
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_are_thin(path):
    notebook = json.loads(path.read_text())
    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert len(code) <= 2
    assert code[0].startswith("from workbook.dashboards import ")
    assert all(len(source.splitlines()) <= 2 for source in code)
    assert notebook["cells"][0]["cell_type"] == "markdown"
    assert notebook["metadata"]["title"]


def test_every_page_has_a_notebook_or_an_address_and_every_notebook_a_page():
    assert {p.notebook for p in PAGES if p.notebook} == {p.name for p in NOTEBOOKS}
    assert all(p.notebook or p.url for p in PAGES)


def test_notebook_names_are_ordered_and_hyphenated():
    for path in NOTEBOOKS:
        assert path.name[:3].rstrip("-").isdigit() and " " not in path.name and path.name == path.name.lower()


def test_the_workbook_serves_safely_by_default():
    config = serving_config()
    assert config.Voila.ip == "127.0.0.1"
    voila = config.VoilaConfiguration
    assert voila.show_tracebacks is False
    assert voila.strip_sources is True
    denied = " ".join(voila.file_denylist)
    for extension in ("ipynb", "py", "csv", "toml", "json", "txt"):
        assert extension in denied
    assert serving_config(server=False).VoilaConfiguration == voila
    assert "MappingKernelManager" not in serving_config(server=False)  # a Lab user's kernels are theirs


def test_voila_waits_long_enough_for_a_busy_kernel_to_send_its_page():
    # nbclient's default of 4 s lost pages for good when 8 were opened at once on 2 cores: the page
    # showed its title and nothing else (benchmarks/bench_journal.py, room_fill).
    assert serving_config().VoilaExecutor.iopub_timeout >= 30


def test_the_serving_settings_live_in_code_not_in_a_checkout_file():
    # A voila.json may override them where a server starts; the repository keeps none, so that
    # a checkout and an installed wheel serve alike.
    assert not (PROJ_ROOT / "voila.json").exists()


def test_no_grab_bag_modules():
    names = {p.stem for p in (PROJ_ROOT / "workbook").rglob("*.py")}
    assert not names & {"utils", "helpers", "misc", "functions", "common"}
