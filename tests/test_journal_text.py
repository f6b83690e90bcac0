"""Journal text: checks on what people type, keys and codes, prompts, tallies and exports."""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workbook.induction import read_document
from workbook.journal import (
    JOIN_CODE_BITS,
    KEY_BITS,
    MAX_TEXT,
    STAGES,
    Answer,
    Entry,
    JournalError,
    Question,
    Room,
    RoomRecord,
    check_pseudonym,
    check_text,
    context_prompt,
    cycle_prompts,
    escape_markdown,
    frequent_words,
    is_well_formed,
    journal_docx,
    journal_markdown,
    new_entry,
    new_join_code,
    new_key,
    normalise_code,
    room_csv,
    room_markdown,
    tally,
    theme_prompts,
)
from workbook.journal._keys import ALPHABET

HOSTILE = (
    "<script>window.pwned=1</script><img src=x onerror=alert(1)> [click](javascript:alert(1)) "
    "**bold** # heading\n- item\n=SUM(A1:A9)"
)


# -- typed text ---------------------------------------------------------------------------------------


def test_empty_long_and_control_character_text_is_refused_with_the_field_named():
    with pytest.raises(JournalError, match="empty") as caught:
        check_text("   \n ")
    assert caught.value.where == "Reflection"
    with pytest.raises(JournalError, match=f"{MAX_TEXT + 1:,} characters and the limit is {MAX_TEXT:,}"):
        check_text("x" * (MAX_TEXT + 1))
    with pytest.raises(JournalError, match="a control character"):
        check_text("bell\x07")
    assert check_text("x" * MAX_TEXT) == "x" * MAX_TEXT


def test_pseudonyms_are_trimmed_and_bounded():
    assert check_pseudonym("  Officer   Sam ") == "Officer Sam"
    with pytest.raises(JournalError, match="the limit is 40"):
        check_pseudonym("x" * 41)
    with pytest.raises(JournalError, match="type a name"):
        check_pseudonym("")


def test_an_entry_needs_a_known_stage_and_a_room_to_share_with():
    with pytest.raises(JournalError, match="choose one of"):
        new_entry("Sam", "venting", "", "text")
    with pytest.raises(JournalError, match="join a room"):
        new_entry("Sam", "feelings", "", "text", shared=True)


# -- codes and keys -----------------------------------------------------------------------------------


def test_codes_and_keys_carry_the_stated_bits():
    assert len(ALPHABET) == 32 and len(set(ALPHABET)) == 32
    assert math.log2(len(ALPHABET)) * len(normalise_code(new_join_code())) == JOIN_CODE_BITS == 40
    assert math.log2(len(ALPHABET)) * len(normalise_code(new_key())) == KEY_BITS == 100


def test_codes_do_not_repeat_in_ten_thousand_draws():
    assert len({new_join_code() for _ in range(10_000)}) == 10_000


@given(st.text(alphabet=ALPHABET, min_size=8, max_size=8))
def test_a_code_read_aloud_and_typed_back_in_any_case_with_o_and_i_matches(code):
    typed = code.lower().replace("0", "o").replace("1", "i")
    typed = typed[:4] + " - " + typed[4:]
    assert normalise_code(typed) == code
    assert is_well_formed(typed, 8)


# -- prompts ------------------------------------------------------------------------------------------


def test_the_cycle_has_one_prompt_per_stage_with_its_source():
    prompts = cycle_prompts()
    assert tuple(p.stage for p in prompts) == STAGES
    assert all("Gibbs" in p.source for p in prompts)


def test_every_theme_prompt_in_the_corpus_becomes_a_journal_prompt(corpus):
    prompts = theme_prompts(corpus.themes)
    expected = sum(len(t) for t in corpus.themes.prompts)
    assert len(prompts) == expected > 0
    assert len({p.id for p in prompts}) == expected
    assert {p.themes[0] for p in prompts} == set(corpus.themes.id)


def test_a_context_prompt_carries_its_snapshot():
    snapshot = {"page": "compliance-scenarios", "parameters": {"text_reminders": True}}
    prompt = context_prompt(
        "compliance-scenarios", "Reminders", "Why did breaches fall?", snapshot, ["reminders"]
    )
    assert prompt.snapshot == snapshot and prompt.themes == ("reminders",) and prompt.text.startswith("Why")


# -- tallies ------------------------------------------------------------------------------------------


def question(kind="card", options=("A", "B", "C")):
    return Question("q", "r", 1, kind, "Which?", tuple(options), "open", False)


def test_a_tally_lists_every_option_in_order_with_zeros():
    answers = [Answer("q", name, value, "") for name, value in [("a", "C"), ("b", "A"), ("c", "C")]]
    assert tally(question(), answers) == [("A", 1), ("B", 0), ("C", 2)]


def test_frequent_words_count_each_answer_once_and_skip_common_words():
    words = dict(
        frequent_words(["Reminders reminders REMINDERS and the mentor", "reminders help", "the mentor"])
    )
    assert words == {"reminders": 2, "mentor": 2, "help": 1}


@given(st.lists(st.sampled_from(["A", "B", "C"]), max_size=50))
def test_a_tally_accounts_for_every_answer(values):
    answers = [Answer("q", str(i), v, "") for i, v in enumerate(values)]
    assert sum(count for _, count in tally(question(), answers)) == len(values)


# -- exports ------------------------------------------------------------------------------------------


def hostile_entry(**kwargs) -> Entry:
    return Entry(
        id="e1",
        created="2026-11-23T10:00:00.000000+00:00",
        pseudonym="<b>Sam</b>",
        stage="analysis",
        prompt="Why [did](x) it <i>work</i>?",
        text=HOSTILE,
        themes=("reminders",),
        snapshot={"page": "compliance-scenarios", "parameters": {"x": "<script>"}, "results": {"kept": 0.7}},
        **kwargs,
    )


@given(st.text(max_size=200))
def test_escaped_markdown_has_no_raw_html_and_no_live_link_syntax(text):
    out = escape_markdown(text)
    assert "<" not in out and ">" not in out
    assert not re.search(r"(?<!\\)\[", out) and not re.search(r"(?<!\\)\]\(", out)


def test_the_journal_markdown_shows_hostile_text_escaped():
    out = journal_markdown([hostile_entry()], "<b>Sam</b>", "2026-11-23T12:00:00")
    assert "<script>" not in out and "<img" not in out and "<b>" not in out
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in out
    assert "\\[click\\]\\(javascript:alert\\(1\\)\\)" in out
    assert "\\# heading" in out and "\\- item" in out
    assert "illustrative" in out


def test_the_word_export_holds_the_text_literally_and_opens_as_a_document():
    data = journal_docx([hostile_entry()], "<b>Sam</b>", "2026-11-23T12:00:00")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.testzip() is None
        xml = package.read("word/document.xml").decode()
    assert "<script>" not in xml and "&lt;script&gt;" in xml
    text = read_document("journal.docx", data)
    assert "<script>window.pwned=1</script>" in text and "[click](javascript:alert(1))" in text
    assert "Reflective journal: <b>Sam</b>" in text


def room_record() -> RoomRecord:
    room = Room("r", "ABCDEFGH", "Seminar <i>1</i>", 40, "2026-11-23T10:00:00", "2026-11-23T22:00:00")
    text_q = Question("q1", "r", 1, "text", "What <b>surprised</b> you?", (), "closed", True)
    scale_q = Question("q2", "r", 2, "scale", "How fair?", ("1", "2", "3", "4", "5"), "closed", True)
    answers = {
        "q1": (Answer("q1", "Sam", HOSTILE, "t1"), Answer("q1", "@Ali", "+44 then -1", "t2")),
        "q2": (Answer("q2", "Sam", "4", "t3"),),
    }
    return RoomRecord(room, (), (text_q, scale_q), answers, (hostile_entry(room_id="r", shared=True),))


def test_the_room_csv_keeps_text_whole_and_never_starts_a_cell_with_a_formula():
    rows = list(csv.reader(io.StringIO(room_csv(room_record()))))
    header, body = rows[0], rows[1:]
    assert len(body) == 4
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in body for cell in row)
    answer = dict(zip(header, body[0], strict=True))
    assert answer["text"] == HOSTILE and answer["question"] == "What <b>surprised</b> you?"
    assert dict(zip(header, body[1], strict=True))["pseudonym"] == "'@Ali"
    assert dict(zip(header, body[3], strict=True))["kind"] == "shared reflection"


def test_the_room_markdown_escapes_answers_and_counts_scales():
    out = room_markdown(room_record(), "2026-11-23T12:00:00")
    assert "<script>" not in out and "<b>" not in out and "<i>" not in out
    assert "- 4: 1" in out and "- 1: 0" in out
    assert "## Shared reflections" in out and "&lt;script&gt;" in out
