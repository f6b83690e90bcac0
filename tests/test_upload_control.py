"""The upload control: every error the import can raise becomes one line, and the caseload stays.

The hostile table corpus runs through the control itself (one case of each category and kind of
problem), then errors the import never means to raise: a bug, a lack of memory.
"""

from __future__ import annotations

import html
import re

import pytest
from test_caseload_dashboards import uploaded
from test_hostile_tables import CORPUS, REFERENCE

from workbook.dashboards import _caseload_source
from workbook.dashboards._caseload_source import CaseloadSource

SAMPLE = list(
    {(c.category, c.words.split(";")[0][:25]): c for c in CORPUS if c.mapping is None}.values()
)  # one case of each category and kind of problem; the control has no mapping


@pytest.fixture(scope="module")
def source():
    return CaseloadSource(lambda: None, n=1_000, seed=2)


def shown(source: CaseloadSource) -> str:
    """The notice as a reader sees it: tags removed, entities read."""
    return html.unescape(re.sub(r"<[^>]+>", "", source.notice.value)).strip()


@pytest.mark.parametrize("case", SAMPLE, ids=[f"{c.category}: {c.name}" for c in SAMPLE])
def test_every_kind_of_hostile_table_gives_one_line_and_keeps_the_caseload(source, case):
    source._on_synthetic(None)
    before = source.caseload
    source.upload.value = uploaded(case.file, case.content())
    line = shown(source)
    assert "\n" not in line and "Traceback" not in line
    if case.words:
        assert source.caseload is before and source.synthetic
        assert line.startswith(case.file) and case.words in line
        assert line.endswith("The page still shows a synthetic caseload of 1,000 cases (seed 2).")
    else:
        assert len(source.caseload) == len(case.expected()) and not source.synthetic
        assert line.startswith(f"Loaded your table {case.file}")
    source.upload.value = ()


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (RuntimeError("boom"), "could not be read (RuntimeError); save it as CSV UTF-8 and try again."),
        (MemoryError(), "there was not enough memory to read it; try a smaller table."),
        (KeyError("zip"), "could not be read (KeyError); save it as CSV UTF-8 and try again."),
    ],
)
def test_an_error_the_import_never_meant_to_raise_is_still_one_line(source, monkeypatch, error, words):
    source._on_synthetic(None)
    before = source.caseload

    def broken(*args, **kwargs):
        raise error

    monkeypatch.setattr(_caseload_source, "read_table", broken)
    source.upload.value = uploaded("odd.csv", b"a,b\n1,2\n")
    assert source.caseload is before
    assert (
        shown(source)
        == f"odd.csv: {words} The page still shows a synthetic caseload of 1,000 cases (seed 2)."
    )
    source.upload.value = ()


def test_a_table_with_cases_the_2026_tier_cannot_place_says_how_many(source):
    from hostile_files import csv_bytes

    frame = REFERENCE.assign(csrp=REFERENCE["csrp"].where(REFERENCE.index % 10 != 0))
    source.upload.value = uploaded("gaps.csv", csv_bytes(frame))
    assert shown(source) == (
        "Loaded your table gaps.csv (40 cases). 4 cases have no ARP or CSRP score, so the 2026 tier "
        "cannot be computed for them."
    )
    source.upload.value = ()


def test_the_tiering_page_shows_a_table_whose_2026_tiers_are_partly_missing():
    from hostile_files import csv_bytes

    from workbook.dashboards import caseload_tiering

    page = caseload_tiering(n=1_000, seed=3)
    frame = REFERENCE.assign(arp=REFERENCE["arp"].where(REFERENCE.index % 4 != 0))
    page.source.upload.value = uploaded("gaps.csv", csv_bytes(frame))
    page.first.value, page.second.value = "hmpps-2026", "hmpps-2021"
    assert page.results["hmpps-2026"]["tier"].isna().sum() == 10
    assert page.workloads["hmpps-2026"].untiered == 10
    assert page.workloads["hmpps-2026"].by_tier["cases"].sum() == 30
    assert "Why cases move" in page.moves.value or "same level" in page.moves.value
