"""Scenario cards: the seminar's own examples as named presets of the compliance model.

A card's own words are its setting (``shows``) and a question to discuss; what its run shows
comes from its claims, each assessed against the run (``Card.assess``), and its reflection
prompt is chosen by, and filled from, its own result.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from types import MappingProxyType

from workbook.compliance._claims import OUTCOMES, Claim, Finding, assess, parse_claim, result_values
from workbook.compliance._compare import Comparison
from workbook.compliance._scenario import Scenario
from workbook.paths import DATA_DIR

CARDS_FILE = DATA_DIR / "compliance" / "cards.toml"
GROUPS = ("all", "youth", "women", "drr", "ppo", "shift", "programme")
GROUP_LABELS = dict(  # each card group's subgroup in the comparison
    zip(GROUPS, ("Everyone", "Young adults (18-20)", "Women", "On a DRR", "PPOs", "Shift workers",
                 "With a programme requirement"), strict=True)
)  # fmt: skip


@dataclass(frozen=True)
class Card:
    """One scenario card.

    Attributes:
        id: Stable id, e.g. ``"shift-working-employer"``.
        title: The card's title.
        shows: What the card shows, in a sentence.
        question: The question to discuss.
        excerpts: Ids of the seminar excerpts it comes from.
        group: The subgroup it is about (``GROUPS``).
        levers: Lever values that differ from the baseline.
        params: Model-rate overrides by parameter id.
        claims: What the seminar's example says the run will show, to be assessed against it;
            the first is the card's headline.
        reflect: A reflection prompt for each outcome of the first claim (``holds``, ``contrary``,
            ``unclear``), with ``{kept}``, ``{engagement_change}`` and the like filled from the run
            (``result_values``).
    """

    id: str
    title: str
    shows: str
    question: str
    excerpts: tuple[str, ...]
    group: str
    levers: MappingProxyType
    params: MappingProxyType
    claims: tuple[Claim, ...] = ()
    reflect: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    def scenario(self, baseline: Scenario | None = None) -> Scenario:
        """The baseline with this card's levers set, named after the card."""
        return dataclasses.replace(baseline or Scenario(), name=self.title, **dict(self.levers))

    def assess(self, comparison: Comparison) -> CardResult:
        """What this card may say about a run of its scenario against the baseline.

        Example:
            >>> from workbook.caseload import generate
            >>> from workbook.compliance import compare_scenarios
            >>> card = card_by_id("lincolnshire-70")
            >>> run = compare_scenarios(generate(500, seed=1), Scenario(), card.scenario(), seeds=[1, 2])
            >>> result = card.assess(run)
            >>> result.headline.outcome, "70%" in result.headline.text
            ('holds', True)
        """
        findings = tuple(assess(claim, comparison) for claim in self.claims)
        values = result_values(comparison, GROUP_LABELS[self.group])
        prompt = self.reflect[findings[0].outcome].format_map(values)
        return CardResult(self, findings, prompt)


@dataclass(frozen=True)
class CardResult:
    """A card's claims assessed against a run, and the reflection prompt its result gives.

    Attributes:
        card: The card.
        findings: One per claim, in the card's order; the first is the headline.
        prompt: The reflection prompt, filled from the run.
    """

    card: Card
    findings: tuple[Finding, ...]
    prompt: str

    @property
    def headline(self) -> Finding:
        """The card's headline result."""
        return self.findings[0]


def load_cards(path=None) -> tuple[Card, ...]:
    """Load the scenario cards.

    Raises:
        ValueError: If a card names an unknown lever or group, has no claim, a malformed claim,
            or lacks a prompt for an outcome; the message names the card.

    Example:
        >>> [c.id for c in load_cards()][:2]
        ['lincolnshire-70', 'shift-working-employer']
    """
    table = tomllib.loads((path or CARDS_FILE).read_text(encoding="utf-8"))["card"]
    levers = {f.name for f in dataclasses.fields(Scenario)} - {"name"}
    cards = []
    for entry in table:
        where = f"cards.toml, card {entry.get('id')!r}"
        unknown = set(entry.get("levers", {})) - levers
        if unknown or entry.get("group") not in GROUPS:
            raise ValueError(f"{where}: unknown lever(s) {sorted(unknown)} or group")
        claims = tuple(parse_claim(claim, where) for claim in entry.get("claim", []))
        reflect = entry.get("reflect", {})
        if not claims or set(reflect) != set(OUTCOMES):
            needed = ", ".join(OUTCOMES)
            raise ValueError(f"{where}: needs at least one claim and a prompt for each of {needed}")
        cards.append(
            Card(
                id=entry["id"], title=entry["title"], shows=entry["shows"], question=entry["question"],
                excerpts=tuple(entry["excerpts"]), group=entry["group"],
                levers=MappingProxyType(dict(entry.get("levers", {}))),
                params=MappingProxyType(dict(entry.get("params", {}))),
                claims=claims, reflect=MappingProxyType(dict(reflect)),
            )
        )  # fmt: skip
    return tuple(cards)


def card_by_id(card_id: str) -> Card:
    """The card with this id.

    Raises:
        KeyError: Naming the known ids.
    """
    cards = {c.id: c for c in load_cards()}
    if card_id not in cards:
        raise KeyError(f"no scenario card {card_id!r}; known: {', '.join(cards)}")
    return cards[card_id]
