"""What a browser saw when a test failed: kept beside the test's artifacts, for flakes seen once.

A test's browser contexts are closed in ``finally`` blocks, before pytest reports the
failure, so the record is taken as a context closes while an exception is on its way out:
each open page's address, a screenshot, its visible text and everything it logged.
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
        close = context.close

        def close_recording(*close_args, **close_kwargs):
            if sys.exc_info()[0] is not None:
                with contextlib.suppress(Exception):  # a record must never hide the failure itself
                    _write_record(context, logged, folder)
            return close(*close_args, **close_kwargs)

        context.close = close_recording
        return context

    browser.new_context = new_context


def _write_record(context, logged: list[str], folder: Path) -> None:
    test = os.environ.get("PYTEST_CURRENT_TEST", "outside-a-test").split(" ")[0]
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", test.split("::")[-1])[:120]
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"test: {test}", f"error: {sys.exc_info()[1]!r}"[:2000]]
    for number, page in enumerate(context.pages):
        lines.append(f"page {number}: {page.url}")
        page.screenshot(path=str(folder / f"{stem}-{number}.png"), timeout=10_000)
        lines.append(page.inner_text("body", timeout=10_000)[:4000])
    lines += ["console:", *logged]
    (folder / f"{stem}.txt").write_text("\n".join(lines) + "\n")
