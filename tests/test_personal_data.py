"""The personal-data guard, by property: every written form of a phone, date or identifier is found;
nothing the Workbook itself writes is; and every pattern run over user text is linear in its length."""

from __future__ import annotations

import datetime as dt
from re import _constants as sre
from re import _parser as sre_parse

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.caseload import CaseloadError, generate, read_table
from workbook.caseload._personal import _DIGIT_RUN, _MONTH_BEFORE, PATTERNS, column_words, find_personal_value
from workbook.caseload._read import _MARKUP
from workbook.caseload._validate import _FORMULA, _IDENTIFIER, FORBIDDEN
from workbook.journal._entry import _REFUSED_PATTERN

PROPERTY = settings(max_examples=150, deadline=None)
words = st.text(alphabet="abcdefghij klmnop", max_size=20).map(lambda w: w.strip())


def surrounded(value: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A value alone or inside ordinary words, as someone types it into a notes cell."""
    return st.tuples(words, value, words).map(lambda parts: " ".join(p for p in parts if p))


@st.composite
def uk_phones(draw: st.DrawFn) -> str:
    """A UK number written any way: 0 or +44 or 0044 or +44 (0), then the digits grouped and separated."""
    national = draw(
        st.one_of(
            st.from_regex(r"\A7[0-9]{9}\Z"),  # mobile
            st.from_regex(r"\A20[0-9]{8}\Z"),  # London
            st.from_regex(r"\A1[0-9]{9}\Z"),  # geographic
            st.from_regex(r"\A3[0-9]{9}\Z"),
        )
    )
    prefix = draw(st.sampled_from(["0", "+44", "+44 ", "0044 ", "+44 (0)", "0044(0)", "(0"]))
    separator = draw(st.sampled_from([" ", "-", "", ".", "  "]))
    cuts = sorted(draw(st.sets(st.integers(1, len(national) - 1), max_size=3)))
    groups = [national[a:b] for a, b in zip([0, *cuts], [*cuts, len(national)], strict=True)]
    if prefix == "(0":  # (020) 7946 0000
        return f"(0{groups[0]}) " + separator.join(groups[1:]) if len(groups) > 1 else f"(0{national})"
    return prefix + separator.join(groups)


@st.composite
def written_dates(draw: st.DrawFn) -> str:
    day = draw(st.dates(dt.date(1930, 1, 1), dt.date(2009, 12, 31)))
    form = draw(
        st.sampled_from(
            ["%d %B %Y", "%d %b %Y", "%d.%m.%y", "%d.%m.%Y", "%m/%d/%Y", "%Y/%m/%d", "%Y-%m-%d",
             "%d/%m/%Y", "%B %d, %Y", "%d-%b-%y", "%d/%m/%y", "%-d %B %Y", "%dth of %B %Y"]
        )
    )  # fmt: skip
    text = day.strftime(form)
    return text.upper() if draw(st.booleans()) else text


def any_case(pattern: str) -> st.SearchStrategy[str]:
    return st.from_regex(rf"\A{pattern}\Z").flatmap(
        lambda text: st.sampled_from([text, text.lower(), text.upper(), text.title()])
    )


IDENTIFIERS = {
    "a case reference (CRN)": any_case("[A-Z][0-9]{6}"),
    "a National Insurance number": any_case("[A-CEGHJ-PR-TW-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]"),
    "a UK postcode": any_case("[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}"),
    "a PNC number": any_case("[0-9]{2,4}/[0-9]{5,7}[A-Z]"),
    "an email address": st.from_regex(r"\A[a-z][a-z0-9.]{0,10}@[a-z]{2,8}\.(org|co\.uk|com)\Z"),
}


@PROPERTY
@given(surrounded(uk_phones()))
def test_a_uk_phone_in_any_written_form_is_found(text):
    assert find_personal_value(["fine", text]) == (1, "a phone number")


@PROPERTY
@given(st.from_regex(r"\A[1237][0-9]{9}\Z"), st.sampled_from(["", ".0"]), st.booleans())
def test_a_phone_stored_as_a_number_that_lost_its_zero_is_found(digits, tail, international):
    cell = ("44" if international else "") + digits + tail
    found = find_personal_value(["12", cell])
    assert found == (1, "a phone number (stored as a number, so its leading 0 is gone)")


@PROPERTY
@given(surrounded(written_dates()))
def test_a_date_in_any_common_form_is_found(text):
    assert find_personal_value([text]) == (0, "a date that could be a date of birth")


@PROPERTY
@given(st.sampled_from(sorted(IDENTIFIERS)).flatmap(lambda what: st.tuples(st.just(what), IDENTIFIERS[what])))
def test_identifiers_are_found_in_any_case(pair):
    what, value = pair
    found = find_personal_value(["low", value])
    assert found is not None and found[0] == 1
    assert found[1] == what or (what == "a UK postcode" and found[1] == "a case reference (CRN)")


@settings(max_examples=25, deadline=None)
@given(st.one_of(uk_phones(), written_dates(), *IDENTIFIERS.values()), st.integers(0, 39))
def test_the_import_refuses_it_naming_column_and_row_never_repeating_it(value, index):
    frame = generate(100, seed=21).head(40).assign(notes=[value if i == index else "" for i in range(40)])
    with pytest.raises(CaseloadError) as caught:
        read_table(frame.to_csv(index=False).encode(), name="mine.csv")
    assert (caught.value.column, caught.value.row) == ("notes", index + 2)
    assert value not in str(caught.value) and "Remove personal data" in str(caught.value)


def test_nothing_the_workbook_writes_looks_personal():
    frame = generate(20_000, seed=8)
    for column in frame.columns:
        texts = [str(v) for v in pd.unique(frame[column])]
        assert find_personal_value(texts) is None, column


@PROPERTY
@given(st.one_of(st.floats(0, 100).map(lambda x: f"{x:.2f}"), st.integers(0, 999_999_999).map(str)))
def test_ordinary_numbers_are_not_personal(text):
    assert find_personal_value([text]) is None


# -- linear time ---------------------------------------------------------------------------------


def unbounded_repeats(parsed) -> list[str]:
    """Every repetition in a parsed pattern with no upper bound."""
    found = []
    for op, value in parsed:
        if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, inner = value
            if high == sre.MAXREPEAT:
                found.append(f"{op} {{{low},}}")
            found += unbounded_repeats(inner)
        else:
            for part in value if isinstance(value, list | tuple) else [value]:
                for item in part if isinstance(part, list | tuple) else [part]:
                    if isinstance(item, sre_parse.SubPattern):
                        found += unbounded_repeats(item)
    return found


USER_TEXT_PATTERNS = {
    **{f"personal: {what}": p for what, p in PATTERNS.items()},
    "control characters": FORBIDDEN,
    "identifier characters": _IDENTIFIER,
    "formula start": _FORMULA,
    "markup": _MARKUP,
    "journal text": _REFUSED_PATTERN,
    "digit runs": _DIGIT_RUN,
    "month before a date": _MONTH_BEFORE,
}


@pytest.mark.parametrize("name", sorted(USER_TEXT_PATTERNS))
def test_every_pattern_over_user_text_has_only_bounded_repeats(name):
    """Bounded repeats make each match attempt cost a constant, so a search is linear in the text."""
    pattern = USER_TEXT_PATTERNS[name]
    assert unbounded_repeats(sre_parse.parse(pattern.pattern, pattern.flags)) == []


MEGABYTE = 1_000_000
HOSTILE_PIECES = [
    "a",
    "0",
    "0 ",
    "a@",
    "a.",
    "1.",
    "1/",
    "07",
    "+4",
    "(0",
    "ab1 ",
    "14 march ",
    "x" * 63 + "@",
]


@settings(max_examples=12, deadline=None)
@given(st.lists(st.sampled_from(HOSTILE_PIECES), min_size=1, max_size=4))
def test_each_pattern_gets_through_a_megabyte_cell(pieces):
    """A 1 MB cell of repeated hostile pieces: every pattern finishes (the benchmark times it)."""
    unit = "".join(pieces)
    cell = (unit * (MEGABYTE // len(unit) + 1))[:MEGABYTE]
    for pattern in USER_TEXT_PATTERNS.values():
        for _ in pattern.finditer(cell):
            pass
    assert column_words(cell[:1000])  # the column-name splitter, on the longest name allowed
