"""The Workbook's pages under a plain Jupyter Server, as under JupyterLab or a hub's single-user server.

Installing the Workbook enables its server extension (``workbook``); the pages are
rendered by Voila's own extension from the server's root folder, which is the
Workbook's pages folder here, under a hub-style base URL.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest
from browsing import assert_clean, visiting
from conftest import ARTIFACTS, end_process_group, free_port

from workbook.paths import NOTEBOOKS_DIR

BASE = "/user/sam/"


class JupyterServer:
    """``jupyter server`` on a free loopback port, rooted at the Workbook's pages, under ``BASE``."""

    def __init__(self, log_name: str, *extra: str, root=NOTEBOOKS_DIR):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = ARTIFACTS / log_name
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("w")
        command = [
            sys.executable, "-m", "jupyter_server", f"--port={self.port}", "--no-browser",
            "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}",
            f"--ServerApp.base_url={BASE}", *extra,
        ]  # fmt: skip
        if os.geteuid() == 0:
            command.append("--allow-root")
        self.process = subprocess.Popen(
            command, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                httpx.get(self.base + BASE + "api/status", timeout=5)
                return
            except httpx.TransportError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"jupyter server did not start; see {self.log_path}")

    def url(self, notebook: str) -> str:
        return f"{self.base}{BASE}voila/render/{notebook}"

    def stop(self) -> None:
        end_process_group(self.process)
        self._log.close()


@pytest.fixture(scope="module")
def jupyter_server():
    server = JupyterServer("jupyter-server-workbook.log")
    yield server
    server.stop()


def test_the_extension_sends_visitors_to_the_start_page(jupyter_server):
    response = httpx.get(jupyter_server.base + BASE + "workbook/", timeout=30)
    assert response.status_code in (301, 302)
    assert response.headers["location"] == BASE + "voila/render/00-start-here.ipynb"


def test_voila_pages_get_the_workbooks_settings_under_jupyter_server(jupyter_server):
    with httpx.Client(base_url=jupyter_server.base, timeout=120) as http:
        html = http.get(BASE + "voila/render/00-start-here.ipynb").text
        assert "<title>Start here" in html
        assert "from workbook.dashboards import" not in html  # sources stripped
        assert "cdn.jsdelivr.net" not in html  # the Workbook's offline template
        for path in ("voila/files/00-start-here.ipynb", "voila/files/..%2Fpaths.py"):
            assert http.get(BASE + path).status_code in (403, 404), path
        bundle = http.get(BASE + "workbook/assets/plotly-widget.min.js")  # the charts' front end
        assert bundle.status_code == 200 and "max-age=604800" in bundle.headers["cache-control"]
        assert http.get(BASE + "workbook/assets/plotly-widget.json").status_code == 404  # the bundle alone
        assert http.get(BASE + "workbook/assets/..%2F..%2Fserver.py").status_code in (403, 404)
        room = http.get(BASE + "workbook/room/")
        assert room.status_code == 200 and f'action="{BASE}workbook/room/join"' in room.text


@pytest.mark.browser
def test_a_chart_page_works_under_jupyter_server(jupyter_server, browser):
    with visiting(
        browser, jupyter_server, "01-seminar-themes.ipynb", ".wb-seminar-themes .wb-cards"
    ) as visit:
        bundles = []
        visit.page.on("response", lambda r: "/plotly-widget.min.js?v=" in r.url and bundles.append(r.status))
        visit.page.get_by_role("tab", name="Theme map").click()
        visit.page.wait_for_selector(
            ".js-plotly-plot .hm, .js-plotly-plot .heatmaplayer image", timeout=60_000
        )
        assert bundles == [200]  # plotly came once from the extension's route, not in the chart's state
        assert_clean(visit)
        visit.page.screenshot(path=str(ARTIFACTS / "jupyter-server-themes.png"))


def test_a_server_rooted_elsewhere_says_where_the_pages_are(tmp_path):
    log_name = "jupyter-server-elsewhere.log"
    server = JupyterServer(log_name, root=tmp_path)
    try:
        assert httpx.get(server.base + BASE + "workbook/room/", timeout=30).status_code == 200
    finally:
        server.stop()
    assert "only when the server's root folder is" in (ARTIFACTS / log_name).read_text()
