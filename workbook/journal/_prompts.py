"""Prompts for reflection: the reflective cycle, the seminar's themes, and what a person just saw."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from workbook.journal._entry import STAGES
from workbook.paths import DATA_DIR

PROMPTS_FILE = DATA_DIR / "journal" / "prompts.toml"

THEME_STAGE = "analysis"
"""The cycle stage a theme's prompt starts at: making sense of practice through the seminar's ideas."""

CONTEXT_STAGE = "evaluation"
"""The cycle stage a prompt from a scenario starts at: what the result says about practice."""


@dataclass(frozen=True)
class Prompt:
    """Something to reflect on.

    Attributes:
        id: Stable id: ``cycle-...``, ``theme-<theme id>-<n>`` or ``context-<page>``.
        kind: ``"cycle"``, ``"theme"`` or ``"context"``.
        stage: The reflective-cycle stage it suggests (the writer may choose another).
        text: The prompt.
        label: A short label for a menu.
        themes: Seminar theme ids it concerns.
        source: Where it comes from.
        snapshot: For a context prompt, what the person was looking at.
    """

    id: str
    kind: str
    stage: str
    text: str
    label: str
    themes: tuple[str, ...] = ()
    source: str = ""
    snapshot: dict[str, Any] | None = None


@cache
def cycle_prompts() -> tuple[Prompt, ...]:
    """One prompt per stage of Gibbs's reflective cycle, in order.

    Example:
        >>> [p.stage for p in cycle_prompts()] == list(STAGES)
        True
    """
    with PROMPTS_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    source = f"{data['source']['stages']} {data['source']['wording']}"
    prompts = tuple(
        Prompt(
            id=row["id"],
            kind="cycle",
            stage=row["stage"],
            text=row["text"],
            label=f"{i}. {row['stage'].capitalize()}",
            source=source,
        )
        for i, row in enumerate(data["prompt"], start=1)
    )
    if tuple(p.stage for p in prompts) != STAGES:
        raise ValueError(
            f"{PROMPTS_FILE}: the prompts must follow the cycle's stages in order: {', '.join(STAGES)}."
        )
    return prompts


def theme_prompts(themes) -> tuple[Prompt, ...]:
    """The prompts of each seminar theme, from the evidence corpus.

    Args:
        themes: ``CorpusRecords.themes``, or ``Corpus.themes`` (columns ``id, name, prompts``).

    Example:
        >>> from workbook.evidence import load_corpus
        >>> prompts = theme_prompts(load_corpus().themes)
        >>> prompts[0].id.startswith("theme-"), prompts[0].kind
        (True, 'theme')
    """
    return tuple(
        Prompt(
            id=f"theme-{theme.id}-{n}",
            kind="theme",
            stage=THEME_STAGE,
            text=text,
            label=f"{theme.name}: {text[:60]}{'…' if len(text) > 60 else ''}",
            themes=(theme.id,),
            source="Seminar theme prompts (data/seminar/themes.toml); wording ours.",
        )
        for theme in (themes.itertuples() if hasattr(themes, "itertuples") else themes)
        for n, text in enumerate(theme.prompts, start=1)
    )


def context_prompt(page: str, title: str, text: str, snapshot: dict[str, Any], themes=()) -> Prompt:
    """A prompt made from what a person just saw on a dashboard, carrying a snapshot of it.

    Args:
        page: The dashboard's page id, e.g. ``"compliance-scenarios"``.
        title: What they were looking at, e.g. the scenario's name.
        text: The question, e.g. ``workbook.compliance.reflection_prompt(summary)``.
        snapshot: ``{"page": ..., "parameters": {...}, "results": {...}}``, so the
            view can be opened again.
        themes: Seminar theme ids the view concerns.

    Example:
        >>> p = context_prompt("compliance-scenarios", "Text reminders", "Why?", {})
        >>> p.kind, p.stage, p.label
        ('context', 'evaluation', 'From what you just ran: Text reminders')
    """
    return Prompt(
        id=f"context-{page}",
        kind="context",
        stage=CONTEXT_STAGE,
        text=text,
        label=f"From what you just ran: {title}",
        themes=tuple(themes),
        source="Made from the results on the page.",
        snapshot=snapshot,
    )
