"""Scenario cards: the seminar's own examples as named presets of the compliance model."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from types import MappingProxyType

from workbook.compliance._scenario import Scenario
from workbook.paths import DATA_DIR

CARDS_FILE = DATA_DIR / "compliance" / "cards.toml"
GROUPS = ("all", "youth", "women", "drr", "ppo", "shift", "programme")


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
    """

    id: str
    title: str
    shows: str
    question: str
    excerpts: tuple[str, ...]
    group: str
    levers: MappingProxyType
    params: MappingProxyType

    def scenario(self, baseline: Scenario | None = None) -> Scenario:
        """The baseline with this card's levers set, named after the card."""
        return dataclasses.replace(baseline or Scenario(), name=self.title, **dict(self.levers))


def load_cards(path=None) -> tuple[Card, ...]:
    """Load the scenario cards.

    Raises:
        ValueError: If a card names an unknown lever or group; the message names the card.

    Example:
        >>> [c.id for c in load_cards()][:2]
        ['lincolnshire-70', 'shift-working-employer']
    """
    table = tomllib.loads((path or CARDS_FILE).read_text(encoding="utf-8"))["card"]
    levers = {f.name for f in dataclasses.fields(Scenario)} - {"name"}
    cards = []
    for entry in table:
        unknown = set(entry.get("levers", {})) - levers
        if unknown or entry.get("group") not in GROUPS:
            raise ValueError(
                f"cards.toml, card {entry.get('id')!r}: unknown lever(s) {sorted(unknown)} or group"
            )
        cards.append(
            Card(
                id=entry["id"], title=entry["title"], shows=entry["shows"], question=entry["question"],
                excerpts=tuple(entry["excerpts"]), group=entry["group"],
                levers=MappingProxyType(dict(entry.get("levers", {}))),
                params=MappingProxyType(dict(entry.get("params", {}))),
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
