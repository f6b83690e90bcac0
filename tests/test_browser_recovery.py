"""A page whose widgets never arrive reloads once, then says so in words (the page template's watch)."""

from __future__ import annotations

import re

import pytest
from browsing import READY_MS
from conftest import ARTIFACTS
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

KERNEL_CHANNELS = re.compile(r"/api/kernels/[^/?]+/channels")


def test_widgets_that_never_arrive_reload_the_page_once_then_a_message_offers_a_reload(browser, voila_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    loads, warnings = [], []
    try:
        page = context.new_page()

        def kernel_channel(route):
            loads.append(route.url)
            route.connect_to_server()
            if len(loads) <= 2:  # the first two pages' requests never reach their kernels
                route.on_message(lambda message: None)

        page.route_web_socket(KERNEL_CHANNELS, kernel_channel)
        page.on(
            "console", lambda message: warnings.append(message.text) if message.type == "warning" else None
        )
        page.goto(voila_server.url("00-start-here.ipynb"), timeout=READY_MS)

        note = page.get_by_role("alert")
        expect(note).to_contain_text("This page did not finish opening", timeout=READY_MS)
        assert len(loads) == 2, "the page reloads once by itself, not more"
        assert any("reloading the page once" in text for text in warnings)
        assert any("did not arrive after a reload either" in text for text in warnings)
        page.screenshot(path=str(ARTIFACTS / "page-did-not-open-390x844.png"))

        button = page.get_by_role("button", name="Reload the page")
        button.focus()
        page.keyboard.press("Enter")  # by keyboard, as anyone may
        page.wait_for_selector(".wb-start", state="visible", timeout=READY_MS)
        expect(page.get_by_role("alert")).to_have_count(0)
        page.wait_for_timeout(16_000)  # past the watch's 15 s: a page whose widgets arrived stays
        assert len(loads) == 3
    finally:
        context.close()
