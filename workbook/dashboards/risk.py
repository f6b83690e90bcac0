"""The *Risk and needs* page: likelihood and harm against needs, RNR and Good Lives.

Density views stay readable at any caseload size because they count cases in
cells in the kernel and send only the counts. A case explorer shows one person's
profile, their tier under every scheme with its reason, and the same person read
in Risk-Need-Responsivity and in Good Lives terms (the need-to-goods link is ours).
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
import pandas as pd

from workbook.caseload import (
    GOODS,
    INTENSITY,
    MAPPING_SOURCE,
    NEED_NAMES,
    NEEDS,
    RNR_PRINCIPLES,
    ROSH_LEVELS,
    frame_person,
    low_harm_high_need,
    need_count,
    programme_intensity,
)
from workbook.charts.risk import density_counts, risk_need_figure
from workbook.dashboards._caseload_source import CaseloadSource
from workbook.dashboards._html import row, set_html
from workbook.dashboards._page import ChartPanel, Dashboard, table_html
from workbook.dashboards._reflection import ReflectOnThis
from workbook.dashboards._request import apply_query, query_for, query_parameter
from workbook.dashboards._served import built_or_explained
from workbook.tiering import SCHEMES, assign_tiers
from workbook.web import format, fragments

GROUPS = (
    ("Low harm, high need (RoSH low or medium, 5+ needs)", "low-harm-high-need"),
    ("High harm, few needs (RoSH high or very high, 2 or fewer)", "high-harm-low-need"),
    ("Any case", "any"),
)
OGRS_EDGES = np.arange(0, 101, 10, dtype=float)
NEED_EDGES = np.arange(-0.5, 11, 1.0)


class RiskAndNeeds(Dashboard):
    """The risk-against-needs page: controls, views and wiring.

    Attributes:
        source: The caseload controls and the caseload.
        harm: Which RoSH levels the likelihood-by-needs density shows.
        group: Which group the case explorer picks from.
        case: The case shown in the explorer.
        likelihood_chart, harm_chart: Live density charts.
        matrix, profile: HTML views.
        widget: The whole page, as displayed.
    """

    page_id = "risk-and-needs"

    def __init__(self, *, n: int = 10_000, seed: int = 42):
        self._parts = fragments("risk.html.j2")
        self.source = CaseloadSource(self.refresh, n=n, seed=seed)
        self.harm = widgets.Dropdown(
            options=[("Every RoSH level", "all")] + [(f"RoSH {r}", r) for r in ROSH_LEVELS],
            value="all",
            description="Risk of serious harm (RoSH) shown",
        )
        self.group = widgets.Dropdown(options=GROUPS, value="low-harm-high-need", description="Pick from")
        self.case = widgets.Dropdown(description="Case")
        self.case.add_class("wb-case")
        self.matrix = self.block(css_class="wb-matrix")
        self.profile = self.live(css_class="wb-profile")
        self.summary = self.live(css_class="wb-summary")
        self.frameworks = self.block(
            self._parts.frameworks(
                [(k.capitalize(), v) for k, v in RNR_PRINCIPLES.items()], ", ".join(GOODS.values())
            )
        )
        apply_query({**self.source.view_controls(), "harm": self.harm, "group": self.group})
        self.likelihood_panel = ChartPanel(self._likelihood_figure(), **self._density_words("likelihood"))
        self.harm_panel = ChartPanel(self._harm_figure(), **self._density_words("harm"))
        self.likelihood_chart = self.likelihood_panel.chart
        self.harm_chart = self.harm_panel.chart
        self.reflect = ReflectOnThis("risk-and-needs")
        self._fill_cases()
        if query_parameter("case") in self.case.options:  # a journal entry's link back to one person
            self.case.value = query_parameter("case")
            self._render_profile()
        self._render_text()
        self.widget = self._layout()
        self.harm.observe(lambda change: self._redraw_likelihood(), names="value")
        self.group.observe(lambda change: self._fill_cases(), names="value")
        self.case.observe(lambda change: self._render_profile(), names="value")

    def refresh(self) -> None:
        """Recount everything for the current caseload."""
        if not hasattr(self, "widget"):
            return
        self._redraw_likelihood()
        self.harm_panel.update(self._harm_figure(), **self._density_words("harm"))
        self._fill_cases()
        self._render_text()

    # -- figures -------------------------------------------------------------------------------

    def _likelihood_counts(self):
        caseload = self.source.caseload
        if self.harm.value != "all":
            caseload = caseload[caseload["rosh"] == self.harm.value]
        counts = density_counts(
            need_count(caseload), caseload["ogrs"].clip(upper=99.9), NEED_EDGES, OGRS_EDGES
        )
        return counts, [f"{int(a)}-{int(a) + 9}%" for a in OGRS_EDGES[:-1]]

    def _harm_counts(self):
        caseload = self.source.caseload
        harm = caseload["rosh"].map({level: i for i, level in enumerate(ROSH_LEVELS)})
        counts = density_counts(need_count(caseload), harm, NEED_EDGES, np.arange(-0.5, 4, 1.0))
        return counts, [f"RoSH {r}" for r in ROSH_LEVELS]

    def _shown(self) -> str:
        return "every RoSH level" if self.harm.value == "all" else f"RoSH {self.harm.value}"

    def _likelihood_figure(self):
        counts, labels = self._likelihood_counts()
        return risk_need_figure(
            counts,
            [str(i) for i in range(11)],
            labels,
            x_title="needs (of 10)",
            y_title="OGRS two-year %",
            title=f"Likelihood against needs: {self._shown()}",
        )

    def _harm_figure(self):
        counts, labels = self._harm_counts()
        return risk_need_figure(
            counts,
            [str(i) for i in range(11)],
            labels,
            x_title="needs (of 10)",
            y_title="risk of serious harm",
            title="Harm against needs",
        )

    def _density_words(self, which: str) -> dict:
        """The chart's title, a sentence on where most cases sit, and every cell as a table."""
        if which == "likelihood":
            counts, labels = self._likelihood_counts()
            title, row_name = f"Likelihood of reoffending against needs: {self._shown()}", "OGRS two-year %"
        else:
            counts, labels = self._harm_counts()
            title, row_name = "Risk of serious harm against needs", "Risk of serious harm"
        total = int(counts.sum())
        if total:
            r, c = np.unravel_index(int(np.argmax(counts)), counts.shape)
            summary = (
                f"Of {format.count(total, 'case')}, the largest group ({format.number(counts[r, c])}, "
                f"{format.percent(counts[r, c] / total, 0)}) has {c} {format.plural(c, 'need')} and "
                f"{'an OGRS of ' if which == 'likelihood' else ''}{labels[r]}."
            )
        else:
            summary = "No case in this caseload has that risk of serious harm."
        frame = pd.DataFrame(counts[::-1].astype(int), columns=[str(i) for i in range(11)])
        frame = frame.map(format.number)
        frame.index = pd.Index(labels[::-1], name=row_name)
        table = table_html(frame, caption=f"Cases by {row_name} (rows) and number of needs (columns)")
        return {"title": title, "summary": summary, "table": table}

    def _redraw_likelihood(self) -> None:
        self.likelihood_panel.update(self._likelihood_figure(), **self._density_words("likelihood"))

    # -- case explorer -------------------------------------------------------------------------

    def _fill_cases(self) -> None:
        caseload = self.source.caseload
        needs = need_count(caseload)
        chosen = {
            "low-harm-high-need": low_harm_high_need(caseload),
            "high-harm-low-need": caseload["rosh"].isin(["high", "very high"]) & (needs <= 2),
            "any": pd.Series(True, index=caseload.index),
        }[self.group.value]
        ids = caseload.loc[chosen, "case_id"].head(200).tolist()
        self.case.options = ids or ["(no case matches)"]
        self.case.value = self.case.options[0]
        self._render_profile()

    def _render_profile(self) -> None:
        caseload = self.source.caseload
        match = caseload[caseload["case_id"] == self.case.value]
        if match.empty:
            set_html(self.profile, self._parts.profile(None, [], None, ""))
            return
        case = match.iloc[0]
        single = match.iloc[[0]]
        placed = {s.id: assign_tiers(single, s.id).iloc[0] for s in SCHEMES}
        needs = ", ".join(
            f"{NEED_NAMES[n]} ({case[f'need_{n}']})" for n in NEEDS if case[f"need_{n}"] != "none"
        )
        requirements = ", ".join(
            r.removeprefix("req_").replace("_", " ") for r in case.index if r.startswith("req_") and case[r]
        )
        framing = frame_person(case)
        set_html(
            self.profile,
            self._parts.profile(
                {
                    "id": case["case_id"],
                    "gender": case["gender"],
                    "age": int(case["age"]),
                    "order_type": case["order_type"],
                    "requirements": requirements or "licence conditions",
                    "rosh": case["rosh"],
                    "ogrs": f"{case['ogrs']:.0f}%",
                    "rsr": f"{case['rsr']:.1f}%",
                    "mappa": int(case["mappa_level"]),
                    "needs": needs or "none recorded",
                },
                [
                    {"scheme": s.name, "tier": placed[s.id]["tier"], "reason": placed[s.id]["reason"]}
                    for s in SCHEMES
                ],
                {
                    "risk": framing.risk,
                    "needs": ", ".join(framing.needs) or "none",
                    "responsivity": "; ".join(framing.responsivity) or "nothing recorded",
                    "goods_obstructed": ", ".join(framing.goods_obstructed) or "none",
                    "goods_open": ", ".join(framing.goods_open),
                },
                MAPPING_SOURCE,
            ),
        )
        self._update_reflection(case, placed, framing)

    def _update_reflection(self, case, placed: dict, framing) -> None:
        """Offer a prompt about the person on screen: two tiers, two readings, one first meeting."""
        first, second = placed["hmpps-2021"]["tier"], placed["needs-first"]["tier"]
        targets = ", ".join(framing.needs) or "no scored need"
        goods = ", ".join(framing.goods_open) or "none named"
        text = (
            f"{case['case_id']} is tier {first} under HMPPS 2021 and tier {second} under needs first. RNR "
            f"would target {targets}; Good Lives would build on {goods}. Which reading would you open the "
            "first meeting with, and what would you say?"
        )
        snapshot = {
            "title": f"Risk and needs: {case['case_id']}",
            "parameters": {"case": case["case_id"], "caseload": self.source.label, "group": self.group.value},
            "query": query_for(
                {**self.source.view_controls(), "harm": self.harm, "group": self.group, "case": self.case}
            ),
            "results": {
                "HMPPS 2021 tier": str(first),
                "Needs-first tier": str(second),
                "RNR needs to target": targets,
                "Good Lives goods obstructed": ", ".join(framing.goods_obstructed) or "none",
            },
        }
        self.reflect.update(str(case["case_id"]), text, snapshot)

    # -- text --------------------------------------------------------------------------------------

    def _render_text(self) -> None:
        caseload = self.source.caseload
        placed = programme_intensity(caseload)
        table = pd.crosstab(placed["risk_level"], placed["need_level"]).reindex(
            index=["high", "medium", "low"], columns=["low", "medium", "high"], fill_value=0
        )
        modal = placed.groupby(["risk_level", "need_level"])["intensity"].agg(lambda s: s.mode().iloc[0])
        colours = dict(zip(INTENSITY, ("#f4f1ea", "#d5e6e2", "#a9cfcb"), strict=True))
        rows = [
            (
                risk,
                [
                    {
                        "cases": int(table.loc[risk, need]),
                        "intensity": modal.get((risk, need), INTENSITY[0]),
                        "colour": colours[modal.get((risk, need), INTENSITY[0])],
                    }
                    for need in table.columns
                ],
            )
            for risk in table.index
        ]
        set_html(self.matrix, self._parts.matrix(rows, list(table.columns)))
        group = low_harm_high_need(caseload)
        set_html(
            self.summary,
            self._parts.summary(self.source.label, float(group.mean()), not self.source.synthetic),
        )

    def _layout(self) -> widgets.Widget:
        page = self.frame(
            [
                self.heading("The caseload"),
                self.source.controls,
                self.summary,
                self.frameworks,
                self.heading("Where the caseload sits"),
                self.harm,
                _pair(self.likelihood_panel.widget, self.harm_panel.widget),
                self.matrix,
                self.heading("One person, read two ways"),
                row([self.group, self.case], align_items="flex-end"),
                self.profile,
                self.reflect.widget(),
            ],
            lede="Likelihood of reoffending and risk of harm are different things, and neither says how "
            "much a "
            "person needs. See where a caseload sits, then read one person two ways.",
            related=[
                ("seminar-themes", "Seminar themes on Good Lives and risk"),
                ("caseload-tiering", "Caseload tiering"),
            ],
        )
        page.add_class("wb-risk-needs")
        return page


def _pair(first: widgets.Widget, second: widgets.Widget) -> widgets.Box:
    box = widgets.Box([first, second])
    box.add_class("wb-columns")
    return box


@built_or_explained
def risk_and_needs(*, n: int = 10_000, seed: int = 42) -> RiskAndNeeds:
    """Build the *Risk and needs* page.

    Args:
        n: Size of the synthetic caseload to start with.
        seed: Its seed.

    Returns:
        The page; display it, or drive it by setting its controls' ``.value``.
    """
    return RiskAndNeeds(n=n, seed=seed)
