"""Join codes and secret keys: random, readable aloud, and stored only as digests.

Codes and keys use Crockford's base-32 alphabet (digits and capitals without I, L,
O and U), so each symbol carries 5 bits and a reader cannot confuse 0 with O or 1
with I: typing either is accepted.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford's base 32: 32 symbols, 5 bits each."""

JOIN_CODE_SYMBOLS = 8
"""A room's join code: 8 symbols, 40 bits, shown as ``ABCD-EFGH``."""

KEY_SYMBOLS = 20
"""A facilitator key or a journal key: 20 symbols, 100 bits, shown in groups of five."""

JOIN_CODE_BITS = JOIN_CODE_SYMBOLS * 5
KEY_BITS = KEY_SYMBOLS * 5

_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _random_symbols(count: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(count))


def _grouped(symbols: str, size: int) -> str:
    return "-".join(symbols[i : i + size] for i in range(0, len(symbols), size))


def new_join_code() -> str:
    """A fresh, random join code for a room.

    Example:
        >>> code = new_join_code()
        >>> len(code), code[4]
        (9, '-')
    """
    return _grouped(_random_symbols(JOIN_CODE_SYMBOLS), 4)


def new_key() -> str:
    """A fresh, random secret key (facilitator key or journal key).

    Example:
        >>> key = new_key()
        >>> len(normalise_code(key)) == KEY_SYMBOLS
        True
    """
    return _grouped(_random_symbols(KEY_SYMBOLS), 5)


def normalise_code(text: str) -> str:
    """A code or key as typed, in the form it is stored: capitals, no spaces or hyphens.

    Lower case is raised, O is read as 0 and I or L as 1, as Crockford's alphabet
    intends, so what a person reads aloud and types back matches.

    Example:
        >>> normalise_code(" abcd-efgo ")
        'ABCDEFG0'
    """
    kept = "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")
    return kept.translate(_READ_AS)


def is_well_formed(text: str, symbols: int) -> bool:
    """Whether a typed code or key has the right length and only alphabet symbols.

    Example:
        >>> is_well_formed("abcd-efgh", JOIN_CODE_SYMBOLS), is_well_formed("abc!", JOIN_CODE_SYMBOLS)
        (True, False)
    """
    code = normalise_code(text)
    return len(code) == symbols and all(ch in ALPHABET for ch in code)


def display_code(code: str) -> str:
    """A stored code in the grouped form people read.

    Example:
        >>> display_code("ABCDEFGH")
        'ABCD-EFGH'
    """
    size = 4 if len(code) == JOIN_CODE_SYMBOLS else 5
    return _grouped(normalise_code(code), size)


def key_digest(key: str) -> str:
    """The SHA-256 digest under which a key is stored; the key itself never is.

    The keys carry 100 random bits, so a fast hash is enough: there is no
    dictionary to search.
    """
    return hashlib.sha256(("workbook-key:" + normalise_code(key)).encode("ascii", "replace")).hexdigest()


def digests_match(key: str, digest: str) -> bool:
    """Whether a typed key matches a stored digest, compared in constant time."""
    return hmac.compare_digest(key_digest(key), digest)
