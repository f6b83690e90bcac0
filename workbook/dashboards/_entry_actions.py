"""A person's own entries: stop sharing one with its room, share it again, or delete it for good."""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from workbook.dashboards._html import column, live_block, message, row, set_html
from workbook.journal import Entry, JournalError, Store
from workbook.web import format as fmt


def entry_label(entry: Entry) -> str:
    """A menu label for an entry: when, whether it is shared, and how it begins.

    Example:
        >>> e = Entry("a", "2026-11-30T10:05:00+00:00", "Sam", "analysis", "", "Texts help, mostly.")
        >>> entry_label(e).endswith("Texts help, mostly.")
        True
    """
    where = " (shared with the room)" if entry.shared else (" (in a room, private)" if entry.room_id else "")
    start = " ".join(entry.text.split())
    return f"{fmt.local_time(entry.created)}{where}: {start[:60]}{'…' if len(start) > 60 else ''}"


class EntryActions:
    """Choose one of your entries, then share it with its room again, stop sharing it, or delete it.

    Deleting asks first. Only the holder of the journal key can act on its entries.

    Args:
        store: The journal store.
        key: Gives the current journal key (empty before the first save).
        on_change: Called after an entry changes, to redraw the page.
    """

    def __init__(self, store: Store, key: Callable[[], str], on_change: Callable[[], None]):
        self.store, self.key, self.on_change = store, key, on_change
        self.chosen = widgets.Dropdown(description="Entry", layout={"width": "min(100%, 640px)"})
        self.chosen.add_class("wb-entry-chosen")
        self.share = widgets.Button(description="Stop sharing", layout={"width": "auto"})
        self.share.add_class("wb-entry-share")
        self.delete = widgets.Button(description="Delete…", layout={"width": "auto"})
        self.delete.add_class("wb-entry-delete")
        self.confirm = widgets.Button(
            description="Yes, delete it", button_style="danger", layout={"width": "auto"}
        )
        self.confirm.add_class("wb-entry-delete-confirm")
        self.cancel = widgets.Button(description="Keep it", layout={"width": "auto"})
        self.said = live_block(css_class="wb-entry-message")
        self.confirm_row = row([self.confirm, self.cancel], flex_flow="row wrap")
        self.confirm_row.layout.display = "none"
        self.entries: dict[str, Entry] = {}
        self.chosen.observe(lambda _change: self._offer(), "value")
        self.share.on_click(self.toggle_share)
        self.delete.on_click(lambda _b: self._asking(True))
        self.cancel.on_click(lambda _b: self._asking(False))
        self.confirm.on_click(self.delete_chosen)
        self.widget = column(
            [self.chosen, row([self.share, self.delete], flex_flow="row wrap"), self.confirm_row, self.said]
        )
        self.widget.add_class("wb-entry-actions")

    def show(self, entries: list[Entry]) -> None:
        """Offer these entries (newest first)."""
        self.entries = {e.id: e for e in entries}
        current = self.chosen.value
        self.chosen.options = [(entry_label(e), e.id) for e in reversed(entries)]
        self.chosen.value = (
            current if current in self.entries else (self.chosen.options[0][1] if entries else None)
        )
        self.widget.layout.display = None if entries else "none"
        self._offer()

    def _offer(self) -> None:
        entry = self.entries.get(self.chosen.value)
        self.share.description = "Stop sharing" if entry and entry.shared else "Share with its room again"
        self.share.layout.display = None if entry and entry.room_id else "none"
        self._asking(False)

    def _asking(self, asking: bool) -> None:
        self.confirm_row.layout.display = None if asking else "none"
        self.delete.layout.display = "none" if asking else None

    def toggle_share(self, _button=None) -> None:
        """Stop sharing the chosen entry, or share it with its room again."""
        entry = self.entries.get(self.chosen.value)
        if entry is None:
            return
        self._run(
            lambda: self.store.set_shared(entry.id, self.key(), not entry.shared),
            "Shared with the room again." if not entry.shared else "No longer shared with the room.",
        )

    def delete_chosen(self, _button=None) -> None:
        """Delete the chosen entry for good, from the journal and from any room."""
        entry = self.entries.get(self.chosen.value)
        if entry is not None:
            self._run(lambda: self.store.delete_entry(entry.id, self.key()), "Deleted.")

    def _run(self, action: Callable[[], None], said: str) -> None:
        try:
            action()
        except JournalError as error:
            set_html(self.said, message(str(error), error=True))
            return
        set_html(self.said, message(said))
        self.on_change()
