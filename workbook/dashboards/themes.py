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
from markupsafe import Markup

from workbook.charts import cooccurrence_figure
from workbook.charts.widget import Chart
from workbook.dashboards._controls import Choice
from workbook.dashboards._html import download_link, highlight, row, set_html
from workbook.dashboards._page import ChartPanel, Dashboard, table_html
from workbook.dashboards._served import built_or_explained
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
from workbook.reference import seminar_source_id
from workbook.web import find_page, fragments, page_href

ALL = "all"
TABS = ("Excerpts", "Theme map", "Open questions", "Reflection prompts")


class SeminarThemes(Dashboard):
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
        theme_map: The co-occurrence map (a ``workbook.charts.widget.Chart``), built the
            first time its tab is opened: it carries plotly.js (1.4 MB) to
            the browser, which the first screen does not need.
        pairs: Pairs of themes coded together, most often first: the keyboard's way
            into the map (choose one and press "Show these excerpts").
        tabs: The four tabs.
        widget: The whole page, as displayed.
    """

    page_id = "seminar-themes"

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
        self.clear = widgets.Button(description="Clear themes", icon="times")
        self.match = Choice(
            [("any chosen theme", "any"), ("all chosen themes", "all")],
            value="any",
            description="Show excerpts with",
        )
        self.search = widgets.Text(
            value=query,
            placeholder="e.g. text messaging",
            description="Search what was said",
            continuous_update=True,
        )
        self.search.add_class("wb-search")
        self.notes = widgets.Dropdown(
            options=[("Both sets of notes", ALL), ("Group notes", "group notes"), ("Plenary", "plenary")],
            value=ALL,
            description="Notes",
        )
        self.kind = widgets.Dropdown(
            options=[("Every kind", ALL)] + [(k.capitalize(), k) for k in KINDS],
            value=ALL,
            description="Kind",
        )
        self._parts = fragments("themes.html.j2")
        self.summary = self.live(css_class="wb-summary")
        self.theme_panel = self.block()
        self.cards = self.block(css_class="wb-cards")
        self.downloads = self.block()
        self.map_note = self.block()
        self.theme_map: Chart | None = None
        self.map_panel: ChartPanel | None = None
        self.pairs = widgets.Dropdown(description="Themes coded together")
        self.pairs.add_class("wb-pairs")
        self.show_pair = widgets.Button(description="Show these excerpts")
        self.show_pair.add_class("wb-show-pair")
        self._map_box = widgets.VBox(
            [self.map_note, row([self.pairs, self.show_pair], align_items="flex-end")]
        )
        self.questions = self.block(css_class="wb-questions")
        self.prompts = self.block(css_class="wb-prompts")
        self.tabs = widgets.Tab(
            children=[
                widgets.VBox([self.summary, self.theme_panel, self.cards, self.downloads]),
                self._map_box,
                self.questions,
                self.prompts,
            ],
            titles=TABS,
        )
        self.widget = self._layout()
        for control in (*self.theme_boxes.values(), self.match, self.search, self.notes, self.kind):
            control.observe(self._on_change, names="value")
        self.clear.on_click(self._on_clear)
        self.show_pair.on_click(lambda _: self.select_themes(self.pairs.value) if self.pairs.value else None)
        self.tabs.observe(self._on_tab, names="selected_index")
        self.shown = self.corpus.excerpts
        self.refresh()

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
        set_html(self.theme_panel, self._theme_panel_html(themes))
        set_html(self.cards, self._cards_html())
        set_html(self.downloads, self._downloads_html())
        set_html(self.map_note, self._parts.map_note(len(searched)))
        self._searched = searched
        counts = theme_cooccurrence(searched, self._names)  # once, for the pairs and the map
        self._fill_pairs(counts)
        if self.map_panel is not None:
            title, summary, table = self._map_words(counts)
            self.map_panel.update(self._map_figure(counts), title=title, summary=summary, table=table)
        set_html(self.questions, self._questions_html(themes))
        set_html(self.prompts, self._prompts_html(themes))
        # Last, so that a page showing the new summary already shows everything else.
        set_html(self.summary, self._summary_html(themes))

    def _on_change(self, change: dict) -> None:
        self.refresh()

    def _on_tab(self, change: dict) -> None:
        if change["new"] == TABS.index("Theme map"):
            self.show_map()

    def show_map(self) -> Chart:
        """Build the theme map if it is not built yet, and return it."""
        if self.map_panel is None:
            counts = theme_cooccurrence(self._searched, self._names)
            title, summary, table = self._map_words(counts)
            self.map_panel = ChartPanel(self._map_figure(counts), title=title, summary=summary, table=table)
            self.theme_map = self.map_panel.chart
            self.theme_map.on_click(self._on_map_click)
            self._map_box.children = [*self._map_box.children, self.map_panel.widget]
        return self.theme_map

    @staticmethod
    def _pairs(counts: pd.DataFrame) -> list[tuple[tuple[str, str], int]]:
        ids = list(counts.index)
        pairs = [((a, b), int(counts.loc[a, b])) for i, a in enumerate(ids) for b in ids[i + 1 :]]
        return sorted((p for p in pairs if p[1] > 0), key=lambda p: -p[1])

    def _fill_pairs(self, counts: pd.DataFrame) -> None:
        pairs = self._pairs(counts)
        options = [
            (f"{self._names[a]} and {self._names[b]} ({n} {'excerpt' if n == 1 else 'excerpts'})", (a, b))
            for (a, b), n in pairs
        ]
        self.pairs.options = options or [("No two themes share an excerpt here", None)]

    def _map_words(self, counts: pd.DataFrame):
        pairs = self._pairs(counts)
        if pairs:
            (a, b), n = pairs[0]
            summary = (
                f"Of {len(pairs)} pairs of themes coded together, {self._names[a]} and {self._names[b]} "
                f"share the most excerpts ({n})."
            )
        else:
            summary = "No two themes are coded on the same excerpt among the excerpts shown."
        names = [self._names[t] for t in counts.index]
        numbers = counts.copy()
        numbers.index = pd.Index(names, name="Theme")
        numbers.columns = names
        table = table_html(numbers.astype(int).astype(str), caption="Excerpts coded with both themes")
        return "Theme map: themes coded on the same excerpt", summary, table

    def _on_clear(self, button: widgets.Button) -> None:
        with self.widget.hold_sync():
            for box in self.theme_boxes.values():
                box.unobserve(self._on_change, names="value")
                box.value = False
                box.observe(self._on_change, names="value")
        self.refresh()

    def _on_map_click(self, trace: int, point) -> None:
        row, column = point
        self.select_themes(self.theme_map.figure["data"][trace]["customdata"][row][column])

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
                self.heading("Themes"),
                self.block(Markup("<p class='wb-muted'>Tick one or more. Numbers are excerpts.</p>")),
                *self.theme_boxes.values(),
                self.clear,
            ]
        )
        sidebar.add_class("wb-themes")
        sidebar.add_class("wb-side")
        filters = row([self.search, self.notes, self.kind], align_items="flex-end")
        main = widgets.VBox([self.heading("What was said"), filters, self.match, self.tabs])
        main.add_class("wb-body")
        split = widgets.Box([sidebar, main])
        split.add_class("wb-split")
        page = self.frame(
            [split],
            lede="What the December 2009 seminar on offender compliance said, theme by theme. Quotes are "
            "verbatim from the notes; paraphrases, themes and summaries are our reading.",
        )
        page.add_class("wb-seminar-themes")
        return page

    def _map_figure(self, counts: pd.DataFrame) -> dict:
        return cooccurrence_figure(counts, self._names)

    def _summary_html(self, themes: list[str]):
        return self._parts.summary(
            len(self.shown),
            len(self.corpus.excerpts),
            [self._names[t] for t in themes],
            self.match.value,
            self.search.value.strip(),
            "" if self.notes.value == ALL else self.notes.value,
            "" if self.kind.value == ALL else self.kind.value,
        )

    def _pages(self, ids) -> list:
        return [p for p in (find_page(d) for d in ids) if p is not None]

    def _theme_panel_html(self, themes: list[str]):
        chosen = self.corpus.themes[self.corpus.themes["id"].isin(themes)]
        return self._parts.theme_panel(
            [
                {"id": t.id, "name": t.name, "summary": t.summary, "pages": self._pages(t.dashboards)}
                for t in chosen.itertuples()
            ]
        )

    def _cards_html(self):
        stems = [s for term in query_terms(self.search.value, self.corpus.synonyms) for p in term for s in p]
        titles = self._notes_titles()
        return self._parts.cards(
            [
                {
                    "id": e.id,
                    "kind": e.kind,
                    "quote": highlight(e.quote, stems),
                    "paraphrase": highlight(e.paraphrase, stems),
                    "figures": [
                        {"label": f["label"], "value": _figure_value(f), "status": f["status"]}
                        for f in e.figures
                    ],
                    "themes": [self._names[t] for t in e.themes],
                    "source_id": seminar_source_id(e.notes),
                    "notes_title": titles[e.notes],
                    "section": e.section,
                    "paragraph": e.paragraph,
                }
                for e in self.shown.itertuples()
            ]
        )

    def _notes_titles(self) -> dict[str, str]:
        return {s.notes: s.title for s in self.corpus.sources.itertuples()}

    def _downloads_html(self):
        subset = dataclasses.replace(self.corpus, excerpts=self.shown.drop(columns="score", errors="ignore"))
        links = [
            download_link("CSV", "seminar-excerpts.csv", "text/csv", export_csv(subset)),
            download_link("Markdown", "seminar-excerpts.md", "text/markdown", export_markdown(subset)),
        ]
        return self._parts.downloads(len(self.shown), links)

    def _questions_html(self, themes: list[str]):
        questions = self.corpus.questions
        if themes:
            questions = questions[questions["themes"].map(lambda ts: bool(set(ts) & set(themes)))]
        titles = self._notes_titles()
        return self._parts.questions(
            [
                {
                    "text": q.text,
                    "why_open": q.why_open,
                    "themes": [self._names[t] for t in q.themes],
                    "source_id": seminar_source_id(q.notes),
                    "notes_title": titles[q.notes],
                    "section": q.section,
                    "paragraph": q.paragraph,
                    "pages": self._pages(q.dashboards),
                }
                for q in questions.itertuples()
            ],
            len(self.corpus.questions),
            bool(themes),
        )

    def _prompts_html(self, themes: list[str]):
        chosen = self.corpus.themes
        if themes:
            chosen = chosen[chosen["id"].isin(themes)]
        journal = page_href("reflective-journal") if find_page("reflective-journal") else ""
        return self._parts.prompts(
            [
                {
                    "name": t.name,
                    "prompts": [
                        {"text": p, "id": f"theme-{t.id}-{n}"} for n, p in enumerate(t.prompts, start=1)
                    ],
                }
                for t in chosen.itertuples()
            ],
            bool(themes),
            journal,
        )


def _figure_value(figure: dict) -> str:
    return f"{figure['value']:g}{'' if figure['unit'] == '%' else ' '}{figure['unit']}"


@built_or_explained
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
