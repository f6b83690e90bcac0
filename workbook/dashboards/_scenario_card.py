"""A scenario card on the *Compliance scenarios* page: its text and, beside it, its headline result.

What the card says about its run comes from ``Card.assess``: each claim shown as its
numbers allow. The HTML comes from templates with autoescaping.
"""

from __future__ import annotations

import functools
from pathlib import Path

import jinja2
import pandas as pd

from workbook.compliance import Card, CardResult, Comparison, format_measure

TEMPLATES = Path(__file__).resolve().parent / "templates"
VERDICTS = {
    "holds": "Every replicate bears this out.",
    "contrary": "Every replicate goes the other way.",
    "unclear": "The replicates do not agree.",
}


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )


def card_html(card: Card, result: CardResult, excerpts: pd.DataFrame, *, replicates: int) -> str:
    """The card: its setting, what its run shows, the question, and its excerpts (folded).

    Args:
        card: The card.
        result: ``card.assess(comparison)``.
        excerpts: The corpus's excerpts (``id``, ``quote``, ``notes``, ``section``, ``paragraph``).
        replicates: How many replicates the run had.
    """
    indexed = excerpts.set_index("id")
    quotes = [
        {"id": e, "text": indexed.loc[e, "quote"], "notes": str(indexed.loc[e, "notes"]).capitalize(),
         "section": indexed.loc[e, "section"], "paragraph": indexed.loc[e, "paragraph"]}
        for e in card.excerpts
        if e in indexed.index
    ]  # fmt: skip
    template = _environment().get_template("scenario_card.html.j2")
    return template.render(card=card, findings=result.findings, quotes=quotes, replicates=replicates)


def headline_html(result: CardResult) -> str:
    """The card's headline result, for the box beside its text."""
    finding = result.headline
    template = _environment().get_template("scenario_headline.html.j2")
    return template.render(finding=finding, title="This card's result", verdict=VERDICTS[finding.outcome])


def custom_headline_html(comparison: Comparison) -> str:
    """The headline for the reader's own levers: appointments kept, against the baseline."""
    row = comparison.summary.loc["Appointments kept"]
    finding = {
        "outcome": "custom",
        "headline": format_measure("kept_share", row["scenario"]),
        "caption": f"appointments kept ({format_measure('kept_share', row['baseline'])} without; "
        f"{format_measure('kept_share', row['difference'], change=True)})",
    }
    template = _environment().get_template("scenario_headline.html.j2")
    return template.render(finding=finding, title="Your levers' result", verdict="Mean over the replicates.")
