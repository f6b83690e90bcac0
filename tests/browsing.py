"""Opening dashboards in headless Chromium: a visit with what it logged and fetched, and checks on it."""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.request
from dataclasses import dataclass, field

READY_MS = 120_000


def refused_status(request: str | urllib.request.Request) -> int:
    """The HTTP status of a request the server must refuse (fails the test if it is answered)."""
    try:
        urllib.request.urlopen(request, timeout=30).close()
    except urllib.error.HTTPError as refused:
        refused.close()
        return refused.code
    raise AssertionError(f"the server answered {getattr(request, 'full_url', request)}")


@dataclass
class Visit:
    """A page opened in its own browser context, with what it logged and fetched."""

    page: object
    context: object
    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)

    def close(self) -> None:
        self.page.close(run_before_unload=True)
        self.context.close()


@contextlib.contextmanager
def visiting(browser, server, notebook: str, ready: str, *, viewport: dict | None = None):
    """Open a page in its own browser context, wait until it is ready, and always close it."""
    context = browser.new_context(viewport=viewport or {"width": 1366, "height": 900})
    visit = Visit(context.new_page(), context)
    visit.page.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
    visit.page.on("pageerror", lambda e: visit.errors.append(str(e)))
    visit.page.on(
        "response", lambda r: visit.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    visit.page.on(
        "request",
        lambda r: None if r.url.startswith((server.base, "data:", "blob:")) else visit.external.append(r.url),
    )
    try:
        visit.page.goto(server.url(notebook), wait_until="domcontentloaded", timeout=READY_MS)
        visit.page.wait_for_selector("#rendered_cells", state="visible", timeout=READY_MS)
        visit.page.wait_for_selector(ready, state="visible", timeout=READY_MS)
        yield visit
    finally:
        visit.close()


def wait_for_count(page, selector: str, count: int) -> None:
    """Wait until exactly ``count`` elements match: widget updates arrive one by one."""
    page.wait_for_function(
        "([s, n]) => document.querySelectorAll(s).length === n", arg=[selector, count], timeout=30_000
    )


def assert_clean(visit: Visit) -> None:
    body = visit.page.inner_text("body")
    assert "There was an error" not in body
    assert "Traceback" not in body
    assert visit.errors == [], visit.errors
    assert visit.external == [], "the page fetched from outside this machine"


PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
"""A phone-sized browser context: 390 x 844 CSS px, touch."""


@contextlib.contextmanager
def visiting_room(browser, server, path: str, *, phone: bool = False, expected: tuple[int, ...] = ()):
    """Open a server-drawn page (the room) in its own context; ``expected`` statuses are not errors."""
    options = PHONE if phone else {"viewport": {"width": 1366, "height": 900}}
    context = browser.new_context(**options)
    visit = Visit(context.new_page(), context)
    allowed = [f"the server responded with a status of {status}" for status in expected]
    visit.page.on(
        "console",
        lambda m: (
            visit.errors.append(m.text)
            if m.type == "error" and not any(text in m.text for text in allowed)
            else None
        ),
    )
    visit.page.on("pageerror", lambda e: visit.errors.append(str(e)))
    visit.page.on(
        "response",
        lambda r: (
            visit.errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.status not in expected
            else None
        ),
    )
    visit.page.on(
        "request",
        lambda r: None if r.url.startswith((server.base, "data:", "blob:")) else visit.external.append(r.url),
    )
    try:
        visit.page.goto(server.base + path, wait_until="domcontentloaded", timeout=READY_MS)
        yield visit
    finally:
        visit.close()
