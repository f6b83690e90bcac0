"""The *Workshop: facilitator* page: open a room, run questions, and project what the room says.

The facilitator opens a room and gets a join code (read out, or shown as a QR code
that opens the participants' room page) and a separate facilitator key.
Participants join on the room page, which needs no kernel (``workbook.room``). The
facilitator poses questions, opens and closes them, and reveals the results when
ready; the page watches the room's revision number and redraws when it moves. The
results are the same table with bars the participants see, drawn large enough to
project, every count written out. Private journal entries never reach the room:
only entries their authors share.
"""

from __future__ import annotations

import base64
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import ipywidgets as widgets
import segno
from markupsafe import Markup

from workbook.dashboards._browser_memory import BrowserZone
from workbook.dashboards._deployment import store_note
from workbook.dashboards._html import column, html_block, message, row, wrap
from workbook.dashboards._page import Dashboard
from workbook.dashboards._reflection import page_with_store
from workbook.dashboards._request import room_page_url, served_on_loopback
from workbook.dashboards._room_setup import EndSession, RoomSetup
from workbook.dashboards._room_watcher import RoomWatcher
from workbook.dashboards._served import built_or_explained
from workbook.evidence import CorpusRecords, corpus_records
from workbook.journal import (
    QUESTION_KINDS,
    JournalError,
    Question,
    Room,
    Store,
    results,
    room_csv,
    room_markdown,
)
from workbook.journal._entry import now_text
from workbook.paths import DATA_DIR
from workbook.room import render, results_html
from workbook.web._format import local_time as format_time

if TYPE_CHECKING:
    from workbook.evidence import Corpus

FACILITATOR_POLL_SECONDS = 0.25
BARS_CSS = (Path(__file__).parents[1] / "room" / "static" / "bars.css").read_text(encoding="utf-8")
FALLBACK_ZONE = "Europe/London"


def data_url(mime: str, content: str | bytes) -> str:
    """A ``data:`` address holding ``content``, for a download made without the server.

    Example:
        >>> data_url("text/csv", "a,b")
        'data:text/csv;charset=utf-8;base64,YSxi'
    """
    raw = content.encode("utf-8") if isinstance(content, str) else content
    charset = ";charset=utf-8" if isinstance(content, str) else ""
    return f"data:{mime}{charset};base64,{base64.b64encode(raw).decode('ascii')}"


class WorkshopFacilitator(Dashboard):
    """The facilitator's page: open or return to a room, pose and run questions, see the room live.

    Attributes:
        setup: Open a new room, or return to one (a reload returns by itself).
        zone: The reader's time zone, from their browser, for the times shown.
        room: The room, once open.
        kind, question_text, pose_button: Pose a question.
        chosen: The question being run.
        open_q, close_q, reveal: Run it.
        progress: How many have joined and answered.
        results: The revealed results: a table with bars, large enough to project.
        text_answers: The answers themselves, for open text.
        shared: Reflections shared with the room.
        export_button, exports: Make the room's CSV and Markdown downloads, and the links.
        ending: End the session, after a confirmation.
        watcher: Redraws when the room changes.
    """

    page_id = "workshop-facilitator"

    def __init__(self, store: Store, corpus: Corpus | CorpusRecords, card_titles: list[str]):
        self.store = store
        self.options = {"card": card_titles, "theme": [t.name for t in corpus_records(corpus).themes]}
        self.setup = RoomSetup(store, self._enter)
        self.zone = BrowserZone()
        self.room: Room | None = None
        self.room_key = ""
        self.room_is_new = False
        self.room_header = html_block("")
        self.kind = widgets.Dropdown(
            options=[(label, kind) for kind, label in QUESTION_KINDS.items()], description="Type"
        )
        self.kind.add_class("wb-question-kind")
        self.question_text = widgets.Textarea(
            description="Your question",
            placeholder="e.g. How fair did the last warning you gave feel?",
            rows=2,
        )
        self.question_text.add_class("wb-question-text")
        self.options_view = html_block("")
        self.pose_button = widgets.Button(description="Pose question", icon="plus")
        self.pose_button.add_class("wb-pose")
        self.pose_message = html_block("")
        self.chosen = widgets.Dropdown(description="Question")
        self.chosen.add_class("wb-chosen-question")
        self.open_q = widgets.Button(description="Open", icon="play", button_style="success")
        self.open_q.add_class("wb-open-question")
        self.close_q = widgets.Button(description="Close", icon="stop")
        self.close_q.add_class("wb-close-question")
        self.reveal = widgets.ToggleButton(description="Reveal results", icon="eye", value=False)
        self.reveal.add_class("wb-reveal")
        self.progress = widgets.HTML("")
        self.progress.add_class("wb-progress")
        self.results = widgets.HTML("")
        self.results.add_class("wb-room-results")
        self.text_answers = widgets.HTML("")
        self.shared = html_block("")
        self.shared.add_class("wb-room-shared")
        self.exports = widgets.HTML("")
        self.export_button = widgets.Button(
            description="Prepare the downloads", icon="download", layout={"width": "auto"}
        )
        self.export_button.add_class("wb-prepare-exports")
        self.ending = EndSession(self._end)
        self._question_ids: list[str] = []
        self._quiet = False
        self.watcher: RoomWatcher | None = None

        self.zone.observe(lambda _change: self._draw_header(), "zone")
        self.kind.observe(self._kind_chosen, "value")
        self.pose_button.on_click(self.pose)
        self.chosen.observe(lambda _c: self.refresh(), "value")
        self.open_q.on_click(lambda _b: self._set_state("open"))
        self.close_q.on_click(lambda _b: self._set_state("closed"))
        self.reveal.observe(self._reveal_changed, "value")
        self.export_button.on_click(self.prepare_exports)
        self._kind_chosen()
        self.room_box = self._room_box()
        self.room_box.layout.display = "none"

    def _room_box(self) -> widgets.VBox:
        controls = column(
            [
                self.heading("Pose a question"),
                self.kind,
                self.question_text,
                self.options_view,
                self.pose_button,
                self.pose_message,
                self.heading("Run it"),
                self.chosen,
                row([self.open_q, self.close_q, self.reveal], flex_flow="row wrap"),
            ],
            flex="1 1 340px",
            min_width="0",
        )
        room = column(
            [self.heading("The room"), self.progress, self.results, self.text_answers],
            flex="2 1 420px",
            min_width="0",
        )
        return column(
            [
                self.room_header,
                row([controls, room], flex_flow="row wrap", align_items="flex-start"),
                self.heading("Shared reflections"),
                self.shared,
                self.heading("Downloads"),
                self.export_button,
                self.exports,
                self.ending.box,
            ]
        )

    # -- opening -------------------------------------------------------------------------------------

    def _enter(self, room: Room, key: str, new: bool) -> None:
        self.room, self.room_key, self.room_is_new = room, key, new
        self.room_box.layout.display = None
        self._draw_header()
        self.watcher = RoomWatcher(self.store, room.id, FACILITATOR_POLL_SECONDS, self.refresh)
        self.watcher.poll()
        self.watcher.start()

    def local_time(self, text: str | None) -> str:
        """A stored time as the reader's clock shows it (England and Wales until their browser says)."""
        return format_time(text, zone=self.zone.zone or FALLBACK_ZONE) if text else ""

    def _draw_header(self) -> None:
        room = self.room
        if room is None:
            return
        url = room_page_url(room.join_code)
        qr = segno.make(url, error="m").svg_inline(scale=4, title=f"Join {room.join_code}")
        self.room_header.value = render(
            "facilitator/header.html",
            room=room,
            ended=not room.is_live(),
            ended_at=self.local_time(room.ended),
            url=url,
            qr=Markup(qr),  # made here by segno from our own URL
            loopback=served_on_loopback(url),
            store_note=store_note(),
            key=self.room_key,
            new=self.room_is_new,
            expires_at=self.local_time(room.expires),
        )
        live = room.is_live()
        for control in (self.pose_button, self.kind, self.question_text):
            control.disabled = not live
        self.ending.show(live)

    # -- questions -----------------------------------------------------------------------------------

    def _kind_chosen(self, _change=None) -> None:
        options = self.options.get(self.kind.value)
        if self.kind.value == "scale":
            self.options_view.value = message("Participants choose 1 (low) to 5 (high).")
        elif options:
            self.options_view.value = message("Options: " + "; ".join(options))
        else:
            self.options_view.value = message("Participants type an answer.")

    def pose(self, _button=None) -> None:
        """Pose the typed question; it is chosen, ready to open."""
        if self.room is None:
            return
        try:
            question = self.store.pose(
                self.room.id, self.kind.value, self.question_text.value, self.options.get(self.kind.value, ())
            )
        except JournalError as error:
            self.pose_message.value = message(str(error), error=True)
            return
        self.pose_message.value = message(
            f"Question {question.position} is ready: open it when you want answers."
        )
        self.question_text.value = ""
        self.refresh(select=question.id)

    def _set_state(self, state: str) -> None:
        if self.chosen.value:
            self._run(lambda: self.store.set_state(self.chosen.value, state))

    def _reveal_changed(self, change) -> None:
        if not self._quiet and self.chosen.value:
            self._run(lambda: self.store.reveal(self.chosen.value, change["new"]))

    def _run(self, action: Callable[[], None]) -> None:
        try:
            action()
        except JournalError as error:
            self.pose_message.value = message(str(error), error=True)
            return
        self.pose_message.value = ""
        self.refresh()

    # -- ending --------------------------------------------------------------------------------------

    def _end(self) -> str:
        """End the room now: its code stops working and participants are told; what it holds stays."""
        self.room = self.store.end_room(self.room.id)
        self._draw_header()
        self.refresh()
        return (
            f"The session ended at {self.local_time(self.room.ended)}: the join code no longer works, and "
            "participants have been told."
        )

    # -- drawing -------------------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        """Redraw the questions, the live count and results, and the shared reflections."""
        if self.room is None:
            return
        try:
            room = self.store.room(self.room.id)
            questions = {q.id: q for q in self.store.questions(room.id)}
            participants = self.store.count_participants(room.id)
            shared = self.store.shared_entries(room.id)
        except JournalError as error:
            self.pose_message.value = message(str(error), error=True)
            return
        if room.ended != self.room.ended:
            self.room = room
            self._draw_header()
        question = self._choose(questions, select)
        try:
            answers = self.store.answers(question.id) if question else []
        except JournalError as error:
            self.pose_message.value = message(str(error), error=True)
            return
        self._draw_results(question, answers, participants)
        self.shared.value = render("facilitator/shared.html", entries=shared, when=self.local_time)

    def _choose(self, questions: dict[str, Question], select: str | None) -> Question | None:
        self._quiet = True
        try:
            ids = list(questions)
            if ids != self._question_ids:
                self._question_ids = ids
                current = select or self.chosen.value
                self.chosen.options = [
                    (f"{q.position}. {q.text[:70]}{'…' if len(q.text) > 70 else ''}", q.id)
                    for q in questions.values()
                ]
                self.chosen.value = current if current in questions else (ids[-1] if ids else None)
            elif select:
                self.chosen.value = select
            question = questions.get(self.chosen.value)
            self.reveal.value = bool(question and question.revealed)
        finally:
            self._quiet = False
        return question

    def _draw_results(self, question: Question | None, answers, participants: int) -> None:
        live = self.room is not None and self.room.is_live()
        for control in (self.open_q, self.close_q, self.reveal):
            control.disabled = question is None
        if question is not None:
            self.open_q.disabled = question.state == "open" or not live
            self.close_q.disabled = question.state != "open"
        state = {"ready": "ready, not yet open", "open": "open", "closed": "closed"}
        self.progress.value = render(
            "facilitator/progress.html",
            question=question,
            participants=participants,
            capacity=self.room.capacity if self.room else 0,
            answered=len(answers),
            state=state[question.state] if question else "",
        )
        if question is None or not question.revealed:
            self.results.value = ""
            self.text_answers.value = ""
            return
        shown = results(question, answers)
        self.results.value = wrap(results_html(question, shown, large=True, show_texts=False))
        self.text_answers.value = (
            render("facilitator/answers.html", answers=answers) if question.kind == "text" else ""
        )

    def prepare_exports(self, _button=None) -> None:
        """Make the room's CSV and Markdown downloads from what it holds now.

        On request, not on every redraw: the room changes with every answer, and the
        exports read all of it.
        """
        if self.room is None:
            return
        try:
            record = self.store.room_record(self.room.id)
        except JournalError as error:
            self.exports.value = message(str(error), error=True)
            return
        now = now_text()
        self.exports.value = render(
            "facilitator/downloads.html",
            when=self.local_time(now),
            csv=data_url("text/csv", room_csv(record)),
            markdown=data_url("text/markdown", room_markdown(record, now)),
        )

    def widget(self) -> widgets.Widget:
        """The page (its title, the one h1, comes from the page template)."""
        bars = widgets.HTML(f"<style>{BARS_CSS}{FACILITATOR_CSS}</style>", layout={"height": "0px"})
        page = self.frame(
            [bars, self.setup.box, self.room_box, self.setup.memory, self.zone],
            lede="Open a room, show its code, pose questions and reveal what the room thinks. "
            "Participants’ private journal entries never appear here: only what they choose to share.",
            related=[
                ("compliance-scenarios", "Compliance scenarios"),
                ("workshop-participant", "The room page"),
            ],
        )
        page.add_class("wb-facilitator-page")
        return page


FACILITATOR_CSS = """
.wb-join { display: flex; gap: 28px; align-items: center; flex-wrap: wrap; }
.wb-room-results .bars { max-width: 56rem; }
.wb-ended-banner { font-size: 1.1rem; }
"""


@built_or_explained
def workshop_facilitator(
    store: Store | None = None, corpus: Corpus | CorpusRecords | None = None
) -> widgets.Widget:
    """Build the *Workshop: facilitator* page (see ``WorkshopFacilitator``)."""
    cards = card_titles()
    return page_with_store(
        "Workshop: facilitator",
        store,
        lambda opened: WorkshopFacilitator(opened, corpus_records(corpus), cards).widget(),
    )


def card_titles() -> list[str]:
    """The scenario cards' titles, read from the cards file without the compliance model.

    Only the titles are needed here; ``workbook.compliance.load_cards`` checks the cards (its
    tests and the compliance page run it) but would load pandas and the model into this page's
    kernel (about 45 MB). A test holds that both give the same titles.

    Example:
        >>> card_titles()[0]
        'Reaching 70% in Lincolnshire'
    """
    table = tomllib.loads((DATA_DIR / "compliance" / "cards.toml").read_text(encoding="utf-8"))["card"]
    return [card["title"] for card in table]
