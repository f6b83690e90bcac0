"""The registry of sources (``data/sources.toml``) and finding citations in running text."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from workbook.paths import DATA_DIR

SOURCES_FILE = DATA_DIR / "sources.toml"
STATUSES = ("verified", "verified-secondary", "unverified")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_REQUIRED = ("citation", "supports", "status")
DEFAULT_TOPIC = "Other sources"

# The research notes behind the Workbook (FACTS.md, kept outside the package) are cited in
# data files as "FACTS.md 1a" or "FACTS 3b". Readers cannot open those notes, so each
# section stands for the source that section reports.
FACTS_SECTIONS = {
    "1a": "omm-2005-decision-rules",
    "1b": "hmpps-tier-2021",
    "1c": "hmpps-tier-2026",
    "2a": "hmpps-assess-risks-and-needs",
    "2b": "rosh-typical-split",
    "2c": "hmpps-arns-risk-actuarial-api",
    "3a": "cja-2003-sch8",
    "3b": "nps-bulletin-67",
    "4": "pc43-2004",
    "5": "hastings-2021",
    "6": "bottoms-2001",
    "7": "davies-et-al-2004",
    "8": "wmt-reference-data-2021",
    "9": "andrews-bonta-wormith-2006",
}
_FACTS = re.compile(
    r"FACTS(?:\.md)?(?: section)?(?: (?P<section>\d+[a-z]?)(?:/\d+[a-z]?)?)?"
    r"(?:, (?:VERIFIED|UNVERIFIED))?(?P<inferred> \((?:inferred|unverified)(?:, unverified)?\))?"
)
_EXPLICIT = re.compile(r"\[\[(?P<id>[a-z0-9-]+)\]\]")
# Sentences about the research notes themselves, said without them.
_REWORDINGS = (
    (re.compile(r"NOT FOUND per FACTS(?:\.md)?(?: section)? \d+[a-z]?:"), "Not found:"),
    (re.compile(r"FACTS(?:\.md)? records no rule on ([^.;]+)"), r"no published rule on \1 was found"),
    (re.compile(r"FACTS(?:\.md)? \d+[a-z]? infers"), "we infer"),
    (re.compile(r"was not found \(FACTS(?:\.md)?(?: section)? 7\)"), "was not found"),
    (
        re.compile(r"(no probation-specific figure was found) \(FACTS(?:\.md)?(?: section)? 8\)"),
        r"\1 ([[relationships-per-officer]])",
    ),
    (re.compile(r"\(FACTS\)"), ""),
    # Readers cannot open the Workbook's data files either: name what they hold instead.
    (re.compile(r"\s*\(data/compliance/validation\.toml\)"), " (the validation table on this page)"),
    (re.compile(r"\s*\((?:see )?data/[\w./-]+\)"), ""),
    (re.compile(r"data/[\w./-]+\.(?:toml|csv)"), "the Workbook's data"),
)


class SourceError(ValueError):
    """The sources file is malformed; the message names the entry and the field."""


@dataclass(frozen=True)
class Source:
    """One source the Workbook cites.

    Attributes:
        id: Stable kebab-case id, used in links (``#source-<id>``).
        citation: The full reference.
        short: How a page names it in passing.
        supports: What the Workbook takes from it.
        status: ``verified``, ``verified-secondary`` or ``unverified``.
        topic: The heading the Sources page lists it under (``Other sources`` if none is given).
        url: Where to read it, or ``""``.
        aliases: How it is written in running text.
    """

    id: str
    citation: str
    short: str
    supports: str
    status: str
    topic: str
    url: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def status_text(self) -> str:
        """The status in words.

        Example:
            >>> source_by_id("pc43-2004").status_text
            'Verified: read in the source itself'
        """
        return {
            "verified": "Verified: read in the source itself",
            "verified-secondary": "Verified in a reliable source that reports it",
            "unverified": "Not verified: a reading or default to check",
        }[self.status]


@dataclass(frozen=True)
class Citation:
    """A citation found in running text: characters ``start`` to ``end`` name ``source_id``.

    ``source_id`` is ``""`` for a reference to the research notes that adds nothing beside
    a source already named nearby: it is to be dropped from what readers see.
    """

    start: int
    end: int
    source_id: str


def load_sources(path: Path | str | None = None) -> dict[str, Source]:
    """Read and check the sources registry.

    Args:
        path: A sources TOML file; the shipped ``data/sources.toml`` if not given.

    Returns:
        Sources by id, in the file's order.

    Raises:
        SourceError: An id is not kebab-case, a field is missing or a status is unknown.

    Example:
        >>> sources = load_sources()
        >>> sources["fishbane-ouss-shah-2020"].status
        'verified'
    """
    return dict(_load(Path(path or SOURCES_FILE)))


@functools.cache
def _load(path: Path) -> tuple[tuple[str, Source], ...]:
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise SourceError(f"{path.name}: not valid TOML ({error})") from None
    sources = []
    for key, entry in table.items():
        if not _ID.match(key):
            raise SourceError(f"{path.name}: [{key}] is not a kebab-case id")
        missing = [f for f in _REQUIRED if not entry.get(f)]
        if missing:
            raise SourceError(f"{path.name}: [{key}] has no {', '.join(missing)}")
        if entry["status"] not in STATUSES:
            raise SourceError(f"{path.name}: [{key}] status {entry['status']!r} is not one of {STATUSES}")
        sources.append(
            (
                key,
                Source(
                    id=key,
                    citation=entry["citation"],
                    short=entry.get("short", entry["citation"]),
                    supports=entry["supports"],
                    status=entry["status"],
                    topic=entry.get("topic", DEFAULT_TOPIC),
                    url=entry.get("url", ""),
                    aliases=tuple(entry.get("aliases", ())),
                ),
            )
        )
    return tuple(sources)


def source_by_id(source_id: str) -> Source:
    """The source with this id.

    Raises:
        KeyError: No such source, naming the known ids.
    """
    sources = load_sources()
    if source_id not in sources:
        raise KeyError(f"no source {source_id!r} in sources.toml; known: {', '.join(sources)}")
    return sources[source_id]


def seminar_source_id(notes: str) -> str:
    """The registry id of a set of seminar notes (``"group notes"`` or ``"plenary"``).

    Example:
        >>> seminar_source_id("plenary")
        'seminar-plenary-notes'
    """
    return {"group notes": "seminar-group-notes", "plenary": "seminar-plenary-notes"}[notes]


def reword(text: str) -> str:
    """Say without the research notes what a sentence says about them.

    Example:
        >>> reword("a local practice; FACTS.md records no rule on lateness for DRR treatment.")
        'a local practice; no published rule on lateness for DRR treatment was found.'
        >>> reword("Calibrated to the published evidence (data/compliance/validation.toml): 0.4")
        'Calibrated to the published evidence (the validation table on this page): 0.4'
    """
    for pattern, replacement in _REWORDINGS:
        text = pattern.sub(replacement, text)
    return text


def find_citations(text: str) -> list[Citation]:
    """Find the sources named in a piece of running text, in order.

    A source is found by its aliases (``"PC43/2004"``) or by its id in double brackets
    (``"[[pc43-2004]]"``); a reference to the research notes (``"FACTS.md 1a"``) stands for
    the source that section reports, or is marked to be dropped when it sits in brackets or
    after a comma beside a source the text already names. Apply :func:`reword` first.

    Example:
        >>> [c.source_id for c in find_citations("Our assumption (Tyler 2003, FACTS 6).")]
        ['tyler-2003', '']
        >>> [c.source_id for c in find_citations("recalled in FACTS.md 1a and can be edited")]
        ['omm-2005-decision-rules']
    """
    found = [Citation(m.start(), m.end(), m.group("id")) for m in _EXPLICIT.finditer(text)]
    for source_id, pattern in _alias_patterns():
        for match in pattern.finditer(text):
            if not any(c.start < match.end() and match.start() < c.end for c in found):
                found.append(Citation(match.start(), match.end(), source_id))
    named = bool(found)
    for match in _FACTS.finditer(text):
        section = match.group("section")
        before = text[: match.start()].rstrip()
        aside = not before or before.endswith(("(", ";", ","))
        if section is None or (named and aside):
            source_id = ""
        elif section == "3b" and match.group("inferred"):
            source_id = "ns-contact-inferred"
        else:
            source_id = FACTS_SECTIONS.get(section, "")
        found.append(Citation(match.start(), match.end(), source_id))
    return sorted(found, key=lambda c: c.start)


@functools.cache
def _alias_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    pairs = [(alias, s.id) for s in load_sources().values() for alias in s.aliases]
    pairs.sort(key=lambda pair: -len(pair[0]))  # the longest alias wins where two overlap
    return tuple(
        (source_id, re.compile(r"(?<![\w/])" + re.escape(alias) + r"(?![\w/])")) for alias, source_id in pairs
    )
