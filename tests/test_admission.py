"""Admission of kernel pages: first come, first served, bounded, and busy past the ceiling."""

from __future__ import annotations

import asyncio

import pytest
from conftest import run_in_a_thread
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.admission import BusyError, Gate, kernel_ceiling


async def visit(gate, name, log, hold=0.0, live=0):
    async with gate.admit(live_kernels=live):
        log.append(("in", name, gate.running))
        await asyncio.sleep(hold)
        log.append(("out", name, gate.running))


def run(*visits):
    async def main():
        return await asyncio.gather(*visits, return_exceptions=True)

    return run_in_a_thread(main())


def test_visitors_are_served_in_order_of_arrival():
    gate, log = Gate(starting=2, ceiling=100), []
    run(*(visit(gate, n, log, hold=0.01) for n in range(7)))
    assert [name for step, name, _ in log if step == "in"] == list(range(7))


def test_no_more_than_starting_render_at_once():
    gate, log = Gate(starting=2, ceiling=100), []
    run(*(visit(gate, n, log, hold=0.01) for n in range(6)))
    assert max(running for _, _, running in log) == 2
    assert gate.running == 0 and gate.queued == 0


def test_past_the_ceiling_a_visitor_is_told_the_server_is_busy():
    gate, log = Gate(starting=2, ceiling=10), []
    results = run(visit(gate, "late", log, live=10))
    assert isinstance(results[0], BusyError) and results[0].retry_after > 0
    assert "as many pages open or opening (10) as its memory allows" in results[0].reason and log == []


def test_a_long_queue_sends_newcomers_away_rather_than_keep_them_waiting():
    gate, log = Gate(starting=1, ceiling=100, waiting=3), []
    results = run(*(visit(gate, n, log, hold=0.02) for n in range(6)))
    busy = [r for r in results if isinstance(r, BusyError)]
    assert len(busy) == 2 and "3 people are already waiting" in busy[0].reason
    assert len([step for step, *_ in log if step == "in"]) == 4


def test_low_memory_sends_a_visitor_away(monkeypatch):
    monkeypatch.setattr("workbook.admission.available_mb", lambda: 100.0)
    gate = Gate(starting=1, ceiling=100, low_memory_mb=512)
    [result] = run(visit(gate, "a", []))
    assert isinstance(result, BusyError) and "memory is nearly full" in result.reason


def test_a_visitor_who_gives_up_while_queued_frees_their_place():
    async def main():
        gate, log = Gate(starting=1, ceiling=100), []
        first = asyncio.create_task(visit(gate, "first", log, hold=0.05))
        await asyncio.sleep(0)
        quitter = asyncio.create_task(visit(gate, "quitter", log))
        await asyncio.sleep(0.01)
        quitter.cancel()
        third = asyncio.create_task(visit(gate, "third", log))
        await asyncio.gather(first, third, return_exceptions=True)
        return gate, log

    gate, log = run_in_a_thread(main())
    assert [name for step, name, _ in log if step == "in"] == ["first", "third"]
    assert gate.running == 0 and gate.queued == 0


def test_an_error_while_rendering_still_frees_the_slot():
    async def failing(gate):
        async with gate.admit(live_kernels=0):
            raise RuntimeError("kernel died")

    gate = Gate(starting=1, ceiling=100)
    results = run(failing(gate), visit(gate, "next", []))
    assert isinstance(results[0], RuntimeError) and results[1] is None and gate.running == 0


@settings(max_examples=30, deadline=None)
@given(
    starting=st.integers(1, 4),
    holds=st.lists(st.floats(0, 0.003), min_size=1, max_size=12),
)
def test_every_admitted_visitor_is_served_once_in_order_and_the_bound_holds(starting, holds):
    gate, log = Gate(starting=starting, ceiling=1_000, waiting=1_000), []
    run(*(visit(gate, n, log, hold=h) for n, h in enumerate(holds)))
    entered = [name for step, name, _ in log if step == "in"]
    assert entered == list(range(len(holds)))
    assert max(running for _, _, running in log) <= starting
    assert gate.running == 0 and gate.queued == 0


@pytest.mark.parametrize(("free", "ceiling"), [(24_000, 127), (4_000, 16), (500, 2)])
def test_the_kernel_ceiling_follows_free_memory(free, ceiling):
    assert kernel_ceiling(available=free) == ceiling


# -- through a real server ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def strict_server():
    from conftest import ARTIFACTS, VoilaServer

    server = VoilaServer(
        ARTIFACTS / "voila-admission.log", extra=("--max-starting", "1", "--max-kernels", "2")
    )
    yield server
    server.stop()


def test_a_server_past_its_kernel_ceiling_says_busy_and_retries_by_itself(strict_server):
    import httpx

    page = strict_server.url("00-start-here.ipynb")
    with httpx.Client(timeout=120) as client:
        first = client.get(page)
        assert first.status_code == 200 and "Start here" in first.text
        second = client.get(page)  # the first page's kernel is still running: that is 1 of 2
        busy = client.get(page)
    assert second.status_code == 200
    assert busy.status_code == 503 and busy.headers["retry-after"] == "15"
    assert "The server is busy" in busy.text and 'http-equiv="refresh"' in busy.text
    assert "Traceback" not in busy.text
