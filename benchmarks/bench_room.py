"""Measure the workshop room with a crowd, and kernel pages with and without admission, on this machine.

- A crowd of 40, then 200, simulated participants (HTTP clients, no browser, on the
  same machine as the server) join the room page at once: time from the first
  request to joined with the question on screen (p50, p95, max); then answers, one
  at a time, to the count moving on the facilitator's real page in headless
  Chromium (p50, p95); then everyone else answers at once and the facilitator
  reveals: time until every participant's page has the results. The server
  process's CPU seconds and memory growth over the whole crowd.
- Before, in the same run: the Voila participant page this replaced, from the last
  commit that had it (``BEFORE``), requested 40 times at once (plain HTTP, as a
  crowd of phones would): time to each page and the kernels' memory.
- 20 visitors opening *Compliance scenarios* at once (plain HTTP), with admission
  and without it (``--no-admission``, as plain Voila): first, median and last page.
- The room page's weight: HTML, CSS and script of a joined page.

Results go to benchmarks/results/room.json. Run with `make bench`; nothing here
fails on a slow figure.
"""

from __future__ import annotations

import asyncio
import io
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psutil
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM_ARGS, VoilaServer, chromium_path  # noqa: E402
from page_visits import total_rss_mb  # noqa: E402
from room_crowd import Journey, percentile, take_part, token_from  # noqa: E402
from run_record import run_header, use_a_scratch_journal  # noqa: E402

BEFORE = "1a0a546"
PAGE_TIMEOUT_S = 180
"""The last commit with the Voila participant page (07-workshop-participant.ipynb)."""

CROWDS = (40, 200)
SAMPLES = 20
"""Answers sent one at a time to time the facilitator's count."""

VISITORS = 20
RESULTS = ROOT / "benchmarks" / "results"
QUESTION = "How fair did the warning feel?"


def summary(values: list[float]) -> dict:
    """p50, p95 and max of some seconds."""
    return {
        "p50_s": round(percentile(values, 0.5), 3),
        "p95_s": round(percentile(values, 0.95), 3),
        "max_s": round(max(values), 3),
    }


class Loop:
    """An asyncio loop in a thread of its own, so the crowd runs while Playwright drives the browser."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def submit(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop)

    def close(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def open_room(browser, server: VoilaServer, capacity: int):
    """The facilitator's real page: open a room and pose an open scale question; return the page and code."""
    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    page.goto(server.url("08-workshop-facilitator.ipynb"), timeout=180_000)
    page.wait_for_selector(".wb-facilitator-page .wb-open-room", state="visible", timeout=180_000)
    page.fill(".wb-room-title input", f"A room of {capacity}")
    page.fill(".wb-facilitator-page .widget-inline-hbox:has-text('Places') input", str(capacity))
    page.locator(".wb-open-room").click()
    page.wait_for_selector(".wb-join-code", state="visible", timeout=60_000)
    code = page.locator(".wb-join-code").inner_text().strip()
    page.locator(".wb-question-kind select").select_option(label="A scale from 1 to 5")
    page.fill(".wb-question-text textarea", QUESTION)
    page.locator(".wb-pose").click()
    page.wait_for_function("() => document.querySelector('.wb-question-now')", timeout=60_000)
    page.locator(".wb-open-question").click()
    return page, code


def count_reached(page, count: int) -> str:
    return (
        "() => { const b = document.querySelector('.wb-answer-count b');"
        f" return b && Number(b.innerText) >= {count}; }}"
    )


def crowd(browser, server: VoilaServer, size: int) -> dict:
    """``size`` participants join at once, answer, and see the reveal; the facilitator watches."""
    fac, code = open_room(browser, server, size)
    process = psutil.Process(server.process.pid)
    cpu_before, rss_before = sum(process.cpu_times()[:2]), process.memory_info().rss
    loop = Loop()
    answer_now = {n: asyncio.Event() for n in range(size)}
    began = time.perf_counter()
    visits = [
        loop.submit(
            take_part(
                server.base, code, f"P{n}", str(n % 5 + 1), began, answer_now=answer_now[n], expect=QUESTION
            )
        )
        for n in range(size)
    ]
    fac.wait_for_function(
        f"() => document.querySelector('.wb-participant-count b')?.innerText === '{size}'", timeout=600_000
    )
    latencies = []
    for n in range(SAMPLES):
        sent = time.perf_counter()
        loop.loop.call_soon_threadsafe(answer_now[n].set)
        fac.wait_for_function(count_reached(fac, n + 1), timeout=60_000, polling=10)
        latencies.append(time.perf_counter() - sent)
    rest = time.perf_counter()
    for n in range(SAMPLES, size):
        loop.loop.call_soon_threadsafe(answer_now[n].set)
    fac.wait_for_function(count_reached(fac, size), timeout=600_000, polling=50)
    everyone_answered = time.perf_counter() - rest
    revealed_at = time.perf_counter() - began
    fac.locator(".wb-reveal").click()
    journeys: list[Journey] = [visit.result(timeout=600) for visit in visits]
    cpu = sum(process.cpu_times()[:2]) - cpu_before
    growth = (process.memory_info().rss - rss_before) / 2**20
    loop.close()
    fac.context.close()
    failed = [j.errors for j in journeys if j.errors]
    return {
        "participants": size,
        "failed": len(failed),
        "joined_with_question": summary([j.joined for j in journeys if not j.errors]),
        "answer_to_facilitator_count": {
            "p50_s": round(percentile(latencies, 0.5), 3),
            "p95_s": round(percentile(latencies, 0.95), 3),
            "samples": len(latencies),
        },
        "rest_answered_at_once_s": round(everyone_answered, 2),
        "reveal_reached_everyone": summary([j.revealed - revealed_at for j in journeys if not j.errors]),
        "server_cpu_s": round(cpu, 2),
        "server_memory_growth_mb": round(growth, 1),
    }


def old_checkout(ref: str) -> Path:
    """The Workbook as it was at ``ref``, unpacked in a temporary folder (``git archive``)."""
    folder = Path(tempfile.mkdtemp(prefix="workbook-before-"))
    archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


async def fetch_all(url: str, count: int) -> list[float | None]:
    """``count`` plain GETs of one page at once: seconds until each whole response arrived (None: failed).

    A request fails when it gets an error status or no page within ``PAGE_TIMEOUT_S`` (under
    plain Voila, a burst of kernels can lose one to a port taken twice, and its page never comes).
    """
    limits = httpx.Limits(max_connections=count)
    async with httpx.AsyncClient(timeout=PAGE_TIMEOUT_S, limits=limits) as client:

        async def one() -> float | None:
            began = time.perf_counter()
            try:  # a deadline for the whole page: Voila can hold a connection open for a dead kernel
                response = await asyncio.wait_for(client.get(url), PAGE_TIMEOUT_S)
                response.raise_for_status()
            except (httpx.HTTPError, TimeoutError):
                return None
            return time.perf_counter() - began

        return await asyncio.gather(*(one() for _ in range(count)))


def pages_at_once(server: VoilaServer, notebook: str, count: int) -> dict:
    found = asyncio.run(fetch_all(server.url(notebook), count))
    times = sorted(t for t in found if t is not None)
    return {
        "requests": count,
        "failed": count - len(times),
        "first_s": round(times[0], 2) if times else None,
        "median_s": round(statistics.median(times), 2) if times else None,
        "last_s": round(times[-1], 2) if times else None,
        "kernels_rss_gb": round(total_rss_mb(server.kernel_pids()) / 1024, 2),
    }


def before_participant_pages() -> dict:
    """The old Voila participant page, 40 at once, from the last commit that had it."""
    folder = old_checkout(BEFORE)
    server = VoilaServer(RESULTS / "voila-room-before.log", root=folder, env={"PYTHONPATH": str(folder)})
    try:
        one = pages_at_once(server, "07-workshop-participant.ipynb", 1)
        forty = pages_at_once(server, "07-workshop-participant.ipynb", CROWDS[0])
    finally:
        server.stop()
    return {"commit": BEFORE, "one": one, "forty": forty}


def compliance_burst(admission: bool) -> dict:
    extra = () if admission else ("--no-admission",)
    server = VoilaServer(RESULTS / f"voila-room-burst-{admission}.log", extra=extra)
    try:
        return pages_at_once(server, "05-compliance-scenarios.ipynb", VISITORS)
    finally:
        server.stop()


def page_weight(server: VoilaServer) -> dict:
    """Bytes of a joined room page, its stylesheets and its script (uncompressed)."""
    from workbook.journal import Store

    with Store() as store:
        room, _ = store.open_room("Weighing room")
        question = store.pose(room.id, "scale", QUESTION)
        store.set_state(question.id, "open")
    with httpx.Client(base_url=server.base) as client:
        began = time.perf_counter()
        form = client.get(f"/workbook/room/{room.join_code}")
        joined = client.post(
            "/workbook/room/join",
            data={"_xsrf": token_from(form.text), "code": room.join_code, "pseudonym": "W"},
        )
        page = client.get(joined.headers["location"])
        one_join = time.perf_counter() - began
        assets = [a.split('"')[0] for a in page.text.split("/workbook/room/static/")[1:]]
        sizes = {
            name.split("?")[0]: len(client.get(f"/workbook/room/static/{name}").content) for name in assets
        }
    return {
        "html_bytes": len(page.content),
        "assets_bytes": sizes,
        "total_kb": round((len(page.content) + sum(sizes.values())) / 1024, 1),
        "one_participant_join_s": round(one_join, 3),
    }


def main() -> None:
    use_a_scratch_journal()
    results = {**run_header(), "what": __doc__}
    results["before_voila_participant_page"] = before_participant_pages()
    results["compliance_20_at_once"] = {
        "without_admission": compliance_burst(admission=False),
        "with_admission": compliance_burst(admission=True),
    }
    server = VoilaServer(RESULTS / "voila-room.log")
    try:
        results["room_page_weight"] = page_weight(server)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            results["crowds"] = [crowd(browser, server, size) for size in CROWDS]
            browser.close()
    finally:
        server.stop()
    out = RESULTS / "room.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({k: v for k, v in results.items() if k not in ("what", "machine")}, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
