"""Visiting served pages in headless Chromium and measuring what each visit cost.

A visit records: the time from the request to the page's own widgets visible
(``interactive_s``), when the page's HTML arrived (``html_s``: the server has started a
kernel and run the notebook by then), the bytes the browser received over HTTP
(``http_mb``, as transferred: a file from the browser's cache counts nothing) and over
the widgets' websocket (``websocket_mb``), and the kernel the visit started: its RSS, and its
USS (memory it alone holds; a forked kernel shares the rest with its fork server).

``trace_summary`` turns a Chromium performance trace into milliseconds of main-thread
work by kind (evaluating scripts and modules, style and layout, painting).
"""

from __future__ import annotations

import collections
import contextlib
import json
import shutil
import tempfile
import time
from pathlib import Path

import nbformat
import psutil

BARE = "00-bare-page.ipynb"
BARE_READY = ".wb-bare"
BARE_CODE = "import ipywidgets\n\nipywidgets.Label('A label.').add_class('wb-bare')"


def pages_folder(notebooks: Path) -> Path:
    """A temporary copy of a tree's notebooks with the bare page beside them: one label, nothing else."""
    folder = Path(tempfile.mkdtemp(prefix="workbook-bench-pages-"))
    for notebook in notebooks.glob("*.ipynb"):
        shutil.copy(notebook, folder / notebook.name)
    bare = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("# A bare page"),
            nbformat.v4.new_code_cell(BARE_CODE),
        ],
        metadata={"title": "A bare page", "kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    nbformat.write(bare, folder / BARE)
    return folder


def rss_mb(pids: set[int]) -> float | None:
    """RSS of the largest of these processes, in MiB (None when none is left)."""
    sizes = []
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            sizes.append(psutil.Process(pid).memory_info().rss / 2**20)
    return round(max(sizes), 1) if sizes else None


def uss_mb(pids: set[int]) -> float | None:
    """Memory only the largest of these processes holds (USS), in MiB: what one more kernel costs.

    A forked kernel shares its fork server's pages until it writes to them; RSS counts them
    in every kernel, USS in none.
    """
    sizes = []
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            sizes.append(psutil.Process(pid).memory_full_info().uss / 2**20)
    return round(max(sizes), 1) if sizes else None


def total_rss_mb(pids: set[int]) -> float:
    """RSS of all these processes together, in MiB (those that have exited count nothing)."""
    total = 0
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            total += psutil.Process(pid).memory_info().rss
    return total / 2**20


class Meter:
    """What one page received while it loaded, from Chromium's own network events."""

    def __init__(self, context, page):
        self.http = 0
        self.websocket = 0
        self.html_at = None
        self.started = time.perf_counter()
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.loadingFinished", self._finished)
        self._document = None
        session.on("Network.responseReceived", self._response)
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _response(self, event) -> None:
        if event.get("type") == "Document" and self._document is None:
            self._document = event["requestId"]

    def _finished(self, event) -> None:
        self.http += event.get("encodedDataLength", 0)
        if event["requestId"] == self._document and self.html_at is None:
            self.html_at = time.perf_counter() - self.started

    def _frame(self, frame) -> None:
        self.websocket += len(frame)


def visit(context, server, notebook: str, ready: str, *, then=None) -> dict:
    """Open a page in ``context``, wait until ``ready`` is visible, run ``then(page)``, close it."""
    page = context.new_page()
    meter = Meter(context, page)
    before = server.kernel_pids()
    start = meter.started = time.perf_counter()
    page.goto(server.url(notebook), wait_until="domcontentloaded", timeout=180_000)
    page.wait_for_selector(ready, state="visible", timeout=180_000)
    interactive = time.perf_counter() - start
    started = server.kernel_pids() - before
    result = {
        "interactive_s": round(interactive, 3),
        "html_s": round(meter.html_at or interactive, 3),
        "kernel_rss_mb": rss_mb(started),
        "kernel_uss_mb": uss_mb(started),
        "http_mb": round(meter.http / 2**20, 3),
    }
    if then is not None:
        result |= then(page)
    result["websocket_mb"] = round(meter.websocket / 2**20, 3)
    page.close(run_before_unload=True)
    return result


def traced_visit(browser, server, notebook: str, ready: str, path: Path) -> dict:
    """A cold visit under a Chromium performance trace, summarised by ``trace_summary``."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    categories = ["devtools.timeline", "v8", "blink", "toplevel"]
    browser.start_tracing(page=page, path=str(path), categories=categories)
    start = time.perf_counter()
    page.goto(server.url(notebook), wait_until="domcontentloaded", timeout=180_000)
    page.wait_for_selector(ready, state="visible", timeout=180_000)
    interactive = time.perf_counter() - start
    browser.stop_tracing()
    page.close(run_before_unload=True)
    context.close()
    summary = trace_summary(path)
    path.unlink()
    return {"interactive_s": round(interactive, 3), **summary}


KINDS = {
    "EvaluateScript": "script_evaluation_ms",
    "v8.evaluateModule": "module_evaluation_ms",
    "v8.compile": "compile_ms",
    "v8.compileModule": "compile_ms",
    "ParseHTML": "html_parsing_ms",
    "UpdateLayoutTree": "style_and_layout_ms",
    "Layout": "style_and_layout_ms",
    "Paint": "paint_ms",
    "MinorGC": "garbage_collection_ms",
    "MajorGC": "garbage_collection_ms",
}


def trace_summary(path: Path) -> dict:
    """Main-thread milliseconds by kind of work in a Chromium trace, and the scripts that cost most."""
    events = json.loads(path.read_text())
    events = events["traceEvents"] if isinstance(events, dict) else events
    threads = {
        (e["pid"], e["tid"])
        for e in events
        if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"
    }
    spent = collections.Counter()
    scripts = collections.Counter()
    for e in events:
        if e.get("ph") != "X" or (e.get("pid"), e.get("tid")) not in threads:
            continue
        ms = e.get("dur", 0) / 1000
        if e["name"] in ("RunTask", "ThreadControllerImpl::RunTask"):
            spent["main_thread_busy_ms"] += ms
        if e["name"] in KINDS:
            spent[KINDS[e["name"]]] += ms
        if e["name"] in ("EvaluateScript", "v8.evaluateModule"):
            url = ((e.get("args") or {}).get("data") or {}).get("url") or "(module)"
            scripts[url.rsplit("/", 1)[-1].split("?")[0]] += ms
    return {
        **{k: round(v) for k, v in sorted(spent.items())},
        "costliest_scripts_ms": {k: round(v) for k, v in scripts.most_common(5)},
    }
