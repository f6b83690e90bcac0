"""Opening a workshop room or returning to one, and ending it: the facilitator's first and last steps."""

from __future__ import annotations

import os
from collections.abc import Callable

import ipywidgets as widgets
from markupsafe import Markup

from workbook.dashboards._browser_memory import BrowserMemory
from workbook.dashboards._html import column, html_block, message, row, wrap
from workbook.journal import (
    DEFAULT_CAPACITY,
    FACILITATOR_LIMIT,
    JournalError,
    Room,
    Store,
    TooManyAttemptsError,
)


class RoomSetup:
    """Open a new room, or return to one with its code and facilitator key.

    A reload returns to the room by itself: the browser remembers the code and key.
    Wrong keys are limited to five a minute from one page, sixty from everyone.

    Args:
        store: The journal store.
        on_enter: Called with the room, its facilitator key and whether it is new.
    """

    def __init__(self, store: Store, on_enter: Callable[[Room, str, bool], None]):
        self.store, self.on_enter = store, on_enter
        self.client = f"page-{os.getpid()}"
        self.title = widgets.Text(
            description="Session title",
            placeholder="e.g. Compliance seminar, morning",
        )
        self.title.add_class("wb-room-title")
        self.capacity = widgets.BoundedIntText(
            value=DEFAULT_CAPACITY,
            min=2,
            max=500,
            description="Places",
        )
        self.hours = widgets.BoundedFloatText(
            value=12,
            min=0.5,
            max=168,
            step=0.5,
            description="Open (hours)",
        )
        self.open_button = widgets.Button(
            description="Open a room", button_style="primary", icon="door-open", layout={"width": "auto"}
        )
        self.open_button.add_class("wb-open-room")
        self.code = widgets.Text(description="Join code", placeholder="ABCD-2345")
        self.code.add_class("wb-return-code")
        self.key = widgets.Password(description="Facilitator key", placeholder="XXXXX-XXXXX-XXXXX-XXXXX")
        self.key.add_class("wb-return-key")
        self.return_button = widgets.Button(
            description="Return to my room", icon="key", layout={"width": "auto"}
        )
        self.return_button.add_class("wb-return")
        self.message = html_block("")
        self.message.add_class("wb-setup-message")
        self.memory = BrowserMemory(name="facilitator-room")
        self.open_button.on_click(self.open_room)
        self.return_button.on_click(self.return_to_room)
        self.memory.observe(self._remembered, "value")
        self.box = column(
            [
                html_block(Markup("<h2>Open a room</h2>")),
                self.title,
                row([self.capacity, self.hours], flex_flow="row wrap"),
                self.open_button,
                html_block(Markup("<h2>Or return to your room</h2>")),
                self.code,
                self.key,
                self.return_button,
                self.message,
            ]
        )

    def open_room(self, _button=None) -> None:
        """Open a new room."""
        try:
            room, key = self.store.open_room(
                self.title.value, capacity=self.capacity.value, hours=self.hours.value
            )
        except JournalError as error:
            self.message.value = message(str(error), error=True)
            return
        self._enter(room, key, True)

    def return_to_room(self, _button=None) -> None:
        """Return to a room with its code and facilitator key."""
        try:
            FACILITATOR_LIMIT.check(self.store, self.client)
            room = self.store.facilitate(self.code.value, self.key.value)
        except TooManyAttemptsError as error:  # refused before trying: not another failure
            self.message.value = message(str(error), error=True)
            return
        except JournalError as error:
            if error.where in ("Facilitator key", "Join code"):
                FACILITATOR_LIMIT.failed(self.store, self.client)
            self.message.value = message(str(error), error=True)
            return
        self._enter(room, self.key.value, False)

    def _remembered(self, change) -> None:
        if change["new"] and " " in change["new"] and self.box.layout.display != "none":
            code, key = change["new"].split(" ", 1)
            try:
                room = self.store.facilitate(code, key)
            except JournalError:
                return
            self._enter(room, key, False)

    def _enter(self, room: Room, key: str, new: bool) -> None:
        self.memory.value = f"{room.join_code} {key}"
        self.message.value = ""
        self.box.layout.display = "none"
        self.on_enter(room, key, new)


class EndSession:
    """End the session, after a confirmation, placed apart from everything else.

    Args:
        on_end: Ends the room; returns the sentence to show, or raises ``JournalError``.
    """

    def __init__(self, on_end: Callable[[], str]):
        self.on_end = on_end
        self.button = widgets.Button(description="End the session…", icon="lock", layout={"width": "auto"})
        self.button.add_class("wb-end-session")
        self.confirm = widgets.Button(
            description="End the session now", button_style="danger", icon="lock", layout={"width": "auto"}
        )
        self.confirm.add_class("wb-end-confirm")
        self.cancel = widgets.Button(description="Keep it running", layout={"width": "auto"})
        self.cancel.add_class("wb-end-cancel")
        self.message = html_block("")
        self.message.add_class("wb-end-message")
        self.confirm_box = column(
            [
                html_block(
                    wrap(
                        "<p><b>End the session?</b> The join code stops working, every participant’s page "
                        "says the session has ended, and no more questions can be posed or opened. "
                        "Answers and shared reflections stay for the downloads.</p>"
                    )
                ),
                row([self.confirm, self.cancel], flex_flow="row wrap"),
            ]
        )
        self.confirm_box.layout.display = "none"
        self.button.on_click(self.ask)
        self.cancel.on_click(self.keep_running)
        self.confirm.on_click(self.end)
        self.box = column(
            [html_block(Markup("<h2>Ending the session</h2>")), self.button, self.confirm_box, self.message]
        )

    def ask(self, _button=None) -> None:
        """Ask before ending: it cannot be undone."""
        self.confirm_box.layout.display = None
        self.button.layout.display = "none"

    def keep_running(self, _button=None) -> None:
        """Do not end after all."""
        self.confirm_box.layout.display = "none"
        self.button.layout.display = None

    def end(self, _button=None) -> None:
        """End the session now."""
        try:
            said = self.on_end()
        except JournalError as error:
            self.message.value = message(str(error), error=True)
            return
        self.confirm_box.layout.display = "none"
        self.message.value = message(said)

    def show(self, live: bool) -> None:
        """Offer to end only a session that is still running."""
        self.button.layout.display = None if live and self.confirm_box.layout.display == "none" else "none"
