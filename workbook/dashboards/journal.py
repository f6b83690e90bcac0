"""The *Reflective journal* page: write to a prompt, read your entries back, export them.

Entries are private: the store finds them by the writer's journal key, which this
browser remembers. Prompts come from the reflective cycle and from the seminar's
themes; ``?prompt=<id>`` in the address chooses one (the themes page links here so).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as widgets
from markupsafe import Markup

from workbook.dashboards._entry_actions import EntryActions
from workbook.dashboards._html import column, download_link, html_block, message, set_html, stylesheet
from workbook.dashboards._reflection import (
    JournalIdentity,
    ReflectionPanel,
    entries_html,
    page_with_store,
    plain_problem,
)
from workbook.dashboards._request import query_parameter
from workbook.dashboards._served import built_or_explained
from workbook.evidence import CorpusRecords, corpus_records
from workbook.journal import (
    JournalError,
    Store,
    cycle_prompts,
    journal_docx,
    journal_markdown,
    theme_prompts,
)
from workbook.journal._entry import now_text
from workbook.web import fragments

if TYPE_CHECKING:
    from workbook.evidence import Corpus


class ReflectiveJournal:
    """A person's journal: who they are, the writing panel, their entries and downloads.

    Attributes:
        store: The journal store.
        identity: Pseudonym and journal key.
        panel: The writing panel.
        entries: The person's entries, newest first.
        downloads: Links to their journal as Markdown and Word.
    """

    def __init__(self, store: Store, corpus: Corpus | CorpusRecords):
        self.store = store
        self.identity = JournalIdentity()
        prompts = [*cycle_prompts(), *theme_prompts(corpus.themes)]
        self.panel = ReflectionPanel(store, self.identity, prompts, on_saved=lambda _entry: self.refresh())
        if chosen := query_parameter("prompt"):
            self.panel.set_prompts(prompts, select=chosen)
        self.entries = html_block("")
        self.entries.add_class("wb-my-entries")
        self.downloads = html_block("")
        self.actions = EntryActions(store, lambda: self.identity.key, self.refresh)
        self.identity.on_change(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Show the current key's entries and refresh the downloads."""
        key = self.identity.key
        try:
            entries = self.store.entries(key) if key else []
        except JournalError as error:
            self.entries.value = message(plain_problem(str(error)), error=True)
            return
        self.entries.value = entries_html(entries, empty="No entries yet: write your first above.")
        self.actions.show(entries)
        if not entries:
            self.downloads.value = ""
            return
        name = self.identity.pseudonym.value or entries[-1].pseudonym
        now = now_text()
        links = [
            download_link(
                "Markdown (.md)",
                "reflective-journal.md",
                "text/markdown",
                journal_markdown(entries, name, now),
            ),
            download_link(
                "Word (.docx)",
                "reflective-journal.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                journal_docx(entries, name, now),
            ),
        ]
        set_html(self.downloads, fragments("journal.html.j2").downloads(links, len(entries)))

    def widget(self) -> widgets.Widget:
        """The page (its title, the one h1, comes from the page template)."""
        intro = html_block(fragments("journal.html.j2").journal_intro())
        page = column(
            [
                stylesheet(),
                intro,
                html_block(Markup("<h2>{}</h2>").format("Who is writing")),
                self.identity.widget(),
                html_block(Markup("<h2>{}</h2>").format("Write")),
                self.panel.widget(),
                html_block(Markup("<h2>{}</h2>").format("Your entries")),
                self.downloads,
                self.entries,
                html_block(Markup("<h2>{}</h2>").format("Share, stop sharing or delete")),
                self.actions.widget,
            ]
        )
        page.add_class("wb-page")
        page.add_class("wb-journal-page")
        return page


@built_or_explained
def reflective_journal(
    store: Store | None = None, corpus: Corpus | CorpusRecords | None = None
) -> widgets.Widget:
    """Build the *Reflective journal* page.

    Args:
        store: The journal store; ``Store()`` (the per-user SQLite file, or
            ``$WORKBOOK_DB_URL``) when left out.
        corpus: The seminar corpus, for theme prompts; the shipped one when left out.

    Returns:
        The page, or one line saying why the store cannot be opened.
    """
    return page_with_store(
        "Reflective journal",
        store,
        lambda opened: ReflectiveJournal(opened, corpus_records(corpus)).widget(),
    )
