"""The workshop room: the *Workshop: participant* and *Workshop: facilitator* pages.

The facilitator opens a room and gets a join code (read out, or shown as a QR
code) and a separate facilitator key. Participants join with the code and a
pseudonym. The facilitator poses questions, opens and closes them, and reveals
the results when ready; both pages watch the room's revision number and redraw
when it moves. Private journal entries never reach the room: only entries their
authors tick "share" on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import ipywidgets as widgets
import plotly.graph_objects as go
import segno

from workbook.charts import answers_figure, figure_widget, refresh_widget
from workbook.dashboards._browser_memory import BrowserMemory
from workbook.dashboards._html import column, download_link, esc, html_block, message, row, stylesheet, wrap
from workbook.dashboards._reflection import JournalIdentity, ReflectionPanel, entries_html, page_with_store
from workbook.dashboards._request import query_parameter, served_on_loopback, sibling_url
from workbook.evidence import Corpus, load_corpus
from workbook.journal import (
    DEFAULT_CAPACITY,
    JOIN_CODE_BITS,
    KEY_BITS,
    QUESTION_KINDS,
    JournalError,
    Participant,
    Question,
    Room,
    Store,
    cycle_prompts,
    room_csv,
    room_markdown,
    tally,
    theme_prompts,
)
from workbook.journal._entry import now_text

LOG = logging.getLogger(__name__)
PARTICIPANT_NOTEBOOK = "07-workshop-participant.ipynb"
FACILITATOR_POLL_SECONDS = 0.5
PARTICIPANT_POLL_SECONDS = 1.0
CHANGE_NOTE = "You can change your answer while it is open."


class RoomWatcher:
    """Watch a room's revision number and call back when it changes.

    In a page's kernel it polls on the kernel's own event loop; without a running
    loop (tests) call ``poll`` yourself.

    Args:
        store: The journal store.
        room_id: The room to watch.
        interval: Seconds between polls.
        on_change: Called after the revision moves.
    """

    def __init__(self, store: Store, room_id: str, interval: float, on_change: Callable[[], None]):
        self.store, self.room_id, self.interval, self.on_change = store, room_id, interval, on_change
        self.seen = -1
        self.task: asyncio.Task | None = None

    def poll(self) -> bool:
        """Check once; call back and return ``True`` if the room changed."""
        try:
            revision = self.store.revision(self.room_id)
        except JournalError:
            return False
        if revision == self.seen:
            return False
        self.seen = revision
        self.on_change()
        return True

    def start(self) -> None:
        """Poll every ``interval`` seconds on the running event loop, if there is one."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self.stop()
        self.task = loop.create_task(self._run())

    def stop(self) -> None:
        """Stop polling."""
        if self.task is not None:
            self.task.cancel()
            self.task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                self.poll()
            except Exception:  # one failed redraw must not end the watching; say so in the server's log
                LOG.exception("Redrawing room %s failed", self.room_id)


def tally_html(question: Question, counts: list[tuple[str, int]]) -> str:
    """A question's results as bars drawn in HTML (light enough for every participant's page)."""
    if not counts:
        return '<p class="wb-muted">No answers yet.</p>'
    top = max(c for _, c in counts) or 1
    rows = "".join(
        f'<tr><td>{esc(label)}</td><td><span class="wb-bar" style="width:{round(220 * count / top)}px">'
        f"</span> {count}</td></tr>"
        for label, count in counts
    )
    caption = "Most frequent words" if question.kind == "text" else "Answers"
    return f'<table class="wb-table"><caption class="wb-muted">{caption}</caption>{rows}</table>'


def answer_control(question: Question) -> widgets.Widget:
    """The control a participant answers a question with."""
    if question.kind == "text":
        control = widgets.Textarea(placeholder="Your answer", rows=4, layout={"width": "min(100%, 640px)"})
    elif question.kind == "scale":
        control = widgets.ToggleButtons(
            options=list(question.options), value=None, style={"button_width": "56px"}
        )
    else:
        control = widgets.RadioButtons(
            options=list(question.options), value=None, layout={"width": "max-content"}
        )
    control.add_class("wb-answer")
    return control


class WorkshopParticipant:
    """A participant's page: join, answer the open question, see revealed results, write and share.

    Attributes:
        code: The join code box (filled from ``?code=`` when the QR code was scanned).
        identity: Pseudonym and journal key.
        join_button, join_message: Join, and what went wrong.
        room, me: The room and the participant, once joined.
        question: The current question, shown.
        answer_box: Holds the answer control for the current question.
        submit, answer_message: Send the answer, and the reply.
        results: The current question's results, once the facilitator reveals them.
        shared: Reflections shared with the room.
        panel: The reflection panel, with "share with the room".
        watcher: Redraws when the room changes.
    """

    def __init__(self, store: Store, corpus: Corpus):
        self.store = store
        self.identity = JournalIdentity()
        self.code = widgets.Text(
            value=query_parameter("code"),
            description="Join code",
            placeholder="ABCD-2345",
            style={"description_width": "90px"},
            layout={"width": "260px"},
        )
        self.code.add_class("wb-join-code-box")
        self.join_button = widgets.Button(description="Join the room", button_style="primary", icon="sign-in")
        self.join_button.add_class("wb-join")
        self.join_message = html_block("")
        self.room: Room | None = None
        self.me: Participant | None = None
        self.room_header = html_block("")
        self.question = html_block("")
        self.question.add_class("wb-question")
        self.answer_box = widgets.VBox()
        self.submit = widgets.Button(description="Send my answer", button_style="primary", icon="paper-plane")
        self.submit.add_class("wb-submit-answer")
        self.answer_message = html_block("")
        self.answer_message.add_class("wb-answer-message")
        self.results = html_block("")
        self.results.add_class("wb-participant-results")
        self.shared = html_block("")
        self.current: Question | None = None
        self.control: widgets.Widget | None = None
        prompts = [*cycle_prompts(), *theme_prompts(corpus.themes)]
        self.panel = ReflectionPanel(
            store,
            self.identity,
            prompts,
            room_id=lambda: self.room.id if self.room else None,
            on_saved=lambda _entry: self.refresh(),
        )
        self.watcher: RoomWatcher | None = None
        self.join_button.on_click(self.join)
        self.submit.on_click(self.send_answer)
        self.join_box = column(
            [self.identity.widget(compact=True), row([self.code, self.join_button]), self.join_message]
        )
        self.room_box = column(
            [
                self.room_header,
                self.question,
                self.answer_box,
                row([self.submit]),
                self.answer_message,
                self.results,
                html_block(
                    wrap("<h2>Reflect</h2><p>Private unless you tick “Share this with the room”.</p>")
                ),
                self.panel.widget(),
                html_block(wrap("<h2>Shared with the room</h2>")),
                self.shared,
            ]
        )
        self.room_box.layout.display = "none"

    def join(self, _button=None) -> None:
        """Join the room whose code is typed; on failure say why and keep what was typed."""
        try:
            self.room, self.me = self.store.join(
                self.code.value, self.identity.pseudonym.value, self.identity.ensure_key()
            )
        except JournalError as error:
            self.join_message.value = message(str(error), error=True)
            return
        self.join_message.value = ""
        self.join_box.layout.display = "none"
        self.room_box.layout.display = None
        self.panel.show_share(True)
        self.room_header.value = wrap(
            f"<h2>{esc(self.room.title)}</h2><p>You are in as <b>{esc(self.me.pseudonym)}</b>. "
            "The facilitator sees your answers with your pseudonym; your journal stays private.</p>"
        )
        self.watcher = RoomWatcher(self.store, self.room.id, PARTICIPANT_POLL_SECONDS, self.refresh)
        self.watcher.poll()
        self.watcher.start()

    def _current_question(self, questions: list[Question]) -> Question | None:
        open_now = [q for q in questions if q.state == "open"]
        if open_now:
            return open_now[-1]
        shown = [q for q in questions if q.state == "closed"]
        return shown[-1] if shown else None

    def refresh(self) -> None:
        """Redraw the question, results and shared reflections from the store."""
        if self.room is None or self.me is None:
            return
        try:
            questions = self.store.questions(self.room.id)
            question = self._current_question(questions)
            self.shared.value = entries_html(
                self.store.shared_entries(self.room.id), empty="Nothing shared yet.", show_author=True
            )
            answers = self.store.answers(question.id) if question and question.revealed else []
            mine = self.store.my_answer(question.id, self.me.id) if question else None
        except JournalError as error:
            self.answer_message.value = message(str(error), error=True)
            return
        if question is None:
            self.question.value = wrap(
                '<p class="wb-muted">Waiting for the facilitator’s first question…</p>'
            )
            self.answer_box.children, self.control, self.current = (), None, None
            self.submit.layout.display = "none"
            self.results.value = ""
            return
        if self.current is None or question.id != self.current.id:
            self.control = answer_control(question)
            self.answer_box.children = (self.control,)
            self.answer_message.value = ""
        self.current = question
        state = {"open": "Open: answer now", "closed": "Closed"}[question.state]
        yours = f" Your answer: “{esc(mine)}”." if mine else ""
        self.question.value = wrap(
            f'<h3>Question {question.position} <span class="wb-chip">{state}</span></h3>'
            f"<p><b>{esc(question.text)}</b></p>"
            f'<p class="wb-muted wb-your-answer">{CHANGE_NOTE if mine else ""}{yours}</p>'
        )
        is_open = question.state == "open"
        self.control.disabled = not is_open
        self.submit.disabled = not is_open
        self.submit.layout.display = None if is_open else "none"
        if question.revealed:
            self.results.value = wrap(
                "<h3>What the room said</h3>" + tally_html(question, tally(question, answers))
            )
        else:
            self.results.value = ""

    def send_answer(self, _button=None) -> None:
        """Send the answer to the current question; on failure say why and keep it in the box."""
        if self.current is None or self.me is None or self.control is None:
            return
        value = self.control.value
        if value is None:
            self.answer_message.value = message("Answer: choose one of the options first.", error=True)
            return
        try:
            self.store.answer(self.current.id, self.me.id, str(value))
        except JournalError as error:
            self.answer_message.value = message(str(error), error=True)
            return
        self.answer_message.value = message("Your answer is in.")
        self.refresh()

    def widget(self) -> widgets.Widget:
        """The page."""
        header = html_block(
            wrap(
                "<h1>Workshop: participant</h1>"
                '<p class="wb-lede">Join the room with the code the facilitator gives you and a pseudonym. '
                "No account, no real name needed.</p>"
                '<p class="wb-muted"><a href="00-start-here.ipynb">← Start here</a> · '
                '<a href="06-reflective-journal.ipynb">Your reflective journal</a></p>'
            )
        )
        page = column([stylesheet(), header, self.join_box, self.room_box])
        page.add_class("wb-participant-page")
        return page


class WorkshopFacilitator:
    """The facilitator's page: open or return to a room, pose and run questions, see the room live.

    Attributes:
        title, capacity, hours, open_button: Open a new room.
        code, key, return_button: Return to a room with its code and facilitator key.
        memory: This browser's memory of the room's code and key (so a reload returns to it).
        room: The room, once open.
        kind, question_text, pose_button: Pose a question.
        chosen: The question being run.
        open_button_q, close_button_q, reveal_button: Run it.
        progress: How many have answered.
        chart: The results chart (hidden until revealed), made when a room is opened so that the
            page itself opens without loading plotly.js.
        text_answers: The answers themselves, for open text (the chart shows frequent words).
        shared: Reflections shared with the room.
        export_button, exports: Make the room's CSV and Markdown downloads, and the links.
        watcher: Redraws when the room changes.
    """

    def __init__(self, store: Store, corpus: Corpus, card_titles: list[str]):
        self.store = store
        self.options = {"card": card_titles, "theme": list(corpus.themes.name)}
        style = {"description_width": "110px"}
        self.title = widgets.Text(
            description="Session title",
            placeholder="e.g. Compliance seminar, morning",
            style=style,
            layout={"width": "480px"},
        )
        self.title.add_class("wb-room-title")
        self.capacity = widgets.BoundedIntText(
            value=DEFAULT_CAPACITY,
            min=2,
            max=500,
            description="Places",
            style=style,
            layout={"width": "220px"},
        )
        self.hours = widgets.BoundedFloatText(
            value=12,
            min=0.5,
            max=168,
            step=0.5,
            description="Open (hours)",
            style=style,
            layout={"width": "220px"},
        )
        self.open_room_button = widgets.Button(
            description="Open a room", button_style="primary", icon="door-open"
        )
        self.open_room_button.add_class("wb-open-room")
        self.code = widgets.Text(
            description="Join code", placeholder="ABCD-2345", style=style, layout={"width": "280px"}
        )
        self.code.add_class("wb-return-code")
        self.key = widgets.Password(
            description="Facilitator key",
            placeholder="XXXXX-XXXXX-XXXXX-XXXXX",
            style=style,
            layout={"width": "400px"},
        )
        self.key.add_class("wb-return-key")
        self.return_button = widgets.Button(description="Return to my room", icon="key")
        self.return_button.add_class("wb-return")
        self.setup_message = html_block("")
        self.setup_message.add_class("wb-setup-message")
        self.memory = BrowserMemory(name="facilitator-room")
        self.room: Room | None = None
        self.room_header = html_block("")
        self.room_header.add_class("wb-room-header")
        self.participants = html_block("")
        self.kind = widgets.Dropdown(
            options=[(label, kind) for kind, label in QUESTION_KINDS.items()], description="Type", style=style
        )
        self.kind.add_class("wb-question-kind")
        self.question_text = widgets.Textarea(
            placeholder="Your question to the room", rows=2, layout={"width": "min(100%, 640px)"}
        )
        self.question_text.add_class("wb-question-text")
        self.options_view = html_block("")
        self.pose_button = widgets.Button(description="Pose question", icon="plus")
        self.pose_button.add_class("wb-pose")
        self.pose_message = html_block("")
        self.chosen = widgets.Dropdown(
            description="Question", style=style, layout={"width": "min(100%, 640px)"}
        )
        self.chosen.add_class("wb-chosen-question")
        self.open_q = widgets.Button(description="Open", icon="play", button_style="success")
        self.open_q.add_class("wb-open-question")
        self.close_q = widgets.Button(description="Close", icon="stop")
        self.close_q.add_class("wb-close-question")
        self.reveal = widgets.ToggleButton(description="Reveal results", icon="eye", value=False)
        self.reveal.add_class("wb-reveal")
        self.progress = html_block("")
        self.progress.add_class("wb-progress")
        self.hidden_note = html_block("")
        self.chart: go.FigureWidget | None = None  # made when a room opens: plotly.js costs ~4 s to load
        self.chart_box = widgets.Box()
        self.chart_box.layout.display = "none"
        self.text_answers = html_block("")
        self.shared = html_block("")
        self.shared.add_class("wb-room-shared")
        self.exports = html_block("")
        self.export_button = widgets.Button(description="Prepare the downloads", icon="download")
        self.export_button.add_class("wb-prepare-exports")
        self.end_button = widgets.Button(description="End the session", icon="lock", button_style="warning")
        self._question_ids: list[str] = []
        self._quiet = False
        self.watcher: RoomWatcher | None = None

        self.open_room_button.on_click(self.open_room)
        self.return_button.on_click(self.return_to_room)
        self.memory.observe(self._remembered, "value")
        self.kind.observe(self._kind_chosen, "value")
        self.pose_button.on_click(self.pose)
        self.chosen.observe(lambda _c: self.refresh(), "value")
        self.open_q.on_click(lambda _b: self._set_state("open"))
        self.close_q.on_click(lambda _b: self._set_state("closed"))
        self.reveal.observe(self._reveal_changed, "value")
        self.end_button.on_click(self.end_session)
        self.export_button.on_click(self.prepare_exports)
        self._kind_chosen()

        self.setup_box = column(
            [
                html_block(wrap("<h2>Open a room</h2>")),
                self.title,
                row([self.capacity, self.hours]),
                self.open_room_button,
                html_block(wrap("<h2>Or return to your room</h2>")),
                self.code,
                self.key,
                self.return_button,
                self.setup_message,
            ]
        )
        controls = column(
            [
                html_block(wrap("<h2>Pose a question</h2>")),
                self.kind,
                self.question_text,
                self.options_view,
                self.pose_button,
                self.pose_message,
                html_block(wrap("<h2>Run it</h2>")),
                self.chosen,
                row([self.open_q, self.close_q, self.reveal]),
            ],
            width="600px",
        )
        results = column(
            [
                html_block(wrap("<h2>The room</h2>")),
                self.participants,
                self.progress,
                self.hidden_note,
                self.chart_box,
                self.text_answers,
            ],
            flex="1 1 420px",
            min_width="380px",
        )
        self.room_box = column(
            [
                self.room_header,
                row([controls, results], flex_flow="row wrap", align_items="flex-start"),
                html_block(wrap("<h2>Shared reflections</h2>")),
                self.shared,
                html_block(wrap("<h2>After the session</h2>")),
                row([self.export_button, self.end_button]),
                self.exports,
            ]
        )
        self.room_box.layout.display = "none"

    # -- opening -------------------------------------------------------------------------------------

    def open_room(self, _button=None) -> None:
        """Open a new room and show its code, QR code and facilitator key."""
        try:
            room, key = self.store.open_room(
                self.title.value, capacity=self.capacity.value, hours=self.hours.value
            )
        except JournalError as error:
            self.setup_message.value = message(str(error), error=True)
            return
        self._enter(room, key, new=True)

    def return_to_room(self, _button=None) -> None:
        """Return to a room with its code and facilitator key."""
        try:
            room = self.store.facilitate(self.code.value, self.key.value)
        except JournalError as error:
            self.setup_message.value = message(str(error), error=True)
            return
        self._enter(room, self.key.value, new=False)

    def _remembered(self, change) -> None:
        if self.room is None and change["new"] and " " in change["new"]:
            code, key = change["new"].split(" ", 1)
            try:
                room = self.store.facilitate(code, key)
            except JournalError:
                return
            self._enter(room, key, new=False)

    def _enter(self, room: Room, key: str, *, new: bool) -> None:
        self.room = room
        self.memory.value = f"{room.join_code} {key}"
        self.setup_message.value = ""
        self.setup_box.layout.display = "none"
        self.room_box.layout.display = None
        url = sibling_url(PARTICIPANT_NOTEBOOK, f"code={room.join_code}")
        qr = segno.make(url, error="m").svg_inline(scale=4, title=f"Join {room.join_code}")
        loopback = (
            '<p class="wb-banner">This address only works on this computer. For participants on their own '
            "devices, serve with <code>workbook serve --ip 0.0.0.0</code> and open this page by the "
            "computer’s network address.</p>"
            if served_on_loopback(url)
            else ""
        )
        kept = "Write it down now: it is shown only once." if new else "This browser remembers it."
        self.room_header.value = wrap(
            f"<h2>{esc(room.title)}</h2>"
            '<div style="display:flex;gap:28px;align-items:center;flex-wrap:wrap">'
            f'<div><p>Join code</p><div class="wb-join-code">{esc(room.join_code)}</div>'
            f'<p>or open <a href="{esc(url)}" target="_blank">{esc(url)}</a></p></div>'
            f'<div class="wb-qr">{qr}</div></div>{loopback}'
            f'<p class="wb-muted">Your facilitator key (to come back to this room): '
            f'<code class="wb-journal-key wb-facilitator-key">{esc(key)}</code>. {kept} '
            f"Codes carry {JOIN_CODE_BITS} random bits and keys {KEY_BITS}; the room stops admitting "
            f"people at {esc(room.expires[11:16])} UTC.</p>"
        )
        if self.chart is None:
            self.chart = figure_widget(answers_figure([], title=""))
            self.chart_box.children = (self.chart,)
        self.watcher = RoomWatcher(self.store, room.id, FACILITATOR_POLL_SECONDS, self.refresh)
        self.watcher.poll()
        self.watcher.start()

    # -- questions -----------------------------------------------------------------------------------

    def _kind_chosen(self, _change=None) -> None:
        options = self.options.get(self.kind.value)
        if self.kind.value == "scale":
            self.options_view.value = wrap('<p class="wb-muted">Participants choose 1 (low) to 5 (high).</p>')
        elif options:
            self.options_view.value = wrap('<p class="wb-muted">Options: ' + esc("; ".join(options)) + "</p>")
        else:
            self.options_view.value = wrap('<p class="wb-muted">Participants type an answer.</p>')

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
        self.refresh()

    def end_session(self, _button=None) -> None:
        """End the room now: its code stops working; what it holds stays for export."""
        if self.room is not None:
            self._run(lambda: self.store.end_room(self.room.id))
            self.pose_message.value = message("The session has ended: the join code no longer works.")

    # -- drawing -------------------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        """Redraw the questions, the live count and results, and the shared reflections."""
        if self.room is None:
            return
        try:
            record = self.store.room_record(self.room.id)
        except JournalError as error:
            self.pose_message.value = message(str(error), error=True)
            return
        questions = {q.id: q for q in record.questions}
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
        count = len(record.participants)
        self.participants.value = wrap(
            f'<p class="wb-participant-count"><b>{count}</b> of {record.room.capacity} places taken.</p>'
        )
        self._draw_results(question, record.answers.get(question.id, ()) if question else (), count)
        self.shared.value = entries_html(record.shared, empty="Nothing shared yet.", show_author=True)

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
        self.exports.value = wrap(
            f"<p>Downloads as of {now[11:16]} UTC (answers and shared reflections, never private entries): "
            + download_link("CSV", "workshop-room.csv", "text/csv", room_csv(record))
            + " · "
            + download_link("Markdown", "workshop-room.md", "text/markdown", room_markdown(record, now))
            + "</p>"
        )

    def _draw_results(self, question: Question | None, answers, participants: int) -> None:
        for control in (self.open_q, self.close_q, self.reveal):
            control.disabled = question is None
        if question is None:
            self.progress.value = wrap('<p class="wb-muted">Pose a question to begin.</p>')
            self.hidden_note.value = ""
            self.chart_box.layout.display = "none"
            self.text_answers.value = ""
            return
        state = {"ready": "ready, not yet open", "open": "open", "closed": "closed"}[question.state]
        self.open_q.disabled = question.state == "open"
        self.close_q.disabled = question.state != "open"
        self.progress.value = wrap(
            f'<p class="wb-answer-count"><b>{len(answers)}</b> of {participants} answered '
            f'<span class="wb-chip">{state}</span></p><p><b>{esc(question.text)}</b></p>'
        )
        if not question.revealed:
            self.hidden_note.value = wrap(
                '<p class="wb-muted wb-hidden-note">Results are hidden from the room until you reveal '
                "them.</p>"
            )
            self.chart_box.layout.display = "none"
            self.text_answers.value = ""
            return
        self.hidden_note.value = ""
        counts = tally(question, answers)
        title = "Most frequent words" if question.kind == "text" else "Answers"
        refresh_widget(self.chart, answers_figure(counts, title=title))
        self.chart_box.layout.display = None
        if question.kind == "text":
            items = "".join(
                f"<li><b>{esc(a.pseudonym)}</b>: <span class='wb-entry-text'>{esc(a.value)}</span></li>"
                for a in answers
            )
            self.text_answers.value = wrap(f'<ul class="wb-text-answers">{items}</ul>')
        else:
            self.text_answers.value = ""

    def widget(self) -> widgets.Widget:
        """The page."""
        header = html_block(
            wrap(
                "<h1>Workshop: facilitator</h1>"
                '<p class="wb-lede">Open a room, show its code, pose questions and reveal what the room '
                "thinks. Participants’ private journal entries never appear here: only what they choose to "
                "share.</p>"
                '<p class="wb-muted"><a href="00-start-here.ipynb">← Start here</a> · '
                '<a href="05-compliance-scenarios.ipynb">Compliance scenarios</a></p>'
            )
        )
        page = column([stylesheet(), header, self.setup_box, self.room_box, self.memory])
        page.add_class("wb-facilitator-page")
        return page


def workshop_participant(store: Store | None = None, corpus: Corpus | None = None) -> widgets.Widget:
    """Build the *Workshop: participant* page (see ``WorkshopParticipant``)."""
    return page_with_store(
        "Workshop: participant",
        store,
        lambda opened: WorkshopParticipant(opened, corpus or load_corpus()).widget(),
    )


def workshop_facilitator(store: Store | None = None, corpus: Corpus | None = None) -> widgets.Widget:
    """Build the *Workshop: facilitator* page (see ``WorkshopFacilitator``)."""
    from workbook.compliance import load_cards

    cards = [card.title for card in load_cards()]
    return page_with_store(
        "Workshop: facilitator",
        store,
        lambda opened: WorkshopFacilitator(opened, corpus or load_corpus(), cards).widget(),
    )
