"""Shared fixtures: the corpus, a real Voila server and a headless Chromium."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from failures import record_failures
from hypothesis import settings

from workbook.evidence import load_corpus
from workbook.paths import PROJ_ROOT

ARTIFACTS = PROJ_ROOT / "tests" / "artifacts"

# CI must not fail on a timing fluke or on an example no one has seen before: there the
# property tests run a fixed set of examples with no deadline. Locally they explore.
settings.register_profile("ci", derandomize=True, deadline=None, database=None, print_blob=True)
settings.register_profile("dev", deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session", autouse=True)
def journal_in_a_temporary_folder(tmp_path_factory):
    """Keep every journal the tests write (notebooks and served pages included) out of the user's own."""
    folder = tmp_path_factory.mktemp("journal-data")
    saved = {name: os.environ.pop(name, None) for name in ("WORKBOOK_DB_URL", "WORKBOOK_DATA_DIR")}
    os.environ["WORKBOOK_DATA_DIR"] = str(folder)
    yield folder
    os.environ.pop("WORKBOOK_DATA_DIR")
    os.environ.update({name: value for name, value in saved.items() if value is not None})


@pytest.fixture(scope="session")
def corpus():
    return load_corpus()


def chromium_path() -> str | None:
    """Where Chromium is: $WORKBOOK_CHROMIUM, Debian's /usr/bin/chromium, or on PATH."""
    for candidate in (os.environ.get("WORKBOOK_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def run_apart(coroutine):
    """Run a coroutine to the end on a loop in a thread of its own, and return its result.

    ``asyncio.run`` refuses to run in this thread while Playwright's sync API (the
    session's browser) keeps its own event loop running here.
    """
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def end_process_group(process: subprocess.Popen, timeout: float = 20) -> None:
    """End a process started in a session of its own, with its children, and always reap it.

    SIGTERM first; SIGKILL if it has not ended within ``timeout`` s. A ``Popen`` left unreaped
    warns when it is collected, which fails whichever test is running then.
    """
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class VoilaServer:
    """A `workbook serve` process on a free loopback port, ended with its kernels."""

    def __init__(
        self,
        log_path: Path,
        *,
        pool_size: int = 0,
        fill_delay: float = 30,
        extra: tuple[str, ...] = (),
        root: Path = PROJ_ROOT,
        env: dict[str, str] | None = None,
        program: tuple[str, ...] = (sys.executable, "-m", "workbook"),
    ):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = log_path.open("w")
        self.process = subprocess.Popen(
            [
                *program,
                "serve",
                "--no-browser",
                "--port",
                str(self.port),
                "--pool-size",
                str(pool_size),
                *extra,
            ],
            cwd=root,
            env={**os.environ, **(env or {})},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._wait_until_up()
        if root == PROJ_ROOT and "--no-fork-kernels" not in extra and sys.platform.startswith("linux"):
            self.wait_for_log(("Page kernels are forked", "page kernels are launched afresh"))

    def wait_for_log(self, lines: tuple[str, ...], timeout: float = 60) -> None:
        """Wait until the server's log holds one of ``lines``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._log.flush()
            text = self.log_path.read_text()
            if any(line in text for line in lines):
                return
            time.sleep(0.1)
        raise RuntimeError(f"Voila did not log any of {lines} within {timeout} s; see {self.log_path}")

    def _wait_until_up(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Voila exited early; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/voila/tree", timeout=2):
                    return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"Voila did not answer within {timeout} s; see {self.log_path}")

    def url(self, notebook: str) -> str:
        return f"{self.base}/voila/render/{notebook}"

    def kernel_pids(self) -> set[int]:
        """The server's live kernels: launched ones (``ipykernel`` in their command) and forked ones.

        A kernel forked from a warm process (``workbook.kernels``) keeps that process's command
        line, so it is told by its parent. Exited kernels not yet reaped are left out.
        """
        import psutil

        pids = set()
        for process in psutil.Process(self.process.pid).children(recursive=True):
            with contextlib.suppress(psutil.Error):  # a closed page's kernel may exit while we look
                if process.status() == psutil.STATUS_ZOMBIE:
                    continue
                launched = "ipykernel_launcher" in " ".join(process.cmdline())
                if launched or "-m workbook.kernels" in " ".join(process.parent().cmdline()):
                    pids.add(process.pid)
        return pids

    def stop(self) -> None:
        end_process_group(self.process, timeout=15)
        self._log.close()


@pytest.fixture(scope="session")
def voila_server():
    server = VoilaServer(ARTIFACTS / "voila.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.fail(
            "Chromium not found: install Debian's 'chromium' package (make test does this as root) "
            "or set WORKBOOK_CHROMIUM to a Chromium binary."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        record_failures(browser, ARTIFACTS / "failures")
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def postgres_admin_url():
    """A real PostgreSQL server for the session (tests/pg_cluster.py); skips only where none can be had."""
    from pg_cluster import SKIP_REASON, PostgresServer, postgres_bin

    if url := os.environ.get("WORKBOOK_TEST_PG_URL"):
        yield url
        return
    if postgres_bin() is None:
        pytest.skip(SKIP_REASON)
    server = PostgresServer(free_port())
    server.start()
    try:
        yield server.url()
    finally:
        server.stop()


@pytest.fixture
def store(tmp_path):
    """A journal store on SQLite in the test's folder (modules testing both back ends override it)."""
    from workbook.journal import Store

    with Store(f"sqlite:///{tmp_path / 'journal.sqlite3'}") as store:
        yield store


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """An empty journal store: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'journal.sqlite3'}"
        return
    from pg_cluster import create_database, drop_database

    admin = request.getfixturevalue("postgres_admin_url")
    url, name = create_database(admin)
    try:
        yield url
    finally:
        drop_database(admin, name)


def run_in_a_thread(coroutine):
    """Run a coroutine to the end on a fresh event loop in its own thread.

    The session's Playwright browser keeps an event loop running on the main thread,
    so ``asyncio.run`` there fails once a browser test has run.
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
