"""Export the corpus as CSV or Markdown, with its provenance and caveats."""

from __future__ import annotations

import pandas as pd

from workbook import __version__
from workbook.evidence._corpus import Corpus
from workbook.spreadsheet import safe_csv

CAVEAT = (
    "Quotes are verbatim from two sets of notes of a December 2009 seminar on offender "
    "compliance; paraphrases, themes and summaries are the Workbook's own coding. "
    "They are material for reflection, not findings about any real person."
)


def excerpts_table(corpus: Corpus) -> pd.DataFrame:
    """Flatten the excerpts into one row each, fit for CSV.

    Args:
        corpus: The loaded corpus.

    Returns:
        One row per excerpt: ``id, notes, source, section, paragraph, quote,
        paraphrase, kind, themes`` (ids joined by ``;``), ``theme_names`` and
        ``figures`` (each as ``label = value unit``, joined by ``;``).
    """
    names = corpus.theme_names()
    table = corpus.excerpts.drop(columns=["themes", "figures"]).assign(
        themes=corpus.excerpts["themes"].map(";".join),
        theme_names=corpus.excerpts["themes"].map(lambda ts: ";".join(names[t] for t in ts)),
        figures=corpus.excerpts["figures"].map(
            lambda fs: ";".join(f"{f['label']} = {f['value']:g} {f['unit']}" for f in fs)
        ),
    )
    columns = ["id", "notes", "source", "section", "paragraph", "quote", "paraphrase", "kind"]
    return table[[*columns, "themes", "theme_names", "figures"]]


def export_csv(corpus: Corpus) -> str:
    """Render the excerpts as CSV text (UTF-8, one header row)."""
    return safe_csv(excerpts_table(corpus))


def export_markdown(corpus: Corpus) -> str:
    """Render the whole corpus as a Markdown document.

    Themes with their summaries and prompts come first, then every excerpt under
    its source and section, then the open questions.

    Args:
        corpus: The loaded corpus.

    Returns:
        The document's text.
    """
    names = corpus.theme_names()
    lines = [
        "# Seminar evidence: offender compliance, December 2009",
        "",
        f"_{CAVEAT}_",
        "",
        f"Exported by the Workbook {__version__}: {len(corpus.excerpts)} excerpts, "
        f"{len(corpus.themes)} themes, {len(corpus.questions)} open questions.",
        "",
    ]
    lines += ["## Themes", ""]
    for theme in corpus.themes.itertuples():
        count = int(corpus.excerpts["themes"].map(lambda ts, t=theme.id: t in ts).sum())
        lines += [f"### {theme.name}", "", theme.summary, "", f"Excerpts: {count}.", ""]
        lines += [f"- {prompt}" for prompt in theme.prompts] + [""]
    lines += ["## Excerpts", ""]
    for source in corpus.sources.itertuples():
        lines += [f"### {source.title} ({source.notes}, `{source.file}`)", ""]
        mine = corpus.excerpts[corpus.excerpts["source"] == source.file]
        for section, group in mine.groupby("section", sort=False):
            lines += [f"#### {section}", ""]
            for e in group.itertuples():
                themes = ", ".join(names[t] for t in e.themes)
                lines += [
                    f"- **{e.id}** (¶{e.paragraph}, {e.kind}): “{e.quote}”",
                    f"  {e.paraphrase} _Themes: {themes}._",
                ]
                lines += [
                    f"  Figure: {f['label']}: {f['value']:g} {f['unit']} ({f['status']})" for f in e.figures
                ]
            lines.append("")
    lines += ["## Questions the seminar left open", ""]
    for q in corpus.questions.itertuples():
        lines += [f"- **{q.text}** ({q.notes}, {q.section}, ¶{q.paragraph}) {q.why_open}"]
    return "\n".join(lines) + "\n"
