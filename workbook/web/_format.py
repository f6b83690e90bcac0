"""Numbers and words as the pages show them: plurals, percentages, signs, times.

One place for these, so every page says "1 case" and "2 cases", never shows
"-0.0", and writes percentages the same way.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_IRREGULAR = {"person": "people", "entry": "entries", "replicate": "replicates", "is": "are", "goes": "go"}


def plural(count: float, noun: str, plural_form: str | None = None) -> str:
    """The noun for a count: ``noun`` for exactly one, its plural otherwise.

    Example:
        >>> plural(1, "case"), plural(2, "case"), plural(0, "entry"), plural(1, "person")
        ('case', 'cases', 'entries', 'person')
    """
    if count == 1:
        return noun
    return plural_form or _IRREGULAR.get(noun) or (noun + ("es" if noun.endswith(("s", "x", "ch")) else "s"))


def count(n: float, noun: str, plural_form: str | None = None) -> str:
    """A whole count with its noun, with thousands separated.

    Example:
        >>> count(1, "case"), count(12000, "case"), count(1, "entry"), count(3, "entry")
        ('1 case', '12,000 cases', '1 entry', '3 entries')
    """
    whole = round(float(n))
    return f"{whole:,} {plural(whole, noun, plural_form)}"


def number(value: float, digits: int = 0) -> str:
    """A number with thousands separated and no negative zero.

    Example:
        >>> number(-0.04, 1), number(1234.5, 0), number(-2.25, 1)
        ('0.0', '1,234', '-2.2')
    """
    text = f"{value:,.{digits}f}"
    return text[1:] if _is_zero(text) and text.startswith("-") else text


def signed(value: float, digits: int = 1, unit: str = "") -> str:
    """A difference with its sign (a minus sign for falls), and plain zero for no change.

    Example:
        >>> signed(2.345), signed(-0.04), signed(-1.5, unit=" points")
        ('+2.3', '0.0', '−1.5 points')
    """
    text = f"{abs(value):,.{digits}f}"
    if _is_zero(text):
        return text + unit
    return ("+" if value > 0 else "−") + text + unit


def percent(share: float, digits: int = 1) -> str:
    """A share (0 to 1) as a percentage.

    Example:
        >>> percent(0.6861), percent(0.25, 0), percent(-0.0001)
        ('68.6%', '25%', '0.0%')
    """
    return number(share * 100, digits) + "%"


def points(difference: float, digits: int = 1) -> str:
    """A difference between two shares, in percentage points with its sign.

    Example:
        >>> points(0.0123), points(-0.00001), points(0.01)
        ('+1.2 percentage points', '0.0 percentage points', '+1.0 percentage points')
    """
    text = signed(difference * 100, digits)
    return f"{text} percentage {'point' if text.lstrip('+−') == '1' else 'points'}"


def local_time(iso: str, *, now: datetime | None = None, zone: str | None = None) -> str:
    """An ISO timestamp (UTC) as a local date and time, in words.

    Args:
        iso: The time, as the store keeps it.
        now: What counts as now (for "today").
        zone: An IANA time zone (the reader's, as their browser reports it); this computer's
            own when left out or unknown.

    Example:
        >>> local_time("2026-03-05T14:07:00+00:00", now=datetime(2027, 1, 1)).endswith("5 March 2026")
        True
        >>> local_time("2026-07-01T09:05:00+00:00", now=datetime(2027, 1, 1), zone="Europe/London")
        '10:05, 1 July 2026'
    """
    moment = datetime.fromisoformat(iso)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        local = moment.astimezone(ZoneInfo(zone)) if zone else moment.astimezone()
    except (ZoneInfoNotFoundError, ValueError):
        local = moment.astimezone()
    today = (
        now.astimezone(local.tzinfo) if now and now.tzinfo else (now or datetime.now(local.tzinfo))
    ).date()
    day = "today" if local.date() == today else f"{local.day} {local:%B %Y}"
    return f"{local:%H:%M}, {day}"


def _is_zero(text: str) -> bool:
    return not any(c in "123456789" for c in text)
