"""The *Seminar themes* page: the evidence browser.

Readers choose themes, search what was said, and read excerpt cards with their
provenance; a second tab maps which themes are coded together, a third lists the
questions the seminar left open and a fourth gathers reflection prompts. All
filtering and counting is done by ``workbook.evidence``; this module only wires
controls to it and renders the results.
"""

from __future__ import annotations

import dataclasses

import ipywidgets as widgets
import pandas as pd
import plotly.graph_objects as go

from workbook.charts import cooccurrence_figure, figure_widget
from workbook.dashboards._html import (
    chips,
    column,
    download_link,
    esc,
    highlight,
    html_block,
    row,
    stylesheet,
    wrap,
)
from workbook.dashboards.pages import find_page
from workbook.evidence import (
    KINDS,
    Corpus,
    export_csv,
    export_markdown,
    filter_excerpts,
    load_corpus,
    query_terms,
    search_excerpts,
    theme_cooccurrence,
)

ALL = "all"
TABS = ("Excerpts", "Theme map", "Open questions", "Reflection prompts")


class SeminarThemes:
    """The evidence browser: its controls, its views and the wiring between them.

    Attributes:
        corpus: The corpus being browsed.
        theme_boxes: One checkbox per theme id.
        match: ``"any"`` or ``"all"`` chosen themes.
        search: Free-text search over quotes and paraphrases.
        notes: Which notes to show: ``"all"``, ``"group notes"`` or ``"plenary"``.
        kind: Which kind of evidence to show, or ``"all"``.
        shown: The excerpts currently shown, best first.
        summary, cards, theme_panel, questions, prompts, downloads: HTML views.
        theme_map: The co-occurrence map (a plotly ``FigureWidget``), built the
            first time its tab is opened: it carries plotly.js (about 5 MB) to
            the browser, which the first screen does not need.
        tabs: The four tabs.
        container: The whole page, as displayed.
    """

    def __init__(self, corpus: Corpus | None = None, *, themes: tuple[str, ...] = (), query: str = ""):
        self.corpus = corpus if corpus is not None else load_corpus()
        self._names = self.corpus.theme_names()
        counts = theme_cooccurrence(self.corpus.excerpts, self._names)
        self.theme_boxes = {
            t: widgets.Checkbox(
                value=t in themes,
                description=f"{name} ({counts.loc[t, t]})",
                indent=False,
                layout=widgets.Layout(width="100%"),
            )
            for t, name in self._names.items()
        }
        self.clear = widgets.Button(description="Clear themes", icon="times", layout={"width": "140px"})
        self.match = widgets.ToggleButtons(
            options=[("any chosen theme", "any"), ("all chosen themes", "all")],
            value="any",
            style={"button_width": "130px"},
        )
        self.search = widgets.Text(
            value=query,
            placeholder="Search what was said, e.g. text messaging",
            description="Search",
            continuous_update=True,
            layout=widgets.Layout(width="380px"),
        )
        self.search.add_class("wb-search")
        self.notes = widgets.Dropdown(
            options=[("Both sets of notes", ALL), ("Group notes", "group notes"), ("Plenary", "plenary")],
            value=ALL,
            description="Notes",
            layout=widgets.Layout(width="220px"),
        )
        self.kind = widgets.Dropdown(
            options=[("Every kind", ALL)] + [(k.capitalize(), k) for k in KINDS],
            value=ALL,
            description="Kind",
            layout=widgets.Layout(width="230px"),
        )
        self.summary = html_block("")
        self.summary.add_class("wb-summary")
        self.theme_panel = html_block("")
        self.cards = html_block("")
        self.cards.add_class("wb-cards")
        self.downloads = html_block("")
        self.map_note = html_block("")
        self.theme_map: go.FigureWidget | None = None
        self._map_box = widgets.VBox([self.map_note])
        self.questions = html_block("")
        self.questions.add_class("wb-questions")
        self.prompts = html_block("")
        self.prompts.add_class("wb-prompts")
        self.tabs = widgets.Tab(
            children=[
                widgets.VBox([self.summary, self.theme_panel, self.cards, self.downloads]),
                self._map_box,
                self.questions,
                self.prompts,
            ],
            titles=TABS,
        )
        self.container = self._layout()
        for control in (*self.theme_boxes.values(), self.match, self.search, self.notes, self.kind):
            control.observe(self._on_change, names="value")
        self.clear.on_click(self._on_clear)
        self.tabs.observe(self._on_tab, names="selected_index")
        self.shown = self.corpus.excerpts
        self.refresh()

    def _repr_mimebundle_(self, **kwargs):
        return self.container._repr_mimebundle_(**kwargs)

    @property
    def chosen_themes(self) -> list[str]:
        """The theme ids whose boxes are ticked, in the corpus's order."""
        return [t for t, box in self.theme_boxes.items() if box.value]

    def refresh(self) -> None:
        """Recompute what is shown from the controls' current values."""
        themes = self.chosen_themes
        base = filter_excerpts(
            self.corpus.excerpts,
            notes=None if self.notes.value == ALL else [self.notes.value],
            kinds=None if self.kind.value == ALL else [self.kind.value],
        )
        searched = search_excerpts(base, self.search.value, synonyms=self.corpus.synonyms)
        self.shown = filter_excerpts(searched, themes=themes, match=self.match.value)
        self.theme_panel.value = wrap(self._theme_panel_html(themes))
        self.cards.value = wrap(self._cards_html())
        self.downloads.value = wrap(self._downloads_html())
        self.map_note.value = wrap(
            f"<p>How often two themes are coded on the same excerpt, across the {len(searched)} "
            "excerpts that match the search and the notes and kind chosen above. Click a square to "
            "read the excerpts that carry both themes.</p>"
        )
        self._searched = searched
        if self.theme_map is not None:
            fresh = self._map_figure(searched).data[0]
            with self.theme_map.batch_update():
                heatmap = self.theme_map.data[0]
                heatmap.z, heatmap.y, heatmap.text = fresh.z, fresh.y, fresh.text
        self.questions.value = wrap(self._questions_html(themes))
        self.prompts.value = wrap(self._prompts_html(themes))
        # Last, so that a page showing the new summary already shows everything else.
        self.summary.value = wrap(self._summary_html(themes))

    def _on_change(self, change: dict) -> None:
        self.refresh()

    def _on_tab(self, change: dict) -> None:
        if change["new"] == TABS.index("Theme map"):
            self.show_map()

    def show_map(self) -> go.FigureWidget:
        """Build the theme map if it is not built yet, and return it."""
        if self.theme_map is None:
            self.theme_map = figure_widget(self._map_figure(self._searched))
            self.theme_map.data[0].on_click(self._on_map_click)
            self._map_box.children = [self.map_note, self.theme_map]
        return self.theme_map

    def _on_clear(self, button: widgets.Button) -> None:
        with self.container.hold_sync():
            for box in self.theme_boxes.values():
                box.unobserve(self._on_change, names="value")
                box.value = False
                box.observe(self._on_change, names="value")
        self.refresh()

    def _on_map_click(self, trace, points, selector) -> None:
        if not points.point_inds:
            return
        row, column = points.point_inds[0]
        self.select_themes(self.theme_map.data[0].customdata[row][column])

    def select_themes(self, theme_ids) -> None:
        """Tick exactly these themes, require all of them, and show the excerpts."""
        wanted = set(theme_ids)
        for t, box in self.theme_boxes.items():
            box.unobserve(self._on_change, names="value")
            box.value = t in wanted
            box.observe(self._on_change, names="value")
        self.match.unobserve(self._on_change, names="value")
        self.match.value = "all" if len(wanted) > 1 else "any"
        self.match.observe(self._on_change, names="value")
        self.tabs.selected_index = 0
        self.refresh()

    # -- rendering ------------------------------------------------------------

    def _layout(self) -> widgets.Widget:
        sidebar = widgets.VBox(
            [
                html_block("<h3>Themes</h3><p class='wb-muted'>Tick one or more. Numbers are excerpts.</p>"),
                *self.theme_boxes.values(),
                self.clear,
            ],
            layout=widgets.Layout(width="300px", min_width="260px", padding="0 12px 0 0"),
        )
        sidebar.add_class("wb-themes")
        filters = row([self.search, self.notes, self.kind], flex_flow="row wrap", align_items="center")
        matching = row(
            [html_block("<span class='wb-muted'>Show excerpts with</span>"), self.match], align_items="center"
        )
        main = column([filters, matching, self.tabs], flex="1 1 auto")
        header = html_block(
            '<p class="wb-lede">What the December 2009 seminar on offender compliance said, theme by theme. '
            "Quotes are verbatim from the notes; paraphrases, themes and summaries are our reading.</p>"
            '<p class="wb-muted"><a href="00-start-here.ipynb">← Start here</a></p>'
        )
        page = widgets.VBox(
            [stylesheet(), header, row([sidebar, main])],
            layout=widgets.Layout(padding="8px 4px 24px"),
        )
        page.add_class("wb-seminar-themes")
        return page

    def _map_figure(self, excerpts: pd.DataFrame) -> go.Figure:
        return cooccurrence_figure(theme_cooccurrence(excerpts, self._names), self._names)

    def _summary_html(self, themes: list[str]) -> str:
        parts = [f"Showing <b>{len(self.shown)}</b> of {len(self.corpus.excerpts)} excerpts"]
        if themes:
            joiner = " or " if self.match.value == "any" else " and "
            parts.append("on " + joiner.join(f"<i>{esc(self._names[t])}</i>" for t in themes))
        if self.search.value.strip():
            parts.append(f"matching “{esc(self.search.value.strip())}”")
        if self.notes.value != ALL:
            parts.append(f"from the {esc(self.notes.value)}")
        if self.kind.value != ALL:
            parts.append(f"of kind <i>{esc(self.kind.value)}</i>")
        return f"<p>{' · '.join(parts)}.</p>"

    def _theme_panel_html(self, themes: list[str]) -> str:
        if not themes:
            return (
                '<p class="wb-muted">Tick a theme on the left to read its summary and what the seminar '
                "said about it; or search for a word or phrase.</p>"
            )
        blocks = []
        for theme in self.corpus.themes[self.corpus.themes["id"].isin(themes)].itertuples():
            pages = [p for p in (find_page(d) for d in theme.dashboards) if p is not None]
            links = " ".join(f'<a href="{esc(p.href)}">{esc(p.title)} →</a>' for p in pages)
            blocks.append(
                f'<div class="wb-card"><h3>{esc(theme.name)}</h3><p>{esc(theme.summary)}</p>'
                + (f'<p class="wb-muted">Explore: {links}</p>' if links else "")
                + "</div>"
            )
        return '<div class="wb-grid">' + "".join(blocks) + "</div>"

    def _cards_html(self) -> str:
        if self.shown.empty:
            return (
                '<p class="wb-card">No excerpt matches all of that. Try fewer words, another theme, or '
                "<i>any chosen theme</i>.</p>"
            )
        stems = [s for term in query_terms(self.search.value, self.corpus.synonyms) for p in term for s in p]
        return "".join(self._card_html(e, stems) for e in self.shown.itertuples())

    def _card_html(self, e, stems: list[str]) -> str:
        figures = "".join(
            f'<span class="wb-figure" title="{esc(f["status"])}">{esc(f["label"])}: '
            f"{f['value']:g}{'' if f['unit'] == '%' else ' '}{esc(f['unit'])}</span>"
            for f in e.figures
        )
        return (
            f'<div class="wb-card wb-excerpt" data-id="{esc(e.id)}" style="margin-bottom:10px">'
            f'<span class="wb-kind">{esc(e.kind)}</span> '
            f"<blockquote>“{highlight(e.quote, stems)}”</blockquote>"
            f"<p>{highlight(e.paraphrase, stems)}</p>"
            + (f"<p>{figures}</p>" if figures else "")
            + f"<p>{chips(self._names[t] for t in e.themes)}</p>"
            f'<p class="wb-source">{esc(e.notes.capitalize())} · {esc(e.section)} · ¶{e.paragraph} · '
            f"{esc(e.source)} · excerpt {esc(e.id)}</p></div>"
        )

    def _downloads_html(self) -> str:
        subset = dataclasses.replace(self.corpus, excerpts=self.shown.drop(columns="score", errors="ignore"))
        links = [
            download_link("CSV", "seminar-excerpts.csv", "text/csv", export_csv(subset)),
            download_link("Markdown", "seminar-excerpts.md", "text/markdown", export_markdown(subset)),
        ]
        return f'<p class="wb-muted">Download these {len(self.shown)} excerpts: {" · ".join(links)}</p>'

    def _questions_html(self, themes: list[str]) -> str:
        questions = self.corpus.questions
        if themes:
            questions = questions[questions["themes"].map(lambda ts: bool(set(ts) & set(themes)))]
        intro = (
            f"<p>{len(questions)} of the {len(self.corpus.questions)} questions the seminar left open"
            + (" touch the chosen themes" if themes else "")
            + ". They are starting points for discussion and for the models in this Workbook.</p>"
        )
        cards = []
        for q in questions.itertuples():
            pages = [p for p in (find_page(d) for d in q.dashboards) if p is not None]
            links = " ".join(f'<a href="{esc(p.href)}">{esc(p.title)} →</a>' for p in pages)
            cards.append(
                f'<div class="wb-card wb-question" style="margin-bottom:10px"><h3>{esc(q.text)}</h3>'
                f"<p>{esc(q.why_open)}</p><p>{chips(self._names[t] for t in q.themes)}</p>"
                f'<p class="wb-source">{esc(q.notes.capitalize())} · {esc(q.section)} · ¶{q.paragraph}'
                + (f" · Explore: {links}" if links else "")
                + "</p></div>"
            )
        return intro + "".join(cards)

    def _prompts_html(self, themes: list[str]) -> str:
        chosen = self.corpus.themes
        if themes:
            chosen = chosen[chosen["id"].isin(themes)]
        intro = (
            "<p>Questions to think or write about, alone or with a colleague. "
            + ("These go with the themes you chose." if themes else "Tick themes to narrow the list.")
            + "</p>"
        )
        journal = find_page("reflective-journal")
        blocks = [
            f"<h3>{esc(t.name)}</h3><ul>"
            + "".join(
                f"<li>{esc(p)}"
                + (
                    f' <a href="{esc(journal.notebook)}?prompt=theme-{esc(t.id)}-{n}">Write about this →</a>'
                    if journal
                    else ""
                )
                + "</li>"
                for n, p in enumerate(t.prompts, start=1)
            )
            + "</ul>"
            for t in chosen.itertuples()
        ]
        return intro + "".join(blocks)


def seminar_themes(
    corpus: Corpus | None = None, *, themes: tuple[str, ...] = (), query: str = ""
) -> SeminarThemes:
    """Build the *Seminar themes* page.

    Args:
        corpus: The seminar corpus; loaded from the shipped data if not given.
        themes: Theme ids to tick when the page opens.
        query: Search text to start with.

    Returns:
        The page; display it, or drive it by setting its controls' ``.value``.
    """
    return SeminarThemes(corpus, themes=themes, query=query)
