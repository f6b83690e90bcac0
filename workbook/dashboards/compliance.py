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
import re
from urllib.parse import urlencode

import ipywidgets as widgets
import pandas as pd

from workbook.caseload import generate
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
from workbook.dashboards._controls import Disclosure, FloatRange, IntRange
from workbook.dashboards._html import column, download_link, row, set_html
from workbook.dashboards._page import ChartPanel, Dashboard, table_html
from workbook.dashboards._reflection import ReflectOnThis
from workbook.dashboards._request import apply_query, query_for, query_parameter
from workbook.dashboards._scenario_card import card_html, custom_headline_html, headline_html
from workbook.dashboards._sensitivity_panel import SensitivityPanel
from workbook.dashboards._served import built_or_explained
from workbook.dashboards._validation_panel import ValidationPanel
from workbook.evidence import Corpus, load_corpus
from workbook.spreadsheet import safe_csv
from workbook.web import format, fragments

CUSTOM = "custom"
MAX_SAVED = 3
PROGRESS_CASE_RUNS = 40_000
"""Runs times cases from which a run shows its progress (2,000 cases and 3 replicates take 0.1 s)."""
# How each numeric lever reads to a practitioner: its label, what follows the number, and its unit.
LEVER_WORDS = {
    "contact_intensity": ("Contact intensity", "×", "Times the contact the schedule sets: 1 is as written."),
    "lateness_tolerance_minutes": (
        "Lateness tolerated",
        " minutes",
        "Minutes late still counted as attending.",
    ),
    "induction_quality": (
        "Induction quality",
        "",
        "A score from 0 (paperwork only) to 1 (purpose explained).",
    ),
    "officer_discretion": (
        "Officer discretion",
        "",
        "The chance, from 0 to 1, that an officer accepts a borderline reason for an absence.",
    ),
}


class ComplianceScenarios(Dashboard):
    """The compliance page: card, levers, caseload, and the comparison they give.

    Attributes:
        card: The scenario card (or ``"custom"``).
        levers: One control per ``Scenario`` lever, by lever name.
        size, seed, replicates: The caseload and the Monte Carlo settings.
        progress: Shows replicates running.
        comparison: The last comparison run.
        chart: Formal and substantive compliance over the order.
        widget: The whole page, as displayed.
    """

    page_id = "compliance-scenarios"

    def __init__(self, corpus: Corpus | None = None, *, card: str = "lincolnshire-70", n: int = 2_000):
        self.corpus = corpus if corpus is not None else load_corpus()
        self.cards = {c.id: c for c in load_cards()}
        self.parameters = compliance_parameters()
        self._parts = fragments("compliance.html.j2")
        self.card = widgets.Dropdown(
            options=[(c.title, c.id) for c in self.cards.values()] + [("Set your own levers", CUSTOM)],
            value=card,
            description="Scenario card",
        )
        self.levers = self._lever_controls()
        self.size = widgets.Dropdown(
            options=size_options(n, (1_000, 2_000, 5_000, 10_000)), value=n, description="Caseload"
        )
        self.seed = widgets.BoundedIntText(value=1, min=0, max=2**31 - 1, description="Seed")
        self.replicates = IntRange(
            value=3, min=1, max=20, description="Replicates", suffix=" runs",
            unit="Runs of baseline and scenario with different seeds, to show the range.",
        )  # fmt: skip
        self.progress = widgets.IntProgress(value=0, min=0, max=1, description="Running")  # see _run
        self.card_text = self.block(css_class="wb-card-text")
        self.headline = self.block(
            css_class="wb-card-headline"
        )  # the card's headline result, beside its text
        self.results = self.live(css_class="wb-results")
        self.details = self.block()
        self.exports = self.block()
        self.save_name = widgets.Text(placeholder="name this scenario", description="Save as")
        self.save = widgets.Button(description="Save for comparison", icon="bookmark")
        self.saved: dict[str, pd.Series] = {}
        self.saved_view = self.live(css_class="wb-saved")
        self._apply_query()
        self.caseload = generate(self.size.value, seed=self.seed.value)
        self._baseline_key = None  # (caseload, seeds) of the baseline runs held in self.comparison
        self._apply_card()
        self.comparison = self._run()
        self.chart_panel = ChartPanel(
            compliance_over_time_figure(self.comparison.weekly), **self._chart_words(), level=2
        )
        self.chart = self.chart_panel.chart
        self._render()
        self.reflect = ReflectOnThis("compliance-scenarios")
        self._update_reflection()
        self.widget = self._layout()
        self.save.on_click(lambda _: self.save_scenario(self.save_name.value))
        self.card.observe(self._on_card, names="value")
        for control in (*self.levers.values(), self.replicates, self.seed, self.size):
            control.observe(self._on_change, names="value")

    # -- controls ------------------------------------------------------------------------------

    def _lever_controls(self) -> dict[str, widgets.Widget]:
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
                control = widgets.Dropdown(options=options, value=p.value, description=label)
            else:
                step = 0.05 if p.high <= 2 else 5.0
                words, suffix, unit = LEVER_WORDS.get(field.name, (label, "", p.unit))
                control = FloatRange(
                    value=float(p.value), min=p.low, max=p.high, step=step, description=words,
                    suffix=suffix, unit=unit, digits=2 if step < 1 else 0,
                )  # fmt: skip
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
        runs = len(seeds) * (1 if reuse else 2)
        # A short run is over before a bar could be seen to move; updating it only sends messages
        # ahead of the chart's. A long one (10,000 cases, 20 replicates) shows its progress.
        shown = runs * len(self.caseload) >= PROGRESS_CASE_RUNS
        if shown:
            self.progress.max, self.progress.value = runs, 0
        comparison = compare_scenarios(
            self.caseload,
            Scenario(name="Baseline"),
            self.scenario(),
            seeds=seeds,
            scenario_params=params,
            on_progress=self._on_progress if shown else None,
            baseline_runs=reuse,
        )
        if not shown:
            self.progress.max = self.progress.value = runs
        return comparison

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.value = done

    def refresh(self) -> None:
        """Run baseline and scenario again and redraw everything."""
        self.comparison = self._run()
        self.chart_panel.redraw(*compliance_over_time_data(self.comparison.weekly))  # the chart first
        self.chart_panel.describe(**self._chart_words())
        self._render()
        self._update_reflection()

    # -- rendering ----------------------------------------------------------------------------

    def _chart_words(self) -> dict:
        """The chart's title, what it shows in one sentence, and its numbers window by window."""
        weekly = self.comparison.weekly
        last = weekly["week"].max()
        end = weekly[weekly["week"] == last].set_index("run")
        summary = (
            f"In the last weeks of the order (weeks {last} to {end['week_to'].iloc[0]}), the baseline keeps "
            f"{format.percent(end.loc['baseline', 'kept_share'])} of "
            f"appointments and the scenario {format.percent(end.loc['scenario', 'kept_share'])}; engagement "
            "ends at "
            f"{format.percent(end.loc['baseline', 'engagement'])} and "
            f"{format.percent(end.loc['scenario', 'engagement'])}."
        )
        wide = weekly.pivot(index=["week", "week_to"], columns="run", values=["kept_share", "engagement"])
        frame = pd.DataFrame(
            {
                "Kept: baseline": wide[("kept_share", "baseline")].map(format.percent),
                "Kept: scenario": wide[("kept_share", "scenario")].map(format.percent),
                "Engagement: baseline": wide[("engagement", "baseline")].map(format.percent),
                "Engagement: scenario": wide[("engagement", "scenario")].map(format.percent),
            }
        )
        frame.index = pd.Index([f"{a} to {b}" for a, b in frame.index], name="Weeks")
        return {
            "title": f"Formal and substantive compliance over the order, in {WINDOW_WEEKS}-week windows",
            "summary": summary,
            "table": table_html(
                frame,
                caption=f"Appointments kept and engagement, {WINDOW_WEEKS} weeks at a time (mean of runs)",
            ),
        }

    def _render(self) -> None:
        c = self.comparison
        result = self._card_result()
        if result is None:
            set_html(self.card_text, self._parts.card(None, []))
            self.headline.value = custom_headline_html(c)
        else:
            excerpts, replicates = self.corpus.excerpts, len(c.seeds)
            self.card_text.value = card_html(result.card, result, excerpts, replicates=replicates)
            self.headline.value = headline_html(result)
        summary = pd.DataFrame(
            [
                [_fmt(label, r.baseline), _fmt(label, r.scenario), _fmt(label, r.difference, signed=True),
                 f"{_fmt(label, r.scenario_low)} to {_fmt(label, r.scenario_high)}"]
                for label, r in c.summary.iterrows()
            ],
            index=pd.Index(list(c.summary.index), name="Measure"),
            columns=["Baseline", "Scenario", "Difference", "Scenario range over replicates"],
        )  # fmt: skip
        set_html(
            self.results,
            self._parts.results(
                len(self.caseload),
                len(c.seeds),
                table_html(summary, caption="Baseline and scenario"),
                self._prompt(),
            ),
        )
        groups = c.groups.pivot(index="group", columns="run", values="kept_share").reindex(
            c.groups["group"].unique()
        )
        group_table = pd.DataFrame(
            [[format.percent(r.baseline), format.percent(r.scenario), format.points(r.scenario - r.baseline)]
             for _, r in groups.iterrows()],
            index=pd.Index([str(g) for g in groups.index], name="Group"),
            columns=["Baseline", "Scenario", "Difference"],
        )  # fmt: skip
        officers = [
            {"run": o.run.capitalize(), "officers": o.officers, "low": format.percent(o.kept_low),
             "high": format.percent(o.kept_high)}
            for o in c.officers.itertuples()
        ]  # fmt: skip
        costs = pd.DataFrame(
            [[format.number(k.appointments), format.number(k.officer_hours), format.number(k.texts),
              "£" + format.number(k.cost)] for k in c.costs.itertuples()],
            index=pd.Index([k.run.capitalize() for k in c.costs.itertuples()], name="Run"),
            columns=["Appointments", "Officer hours", "Text messages", "Cost"],
        )  # fmt: skip
        by_tier = c.tiers.pivot(index="tier", columns="run", values="officer_hours_per_case")
        cases = c.tiers[c.tiers["run"] == "baseline"].set_index("tier")["cases"]
        tiers = pd.DataFrame(
            [[format.number(cases.get(t, 0)), format.number(r.baseline, 1), format.number(r.scenario, 1)]
             for t, r in by_tier.iterrows()],
            index=pd.Index([f"Tier {t}" for t in by_tier.index], name="Tier (2005 model)"),
            columns=["Cases", "Hours per case: baseline", "Hours per case: scenario"],
        )  # fmt: skip
        set_html(
            self.details,
            self._parts.details(
                _window_note(),
                table_html(group_table, caption="Appointments kept, by group", caption_shown=False),
                officers,
                table_html(costs, caption="Officer hours and cost over a year", caption_shown=False),
                _cost_note(),
                table_html(tiers, caption="Officer hours per case, by tier", caption_shown=False),
            ),
        )
        set_html(self.exports, self._exports_html())

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
        set_html(self.saved_view, self._saved_html(note))

    def _saved_html(self, note: str):
        if not self.saved:
            return ""
        table = pd.DataFrame(self.saved)
        shown = pd.DataFrame(
            [[_fmt(label, v) for v in values] for label, values in table.iterrows()],
            index=pd.Index(list(table.index), name="Measure"),
            columns=list(table.columns),
        )
        return self._parts.saved(table_html(shown, caption="Saved scenarios", caption_shown=False), note)

    def _exports_html(self):
        c = self.comparison
        card = None if self.card.value == CUSTOM else self.card.value
        record = c.to_record(caseload_seed=self.seed.value, card=card)
        links = [
            download_link(
                "JSON", "compliance-scenario.json", "application/json", json.dumps(record, indent=2)
            ),
            download_link("CSV", "compliance-scenario.csv", "text/csv", safe_csv(c.to_table())),
        ]
        return self._parts.exports(links)

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
        levers = Disclosure("Levers", [column([*booleans, *others])], level=2)
        levers.add_class("wb-levers")
        sensitivity = SensitivityPanel(lambda: (self.caseload, self.seed.value)).widget()
        self.validation = ValidationPanel()  # the model against the published evidence, run when opened
        assumptions = Disclosure(
            "Assumptions and sources",
            [sensitivity, self.validation.widget, self.block(self._parts.assumptions(self._setting_rows()))],
            level=2,
        )
        assumptions.add_class("wb-assumptions")
        assumptions.button.observe(lambda change: change["new"] and self.validation.show(), names="expanded")
        page = self.frame(
            [
                self.heading("The scenario"),
                self.card,
                _pair(self.card_text, self.headline),
                levers,
                row([self.size, self.seed], align_items="flex-end"),
                self.replicates,
                self.progress,
                self.heading("Results"),
                self.results,
                self.chart_panel.widget,
                self.details,
                self.exports,
                row([self.save_name, self.save], align_items="flex-end"),
                self.saved_view,
                self.reflect.widget(),
                assumptions,
            ],
            lede="The seminar's examples of compliance in practice, as scenarios: what happens to "
            "appointments "
            "kept, to engagement and to enforcement when practice changes?",
            related=[
                ("seminar-themes", "Seminar themes on compliance"),
                ("induction", "Induction and engagement"),
            ],
        )
        page.add_class("wb-compliance")
        return page

    def _setting_rows(self) -> list[dict]:
        rows = [
            {"name": p.id.replace("_", " ").capitalize(), "value": str(p.value), "unit": _plain_unit(p.unit),
             "status": p.status, "source": p.source}
            for p in self.parameters.values()
        ]  # fmt: skip
        rows += [
            {"name": k.replace("_", " ").capitalize(), "value": str(v["value"]), "unit": v["unit"],
             "status": v["status"], "source": v["source"]}
            for k, v in COSTS.items()
        ]  # fmt: skip
        return rows


def _plain_unit(unit: str) -> str:
    """A unit without the data file it points into ("schedule name in data/...toml" is "schedule name").

    Example:
        >>> _plain_unit("schedule name in data/compliance/schedules.toml")
        'schedule name'
    """
    return re.sub(r"\s+(?:in|from)\s+\S+\.toml\b", "", unit)


def _fmt(label: str, value: float, *, signed: bool = False) -> str:
    return format_measure(label, value, change=signed)


def _window_note() -> str:
    return (
        f"The chart counts {WINDOW_WEEKS}-week windows: contact is weekly, fortnightly or monthly, so a "
        f"{WINDOW_WEEKS}-week window holds whole cycles of every schedule, where single weeks would "
        "zig-zag between weeks with a fortnightly or monthly appointment and weeks without."
    )


def _pair(first: widgets.Widget, second: widgets.Widget) -> widgets.Box:
    """Two blocks side by side on a wide page, one under the other on a narrow one."""
    box = widgets.Box([first, second])
    box.add_class("wb-columns")
    return box


def _cost_note() -> str:
    return (
        f"Our assumptions: {COSTS['officer_minutes_per_appointment']['value']} minutes of officer time per "
        f"appointment at £{COSTS['officer_cost_per_hour']['value']:.0f} an hour, "
        f"{COSTS['text_message_cost']['value'] * 100:.0f}p a text, and "
        f"£{COSTS['mentor_cost_per_case_week']['value']:.0f} "
        "a case a week for a mentor."
    )


@built_or_explained
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
