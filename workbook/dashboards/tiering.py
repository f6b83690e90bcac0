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
from workbook.charts.tiering import (
    tier_counts_data,
    tier_counts_figure,
    tier_flow_data,
    tier_flow_figure,
    workload_data,
    workload_figure,
)
from workbook.dashboards._caseload_source import CaseloadSource
from workbook.dashboards._controls import Disclosure, IntRange
from workbook.dashboards._html import column, row, set_html
from workbook.dashboards._page import ChartPanel, Dashboard, table_html
from workbook.dashboards._reflection import ReflectOnThis
from workbook.dashboards._request import apply_query, query_for
from workbook.dashboards._served import built_or_explained
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
from workbook.web import format, fragments

SETTING_FILES = {
    "hmpps_2021.toml": "HMPPS 2021",
    "hmpps_2026.toml": "HMPPS 2026",
    "omm_2005.toml": "OMM 2005",
    "needs_first.toml": "Needs first",
    "workload.toml": "Workload",
}


class CaseloadTiering(Dashboard):
    """The tiering comparison page: controls, results and the wiring between them.

    Attributes:
        source: The caseload controls (size, seed, upload) and the caseload.
        first, second: The two schemes compared (scheme ids).
        omm_ogrs, omm_needs3, omm_needs2: Editable 2005 thresholds.
        nf_tier2, nf_tier3, nf_tier4, nf_severe: Editable needs-first thresholds.
        min_needs: Fewest needs for the low-harm, high-need group.
        counts_chart, flow_chart, workload_chart: The live charts (each in a ChartPanel).
        results: The two schemes' results for the current caseload.
        widget: The whole page, as displayed.
    """

    page_id = "caseload-tiering"

    def __init__(
        self, *, n: int = 10_000, seed: int = 42, first: str = "hmpps-2021", second: str = "needs-first"
    ):
        self.source = CaseloadSource(self.refresh, n=n, seed=seed)
        self._parts = fragments("tiering.html.j2")
        options = [(s.name, s.id) for s in SCHEMES]
        self.first = widgets.Dropdown(options=options, value=first, description="Compare")
        self.second = widgets.Dropdown(options=options, value=second, description="with")
        omm, nf = Omm2005Rules(), NeedsFirstRules()
        self.omm_ogrs = IntRange(
            value=int(omm.tier3_ogrs_min),
            min=30,
            max=95,
            step=5,
            description="2005 model: tier 3 from a likelihood of reoffending (OGRS) of",
            suffix="%",
            unit="The two-year chance of proven reoffending, from the Offender Group Reconviction Scale.",
        )
        self.omm_needs3 = IntRange(
            value=omm.tier3_needs_min, min=1, max=10, description="2005 model: tier 3 from this many needs",
            suffix=" needs", unit="Criminogenic needs, of ten assessment sections.",
        )  # fmt: skip
        self.omm_needs2 = IntRange(
            value=omm.tier2_needs_min, min=1, max=10, description="2005 model: tier 2 from this many needs",
            suffix=" needs", unit="Criminogenic needs, of ten assessment sections.",
        )  # fmt: skip
        thresholds = nf.tier_thresholds
        score = {"suffix": " points", "unit": "Needs score: each need counts 1, a severe need more (below)."}
        self.nf_tier2 = IntRange(
            value=thresholds["2"],
            min=1,
            max=20,
            description="Needs first: tier 2 from a needs score of",
            **score,
        )
        self.nf_tier3 = IntRange(
            value=thresholds["3"],
            min=1,
            max=20,
            description="Needs first: tier 3 from a needs score of",
            **score,
        )
        self.nf_tier4 = IntRange(
            value=thresholds["4"],
            min=1,
            max=20,
            description="Needs first: tier 4 from a needs score of",
            **score,
        )
        self.nf_severe = IntRange(
            value=nf.severe_multiplier, min=1, max=4, description="Needs first: a severe need counts as",
            suffix=" points", unit="A standard need counts 1 point.",
        )  # fmt: skip
        self.min_needs = IntRange(
            value=5, min=3, max=9, description="The group: at least this many needs",
            suffix=" needs", unit="With a low or medium risk of serious harm.",
        )  # fmt: skip
        for control in (self.nf_tier2, self.nf_tier3, self.nf_tier4):
            control.add_class("wb-threshold")
        self.summary = self.live(css_class="wb-summary")
        self.moves = self.block(css_class="wb-moves")
        self.group = self.block(css_class="wb-group")
        self.results: dict[str, pd.DataFrame] = {}
        self._tiered: dict[tuple, tuple] = {}  # (scheme, rules): tiers and workload, for this caseload
        self._tiered_caseload = None
        self.panels: dict[str, ChartPanel] = {}
        apply_query({**self.source.view_controls(), **self._view_controls()})
        self._compute()
        self.panels = {
            "counts": ChartPanel(self._counts_figure(), **self._counts_words()),
            "flow": ChartPanel(self._flow_figure(), **self._flow_words()),
            "workload": ChartPanel(self._workload_figure(), **self._workload_words()),
        }
        self._render_text()
        self.reflect = ReflectOnThis("caseload-tiering")
        self._update_reflection()
        self.widget = self._layout()
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

    @property
    def counts_chart(self):
        """Cases per tier under the two schemes."""
        return self.panels["counts"].chart

    @property
    def flow_chart(self):
        """Who moves between the schemes."""
        return self.panels["flow"].chart

    @property
    def workload_chart(self):
        """Officers needed."""
        return self.panels["workload"].chart

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
        self._tier()
        self._tabulate()

    def _tier(self) -> None:
        """Each chosen scheme's tiers (kept while its rules stay) and the highlighted group."""
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
        self.count_frames = self._count_frames()

    def _tabulate(self) -> None:
        """Who moves between the schemes, and the officers each needs."""
        a, b = self._ids()
        self.flows = tier_flows(self.results[a], self.results[b], a, b)
        self.workload_table = self._workload_table()

    def refresh(self) -> None:
        """Re-tier the current caseload and redraw every view."""
        self._tier()
        if self.panels:  # only what changed goes to the browser, the bars first: no figure is built again
            self.panels["counts"].redraw(*tier_counts_data(self.count_frames, self._names()))
        self._tabulate()
        if not self.panels:
            return
        self.panels["flow"].redraw(*tier_flow_data(self.flows, self._flow_names()))
        self.panels["workload"].redraw(*workload_data(self.workload_table))
        self.panels["counts"].describe(**self._counts_words())
        self.panels["flow"].describe(**self._flow_words())
        self.panels["workload"].describe(**self._workload_words())
        self._render_text()
        self._update_reflection()

    # -- figures ----------------------------------------------------------------------------

    def _ids(self) -> list[str]:
        return [self.first.value, self.second.value]

    def _count_frames(self) -> list[pd.DataFrame]:
        """Per chosen scheme: cases in each tier, and the highlighted group's share of them."""
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

    def _names(self) -> list[str]:
        return [scheme_by_id(s).name for s in self._ids()]

    def _counts_figure(self):
        return tier_counts_figure(self.count_frames, self._names(), group_label="low harm, high need")

    def _counts_words(self) -> dict:
        frames, names = self.count_frames, self._flow_names()
        tops = [
            (name, str(f["cases"].idxmax()), int(f["cases"].max()))
            for name, f in zip(names, frames, strict=True)
        ]
        summary = "; ".join(
            f"{'under ' if i else 'Under '}{name} the most cases are in tier {tier} "
            f"({format.count(n, 'case')})"
            for i, (name, tier, n) in enumerate(tops)
        )
        rows = pd.DataFrame(
            [
                [
                    name,
                    str(tier),
                    format.number(r.cases - r.group),
                    format.number(r.group),
                    format.number(r.cases),
                ]
                for name, f in zip(names, frames, strict=True)
                for tier, r in f.iterrows()
            ],
            columns=["Scheme", "Tier", "Everyone else", "Low harm, high need", "All cases"],
        ).set_index("Scheme")
        return {
            "title": "Cases in each tier",
            "summary": summary + ".",
            "table": table_html(rows, caption="Cases in each tier, by scheme"),
        }

    def _flow_figure(self):
        return tier_flow_figure(self.flows, self._flow_names())

    def _flow_names(self) -> list[str]:
        return [_short(s) for s in self._ids()]

    def _flow_words(self) -> dict:
        a, b = self._ids()
        flows = self.flows
        cells = [
            (str(f), str(t), int(flows.loc[f, t]))
            for f in flows.index
            for t in flows.columns
            if flows.loc[f, t]
        ]
        cells.sort(key=lambda c: -c[2])
        top = cells[0] if cells else ("", "", 0)
        summary = (
            f"Cases take {len(cells)} {format.plural(len(cells), 'path')} from {_short(a)} to {_short(b)}; "
            "the "
            f"largest carries {format.count(top[2], 'case')}, from {top[0]} to {top[1]}."
        )
        rows = pd.DataFrame(
            [[f, t, format.number(n)] for f, t, n in cells],
            columns=[f"From ({_short(a)})", f"To ({_short(b)})", "Cases"],
        ).set_index(f"From ({_short(a)})")
        return {
            "title": "Who moves between the two schemes",
            "summary": summary,
            "table": table_html(rows, caption=f"Every move from {_short(a)} to {_short(b)}, largest first"),
        }

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

    def _workload_words(self) -> dict:
        table = self.workload_table
        parts = [
            f"{name} needs {format.number(r.officers, 1)} officers at full capacity and gives the group "
            f"{format.percent(r.group_share, 0)} of the time"
            for name, r in table.iterrows()
        ]
        rows = pd.DataFrame(
            [
                [
                    name,
                    format.number(r.officers, 1),
                    format.percent(r.group_share, 0),
                    format.percent(r.case_share, 0),
                ]
                for name, r in table.iterrows()
            ],
            columns=["Scheme", "Officers needed", "Share of time for the group", "Group's share of cases"],
        ).set_index("Scheme")
        return {
            "title": "Officers needed at full capacity",
            "summary": "; ".join(parts) + ".",
            "table": table_html(rows, caption="Officers needed, and the group's share of their time"),
        }

    # -- text ---------------------------------------------------------------------------------

    def _render_text(self) -> None:
        a, b = self._ids()
        group = self.group_mask
        set_html(
            self.summary,
            self._parts.summary(
                self.source.label,
                int(group.sum()),
                float(group.mean()),
                self.min_needs.value,
                not self.source.synthetic,
            ),
        )
        moves = largest_moves(self.results[a], self.results[b], a, b)
        set_html(self.moves, self._parts.moves(list(moves.itertuples())))
        table = self.workload_table
        rows = pd.DataFrame(
            [
                [name, format.number(r.officers, 1), format.number(r.cases_per_officer, 1),
                 format.number(r.group_points), format.number(r.other_points), r.status]
                for name, r in table.iterrows()
            ],
            columns=["Scheme", "Officers needed", "Cases per officer", "Points per case: the group",
                     "Points per case: everyone else", "Points are"],
        ).set_index("Scheme")  # fmt: skip
        per_tier = [
            (_short(s), [(str(t), int(p)) for t, p in self.workloads[s].by_tier["points_per_case"].items()])
            for s in self._ids()
        ]
        set_html(
            self.group,
            self._parts.resources(table_html(rows, caption="Resources under each scheme"), per_tier),
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
        thresholds = column(
            [
                Disclosure(
                    "2005 model thresholds",
                    [self.block(self._parts.omm_note()), self.omm_ogrs, self.omm_needs3, self.omm_needs2],
                    level=3,
                ),
                Disclosure(
                    "Needs-first thresholds",
                    [self.block(self._parts.needs_first_note()), self.nf_tier2, self.nf_tier3, self.nf_tier4,
                     self.nf_severe],
                    level=3,
                ),
                Disclosure("The low-harm, high-need group", [self.min_needs], level=3),
            ]
        )  # fmt: skip
        assumptions = Disclosure(
            "Assumptions and sources", [self.block(self._parts.assumptions(_setting_rows()))], level=2
        )
        assumptions.add_class("wb-assumptions")
        page = self.frame(
            [
                self.heading("The caseload and the schemes"),
                self.source.controls,
                row([self.first, self.second], align_items="flex-end"),
                thresholds,
                self.summary,
                self.heading("What each scheme does"),
                self.panels["counts"].widget,
                _pair(self.panels["flow"].widget, self.moves),
                _pair(self.panels["workload"].widget, self.group),
                self.reflect.widget(),
                assumptions,
            ],
            lede='The seminar asked: "Would it be different if we put needs first rather than risk factors?" '
            "Put one caseload through two schemes and see who gets what.",
            related=[("seminar-themes", "Seminar themes on tiering"), ("risk-and-needs", "Risk and needs")],
        )
        page.add_class("wb-caseload-tiering")
        return page


def _pair(chart: widgets.Widget, text: widgets.Widget) -> widgets.Box:
    """A chart with its text beside it on a wide page and under it on a narrow one."""
    box = widgets.Box([chart, text])
    box.add_class("wb-columns")
    return box


def _short(scheme_id: str) -> str:
    scheme = scheme_by_id(scheme_id)
    return {"omm-2005": "OMM 2005", "hmpps-2021": "HMPPS 2021", "hmpps-2026": "HMPPS 2026"}.get(
        scheme_id, scheme.name
    )


def _setting_rows() -> list[dict]:
    """Every default behind the page, named in words rather than by the file it lives in."""
    caseload = caseload_parameters()
    rows = [
        {"name": f"Caseload: {p.id.replace('_', ' ')}", "value": _value(p.value), "unit": p.unit,
         "status": p.status, "source": p.source}
        for p in caseload.values()
    ]  # fmt: skip
    rows += [
        {"name": f"{SETTING_FILES.get(r.file, r.file.removesuffix('.toml'))}: {r.name.replace('_', ' ')}",
         "value": _value(r.value), "unit": r.unit, "status": r.status, "source": r.source}
        for r in parameters_table().itertuples()
    ]  # fmt: skip
    return rows


def _value(value) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k} {v}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)


@built_or_explained
def caseload_tiering(*, n: int = 10_000, seed: int = 42) -> CaseloadTiering:
    """Build the *Caseload tiering* page.

    Args:
        n: Size of the synthetic caseload to start with.
        seed: Its seed.

    Returns:
        The page; display it, or drive it by setting its controls' ``.value``.
    """
    return CaseloadTiering(n=n, seed=seed)
