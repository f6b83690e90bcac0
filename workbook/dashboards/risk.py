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
    RNR_SOURCE,
    ROSH_LEVELS,
    frame_person,
    low_harm_high_need,
    need_count,
    programme_intensity,
)
from workbook.charts import figure_widget, refresh_widget
from workbook.charts.risk import density_counts, risk_need_figure
from workbook.dashboards._caseload_source import CaseloadSource
from workbook.dashboards._html import column, esc, html_block, row, stylesheet, wrap
from workbook.dashboards._reflection import ReflectOnThis
from workbook.dashboards._request import apply_query, query_for, query_parameter
from workbook.tiering import SCHEMES, assign_tiers

GROUPS = (
    ("Low harm, high need (RoSH low or medium, 5+ needs)", "low-harm-high-need"),
    ("High harm, few needs (RoSH high or very high, 2 or fewer)", "high-harm-low-need"),
    ("Any case", "any"),
)
OGRS_EDGES = np.arange(0, 101, 10, dtype=float)
NEED_EDGES = np.arange(-0.5, 11, 1.0)


class RiskAndNeeds:
    """The risk-against-needs page: controls, views and wiring.

    Attributes:
        source: The caseload controls and the caseload.
        harm: Which RoSH levels the likelihood-by-needs density shows.
        group: Which group the case explorer picks from.
        case: The case shown in the explorer.
        likelihood_chart, harm_chart: Live density charts.
        matrix, profile: HTML views.
        container: The whole page, as displayed.
    """

    def __init__(self, *, n: int = 10_000, seed: int = 42):
        self.source = CaseloadSource(self.refresh, n=n, seed=seed)
        self.harm = widgets.Dropdown(
            options=[("Every RoSH level", "all")] + [(f"RoSH {r}", r) for r in ROSH_LEVELS],
            value="all",
            description="Show",
            layout={"width": "260px"},
        )
        self.group = widgets.Dropdown(
            options=GROUPS,
            value="low-harm-high-need",
            description="Pick from",
            layout={"width": "520px"},
            style={"description_width": "80px"},
        )
        self.case = widgets.Dropdown(description="Case", layout={"width": "260px"})
        self.case.add_class("wb-case")
        self.matrix = html_block("")
        self.matrix.add_class("wb-matrix")
        self.profile = html_block("")
        self.profile.add_class("wb-profile")
        self.summary = html_block("")
        apply_query({**self.source.view_controls(), "harm": self.harm, "group": self.group})
        self.likelihood_chart = figure_widget(self._likelihood_figure())
        self.harm_chart = figure_widget(self._harm_figure())
        for chart in (self.likelihood_chart, self.harm_chart):
            chart.add_class("wb-chart")
        self.reflect = ReflectOnThis("risk-and-needs")
        self._fill_cases()
        if query_parameter("case") in self.case.options:  # a journal entry's link back to one person
            self.case.value = query_parameter("case")
            self._render_profile()
        self._render_text()
        self.container = self._layout()
        self.harm.observe(lambda change: self._redraw_likelihood(), names="value")
        self.group.observe(lambda change: self._fill_cases(), names="value")
        self.case.observe(lambda change: self._render_profile(), names="value")

    def _repr_mimebundle_(self, **kwargs):
        return self.container._repr_mimebundle_(**kwargs)

    def refresh(self) -> None:
        """Recount everything for the current caseload."""
        if not hasattr(self, "container"):
            return
        self._redraw_likelihood()
        refresh_widget(self.harm_chart, self._harm_figure())
        self._fill_cases()
        self._render_text()

    # -- figures -------------------------------------------------------------------------------

    def _likelihood_figure(self):
        caseload = self.source.caseload
        if self.harm.value != "all":
            caseload = caseload[caseload["rosh"] == self.harm.value]
        counts = density_counts(
            need_count(caseload), caseload["ogrs"].clip(upper=99.9), NEED_EDGES, OGRS_EDGES
        )
        labels = [f"{int(a)}-{int(a) + 9}%" for a in OGRS_EDGES[:-1]]
        shown = "every RoSH level" if self.harm.value == "all" else f"RoSH {self.harm.value}"
        return risk_need_figure(
            counts,
            [str(i) for i in range(11)],
            labels,
            x_title="needs (of 10)",
            y_title="OGRS two-year %",
            title=f"Likelihood against needs: {shown}",
        )

    def _harm_figure(self):
        caseload = self.source.caseload
        harm = caseload["rosh"].map({level: i for i, level in enumerate(ROSH_LEVELS)})
        counts = density_counts(need_count(caseload), harm, NEED_EDGES, np.arange(-0.5, 4, 1.0))
        return risk_need_figure(
            counts,
            [str(i) for i in range(11)],
            [f"RoSH {r}" for r in ROSH_LEVELS],
            x_title="needs (of 10)",
            y_title="risk of serious harm",
            title="Harm against needs: the low-harm, high-need cases sit bottom right",
        )

    def _redraw_likelihood(self) -> None:
        refresh_widget(self.likelihood_chart, self._likelihood_figure())

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
            self.profile.value = wrap("<p>No case in this caseload matches that group.</p>")
            return
        case = match.iloc[0]
        single = match.iloc[[0]]
        placed = {s.id: assign_tiers(single, s.id).iloc[0] for s in SCHEMES}
        tiers = "".join(
            f"<tr><td>{esc(s.name)}</td><td><b>{esc(placed[s.id]['tier'])}</b></td>"
            f"<td>{esc(placed[s.id]['reason'])}</td></tr>"
            for s in SCHEMES
        )
        needs = ", ".join(
            f"{NEED_NAMES[n]} ({case[f'need_{n}']})" for n in NEEDS if case[f"need_{n}"] != "none"
        )
        requirements = ", ".join(
            r.removeprefix("req_").replace("_", " ") for r in case.index if r.startswith("req_") and case[r]
        )
        framing = frame_person(case)
        self.profile.value = wrap(
            f"<h3>{esc(case['case_id'])}: a synthetic case</h3>"
            f"<p>{esc(case['gender'])}, {int(case['age'])}, {esc(case['order_type'])} "
            f"({esc(requirements or 'licence conditions')}). RoSH <b>{esc(case['rosh'])}</b>, OGRS "
            f"<b>{case['ogrs']:.0f}%</b>, RSR {case['rsr']:.1f}%, MAPPA level {int(case['mappa_level'])}.</p>"
            f"<p>Needs: {esc(needs or 'none recorded')}.</p>"
            "<h3>Its tier under every scheme</h3><table class='wb-table'><tr><th>Scheme</th><th>Tier</th>"
            f"<th>Why</th></tr>{tiers}</table>"
            "<div class='wb-grid'>"
            f"<div class='wb-card'><h3>Risk-Need-Responsivity</h3><p><b>Risk:</b> {esc(framing.risk)}</p>"
            f"<p><b>Needs to target:</b> {esc(', '.join(framing.needs) or 'none')}</p>"
            f"<p><b>Responsivity:</b> {esc('; '.join(framing.responsivity) or 'nothing recorded')}</p></div>"
            f"<div class='wb-card'><h3>Good Lives</h3><p><b>Goods the needs stand in the way of:</b> "
            f"{esc(', '.join(framing.goods_obstructed) or 'none')}</p><p><b>Goods to build on:</b> "
            f"{esc(', '.join(framing.goods_open))}</p>"
            f"<p class='wb-muted'>{esc(MAPPING_SOURCE)}</p></div></div>"
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
        colours = dict(zip(INTENSITY, ("#f4f1ea", "#c9dcd8", "#5f9ea0"), strict=True))
        rows = "".join(
            f"<tr><th>{esc(risk)} risk</th>"
            + "".join(
                f"<td style='background:{colours[modal.get((risk, need), INTENSITY[0])]}'>"
                f"{table.loc[risk, need]:,}"
                f"<br><span class='wb-muted'>{esc(modal.get((risk, need), INTENSITY[0]))}</span></td>"
                for need in table.columns
            )
            + "</tr>"
            for risk in table.index
        )
        self.matrix.value = wrap(
            "<h3>Programme intensity: risk by need</h3><table class='wb-table'><tr><th></th><th>low need</th>"
            f"<th>medium need</th><th>high need</th></tr>{rows}</table><p class='wb-muted'>After the HMPPS "
            "Programme Needs Identifier (FACTS.md 2c): high intensity only in custody for high risk and high "
            "need. Our approximations: need from the eight scored OASys sections (standard 1, severe 2), "
            "risk "
            "from OGRS and RSR bands.</p>"
        )
        group = low_harm_high_need(caseload)
        principles = "".join(
            f"<li><b>{esc(k.capitalize())}:</b> {esc(v)}</li>" for k, v in RNR_PRINCIPLES.items()
        )
        self.summary.value = wrap(
            f"<p>Showing <b>{esc(self.source.label)}</b>. <b>{group.mean():.0%}</b> of cases are at low or "
            "medium "
            "risk of harm with five or more needs: the group a harm-first tiering can overlook.</p>"
            "<div class='wb-grid'><div class='wb-card'><h3>RNR in three principles</h3>"
            f"<ul>{principles}</ul><p class='wb-muted'>{esc(RNR_SOURCE)}</p></div>"
            "<div class='wb-card'><h3>The Good Lives Model</h3><p>Offending is read as a harmful way of "
            "seeking "
            f"ordinary human goods. The eleven primary goods: {esc(', '.join(GOODS.values()))}.</p>"
            "<p class='wb-muted'>Ward and colleagues, via Stop It Now (FACTS.md 9). The seminar heard it "
            "evolving alongside RNR, with different theory underneath.</p></div></div>"
        )

    def _layout(self) -> widgets.Widget:
        page = column(
            [
                stylesheet(),
                html_block(
                    '<p class="wb-lede">Likelihood of reoffending and risk of harm are different things, and '
                    "neither says how much a person needs. See where a caseload sits, then read one person "
                    "two ways.</p>"
                    '<p class="wb-muted"><a href="00-start-here.ipynb">← Start here</a> · Seminar themes: '
                    '<a href="01-seminar-themes.ipynb">Good Lives and RNR; tiering by risk versus needs; '
                    'desistance</a> · <a href="03-caseload-tiering.ipynb">Caseload tiering →</a></p>'
                    '<p class="wb-banner"><b>Illustrative only.</b> Synthetic cases; no figure here '
                    "describes or "
                    "predicts a real person.</p>"
                ),
                self.source.controls,
                self.summary,
                row(
                    [
                        column([self.harm, self.likelihood_chart], flex="1 1 520px"),
                        column([self.harm_chart], flex="1 1 520px"),
                    ],
                    flex_flow="row wrap",
                ),
                self.matrix,
                html_block("<h2>One person, read two ways</h2>"),
                row([self.group, self.case], flex_flow="row wrap"),
                self.profile,
                self.reflect.widget(),
            ],
            padding="8px 4px 24px",
        )
        page.add_class("wb-risk-needs")
        return page


def risk_and_needs(*, n: int = 10_000, seed: int = 42) -> RiskAndNeeds:
    """Build the *Risk and needs* page.

    Args:
        n: Size of the synthetic caseload to start with.
        seed: Its seed.

    Returns:
        The page; display it, or drive it by setting its controls' ``.value``.
    """
    return RiskAndNeeds(n=n, seed=seed)
