"""Writing reflections: who is writing, the panel to write in, and the entries shown back.

Used by the *Reflective journal* page, the workshop participant's page and the
scenario pages, so that a reflection can be written beside what prompted it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime

import ipywidgets as widgets
from markupsafe import Markup

from workbook.dashboards._browser_memory import BrowserMemory
from workbook.dashboards._controls import Disclosure
from workbook.dashboards._html import column, html_block, live_block, message, row, set_html, stylesheet
from workbook.evidence import load_records
from workbook.journal import (
    KEY_SYMBOLS,
    STAGES,
    Entry,
    JournalError,
    Prompt,
    Store,
    context_prompt,
    cycle_prompts,
    display_code,
    is_well_formed,
    new_entry,
    new_key,
    normalise_code,
)
from workbook.web import find_page, fragments

FREE_WRITING = Prompt("free", "cycle", STAGES[0], "", "No prompt: write freely")
_PATH = re.compile(r"(?: at)? (?:/|[A-Za-z]:\\)[^\s:]+:?")


def plain_problem(text: str) -> str:
    """A problem as a practitioner should read it: without the server's file paths.

    Example:
        >>> plain_problem("The journal store at /home/x/journal.sqlite3: is newer than this Workbook.")
        'The journal store is newer than this Workbook.'
    """
    return _PATH.sub("", text)


def _parts():
    return fragments("journal.html.j2")


class JournalIdentity:
    """Who is writing: a pseudonym and a secret journal key, both remembered in this browser.

    The key is made the first time something is saved and shown so the person can
    take it to another computer; the journal holds only its digest.

    Attributes:
        key_memory, name_memory: The browser's memory of the key and the pseudonym.
        pseudonym: The pseudonym box.
        key_view: Shows the key, or says none is made yet.
        other_key, use_key: Type a key from elsewhere and open that journal.
        forget: Clear the key and pseudonym from this browser.
    """

    def __init__(self):
        self.key_memory = BrowserMemory(name="journal-key")
        self.name_memory = BrowserMemory(name="pseudonym")
        self.pseudonym = widgets.Text(
            description="Pseudonym", placeholder="any name; it need not be your own"
        )
        self.pseudonym.add_class("wb-pseudonym")
        self.key_view = html_block("")
        self.other_key = widgets.Text(
            description="Have a key from before?", placeholder="XXXXX-XXXXX-XXXXX-XXXXX"
        )
        self.other_key.add_class("wb-other-key")
        self.use_key = widgets.Button(description="Open that journal", icon="key")
        self.forget = widgets.Button(description="Forget me on this computer", icon="eraser")
        self.message = live_block()
        self._listeners: list[Callable[[], None]] = []
        self.key_memory.observe(self._key_changed, "value")
        self.name_memory.observe(self._name_remembered, "value")
        self.pseudonym.observe(self._name_typed, "value")
        self.use_key.on_click(self._use_other_key)
        self.forget.on_click(self._forget)
        self._show_key()

    @property
    def key(self) -> str:
        """The journal key, or ``""`` before the first save."""
        return self.key_memory.value

    def ensure_key(self) -> str:
        """The journal key, made now (and remembered in the browser) if there is none yet."""
        if not self.key_memory.value:
            self.key_memory.value = new_key()
        return self.key_memory.value

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` whenever the key changes (another journal was opened or forgotten)."""
        self._listeners.append(listener)

    def _key_changed(self, _change=None) -> None:
        self._show_key()
        for listener in self._listeners:
            listener()

    def _show_key(self) -> None:
        set_html(self.key_view, _parts().key_view(self.key))

    def _name_remembered(self, change) -> None:
        if change["new"] and not self.pseudonym.value:
            self.pseudonym.value = change["new"]

    def _name_typed(self, change) -> None:
        name = " ".join(change["new"].split())
        if name:
            self.name_memory.value = name

    def _use_other_key(self, _button=None) -> None:
        typed = self.other_key.value
        if not is_well_formed(typed, KEY_SYMBOLS):
            set_html(
                self.message,
                message(
                    "Journal key: a key has 20 letters and digits in groups of five; check it and try again.",
                    error=True,
                ),
            )
            return
        set_html(self.message, "")
        self.other_key.value = ""
        self.key_memory.value = display_code(normalise_code(typed))

    def _forget(self, _button=None) -> None:
        self.key_memory.value = ""
        self.name_memory.value = ""
        self.pseudonym.value = ""
        set_html(self.message, message("This browser no longer remembers your key or pseudonym."))

    def widget(self, *, compact: bool = False) -> widgets.Widget:
        """The identity controls; ``compact`` shows only the pseudonym and the key."""
        memory = [self.key_memory, self.name_memory]
        if compact:
            return column([self.pseudonym, self.key_view, *memory])
        other = row([self.other_key, self.use_key], align_items="flex-end")
        return column([self.pseudonym, self.key_view, other, self.forget, self.message, *memory])


class ReflectionPanel:
    """Choose a prompt and a stage, write, and save to the journal (or share with the room).

    Args:
        store: The journal store.
        identity: Who is writing.
        prompts: The prompts to offer, in order; free writing is always offered too.
        room_id: A function giving the room the writer is in, or ``None`` outside a workshop.
        on_saved: Called with the saved entry.

    Attributes:
        prompt: The prompt menu (by prompt id).
        prompt_text: The chosen prompt, shown in full.
        stage: The reflective-cycle stage.
        text: What the person writes; kept whenever a save fails.
        share: Share with the room (shown only in a room).
        save: The save button.
        message: One line: saved, or what went wrong.
    """

    def __init__(
        self,
        store: Store,
        identity: JournalIdentity,
        prompts: Sequence[Prompt],
        *,
        room_id: Callable[[], str | None] | None = None,
        on_saved: Callable[[Entry], None] | None = None,
    ):
        self.store, self.identity = store, identity
        self._room_id = room_id or (lambda: None)
        self._on_saved = on_saved
        self.prompts: dict[str, Prompt] = {}
        self.prompt = widgets.Dropdown(description="Prompt")
        self.prompt.add_class("wb-prompt")
        self.prompt_text = html_block("")
        self.stage = widgets.Dropdown(
            options=[(s.capitalize(), s) for s in STAGES], description="Stage of the reflective cycle"
        )
        self.stage.add_class("wb-stage")
        self.text = widgets.Textarea(
            description="Your reflection",
            placeholder="Write here. Only you can read this unless you share it.",
            rows=8,
        )
        self.text.add_class("wb-reflection-text")
        self.share = widgets.Checkbox(value=False, description="Share this with the room", indent=False)
        self.share.add_class("wb-share")
        self.save = widgets.Button(description="Save to my journal", button_style="primary", icon="save")
        self.save.add_class("wb-save-reflection")
        self.message = live_block(css_class="wb-reflection-message")
        self.prompt.observe(self._prompt_chosen, "value")
        self.share.observe(self._share_changed, "value")
        self.save.on_click(self._save)
        self.set_prompts(prompts)
        self.show_share(False)

    def set_prompts(self, prompts: Sequence[Prompt], *, select: str | None = None) -> None:
        """Offer these prompts (free writing is added last) and choose ``select`` or the first."""
        self.prompts = {p.id: p for p in [*prompts, FREE_WRITING]}
        self.prompt.options = [(p.label, p.id) for p in self.prompts.values()]
        self.prompt.value = select if select in self.prompts else next(iter(self.prompts))
        self._prompt_chosen()

    def show_share(self, visible: bool) -> None:
        """Show the share box (in a workshop room) or hide and untick it."""
        self.share.layout.display = None if visible else "none"
        if not visible:
            self.share.value = False

    def _prompt_chosen(self, _change=None) -> None:
        prompt = self.prompts[self.prompt.value]
        self.stage.value = prompt.stage
        set_html(
            self.prompt_text,
            _parts().prompt_text(prompt.text, prompt.source if prompt.kind == "context" else ""),
        )

    def _share_changed(self, change) -> None:
        self.save.description = "Save and share" if change["new"] else "Save to my journal"

    def _save(self, _button=None) -> None:
        prompt = self.prompts[self.prompt.value]
        room_id = self._room_id()
        try:
            entry = new_entry(
                self.identity.pseudonym.value,
                self.stage.value,
                prompt.text,
                self.text.value,
                themes=prompt.themes,
                room_id=room_id,
                shared=bool(room_id) and self.share.value,
                snapshot=prompt.snapshot,
            )
            self.store.save(entry, self.identity.ensure_key())
        except JournalError as error:
            set_html(self.message, message(plain_problem(str(error)), error=True))
            return
        self.text.value = ""
        where = "shared with the room" if entry.shared else "private to you"
        set_html(self.message, message(f"Saved at {datetime.now().strftime('%H:%M')} ({where})."))
        if self._on_saved:
            self._on_saved(entry)

    def widget(self) -> widgets.Widget:
        """The panel."""
        return column(
            [
                row([self.prompt, self.stage], align_items="flex-end"),
                self.prompt_text,
                self.text,
                row([self.share, self.save]),
                self.message,
            ]
        )


class ReflectOnThis:
    """A "Reflect on this" panel for a scenario page: a prompt from what the page shows, saved with it.

    The entry goes to the writer's private journal with a snapshot of the page (its
    settings, headline results and, where the page can reopen it, a link back).

    Args:
        page_id: The page's id in ``PAGES``.

    Attributes:
        identity: The writer (``None`` if the store cannot be opened).
        panel: The writing panel, or one line saying why the store cannot be opened.
    """

    def __init__(self, page_id: str):
        self.page_id = page_id
        themes = load_records().themes  # records: pages without tables need no pandas
        self.page_themes = tuple(t.id for t in themes if page_id in t.dashboards)
        try:
            store = Store()
        except JournalError as error:
            self.identity, self.panel = None, html_block(message(plain_problem(str(error)), error=True))
            return
        self.identity = JournalIdentity()
        self.panel = ReflectionPanel(store, self.identity, cycle_prompts())

    def update(self, title: str, text: str, snapshot: dict, themes: Sequence[str] | None = None) -> None:
        """Offer (and choose) a new prompt from the page's latest results; keep what is typed.

        Args:
            title: What the page shows, in a few words.
            text: The question.
            snapshot: The page's settings and headline results (and ``query`` to reopen it).
            themes: Seminar theme ids; by default, the themes that list this page.
        """
        if not isinstance(self.panel, ReflectionPanel):
            return
        themes = self.page_themes if themes is None else tuple(themes)
        prompt = context_prompt(self.page_id, title, text, {"page": self.page_id, **snapshot}, themes)
        self.panel.set_prompts([prompt, *cycle_prompts()], select=prompt.id)

    def widget(self) -> widgets.Widget:
        """The panel in a closed disclosure titled "Reflect on this"."""
        if isinstance(self.panel, ReflectionPanel):
            note = html_block(_parts().reflect_note())
            body = column([note, self.identity.widget(compact=True), self.panel.widget()])
        else:
            body = self.panel
        box = Disclosure("Reflect on this", [body], level=2)
        box.add_class("wb-reflect")
        return box


def page_with_store(
    title: str, store: Store | None, build: Callable[[Store], widgets.Widget]
) -> widgets.Widget:
    """Build a page that needs the journal store, or a page saying in one line why it cannot be opened.

    Args:
        title: The page's title, for the problem page.
        store: The store to use; ``Store()`` (the per-user SQLite file, or ``$WORKBOOK_DB_URL``) if ``None``.
        build: Makes the page from the open store.
    """
    try:
        store = store or Store()
    except JournalError as error:
        return column([stylesheet(), html_block(message(plain_problem(str(error)), error=True))])
    return build(store)


def snapshot_html(snapshot: dict | None) -> str:
    """What a person was looking at when they wrote, with a link back to that page."""
    if not snapshot:
        return ""
    page = find_page(str(snapshot.get("page", "")))
    title = snapshot.get("title") or (page.title if page else snapshot.get("page", ""))
    results = list((snapshot.get("results") or {}).items())
    href = ""
    if page:
        href = page.href + (f"?{snapshot['query']}" if snapshot.get("query") else "")
    return _parts().snapshot(title, results, href)


def entries_html(
    entries: Sequence[Entry], *, empty: str = "No entries yet.", show_author: bool = False
) -> str:
    """Entries as cards, newest first, every piece of typed text escaped, times in local time."""
    shown = [
        {
            "pseudonym": e.pseudonym,
            "created": e.created,
            "stage": e.stage.capitalize(),
            "shared": e.shared,
            "prompt": e.prompt,
            "text": e.text,
            "snapshot": snapshot_html(e.snapshot),
        }
        for e in reversed(entries)
    ]
    return str(Markup('<div class="wb">{}</div>').format(_parts().entries(shown, empty, show_author)))
