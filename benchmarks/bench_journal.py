"""Measure the journal store and the workshop room.

- Entries per second with 40 writer processes writing 250 entries each at once
  (each entry its own transaction), on SQLite and on a real PostgreSQL server
  started from Debian's package (as the tests do); and one writer's median time
  per save.
- In headless Chromium through Voila: the time from a participant pressing
  "Send my answer" to the answer count changing on the facilitator's page.

Results go to benchmarks/results/journal.json. Run with `make bench`; nothing here
fails on a slow figure.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from bench_dashboards import kernel_rss_mb  # noqa: E402
from conftest import CHROMIUM_ARGS, VoilaServer, chromium_path, free_port  # noqa: E402
from pg_cluster import PostgresServer, create_database, postgres_bin  # noqa: E402
from run_record import run_header, use_a_scratch_journal  # noqa: E402

from workbook.journal import Store, new_entry, new_key  # noqa: E402

WRITERS, PER_WRITER, ROUNDS, ROOM_FILL = 40, 250, 5, 20
WRITER = ROOT / "tests" / "journal_writer.py"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def many_writers(url: str) -> dict:
    """40 writers released at once; entries per second from release to the last commit."""
    Store(url).close()
    with tempfile.TemporaryDirectory() as folder:
        start = Path(folder) / "go"
        writers = [
            subprocess.Popen(
                [sys.executable, str(WRITER), url, str(w), str(PER_WRITER), str(start)],
                stdout=subprocess.PIPE,
                text=True,
                env=ENV,
            )
            for w in range(WRITERS)
        ]
        for process in writers:
            assert process.stdout.readline().strip() == "ready"
        began = time.perf_counter()
        start.touch()
        saved = sum(len(process.communicate()[0].split()) for process in writers)
        elapsed = time.perf_counter() - began
    with Store(url) as store:
        stored = store.count_entries()
    return {
        "entries": saved,
        "stored": stored,
        "seconds": round(elapsed, 2),
        "entries_per_s": round(saved / elapsed),
    }


def one_writer(url: str, count: int = 500) -> dict:
    with Store(url) as store:
        key = new_key()
        times = []
        for i in range(count):
            entry = new_entry("bench", "analysis", "", f"entry {i}")
            began = time.perf_counter()
            store.save(entry, key)
            times.append(time.perf_counter() - began)
    return {
        "median_ms": round(statistics.median(times) * 1000, 2),
        "p95_ms": round(sorted(times)[int(0.95 * count)] * 1000, 2),
    }


def bench_store() -> dict:
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/journal.sqlite3"
        results["sqlite"] = {
            "forty_writers": many_writers(url),
            "one_writer": one_writer(f"sqlite:///{folder}/one.sqlite3"),
        }
    if postgres_bin() is None:
        results["postgresql"] = "skipped: no PostgreSQL server binaries (Debian's postgresql package)"
        return results
    server = PostgresServer(free_port())
    server.start()
    try:
        url, _ = create_database(server.url())
        other, _ = create_database(server.url())
        results["postgresql"] = {"forty_writers": many_writers(url), "one_writer": one_writer(other)}
    finally:
        server.stop()
    return results


def open_room(context, server: VoilaServer, title: str):
    """Open the facilitator's page in ``context``, open a room, and return the page and the join code."""
    fac = context.new_page()
    fac.goto(server.url("08-workshop-facilitator.ipynb"), timeout=120_000)
    fac.wait_for_selector(".wb-facilitator-page .wb-open-room", state="visible", timeout=120_000)
    fac.fill(".wb-room-title input", title)
    fac.locator(".wb-open-room").click()
    fac.wait_for_selector(".wb-join-code", state="visible", timeout=30_000)
    return fac, fac.locator(".wb-join-code").inner_text().strip()


def bench_room(browser) -> dict:
    """Submit-to-facilitator latency, ROUNDS times, one question per round."""
    server = VoilaServer(ROOT / "benchmarks" / "results" / "voila-journal.log", pool_size=0)
    latencies = []
    try:
        context = browser.new_context(viewport={"width": 1366, "height": 900})
        fac, code = open_room(context, server, "Benchmark room")
        other = browser.new_context()
        part = other.new_page()
        part.goto(server.url(f"07-workshop-participant.ipynb?code={code}"), timeout=120_000)
        part.wait_for_selector(".wb-participant-page .wb-join", state="visible", timeout=120_000)
        part.fill(".wb-pseudonym input", "Bench")
        part.locator(".wb-join").click()
        part.wait_for_selector(".wb-question", state="visible", timeout=30_000)
        fac.locator(".wb-question-kind select").select_option(label="A scale from 1 to 5")
        for round_ in range(1, ROUNDS + 1):
            fac.fill(".wb-question-text textarea", f"Question {round_}?")
            fac.locator(".wb-pose").click()
            chosen = "document.querySelector('.wb-chosen-question select').selectedOptions[0]"
            fac.wait_for_function(f"() => {chosen}?.text.startsWith('{round_}.')", timeout=30_000)
            fac.locator(".wb-open-question").click()
            part.wait_for_function(
                f"() => document.querySelector('.wb-question')?.innerText.includes('Question {round_}?') && "
                "!document.querySelector('.wb-answer button').disabled",
                timeout=30_000,
            )
            part.locator(".wb-answer button", has_text="3").click()
            fac.wait_for_function(
                "() => document.querySelector('.wb-answer-count')?.innerText.startsWith('0 of 1')",
                timeout=30_000,
            )
            began = time.perf_counter()
            part.locator(".wb-submit-answer").click()
            fac.wait_for_function(
                "() => document.querySelector('.wb-answer-count')?.innerText.startsWith('1 of 1')",
                timeout=30_000,
                polling=10,
            )
            latencies.append(round(time.perf_counter() - began, 3))
        context.close()
        other.close()
    finally:
        server.stop()
    return {"submit_to_facilitator_s": {"median": statistics.median(latencies), "runs": latencies}}


def bench_room_fill(browser, people: int = ROOM_FILL) -> dict:
    """A room filling at once: ``people`` participant pages requested together, each joining when ready."""
    server = VoilaServer(ROOT / "benchmarks" / "results" / "voila-journal-fill.log", pool_size=0)
    contexts = []
    try:
        host = browser.new_context()
        contexts.append(host)
        fac, code = open_room(host, server, "A full room")
        pages = []
        began = time.perf_counter()
        for _ in range(people):
            context = browser.new_context()
            contexts.append(context)
            page = context.new_page()
            page.goto(
                server.url(f"07-workshop-participant.ipynb?code={code}"), wait_until="commit", timeout=120_000
            )
            pages.append(page)
        ready = []
        for i, page in enumerate(pages):
            page.wait_for_selector(".wb-participant-page .wb-join", state="visible", timeout=600_000)
            ready.append(time.perf_counter() - began)
            page.fill(".wb-pseudonym input", f"P{i}")
            page.locator(".wb-join").click()
        fac.wait_for_function(
            f"() => document.querySelector('.wb-participant-count')?.innerText.startsWith('{people} of')",
            timeout=600_000,
        )
        everyone = time.perf_counter() - began
        rss_mb = sum(kernel_rss_mb(server))
    finally:
        for context in contexts:
            context.close()
        server.stop()
    return {
        "participants": people,
        "first_page_ready_s": round(min(ready), 2),
        "last_page_ready_s": round(max(ready), 2),
        "all_joined_s": round(everyone, 2),
        "kernels_rss_gb": round(rss_mb / 1024, 2),
    }


def main() -> None:
    use_a_scratch_journal()
    results = {
        **run_header(),
        "what": f"forty_writers: {WRITERS} processes x {PER_WRITER} entries, one transaction each, released "
        "at once; entries_per_s from release to the last commit. one_writer: time per save, 500 saves. "
        "submit_to_facilitator_s: a participant's 'Send my answer' to the facilitator's count changing "
        f"(facilitator polls every 0.5 s), {ROUNDS} rounds. room_fill: {ROOM_FILL} participant pages "
        "requested at once (one browser context each): when the first and last are ready, when all "
        "have joined (on the facilitator's page), and the kernels' memory.",
        "store": bench_store(),
    }
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        results["room"] = bench_room(browser)
        results["room_fill"] = bench_room_fill(browser)
        browser.close()
    out = ROOT / "benchmarks" / "results" / "journal.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({k: results[k] for k in ("store", "room", "room_fill")}, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
