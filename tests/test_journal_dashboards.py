"""The journal and workshop pages, driven headlessly: set values, click, read what is shown."""

from __future__ import annotations

import pytest

from workbook.dashboards import ReflectiveJournal, WorkshopFacilitator, WorkshopParticipant
from workbook.dashboards.workshop import RoomWatcher
from workbook.journal import Store, StoreError

HOSTILE = "<script>window.pwned=1</script><img src=x onerror=alert(1)> [link](javascript:alert(1))"


@pytest.fixture
def store(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'journal.sqlite3'}") as store:
        yield store


@pytest.fixture
def cards():
    return ["Reaching 70% in Lincolnshire", "Fifteen minutes late"]


def journal(store, corpus) -> ReflectiveJournal:
    page = ReflectiveJournal(store, corpus)
    page.identity.pseudonym.value = "Sam"
    return page


def test_saving_a_reflection_shows_it_escaped_and_clears_the_box(store, corpus):
    page = journal(store, corpus)
    page.panel.text.value = HOSTILE
    page.panel.save.click()
    assert page.panel.text.value == ""
    assert "Saved at" in page.panel.message.value and "private to you" in page.panel.message.value
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page.entries.value
    assert "<script>" not in page.entries.value and "<img" not in page.entries.value
    assert (
        "reflective-journal.md" in page.downloads.value and "reflective-journal.docx" in page.downloads.value
    )
    assert page.identity.key in page.identity.key_view.value


@pytest.mark.parametrize(
    ("pseudonym", "text", "expected"),
    [
        ("Sam", "   ", "Reflection: it is empty"),
        ("", "kept", "Pseudonym: type a name"),
        ("Sam", "x" * 20_001, "limit"),
    ],
)
def test_a_bad_save_says_what_is_wrong_and_keeps_the_text(store, corpus, pseudonym, text, expected):
    page = journal(store, corpus)
    page.identity.pseudonym.value = pseudonym
    page.panel.text.value = text
    page.panel.save.click()
    assert expected in page.panel.message.value and "wb-error" in page.panel.message.value
    assert page.panel.text.value == text
    assert store.count_entries() == 0


def test_a_store_that_cannot_be_written_keeps_the_text(store, corpus, monkeypatch):
    page = journal(store, corpus)

    def fail(*_args, **_kwargs):
        raise StoreError("The journal store at /x", "could not be written or read (disk full).")

    monkeypatch.setattr(store, "save", fail)
    page.panel.text.value = "Something I do not want to lose"
    page.panel.save.click()
    assert "disk full" in page.panel.message.value
    assert page.panel.text.value == "Something I do not want to lose"


def test_another_browser_sees_nothing_until_it_opens_the_same_key(store, corpus):
    first = journal(store, corpus)
    first.panel.text.value = "private thought"
    first.panel.save.click()
    second = journal(store, corpus)
    assert "private thought" not in second.entries.value
    second.identity.other_key.value = first.identity.key.lower().replace("-", " ")
    second.identity.use_key.click()
    assert "private thought" in second.entries.value
    second.identity.other_key.value = "not a key"
    second.identity.use_key.click()
    assert "20 letters and digits" in second.identity.message.value


def test_forgetting_clears_this_browser(store, corpus):
    page = journal(store, corpus)
    page.panel.text.value = "x"
    page.panel.save.click()
    page.identity.forget.click()
    assert page.identity.key == "" and page.identity.pseudonym.value == ""
    assert "No entries yet" in page.entries.value


def test_a_prompt_in_the_address_is_chosen_with_its_stage(store, corpus, monkeypatch):
    theme = corpus.themes.iloc[0]
    monkeypatch.setenv("QUERY_STRING", f"prompt=theme-{theme.id}-1")
    page = journal(store, corpus)
    assert page.panel.prompt.value == f"theme-{theme.id}-1"
    assert page.panel.stage.value == "analysis"
    page.panel.text.value = "on this theme"
    page.panel.save.click()
    [entry] = store.entries(page.identity.key)
    assert entry.themes == (theme.id,) and entry.prompt == theme.prompts[0]


def test_choosing_a_cycle_prompt_sets_its_stage(store, corpus):
    page = journal(store, corpus)
    page.panel.prompt.value = "cycle-feelings"
    assert page.panel.stage.value == "feelings"
    assert "feeling" in page.panel.prompt_text.value


# -- workshop ------------------------------------------------------------------------------------------


def facilitator(store, corpus, cards) -> WorkshopFacilitator:
    page = WorkshopFacilitator(store, corpus, cards)
    page.title.value = "Compliance seminar <b>am</b>"
    page.open_room_button.click()
    return page


def participant(store, corpus, code, name) -> WorkshopParticipant:
    page = WorkshopParticipant(store, corpus)
    page.identity.pseudonym.value = name
    page.code.value = code
    page.join_button.click()
    return page


def test_a_room_opens_with_a_code_a_qr_code_and_a_key_and_escapes_its_title(store, corpus, cards):
    page = facilitator(store, corpus, cards)
    header = page.room_header.value
    assert page.room.join_code in header and "<svg" in header
    assert "Compliance seminar &lt;b&gt;am&lt;/b&gt;" in header
    assert "07-workshop-participant.ipynb?code=" + page.room.join_code in header
    assert "40 random bits" in header and "100" in header
    assert page.room_box.layout.display is None and page.setup_box.layout.display == "none"


def test_a_wrong_facilitator_key_is_refused(store, corpus, cards):
    room = facilitator(store, corpus, cards).room
    other = WorkshopFacilitator(store, corpus, cards)
    other.code.value = room.join_code
    other.key.value = "AAAAA-AAAAA-AAAAA-AAAAA"
    other.return_button.click()
    assert "does not match" in other.setup_message.value and other.room is None


def test_a_wrong_code_says_so_and_keeps_what_was_typed(store, corpus):
    page = participant(store, corpus, "WXYZ-2345", "Sam")
    assert "no room has this code" in page.join_message.value
    assert page.code.value == "WXYZ-2345" and page.identity.pseudonym.value == "Sam"
    assert page.room_box.layout.display == "none"


def test_the_code_in_the_address_fills_the_box(store, corpus, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "code=ABCD-2345")
    assert WorkshopParticipant(store, corpus).code.value == "ABCD-2345"


def test_a_scale_question_runs_from_pose_to_reveal(store, corpus, cards):
    host = facilitator(store, corpus, cards)
    ali = participant(store, corpus, host.room.join_code, "Ali")
    bea = participant(store, corpus, host.room.join_code, "Bea")
    host.kind.value = "scale"
    host.question_text.value = "How fair did the warning feel?"
    host.pose_button.click()
    assert "Question 1 is ready" in host.pose_message.value
    host.reveal.value = True  # revealed before anyone answers: the chart says so
    assert host.chart.layout.annotations[0].text == "No answers yet"
    host.reveal.value = False
    ali.refresh()
    assert ali.control is None and "Waiting" in ali.question.value  # posed, not yet open
    host.open_q.click()
    for page, value in ((ali, "4"), (bea, "2")):
        page.refresh()
        page.control.value = value
        page.submit.click()
        assert "Your answer is in" in page.answer_message.value
    host.refresh()
    assert "<b>2</b> of 2 answered" in host.progress.value
    assert "hidden" in host.hidden_note.value and host.chart_box.layout.display == "none"
    host.reveal.value = True
    assert host.chart_box.layout.display is None
    bars = host.chart.data[0]
    assert list(bars.y) == ["1", "2", "3", "4", "5"] and list(bars.x) == [0, 1, 0, 1, 0]
    assert not host.chart.layout.annotations  # "No answers yet" is gone
    ali.refresh()
    assert "What the room said" in ali.results.value
    host.close_q.click()
    ali.refresh()
    assert ali.control.disabled
    ali.control.value = "5"
    ali.send_answer()
    assert "closed this question" in ali.answer_message.value


def test_an_open_text_question_shows_words_and_answers_escaped_after_reveal(store, corpus, cards):
    host = facilitator(store, corpus, cards)
    ali = participant(store, corpus, host.room.join_code, "<i>Ali</i>")
    host.question_text.value = "What would help?"
    host.pose_button.click()
    host.open_q.click()
    ali.refresh()
    ali.control.value = "Reminders help. " + HOSTILE
    ali.submit.click()
    host.reveal.value = True
    assert "reminders" in list(host.chart.data[0].y)
    assert "&lt;script&gt;" in host.text_answers.value and "<script>" not in host.text_answers.value
    assert "&lt;i&gt;Ali&lt;/i&gt;" in host.text_answers.value


def test_only_shared_reflections_reach_the_facilitator(store, corpus, cards):
    host = facilitator(store, corpus, cards)
    ali = participant(store, corpus, host.room.join_code, "Ali")
    ali.panel.text.value = "my private doubt"
    ali.panel.save.click()
    ali.panel.share.value = True
    ali.panel.text.value = "for the room " + HOSTILE
    ali.panel.save.click()
    assert "shared with the room" in ali.panel.message.value
    host.refresh()
    assert "for the room" in host.shared.value and "my private doubt" not in host.shared.value
    assert "<script>" not in host.shared.value
    host.prepare_exports()
    assert "my private doubt" not in host.exports.value  # exports are base64: decode and check below
    import base64
    import re

    downloads = re.findall(r"base64,([A-Za-z0-9+/=]+)", host.exports.value)
    assert len(downloads) == 2
    for data in downloads:
        decoded = base64.b64decode(data).decode()
        assert "for the room" in decoded and "my private doubt" not in decoded


def test_a_card_question_offers_the_cards(store, corpus, cards):
    host = facilitator(store, corpus, cards)
    ali = participant(store, corpus, host.room.join_code, "Ali")
    host.kind.value = "card"
    assert "Fifteen minutes late" in host.options_view.value
    host.question_text.value = "Which card matches your office?"
    host.pose_button.click()
    host.open_q.click()
    ali.refresh()
    assert list(ali.control.options) == cards


def test_the_watcher_redraws_only_when_the_room_changes(store, corpus, cards):
    host = facilitator(store, corpus, cards)
    calls = []
    watcher = RoomWatcher(store, host.room.id, 0.5, lambda: calls.append(1))
    assert watcher.poll() and not watcher.poll()
    participant(store, corpus, host.room.join_code, "Ali")
    assert watcher.poll() and len(calls) == 2


def test_ending_the_session_stops_the_code(store, corpus, cards):
    host = facilitator(store, corpus, cards)
    host.end_button.click()
    late = participant(store, corpus, host.room.join_code, "Late")
    assert "has ended this session" in late.join_message.value


def test_the_tiering_page_offers_a_prompt_in_its_own_numbers_and_saves_the_view():
    from workbook.dashboards import caseload_tiering

    page = caseload_tiering(n=1_000)
    panel = page.reflect.panel
    prompt = panel.prompts[panel.prompt.value]
    table = page.workload_table
    assert prompt.kind == "context" and prompt.themes and "tiering" in prompt.themes
    assert f"{table.iloc[0].group_points:.0f} points per case" in prompt.text
    page.second.value = "omm-2005"
    moved = panel.prompts[panel.prompt.value]
    assert "2005" in moved.snapshot["title"] and moved.text != prompt.text
    page.reflect.identity.pseudonym.value = "Sam"
    panel.text.value = "Needs first would change my Mondays."
    panel.save.click()
    with Store() as store:
        [entry] = store.entries(page.reflect.identity.key)
    assert entry.snapshot["page"] == "caseload-tiering"
    assert entry.snapshot["parameters"]["second"] == "omm-2005"


def test_a_reloaded_facilitator_page_returns_to_the_remembered_room(store, corpus, cards):
    host = facilitator(store, corpus, cards)
    remembered = host.memory.value
    assert remembered.startswith(host.room.join_code + " ")
    again = WorkshopFacilitator(store, corpus, cards)
    again.memory.value = remembered  # what the browser hands back on reload
    assert again.room == host.room and again.setup_box.layout.display == "none"
    stale = WorkshopFacilitator(store, corpus, cards)
    stale.memory.value = f"{host.room.join_code} AAAAA-AAAAA-AAAAA-AAAAA"
    assert stale.room is None


def test_a_tiering_entry_links_back_to_the_same_view(monkeypatch):
    from workbook.dashboards import caseload_tiering

    page = caseload_tiering(n=1_000, seed=5)
    page.second.value = "omm-2005"
    page.nf_tier3.value = page.nf_tier3.value + 1
    page.min_needs.value = 6
    monkeypatch.setenv("QUERY_STRING", page.snapshot()["query"])
    again = caseload_tiering()
    assert again.source.size.value == 1_000 and again.source.seed.value == 5
    assert {k: c.value for k, c in again._view_controls().items()} == {
        k: c.value for k, c in page._view_controls().items()
    }
    assert again.workload_table.equals(page.workload_table)


def test_a_risk_entry_links_back_to_the_same_person(monkeypatch):
    from workbook.dashboards import risk_and_needs

    page = risk_and_needs(n=1_000, seed=9)
    page.group.value = "any"
    page.case.value = page.case.options[3]
    monkeypatch.setenv(
        "QUERY_STRING", page.reflect.panel.prompts[page.reflect.panel.prompt.value].snapshot["query"]
    )
    again = risk_and_needs()
    assert (again.source.seed.value, again.group.value, again.case.value) == (9, "any", page.case.value)
    assert again.profile.value == page.profile.value


def test_a_damaged_link_still_opens_the_page(monkeypatch):
    from workbook.dashboards import caseload_tiering

    monkeypatch.setenv("QUERY_STRING", "n=lots&first=no-such-scheme&min_needs=99&seed=-4")
    page = caseload_tiering(n=1_000)
    assert page.source.size.value == 1_000 and page.first.value == "hmpps-2021"
    assert page.min_needs.value == page.min_needs.max and page.source.seed.value == 0
