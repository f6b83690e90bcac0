"""The REFI-QDA export: a valid project whose selections are exactly the excerpts' quotes."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import pytest
import xmlschema

from workbook.cli import main
from workbook.evidence import export_qdpx
from workbook.evidence._qdpx import NAMESPACE, locate
from workbook.paths import PROJ_ROOT, SEMINAR_DIR

SCHEMA = PROJ_ROOT / "tests" / "data" / "refi-qda" / "Project.xsd"
Q = f"{{{NAMESPACE}}}"
WHEN = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def archive(corpus):
    return zipfile.ZipFile(io.BytesIO(export_qdpx(corpus, created=WHEN)))


@pytest.fixture(scope="module")
def project(archive):
    return ET.fromstring(archive.read("project.qde"))


def test_the_vendored_schema_is_the_published_one():
    digest = hashlib.sha256(SCHEMA.read_bytes()).hexdigest()
    assert digest == "7841112e27897debf996f76209b9c5a5d074d66c1297a2f19f5ef250d29303bd"


def test_the_project_validates_against_the_refi_qda_schema(archive):
    xmlschema.XMLSchema(SCHEMA).validate(io.BytesIO(archive.read("project.qde")))


def test_the_schema_check_can_fail(archive):
    broken = archive.read("project.qde").replace(b'isCodable="true"', b'isCodable="maybe"', 1)
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        xmlschema.XMLSchema(SCHEMA).validate(io.BytesIO(broken))


def test_the_two_notes_are_the_sources_exactly_as_received(archive, project, corpus):
    sources = project.findall(f"{Q}Sources/{Q}TextSource")
    assert len(sources) == 2 == len(corpus.sources)
    for element, source in zip(sources, corpus.sources.itertuples(), strict=True):
        path = element.get("plainTextPath").removeprefix("internal://")
        assert archive.read(f"Sources/{path}") == (SEMINAR_DIR / "notes" / source.file).read_bytes()


def test_the_themes_are_the_codes(project, corpus):
    codes = project.findall(f"{Q}CodeBook/{Q}Codes/{Q}Code")
    assert len(codes) == 19 == len(corpus.themes)
    assert [c.get("name") for c in codes] == corpus.themes["name"].tolist()
    assert [c.find(f"{Q}Description").text for c in codes] == corpus.themes["summary"].tolist()


def test_every_selection_is_the_excerpts_quote_at_its_exact_position(archive, project, corpus):
    codes = {c.get("guid"): c.get("name") for c in project.iter(f"{Q}Code")}
    memos = {n.get("guid"): n.find(f"{Q}PlainTextContent").text for n in project.iter(f"{Q}Note")}
    names = corpus.theme_names()
    excerpts = corpus.excerpts.set_index("id")
    seen = []
    for source in project.iter(f"{Q}TextSource"):
        text = archive.read(f"Sources/{source.get('plainTextPath').removeprefix('internal://')}").decode()
        for selection in source.iter(f"{Q}PlainTextSelection"):
            excerpt = excerpts.loc[selection.get("name")]
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert text[start:end] == excerpt["quote"], selection.get("name")
            coded = [codes[c.find(f"{Q}CodeRef").get("targetGUID")] for c in selection.iter(f"{Q}Coding")]
            assert coded == [names[t] for t in excerpt["themes"]]
            (memo,) = selection.findall(f"{Q}NoteRef")
            assert memos[memo.get("targetGUID")] == excerpt["paraphrase"]
            seen.append(selection.get("name"))
    assert sorted(seen) == sorted(corpus.excerpts["id"]) and len(seen) == 90


def test_identifiers_are_stable_and_the_time_is_stamped(corpus, archive):
    again = zipfile.ZipFile(io.BytesIO(export_qdpx(corpus, created=WHEN)))
    assert again.read("project.qde") == archive.read("project.qde")
    assert b'creationDateTime="2026-01-05T09:30:00Z"' in archive.read("project.qde")


def test_a_quote_is_found_however_its_quotes_and_spaces_are_typed():
    text = "Intro.\nShe was ‘late’ –\n  again. She was ‘late’ – again."
    assert locate(text, "she was 'late' - again") == (7, 31)
    assert locate(text, "she was 'late' - again", after=20) == (33, 55)
    with pytest.raises(ValueError, match="quote not found"):
        locate(text, "never said")


def test_cli_writes_a_qdpx_and_says_what_it_holds(tmp_path, capsys):
    out = tmp_path / "seminar.qdpx"
    assert main(["evidence", "export", "--format", "qdpx", "--output", str(out)]) == 0
    assert zipfile.is_zipfile(out)
    assert "19 codes, 90 coded selections" in capsys.readouterr().err


def test_cli_needs_a_file_for_a_qdpx(capsys):
    assert main(["evidence", "export", "--format", "qdpx"]) == 2
    assert "give --output" in capsys.readouterr().err
