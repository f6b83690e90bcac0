"""The *Induction and engagement* page: a readability checker and an agreement planner.

The checker scores the shipped sample letters or the reader's own text (typed,
pasted or uploaded), flags jargon with plain alternatives and reads the score
against who will receive the text. The planner walks the six steps and renders a
one-page agreement to download. Logic lives in ``workbook.induction``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import ipywidgets as widgets
from markupsafe import Markup, escape

from workbook.dashboards._html import column, download_link, message, row, set_html
from workbook.dashboards._page import Dashboard
from workbook.dashboards._served import built_or_explained
from workbook.evidence import CorpusRecords, corpus_records
from workbook.induction import (
    ACCEPTED,
    LITERACY,
    STEPS,
    Agreement,
    DocumentError,
    TextError,
    agreement_html,
    agreement_markdown,
    agreement_text,
    jargon_matches,
    load_samples,
    load_terms,
    read_document,
    score_text,
)
from workbook.reference import seminar_source_id
from workbook.web import fragments

if TYPE_CHECKING:
    from workbook.evidence import Corpus

OWN = "own"
LONG_SENTENCE_WORDS = 25
THEMES = ("induction", "readability", "reciprocal-obligations")


class InductionPage(Dashboard):
    """The readability checker and the agreement planner, side by side.

    Attributes:
        source: Which text to check: a sample id or ``"own"``.
        text: The text being checked (editable).
        upload: File upload for .txt, .md or .docx.
        notice: One line saying what happened (or what was wrong).
        scores, compare, marked: HTML views of the checker's results.
        fields: The planner's inputs by ``Agreement`` field name.
        make: Button that renders the agreement.
        agreement: HTML view of the rendered agreement and its downloads.
        widget: The whole page, as displayed.
    """

    page_id = "induction"

    def __init__(self, corpus: Corpus | CorpusRecords | None = None):
        self.corpus = corpus_records(corpus)  # records, not tables: this page's kernel needs no pandas
        self._parts = fragments("induction.html.j2")
        self.samples = {s.id: s for s in load_samples()}
        self.terms = load_terms()
        self._own_text = ""
        first = next(iter(self.samples.values()))
        self.source = widgets.Dropdown(
            options=[(s.title, s.id) for s in self.samples.values()] + [("Your own text", OWN)],
            value=first.id,
            description="Text to check",
        )
        self.text = widgets.Textarea(
            value=first.text, continuous_update=False, description="The text", rows=10
        )
        self.text.add_class("wb-text")
        self.upload = widgets.FileUpload(
            accept=",".join(ACCEPTED), multiple=False, description="Upload a file"
        )
        self.notice = self.live(css_class="wb-notice")
        self.scores = self.live(css_class="wb-scores")
        self.compare = self.block()
        self.marked = self.block(css_class="wb-marked")
        self.fields = {
            "person": widgets.Text(description="Their name", placeholder="first name or initials only"),
            "practitioner": widgets.Text(description="Your name", placeholder="or your role"),
            "goals": _area("Their goals", "What they want to achieve, one per line"),
            "first_steps": _area("Their first steps", "The first steps they want to take, one per line"),
            **{key: _area(f"{n}. {title}", hint) for n, (key, title, hint) in enumerate(STEPS, start=1)},
            "we_will": _area("What we will do", "What the service will do in return, one per line"),
        }
        self.make = widgets.Button(description="Make the agreement", button_style="primary", icon="file-text")
        self.make.add_class("wb-make")
        self.agreement = self.live(css_class="wb-agreement")
        self.widget = self._layout()
        self.source.observe(self._on_source, names="value")
        self.text.observe(self._on_text, names="value")
        self.upload.observe(self._on_upload, names="value")
        self.make.on_click(self._on_make)
        self.check()

    # -- checker ----------------------------------------------------------------

    def check(self) -> None:
        """Score the text in the box and redraw the checker's views."""
        try:
            result = score_text(self.text.value)
        except TextError as error:
            set_html(self.notice, message(str(error), error=True))
            set_html(self.scores, "")
            set_html(self.marked, "")
            set_html(self.compare, self._compare_html())
            return
        set_html(self.scores, self._scores_html(result))
        set_html(self.marked, self._marked_html(result))
        set_html(self.compare, self._compare_html())

    def use_text(self, text: str, note: str = "") -> None:
        """Put the reader's own text in the box, keep it, and check it."""
        self._own_text = text
        self.source.unobserve(self._on_source, names="value")
        self.source.value = OWN
        self.source.observe(self._on_source, names="value")
        self.text.value = text  # triggers check through _on_text
        set_html(self.notice, message(note) if note else "")
        self.check()

    def _on_source(self, change: dict) -> None:
        if change["old"] == OWN:
            self._own_text = self.text.value
        self.text.unobserve(self._on_text, names="value")
        self.text.value = self._own_text if change["new"] == OWN else self.samples[change["new"]].text
        self.text.observe(self._on_text, names="value")
        set_html(self.notice, "")
        self.check()

    def _on_text(self, change: dict) -> None:
        if self.source.value != OWN and change["new"] != self.samples[self.source.value].text:
            self._own_text = change["new"]
            self.source.unobserve(self._on_source, names="value")
            self.source.value = OWN
            self.source.observe(self._on_source, names="value")
        elif self.source.value == OWN:
            self._own_text = change["new"]
        set_html(self.notice, "")
        self.check()

    def _on_upload(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        try:
            text = read_document(upload["name"], bytes(upload["content"]))
        except DocumentError as error:
            set_html(self.notice, message(f"{error} Your text is unchanged.", error=True))
            return
        self.use_text(text, f"Read {upload['name']}: {len(text.split())} words.")

    def _marked_html(self, result):
        text = self.text.value
        found = jargon_matches(text, self.terms)
        pieces, last = [], 0
        for hit in found:
            pieces += [
                escape(text[last : hit.start]),
                Markup(
                    '<mark title="Plain: {}">{}<span class="wb-visually-hidden"> (plain: {})</span></mark>'
                ).format(hit.plain, hit.found, hit.plain),
            ]
            last = hit.end
        pieces.append(escape(text[last:]))
        marked = Markup("").join(pieces).replace("\n", Markup("<br>"))
        long_ones = [s for s in result.longest if s.words > LONG_SENTENCE_WORDS]
        suggestions = {}  # by term, in the order first found
        for hit in found:
            suggestions.setdefault(hit.term, {"term": hit.term, "n": 0, "plain": hit.plain, "why": hit.why})
            suggestions[hit.term]["n"] += 1
        suggestions = list(suggestions.values())
        return self._parts.marked(
            suggestions, len(self.terms), LONG_SENTENCE_WORDS, long_ones, Markup(marked)
        )

    def _compare_html(self):
        rows = []
        texts = [(s.title, s.text) for s in self.samples.values()]
        if self.source.value == OWN and self.text.value.strip():
            texts.append(("Your text", self.text.value))
        for title, text in texts:
            try:
                r = score_text(text)
            except TextError:
                continue
            rows.append(
                {
                    "title": title,
                    "ease": f"{r.reading_ease:.0f} ({r.band})",
                    "age": f"{r.reading_age:.0f}",
                    "words": r.words,
                    "jargon": len(jargon_matches(text, self.terms)),
                }
            )
        return self._parts.compare(rows)

    def _scores_html(self, r):
        return self._parts.scores(*_score_tiles(r))

    # -- planner ------------------------------------------------------------------

    def current_agreement(self) -> Agreement:
        """The agreement as the form currently stands."""
        return Agreement(**{key: box.value for key, box in self.fields.items()})

    def _on_make(self, button: widgets.Button) -> None:
        self.render_agreement()

    def render_agreement(self) -> None:
        """Render the agreement, its downloads and its own readability."""
        agreement = self.current_agreement()
        if agreement.is_empty():
            set_html(self.agreement, message("Write at least one thing in the form first.", error=True))
            return
        try:
            score = score_text(agreement_text(agreement))
            readability = {
                "ease": f"{score.reading_ease:.0f}",
                "band": score.band,
                "age": f"{score.reading_age:.0f}",
                "advice": "Simplify it if you can."
                if score.reading_age > 11
                else "Most readers will manage it.",
            }
        except TextError:
            readability = None
        links = [
            download_link("HTML (to print)", "our-agreement.html", "text/html", agreement_html(agreement)),
            download_link("Markdown", "our-agreement.md", "text/markdown", agreement_markdown(agreement)),
        ]
        # The agreement's own page, escaped by workbook.induction; its headings step down to fit this page.
        body = agreement_html(agreement).split("<body>", 1)[1].rsplit("</body>", 1)[0]
        preview = Markup(
            body.replace("<h1", "<h3")
            .replace("</h1>", "</h3>")
            .replace("<h2", "<h4")
            .replace("</h2>", "</h4>")
        )
        set_html(self.agreement, self._parts.agreement(readability, links, preview))

    # -- layout ---------------------------------------------------------------------

    def _layout(self) -> widgets.Widget:
        literacy = {f.id: f for f in LITERACY}
        below = literacy["programme-below-level-1"]
        checker = column(
            [
                self.block(self._parts.checker_intro({"value": f"{below.value:g}", "source": below.source})),
                row([self.source, self.upload], align_items="flex-end"),
                self.text,
                self.notice,
                self.scores,
                self.compare,
                self.marked,
            ]
        )
        planner = column(
            [self.block(self._parts.planner_intro()), *self.fields.values(), self.make, self.agreement]
        )
        planner.add_class("wb-planner")
        halves = widgets.Box([checker, planner])
        halves.add_class("wb-columns")
        page = self.frame(
            [halves, self.block(self._seminar_html())],
            lede="The seminar found induction swamped by paperwork that people sign without having read or "
            "understood it: processes overwhelming purpose. Check what you hand out, and plan the first "
            "meeting "
            "as a negotiation of what each side expects.",
            related=[
                ("seminar-themes", "Seminar themes on induction"),
                ("compliance-scenarios", "Compliance scenarios"),
            ],
        )
        page.add_class("wb-induction")
        return page

    def _seminar_html(self):
        names = {t.id: t for t in self.corpus.themes}
        excerpts = [e for e in self.corpus.excerpts if e.themes[0] in THEMES][:4]
        titles = {s.notes: s.title for s in self.corpus.sources}
        quotes = [
            {"quote": e.quote, "source_id": seminar_source_id(e.notes), "notes_title": titles[e.notes],
             "section": e.section, "paragraph": e.paragraph}
            for e in excerpts
        ]  # fmt: skip
        return self._parts.seminar(
            [
                {"id": t, "name": names[t].name, "summary": names[t].summary, "prompts": names[t].prompts}
                for t in THEMES
            ],
            quotes,
        )


def _area(label: str, placeholder: str) -> widgets.Textarea:
    return widgets.Textarea(description=label, placeholder=placeholder, rows=3)


def _score_tiles(r) -> tuple[list[dict], str]:
    tiles = [
        (f"{r.reading_ease:.0f}", f"Reading ease: {r.band}", "Flesch, 0 to 100: 60 to 70 is plain English"),
        (
            f"{r.reading_age:.0f}",
            "Reading age (approx.)",
            "Flesch-Kincaid grade + 5 years: our approximation",
        ),
        (f"{r.grade:.1f}", "Flesch-Kincaid grade", "US school grade"),
        (
            f"{r.smog:.1f}",
            "SMOG grade",
            "meant for 30 sentences or more" if r.sentences < 30 else "years of schooling",
        ),
        (f"{r.words / r.sentences:.0f}", "Words per sentence", f"{r.words} words, {r.sentences} sentences"),
        (str(r.polysyllable_count), "Long words", "three syllables or more"),
    ]
    verdict = (
        "Above a reading age of 11: likely to lose most readers below Level 1."
        if r.reading_age > 11
        else "Within reach of most readers, including many below Level 1."
    )
    return [{"value": v, "label": label, "note": note} for v, label, note in tiles], verdict


@built_or_explained
def induction_engagement(corpus: Corpus | CorpusRecords | None = None) -> InductionPage:
    """Build the *Induction and engagement* page.

    Args:
        corpus: The seminar corpus; loaded from the shipped data if not given.

    Returns:
        The page; display it, or drive it by setting its controls' ``.value``.
    """
    return InductionPage(corpus)
