"""The synthetic caseload: schema, determinism, calibration to its stated targets, import."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal

from workbook.caseload import (
    CASELOAD,
    COLUMN_NAMES,
    NEED_COLUMNS,
    TEMPLATE,
    CaseloadError,
    generate,
    load_parameters,
    read_table,
)

PARAMETERS = load_parameters()


@pytest.fixture(scope="module")
def big():
    return generate(50_000, seed=11)


def test_same_seed_same_caseload_and_different_seed_differs():
    assert_frame_equal(generate(500, seed=1), generate(500, seed=1))
    assert not generate(500, seed=1).equals(generate(500, seed=2))


@settings(max_examples=15, deadline=None)
@given(st.integers(100, 3000), st.integers(0, 2**32 - 1))
def test_every_caseload_matches_its_schema(n, seed):
    frame = generate(n, seed=seed)
    assert list(frame.columns) == list(COLUMN_NAMES) and len(frame) == n
    assert frame["case_id"].is_unique and frame["case_id"].str.fullmatch(r"SYN-\d{6}").all()
    for column in CASELOAD:
        values = frame[column.name]
        if column.choices:
            assert values.isin(column.choices).all(), column.name
        if column.low is not None:
            assert values.between(column.low, column.high).all(), column.name
    court = frame["order_type"] != "licence"
    requirements = frame[[c for c in frame.columns if c.startswith("req_")]]
    assert requirements[court].any(axis=1).all()
    assert not (frame["gender"].eq("male") & frame["wf_parenting"]).any()
    assert (frame["youth_transition"] == (frame["age"] <= 20)).all()


def test_sizes_outside_the_range_are_refused():
    with pytest.raises(ValueError, match="100 to 250,000"):
        generate(99, seed=1)
    with pytest.raises(KeyError, match="unknown caseload parameter"):
        generate(100, seed=1, params={"rosh_share": 1})


def test_every_parameter_states_its_source_and_status():
    for parameter in PARAMETERS.values():
        assert parameter.source and parameter.unit and parameter.doc, parameter.id
        assert parameter.status in ("published", "assumption"), parameter.id


# -- calibration: generated distributions land near their stated targets ----------


def test_calibration_shares(big):
    assert big["gender"].eq("female").mean() == pytest.approx(PARAMETERS["female_share"].value, abs=0.01)
    rosh = big["rosh"].value_counts(normalize=True)
    for level, share in PARAMETERS["rosh_shares"].value.items():
        assert rosh[level] == pytest.approx(share, abs=0.01), level
    for need, share in PARAMETERS["need_prevalence"].value.items():
        assert (big[f"need_{need}"] != "none").mean() == pytest.approx(share, abs=0.025), need
    assert big["ogrs"].mean() == pytest.approx(PARAMETERS["ogrs_mean"].value, abs=3)
    assert big["ppo"].mean() == pytest.approx(PARAMETERS["ppo_share"].value, abs=0.01)
    assert big["oasys_assessed"].mean() == pytest.approx(PARAMETERS["oasys_assessed"].value, abs=0.01)
    orders = big["order_type"].value_counts(normalize=True)
    for order, share in PARAMETERS["order_types"].value.items():
        assert orders[order] == pytest.approx(share, abs=0.01), order


def test_needs_follow_likelihood_and_harm_only_partly(big):
    needs = (big[list(NEED_COLUMNS)] != "none").sum(axis=1)
    assert np.corrcoef(needs, big["ogrs"])[0, 1] > 0.4
    harm = big["rosh"].map({"low": 0, "medium": 1, "high": 2, "very high": 3})
    assert 0 < np.corrcoef(needs, harm)[0, 1] < 0.35
    low_harm_high_need = big["rosh"].isin(["low", "medium"]) & (needs >= 5)
    assert low_harm_high_need.mean() > 0.1


def test_ogrs_bands_follow_the_published_cut_offs(big):
    expected = pd.cut(
        big["ogrs"], [-1, 49.999, 74.999, 89.999, 101], labels=["low", "medium", "high", "very high"]
    )
    assert (expected.astype(str) == big["ogrs_band"]).all()


# -- your own data -------------------------------------------------------------------


def csv_bytes(frame: pd.DataFrame) -> io.BytesIO:
    return io.BytesIO(frame.to_csv(index=False).encode())


def test_the_template_loads():
    frame = read_table(TEMPLATE)
    assert list(frame.columns) == list(COLUMN_NAMES) and len(frame) > 0


def test_columns_are_mapped_by_name_and_by_mapping():
    own = generate(100, seed=5).rename(columns={"rosh": "RoSH level", "age": "Age", "ogrs": "OGRS 2yr"})
    frame = read_table(csv_bytes(own), {"RoSH level": "rosh", "OGRS 2yr": "ogrs"}, name="own.csv")
    assert_frame_equal(frame, generate(100, seed=5), check_dtype=False)


def test_excel_files_load(tmp_path):
    path = tmp_path / "caseload.xlsx"
    generate(100, seed=6).to_excel(path, index=False)
    assert len(read_table(path)) == 100


@pytest.mark.parametrize(
    ("change", "column", "row", "words"),
    [
        (lambda d: d.assign(Surname="Smith"), "Surname", None, "a name"),
        (lambda d: d.assign(DOB="1990-01-01"), "DOB", None, "date of birth"),
        (lambda d: d.assign(CRN="X123456"), "CRN", None, "case reference"),
        (lambda d: d.assign(notes=["call 07700 900123"] + [""] * 99), "notes", 2, "phone number"),
        (lambda d: d.assign(info=[""] * 5 + ["AB 12 34 56 C"] + [""] * 94), "info", 7, "National Insurance"),
        (lambda d: d.assign(where=[""] * 9 + ["NG1 5FT"] + [""] * 90), "where", 11, "postcode"),
        (lambda d: d.assign(contact=["a.person@example.org"] * 100), "contact", 2, "email"),
        (lambda d: d.assign(ref=["2001/0123456A"] * 100), "ref", 2, "PNC"),
        (lambda d: d.assign(born=["01/02/1990"] * 100), "born", None, "date of birth"),
    ],
)
def test_personal_data_is_refused_naming_column_and_row(change, column, row, words):
    with pytest.raises(CaseloadError) as caught:
        read_table(csv_bytes(change(generate(100, seed=7))), name="mine.csv")
    assert caught.value.column == column and caught.value.row == row
    assert words in str(caught.value) and str(caught.value).startswith("mine.csv")


@pytest.mark.parametrize(
    ("change", "column", "row", "words"),
    [
        (lambda d: d.drop(columns="rosh"), None, None, "missing column(s): rosh"),
        (lambda d: d.assign(rosh=["low"] * 3 + ["huge"] + ["low"] * 96), "rosh", 5, "one of"),
        (lambda d: d.assign(age=["30"] * 2 + ["thirty"] + ["30"] * 97), "age", 4, "number"),
        (lambda d: d.assign(age=[30] * 99 + [7]), "age", 101, "between 18 and 100"),
        (lambda d: d.assign(ppo=["maybe"] * 100), "ppo", 2, "yes or no"),
        (lambda d: d.assign(mappa_level=[1.5] * 100), "mappa_level", 2, "whole number"),
    ],
)
def test_bad_values_get_one_message_naming_column_and_row(change, column, row, words):
    with pytest.raises(CaseloadError) as caught:
        read_table(csv_bytes(change(generate(100, seed=8))), name="mine.csv")
    assert caught.value.column == column and caught.value.row == row
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("caseload.pdf", b"%PDF-1.4", "only .csv and .xlsx"),
        ("caseload.csv", "café,x\n".encode("latin-1"), "not UTF-8"),
        ("caseload.xlsx", b"not really a spreadsheet", "is not an Excel workbook"),
        ("caseload.csv", b"", "is empty"),
    ],
)
def test_unreadable_files_get_one_message(name, content, words):
    with pytest.raises(CaseloadError, match=words):
        read_table(io.BytesIO(content), name=name)
