"""The *Induction and engagement* page: a readability checker and an agreement planner.

The checker scores the shipped sample letters or the reader's own text (typed,
pasted or uploaded), flags jargon with plain alternatives and reads the score
against who will receive the text. The planner walks the six steps and renders a
one-page agreement to download. Logic lives in ``workbook.induction``.
"""

from __future__ import annotations

import ipywidgets as widgets

from workbook.dashboards._html import (
    chips,
    column,
    download_link,
    esc,
    html_block,
    message,
    row,
    stylesheet,
    wrap,
)
from workbook.evidence import Corpus, load_corpus
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
    find_jargon,
    load_samples,
    load_terms,
    read_document,
    score_text,
)

OWN = "own"
LONG_SENTENCE_WORDS = 25
THEMES = ("induction", "readability", "reciprocal-obligations")


class InductionPage:
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
        container: The whole page, as displayed.
    """

    def __init__(self, corpus: Corpus | None = None):
        self.corpus = corpus if corpus is not None else load_corpus()
        self.samples = {s.id: s for s in load_samples()}
        self.terms = load_terms()
        self._own_text = ""
        first = next(iter(self.samples.values()))
        self.source = widgets.Dropdown(
            options=[(s.title, s.id) for s in self.samples.values()] + [("Your own text", OWN)],
            value=first.id,
            description="Text",
            layout=widgets.Layout(width="340px"),
        )
        self.text = widgets.Textarea(
            value=first.text, continuous_update=False, layout=widgets.Layout(width="100%", height="220px")
        )
        self.text.add_class("wb-text")
        self.upload = widgets.FileUpload(
            accept=",".join(ACCEPTED), multiple=False, description="Upload a file"
        )
        self.notice = html_block("")
        self.notice.add_class("wb-notice")
        self.scores = html_block("")
        self.scores.add_class("wb-scores")
        self.compare = html_block("")
        self.marked = html_block("")
        self.marked.add_class("wb-marked")
        self.fields = {
            "person": widgets.Text(
                description="Their name", placeholder="first name or initials only", layout={"width": "96%"}
            ),
            "practitioner": widgets.Text(
                description="Your name", placeholder="or your role", layout={"width": "96%"}
            ),
            "goals": _area("What they want to achieve, one per line"),
            "first_steps": _area("The first steps they want to take, one per line"),
            **{key: _area(hint) for key, _, hint in STEPS},
            "we_will": _area("What the service will do in return, one per line"),
        }
        self.make = widgets.Button(
            description="Make the agreement",
            button_style="primary",
            icon="file-text",
            layout={"width": "220px"},
        )
        self.make.add_class("wb-make")
        self.agreement = html_block("")
        self.agreement.add_class("wb-agreement")
        self.container = self._layout()
        self.source.observe(self._on_source, names="value")
        self.text.observe(self._on_text, names="value")
        self.upload.observe(self._on_upload, names="value")
        self.make.on_click(self._on_make)
        self.check()

    def _repr_mimebundle_(self, **kwargs):
        return self.container._repr_mimebundle_(**kwargs)

    # -- checker ----------------------------------------------------------------

    def check(self) -> None:
        """Score the text in the box and redraw the checker's views."""
        try:
            result = score_text(self.text.value)
        except TextError as error:
            self.notice.value = wrap(message(str(error), error=True))
            self.scores.value = self.marked.value = ""
            self.compare.value = wrap(self._compare_html())
            return
        self.scores.value = wrap(_scores_html(result))
        self.marked.value = wrap(self._marked_html(result))
        self.compare.value = wrap(self._compare_html())

    def use_text(self, text: str, note: str = "") -> None:
        """Put the reader's own text in the box, keep it, and check it."""
        self._own_text = text
        self.source.unobserve(self._on_source, names="value")
        self.source.value = OWN
        self.source.observe(self._on_source, names="value")
        self.text.value = text  # triggers check through _on_text
        self.notice.value = wrap(message(note)) if note else ""
        self.check()

    def _on_source(self, change: dict) -> None:
        if change["old"] == OWN:
            self._own_text = self.text.value
        self.text.unobserve(self._on_text, names="value")
        self.text.value = self._own_text if change["new"] == OWN else self.samples[change["new"]].text
        self.text.observe(self._on_text, names="value")
        self.notice.value = ""
        self.check()

    def _on_text(self, change: dict) -> None:
        if self.source.value != OWN and change["new"] != self.samples[self.source.value].text:
            self._own_text = change["new"]
            self.source.unobserve(self._on_source, names="value")
            self.source.value = OWN
            self.source.observe(self._on_source, names="value")
        elif self.source.value == OWN:
            self._own_text = change["new"]
        self.notice.value = ""
        self.check()

    def _on_upload(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        try:
            text = read_document(upload["name"], bytes(upload["content"]))
        except DocumentError as error:
            self.notice.value = wrap(message(f"{error} Your text is unchanged.", error=True))
            return
        self.use_text(text, f"Read {upload['name']}: {len(text.split())} words.")

    def _marked_html(self, result) -> str:
        text = self.text.value
        found = find_jargon(text, self.terms)
        pieces, last = [], 0
        for hit in found.itertuples():
            pieces += [
                esc(text[last : hit.start]),
                f'<mark title="Plain: {esc(hit.plain)}">{esc(hit.found)}</mark>',
            ]
            last = hit.end
        pieces.append(esc(text[last:]))
        marked = "".join(pieces).replace("\n", "<br>")
        long_ones = [s for s in result.longest if s.words > LONG_SENTENCE_WORDS]
        suggestions = (
            found.groupby("term", sort=False).agg(
                plain=("plain", "first"), why=("why", "first"), n=("term", "size")
            )
            if not found.empty
            else None
        )
        parts = ["<h3>Words to change</h3>"]
        if suggestions is None:
            parts.append(f"<p>No probation or court jargon from our list of {len(self.terms)} terms.</p>")
        else:
            parts.append("<ul>")
            parts += [
                f"<li><b>{esc(term)}</b>{f' (×{s.n})' if s.n > 1 else ''} → {esc(s.plain)}"
                f' <span class="wb-muted">{esc(s.why)}</span></li>'
                for term, s in suggestions.iterrows()
            ]
            parts.append("</ul>")
        parts.append(f"<h3>Sentences over {LONG_SENTENCE_WORDS} words</h3>")
        parts.append(
            "<ul>"
            + "".join(
                f"<li>{esc(s.text)} <span class='wb-muted'>({s.words} words)</span></li>" for s in long_ones
            )
            + "</ul>"
            if long_ones
            else "<p>None.</p>"
        )
        parts.append(f'<h3>The text, jargon marked</h3><div class="wb-card">{marked}</div>')
        return "".join(parts)

    def _compare_html(self) -> str:
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
                f"<tr><td>{esc(title)}</td><td>{r.reading_ease:.0f} ({esc(r.band)})</td>"
                f"<td>{r.reading_age:.0f}</td><td>{r.words}</td>"
                f"<td>{len(find_jargon(text, self.terms))}</td></tr>"
            )
        return (
            "<h3>Side by side</h3><table class='wb-table'><tr><th>Text</th><th>Reading ease</th>"
            "<th>Reading age</th><th>Words</th><th>Jargon</th></tr>" + "".join(rows) + "</table>"
        )

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
            self.agreement.value = wrap(message("Write at least one thing in the form first.", error=True))
            return
        try:
            score = score_text(agreement_text(agreement))
            readability = (
                f"<p>The agreement itself: reading ease <b>{score.reading_ease:.0f}</b> ({esc(score.band)}), "
                f"reading age about <b>{score.reading_age:.0f}</b>. "
                + ("Simplify it if you can." if score.reading_age > 11 else "Most readers will manage it.")
                + "</p>"
            )
        except TextError:
            readability = ""
        links = " · ".join(
            [
                download_link(
                    "HTML (to print)", "our-agreement.html", "text/html", agreement_html(agreement)
                ),
                download_link("Markdown", "our-agreement.md", "text/markdown", agreement_markdown(agreement)),
            ]
        )
        preview = agreement_html(agreement).split("<body>", 1)[1].rsplit("</body>", 1)[0]
        self.agreement.value = wrap(
            f"{readability}<p>Download: {links}</p><div class='wb-card wb-agreement-preview'>{preview}</div>"
        )

    # -- layout ---------------------------------------------------------------------

    def _layout(self) -> widgets.Widget:
        literacy = {f.id: f for f in LITERACY}
        below = literacy["programme-below-level-1"]
        checker = column(
            [
                html_block(
                    "<h2>How readable is it?</h2><p>Choose a sample letter, paste your own text, or upload "
                    f"a .txt, .md or .docx file (up to 1 MB). {below.value:g}% of people on accredited "
                    f"programmes read below Level 1 ({esc(below.source.split(';')[0])}).</p>"
                ),
                row([self.source, self.upload], align_items="center", flex_flow="row wrap"),
                self.text,
                self.notice,
                self.scores,
                self.compare,
                self.marked,
            ],
            flex="1 1 480px",
            min_width="360px",
        )
        labels = {
            "person": None,
            "practitioner": None,
            "goals": "Their goals",
            "first_steps": "Their first steps",
        }
        labels |= {key: f"{n}. {title}" for n, (key, title, _) in enumerate(STEPS, start=1)}
        labels["we_will"] = "What we will do"
        form = []
        for key, box in self.fields.items():
            if labels[key]:
                form.append(html_block(f"<b>{esc(labels[key])}</b>"))
            form.append(box)
        planner = column(
            [
                html_block(
                    "<h2>Plan the first meeting</h2><p>Six steps for working with people who did not choose "
                    "to be here, from the seminar's plenary, with the person's own goals first. Write in "
                    "their words. Nothing you type leaves this page until you download it.</p>"
                ),
                *form,
                self.make,
                self.agreement,
            ],
            flex="1 1 420px",
            min_width="340px",
        )
        planner.add_class("wb-planner")
        page = column(
            [
                stylesheet(),
                html_block(
                    '<p class="wb-lede">The seminar found induction swamped by paperwork that people sign '
                    "without having read or understood it: processes overwhelming purpose. Check what you "
                    "hand out, and plan the first meeting as a negotiation of what each side expects.</p>"
                    '<p class="wb-muted"><a href="00-start-here.ipynb">← Start here</a> · '
                    '<a href="01-seminar-themes.ipynb">Seminar themes</a></p>'
                ),
                row([checker, planner], flex_flow="row wrap", align_items="flex-start"),
                html_block(self._seminar_html()),
            ],
            padding="8px 4px 24px",
        )
        page.add_class("wb-induction")
        return page

    def _seminar_html(self) -> str:
        themes = self.corpus.themes.set_index("id").loc[list(THEMES)]
        excerpts = self.corpus.excerpts[self.corpus.excerpts["themes"].map(lambda ts: ts[0] in THEMES)].head(
            4
        )
        quotes = "".join(
            f"<blockquote>“{esc(e.quote)}”</blockquote><p class='wb-source'>{esc(e.notes.capitalize())} · "
            f"{esc(e.section)} · ¶{e.paragraph}</p>"
            for e in excerpts.itertuples()
        )
        cards = "".join(
            f'<div class="wb-card"><h3>{esc(t.name)}</h3><p>{esc(t.summary)}</p><ul>'
            + "".join(f"<li>{esc(p)}</li>" for p in t.prompts)
            + "</ul></div>"
            for t in themes.itertuples()
        )
        return (
            "<h2>From the seminar</h2>"
            f"<p>{chips(themes['name'])}</p>{quotes}"
            f'<div class="wb-grid">{cards}</div>'
        )


def _area(placeholder: str) -> widgets.Textarea:
    return widgets.Textarea(placeholder=placeholder, layout=widgets.Layout(width="100%", height="64px"))


def _scores_html(r) -> str:
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
    grid = "".join(
        f'<div class="wb-card"><div class="wb-stat">{esc(v)}</div><div>{esc(label)}</div>'
        f'<div class="wb-muted">{esc(note)}</div></div>'
        for v, label, note in tiles
    )
    verdict = (
        "Above a reading age of 11: likely to lose most readers below Level 1."
        if r.reading_age > 11
        else "Within reach of most readers, including many below Level 1."
    )
    return f'<div class="wb-grid">{grid}</div><p><b>{esc(verdict)}</b></p>'


def induction_engagement(corpus: Corpus | None = None) -> InductionPage:
    """Build the *Induction and engagement* page.

    Args:
        corpus: The seminar corpus; loaded from the shipped data if not given.

    Returns:
        The page; display it, or drive it by setting its controls' ``.value``.
    """
    return InductionPage(corpus)
