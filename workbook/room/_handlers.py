"""The room page's HTTP handlers: join, the room, answers and reflections, leaving, and live events.

Each handler parses the request, runs one piece of store work on a worker thread
(``RoomService.run``) and renders one template. Forms work without script (post,
then redirect); the page's script sends the same forms with ``Accept:
application/json`` and gets a JSON reply instead. A participant acts only on
their own seat (``_page.RoomPageHandler.seated``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from tornado.iostream import StreamClosedError
from tornado.web import HTTPError, StaticFileHandler

from workbook.journal import (
    Entry,
    JournalError,
    Store,
    StoreError,
    TooManyAttemptsError,
    current_question,
    display_code,
    new_entry,
    normalise_code,
)
from workbook.room._page import (
    SAID,
    SEAT_COOKIE,
    STATIC_DIR,
    RoomPageHandler,
    Seat,
    check_code,
    join_room,
)
from workbook.room._render import render
from workbook.room._service import KEEPALIVE, Mailbox, RoomService, event_data


class JoinHandler(RoomPageHandler):
    """``GET /workbook/room/``: the join form; ``POST /workbook/room/join``: join."""

    async def get(self) -> None:
        """The join form, the code filled in from ``?code=`` (a QR code's link)."""
        code = self.get_argument("code", "")
        if code and await self.seated(code):
            self.redirect(self.room_url(code))
            return
        self.finish(self.page("room/join.html", code=code, pseudonym="", message="", message_field=""))

    async def post(self) -> None:
        """Join with the typed code and pseudonym; on failure say why and keep what was typed."""
        code, pseudonym = self.get_argument("code", ""), self.get_argument("pseudonym", "", strip=False)
        try:
            key = await self.service.run(join_room, code, pseudonym, await self.seat_key(), self.client())
        except TooManyAttemptsError as error:
            self.set_header("Retry-After", str(error.retry_after))
            self._refuse(error, code, pseudonym, 429)
            return
        except JournalError as error:
            self._refuse(error, code, pseudonym, 400)
            return
        await self.set_seat(key)
        self.redirect(self.room_url(code) + "?said=joined", status=303)

    def _refuse(self, error: JournalError, code: str, pseudonym: str, status: int) -> None:
        field = {"Join code": "code", "Pseudonym": "pseudonym"}.get(error.where, "")
        self.set_status(status)
        self.finish(
            self.page(
                "room/join.html", message=str(error), code=code, pseudonym=pseudonym, message_field=field
            )
        )


class RoomHandler(RoomPageHandler):
    """``GET /workbook/room/<code>``: the room, for someone with a seat; the join form otherwise."""

    async def get(self, code: str) -> None:
        """Show the room to its participant, or the join form with the code filled in."""
        seat = await self.seated(code)
        if seat is None:
            await self._join_form(code)
            return
        said = SAID.get(self.get_argument("said", ""), "")
        self.finish(await self.room_page(seat, flash=said))

    async def _join_form(self, code: str) -> None:
        message, field = "", ""
        try:
            await self.service.run(check_code, code, self.client())
        except TooManyAttemptsError as error:
            self.set_status(429)
            self.set_header("Retry-After", str(error.retry_after))
            message, field = str(error), "code"
        except StoreError:
            raise
        except JournalError as error:
            message, field = str(error), "code"
        self.finish(
            self.page("room/join.html", code=code, pseudonym="", message=message, message_field=field)
        )


class ActionHandler(RoomPageHandler):
    """``POST /workbook/room/<code>/<action>``: answer, reflect, share or delete an entry, or leave."""

    async def post(self, code: str, action: str) -> None:
        """Do one thing for the person in this seat; reply with JSON or go back to the room."""
        if action == "leave":
            self.clear_cookie(SEAT_COOKIE, path=self.prefix + "/")
            self.redirect(
                f"{self.prefix}/?{urlencode({'code': display_code(normalise_code(code))})}", status=303
            )
            return
        seat = await self.seated(code)
        if seat is None:
            if self.wants_json():
                self.reply_error("You are not in this room any more; reload the page to join again.", 403)
            else:
                self.redirect(self.room_url(code), status=303)
            return
        work = {"answer": self._answer, "reflect": self._reflect, "entry": self._entry}.get(action)
        if work is None:
            raise HTTPError(404)
        try:
            said, reply = await work(seat)
        except StoreError:
            raise  # write_error: "can't be reached just now", nothing about the store itself
        except JournalError as error:
            if self.wants_json():
                self.reply_error(str(error), 400)
                return
            self.set_status(400)  # without script: the room again, with what was typed still in place
            typed = {"reflect": "text", "answer": "value"}.get(action)
            kept = self.get_argument(typed, "", strip=False) if typed else ""
            page = await self.room_page(
                seat,
                flash=str(error),
                draft=kept if action == "reflect" else "",
                answer=kept if action == "answer" else "",
            )
            self.finish(page)
            return
        if self.wants_json():
            self.finish({"ok": True, "message": SAID[said], **reply})
        else:
            self.redirect(self.room_url(code) + f"?said={said}", status=303)

    async def _answer(self, seat: Seat) -> tuple[str, dict]:
        question_id, value = self.get_argument("question", ""), self.get_argument("value", "", strip=False)
        if not value.strip():
            raise JournalError("Answer", "choose or type an answer first.")

        def answer(store: Store) -> None:
            question = current_question(store.questions(seat.room.id))
            if question is None or question.id != question_id:
                raise JournalError("Answer", "this question has moved on; your answer is still in the box.")
            store.answer(question_id, seat.participant.id, value)

        await self.service.run(answer)
        return "answer", {"question": question_id, "answer": value}

    async def _reflect(self, seat: Seat) -> tuple[str, dict]:
        share = self.get_argument("share", "") == "yes"
        entry = new_entry(
            seat.participant.pseudonym,
            self.get_argument("stage", "description"),
            "",
            self.get_argument("text", "", strip=False),
            room_id=seat.room.id,
            shared=share,
        )
        mine = await self.service.run(self._save, entry, seat)
        return ("shared" if share else "saved"), {"mine_html": self.mine_html(seat, mine)}

    @staticmethod
    def _save(store: Store, entry: Entry, seat: Seat) -> list[Entry]:
        store.save(entry, seat.key)
        return store.entries(seat.key, room_id=seat.room.id)

    async def _entry(self, seat: Seat) -> tuple[str, dict]:
        entry_id, action = self.get_argument("entry", ""), self.get_argument("action", "")
        if action not in ("share", "unshare", "delete"):
            raise JournalError("Entry", "choose to share, stop sharing or delete.")

        def change(store: Store) -> list[Entry]:
            if action == "delete":
                store.delete_entry(entry_id, seat.key)
            else:
                store.set_shared(entry_id, seat.key, action == "share")
            return store.entries(seat.key, room_id=seat.room.id)

        mine = await self.service.run(change)
        return action, {"mine_html": self.mine_html(seat, mine)}

    def mine_html(self, seat: Seat, mine: list[Entry]) -> str:
        """The participant's own reflections in this room."""
        return render(
            "room/_mine.html",
            mine=mine,
            room_url=self.room_url(seat.room.code),
            xsrf_token=self.xsrf_token.decode(),
        )


class EventsHandler(RoomPageHandler):
    """``GET /workbook/room/<code>/events``: server-sent events carrying what everyone in the room sees."""

    box: Mailbox | None = None

    async def get(self, code: str) -> None:
        """Stream the room's updates to a seated participant until they leave."""
        seat = await self.seated(code)
        if seat is None:
            raise HTTPError(403)
        self.set_header("Content-Type", "text/event-stream")
        self.set_header("X-Accel-Buffering", "no")  # tell proxies not to hold the stream back
        feed = self.service.feed(seat.room.id, self.room_url(seat.room.code))
        self.box = feed.subscribe()
        try:
            self.write("retry: 2000\n\n")
            await self.flush()
            while not self.box.closed:
                update = await self.box.take(KEEPALIVE)
                if self.box.closed:
                    break
                self.write(": still here\n\n" if update is None else f"data: {event_data(update)}\n\n")
                await self.flush()
        except StreamClosedError:
            pass
        finally:
            feed.unsubscribe(self.box)

    def on_connection_close(self) -> None:
        """The page has gone: stop at once rather than at the next write."""
        if self.box is not None:
            self.box.close()


class AssetHandler(StaticFileHandler):
    """The room page's stylesheet and script, cached for a week (their address changes with them)."""

    def get_cache_time(self, path, modified, mime_type) -> int:
        """A versioned address may be kept for a week."""
        return 7 * 24 * 3600 if self.get_argument("v", "") else 0


def room_handlers(base_url: str, service: RoomService, pages_url: str = "") -> list[tuple]:
    """The room page's routes under ``base_url`` (``/`` for ``workbook serve``).

    ``pages_url`` is where the dashboard pages are (``.../voila/render/``) when they are
    on another server; by default they are beside the room, under ``base_url``.

    Example:
        >>> [route[0] for route in room_handlers("/", None)][:2]
        ['/workbook/room/?', '/workbook/room/join']
    """
    prefix = base_url.rstrip("/") + "/workbook/room"
    options = {"service": service, "prefix": prefix, "pages": pages_url}
    code = r"([A-Za-z0-9][A-Za-z0-9 -]{0,19})"
    return [
        (prefix + "/?", JoinHandler, options),
        (prefix + "/join", JoinHandler, options),
        (prefix + "/static/(room\\.css|bars\\.css|room\\.js)", AssetHandler, {"path": str(STATIC_DIR)}),
        (prefix + f"/{code}/?", RoomHandler, options),
        (prefix + f"/{code}/events", EventsHandler, options),
        (prefix + f"/{code}/(answer|reflect|entry|leave)", ActionHandler, options),
    ]
