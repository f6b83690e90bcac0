"""What a scenario card may say about its run: claims whose words follow the numbers.

A card names the claims its seminar example makes ("the target is met", "shift workers keep
more appointments", "engagement rises more than attendance"). Each is assessed against the
comparison's replicate ranges, paired seed by seed: it is stated only when every replicate
supports it; otherwise the card says what happened instead ("reaches 69.8%, 0.2 points short
of 70%"). The card's reflection prompt is chosen by, and filled from, its own result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from workbook.compliance._compare import MEASURES, Comparison, format_measure

KINDS = ("target", "change", "more")
OUTCOMES = ("holds", "contrary", "unclear")
SHORT_NAMES = {  # a measure's name in a card's prompt: {kept}, {kept_base}, {kept_change} ...
    "kept_share": "kept",
    "engagement_mean": "engagement",
    "acceptable_per_100": "acceptable",
    "unacceptable_per_100": "unacceptable",
    "warnings_per_100_orders": "warnings",
    "breaches_per_100_orders": "breaches",
    "share_2plus_unacceptable": "two_plus_unacceptable",
    "completed_share": "completed",
}
GROUP_PHRASES = {  # how a subgroup reads inside a sentence
    "Everyone": "everyone",
    "Young adults (18-20)": "young adults (18-20)",
    "Women": "women",
    "On a DRR": "people on a DRR",
    "PPOs": "PPOs",
    "Shift workers": "shift workers",
    "With a programme requirement": "people with a programme requirement",
}


@dataclass(frozen=True)
class Claim:
    """A claim a card's example makes about its run.

    Attributes:
        kind: ``"target"`` (the measure reaches ``target``), ``"change"`` (it moves in
            ``direction``) or ``"more"`` (it moves up more than ``than`` does).
        measure: A key of ``MEASURES``, or ``"appointments"`` (appointments offered).
        group: A subgroup label (``SUBGROUPS``); other than ``"Everyone"`` only for appointments kept.
        direction: ``"up"`` or ``"down"``, for a change.
        target: The target, for ``"target"``.
        than: The other measure, for ``"more"``.
    """

    kind: str
    measure: str
    group: str = "Everyone"
    direction: str = "up"
    target: float | None = None
    than: str = ""


@dataclass(frozen=True)
class Finding:
    """A claim assessed against a run: what the card may say.

    Attributes:
        claim: The claim.
        outcome: ``"holds"`` (every replicate supports it), ``"contrary"`` (every replicate
            contradicts it) or ``"unclear"`` (the replicates disagree).
        text: The sentence to show, which says what happened.
        headline: The result in a few characters, e.g. ``"75.2%"`` or ``"+5.3 points"``.
        caption: What the headline is, e.g. ``"appointments kept (68.2% without)"``.
    """

    claim: Claim
    outcome: str
    text: str
    headline: str
    caption: str


def parse_claim(entry: Mapping, where: str) -> Claim:
    """A claim from a card's ``[[card.claim]]`` table.

    Raises:
        ValueError: If a field is unknown or missing for its kind; the message names ``where``.
    """
    claim = Claim(**dict(entry))
    known = {*MEASURES, "appointments"}
    if claim.kind not in KINDS:
        raise ValueError(f"{where}: claim kind must be one of {', '.join(KINDS)}, not {claim.kind!r}")
    if claim.measure not in known or (claim.kind == "more" and claim.than not in known):
        raise ValueError(f"{where}: unknown measure in claim {entry}")
    if claim.group not in GROUP_PHRASES or (claim.group != "Everyone" and claim.measure != "kept_share"):
        raise ValueError(f"{where}: a group claim can only be about appointments kept: {entry}")
    if claim.direction not in ("up", "down") or (claim.kind == "target") != (claim.target is not None):
        raise ValueError(f"{where}: a target claim needs a target, and a direction is up or down: {entry}")
    return claim


def paired_changes(comparison: Comparison, measure: str) -> np.ndarray:
    """The scenario's change in a measure against the baseline, one per seed (the same seed on both)."""
    if measure not in comparison.replicates.columns:
        raise KeyError(f"no measure {measure!r} in the comparison")
    wide = comparison.replicates.pivot(index="seed", columns="run", values=measure)
    return (wide["scenario"] - wide["baseline"]).to_numpy(float)


def assess(claim: Claim, comparison: Comparison) -> Finding:
    """Assess one claim against a comparison's replicates.

    Example:
        >>> from workbook.caseload import generate
        >>> from workbook.compliance import Scenario, compare_scenarios
        >>> texts = Scenario(text_reminders=True)
        >>> c = compare_scenarios(generate(500, seed=1), Scenario(), texts, seeds=[1, 2])
        >>> finding = assess(Claim("target", "kept_share", target=0.70), c)
        >>> finding.outcome, finding.text.startswith("The 70% target is met")
        ('holds', True)
    """
    if claim.kind == "target":
        return _target(claim, comparison)
    if claim.kind == "more":
        return _more(claim, comparison)
    return _change(claim, comparison)


def _label(measure: str) -> str:
    return "Appointments offered" if measure == "appointments" else MEASURES[measure].split(" (")[0]


def _change_text(measure: str, value: float) -> str:
    if measure == "appointments":
        return f"{value:+,.0f}".replace("-", "−")
    return format_measure(measure, value, change=True)


def _spread(measure: str, low: float, high: float) -> str:
    """A range of changes with its unit once: '+5.0 to +5.8 points across replicates'."""
    low_text, high_text = _change_text(measure, low), _change_text(measure, high)
    unit = " points" if high_text.endswith(" points") else ""
    low_text, high_text = low_text.removesuffix(" points"), high_text.removesuffix(" points")
    return f"{low_text} to {high_text}{unit} across replicates"


def _size(measure: str, value: float) -> str:
    """A change's size without its sign: '7.0 points', '12.8', '1,250'."""
    return _change_text(measure, abs(value)).lstrip("+")


def _target(claim: Claim, c: Comparison) -> Finding:
    row = c.summary.loc[MEASURES[claim.measure]]
    value, low, high = (format_measure(claim.measure, row[f"scenario{k}"]) for k in ("", "_low", "_high"))
    base, target = format_measure(claim.measure, row["baseline"]), f"{claim.target:.0%}"
    label = _label(claim.measure)
    if row["scenario_low"] >= claim.target:
        outcome = "holds"
        text = (
            f"The {target} target is met: {label.lower()} reach {value} (from {base}; {low}–{high} "
            "across replicates)."
        )
    elif row["scenario_high"] < claim.target:
        outcome = "contrary"
        gap = f"{100 * (claim.target - row['scenario']):.1f}"
        text = f"{label} reach {value} (from {base}), {gap} points short of the {target} target."
    else:
        outcome = "unclear"
        text = (
            f"{label} reach {value} (from {base}); across replicates ({low}–{high}) that is not clearly "
            f"above or below the {target} target."
        )
    return Finding(claim, outcome, text, value, f"{label.lower()} ({base} without), target {target}")


def _change(claim: Claim, c: Comparison) -> Finding:
    if claim.group == "Everyone":
        changes = paired_changes(c, claim.measure)
        mean = float(changes.mean())
    else:
        row = c.group_changes.set_index("group").loc[claim.group]
        changes = np.array([row["difference_low"], row["difference_high"]])
        mean = float(row["difference"])
    low, high = float(changes.min()), float(changes.max())
    label = _label(claim.measure)
    subject = label if claim.group == "Everyone" else f"{label} among {GROUP_PHRASES[claim.group]}"
    spread = _spread(claim.measure, low, high)
    expected = 1 if claim.direction == "up" else -1
    way = {1: "up", -1: "down"}
    signed = expected * changes  # positive where a replicate moved the way the example says
    if signed.min() > 0:
        outcome, text = "holds", f"{subject}: {way[expected]} {_size(claim.measure, mean)} ({spread})."
    elif signed.max() < 0:
        outcome = "contrary"
        text = (
            f"{subject}: {way[-expected]} {_size(claim.measure, mean)}, where the example suggests "
            f"{way[expected]} ({spread})."
        )
    else:
        outcome = "unclear"
        text = f"{subject}: no clear change ({_change_text(claim.measure, mean)}; {spread})."
    caption = label.lower() if claim.group == "Everyone" else f"{label.lower()}, {GROUP_PHRASES[claim.group]}"
    return Finding(claim, outcome, text, _change_text(claim.measure, mean), caption)


def _more(claim: Claim, c: Comparison) -> Finding:
    first, second = paired_changes(c, claim.measure), paired_changes(c, claim.than)
    gaps = first - second
    a, b = _label(claim.measure), _label(claim.than)
    a_text, b_text = _change_text(claim.measure, first.mean()), _change_text(claim.than, second.mean())
    if gaps.min() > 0:  # every replicate: the first gains more (or loses less) than the second
        outcome, text = "holds", f"{a}: {a_text}, more than {b.lower()} ({b_text})."
    elif gaps.max() < 0:
        outcome, text = "contrary", f"{b}: {b_text}, more than {a.lower()} ({a_text})."
    else:
        outcome = "unclear"
        text = f"{a} ({a_text}) and {b.lower()} ({b_text}): about the same, across replicates."
    return Finding(claim, outcome, text, a_text, f"{a.lower()}, against {b.lower()} ({b_text})")


def result_values(comparison: Comparison, group: str = "Everyone") -> dict[str, str]:
    """The run's results as words to fill a card's prompt.

    Returns:
        For each measure, its short name (``SHORT_NAMES``) with the scenario's value, and with
        ``_base`` and ``_change`` after it the baseline's and the change; ``group`` (the group, a
        ``SUBGROUPS`` label, in words), ``group_kept_change`` and ``appointments_change``.
    """
    summary = comparison.summary
    values = {"group": GROUP_PHRASES.get(group, "everyone")}
    for key, label in MEASURES.items():
        name = SHORT_NAMES[key]
        values[name] = format_measure(key, summary.loc[label, "scenario"])
        values[f"{name}_base"] = format_measure(key, summary.loc[label, "baseline"])
        values[f"{name}_change"] = format_measure(key, summary.loc[label, "difference"], change=True)
    changes = comparison.group_changes.set_index("group")["difference"]
    group_change = changes.get(group, changes["Everyone"])
    values["group_kept_change"] = format_measure("kept_share", group_change, change=True)
    offered = paired_changes(comparison, "appointments").mean()
    values["appointments_change"] = _change_text("appointments", offered)
    return values
