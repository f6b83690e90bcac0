"""Reflecting beside a scenario: the compliance page's context prompt, its snapshot, and the way back."""

from __future__ import annotations

import pytest

from workbook.dashboards.compliance import CUSTOM, ComplianceScenarios
from workbook.journal import Store


@pytest.fixture
def page(corpus):
    return ComplianceScenarios(corpus, card="fifteen-minutes-late", n=1_000)


def test_the_prompt_names_what_changed_and_carries_the_view(page):
    prompt = page.reflect.panel.prompts[page.reflect.panel.prompt.value]
    assert prompt.kind == "context" and prompt.text
    snapshot = prompt.snapshot
    assert snapshot["page"] == "compliance-scenarios"
    assert "card=fifteen-minutes-late" in snapshot["query"]
    assert set(snapshot["results"]) == {
        "Appointments kept",
        "Engagement (substantive compliance), mean",
        "Breaches per 100 orders",
    }
    assert prompt.themes  # from the card's excerpts


def test_a_reflection_is_saved_with_its_snapshot(page):
    page.reflect.identity.pseudonym.value = "Sam"
    page.reflect.panel.text.value = "Tolerance that differs between units feels arbitrary."
    page.reflect.panel.save.click()
    assert "Saved at" in page.reflect.panel.message.value
    with Store() as store:
        [entry] = store.entries(page.reflect.identity.key)
    assert entry.snapshot["query"] == page.snapshot()["query"]
    assert entry.stage == "evaluation"


def test_changing_a_lever_updates_the_prompt_snapshot(page):
    before = page.snapshot()["query"]
    page.levers["text_reminders"].value = not page.levers["text_reminders"].value
    prompt = page.reflect.panel.prompts[page.reflect.panel.prompt.value]
    assert prompt.snapshot["query"] != before and "card=custom" in prompt.snapshot["query"]


def test_the_snapshot_link_opens_the_same_view(page, corpus, monkeypatch):
    page.levers["text_reminders"].value = not page.levers["text_reminders"].value
    page.seed.value = 7
    monkeypatch.setenv("QUERY_STRING", page.snapshot()["query"])
    again = ComplianceScenarios(corpus, n=1_000)
    assert again.card.value == CUSTOM
    assert {k: c.value for k, c in again.levers.items()} == {k: c.value for k, c in page.levers.items()}
    assert again.seed.value == 7
    assert again.comparison.summary.equals(page.comparison.summary)


def test_a_card_in_the_address_opens_that_card(corpus, monkeypatch):
    monkeypatch.setenv("QUERY_STRING", "card=shift-working-employer&text_reminders=nonsense&seed=x")
    page = ComplianceScenarios(corpus, n=1_000)
    assert page.card.value == "shift-working-employer" and page.seed.value == 1
