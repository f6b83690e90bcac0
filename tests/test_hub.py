"""A real JupyterHub on deploy/jupyterhub/jupyterhub_config.py: one room across users, joined through the hub.

JupyterHub (from PyPI) runs with configurable-http-proxy (from npm; ``make test``
installs it in ``.venv/chp``), the shared-password authenticator, the simple
local-process spawner and the PostgreSQL server the tests start. A facilitator logs
in and opens a room on their own server; two participants log in and land straight
on the room page served by the hub's ``workbook-room`` service, with no server of
their own; answers arrive on the facilitator's page. Then one participant follows
the room page's journal link, which starts their own server.

Each user's server start time (the hub's own figure) and memory (the server with its
page kernels) and processor time are written to ``tests/artifacts/hub-figures.json``; the README's
sizing table comes from them. Nothing here is a timed assertion.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest
from browsing import READY_MS, Visit
from conftest import ARTIFACTS, end_process_group, free_port
from playwright.sync_api import expect

from workbook.paths import PROJ_ROOT

pytestmark = pytest.mark.browser

DEPLOY_CONFIG = PROJ_ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PASSWORD = "conference-2026"
ROOM_PREFIX = "/services/workbook-room/workbook/room/"


def proxy_command() -> str | None:
    """configurable-http-proxy: $WORKBOOK_CHP, the copy `make test` installs, or one on PATH."""
    for candidate in (
        os.environ.get("WORKBOOK_CHP"),
        str(PROJ_ROOT / ".venv" / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"),
        shutil.which("configurable-http-proxy"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    return None


TEST_CONFIG = """
c = get_config()
load_subconfig({deploy!r})
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_port}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = "sqlite:///{folder}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{folder}/cookie_secret"
c.ConfigurableHTTPProxy.pid_file = "{folder}/proxy.pid"
c.SimpleLocalProcessSpawner.home_dir_template = "{folder}/home/{{username}}"
if {as_root!r}:
    c.Spawner.args.append("--allow-root")  # the test machine runs everything as root
"""


class Hub:
    """JupyterHub with the Workbook's config on loopback ports, in its own process group."""

    def __init__(self, folder: Path, db_url: str, proxy: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        (folder / "home").mkdir(parents=True)
        config = folder / "jupyterhub_test_config.py"
        config.write_text(
            TEST_CONFIG.format(
                deploy=str(DEPLOY_CONFIG), port=self.port, hub_port=free_port(), proxy_port=free_port(),
                proxy=proxy, folder=folder, as_root=os.geteuid() == 0,
            )
        )  # fmt: skip
        self.log_path = ARTIFACTS / "jupyterhub.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("w")
        env = {
            **os.environ,
            "WORKBOOK_DB_URL": db_url,
            "WORKBOOK_HUB_PASSWORD": PASSWORD,
            "WORKBOOK_HUB_PUBLIC_URL": self.base + "/",
            "WORKBOOK_ROOM_PORT": str(free_port()),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=folder, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                health = httpx.get(self.base + "/hub/health", timeout=5)
                room = httpx.get(self.base + ROOM_PREFIX, timeout=5)
                if health.status_code == 200 and room.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"JupyterHub did not come up; see {self.log_path}")

    def log(self) -> str:
        return self.log_path.read_text()

    def start_seconds(self) -> dict[str, float]:
        """The hub's own figure for each user's server: seconds from spawn to answering."""
        return {
            user: float(seconds)
            for user, seconds in re.findall(r"User (\w+) took ([\d.]+) seconds to start", self.log())
        }

    def user_servers(self) -> dict[str, psutil.Process]:
        """Each running single-user server by user name."""
        found = {}
        for process in psutil.Process(self.process.pid).children(recursive=True):
            try:
                if "jupyterhub-singleuser" in " ".join(process.cmdline()):
                    found[process.environ().get("JUPYTERHUB_USER", "?")] = process
            except psutil.Error:
                continue
        return found

    def room_service_mb(self) -> float:
        """Resident memory of the room service, the one process every participant talks to."""
        for process in psutil.Process(self.process.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if process.cmdline()[-1:] == ["room"]:
                    return process.memory_info().rss / 2**20
        return float("nan")

    def stop(self) -> None:
        end_process_group(self.process, timeout=30)
        self._log.close()


def memory_mb(process: psutil.Process) -> tuple[float, float]:
    """Resident memory of a server alone, and with its kernels, in MB."""
    server = process.memory_info().rss
    kernels = sum(child.memory_info().rss for child in process.children(recursive=True))
    return server / 2**20, (server + kernels) / 2**20


def cpu_seconds(process: psutil.Process) -> float:
    """Processor time a server has used so far (starting, and serving its pages), its kernels apart."""
    times = process.cpu_times()
    return times.user + times.system


@pytest.fixture
def hub(postgres_admin_url, tmp_path):
    proxy = proxy_command()
    if proxy is None:
        pytest.skip(
            "configurable-http-proxy is not installed: `make test` installs it into .venv/chp from npm"
        )
    from pg_cluster import create_database, drop_database

    db_url, name = create_database(postgres_admin_url)
    hub = Hub(tmp_path, db_url, proxy)
    spawned = []
    try:
        yield hub
    finally:
        spawned = list(hub.user_servers().values())
        hub.stop()
        for process in spawned:
            if process.is_running():
                process.kill()
        drop_database(postgres_admin_url, name)


def log_in(browser, hub: Hub, user: str, next_path: str = "") -> Visit:
    """Log in through the hub's own form, as a person would; a phone for participants."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    visit = Visit(context.new_page(), context)
    page = visit.page
    page.on("pageerror", lambda e: visit.errors.append(str(e)))
    page.on(
        "request",
        lambda r: None if r.url.startswith((hub.base, "data:", "blob:")) else visit.external.append(r.url),
    )
    page.goto(hub.base + "/hub/login" + (f"?next={next_path}" if next_path else ""), timeout=READY_MS)
    page.fill("#username_input", user)
    page.fill("#password_input", PASSWORD)
    page.click("#login_submit")
    return visit


def test_one_room_spans_the_hub_and_joining_costs_no_server(browser, hub):
    visits = []
    try:
        fac = log_in(browser, hub, "fran")
        visits.append(fac)
        page = fac.page
        page.wait_for_url(re.compile(r"/user/fran/voila/render/00-start-here\.ipynb"), timeout=READY_MS)
        page.wait_for_selector(".wb-start", state="visible", timeout=READY_MS)
        page.goto(
            hub.base + "/user/fran/voila/render/08-workshop-facilitator.ipynb", wait_until="domcontentloaded"
        )
        page.wait_for_selector(".wb-facilitator-page .wb-open-room", state="visible", timeout=READY_MS)
        page.fill(".wb-room-title input", "Conference room")
        page.locator(".wb-open-room").click()
        page.wait_for_selector(".wb-join-code", state="visible", timeout=30_000)
        code = page.locator(".wb-join-code").inner_text().strip()
        link = page.locator(".wb-room-header a").first.get_attribute("href")
        assert link == f"{hub.base}{ROOM_PREFIX}{code}"  # the hub's room service, not fran's server

        joined, join_seconds, before_joining = [], {}, len(hub.log())
        for name in ("ali", "bea"):
            visit = log_in(browser, hub, name, next_path=ROOM_PREFIX + code)
            visits.append(visit)
            room = visit.page
            room.wait_for_url(re.compile(re.escape(ROOM_PREFIX + code)), timeout=READY_MS)
            expect(room.locator("#code")).to_have_value(code)
            room.fill("#pseudonym", name.title())
            started = time.monotonic()
            room.get_by_role("button", name="Join the room").click()
            expect(room.locator(".seat")).to_contain_text(f"You are in as {name.title()}")
            join_seconds[name] = round(time.monotonic() - started, 2)
            joined.append(room)
        assert set(hub.user_servers()) == {"fran"}  # joining started no server
        # The hub saw each participant's login (its form, and the redirect to the room), and nothing of
        # the joining: that went from the proxy straight to the room service.
        hub_saw = [line for line in hub.log()[before_joining:].splitlines() if "JupyterHub log" in line]
        assert hub_saw and all("/hub/login" in line for line in hub_saw), hub_saw
        expect(page.locator(".wb-participant-count")).to_contain_text("2 of", timeout=15_000)

        page.locator(".wb-question-kind select").select_option(label="A scale from 1 to 5")
        page.fill(".wb-question-text textarea", "How fair did the warning feel?")
        page.locator(".wb-pose").click()
        expect(page.locator(".wb-question-now")).to_contain_text("How fair", timeout=15_000)
        page.locator(".wb-open-question").click()
        for room, value in zip(joined, ("4", "2"), strict=True):
            expect(room.locator(".chip-open")).to_be_visible(timeout=15_000)
            room.locator(".choice", has_text=value).click()
            room.get_by_role("button", name="Send my answer").click()
            expect(room.locator("#status")).to_have_text("Your answer is in.")
        expect(page.locator(".wb-answer-count")).to_contain_text("2 of 2 answered", timeout=15_000)
        page.locator(".wb-reveal").click()
        expect(page.locator(".wb-room-results .bars")).to_contain_text("mean 3.0", timeout=15_000)
        expect(joined[0].locator("#results")).to_contain_text("mean 3.0", timeout=15_000)
        page.screenshot(path=str(ARTIFACTS / "hub-facilitator.png"), full_page=True)
        joined[0].screenshot(path=str(ARTIFACTS / "hub-room-participant.png"), full_page=True)

        # The room page's journal link goes through the hub to the participant's own server.
        room = joined[0]
        room.locator("details.keep summary").click()
        room.get_by_role("link", name="Reflective journal").click()
        room.wait_for_url(
            re.compile(r"/user/ali/voila/render/06-reflective-journal\.ipynb"), timeout=READY_MS
        )
        room.wait_for_selector(".wb-journal-page", state="visible", timeout=READY_MS)
        servers = hub.user_servers()
        assert set(servers) == {"fran", "ali"}  # bea only ever used the room
        for visit in visits:
            assert visit.errors == [], visit.errors
            assert visit.external == [], "a page fetched from outside this machine"
        memory = {user: memory_mb(process) for user, process in servers.items()}
        figures = {
            "load_average_1min": round(os.getloadavg()[0], 1),  # this machine is shared: say how busy
            "start_seconds": hub.start_seconds(),
            "server_cpu_seconds": {user: round(cpu_seconds(process), 2) for user, process in servers.items()},
            "server_mb": {user: round(alone, 1) for user, (alone, _) in memory.items()},
            "server_with_kernels_mb": {user: round(total, 1) for user, (_, total) in memory.items()},
            "room_service_mb": round(hub.room_service_mb(), 1),
            "join_seconds": join_seconds,  # Join pressed to seated, through the proxy and the room service
        }
        (ARTIFACTS / "hub-figures.json").write_text(json.dumps(figures, indent=2))
        assert set(figures["start_seconds"]) == {"fran", "ali"}
        assert re.search(r"200 GET /hub/api/users.*\(idle-culler@", hub.log())  # the culler is at work
    finally:
        for visit in visits:
            visit.close()
