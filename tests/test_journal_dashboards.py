"""The journal and workshop pages, driven headlessly: set values, click, read what is shown."""

from __future__ import annotations

import pytest

from workbook.dashboards import ReflectiveJournal
from workbook.journal import Store, StoreError

HOSTILE = "<script>window.pwned=1</script><img src=x onerror=alert(1)> [link](javascript:alert(1))"


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


def test_a_shared_entry_can_be_unshared_reshared_and_deleted_from_the_journal(store, corpus):
    from workbook.journal import new_entry

    page = journal(store, corpus)
    key = page.identity.ensure_key()
    room, _ = store.open_room("Seminar")
    store.join(room.join_code, "Sam", key)
    store.save(new_entry("Sam", "analysis", "", "Shared in the room.", room_id=room.id, shared=True), key)
    store.save(new_entry("Sam", "feelings", "", "At my desk."), key)
    page.refresh()
    actions = page.actions
    labels = [label for label, _ in actions.chosen.options]
    assert "(shared with the room)" in labels[1] and "Shared in the room." in labels[1]
    actions.chosen.value = actions.chosen.options[0][1]  # the private desk entry: no share button
    assert actions.share.layout.display == "none"
    actions.chosen.value = actions.chosen.options[1][1]
    assert actions.share.description == "Stop sharing"
    actions.share.click()
    assert store.shared_entries(room.id) == [] and "No longer shared" in actions.said.value
    actions.chosen.value = actions.chosen.options[1][1]
    assert actions.share.description == "Share with its room again"
    actions.share.click()
    assert [e.text for e in store.shared_entries(room.id)] == ["Shared in the room."]
    actions.delete.click()
    assert actions.confirm_row.layout.display is None and len(store.entries(key)) == 2  # asks first
    actions.cancel.click()
    assert len(store.entries(key)) == 2
    actions.delete.click()
    actions.confirm.click()
    assert [e.text for e in store.entries(key)] == ["At my desk."] and store.shared_entries(room.id) == []
    assert "Deleted." in actions.said.value and "Shared in the room." not in page.entries.value
