"""The *Start here* page.

What the Workbook is and is not, the seminar in one screen, links to every
dashboard, and a note for facilitators.
"""

from __future__ import annotations

import ipywidgets as widgets

from workbook.dashboards._html import chips, column, esc, html_block, row, stylesheet
from workbook.dashboards.pages import PAGES, PLANNED
from workbook.evidence import Corpus, load_corpus, theme_cooccurrence

WHAT_IT_IS = """
<h2>What this is</h2>
<ul>
<li>A workbook for reflecting on <b>compliance with community supervision</b>, built from the notes of a
seminar held in December 2009 with probation managers, practitioners and researchers.</li>
<li>A place to <b>read the evidence</b> the seminar discussed, explore it by theme, and take questions
back to your own practice, your team or a workshop.</li>
<li>A set of <b>illustrative models</b> (as they arrive) that show how policies and practice could play
out on a made-up caseload.</li>
</ul>
"""

WHAT_IT_IS_NOT = """
<h2>What this is not</h2>
<ul>
<li><b>Not a tool for decisions about real people.</b> Every caseload here is synthetic and every model
is illustrative: none predicts what any real person will do.</li>
<li><b>Not a record system.</b> Do not type or load anything that identifies a person.</li>
<li><b>Not the seminar's own conclusions.</b> Quotes are verbatim from the notes; summaries, themes and
paraphrases are our reading of them.</li>
</ul>
"""

FACILITATOR_NOTE = """
<h2>Using it in a workshop</h2>
<p>One command starts every page: <code>make serve</code> (or <code>workbook serve</code>), then open
<code>http://127.0.0.1:8866</code>. It listens only on this computer. To let a room of laptops connect,
run <code>make serve HOST=0.0.0.0</code> on a trusted network, open <i>Workshop: facilitator</i> by this
computer's network address, open a room and show its join code or QR code.</p>
<ul>
<li>Each open browser tab runs its own Python kernel of about 100 to 200 MB: 40 participants with one tab
each need about 8 GB of memory. A tab that is closed frees its kernel; idle pages are closed after an
hour.</li>
<li>A good rhythm for two hours: 10 minutes on this page; 30 on <i>Seminar themes</i> in pairs (one theme
each); 30 on <i>Caseload tiering</i> asking the seminar's question, "would it be different if we put needs
first?"; 20 on a <i>Compliance scenarios</i> card run from the front, with a question to the room from
<i>Workshop: facilitator</i> (which card is most like your office? how fair is it, 1 to 5?); then each
person writes one reflection on <i>Workshop: participant</i>, sharing it with the room if they wish.</li>
<li>Participants' journals are private: the room sees only what each person ticks to share.</li>
<li>Keep Voila's kernel pool off (the default) for a room: it speeds up the first visitor but makes the next
ones wait.</li>
<li>Everything works offline: nothing is fetched from the internet.</li>
</ul>
"""


def start_here(corpus: Corpus | None = None) -> widgets.VBox:
    """Build the *Start here* page.

    Args:
        corpus: The seminar corpus; loaded from the shipped data if not given.

    Returns:
        The page, ready to display.
    """
    corpus = corpus if corpus is not None else load_corpus()
    page = column(
        [
            stylesheet(),
            html_block(_header()),
            row([html_block(WHAT_IT_IS), html_block(WHAT_IT_IS_NOT)], flex_flow="row wrap"),
            html_block(_seminar_in_one_screen(corpus)),
            html_block(_page_cards(), css_class="wb-pages"),
            html_block(FACILITATOR_NOTE),
        ],
        padding="8px 4px 24px",
    )
    page.add_class("wb-start")
    return page


def _header() -> str:
    return (
        '<p class="wb-lede">Reflective practice and seminar evidence for probation practice in England and '
        "Wales: formal and substantive compliance, discretion, induction and the relationships that make "
        "an order work.</p>"
        '<p class="wb-banner"><b>Illustrative only.</b> The data here are synthetic or published, and the '
        "models are teaching and research tools. They make no prediction about any real person and must "
        "not inform decisions about one.</p>"
    )


def _seminar_in_one_screen(corpus: Corpus) -> str:
    counts = theme_cooccurrence(corpus.excerpts, corpus.themes["id"])
    names = corpus.theme_names()
    top = sorted(names, key=lambda t: -counts.loc[t, t])[:8]
    figures = corpus.figures
    tiles = "".join(
        f'<div class="wb-card"><div class="wb-stat">{f.value:g}{"%" if f.unit == "%" else " " + esc(f.unit)}'
        f'</div><div>{esc(f.label)}</div><div class="wb-muted">{esc(f.status)}</div></div>'
        for f in figures.itertuples()
    )
    sources = "".join(
        f"<li><b>{esc(s.title)}</b> ({esc(s.authors)})</li>" for s in corpus.sources.itertuples()
    )
    return (
        "<h2>The seminar in one screen</h2>"
        "<p>On 15 December 2009 a seminar on offender compliance heard from probation managers, and from a "
        "panel of researchers, about what makes people on community orders and licences keep to them, and "
        "what makes that compliance real rather than a matter of turning up. Two sets of notes survive:</p>"
        f"<ul>{sources}</ul>"
        f"<p>We coded them into <b>{len(corpus.themes)} themes</b>, <b>{len(corpus.excerpts)} excerpts</b> "
        f"and <b>{len(corpus.questions)} questions the seminar left open</b>. The themes most discussed:</p>"
        f"<p>{chips(f'{names[t]} ({counts.loc[t, t]})' for t in top)}</p>"
        "<h3>Figures stated in the notes</h3>"
        f'<div class="wb-grid">{tiles}</div>'
    )


def _page_cards() -> str:
    cards = "".join(
        f'<a class="wb-card" href="{esc(p.href)}"><h3>{esc(p.title)} →</h3><p>{esc(p.summary)}</p></a>'
        for p in PAGES
        if p.id != "start"
    )
    planned = f'<p class="wb-muted">Being built: {esc(", ".join(PLANNED))}.</p>' if PLANNED else ""
    return f'<h2>Dashboards</h2><div class="wb-grid">{cards}</div>{planned}'
