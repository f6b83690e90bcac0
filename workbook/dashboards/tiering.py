"""The *Caseload tiering* page: one caseload under two schemes, side by side.

Readers pick a caseload (synthetic, or their own anonymised table) and two
schemes; the page shows how many cases each tier holds, who moves between the
schemes and why, the officers each scheme needs, and what each gives the group
the seminar worried about: people at low risk of harm with many needs. The
thresholds of the 2005 model (a reconstruction) and of needs-first re-tier at once.
"""

from __future__ import annotations

import dataclasses

import ipywidgets as widgets
import pandas as pd

from workbook.caseload import load_parameters as caseload_parameters
from workbook.caseload import low_harm_high_need
from workbook.charts import figure_widget, update_widget
from workbook.charts.tiering import (
    tier_counts_data,
    tier_counts_figure,
    tier_flow_data,
    tier_flow_figure,
    workload_data,
    workload_figure,
)
from workbook.dashboards._caseload_source import CaseloadSource
from workbook.dashboards._html import column, esc, html_block, row, stylesheet, wrap
from workbook.dashboards._reflection import ReflectOnThis
from workbook.dashboards._request import apply_query, query_for
from workbook.tiering import (
    SCHEMES,
    NeedsFirstRules,
    Omm2005Rules,
    assign_tiers,
    largest_moves,
    parameters_table,
    scheme_by_id,
    tier_flows,
    workload,
)

CAUTION = (
    "Around 75 to 80% of serious further offences are committed by people assessed as low or medium "
    "risk of harm (PC82/2005; FACTS.md 1a). No tiering scheme predicts who will cause serious harm."
)


class CaseloadTiering:
    """The tiering comparison page: controls, results and the wiring between them.

    Attributes:
        source: The caseload controls (size, seed, upload) and the caseload.
        first, second: The two schemes compared (scheme ids).
        omm_ogrs, omm_needs3, omm_needs2: Editable 2005 thresholds.
        nf_tier2, nf_tier3, nf_tier4, nf_severe: Editable needs-first thresholds.
        min_needs: Fewest needs for the low-harm, high-need group.
        counts_chart, flow_chart, workload_chart: The live charts.
        results: The two schemes' results for the current caseload.
        container: The whole page, as displayed.
    """

    def __init__(
        self, *, n: int = 10_000, seed: int = 42, first: str = "hmpps-2021", second: str = "needs-first"
    ):
        self.source = CaseloadSource(self.refresh, n=n, seed=seed)
        options = [(s.name, s.id) for s in SCHEMES]
        self.first = widgets.Dropdown(
            options=options, value=first, description="Compare", layout={"width": "380px"}
        )
        self.second = widgets.Dropdown(
            options=options, value=second, description="with", layout={"width": "380px"}
        )
        omm, nf = Omm2005Rules(), NeedsFirstRules()
        slider = {
            "continuous_update": False,
            "style": {"description_width": "230px"},
            "layout": {"width": "440px"},
        }
        self.omm_ogrs = widgets.IntSlider(
            value=int(omm.tier3_ogrs_min),
            min=30,
            max=95,
            step=5,
            description="2005: tier 3 from OGRS %",
            **slider,
        )
        self.omm_needs3 = widgets.IntSlider(
            value=omm.tier3_needs_min, min=1, max=10, description="2005: tier 3 from needs", **slider
        )
        self.omm_needs2 = widgets.IntSlider(
            value=omm.tier2_needs_min, min=1, max=10, description="2005: tier 2 from needs", **slider
        )
        thresholds = nf.tier_thresholds
        self.nf_tier2 = widgets.IntSlider(
            value=thresholds["2"], min=1, max=20, description="Needs first: tier 2 from score", **slider
        )
        self.nf_tier3 = widgets.IntSlider(
            value=thresholds["3"], min=1, max=20, description="Needs first: tier 3 from score", **slider
        )
        self.nf_tier4 = widgets.IntSlider(
            value=thresholds["4"], min=1, max=20, description="Needs first: tier 4 from score", **slider
        )
        self.nf_severe = widgets.IntSlider(
            value=nf.severe_multiplier,
            min=1,
            max=4,
            description="Needs first: a severe need counts",
            **slider,
        )
        self.min_needs = widgets.IntSlider(
            value=5, min=3, max=9, description="Group: at least this many needs", **slider
        )
        for control in (self.nf_tier2, self.nf_tier3, self.nf_tier4):
            control.add_class("wb-threshold")
        self.summary = html_block("")
        self.summary.add_class("wb-summary")
        self.moves = html_block("")
        self.moves.add_class("wb-moves")
        self.group = html_block("")
        self.group.add_class("wb-group")
        self.results: dict[str, pd.DataFrame] = {}
        self._tiered: dict[tuple, tuple] = {}  # (scheme, rules): tiers and workload, for this caseload
        self._tiered_caseload = None
        self.counts_chart = self.flow_chart = self.workload_chart = None
        apply_query({**self.source.view_controls(), **self._view_controls()})
        self._compute()
        self.counts_chart = figure_widget(self._counts_figure())
        self.flow_chart = figure_widget(self._flow_figure())
        self.workload_chart = figure_widget(self._workload_figure())
        for chart in (self.counts_chart, self.flow_chart, self.workload_chart):
            chart.add_class("wb-chart")
        self._render_text()
        self.reflect = ReflectOnThis("caseload-tiering")
        self._update_reflection()
        self.container = self._layout()
        controls = (
            self.first,
            self.second,
            self.omm_ogrs,
            self.omm_needs3,
            self.omm_needs2,
            self.nf_tier2,
            self.nf_tier3,
            self.nf_tier4,
            self.nf_severe,
            self.min_needs,
        )
        for control in controls:
            control.observe(lambda change: self.refresh(), names="value")

    def _repr_mimebundle_(self, **kwargs):
        return self.container._repr_mimebundle_(**kwargs)

    # -- computing --------------------------------------------------------------------

    def rules(self, scheme_id: str):
        """The rules the page's thresholds give a scheme, or ``None`` for its defaults."""
        if scheme_id == "omm-2005":
            return dataclasses.replace(
                Omm2005Rules(),
                tier3_ogrs_min=float(self.omm_ogrs.value),
                tier3_needs_min=self.omm_needs3.value,
                tier2_needs_min=self.omm_needs2.value,
            )
        if scheme_id == "needs-first":
            tiers = sorted([self.nf_tier2.value, self.nf_tier3.value, self.nf_tier4.value])
            return dataclasses.replace(
                NeedsFirstRules(),
                severe_multiplier=self.nf_severe.value,
                tier_thresholds={"2": tiers[0], "3": tiers[1], "4": tiers[2]},
            )
        return None

    def _compute(self) -> None:
        caseload = self.source.caseload
        self.group_mask = low_harm_high_need(caseload, min_needs=self.min_needs.value)
        self.results, self.workloads, done = {}, {}, {}
        if caseload is not self._tiered_caseload:
            self._tiered, self._tiered_caseload = {}, caseload
        for scheme_id in dict.fromkeys((self.first.value, self.second.value)):
            rules = self.rules(scheme_id)
            # a step of one scheme's threshold leaves the other's tiers as they were: keep them
            key = (scheme_id, repr(rules))
            if key not in self._tiered:
                tiers = assign_tiers(caseload, scheme_id, **({"rules": rules} if rules else {}))
                self._tiered[key] = tiers, workload(tiers, scheme_id)
            done[key] = self._tiered[key]
            self.results[scheme_id], self.workloads[scheme_id] = done[key]
        self._tiered = done
        self.workload_table = self._workload_table()

    def refresh(self) -> None:
        """Re-tier the current caseload and redraw every view."""
        self._compute()
        if self.counts_chart is None:
            return
        # only what changed goes to the browser: no figure is built again
        update_widget(self.counts_chart, *tier_counts_data(self._counts_frames(), self._names()))
        update_widget(self.flow_chart, *tier_flow_data(self._flows(), self._flow_names()))
        update_widget(self.workload_chart, *workload_data(self.workload_table))
        self._render_text()
        self._update_reflection()

    # -- figures ----------------------------------------------------------------------------

    def _ids(self) -> list[str]:
        return [self.first.value, self.second.value]

    def _counts_figure(self):
        return tier_counts_figure(self._counts_frames(), self._names(), group_label="low harm, high need")

    def _names(self) -> list[str]:
        return [scheme_by_id(s).name for s in self._ids()]

    def _counts_frames(self) -> list[pd.DataFrame]:
        frames = []
        for scheme_id in self._ids():
            tiers = self.results[scheme_id]["tier"]
            levels = list(scheme_by_id(scheme_id).levels)
            frames.append(
                pd.DataFrame(
                    {
                        "cases": tiers.value_counts().reindex(levels, fill_value=0),
                        "group": tiers[self.group_mask].value_counts().reindex(levels, fill_value=0),
                    }
                )
            )
        return frames

    def _flow_figure(self):
        return tier_flow_figure(self._flows(), self._flow_names())

    def _flows(self) -> pd.DataFrame:
        a, b = self._ids()
        return tier_flows(self.results[a], self.results[b], a, b)

    def _flow_names(self) -> list[str]:
        return [_short(s) for s in self._ids()]

    def _workload_table(self) -> pd.DataFrame:
        rows = {}
        for scheme_id in self._ids():
            load = self.workloads[scheme_id]
            points = load.by_tier["points_per_case"]
            per_case = self.results[scheme_id]["tier"].map(points).astype(float)
            rows[_short(scheme_id)] = {
                "officers": load.officers_needed,
                "cases_per_officer": load.cases_per_officer,
                "group_share": per_case[self.group_mask].sum() / max(per_case.sum(), 1),
                "case_share": float(self.group_mask.mean()),
                "group_points": per_case[self.group_mask].mean(),
                "other_points": per_case[~self.group_mask].mean(),
                "status": load.points_status,
            }
        return pd.DataFrame.from_dict(rows, orient="index")

    def _workload_figure(self):
        return workload_figure(self.workload_table)

    # -- text ---------------------------------------------------------------------------------

    def _render_text(self) -> None:
        a, b = self._ids()
        group = self.group_mask
        self.summary.value = wrap(
            f"<p>Showing <b>{esc(self.source.label)}</b>: <b>{int(group.sum()):,}</b> cases "
            f"({group.mean():.0%}) are at low or medium risk of harm with {self.min_needs.value} or more "
            "needs.</p>"
            f'<p class="wb-banner"><b>Illustrative only.</b> Synthetic cases and, for the 2005 model, '
            f"reconstructed rules. {esc(CAUTION)}</p>"
        )
        moves = largest_moves(self.results[a], self.results[b], a, b)
        if moves.empty:
            self.moves.value = wrap("<p>The two schemes put every case at the same level of resource.</p>")
        else:
            items = "".join(
                f"<li><b>{m.cases:,}</b> cases go from <b>{esc(m.from_tier)}</b> to <b>{esc(m.to_tier)}</b> "
                f"({'more' if m.direction == 'more' else 'less'} resource). For example: "
                f"<i>{esc(m.reason_first)}</i> → <i>{esc(m.reason_second)}</i></li>"
                for m in moves.itertuples()
            )
            self.moves.value = wrap(f"<h3>Why cases move</h3><ul>{items}</ul>")
        table = self.workload_table
        per_tier = "".join(
            f"<li><b>{esc(_short(s))}</b>: "
            + " · ".join(
                f"{esc(tier)} {int(points)}"
                for tier, points in self.workloads[s].by_tier["points_per_case"].items()
            )
            + "</li>"
            for s in self._ids()
        )
        rows = "".join(
            f"<tr><td>{esc(name)}</td><td>{r.officers:,.1f}</td><td>{r.cases_per_officer:,.1f}</td>"
            f"<td>{r.group_points:,.0f}</td><td>{r.other_points:,.0f}</td><td>{esc(r.status)}</td></tr>"
            for name, r in table.iterrows()
        )
        self.group.value = wrap(
            "<h3>Resources, and what the low-harm, high-need group gets</h3>"
            "<table class='wb-table'><tr><th>Scheme</th><th>Officers needed</th><th>Cases per officer</th>"
            "<th>Points per case: group</th><th>Points per case: everyone else</th><th>Points are</th></tr>"
            f"{rows}</table><p>Points per case in each tier (the resource each tier receives):</p>"
            f"<ul>{per_tier}</ul><p class='wb-muted'>Points are workload-measurement points per case per "
            "week; an officer has 2,176 (WMT 2021 reference data). A workload above 110% of capacity for "
            "four weeks is excessive. Points for the 2005, 2026 and needs-first tiers are our assumption "
            "on the 2021 scale.</p>"
        )

    # -- reflecting ----------------------------------------------------------------------------

    def reflection_prompt(self) -> str:
        """A question about what the two schemes give the low-harm, high-need group, in numbers."""
        a, b = self._ids()
        table = self.workload_table
        first, second = table.loc[_short(a)], table.loc[_short(b)]
        moved = int((self.results[a]["tier"].astype(str) != self.results[b]["tier"].astype(str)).sum())
        return (
            f"Under {_short(a)} the low-harm, high-need group gets {first.group_points:.0f} points per case "
            f"against {first.other_points:.0f} for everyone else; under {_short(b)}, "
            f"{second.group_points:.0f} against {second.other_points:.0f}, and {moved:,} cases change tier. "
            "Which would you rather work to, and what would your week look like if resources followed needs "
            "first?"
        )

    def _view_controls(self) -> dict[str, widgets.Widget]:
        """The schemes and thresholds a link back to this view sets, by their names in the address."""
        return {
            "first": self.first,
            "second": self.second,
            "omm_ogrs": self.omm_ogrs,
            "omm_needs3": self.omm_needs3,
            "omm_needs2": self.omm_needs2,
            "nf_tier2": self.nf_tier2,
            "nf_tier3": self.nf_tier3,
            "nf_tier4": self.nf_tier4,
            "nf_severe": self.nf_severe,
            "min_needs": self.min_needs,
        }

    def snapshot(self) -> dict:
        """What the page shows now, for a journal entry, with a link back (synthetic caseloads only)."""
        a, b = self._ids()
        table = self.workload_table
        return {
            "title": f"Caseload tiering: {_short(a)} against {_short(b)}",
            "parameters": {
                "first": a,
                "second": b,
                "caseload": self.source.label,
                "min_needs": self.min_needs.value,
            },
            "results": {
                f"Points per case for the group, {name}": (
                    f"{r.group_points:.0f} (everyone else {r.other_points:.0f})"
                )
                for name, r in table.iterrows()
            },
            "query": query_for({**self.source.view_controls(), **self._view_controls()}),
        }

    def _update_reflection(self) -> None:
        self.reflect.update(
            f"{_short(self.first.value)} against {_short(self.second.value)}",
            self.reflection_prompt(),
            self.snapshot(),
        )

    def _layout(self) -> widgets.Widget:
        thresholds = widgets.Accordion(
            children=[
                column(
                    [
                        html_block(
                            "<p class='wb-muted'>The 2005 rules are our reconstruction (FACTS.md 1a): "
                            "change them and the 2005 tiers follow.</p>"
                        ),
                        self.omm_ogrs,
                        self.omm_needs3,
                        self.omm_needs2,
                    ]
                ),
                column(
                    [
                        html_block(
                            "<p class='wb-muted'>Needs first is our design: weighted needs decide the "
                            "tier; high RoSH or MAPPA 2-3 sets a floor of tier 3.</p>"
                        ),
                        self.nf_tier2,
                        self.nf_tier3,
                        self.nf_tier4,
                        self.nf_severe,
                    ]
                ),
                column([self.min_needs]),
            ],
            titles=("2005 model thresholds", "Needs-first thresholds", "The low-harm, high-need group"),
        )
        sources = parameters_table()
        assumptions = html_block(_sources_html(sources))
        page = column(
            [
                stylesheet(),
                html_block(
                    '<p class="wb-lede">The seminar asked: "Would it be different if we put needs first '
                    'rather than risk factors?" Put one caseload through two schemes and see who gets '
                    "what.</p>"
                    '<p class="wb-muted"><a href="00-start-here.ipynb">← Start here</a> · Seminar themes: '
                    '<a href="01-seminar-themes.ipynb">tiering by risk versus needs; the Offender Management '
                    'Model; integrated offender management</a> · <a href="04-risk-and-needs.ipynb">Risk and '
                    "needs →</a></p>"
                ),
                self.source.controls,
                row([self.first, self.second], flex_flow="row wrap"),
                thresholds,
                self.summary,
                self.counts_chart,
                row([self.flow_chart, column([self.moves], flex="1 1 360px")], flex_flow="row wrap"),
                row([self.workload_chart, column([self.group], flex="1 1 360px")], flex_flow="row wrap"),
                self.reflect.widget(),
                widgets.Accordion(children=[assumptions], titles=("Assumptions and sources",)),
            ],
            padding="8px 4px 24px",
        )
        page.add_class("wb-caseload-tiering")
        return page


def _short(scheme_id: str) -> str:
    scheme = scheme_by_id(scheme_id)
    return {"omm-2005": "OMM 2005", "hmpps-2021": "HMPPS 2021", "hmpps-2026": "HMPPS 2026"}.get(
        scheme_id, scheme.name
    )


def _sources_html(table: pd.DataFrame) -> str:
    caseload = caseload_parameters()
    rows = [(p.id, p.value, p.unit, p.status, p.source) for p in caseload.values()] + [
        (f"{r.file}: {r.name}", r.value, r.unit, r.status, r.source) for r in table.itertuples()
    ]
    body = "".join(
        f"<tr><td>{esc(name)}</td><td>{esc(value)}</td><td>{esc(unit)}</td><td>{esc(status)}</td><td>{esc(source)}</td></tr>"
        for name, value, unit, status, source in rows
    )
    return (
        "<p>Every default behind this page, with its status: <b>published</b> (a figure from a named source) "
        "or <b>assumption</b> (ours, to be questioned).</p><table class='wb-table'><tr><th>Parameter</th>"
        f"<th>Value</th><th>Unit</th><th>Status</th><th>Source</th></tr>{body}</table>"
    )


def caseload_tiering(*, n: int = 10_000, seed: int = 42) -> CaseloadTiering:
    """Build the *Caseload tiering* page.

    Args:
        n: Size of the synthetic caseload to start with.
        seed: Its seed.

    Returns:
        The page; display it, or drive it by setting its controls' ``.value``.
    """
    return CaseloadTiering(n=n, seed=seed)
