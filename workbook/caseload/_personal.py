r"""The personal-data guard: column names and values that look like they identify a person.

Column names are split into words (``DateOfBirth``, ``date_of_birth`` and ``Date of birth``
all give *date, of, birth*) and matched word by word, so the Workbook's own column names
(``flag_street_gangs``) never trip it. Values are matched in the forms people write:
identifiers in any case, UK phone numbers with any spacing, dashes, brackets, ``+44`` or
``0044`` (and numbers that lost their leading zero in a spreadsheet), dates in numeric,
dotted, ISO, US and month-name forms, e-mail addresses. A refusal names the column and the
row and what the value looks like, never the value itself.

Every pattern runs in time linear in the text: each repetition is bounded, and the
patterns that scan long runs only start at the beginning of a run, so a 1 MB cell costs
about what a thousand 1 kB cells cost. (Python's ``re`` backtracks; an unbounded
``[\w.]+@`` took 15 to 52 seconds on a 100,000-character cell.)
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORDINAL = r"(?:st|nd|rd|th)?"

# Each pattern starts with a digit, "@" or a line break, which the regex engine finds by a fast
# scan; what must come before that character is checked by a fixed-width look-behind. So a
# pattern costs next to nothing on text without digits, and 70 MB of notes scan in seconds.
_I = re.IGNORECASE
PATTERNS: dict[str, re.Pattern[str]] = {
    "an email address": re.compile(r"@(?<=[\w.+'-]@)[\w-]{1,63}\.[\w-]{1,63}"),
    "a UK postcode": re.compile(r"\d(?:(?<=\b[a-z]\d)|(?<=\b[a-z]{2}\d))[a-z\d]?[ ]{0,3}\d[a-z]{2}\b", _I),
    "a phone number": re.compile(r"[+(\d](?:[ ().-]{0,3}\d){8,15}(?!\w)"),
    "a phone number stored as a number": re.compile(r"\n(?:44)?[1-9]\d{9}(?:\.0{1,9})?(?=\n)"),
    "a National Insurance number": re.compile(
        r"\d\d(?:(?<=\b[a-ceghj-pr-tw-z]{2}\d\d)|(?<=\b[a-ceghj-pr-tw-z]{2}[ -]\d\d))"
        r"[ -]?\d{2}[ -]?\d{2}[ -]?[a-d]\b",
        _I,
    ),
    "a PNC number": re.compile(r"\d(?<!\w\d)\d{1,3}/\d{5,7}[a-z]\b", _I),
    "a case reference (CRN)": re.compile(r"\d(?<=\b[a-z]\d)\d{5}\b", _I),
    "a date": re.compile(r"(\d)(?<![\d./-]\d)(\d{0,3})([/.-])(\d{1,2})\3(\d{1,4})(?!\d)"),
    "a date with a month name": re.compile(
        rf"(\d)(?<!\w\d)(\d?){_ORDINAL}[ .-]{{0,2}}(?:of[ ])?{_MONTHS}\.?,?[ .-]{{0,2}}(?:\d{{4}}|\d{{2}})\b",
        _I,
    ),
    "a date with the month first": re.compile(
        rf"(\d)(?:(?<=[a-z.][ ]\d)|(?<=[a-z.][ ]{{2}}\d))(\d?){_ORDINAL},?[ ]{{1,2}}\d{{4}}\b", _I
    ),
}
"""Every pattern run over user text; each repetition is bounded (a test holds them to that)."""
_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\.?[ ]{{1,2}}\Z", _I)

_UK_FIRST = "1235789"  # UK national numbers start 01, 02, 03, 05, 07, 08 or 09


def _uk_phone(match: re.Match[str]) -> bool:
    """Whether written digits are a UK number: 0 and 9-10 digits, or +44 / 0044 and the same."""
    before = match.string[match.start() - 1 : match.start()]
    if before.isalnum() or before in ("_", "+"):  # inside a word or a longer number
        return False
    text = match.group()
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        international = digits
    elif digits.startswith("00"):
        international = digits[2:]
    else:
        return digits.startswith("0") and _national(digits[1:])
    if not international.startswith("44"):
        return False
    national = international[2:]
    return _national(national[1:] if national.startswith("0") else national)


def _national(digits: str) -> bool:
    return len(digits) in (9, 10) and digits[0] in _UK_FIRST


def _lost_zero(match: re.Match[str]) -> bool:
    """A whole cell of 10 digits (or 44 and 10), as a spreadsheet keeps 07700 900123."""
    digits = match.group().strip().split(".")[0]
    national = digits[2:] if len(digits) == 12 else digits
    return len(national) == 10 and national[0] in "1237"


def _numeric_date(match: re.Match[str]) -> bool:
    head, rest, _, second, third = match.groups()
    first = head + rest
    a, b, c = int(first), int(second), int(third)
    if len(first) == 4:  # 1987-03-14, 1987/03/14, 1987.03.14
        return 1900 <= a <= 2100 and 1 <= b <= 12 and 1 <= c <= 31 and len(third) <= 2
    if len(first) > 2 or len(third) not in (2, 4) or (len(third) == 4 and not 1900 <= c <= 2100):
        return False
    return (1 <= a <= 31 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31)  # UK or US order


def _named_date(match: re.Match[str]) -> bool:
    return 1 <= int(match.group(1) + match.group(2)) <= 31


def _month_first(match: re.Match[str]) -> bool:
    before = match.string[max(0, match.start() - 12) : match.start()]
    return _named_date(match) and _MONTH_BEFORE.search(before) is not None


_CONFIRM: dict[str, Callable[[re.Match[str]], bool]] = {
    "a phone number": _uk_phone,
    "a phone number stored as a number": _lost_zero,
    "a date": _numeric_date,
    "a date with a month name": _named_date,
    "a date with the month first": _month_first,
}
_SAID = {
    "a phone number stored as a number": "a phone number (stored as a number, so its leading 0 is gone)",
    "a date": "a date that could be a date of birth",
    "a date with a month name": "a date that could be a date of birth",
    "a date with the month first": "a date that could be a date of birth",
}


def find_personal_value(texts: Sequence[str]) -> tuple[int, str] | None:
    """The first text that looks personal, and what it looks like.

    Args:
        texts: Cell values as text, each at most `LIMITS.cell` characters.

    Returns:
        ``(position in texts, what it looks like)`` for the earliest text any pattern finds,
        or ``None``.

    Example:
        >>> find_personal_value(["fine", "ring 0207 946 0000", "x.y@example.org"])
        (1, 'a phone number')
        >>> find_personal_value(["7700900123"])
        (0, 'a phone number (stored as a number, so its leading 0 is gone)')
        >>> find_personal_value(["born 14 March 1987"]), find_personal_value(["SYN-000001", "59.3"])
        ((0, 'a date that could be a date of birth'), None)
    """
    # One search over all the texts at once: far faster than a search per cell, and each
    # pattern is linear in the joined length. No pattern matches across the line breaks.
    joined = "\n" + "\n".join(texts) + "\n"  # each text between line breaks, the first and last too
    starts, position = [], 1
    for text in texts:
        starts.append(position)
        position += len(text) + 1
    near = _NearDigits(joined)
    found: tuple[int, str] | None = None
    for what, pattern in PATTERNS.items():
        confirm = _CONFIRM.get(what)
        whole = what in _WHOLE_TEXT
        limit = starts[found[0]] - 1 if found else len(joined)  # only an earlier text can beat it
        text, end = (joined, limit) if whole else (near.text, near.position_before(limit))
        for match in pattern.finditer(text, 0, end):
            if confirm is None or confirm(match):
                at = match.start() + match.group().startswith("\n")
                found = (bisect_right(starts, at if whole else near.original(at)) - 1, _SAID.get(what, what))
                break
    return found


_WHOLE_TEXT = {"an email address", "a phone number stored as a number"}
"""Patterns run over all the text (they start with a character the engine finds at once)."""


class _NearDigits:
    """The parts of a text near its digits, where every pattern but two must start.

    Each run of digits keeps 24 characters before it (the look-behinds and the month before a
    date need at most 12) and 48 after (the longest thing a date or a phone number writes after
    a digit). A column of long notes with a number here and there shrinks to a few percent.
    """

    def __init__(self, joined: str):
        spans: list[list[int]] = []
        for run in _DIGIT_RUN.finditer(joined):
            start, end = max(0, run.start() - 24), min(len(joined), run.end() + 48)
            if spans and start <= spans[-1][1]:
                spans[-1][1] = end
            else:
                spans.append([start, end])
        self.spans = spans
        self.text = "\n".join(joined[a:b] for a, b in spans)
        self.starts, position = [], 0
        for a, b in spans:
            self.starts.append(position)
            position += b - a + 1

    def original(self, at: int) -> int:
        """Where a position in ``text`` is in the joined text."""
        piece = bisect_right(self.starts, at) - 1
        return self.spans[piece][0] + at - self.starts[piece]

    def position_before(self, limit: int) -> int:
        """The position in ``text`` up to which everything lies before ``limit`` in the joined text."""
        piece = bisect_right([a for a, _ in self.spans], limit) - 1
        if piece < 0:
            return 0
        a, b = self.spans[piece]
        return self.starts[piece] + min(b, limit) - a


_DIGIT_RUN = re.compile(r"\d{1,64}")


# Column names, word by word.

_NAME_WORDS = {
    "name", "names", "surname", "surnames", "forename", "forenames", "firstname", "lastname",
    "fullname", "givenname", "middlename", "maidenname", "nickname", "alias", "aliases",
}  # fmt: skip
_NOT_A_PERSON = {
    "area", "team", "office", "court", "region", "unit", "pdu", "programme", "program", "scheme",
    "file", "sheet", "provider", "site", "service", "prison", "project", "column", "field", "scenario",
}  # fmt: skip
_WORDS = {
    "a date of birth": {"dob", "birth", "born", "birthday", "birthdate", "dateofbirth", "birthplace"},
    "a case reference or PNC number": {"crn", "crns", "pnc", "nomis", "noms", "cro", "nomsid", "prn"},
    "a National Insurance number": {"nino", "ninumber", "nationalinsurance"},
    "a postcode or address": {"postcode", "postcodes", "zip", "zipcode", "address", "addresses", "addr"},
    "a phone number": {"phone", "phones", "telephone", "tel", "mobile", "landline", "phoneno", "telno"},
    "an email address": {"email", "emails", "mail"},
}
_PAIRS = {
    "a case reference or PNC number": {
        ("case", "ref"), ("case", "reference"), ("case", "number"), ("case", "no"),
        ("prison", "number"), ("prisoner", "number"), ("booking", "number"),
    },
    "a National Insurance number": {("national", "insurance"), ("ni", "no"), ("ni", "number")},
    "a postcode or address": {("post", "code"), ("house", "number"), ("house", "name"), ("house", "no")},
    "a phone number": {("contact", "number"), ("contact", "no")},
    "an email address": {("e", "mail")},
}  # fmt: skip


def column_words(name: str) -> list[str]:
    """A column name as lower-case words: camelCase, spaces, punctuation and digits split it.

    Example:
        >>> column_words("DateOfBirth"), column_words("PNCNumber"), column_words("address2")
        (['date', 'of', 'birth'], ['pnc', 'number'], ['address', '2'])
    """
    spaced = re.sub(r"(?<=[a-z\d])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", name)
    return re.findall(r"[a-z]+|\d+", spaced.lower())


def personal_column(name: str) -> str | None:
    """What a column name announces, if it announces personal data; otherwise ``None``.

    Example:
        >>> personal_column("First Name"), personal_column("Area name"), personal_column("Street gangs")
        ('a name', None, None)
        >>> personal_column("NI No"), personal_column("Home address"), personal_column("e-mail")
        ('a National Insurance number', 'a postcode or address', 'an email address')
    """
    words = column_words(name)
    pairs = set(itertools.pairwise(words))
    for i, word in enumerate(words):
        if word in _NAME_WORDS and not (word in ("name", "names") and i and words[i - 1] in _NOT_A_PERSON):
            return "a name"
        if word == "street" and words[i + 1 : i + 2] not in (["gang"], ["gangs"]):
            return "a postcode or address"
    if words == ["ni"]:
        return "a National Insurance number"
    for what, vocabulary in _WORDS.items():
        if vocabulary.intersection(words) or pairs & _PAIRS.get(what, set()):
            return what
    return None
