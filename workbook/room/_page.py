"""What every room page handler shares: safe headers, the seat cookie, one-line errors and rendering.

A seat is a signed, HttpOnly cookie holding the person's journal key; the
signing secret lives in the store, so every server on the same store accepts it.
Every POST must carry the anti-forgery token.
"""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tornado.web import RequestHandler, create_signed_value, decode_signed_value

from workbook.journal import (
    JOIN_LIMIT,
    JournalError,
    Participant,
    Room,
    Store,
    StoreError,
    display_code,
    new_key,
    normalise_code,
)
from workbook.journal._room_store import UnknownCodeError
from workbook.room._render import render, stage_choices
from workbook.room._service import RoomService, read_view

STATIC_DIR = Path(__file__).parent / "static"
SEAT_COOKIE = "workbook-seat"
SEAT_DAYS = 8
"""A seat cookie outlives the longest room (a week)."""

SAID = {
    "joined": "You are in. Answer the question when the facilitator opens it.",
    "answer": "Your answer is in.",
    "saved": "Saved to your journal.",
    "shared": "Saved, and shared with the room.",
    "share": "Shared with the room.",
    "unshare": "No longer shared with the room.",
    "delete": "Deleted.",
}
"""What the page says after each action, by the key in ``?said=``."""

UNREACHABLE = "The room can't be reached just now; wait a moment and try again. Nothing you typed is lost."

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


@cache
def static_version(name: str) -> str:
    """A short hash of a static file, so browsers keep it until it changes."""
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]


@dataclass(frozen=True)
class Seat:
    """A person in a room: the room, their participant record and their journal key."""

    room: Room
    participant: Participant
    key: str


def find_seat(store: Store, code: str, key: str | None) -> tuple[Room, Participant | None]:
    """The room with this code (live or not) and this key's seat in it, if any."""
    room = store.find_room(code, live=False)
    return room, store.seat(room.id, key) if key else None


def join_room(store: Store, code: str, pseudonym: str, remembered: str | None, client: str) -> str:
    """Join a room, counting a wrong or dead code against this client's limit; return the key used.

    The browser's remembered key is used again only by someone who gives a name that key has
    gone by: on a shared computer, the next person to join gets a journal of their own, not
    the last person's.
    """
    JOIN_LIMIT.check(store, client)
    name = " ".join(pseudonym.split()).casefold()
    known = remembered and name in {p.casefold() for p in store.pseudonyms(remembered)}
    key = remembered if known else new_key()
    try:
        store.join(code, pseudonym, key)
    except JournalError as error:
        if error.where == "Join code":
            JOIN_LIMIT.failed(store, client)
        raise
    return key


def check_code(store: Store, code: str, client: str) -> None:
    """Check a code from an address (a QR code's link) under the same limit as typed codes."""
    JOIN_LIMIT.check(store, client)
    try:
        store.find_room(code)
    except JournalError as error:
        if isinstance(error, UnknownCodeError):  # an ended room's code is not a guess
            JOIN_LIMIT.failed(store, client)
        raise


def trusted_proxies() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Proxies whose ``X-Forwarded-For`` is believed: loopback, and ``$WORKBOOK_TRUSTED_PROXIES``.

    ``WORKBOOK_TRUSTED_PROXIES`` is a comma-separated list of addresses or networks (a hub's
    proxy in another pod, say ``10.0.0.0/8``).

    Example:
        >>> os.environ["WORKBOOK_TRUSTED_PROXIES"] = "10.0.0.0/8, 192.0.2.7"
        >>> [str(n) for n in trusted_proxies()][2:]
        ['10.0.0.0/8', '192.0.2.7/32']
        >>> del os.environ["WORKBOOK_TRUSTED_PROXIES"]
    """
    listed = [n.strip() for n in os.environ.get("WORKBOOK_TRUSTED_PROXIES", "").split(",") if n.strip()]
    networks = []
    for network in ("127.0.0.0/8", "::1/128", *listed):
        with contextlib.suppress(ValueError):  # a typo in the list trusts nothing more
            networks.append(ipaddress.ip_network(network, strict=False))
    return tuple(networks)


def client_address(remote: str, forwarded: str, proxies=None) -> str:
    """The address to count limits against: the last hop a trusted proxy saw, else the peer itself.

    A proxy appends the address it saw to ``X-Forwarded-For``; anything before that the client
    may have written itself, so only the last entry is believed.

    Example:
        >>> client_address("127.0.0.1", "203.0.113.9, 198.51.100.4")
        '198.51.100.4'
        >>> client_address("198.51.100.4", "203.0.113.9")  # not a proxy of ours: its own address
        '198.51.100.4'
    """
    try:
        peer = ipaddress.ip_address(remote)
    except ValueError:
        return remote
    last = forwarded.split(",")[-1].strip()
    if last and any(peer in network for network in (proxies or trusted_proxies())):
        return last
    return remote


class RoomPageHandler(RequestHandler):
    """What every room handler shares: the service, safe headers, the seat cookie and rendering."""

    def initialize(self, service: RoomService, prefix: str, pages: str = "") -> None:
        """Take the room service, the pages' path prefix (``/workbook/room``) and where the dashboards are.

        ``pages`` is the address of the dashboard pages (``.../voila/render/``) when they are
        not on this server, as for the room run as a JupyterHub service.
        """
        self.service, self.prefix, self.pages = service, prefix, pages

    def set_default_headers(self) -> None:
        """No framing, no sniffing, no caching of personal pages, and only our own scripts."""
        self.set_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("Cache-Control", "no-store")

    def prepare(self) -> None:
        """Every POST must carry the anti-forgery token that matches its cookie."""
        if self.request.method == "POST":
            self.check_xsrf_cookie()

    def write_error(self, status_code: int, **kwargs) -> None:
        """One plain sentence instead of a traceback, as JSON for the page's script.

        A store that cannot be reached is a 503 that says to try again: its address and the
        database's own words go to the server's log only, never to a participant.
        """
        error = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(error, StoreError):
            self.set_header("Retry-After", "5")
            self.reply_error(UNREACHABLE, 503)
            return
        reason = {
            403: "This page has expired or came from elsewhere; reload it and try again.",
            404: "There is nothing here. Check the address, or ask the facilitator for the room's code.",
        }.get(status_code, "Something went wrong on the server; reload the page and try again.")
        self.reply_error(reason, status_code)

    def reply_error(self, message: str, status: int) -> None:
        """Answer with one message, as JSON or as a short page."""
        self.set_status(status)
        if self.wants_json():
            self.finish({"ok": False, "message": message})
        else:
            self.finish(self.page("room/join.html", message=message, code="", pseudonym="", message_field=""))

    def wants_json(self) -> bool:
        """Whether the page's script sent this (it asks for JSON)."""
        return "application/json" in self.request.headers.get("Accept", "")

    def client(self) -> str:
        """Who is asking, for rate limits (``client_address``)."""
        return client_address(self.request.remote_ip or "", self.request.headers.get("X-Forwarded-For", ""))

    def room_url(self, code: str) -> str:
        """The room page's path for a join code."""
        return f"{self.prefix}/{display_code(normalise_code(code))}"

    def asset_url(self, name: str) -> str:
        """A static file's path, with its version."""
        return f"{self.prefix}/static/{name}?v={static_version(name)}"

    def page(self, template: str, **context) -> str:
        """Render a page with what every page needs."""
        return render(
            template,
            static_url=self.asset_url,
            xsrf_token=context.pop("xsrf_token", None) or self.xsrf_token.decode(),
            join_url=f"{self.prefix}/join",
            title=context.pop("title", "Join the workshop room"),
            **context,
        )

    async def seat_key(self) -> str | None:
        """The journal key in this browser's seat cookie, if it is genuine."""
        raw = self.get_cookie(SEAT_COOKIE)
        if not raw:
            return None
        secret = await self.service.cookie_secret()
        value = decode_signed_value(secret, SEAT_COOKIE, raw, max_age_days=SEAT_DAYS)
        if value is None:
            return None
        try:
            return json.loads(value)["k"]
        except (ValueError, KeyError, TypeError):
            return None

    async def set_seat(self, key: str) -> None:
        """Keep the seat: signed, HttpOnly, sent only to the room pages."""
        secret = await self.service.cookie_secret()
        value = create_signed_value(secret, SEAT_COOKIE, json.dumps({"k": key})).decode()
        self.set_cookie(
            SEAT_COOKIE,
            value,
            path=self.prefix + "/",
            expires_days=SEAT_DAYS,
            httponly=True,
            samesite="Lax",
            secure=self.request.protocol == "https",
        )

    async def room_page(self, seat: Seat, *, flash: str = "", draft: str = "", answer: str = "") -> str:
        """The whole room page for one participant (``draft`` and ``answer``: what they typed, kept)."""

        def read(store: Store):
            view = read_view(store, seat.room.id)
            mine = store.entries(seat.key, room_id=seat.room.id)
            answers = {}
            for question in store.questions(seat.room.id):
                if mine_now := store.my_answer(question.id, seat.participant.id):
                    answers[question.id] = mine_now
            return view, mine, answers

        view, mine, answers = await self.service.run(read)
        room_url = self.room_url(seat.room.code)
        context = view.context(
            room_url,
            xsrf_token=self.xsrf_token.decode(),
            my_answer=(answer or answers.get(view.question.id)) if view.question else None,
        )
        return self.page(
            "room/room.html",
            **context,
            title=seat.room.title,
            seat=seat.participant,
            mine=mine,
            stages=stage_choices(),
            draft=draft,
            flash=flash,
            journal_key=seat.key,
            journal_url=self.journal_url(),
            events_url=room_url + "/events",
            revision=view.revision,
            my_answers_json=json.dumps(answers),
        )

    def journal_url(self) -> str:
        """The Reflective journal page on this server."""
        pages = self.pages or self.prefix.rsplit("/workbook/room", 1)[0] + "/voila/render/"
        return pages + "06-reflective-journal.ipynb"

    async def seated(self, code: str) -> Seat | None:
        """This browser's seat in the room with ``code``, or ``None``."""
        key = await self.seat_key()
        if key is None:
            return None
        try:
            room, participant = await self.service.run(find_seat, code, key)
        except StoreError:
            raise  # not "you have no seat": the store is away (write_error says so)
        except JournalError:
            return None
        return Seat(room, participant, key) if participant else None
