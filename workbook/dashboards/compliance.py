"""The *Compliance scenarios* page: the seminar's examples as scenarios to run and compare.

A reader picks a scenario card (or sets the levers), and the page runs the
baseline and the scenario on the same synthetic caseload with the same seeds:
the difference in formal compliance (appointments kept) and substantive
compliance (engagement), with bands from the replicates, by subgroup and by
officer, with officer hours and cost. All modelling is in ``workbook.compliance``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from urllib.parse import urlencode

import ipywidgets as widgets
import pandas as pd

from workbook.caseload import generate
from workbook.charts import figure_widget, update_widget
from workbook.charts.compliance import compliance_over_time_data, compliance_over_time_figure
from workbook.compliance import (
    COSTS,
    MEASURES,
    WINDOW_WEEKS,
    Scenario,
    card_by_id,
    compare_scenarios,
    format_measure,
    lever_options,
    load_cards,
    reflection_prompt,
)
from workbook.compliance import load_parameters as compliance_parameters
from workbook.dashboards._caseload_source import size_options
from workbook.dashboards._html import column, download_link, esc, html_block, row, stylesheet, wrap
from workbook.dashboards._reflection import ReflectOnThis
from workbook.dashboards._request import apply_query, query_for, query_parameter
from workbook.dashboards._scenario_card import card_html, custom_headline_html, headline_html
from workbook.dashboards._sensitivity_panel import SensitivityPanel
from workbook.dashboards._validation_panel import add_validation_table
from workbook.evidence import Corpus, load_corpus
from workbook.spreadsheet import safe_csv

CUSTOM = "custom"
MAX_SAVED = 3


class ComplianceScenarios:
    """The compliance page: card, levers, caseload, and the comparison they give.

    Attributes:
        card: The scenario card (or ``"custom"``).
        levers: One control per ``Scenario`` lever, by lever name.
        size, seed, replicates: The caseload and the Monte Carlo settings.
        progress: Shows replicates running.
        comparison: The last comparison run.
        chart: Formal and substantive compliance over the order.
        container: The whole page, as displayed.
    """

    def __init__(self, corpus: Corpus | None = None, *, card: str = "lincolnshire-70", n: int = 2_000):
        self.corpus = corpus if corpus is not None else load_corpus()
        self.cards = {c.id: c for c in load_cards()}
        self.parameters = compliance_parameters()
        self.card = widgets.Dropdown(
            options=[(c.title, c.id) for c in self.cards.values()] + [("Set your own levers", CUSTOM)],
            value=card,
            description="Scenario",
            layout={"width": "460px"},
        )
        self.levers = self._lever_controls()
        self.size = widgets.Dropdown(
            options=size_options(n, (1_000, 2_000, 5_000, 10_000)),
            value=n,
            description="Caseload",
            layout={"width": "230px"},
        )
        self.seed = widgets.BoundedIntText(
            value=1, min=0, max=2**31 - 1, description="Seed", layout={"width": "170px"}
        )
        self.replicates = widgets.IntSlider(
            value=3, min=1, max=20, description="Replicates", continuous_update=False
        )
        self.progress = widgets.IntProgress(
            value=0, min=0, max=1, description="Running", layout={"width": "320px"}
        )
        self.card_text = html_block("")
        self.card_text.add_class("wb-card-text")
        self.card_text.layout.flex = "1 1 480px"
        self.headline = html_block("")  # the card's headline result, beside its text
        self.headline.add_class("wb-card-headline")
        self.headline.layout.flex = "0 1 300px"
        self.results = html_block("")
        self.results.add_class("wb-results")
        self.details = html_block("")
        self.exports = html_block("")
        self.save_name = widgets.Text(
            placeholder="name this scenario", description="Save as", layout={"width": "320px"}
        )
        self.save = widgets.Button(
            description="Save for comparison", icon="bookmark", layout={"width": "200px"}
        )
        self.saved: dict[str, pd.Series] = {}
        self.saved_view = html_block("")
        self.saved_view.add_class("wb-saved")
        self._apply_query()
        self.caseload = generate(self.size.value, seed=self.seed.value)
        self._baseline_key = None  # (caseload, seeds) of the baseline runs held in self.comparison
        self._apply_card()
        self.comparison = self._run()
        self.chart = figure_widget(compliance_over_time_figure(self.comparison.weekly))
        self.chart.add_class("wb-chart")
        self._render()
        self.reflect = ReflectOnThis("compliance-scenarios")
        self._update_reflection()
        self.container = self._layout()
        self.save.on_click(lambda _: self.save_scenario(self.save_name.value))
        self.card.observe(self._on_card, names="value")
        for control in (*self.levers.values(), self.replicates, self.seed, self.size):
            control.observe(self._on_change, names="value")

    def _repr_mimebundle_(self, **kwargs):
        return self.container._repr_mimebundle_(**kwargs)

    # -- controls ------------------------------------------------------------------------------

    def _lever_controls(self) -> dict[str, widgets.Widget]:
        style = {"description_width": "220px"}
        controls = {}
        for field in dataclasses.fields(Scenario):
            if field.name == "name":
                continue
            p = self.parameters[field.name]
            label = field.name.replace("_", " ").capitalize()
            if isinstance(p.value, bool):
                control = widgets.Checkbox(value=p.value, description=label, indent=False)
            elif isinstance(p.value, str):  # a named choice: its options come from the model's data
                options = [(text, value) for value, text in lever_options(field.name).items()]
                control = widgets.Dropdown(options=options, value=p.value, description=label, style=style)
            else:
                step = 0.05 if p.high <= 2 else 5.0
                control = widgets.FloatSlider(
                    value=float(p.value),
                    min=p.low,
                    max=p.high,
                    step=step,
                    description=label,
                    continuous_update=False,
                    style=style,
                    layout={"width": "480px"},
                )
            control.add_class(f"wb-lever-{field.name.replace('_', '-')}")
            controls[field.name] = control
        return controls

    def scenario(self) -> Scenario:
        """The scenario the levers describe."""
        title = "Your levers" if self.card.value == CUSTOM else self.cards[self.card.value].title
        return Scenario(name=title, **{k: c.value for k, c in self.levers.items()})

    def _apply_card(self) -> None:
        """Set the levers to the baseline plus the chosen card's settings."""
        if self.card.value == CUSTOM:
            return
        chosen = self.cards[self.card.value].scenario()
        for name, control in self.levers.items():
            control.value = getattr(chosen, name)

    def _on_card(self, change: dict) -> None:
        with self._quiet():
            self._apply_card()
        self.refresh()

    def _on_change(self, change: dict) -> None:
        if change["owner"] is self.size or change["owner"] is self.seed:
            self.caseload = generate(self.size.value, seed=self.seed.value)
        owner = change["owner"]
        if owner in self.levers.values() and self.card.value != CUSTOM:
            preset = getattr(self.cards[self.card.value].scenario(), self._lever_name(owner))
            if preset != change["new"]:  # the reader has left the card: say so
                with self._quiet():
                    self.card.value = CUSTOM
        self.refresh()

    def _lever_name(self, control) -> str:
        return next(name for name, c in self.levers.items() if c is control)

    @contextlib.contextmanager
    def _quiet(self):
        """Change the card and levers without each change running the model again."""
        self.card.unobserve(self._on_card, names="value")
        for control in self.levers.values():
            control.unobserve(self._on_change, names="value")
        try:
            yield
        finally:
            self.card.observe(self._on_card, names="value")
            for control in self.levers.values():
                control.observe(self._on_change, names="value")

    # -- running -----------------------------------------------------------------------------

    def _run(self):
        params = dict(self.cards[self.card.value].params) if self.card.value != CUSTOM else None
        seeds = [self.seed.value + i for i in range(self.replicates.value)]
        # The baseline depends only on the caseload and the seeds: reuse it while they stay.
        key = (id(self.caseload), tuple(seeds))
        reuse = self.comparison.baseline_runs if self._baseline_key == key else None
        self._baseline_key = key
        self.progress.max = len(seeds) * (1 if reuse else 2)
        self.progress.value = 0
        return compare_scenarios(
            self.caseload,
            Scenario(name="Baseline"),
            self.scenario(),
            seeds=seeds,
            scenario_params=params,
            on_progress=self._on_progress,
            baseline_runs=reuse,
        )

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.value = done

    def refresh(self) -> None:
        """Run baseline and scenario again and redraw everything."""
        self.comparison = self._run()
        update_widget(self.chart, *compliance_over_time_data(self.comparison.weekly))  # only what changed
        self._render()
        self._update_reflection()

    # -- rendering ----------------------------------------------------------------------------

    def _render(self) -> None:
        c = self.comparison
        result = self._card_result()
        if result is None:
            self.card_text.value = wrap("<p>Your own levers: every setting below, against the baseline.</p>")
            self.headline.value = custom_headline_html(c)
        else:
            excerpts, replicates = self.corpus.excerpts, len(c.seeds)
            self.card_text.value = card_html(result.card, result, excerpts, replicates=replicates)
            self.headline.value = headline_html(result)
        rows = "".join(
            f"<tr><td>{esc(label)}</td><td>{_fmt(label, r.baseline)}</td><td>{_fmt(label, r.scenario)}</td>"
            f"<td><b>{_fmt(label, r.difference, signed=True)}</b></td>"
            f"<td class='wb-muted'>{_fmt(label, r.scenario_low)} to {_fmt(label, r.scenario_high)}</td></tr>"
            for label, r in c.summary.iterrows()
        )
        self.results.value = wrap(
            "<p class='wb-banner'><b>Illustrative only.</b> A synthetic caseload of "
            f"{len(self.caseload):,} cases, {len(c.seeds)} replicate(s). The model is calibrated to the "
            "seminar's 68% of appointments kept and to 45% of people with two or more unacceptable absences "
            "(PC43/2004); it predicts nothing about real "
            "people.</p>"
            "<table class='wb-table'><tr><th>Measure</th><th>Baseline</th><th>Scenario</th>"
            "<th>Difference</th>"
            f"<th>Scenario range over replicates</th></tr>{rows}</table>"
            f"<p><b>To reflect on:</b> {esc(self._prompt())}</p>"
        )
        groups = c.groups.pivot(index="group", columns="run", values="kept_share").reindex(
            c.groups["group"].unique()
        )
        group_rows = "".join(
            f"<tr><td>{esc(g)}</td><td>{r.baseline:.1%}</td><td>{r.scenario:.1%}</td>"
            f"<td>{(r.scenario - r.baseline) * 100:+.1f} points</td></tr>"
            for g, r in groups.iterrows()
        )
        officers = "".join(
            f"<li>{esc(o.run.capitalize())}: {o.officers} officers keep {o.kept_low:.1%} to "
            f"{o.kept_high:.1%} of "
            "appointments</li>"
            for o in c.officers.itertuples()
        )
        costs = "".join(
            f"<tr><td>{esc(k.run.capitalize())}</td><td>{k.appointments:,.0f}</td><td>{k.officer_hours:,.0f}</td>"
            f"<td>{k.texts:,.0f}</td><td>£{k.cost:,.0f}</td></tr>"
            for k in c.costs.itertuples()
        )
        by_tier = c.tiers.pivot(index="tier", columns="run", values="officer_hours_per_case")
        cases = c.tiers[c.tiers["run"] == "baseline"].set_index("tier")["cases"]
        tier_rows = "".join(
            f"<tr><td>Tier {esc(tier)}</td><td>{cases.get(tier, 0):,}</td><td>{r.baseline:.1f}</td>"
            f"<td>{r.scenario:.1f}</td></tr>"
            for tier, r in by_tier.iterrows()
        )
        self.details.value = wrap(
            f"<p class='wb-muted'>{esc(_window_note())}</p>"
            "<h3>Appointments kept, by group</h3><table class='wb-table'><tr><th>Group</th><th>Baseline</th>"
            f"<th>Scenario</th><th>Difference</th></tr>{group_rows}</table>"
            f"<h3>Consistency between officers</h3><ul>{officers}</ul>"
            "<h3>Officer hours and cost over a year</h3><table class='wb-table'><tr><th>Run</th>"
            "<th>Appointments</th>"
            f"<th>Officer hours</th><th>Text messages</th><th>Cost</th></tr>{costs}</table>"
            f"<p class='wb-muted'>{esc(_cost_note())}</p>"
            "<h3>Officer hours per case, by tier</h3><table class='wb-table wb-tier-hours'><tr><th>Tier "
            "(2005 model)</th><th>Cases</th><th>Baseline</th><th>Scenario</th></tr>"
            f"{tier_rows}</table><p class='wb-muted'>Each tier has its own contact schedule (National "
            "Standards, FACTS.md 3b); hours follow the appointments offered and kept.</p>"
        )
        self.exports.value = wrap(self._exports_html())

    def _card_result(self):
        """The chosen card's claims assessed against the latest run (``None`` for your own levers)."""
        if self.card.value == CUSTOM:
            return None
        return self.cards[self.card.value].assess(self.comparison)

    def _prompt(self) -> str:
        """The reflection prompt: the card's own, from its result, or one from what changed."""
        result = self._card_result()
        return result.prompt if result is not None else reflection_prompt(self.comparison.summary)

    def save_scenario(self, name: str) -> None:
        """Keep the current scenario's results under a name, to compare up to three side by side."""
        name = name.strip() or self.scenario().name
        if name not in self.saved and len(self.saved) == MAX_SAVED:
            dropped = next(iter(self.saved))
            del self.saved[dropped]
            note = f"Kept the last {MAX_SAVED}: {dropped} was dropped."
        else:
            note = ""
        self.saved[name] = self.comparison.summary["scenario"].copy()
        self.saved_view.value = wrap(self._saved_html(note))

    def _saved_html(self, note: str) -> str:
        if not self.saved:
            return ""
        table = pd.DataFrame(self.saved)
        head = "".join(f"<th>{esc(name)}</th>" for name in table.columns)
        rows = "".join(
            f"<tr><td>{esc(label)}</td>" + "".join(f"<td>{_fmt(label, v)}</td>" for v in values) + "</tr>"
            for label, values in table.iterrows()
        )
        muted = f"<p class='wb-muted'>{esc(note)}</p>" if note else ""
        return (
            f"<h3>Saved scenarios</h3><table class='wb-table'><tr><th>Measure</th>{head}</tr>{rows}</table>"
            f"{muted}"
        )

    def _exports_html(self) -> str:
        c = self.comparison
        card = None if self.card.value == CUSTOM else self.card.value
        record = c.to_record(caseload_seed=self.seed.value, card=card)
        links = [
            download_link(
                "JSON", "compliance-scenario.json", "application/json", json.dumps(record, indent=2)
            ),
            download_link("CSV", "compliance-scenario.csv", "text/csv", safe_csv(c.to_table())),
        ]
        joined = " · ".join(links)
        return f"<p class='wb-muted'>Export this scenario (parameters, seeds, version, results): {joined}</p>"

    # -- reflecting -------------------------------------------------------------------------------

    def _view_controls(self) -> dict[str, widgets.Widget]:
        """The controls a link back to this view sets, by the name they take in the address."""
        return {**self.levers, "seed": self.seed, "n": self.size, "replicates": self.replicates}

    def _apply_query(self) -> None:
        """Open on the card, levers, seed and caseload named in the address (a journal entry's link)."""
        card = query_parameter("card")
        if card in self.cards or card == CUSTOM:
            self.card.value = card
            self._apply_card()
        preset = self.scenario()
        apply_query(self._view_controls())
        if self.scenario() != preset:
            self.card.value = CUSTOM

    def snapshot(self) -> dict:
        """What the page shows now, for a journal entry: settings, headline results and a link back."""
        summary = self.comparison.summary
        levers = {name: control.value for name, control in self.levers.items()}
        results = {}
        for key in ("kept_share", "engagement_mean", "breaches_per_100_orders"):
            label = MEASURES[key]
            row_ = summary.loc[label]
            results[label] = f"{_fmt(label, row_.baseline)} → {_fmt(label, row_.scenario)}"
        return {
            "title": f"Compliance scenarios: {self.scenario().name}",
            "parameters": {**levers, "seed": self.seed.value, "caseload": self.size.value},
            "results": results,
            "query": urlencode({"card": self.card.value}) + "&" + query_for(self._view_controls()),
        }

    def _update_reflection(self) -> None:
        """Offer a prompt made from the latest comparison, carrying a snapshot of the page."""
        self.reflect.update(
            self.scenario().name,
            self._prompt(),
            self.snapshot(),
            self._card_themes(),
        )

    def _card_themes(self) -> tuple[str, ...]:
        """The seminar themes of the chosen card's excerpts."""
        if self.card.value not in self.cards:
            return ()
        excerpts = self.corpus.excerpts
        chosen = excerpts[excerpts["id"].isin(self.cards[self.card.value].excerpts)]
        return tuple(sorted({theme for themes in chosen["themes"] for theme in themes}))

    def _layout(self) -> widgets.Widget:
        booleans = [c for c in self.levers.values() if isinstance(c, widgets.Checkbox)]
        others = [c for c in self.levers.values() if not isinstance(c, widgets.Checkbox)]
        levers = widgets.Accordion(children=[column([*booleans, *others])], titles=("Levers",))
        sensitivity = SensitivityPanel(lambda: (self.caseload, self.seed.value)).widget()
        assumptions = widgets.Accordion(
            children=[column([sensitivity, html_block(self._sources_html())])],
            titles=("Assumptions and sources",),
        )
        self.validation = add_validation_table(assumptions)  # the model against the published evidence
        page = column(
            [
                stylesheet(),
                html_block(
                    "<p class='wb-lede'>The seminar's examples of compliance in practice, as scenarios: what "
                    "happens to appointments kept, to engagement and to enforcement when practice "
                    "changes?</p>"
                    '<p class="wb-muted"><a href="00-start-here.ipynb">← Start here</a> · Seminar themes: '
                    '<a href="01-seminar-themes.ipynb">formal and substantive compliance; initiatives; '
                    "absences; "
                    "DRRs; intensive relationships; induction</a></p>"
                ),
                row([self.card], flex_flow="row wrap"),
                row([self.card_text, self.headline], flex_flow="row wrap", align_items="flex-start"),
                levers,
                row(
                    [self.size, self.seed, self.replicates, self.progress],
                    flex_flow="row wrap",
                    align_items="center",
                ),
                self.results,
                self.chart,
                self.details,
                self.exports,
                row([self.save_name, self.save], flex_flow="row wrap", align_items="center"),
                self.saved_view,
                self.reflect.widget(),
                assumptions,
            ],
            padding="8px 4px 24px",
        )
        page.add_class("wb-compliance")
        return page

    def _sources_html(self) -> str:
        rows = "".join(
            f"<tr><td>{esc(p.id)}</td><td>{esc(p.value)}</td><td>{esc(p.unit)}</td><td>{esc(p.status)}</td>"
            f"<td>{esc(p.source)}</td></tr>"
            for p in self.parameters.values()
        ) + "".join(
            f"<tr><td>{esc(k)}</td><td>{esc(v['value'])}</td><td>{esc(v['unit'])}</td><td>{esc(v['status'])}</td>"
            f"<td>{esc(v['source'])}</td></tr>"
            for k, v in COSTS.items()
        )
        return (
            "<p>Every default, with its status: <b>published</b>, <b>inferred</b> or <b>assumption</b> "
            "(ours; "
            "several rates are tuned so the baseline matches the seminar's figures, and say so).</p>"
            "<table class='wb-table'><tr><th>Parameter</th><th>Value</th><th>Unit</th><th>Status</th>"
            f"<th>Source</th></tr>{rows}</table>"
        )


def _fmt(label: str, value: float, *, signed: bool = False) -> str:
    return format_measure(label, value, change=signed)


def _window_note() -> str:
    return (
        f"The chart counts {WINDOW_WEEKS}-week windows: contact is weekly, fortnightly or monthly, so a "
        f"{WINDOW_WEEKS}-week window holds whole cycles of every schedule, where single weeks would "
        "zig-zag between weeks with a fortnightly or monthly appointment and weeks without."
    )


def _cost_note() -> str:
    return (
        f"Our assumptions: {COSTS['officer_minutes_per_appointment']['value']} minutes of officer time per "
        f"appointment at £{COSTS['officer_cost_per_hour']['value']:.0f} an hour, "
        f"{COSTS['text_message_cost']['value'] * 100:.0f}p a text, and "
        f"£{COSTS['mentor_cost_per_case_week']['value']:.0f} "
        "a case a week for a mentor."
    )


def compliance_scenarios(corpus: Corpus | None = None, *, card: str = "lincolnshire-70", n: int = 2_000):
    """Build the *Compliance scenarios* page.

    Args:
        corpus: The seminar corpus, for the cards' excerpts.
        card: The scenario card to open on.
        n: Size of the synthetic caseload.

    Returns:
        The page; display it, or drive it by setting its controls' ``.value``.
    """
    card_by_id(card)  # a clear KeyError naming the known cards, before anything is built
    return ComplianceScenarios(corpus, card=card, n=n)
