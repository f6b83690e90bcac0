"""Time each dashboard in a real browser, before and after, beside a bare page, in one run.

Two servers run side by side: one serving the Workbook as it was before (``baseline.py``,
``--baseline REV``) and one serving this tree. Each serves the dashboards and a *bare page*
(one label, the Workbook's page template). The pages are visited in turn, the two trees
alternating, so both meet the same load on this shared machine.

For every page and tree, ``RUNS`` times: a *first visit* (a new browser profile, so nothing
cached, and a new kernel) and a *second visit* (the same profile, its cache warm, and again a
new kernel). Each visit records the time from request to the page's widgets visible, when the
HTML arrived (the kernel has run the notebook by then), the bytes received over HTTP (as
transferred) and over the websocket, and the kernel's RSS; on the interactive pages, the time
from a control to its redrawn chart. One more visit per page and tree runs under a Chromium
performance trace, summarised as main-thread milliseconds by kind of work. Finally, this
tree's pages from Voila's preheated kernel pool. Medians go to
``benchmarks/results/dashboards.json``.

Run with ``make bench`` (or ``python benchmarks/bench_dashboards.py --runs 3``). This is a
measurement, not a test: nothing here fails on a slow figure.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from baseline import BASELINE, describe, export_tree  # noqa: E402
from conftest import CHROMIUM_ARGS, VoilaServer, chromium_path  # noqa: E402
from page_visits import BARE, BARE_READY, pages_folder, traced_visit, visit  # noqa: E402
from run_record import run_header, use_a_scratch_journal  # noqa: E402

RUNS = 5
READY = {
    BARE: BARE_READY,
    "00-start-here.ipynb": ".wb-start",
    "01-seminar-themes.ipynb": ".wb-seminar-themes .wb-cards",
    "02-induction.ipynb": ".wb-induction .wb-scores .wb-stat",
    "03-caseload-tiering.ipynb": ".wb-caseload-tiering .barlayer .point",
    "04-risk-and-needs.ipynb": ".wb-risk-needs .js-plotly-plot .hm, .wb-risk-needs .heatmaplayer image",
    "05-compliance-scenarios.ipynb": ".wb-compliance .scatterlayer .trace",
    "06-reflective-journal.ipynb": ".wb-journal-page .wb-prompt",
    "08-workshop-facilitator.ipynb": ".wb-facilitator-page .wb-open-room",
    "09-sources-and-glossary.ipynb": ".wb-sources",
}
CHART_PAGES = ("01-seminar-themes.ipynb", "03-caseload-tiering.ipynb", "04-risk-and-needs.ipynb",
               "05-compliance-scenarios.ipynb")  # fmt: skip
LINE_Y = "() => JSON.stringify(document.querySelector('.wb-compliance .js-plotly-plot').data[3].y)"
BAR_Y = "() => JSON.stringify(document.querySelectorAll('.wb-caseload-tiering .js-plotly-plot')[0].data[2].y)"
STEPS = 5


def time_search(page) -> dict:
    """From typing a search to the cards changing."""
    before = page.locator(".wb-excerpt").count()
    start = time.perf_counter()
    page.fill(".wb-search input", "text messaging")
    page.wait_for_function("n => document.querySelectorAll('.wb-excerpt').length !== n", arg=before)
    return {"search_step_s": round(time.perf_counter() - start, 3)}


def time_threshold_redraw(page) -> dict:
    """From a needs-first threshold step (keyboard) to the redrawn bar chart, median of 5 steps."""
    page.get_by_role("button", name="Needs-first thresholds").click()
    handle = page.locator(".wb-caseload-tiering .wb-threshold input[type=range]").first
    handle.wait_for(state="visible")  # the disclosure has opened
    times = []
    for step in range(STEPS):
        before = page.evaluate(BAR_Y)
        handle.focus()
        start = time.perf_counter()
        page.keyboard.press("ArrowRight" if step % 2 == 0 else "ArrowLeft")
        page.wait_for_function(f"() => ({BAR_Y})() !== {json.dumps(before)}", timeout=60_000)
        times.append(time.perf_counter() - start)
    return {"threshold_redraw_s": round(statistics.median(times), 3)}


def time_lever_redraw(page) -> dict:
    """From ticking a lever to the redrawn compliance chart (2,000 cases, 3 replicates), median of 5."""
    page.get_by_text("Levers", exact=True).click()
    box = page.locator(".wb-lever-flexible-rescheduling input")
    times = []
    for _ in range(STEPS):
        before = page.evaluate(LINE_Y)
        start = time.perf_counter()
        box.click()
        page.wait_for_function(f"() => ({LINE_Y})() !== {json.dumps(before)}", timeout=60_000)
        times.append(time.perf_counter() - start)
    return {"lever_redraw_s": round(statistics.median(times), 3)}


INTERACTIONS = {
    "01-seminar-themes.ipynb": time_search,
    "03-caseload-tiering.ipynb": time_threshold_redraw,
    "05-compliance-scenarios.ipynb": time_lever_redraw,
}


def medians(runs: list[dict]) -> dict:
    keys = [k for k, v in runs[0].items() if isinstance(v, int | float)]
    return {k: round(statistics.median(r[k] for r in runs if r.get(k) is not None), 3) for k in keys}


def first_and_second_visit(browser, server, notebook: str) -> tuple[dict, dict]:
    """A visit with an empty cache, then one with the cache it left (each with a new kernel)."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    try:
        first = visit(context, server, notebook, READY[notebook], then=INTERACTIONS.get(notebook))
        time.sleep(0.5)
        second = visit(context, server, notebook, READY[notebook])
    finally:
        context.close()
    return first, second


def start_servers(trees: dict[str, Path], log_dir: Path) -> dict[str, VoilaServer]:
    """A server per tree ("before", "after"), each with a bare page beside the dashboards.

    Admission is off: it would refuse pages when other people's kernels fill this shared machine.
    """
    servers = {}
    for name, root in trees.items():
        env = {} if root == ROOT else {"PYTHONPATH": str(root)}
        extra = ("--notebooks", str(pages_folder(root / "notebooks")), "--no-admission")
        servers[name] = VoilaServer(log_dir / f"voila-{name}.log", root=root, env=env, extra=extra)
    return servers


def bench_cold(browser, servers: dict[str, VoilaServer], runs: int) -> dict:
    """Every page, first and second visit, trees alternating; each visit starts and runs a kernel."""
    found = {nb: {tree: {"first_visit": [], "second_visit": []} for tree in servers} for nb in READY}
    for run in range(runs):
        for notebook in READY:
            trees = list(servers) if run % 2 == 0 else list(reversed(servers))
            for tree in trees:
                first, second = first_and_second_visit(browser, servers[tree], notebook)
                found[notebook][tree]["first_visit"].append(first)
                found[notebook][tree]["second_visit"].append(second)
                time.sleep(0.5)
        print(f"run {run + 1} of {runs} done", flush=True)
    return {
        nb: {
            tree: {visit: {"median": medians(rs), "runs": rs} for visit, rs in visits.items()}
            for tree, visits in trees.items()
        }
        for nb, trees in found.items()
    }


def above_bare(cold: dict) -> dict:
    """Each page's median time to interactive less the bare page's, per tree and visit."""
    out = {}
    for notebook in READY:
        if notebook == BARE:
            continue
        out[notebook] = {
            tree: {
                visit: round(
                    cold[notebook][tree][visit]["median"]["interactive_s"]
                    - cold[BARE][tree][visit]["median"]["interactive_s"],
                    3,
                )
                for visit in ("first_visit", "second_visit")
            }
            for tree in cold[notebook]
        }
    return out


def bench_traces(browser, servers: dict[str, VoilaServer]) -> dict:
    """One traced first visit per page and tree: where the browser's main thread spent its time."""
    folder = Path(tempfile.mkdtemp(prefix="workbook-traces-"))
    return {
        nb: {
            tree: traced_visit(browser, server, nb, READY[nb], folder / f"{tree}-{nb}.json")
            for tree, server in servers.items()
        }
        for nb in (BARE, *CHART_PAGES)
        if nb in READY
    }


def wait_for_pools(server: VoilaServer, notebooks, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log = server.log_path.read_text()
        if all(f"Kernel pool of {nb} is filled" in log for nb in notebooks):
            time.sleep(2)
            return
        time.sleep(0.5)
    raise RuntimeError("the kernel pools did not fill")


def bench_preheated(browser, runs: int, log_dir: Path) -> dict:
    """This tree only: a fresh server per run, each page once from a full pool, then one reload.

    The reload takes a pool kernel that is still being replaced: Voila then waits
    for the replacement, which is what a second participant meets.
    """
    pages = pages_folder(ROOT / "notebooks")
    found = {nb: [] for nb in READY}
    reloads = []
    for _ in range(runs):
        server = VoilaServer(
            log_dir / "voila-preheated.log", pool_size=1, fill_delay=0, extra=("--notebooks", str(pages))
        )
        try:
            wait_for_pools(server, READY)
            for notebook in READY:
                context = browser.new_context(viewport={"width": 1366, "height": 900})
                found[notebook].append(visit(context, server, notebook, READY[notebook]))
                context.close()
            context = browser.new_context(viewport={"width": 1366, "height": 900})
            reloads.append(visit(context, server, BARE, BARE_READY)["interactive_s"])
            context.close()
        finally:
            server.stop()
    result = {nb: {"median": medians(runs), "runs": runs} for nb, runs in found.items()}
    result["reload_while_refilling_s"] = {"median": statistics.median(reloads), "runs": reloads}
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--baseline", default=BASELINE, help="commit measured as 'before'")
    parser.add_argument("--after", help="commit measured as 'after' (default: this working tree)")
    parser.add_argument("--no-preheated", action="store_true", help="skip the preheated-pool runs")
    parser.add_argument("--pages", nargs="*", help="only these notebooks (and the bare page)")
    args = parser.parse_args()
    if args.pages:
        for notebook in set(READY) - {BARE, *args.pages}:
            del READY[notebook]
    use_a_scratch_journal()
    log_dir = ROOT / "benchmarks" / "results"
    results = {
        **run_header(),
        "before": describe(args.baseline),
        "runs_per_page": args.runs,
        "load_average_at_start": [round(x, 1) for x in os.getloadavg()],
        "what": "Two servers side by side, 'before' (the commit named) and 'after' (this tree), visited in "
        "turn. first_visit: a new browser profile and a new kernel; second_visit: the same profile, cache "
        "warm, a new kernel. interactive_s: request to the page's widgets visible in headless Chromium; "
        "html_s: request to the page's HTML received (the kernel has run the notebook); http_mb: bytes "
        "received over HTTP as transferred (page weight); websocket_mb: widget data received; "
        "kernel_rss_mb: RSS of the kernel the visit started, once the page was ready; search_step_s: "
        "typing a search to the cards changing; threshold_redraw_s: a needs-first threshold step to the "
        "redrawn bars (10,000 cases); lever_redraw_s: a compliance lever to the redrawn chart (2,000 cases, "
        "3 replicates). above_bare_s: median interactive_s less the bare page's (one label, the Workbook's "
        "template), same tree and visit. traces: main-thread milliseconds of one traced first visit.",
    }
    trees = {"before": export_tree(args.baseline), "after": export_tree(args.after) if args.after else ROOT}
    if args.after:
        results["after"] = describe(args.after)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # so that the servers are stopped
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        servers = start_servers(trees, log_dir)
        try:
            results["cold_kernel"] = bench_cold(browser, servers, args.runs)
            results["above_bare_s"] = above_bare(results["cold_kernel"])
            results["traces"] = bench_traces(browser, servers)
        finally:
            for server in servers.values():
                server.stop()
        if not args.no_preheated:
            results["preheated"] = bench_preheated(browser, args.runs, log_dir)
        browser.close()
    results["load_average_at_end"] = [round(x, 1) for x in os.getloadavg()]
    print_table(results)
    out = ROOT / "benchmarks" / "results" / "dashboards.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


def print_table(results: dict) -> None:
    cold = results["cold_kernel"]
    print(f"{'page':32} {'tree':7} {'first s':>8} {'second s':>9} {'MB first':>9} {'RSS MB':>7}  other")
    for notebook, trees in cold.items():
        for tree, visits in trees.items():
            first, second = visits["first_visit"]["median"], visits["second_visit"]["median"]
            other = {k: v for k, v in first.items() if k.endswith("_step_s") or k.endswith("redraw_s")}
            print(
                f"{notebook:32} {tree:7} {first['interactive_s']:8.2f} {second['interactive_s']:9.2f} "
                f"{first['http_mb']:9.2f} {first['kernel_rss_mb']:7.1f}  {other or ''}"
            )


if __name__ == "__main__":
    main()
