"""Scenario cards whose words follow their numbers: every card's text against its own run.

Each card is run as the page runs it (2,000 synthetic cases, seeds 1-3), and again as the
command line does for the seminar's central example (10,000 cases, seeds 1-5). The test works
out from the raw runs, independently of the card code, what every claim's numbers support,
and holds the card's words to it: a claim stated only when every replicate bears it out, the
numbers quoted the run's, the prompt the one its result calls for, and the card's own words
asserting no result at all.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from workbook.caseload import generate
from workbook.compliance import (
    GROUP_LABELS,
    MEASURES,
    SUBGROUPS,
    Scenario,
    compare_scenarios,
    format_measure,
    load_cards,
    load_parameters,
    result_values,
    simulate,
)

CARDS = load_cards()
PAGE_SEEDS = (1, 2, 3)
NUMBER = re.compile(r"[+−-]?\d[\d,]*(?:\.\d+)?")
ASSERTIONS = re.compile(  # words that state a result; a card's own text is setting and question only
    r"\b(is met|are met|rose|rises|fell|falls|part ways|keeps them|more appointments|fewer|improve[sd]?)\b",
    re.I,
)


@pytest.fixture(scope="module")
def page_caseload():
    return generate(2_000, seed=1)


def _runs(caseload, card, seeds):
    """The baseline's and the card's raw runs, seed by seed, as the page makes them."""
    params = dict(card.params) or None
    return {
        "baseline": [simulate(caseload, Scenario(name="Baseline"), seed=s) for s in seeds],
        "scenario": [simulate(caseload, card.scenario(), seed=s, params=params) for s in seeds],
    }


def _measure(result, caseload, measure: str, group: str) -> float:
    """A measure worked out from one run's per-case rows, for everyone or a subgroup."""
    if measure == "appointments":
        return float(result.appointments["appointments"].sum())
    if group != "Everyone":
        chosen = result.appointments[SUBGROUPS[group](caseload).to_numpy(bool)]
        return (chosen["kept"].sum() + chosen["late_ok"].sum()) / chosen["appointments"].sum()
    return float(result.summary[measure].iloc[0])


def _supported(claim, runs, caseload) -> str:
    """What the replicates support, worked out from the raw runs: holds, contrary or unclear."""
    values = {
        run: np.array([_measure(r, caseload, claim.measure, claim.group) for r in results])
        for run, results in runs.items()
    }
    if claim.kind == "target":
        if values["scenario"].min() >= claim.target:
            return "holds"
        return "contrary" if values["scenario"].max() < claim.target else "unclear"
    change = values["scenario"] - values["baseline"]
    if claim.kind == "more":
        other = {
            run: np.array([_measure(r, caseload, claim.than, "Everyone") for r in results])
            for run, results in runs.items()
        }
        change = change - (other["scenario"] - other["baseline"])
    else:
        change = change if claim.direction == "up" else -change
    return "holds" if change.min() > 0 else "contrary" if change.max() < 0 else "unclear"


def _mean_change(claim, runs, caseload) -> float:
    """The mean change over seeds; for a subgroup, pooled over seeds as the page pools it."""
    if claim.group == "Everyone":
        values = {
            run: [_measure(r, caseload, claim.measure, "Everyone") for r in rs] for run, rs in runs.items()
        }
        return float(np.mean(values["scenario"]) - np.mean(values["baseline"]))
    chosen = SUBGROUPS[claim.group](caseload).to_numpy(bool)
    pooled = {}
    for run, results in runs.items():
        rows = [r.appointments[chosen] for r in results]
        kept = sum(int(a["kept"].sum() + a["late_ok"].sum()) for a in rows)
        pooled[run] = kept / sum(int(a["appointments"].sum()) for a in rows)
    return pooled["scenario"] - pooled["baseline"]


def _formatted_change(measure: str, value: float) -> str:
    if measure == "appointments":
        return f"{value:+,.0f}".replace("-", "−")
    return format_measure(measure, value, change=True)


def _check_card(card, caseload, seeds):
    runs = _runs(caseload, card, seeds)
    comparison = compare_scenarios(
        caseload,
        Scenario(name="Baseline"),
        card.scenario(),
        seeds=seeds,
        scenario_params=dict(card.params) or None,
    )
    result = card.assess(comparison)
    for finding in result.findings:
        claim = finding.claim
        supported = _supported(claim, runs, caseload)
        assert finding.outcome == supported, (card.id, finding.text, supported)
        text = finding.text
        if claim.kind == "target":
            target = f"{claim.target:.0%} target"
            assert ("target is met" in text) == (supported == "holds"), text
            assert ("short of the " + target in text) == (supported == "contrary"), text
            scenario = np.mean([_measure(r, caseload, claim.measure, "Everyone") for r in runs["scenario"]])
            assert format_measure(claim.measure, scenario) in text  # the number quoted is the run's
            if supported == "contrary":
                assert f"{100 * (claim.target - scenario):.1f} points short" in text
        elif claim.kind == "change":
            way = "up" if claim.direction == "up" else "down"
            other = "down" if way == "up" else "up"
            assert (f": {way} " in text) == (supported == "holds"), text
            assert (f": {other} " in text) == (supported == "contrary"), text
            assert ("no clear change" in text) == (supported == "unclear"), text
        else:
            assert ("more than" in text) == (supported != "unclear"), text
        if claim.kind == "change":  # the change quoted is the run's
            change = _mean_change(claim, runs, caseload)
            assert finding.headline == _formatted_change(claim.measure, change), (finding.headline, change)
            assert finding.headline.lstrip("+−") in text
    prompt = card.reflect[result.findings[0].outcome].format_map(
        result_values(comparison, GROUP_LABELS[card.group])
    )
    assert result.prompt == prompt and "{" not in prompt
    return result, comparison


@pytest.mark.parametrize("card", CARDS, ids=[c.id for c in CARDS])
def test_every_card_says_only_what_its_numbers_support(card, page_caseload):
    _check_card(card, page_caseload, PAGE_SEEDS)


def test_the_lincolnshire_card_as_the_command_line_runs_it():
    card = next(c for c in CARDS if c.id == "lincolnshire-70")
    result, comparison = _check_card(card, generate(10_000, seed=1), (1, 2, 3, 4, 5))
    kept = comparison.summary.loc[MEASURES["kept_share"]]
    assert kept["scenario_low"] >= 0.70 and result.headline.outcome == "holds"  # 75.2% after issue 16


def test_a_card_says_what_happened_when_its_claim_fails(page_caseload):
    """Below the target the card says how far short it falls, never that the target is met."""
    card = next(c for c in CARDS if c.id == "lincolnshire-70")
    # an area where more people miss for illness, and texts at the trials' smallest effect
    harder = {"illness_chance": 0.35, "reminder_missing_cut": 0.13}
    comparison = compare_scenarios(
        page_caseload, Scenario(name="Baseline"), card.scenario(), seeds=PAGE_SEEDS,
        baseline_params=harder, scenario_params=harder,
    )  # fmt: skip
    finding = card.assess(comparison).headline
    kept = comparison.summary.loc[MEASURES["kept_share"]]
    assert kept["scenario_high"] < 0.70 and finding.outcome == "contrary"
    short = f"{100 * (0.70 - kept['scenario']):.1f} points short of the 70% target"
    assert "target is met" not in finding.text and short in finding.text
    assert "still not met" in card.assess(comparison).prompt


@pytest.mark.parametrize("card", CARDS, ids=[c.id for c in CARDS])
def test_a_cards_own_words_assert_no_result(card):
    """Its setting and question hold no result; numbers in them are its settings or its target."""
    own = f"{card.shows} {card.question}"
    assert not ASSERTIONS.search(own), (card.id, ASSERTIONS.search(own))
    parameters = load_parameters()
    settings = {f"{100 * c.target:.0f}" for c in card.claims if c.target is not None}
    for name, value in card.params.items():
        settings |= {f"{100 * value:.0f}", f"{100 * parameters[name].value:.0f}"}
    for number in NUMBER.findall(own):
        assert number in settings, (card.id, number)


def test_every_card_has_its_own_prompt_from_its_own_result(page_caseload):
    prompts = {}
    for card in CARDS:
        comparison = compare_scenarios(
            page_caseload, Scenario(), card.scenario(), seeds=(1,), scenario_params=dict(card.params) or None
        )
        prompts[card.id] = card.assess(comparison).prompt
        values = result_values(comparison, GROUP_LABELS[card.group])
        for outcome, template in card.reflect.items():  # every branch fills from a run
            assert "{" not in template.format_map(values), (card.id, outcome)
        assert any(number in prompts[card.id] for number in NUMBER.findall(" ".join(values.values())))
    assert len(set(prompts.values())) == len(CARDS)


def test_the_over_time_chart_counts_whole_schedule_cycles(page_caseload):
    comparison = compare_scenarios(page_caseload, Scenario(), Scenario(schedule="ns2007"), seeds=(1, 2))
    weekly = comparison.weekly[comparison.weekly["run"] == "baseline"]
    assert (weekly["week_to"] - weekly["week"] + 1).eq(4).all() and len(weekly) == 13
    run = simulate(page_caseload, Scenario(), seed=1).weekly
    first = run[run["week"] < 4]
    assert weekly["kept_share"].iloc[0] == pytest.approx(
        np.mean([(first["kept"].sum() / first["appointments"].sum())]), abs=0.02
    )
    # weekly bins zig-zag after week 26 (fortnightly and monthly contact); 4-week windows do not
    late = simulate(page_caseload, Scenario(), seed=1).weekly.query("week >= 28")["kept_share"]
    windows = weekly.query("week >= 28")["kept_share"]
    assert np.abs(np.diff(windows)).max() < np.abs(np.diff(late.dropna())).max()


def test_simulate_says_where_it_wrote_and_prints_one_unit_per_measure(tmp_path, capsys):
    from workbook.cli import main

    out = tmp_path / "lincs.json"
    small = ["--cases", "600", "--replicates", "2"]
    assert main(["simulate", "--card", "lincolnshire-70", *small, "--out", str(out)]) == 0
    assert capsys.readouterr().err.startswith(f"wrote {out} (JSON: 8 measures, 2 seeds)")
    record = json.loads(out.read_text())
    assert record["card"] == "lincolnshire-70" and record["caseload_seed"] == 1 and record["cases"] == 600
    assert {row["unit"] for row in record["summary"]} == {"share", "per 100 appointments", "per 100 orders"}
    assert main(["simulate", "--card", "shift-working-employer", *small]) == 0
    screen = capsys.readouterr().out
    kept = next(line for line in screen.splitlines() if line.startswith("Appointments kept"))
    assert re.search(r"\d\d\.\d% +\d\d\.\d% +[+−]\d+\.\d points", kept), kept  # not 0.685294
    breaches = next(line for line in screen.splitlines() if line.startswith("Breaches per 100 orders"))
    assert "%" not in breaches and "points" not in breaches
    assert "What this run shows:" in screen and "shift workers" in screen


def test_page_and_command_line_export_the_same_record(page_caseload, tmp_path, capsys):
    from workbook.cli import main

    out = tmp_path / "shift.json"
    main(
        [
            "simulate",
            "--card",
            "shift-working-employer",
            "--cases",
            "300",
            "--replicates",
            "1",
            "--out",
            str(out),
        ]
    )
    capsys.readouterr()
    written = json.loads(out.read_text())
    card = next(c for c in CARDS if c.id == "shift-working-employer")
    again = compare_scenarios(generate(300, seed=1), Scenario(name="Baseline"), card.scenario(), seeds=[1])
    assert written == json.loads(json.dumps(again.to_record(caseload_seed=1, card=card.id)))


@pytest.mark.browser
def test_the_headline_sits_beside_the_card_on_the_first_screen(browser, voila_server):
    from browsing import assert_clean, visiting
    from conftest import ARTIFACTS
    from playwright.sync_api import expect

    with visiting(
        browser, voila_server, "05-compliance-scenarios.ipynb", ".wb-compliance .wb-card-headline .wb-stat"
    ) as visit:
        page = visit.page
        page.set_viewport_size({"width": 1366, "height": 768})
        page.evaluate("window.scrollTo(0, 0)")
        headline = page.locator(".wb-card-headline .wb-headline")
        expect(headline).to_contain_text("target 70%")
        card = page.locator(".wb-card-text .wb-card")
        expect(card).to_contain_text("What this run shows")
        box, text = headline.bounding_box(), card.bounding_box()
        assert box["y"] + box["height"] <= 768, box  # on the first screen
        assert box["x"] >= text["x"] + text["width"] - 1 and abs(box["y"] - text["y"]) < 40, (box, text)
        page.screenshot(path=ARTIFACTS / "compliance-card-first-screen-1366x768.png")
        page.set_viewport_size({"width": 390, "height": 844})
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=ARTIFACTS / "compliance-card-first-screen-390x844.png")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert_clean(visit)
