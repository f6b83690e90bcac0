"""The facilitator's page says where its room lives: alone on a Binder session, or as a hub's service."""

from __future__ import annotations

from workbook.dashboards import WorkshopFacilitator

PAGE_URL = "https://hub.example.org/user/fran/voila/render/08-workshop-facilitator.ipynb"


def opened_room_header(store, corpus) -> str:
    page = WorkshopFacilitator(store, corpus, ["Reaching 70% in Lincolnshire"])
    page.setup.title.value = "Seminar"
    page.setup.open_button.click()
    return page.room_header.value


def test_on_binder_with_a_store_of_its_own_the_page_says_the_room_is_this_sessions_alone(
    store, corpus, monkeypatch
):
    monkeypatch.setenv("VOILA_REQUEST_URL", PAGE_URL)
    monkeypatch.setenv("BINDER_LAUNCH_HOST", "https://mybinder.org/")
    header = opened_room_header(store, corpus)
    assert "This page runs on Binder" in header and "session of their own" in header
    assert "WORKBOOK_DB_URL" not in header and "sqlite" not in header  # plain words, no internals


def test_off_binder_or_on_a_shared_store_the_page_says_nothing_of_it(store, corpus, monkeypatch):
    monkeypatch.setenv("VOILA_REQUEST_URL", PAGE_URL)
    assert "Binder" not in opened_room_header(store, corpus)
    monkeypatch.setenv("BINDER_REPO_URL", "https://github.com/example/workbook")
    monkeypatch.setenv("WORKBOOK_DB_URL", "postgresql://workbook@db.example/workbook")
    assert "Binder" not in opened_room_header(store, corpus)  # the page's own store is what it uses here


def test_on_a_hub_the_qr_code_points_at_the_room_service_on_the_hubs_host(store, corpus, monkeypatch):
    monkeypatch.setenv("VOILA_REQUEST_URL", PAGE_URL)
    monkeypatch.setenv("WORKBOOK_ROOM_URL", "/services/workbook-room/workbook/room/")
    header = opened_room_header(store, corpus)
    assert "https://hub.example.org/services/workbook-room/workbook/room/" in header
    assert "/user/fran/workbook/room/" not in header
