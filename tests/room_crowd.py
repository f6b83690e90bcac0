"""A crowd of simulated participants on the room page, over HTTP with no browser (load test and bench).

Each participant is its own HTTP client with its own cookies, as a phone is: it
opens the QR code's link, joins with a pseudonym, gets the room page with the
open question on it, listens to the room's event stream, answers, and waits until
the revealed results reach it.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass, field

import httpx


@dataclass
class Journey:
    """What happened to one simulated participant, in seconds from the crowd's start."""

    name: str
    joined: float = float("nan")
    answered: float = float("nan")
    revealed: float = float("nan")
    results_html: str = ""
    errors: list[str] = field(default_factory=list)


def token_from(page: str) -> str:
    """The anti-forgery token a page's forms carry."""
    match = re.search(r'name="_xsrf" value="([^"]+)"', page)
    return match.group(1) if match else ""


async def listen(client: httpx.AsyncClient, url: str, journey: Journey, began: float, done: asyncio.Event):
    """Read the room's event stream until revealed results arrive."""
    async with client.stream("GET", url, timeout=None) as stream:
        async for line in stream.aiter_lines():
            if not line.startswith("data: "):
                continue
            update = json.loads(line[6:])
            if update["question"] and update["question"]["revealed"]:
                journey.revealed = time.perf_counter() - began
                journey.results_html = update["results_html"]
                done.set()
                return


async def take_part(
    base: str, code: str, name: str, value: str, began: float, *, answer_now: asyncio.Event, expect: str
) -> Journey:
    """One participant's whole visit: join, see the question, listen, answer when told, see the reveal."""
    journey = Journey(name)
    limits = httpx.Limits(max_connections=4)
    address = f"10.{hash(name) % 250}.{len(name)}.1"  # a device of its own, for the limits
    headers = {"X-Forwarded-For": address}
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120, headers=headers) as client:
        try:
            form = await client.get(f"/workbook/room/{code}")
            joined = await client.post(
                "/workbook/room/join", data={"_xsrf": token_from(form.text), "code": code, "pseudonym": name}
            )
            if joined.status_code != 303:
                journey.errors.append(f"join: {joined.status_code}")
                return journey
            room = await client.get(joined.headers["location"])
            if expect not in room.text:
                journey.errors.append("the open question was not on the room page")
                return journey
            journey.joined = time.perf_counter() - began
            revealed = asyncio.Event()
            listener = asyncio.create_task(
                listen(client, f"/workbook/room/{code}/events", journey, began, revealed)
            )
            question = re.search(r'name="question" value="([0-9a-f]+)"', room.text).group(1)
            await answer_now.wait()
            reply = await client.post(
                f"/workbook/room/{code}/answer",
                data={"question": question, "value": value},
                headers={"Accept": "application/json", "X-XSRFToken": token_from(room.text)},
            )
            if reply.status_code != 200:
                journey.errors.append(f"answer: {reply.status_code} {reply.text[:80]}")
            journey.answered = time.perf_counter() - began
            await asyncio.wait_for(revealed.wait(), 120)
            listener.cancel()
        except (httpx.HTTPError, TimeoutError, AttributeError) as error:
            journey.errors.append(f"{type(error).__name__}: {error}")
    return journey


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values fall (nearest rank).

    Example:
        >>> percentile([1.0, 2.0, 3.0, 4.0], 0.5), percentile([1.0, 2.0, 3.0, 4.0], 0.95)
        (2.0, 4.0)
    """
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))]
