"""Time each dashboard in a real browser, cold and with a preheated kernel.

For every page: the time from request to interactive (the page's own widgets
visible) in headless Chromium, median of 5 loads, once with a kernel started per
request and once with Voila's preheated pool; the memory (RSS) of the kernel
serving the page; and, on *Seminar themes*, the time from typing a search to the
cards changing. Results go to benchmarks/results/dashboards.json.

Run with `make bench`. This is a measurement, not a test: nothing here fails on a
slow figure.
"""

from __future__ import annotations

import contextlib
import json
import statistics
import sys
import time
from pathlib import Path

import psutil
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM_ARGS, VoilaServer, chromium_path  # noqa: E402
from run_record import run_header, use_a_scratch_journal  # noqa: E402

RUNS = 5
READY = {
    "00-start-here.ipynb": ".wb-start",
    "01-seminar-themes.ipynb": ".wb-seminar-themes .wb-cards",
    "02-induction.ipynb": ".wb-induction .wb-scores .wb-stat",
    "03-caseload-tiering.ipynb": ".wb-caseload-tiering .barlayer .point",
    "04-risk-and-needs.ipynb": ".wb-risk-needs .js-plotly-plot .hm, .wb-risk-needs .heatmaplayer image",
    "05-compliance-scenarios.ipynb": ".wb-compliance .scatterlayer .trace",
    "06-reflective-journal.ipynb": ".wb-journal-page .wb-prompt",
    "08-workshop-facilitator.ipynb": ".wb-facilitator-page .wb-open-room",
}
LINE_Y = "() => JSON.stringify(document.querySelector('.wb-compliance .js-plotly-plot').data[3].y)"
BAR_Y = "() => JSON.stringify(document.querySelectorAll('.wb-caseload-tiering .js-plotly-plot')[0].data[2].y)"


def kernel_rss_mb(server: VoilaServer) -> list[float]:
    """RSS of every kernel the server is running, largest first (kernels that have exited are skipped)."""
    sizes = []
    for process in psutil.Process(server.process.pid).children(recursive=True):
        with contextlib.suppress(psutil.Error):  # a closed page's kernel may exit while we look
            if process.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(process.cmdline()):
                sizes.append(process.memory_info().rss / 2**20)
    return sorted(sizes, reverse=True)


def load_once(browser, server: VoilaServer, notebook: str) -> dict:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    received = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: received.append(len(f))))
    start = time.perf_counter()
    page.goto(server.url(notebook), wait_until="domcontentloaded", timeout=180_000)
    page.wait_for_selector(READY[notebook], state="visible", timeout=180_000)
    interactive = time.perf_counter() - start
    result = {"interactive_s": round(interactive, 3), "kernel_rss_mb": round(kernel_rss_mb(server)[0], 1)}
    if "themes" in notebook:
        result["search_step_s"] = round(time_search(page), 3)
    if "tiering" in notebook:
        result["threshold_redraw_s"] = round(time_threshold_redraw(page), 3)
    if "compliance" in notebook:
        result["lever_redraw_s"] = round(time_lever_redraw(page), 3)
    result["websocket_mb"] = round(sum(received) / 2**20, 3)
    page.close(run_before_unload=True)
    context.close()
    return result


def time_search(page) -> float:
    before = page.locator(".wb-excerpt").count()
    start = time.perf_counter()
    page.fill(".wb-search input", "text messaging")
    page.wait_for_function(
        "n => document.querySelectorAll('.wb-excerpt').length !== n", arg=before, timeout=60_000
    )
    return time.perf_counter() - start


def summarise(runs: list[dict]) -> dict:
    keys = [k for k, v in runs[0].items() if isinstance(v, float)]
    return {k: statistics.median(r[k] for r in runs) for k in keys}


def time_threshold_redraw(page) -> float:
    """From a needs-first threshold step (keyboard) to the redrawn bar chart, median of 5 steps."""
    page.get_by_role("button", name="Needs-first thresholds").click()
    handle = page.locator(".wb-caseload-tiering .wb-threshold input[type=range]").first
    handle.wait_for(state="visible")  # the disclosure has opened
    times = []
    for step in range(RUNS):
        before = page.evaluate(BAR_Y)
        handle.focus()
        start = time.perf_counter()
        page.keyboard.press("ArrowRight" if step % 2 == 0 else "ArrowLeft")
        page.wait_for_function(f"() => ({BAR_Y})() !== {json.dumps(before)}", timeout=60_000)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_lever_redraw(page) -> float:
    """From ticking a lever to the redrawn compliance chart (2,000 cases, 3 replicates), median of 5."""
    page.get_by_text("Levers", exact=True).click()
    box = page.locator(".wb-lever-flexible-rescheduling input")
    times = []
    for _ in range(RUNS):
        before = page.evaluate(LINE_Y)
        start = time.perf_counter()
        box.click()
        page.wait_for_function(f"() => ({LINE_Y})() !== {json.dumps(before)}", timeout=60_000)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_cold(browser) -> dict:
    """One server with no kernel pool: every load starts and executes a kernel."""
    server = VoilaServer(ROOT / "benchmarks" / "results" / "voila-cold.log", pool_size=0)
    try:
        found = {}
        for notebook in READY:
            runs = []
            for _ in range(RUNS):
                runs.append(load_once(browser, server, notebook))
                time.sleep(1)
            found[notebook] = {"median": summarise(runs), "runs": runs}
        return found
    finally:
        server.stop()


def wait_for_pools(server: VoilaServer, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log = server.log_path.read_text()
        if all(f"Kernel pool of {nb} is filled" in log for nb in READY):
            time.sleep(2)
            return
        time.sleep(0.5)
    raise RuntimeError("the kernel pools did not fill")


def bench_preheated(browser) -> dict:
    """A fresh server per run, each page loaded once from a full pool, then one reload.

    The reload takes a pool kernel that is still being replaced: Voila then waits
    for the replacement, which is what a second participant meets.
    """
    found = {nb: [] for nb in READY}
    reloads = []
    for _ in range(RUNS):
        server = VoilaServer(
            ROOT / "benchmarks" / "results" / "voila-preheated.log", pool_size=1, fill_delay=0
        )
        try:
            wait_for_pools(server)
            for notebook in READY:
                found[notebook].append(load_once(browser, server, notebook))
            reloads.append(load_once(browser, server, next(iter(READY)))["interactive_s"])
        finally:
            server.stop()
    result = {nb: {"median": summarise(runs), "runs": runs} for nb, runs in found.items()}
    result["reload_while_refilling_s"] = {"median": statistics.median(reloads), "runs": reloads}
    return result


def main() -> None:
    use_a_scratch_journal()
    results = {
        **run_header(),
        "runs_per_page": RUNS,
        "what": "interactive_s: request to the page's widgets visible in headless Chromium; "
        "kernel_rss_mb: RSS of the largest kernel after the load; search_step_s: typing a search "
        "to the cards changing; threshold_redraw_s: a needs-first threshold step to the redrawn bars "
        "(10,000 cases); lever_redraw_s: a compliance lever to the redrawn chart (2,000 cases, "
        "3 replicates); websocket_mb: widget data received by the page.",
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        results["cold"] = bench_cold(browser)
        results["preheated"] = bench_preheated(browser)
        browser.close()
    for mode in ("cold", "preheated"):
        for notebook in READY:
            line = "  ".join(f"{k}={v}" for k, v in results[mode][notebook]["median"].items())
            print(f"{mode:9} {notebook:26} {line}")
    reload = results["preheated"]["reload_while_refilling_s"]["median"]
    print(f"preheated reload while the pool refills: {reload} s")
    out = ROOT / "benchmarks" / "results" / "dashboards.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
