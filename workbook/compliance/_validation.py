"""The compliance model against the published evidence, like for like.

Each published figure the model can be compared with is in ``data/compliance/validation.toml``
with its source, population, the outcome it counts and the range the model must land in. For
each, :func:`validate` runs the model's matching experiment in the same terms (the people the
figure counts, the outcome it counts, over the same span) and reports the model's value with
its range over replicate seeds. Every lever is also turned on alone against the default, with
its published effect where there is one and "our assumption, no published effect" where not.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd

from workbook.compliance._engine import replicate, simulate
from workbook.compliance._experiments import MEASURES, Runs, missed_share
from workbook.compliance._parameters import rates
from workbook.compliance._scenario import Scenario
from workbook.paths import DATA_DIR

VALIDATION_FILE = DATA_DIR / "compliance" / "validation.toml"
SOURCES_FILE = DATA_DIR / "sources.toml"
UNITS = ("share", "per_100", "relative")
DIRECTIONS = ("up", "either")
NO_EVIDENCE = "our assumption, no published effect"
VERDICTS = ("within", "outside", "outside: known divergence", "no published figure")
TABLE_COLUMNS = ("figure", "published", "model", "verdict", "how compared")


@dataclass(frozen=True)
class Figure:
    """A published figure, or a lever's published effect, and how the model is held to it.

    Attributes:
        id: Stable id (a lever's row uses the lever's name).
        label: What is counted, in a few words.
        measure: The model experiment that counts the same thing (``MEASURES``), or ``""`` for a
            lever with no published effect.
        unit: ``"share"``, ``"per_100"`` or ``"relative"`` (a relative cut).
        value: The published figure (``None`` for a lever without one).
        low: Lowest value the model may take (``None``: no lower bound).
        high: Highest value the model may take (``None``: no upper bound).
        sources: Ids in ``data/sources.toml``.
        how: How the comparison is made.
        population: Whom the source counted.
        divergence: Why the default is knowingly outside the range, or ``""``.
        lever: For a lever's row, the lever's name; ``""`` for the default scenario's figures.
        setting: The lever's value when on.
        expect_kept: The direction its evidence or our assumption gives appointments kept.
    """

    id: str
    label: str
    measure: str
    unit: str
    value: float | None
    low: float | None
    high: float | None
    sources: tuple[str, ...]
    how: str
    population: str = ""
    divergence: str = ""
    lever: str = ""
    setting: object = None
    expect_kept: str = "either"

    @property
    def has_evidence(self) -> bool:
        """Whether a published figure or range holds the model here."""
        return bool(self.measure) and (self.low is not None or self.high is not None)

    def holds(self, model: float) -> bool:
        """Whether a model value lies within the published range (bounds included)."""
        return (self.low is None or model >= self.low - 1e-12) and (
            self.high is None or model <= self.high + 1e-12
        )


def load_validation(path: Path | str | None = None) -> tuple[Figure, ...]:
    """Load the published figures and the levers' evidence.

    Args:
        path: A TOML file of ``[[figure]]`` and ``[[lever]]`` tables; defaults to the shipped one.

    Returns:
        The default scenario's figures, then one row per lever, in file order.

    Raises:
        ValueError: If an entry lacks a field, names an unknown measure, unit, direction, lever
            or source; the message names the entry.

    Example:
        >>> rows = load_validation()
        >>> rows[0].id, rows[0].low, rows[0].high
        ('lincolnshire-kept', 0.67, 0.69)
        >>> [r.lever for r in rows if r.has_evidence and r.lever]
        ['text_reminders']
    """
    file = Path(path if path is not None else VALIDATION_FILE)
    table = tomllib.loads(file.read_text(encoding="utf-8"))
    known_sources = set(load_sources())
    levers = set(Scenario().levers())
    rows = []
    for i, entry in enumerate(table.get("figure", [])):
        where = f"{file.name}, figure {entry.get('id', f'#{i + 1}')!r}"
        _require(entry, ("id", "label", "measure", "unit", "value", "sources", "how", "population"), where)
        rows.append(
            Figure(
                id=entry["id"], label=entry["label"], measure=entry["measure"], unit=entry["unit"],
                value=entry["value"], low=entry.get("low"), high=entry.get("high"),
                sources=tuple(entry["sources"]), how=entry["how"], population=entry["population"],
                divergence=entry.get("divergence", ""),
            )
        )  # fmt: skip
    for i, entry in enumerate(table.get("lever", [])):
        where = f"{file.name}, lever {entry.get('lever', f'#{i + 1}')!r}"
        _require(entry, ("lever", "setting", "expect_kept", "sources", "how"), where)
        if entry["lever"] not in levers:
            raise ValueError(f"{where}: no such lever; known: {', '.join(sorted(levers))}")
        if entry["expect_kept"] not in DIRECTIONS:
            raise ValueError(f"{where}: expect_kept must be one of {', '.join(DIRECTIONS)}")
        rows.append(
            Figure(
                id=entry["lever"], label=entry.get("label") or _lever_label(entry["lever"], entry["setting"]),
                measure=entry.get("measure", ""), unit=entry.get("unit", "relative"),
                value=entry.get("value"), low=entry.get("low"), high=entry.get("high"),
                sources=tuple(entry["sources"]), how=entry["how"], lever=entry["lever"],
                setting=entry["setting"], expect_kept=entry["expect_kept"],
                divergence=entry.get("divergence", ""),
            )
        )  # fmt: skip
    for row in rows:
        where = f"{file.name}, {row.id!r}"
        if row.measure and row.measure not in MEASURES:
            raise ValueError(f"{where}: unknown measure {row.measure!r}; known: {', '.join(MEASURES)}")
        if row.unit not in UNITS:
            raise ValueError(f"{where}: unit must be one of {', '.join(UNITS)}")
        unknown = [s for s in row.sources if s not in known_sources]
        if unknown:
            raise ValueError(f"{where}: source(s) {', '.join(unknown)} not in {SOURCES_FILE.name}")
    return tuple(rows)


def load_sources(path: Path | str | None = None) -> dict[str, dict]:
    """The registry of published sources, by id (``data/sources.toml``).

    Example:
        >>> load_sources()["pc43-2004"]["status"]
        'verified'
    """
    return tomllib.loads(Path(path if path is not None else SOURCES_FILE).read_text(encoding="utf-8"))


def _require(entry: dict, names: tuple[str, ...], where: str) -> None:
    missing = [n for n in names if n not in entry]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")


def _lever_label(lever: str, setting: object) -> str:
    name = lever.replace("_", " ").capitalize()
    if isinstance(setting, bool):
        return f"{name}, alone"
    default = Scenario().levers()[lever]
    return f"{name} {default} → {setting}, alone"


# ---------------------------------------------------------------- the table


def validate(
    caseload: pd.DataFrame | None = None,
    *,
    cases: int = 10_000,
    caseload_seed: int = 1,
    seeds: Sequence[int] = (1, 2, 3),
    weeks: int = 52,
    params: dict | None = None,
    path: Path | str | None = None,
) -> pd.DataFrame:
    """Run the model's matching experiment for every published figure, and every lever alone.

    Args:
        caseload: The caseload; ``workbook.caseload.generate(cases, seed=caseload_seed)`` when left out.
        cases: Size of the generated caseload.
        caseload_seed: Seed of the generated caseload.
        seeds: Replicate seeds; each lever runs on the same seeds as the default.
        weeks: Length of every order in weeks.
        params: Model-rate overrides (to see how a change would fare).
        path: The figures file; defaults to ``data/compliance/validation.toml``.

    Returns:
        One row per figure, then one per lever: ``id``, ``figure``, ``published``, ``model``,
        ``verdict``, ``how compared`` (text for people) and ``kind`` (``"figure"`` or ``"lever"``),
        ``sources`` (ids), ``value``, ``low``, ``high``, ``model_mean``, ``model_low``,
        ``model_high`` (the range over seeds), ``within`` (True, False, or None where nothing
        published holds it), ``divergence`` (the reason, when knowingly outside),
        ``kept_change`` and ``kept_change_low/high`` (a lever's effect on appointments kept, in
        points), ``expect_kept``.

    Example:
        >>> from workbook.caseload import generate
        >>> table = validate(generate(300, seed=1), seeds=[1])
        >>> list(table.columns[:6])
        ['id', 'figure', 'published', 'model', 'verdict', 'how compared']
        >>> table.loc[table["id"] == "text_reminders", "kind"].item()
        'lever'
    """
    if caseload is None:
        from workbook.caseload import generate

        caseload = generate(cases, seed=caseload_seed)
    seeds = tuple(seeds)
    rows = load_validation(path)
    p = MappingProxyType(rates(params))
    baseline = Scenario(name="default")
    runs = Runs(
        tuple(simulate(caseload, baseline, seed=s, weeks=weeks, params=params) for s in seeds), caseload, p
    )
    base_summary = pd.concat([r.summary for r in runs.results], ignore_index=True)
    records = []
    for row in rows:
        if row.lever:
            lever = replace(baseline, name=row.lever, **{row.lever: row.setting})
            summary = replicate(caseload, lever, seeds, weeks=weeks, params=params)
            kept = 100 * (summary["kept_share"].to_numpy() - base_summary["kept_share"].to_numpy())
            values = 1 - missed_share(summary) / missed_share(base_summary)
            records.append(_record(row, values, kept))
        else:
            values = np.array([MEASURES[row.measure](r, runs) for r in runs.results])
            records.append(_record(row, values, None))
    return pd.DataFrame.from_records(records)


def _record(row: Figure, values: np.ndarray, kept: np.ndarray | None) -> dict:
    mean, low, high = float(np.mean(values)), float(np.min(values)), float(np.max(values))
    within = row.holds(mean) if row.has_evidence else None
    if within is None:
        verdict = VERDICTS[3]
    elif within:
        verdict = VERDICTS[0]
    else:
        verdict = VERDICTS[2] if row.divergence else VERDICTS[1]
    model = _span(row.unit, mean, low, high)
    if kept is not None:
        spread = f"{_points(np.min(kept))} to {_points(np.max(kept))}"
        kept_text = f"kept {_points(np.mean(kept))} points ({spread})"
        model = f"{model}; {kept_text}" if row.has_evidence else f"{kept_text}; {model}"
    how = f"{row.how} Known divergence: {row.divergence}" if row.divergence else row.how
    return {
        "id": row.id,
        "figure": row.label,
        "published": _published(row),
        "model": model,
        "verdict": verdict,
        "how compared": how,
        "kind": "lever" if row.lever else "figure",
        "sources": row.sources,
        "value": row.value,
        "low": row.low,
        "high": row.high,
        "model_mean": mean,
        "model_low": low,
        "model_high": high,
        "within": within,
        "divergence": row.divergence,
        "kept_change": None if kept is None else float(np.mean(kept)),
        "kept_change_low": None if kept is None else float(np.min(kept)),
        "kept_change_high": None if kept is None else float(np.max(kept)),
        "expect_kept": row.expect_kept if row.lever else "",
    }


def _format(unit: str, value: float, *, bare: bool = False) -> str:
    """A value in its unit: '68.5%', '24.6', or a relative cut as a change in missed ('−21.0%')."""
    if unit == "per_100":
        return f"{value:.1f}"
    number = _points(-100 * value, signed=False) if unit == "relative" else f"{100 * value:.1f}"
    return number if bare else f"{number}%"


def _points(value: float, *, signed: bool = True) -> str:
    """A number to one decimal with a true minus sign (and a plus when ``signed``)."""
    value = 0.0 if round(value, 1) == 0 else value  # no "−0.0"
    text = f"{value:+.1f}" if signed else f"{value:.1f}"
    return text.replace("-", "−")


def _span(unit: str, mean: float, low: float, high: float) -> str:
    """A value with its range: '68.5% (68.4–68.6%)', or 'missed −21.0% (−22.0 to −20.1%)'."""
    if unit == "relative":  # a cut shown as the change it makes: the lowest change is the biggest cut
        return f"missed {_format(unit, mean)} ({_format(unit, high, bare=True)} to {_format(unit, low)})"
    return f"{_format(unit, mean)} ({_format(unit, low, bare=True)}–{_format(unit, high)})"


def _published(row: Figure) -> str:
    """The published figure and range, to the precision they were published with."""
    if not row.has_evidence:
        return NO_EVIDENCE
    if row.low is not None and row.high is not None:
        text = _span(row.unit, row.value, row.low, row.high)
    elif row.high is not None:
        text = f"{_format(row.unit, row.value)} (model at most {_format(row.unit, row.high)})"
    else:
        text = f"{_format(row.unit, row.value)} (model at least {_format(row.unit, row.low)})"
    return re.sub(r"(\d)\.0(?!\d)", r"\1", text)  # 68.0% (67.0–69.0%) was published as 68% (67–69%)


def validation_markdown(table: pd.DataFrame, *, sources: dict[str, dict] | None = None) -> str:
    """The validation table as Markdown, for the README: each figure cited by its sources.

    Args:
        table: ``validate()``'s table.
        sources: The source registry; ``load_sources()`` when left out.

    Returns:
        A Markdown table (figure, published, model, verdict), one line per row.
    """
    sources = load_sources() if sources is None else sources
    lines = ["| figure | published | model (range over seeds) | verdict | sources |", "|---|---|---|---|---|"]
    for row in table.itertuples(index=False):
        cited = "; ".join(_short_citation(sources[s]) for s in row.sources) or "—"
        cells = (row.figure, row.published, row.model, row.verdict, cited)
        lines.append("| " + " | ".join(str(c).replace("|", "/") for c in cells) + " |")
    return "\n".join(lines)


def _short_citation(source: dict) -> str:
    """A source's citation in a few words: its ``short`` form, else the citation up to its year."""
    if "short" in source:
        return source["short"]
    citation = source["citation"]
    cut = citation.find(")")
    return citation[: cut + 1] if 0 < cut < 120 else citation.split(".")[0]
