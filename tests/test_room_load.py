"""Forty participants at once on the room page, over HTTP: every answer stored once, and all see the reveal.

This asserts correctness only; how long it takes is measured by benchmarks/bench_room.py.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter

from conftest import free_port, run_in_a_thread
from room_crowd import take_part
from room_server import RoomServer

from workbook.journal import Store

CROWD = 40


async def until(check, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not await asyncio.to_thread(check):
        assert time.monotonic() < deadline, "the crowd did not get there in time"
        await asyncio.sleep(0.05)


def test_forty_participants_join_answer_and_all_see_the_reveal(store_url):
    with Store(store_url) as store:
        room, _ = store.open_room("A room of forty", capacity=CROWD)
        question = store.pose(room.id, "scale", "How fair did the warning feel?")
        store.set_state(question.id, "open")
    server = RoomServer(store_url, free_port())
    values = {f"Participant {n}": str(n % 5 + 1) for n in range(CROWD)}

    async def crowd():
        began, answer_now = time.perf_counter(), asyncio.Event()
        visits = [
            asyncio.create_task(
                take_part(
                    server.url, room.join_code, name, value, began, answer_now=answer_now, expect="How fair"
                )
            )
            for name, value in values.items()
        ]
        with Store(store_url) as watch:
            await until(lambda: watch.count_participants(room.id) == CROWD)
            answer_now.set()
            await until(lambda: watch.count_answers(question.id) == CROWD)
            await asyncio.to_thread(watch.reveal, question.id)
        return await asyncio.gather(*visits)

    try:
        journeys = run_in_a_thread(crowd())
    finally:
        server.stop()
    assert [j.errors for j in journeys if j.errors] == []
    with Store(store_url) as store:
        answers = store.answers(question.id)
    assert len(answers) == CROWD and len({a.pseudonym for a in answers}) == CROWD
    assert {a.pseudonym: a.value for a in answers} == values
    expected = Counter(values.values())
    for journey in journeys:
        assert f"{CROWD} answers" in journey.results_html
        for option in "12345":
            assert f'<th scope="row">{option}</th>' in journey.results_html
        assert all(f'class="count">{expected[o]}<' in journey.results_html for o in "12345")
