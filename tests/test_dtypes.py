"""One dtype contract: a caseload's columns have the same dtypes however it was made."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from workbook.caseload import CASELOAD, TEMPLATE, coerce_dtypes, column_dtype, generate, read_table
from workbook.tiering import example_caseload

SOURCES = {
    "generate": lambda: generate(300, seed=3),
    "read_table": lambda: read_table(TEMPLATE),
    "example_caseload": example_caseload,
}


@pytest.mark.parametrize("source", SOURCES)
def test_every_column_has_its_declared_dtype(source):
    frame = SOURCES[source]()
    assert list(frame.columns) == [c.name for c in CASELOAD]
    for column in CASELOAD:
        dtype = frame[column.name].dtype
        if column.kind == "category":
            assert isinstance(dtype, pd.CategoricalDtype), (source, column.name)
            if column.choices:
                assert dtype == column_dtype(column), (source, column.name)
                assert list(dtype.categories) == list(column.choices)
        else:
            assert dtype == column_dtype(column), (source, column.name, dtype)


def test_the_three_sources_agree_column_by_column():
    frames = {name: make() for name, make in SOURCES.items()}
    generated = frames["generate"].dtypes
    for name, frame in frames.items():
        for column in CASELOAD:
            if column.name == "area":  # the synthetic areas first, then any others the table names
                synthetic = list(generated["area"].categories)
                assert list(frame["area"].dtype.categories[: len(synthetic)]) == synthetic, name
                continue
            assert frame[column.name].dtype == generated[column.name], (name, column.name)


def test_a_generated_caseload_survives_a_trip_through_csv(tmp_path):
    cases = generate(300, seed=8)
    cases.to_csv(tmp_path / "cases.csv", index=False)
    assert_frame_equal(read_table(tmp_path / "cases.csv"), cases)


def test_ordinal_categories_compare_in_order():
    cases = generate(300, seed=3)
    assert (cases["rosh"] >= "high").sum() == cases["rosh"].isin(["high", "very high"]).sum()
    assert cases["need_drug_misuse"].max() == "severe"


def test_a_value_outside_the_categories_is_refused_not_lost():
    with pytest.raises(ValueError, match="'unknown' is not one of"):
        coerce_dtypes(pd.DataFrame({"rosh": ["low", "unknown"]}))
    kept = coerce_dtypes(pd.DataFrame({"rosh": ["low", None], "other": [1, 2]}))
    assert kept["rosh"].isna().tolist() == [False, True] and kept["other"].tolist() == [1, 2]
