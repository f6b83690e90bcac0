"""The wheel serves every page safely: built, installed in a fresh venv, served from an unrelated folder.

The wheel is built offline from this checkout and installed, without its
dependencies, into a new virtual environment. The dependencies are borrowed from the
test environment through a ``.pth`` file (its editable install of the Workbook is not
activated that way, so only the wheel's copy can be imported), and Voila's own page
templates through ``JUPYTER_PATH``, since they live in the test environment's
``share/jupyter``. That keeps the test offline and takes seconds, not minutes.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import httpx
import pytest
from browsing import assert_clean, visiting
from conftest import ARTIFACTS, VoilaServer

from workbook.paths import PROJ_ROOT

BORROWED = Path(sysconfig.get_paths()["purelib"])


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q",
         "-w", str(folder), str(PROJ_ROOT)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (built,) = folder.glob("workbook-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment holding the wheel; its ``bin`` folder."""
    venv = tmp_path_factory.mktemp("fresh-venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    (Path(purelib) / "borrowed-dependencies.pth").write_text(f"{BORROWED}\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q",
         str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return venv / "bin"


def test_the_wheel_carries_the_pages_the_data_the_template_and_the_extension(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    notebooks = sorted((PROJ_ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks and {f"workbook/_notebooks/{path.name}" for path in notebooks} <= names
    assert "workbook/_data/seminar/themes.toml" in names
    assert "workbook/share/voila/templates/workbook/index.html.j2" in names
    data = f"workbook-{wheel.name.split('-')[1]}.data/data/"
    assert data + "etc/jupyter/jupyter_server_config.d/workbook.json" in names
    assert not [name for name in names if name.endswith("voila.json")]


def test_the_installed_package_finds_its_own_pages_and_data(installed, tmp_path):
    code = "import workbook.paths as p; print(p.NOTEBOOKS_DIR); print(p.DATA_DIR)"
    found = subprocess.run(
        [str(installed / "python"), "-c", code],
        cwd=tmp_path, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    venv = installed.parent
    assert [Path(folder).name for folder in found] == ["_notebooks", "_data"]
    assert all(Path(folder).is_relative_to(venv) for folder in found)
    pages = subprocess.run(
        [str(installed / "workbook"), "pages"], cwd=tmp_path, check=True, capture_output=True, text=True
    )
    assert pages.stdout.strip() == found[0]


@pytest.mark.browser
def test_workbook_serve_from_any_folder_serves_the_pages_safely(installed, browser, tmp_path):
    elsewhere = tmp_path / "somewhere-else"
    elsewhere.mkdir()
    server = VoilaServer(
        ARTIFACTS / "wheel-serve.log",
        root=elsewhere,
        program=(str(installed / "workbook"),),
        env={"JUPYTER_PATH": str(BORROWED.parents[2] / "share" / "jupyter")},
    )
    try:
        with visiting(browser, server, "00-start-here.ipynb", ".wb-start") as visit:
            assert_clean(visit)  # no errors, and no request left this machine
            assert visit.page.locator("text=Not a tool for decisions about real people").is_visible()
            visit.page.screenshot(path=str(ARTIFACTS / "wheel-start-page.png"))
        with httpx.Client(base_url=server.base, timeout=120) as http:
            assert http.get("/", follow_redirects=True).url.path == "/voila/render/00-start-here.ipynb"
            html = http.get("/voila/render/00-start-here.ipynb").text
            assert "<title>Start here" in html
            assert "from workbook.dashboards import" not in html  # sources stripped
            for path in (
                "/voila/files/00-start-here.ipynb",
                "/voila/files/..%2Fserving.py",
                "/voila/files/..%2F_data%2Fseminar%2Fthemes.toml",
                "/voila/files/%2e%2e/paths.py",
                "/voila/static/..%2F..%2Fserving.py",
                "/workbook/assets/..%2F__init__.py",
            ):
                assert http.get(path).status_code in (403, 404), path
            assert http.get("/voila/api/contents/00-start-here.ipynb").json()["content"] is None
            assert http.get("/workbook/room/").status_code == 200
            assert http.get("/workbook/assets/plotly-widget.min.js").status_code == 200
    finally:
        server.stop()
    assert "Traceback" not in server.log_path.read_text()
