"""Scenario cards and the Compliance scenarios page driven without a browser."""

from __future__ import annotations

import base64
import json
import re

import ipywidgets as widgets
import pytest

from workbook.caseload import generate
from workbook.compliance import (
    Scenario,
    _parameters,
    card_by_id,
    compare_scenarios,
    load_cards,
    reflection_prompt,
)
from workbook.dashboards import compliance_scenarios

SEMINAR_CARDS = {
    "lincolnshire-70", "shift-working-employer", "fifteen-minutes-late", "drr-drug-use-continues",
    "transitions-welfare-model", "rota-versus-own-manager", "programme-starts", "intensive-ppo",
}  # fmt: skip


def test_every_seminar_example_has_a_card_linked_to_real_excerpts(corpus):
    cards = load_cards()
    assert {c.id for c in cards} == SEMINAR_CARDS
    known = set(corpus.excerpts["id"])
    for card in cards:
        assert card.excerpts and set(card.excerpts) <= known, card.id
        assert card.shows and card.question.endswith("?"), card.id
        card.scenario()  # every card's levers are within their ranges


def test_unknown_card_names_the_known_ones():
    with pytest.raises(KeyError, match="known: lincolnshire-70"):
        card_by_id("no-such-card")


def test_a_card_moves_outcomes_the_way_its_example_says():
    caseload = generate(2_000, seed=3)
    shift = compare_scenarios(
        caseload, Scenario(), card_by_id("shift-working-employer").scenario(), seeds=[1, 2]
    )
    groups = shift.groups.pivot(index="group", columns="run", values="kept_share")
    gain = groups["scenario"] - groups["baseline"]
    assert gain["Shift workers"] > 2 * gain["Everyone"] > 0


def test_reflection_prompt_names_what_changed():
    caseload = generate(1_000, seed=4)
    same = compare_scenarios(caseload, Scenario(), Scenario(), seeds=[1])
    assert "Almost nothing changed" in reflection_prompt(same.summary)


@pytest.fixture(scope="module")
def page(corpus):
    return compliance_scenarios(corpus, n=1_000)


def test_opens_on_the_lincolnshire_card_with_results_and_chart(page):
    assert page.levers["text_reminders"].value and page.levers["compliance_mentor"].value
    assert "Reaching 70% in Lincolnshire" in page.card_text.value and "excerpt g-02" in page.card_text.value
    assert "Appointments kept" in page.results.value and "To reflect on" in page.results.value
    assert len(page.chart.figure["data"]) == 8
    assert page.progress.value == page.progress.max == 6


def test_moving_a_lever_leaves_the_card_and_redraws(page):
    before = list(page.chart.figure["data"][3]["y"])
    page.levers["text_reminders"].value = False
    assert page.card.value == "custom"
    assert list(page.chart.figure["data"][3]["y"]) != before
    assert "Your own levers" in page.card_text.value


def test_a_lever_change_reuses_the_baseline_runs(page):
    before = page.comparison
    page.levers["verbal_warning"].value = not page.levers["verbal_warning"].value
    same = zip(page.comparison.baseline_runs, before.baseline_runs, strict=True)
    assert all(now is then for now, then in same)
    assert page.comparison.summary["baseline"].equals(before.summary["baseline"])
    assert page.progress.max == page.replicates.value
    page.seed.value += 1
    assert page.comparison.baseline_runs[0] is not before.baseline_runs[0]


def test_a_short_run_sends_no_progress_ahead_of_its_chart_and_a_long_one_does(page):
    page.levers["verbal_warning"].value = not page.levers["verbal_warning"].value  # the bar shows 3 runs done
    moves = []
    page.progress.observe(moves.append, names="value")
    page.levers["verbal_warning"].value = not page.levers["verbal_warning"].value  # 1,000 cases, 3 runs
    assert moves == [] and page.progress.value == page.progress.max
    page.replicates.value = 20  # 1,000 cases, 40 runs: long enough to watch
    assert [m["new"] for m in moves] == list(range(41)) and page.progress.max == 40
    page.replicates.value = 3


def test_choosing_a_card_sets_its_levers(page):
    page.card.value = "transitions-welfare-model"
    assert page.levers["compliance_mentor"].value is True
    assert page.levers["contact_intensity"].value == pytest.approx(1.5)
    assert "Transitions" in page.card_text.value
    assert "Young adults (18-20)" in page.details.value


def test_the_export_carries_parameters_seeds_version_and_results(page):
    link = r'download="compliance-scenario.json" href="data:application/json;charset=utf-8;base64,([^"]+)"'
    match = re.search(link, page.exports.value)
    record = json.loads(base64.b64decode(match.group(1)))
    assert record["workbook"] and record["seeds"] == list(page.comparison.seeds)
    assert record["scenario"]["name"] == page.scenario().name
    assert {row["measure"] for row in record["summary"]} >= {"Appointments kept", "Breaches per 100 orders"}
    assert "not a prediction" in record["note"]


def test_named_levers_are_dropdowns_of_the_choices_in_the_data(page):
    schedule, starts = page.levers["schedule"], page.levers["programme_starts"]
    assert isinstance(schedule, widgets.Dropdown) and isinstance(starts, widgets.Dropdown)
    assert dict(schedule.options) == {
        "National Standards 2005": "ns2005",
        "National Standards 2007": "ns2007",
    }
    assert [value for _, value in starts.options] == ["cohort", "rolling"]
    assert starts.value == "cohort" and page.scenario().programme_starts == "cohort"
    page.card.value = "programme-starts"
    assert starts.value == "rolling" and "rolling basis" in page.card_text.value
    assert "With a programme requirement" in page.details.value
    starts.value = "cohort"
    assert page.card.value == "custom" and page.scenario().programme_starts == "cohort"


def test_a_schedule_added_to_the_data_file_is_offered(corpus, tmp_path, monkeypatch):
    shipped = _parameters.SCHEDULES_FILE.read_text(encoding="utf-8")
    local = shipped.split("[schedule.ns2007]")[0].replace("[schedule.ns2005", "[schedule.local")
    local = local.replace('label = "National Standards 2005"', 'label = "Our area, 2009"', 1)
    path = tmp_path / "schedules.toml"
    path.write_text(shipped + "\n" + local, encoding="utf-8")
    monkeypatch.setattr(_parameters, "SCHEDULES_FILE", path)
    page = compliance_scenarios(corpus, n=1_000)
    assert ("Our area, 2009", "local") in page.levers["schedule"].options
    page.levers["schedule"].value = "local"
    assert page.scenario().schedule == "local" and page.card.value == "custom"


def test_up_to_three_named_scenarios_are_kept_side_by_side(corpus):
    page = compliance_scenarios(corpus, n=1_000)
    page.replicates.value = 1
    for name, card in (("texts", "lincolnshire-70"), ("shifts", "shift-working-employer"),
                       ("<b>rota</b>", "rota-versus-own-manager"), ("ppo", "intensive-ppo")):  # fmt: skip
        page.card.value = card
        page.save_name.value = name
        page.save.click()
    assert list(page.saved) == ["shifts", "<b>rota</b>", "ppo"]
    assert "texts was dropped" in page.saved_view.value
    assert "&lt;b&gt;rota&lt;/b&gt;" in page.saved_view.value and "<b>rota" not in page.saved_view.value
    assert page.saved_view.value.count("<tr>") == 1 + len(page.comparison.summary)


def test_officer_hours_per_case_are_shown_by_tier_and_rise_with_it(corpus):
    page = compliance_scenarios(corpus, n=1_000)
    assert "Officer hours per case, by tier" in page.details.value
    hours = page.comparison.tiers.query("run == 'baseline'").sort_values("tier")["officer_hours_per_case"]
    assert hours.is_monotonic_increasing
    for value in hours:
        assert f"{value:.1f}" in page.details.value


def test_a_table_under_a_heading_of_the_same_words_keeps_its_caption_for_screen_readers_only(page):
    for words in ("Appointments kept, by group", "Officer hours and cost over a year"):
        assert f"<h3>{words}</h3>" in page.details.value
        assert f'<caption class="wb-visually-hidden">{words}</caption>' in page.details.value
        assert f'aria-label="{words}"' in page.details.value  # the scroll region keeps its name
