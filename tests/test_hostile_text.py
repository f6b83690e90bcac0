"""A generated corpus of hostile text through every journal and room field, and the Word export.

Each field (entry, prompt, pseudonym, question, answer, room title) is sent each hostile kind of
text through the real store; each must end in a JournalError naming that field, never a raw
database or encoding error. Text the validator passes is stored, read back unchanged, and
exported to a Word file that python-docx opens and reads back paragraph by paragraph.
"""

from __future__ import annotations

import io
import sqlite3

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.journal import (
    MAX_PROMPT,
    MAX_PSEUDONYM,
    MAX_TEXT,
    Entry,
    JournalError,
    Store,
    check_field,
    journal_docx,
    journal_markdown,
    new_entry,
    new_key,
)

HOSTILE = {
    "a lone high surrogate": ("broken \ud83d paste", "half of a character broken apart"),
    "a lone low surrogate": ("broken \ude00 paste", "half of a character broken apart"),
    "U+FFFE": ("odd \ufffe", "a noncharacter (U+FFFE)"),
    "U+FFFF": ("odd \uffff", "a noncharacter (U+FFFF)"),
    "U+FDD0": ("odd \ufdd0", "a noncharacter (U+FDD0)"),
    "U+1FFFE": ("odd \U0001fffe", "a noncharacter (U+1FFFE)"),
    "NUL": ("nul \x00 here", "a control character (U+0000)"),
    "escape": ("esc \x1b[31m red", "a control character (U+001B)"),
    "bell": ("bell \x07", "a control character (U+0007)"),
    "DEL": ("del \x7f", "a control character (U+007F)"),
    "a C1 control": ("c1 \x9b", "a control character (U+009B)"),
    "a right-to-left override": ("evil \u202egnp.exe", "an invisible direction override (U+202E)"),
    "a direction isolate": ("isolate \u2067x\u2069", "an invisible direction override (U+2067)"),
}


def send(store: Store, field: str, text: str) -> None:
    """Send ``text`` through one field of the real store, the others being ordinary."""
    key = new_key()
    if field == "Reflection":
        store.save(new_entry("Sam", "feelings", "", text), key)
    elif field == "Prompt":
        store.save(new_entry("Sam", "feelings", text, "ordinary"), key)
    elif field == "Stored entry":  # an Entry made without new_entry: the store checks it
        store.save(Entry("e" * 32, "2026-11-30T10:00:00", "Sam", "feelings", "", text), key)
    elif field == "Session title":
        store.open_room(text)
    else:
        room, _ = store.open_room("Seminar")
        if field == "Pseudonym":
            store.join(room.join_code, text, key)
            return
        if field == "Question":
            store.pose(room.id, "text", text)
            return
        _, participant = store.join(room.join_code, "Sam", key)
        question = store.pose(room.id, "text", "What surprised you?")
        store.set_state(question.id, "open")
        store.answer(question.id, participant.id, text)


FIELDS = ("Reflection", "Prompt", "Stored entry", "Pseudonym", "Question", "Answer", "Session title")
CORPUS = [(field, kind) for field in FIELDS for kind in HOSTILE]


@pytest.mark.parametrize(("field", "kind"), CORPUS, ids=[f"{f}: {k}" for f, k in CORPUS])
def test_hostile_text_in_every_field_is_refused_naming_the_field(store, field, kind):
    text, words = HOSTILE[kind]
    with pytest.raises(JournalError) as caught:
        send(store, field, text)
    assert caught.value.where == ("Reflection" if field == "Stored entry" else field)
    assert words in caught.value.problem and "\n" not in str(caught.value)
    assert store.count_entries() == 0


TOO_LONG = {
    "Reflection": MAX_TEXT,
    "Prompt": MAX_PROMPT,
    "Pseudonym": MAX_PSEUDONYM,
    "Question": 500,
    "Answer": 2_000,
    "Session title": 120,
}


@pytest.mark.parametrize("field", sorted(TOO_LONG))
@pytest.mark.parametrize("size", ["one over", "a megabyte"])
def test_text_over_each_fields_limit_is_refused_with_its_figures(store, field, size):
    length = TOO_LONG[field] + 1 if size == "one over" else 1_000_000
    with pytest.raises(JournalError) as caught:
        send(store, field, "w" * length)
    assert caught.value.where == field
    assert f"it has {length:,} characters" in caught.value.problem


def test_a_prompt_of_a_megabyte_with_control_characters_is_refused_before_it_is_scanned():
    with pytest.raises(JournalError, match="1,000,001 characters and the limit is 1,000"):
        new_entry("Sam", "feelings", "\x00" * 1_000_001, "ordinary")


ACCEPTED = {
    "emoji and a joiner": "Felt 🙂 then 👩‍⚖️ in court",
    "right-to-left script": "שלום and مرحبا in one line",
    "combining marks": "Zoe\u0308 and cafe\u0301",
    "CJK": "反省 reflection",
    "HTML and Markdown": "<script>alert(1)</script> **bold** [x](javascript:y)",
    "a formula": '=HYPERLINK("http://x")',
    "tabs and lines": "first\tcolumn\nsecond line\r\nthird line",
}


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_ordinary_unusual_text_is_stored_and_exported_unchanged(store, name):
    text = ACCEPTED[name]
    key = new_key()
    saved = store.save(new_entry(name[:30], "analysis", text, text), key)
    [back] = store.entries(key)
    assert back == saved and back.text == text.replace("\r\n", "\n")
    paragraphs = [
        p.text for p in docx.Document(io.BytesIO(journal_docx([back], name, back.created))).paragraphs
    ]
    assert back.text in paragraphs and back.prompt in paragraphs
    assert "<script>" not in journal_markdown([back], name, back.created)


def test_an_entry_stored_before_the_check_still_exports_to_a_word_file_that_opens(tmp_path):
    path = tmp_path / "old.sqlite3"
    key = new_key()
    with Store(f"sqlite:///{path}") as store:
        store.save(new_entry("Sam", "feelings", "", "placeholder"), key)
    with sqlite3.connect(path) as raw:  # as an older version of the Workbook might have left it
        raw.execute("UPDATE entries SET body = ?, pseudonym = ?", ("bad \ufffe and \x01 here", "Sam\uffff"))
    with Store(f"sqlite:///{path}") as store:
        [entry] = store.entries(key)
    data = journal_docx([entry], entry.pseudonym, entry.created)
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "bad \ufffd and \ufffd here" in paragraphs and "Reflective journal: Sam\ufffd" in paragraphs


any_text = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=200)


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_the_validator_returns_clean_text_or_a_journal_error_never_anything_else(text):
    try:
        checked = check_field(text, where="Reflection", limit=MAX_TEXT)
    except JournalError as error:
        assert error.where == "Reflection"
        return
    checked.encode("utf-8")  # no lone surrogates survive
    assert "\r" not in checked and not any(
        0xFDD0 <= ord(c) <= 0xFDEF or ord(c) & 0xFFFE == 0xFFFE for c in checked
    )
    assert checked.strip()


@settings(max_examples=40, deadline=None)
@given(any_text.filter(lambda t: t.strip()))
def test_whatever_passes_the_validator_stores_and_opens_in_word(tmp_path_factory, text):
    try:
        entry = new_entry("Sam", "feelings", text[:50], text)
    except JournalError:
        return
    with Store(f"sqlite:///{tmp_path_factory.mktemp('j') / 'j.sqlite3'}") as store:
        key = new_key()
        store.save(entry, key)
        [back] = store.entries(key)
    assert back == entry
    document = docx.Document(io.BytesIO(journal_docx([back], "Sam", back.created)))
    body = "\n".join(p.text for p in document.paragraphs)
    for line in back.text.split("\n"):
        assert line in body
