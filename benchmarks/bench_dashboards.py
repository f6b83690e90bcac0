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

import json
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM_ARGS, VoilaServer, chromium_path  # noqa: E402

import workbook  # noqa: E402

RUNS = 5
READY = {
    "00-start-here.ipynb": ".wb-start",
    "01-seminar-themes.ipynb": ".wb-seminar-themes .wb-cards",
}
REFILL_WAIT_S = 12  # a used pool kernel is replaced after 1 s and needs ~8 s to execute the page


def kernel_rss_mb(server: VoilaServer) -> list[float]:
    """RSS of every kernel the server has started, largest first."""
    kernels = [
        p
        for p in psutil.Process(server.process.pid).children(recursive=True)
        if "ipykernel" in " ".join(p.cmdline())
    ]
    return sorted((p.memory_info().rss / 2**20 for p in kernels), reverse=True)


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


def bench(browser, mode: str) -> dict:
    pool = 1 if mode == "preheated" else 0
    server = VoilaServer(ROOT / "benchmarks" / "results" / f"voila-{mode}.log", pool_size=pool, fill_delay=1)
    try:
        if pool:
            time.sleep(REFILL_WAIT_S * 2)  # let the pool execute every page once
        found = {}
        for notebook in READY:
            runs = []
            for _ in range(RUNS):
                runs.append(load_once(browser, server, notebook))
                time.sleep(REFILL_WAIT_S if pool else 1)
            summary = {
                key: statistics.median(r[key] for r in runs)
                for key in runs[0]
                if isinstance(runs[0][key], float)
            }
            found[notebook] = {"median": summary, "runs": runs}
            print(f"{mode:9} {notebook:26} " + "  ".join(f"{k}={v}" for k, v in summary.items()), flush=True)
        return found
    finally:
        server.stop()


def main() -> None:
    results = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "workbook": workbook.__version__,
        "machine": {
            "cpus": psutil.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "runs_per_page": RUNS,
        "what": "interactive_s: request to the page's widgets visible in headless Chromium; "
        "kernel_rss_mb: RSS of the largest kernel after the load; search_step_s: typing a search "
        "to the cards changing; websocket_mb: widget data received by the page.",
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for mode in ("cold", "preheated"):
            results[mode] = bench(browser, mode)
        browser.close()
    out = ROOT / "benchmarks" / "results" / "dashboards.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
