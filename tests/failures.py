"""What a browser saw when a test failed: kept beside the test's artifacts, for flakes seen once.

A test's browser contexts are closed in ``finally`` blocks, before pytest reports the
failure, so the record is taken as a page or context closes while an exception is on its
way out: each open page's address, a screenshot, its visible text and everything it logged.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from pathlib import Path


def record_failures(browser, folder: Path) -> None:
    """Make every context ``browser`` opens keep its console, and leave a record if it closes on an error."""
    open_context = browser.new_context

    def new_context(*args, **kwargs):
        context = open_context(*args, **kwargs)
        logged: list[str] = []
        started = time.monotonic()

        def keep(kind: str, text: str) -> None:
            logged.append(f"{time.monotonic() - started:7.2f} s  {kind}: {text}")

        context.on("console", lambda message: keep(message.type, message.text))
        context.on("weberror", lambda error: keep("page error", str(error.error)))
        context.on("requestfailed", lambda request: keep("request failed", request.url))
        # A page may be closed before its context (browsing.Visit closes it to run its unload).
        context.on("page", lambda page: _record_before(page, "close", lambda: [page], logged, folder))
        _record_before(context, "close", lambda: context.pages, logged, folder)
        return context

    browser.new_context = new_context


def _record_before(target, method: str, pages, logged: list[str], folder: Path) -> None:
    """Make ``target.method`` leave a record of ``pages()`` first when an exception is on its way out."""
    original = getattr(target, method)

    def recording(*args, **kwargs):
        shown = pages() if sys.exc_info()[0] is not None else []
        if shown:
            with contextlib.suppress(Exception):  # a record must never hide the failure itself
                _write_record(shown, logged, folder)
        return original(*args, **kwargs)

    setattr(target, method, recording)


def _write_record(pages: list, logged: list[str], folder: Path) -> None:
    test = os.environ.get("PYTEST_CURRENT_TEST", "outside-a-test").split(" ")[0]
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", test.split("::")[-1])[:120]
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"test: {test}", f"error: {sys.exc_info()[1]!r}"[:2000]]
    for page in pages:
        number = len(list(folder.glob(f"{stem}-*.png")))
        lines.append(f"page {number}: {page.url}")
        page.screenshot(path=str(folder / f"{stem}-{number}.png"), timeout=10_000)
        lines.append(page.inner_text("body", timeout=10_000)[:4000])
    lines += ["console:", *logged]
    with (folder / f"{stem}.txt").open("a") as record:
        record.write("\n".join(lines) + "\n\n")
