"""A page served by Voila is built just after its HTML is sent, while the browser loads Voila's scripts.

Voila sends a page's HTML only once the notebook has run, and the browser then spends about
a second loading Voila's JavaScript before it asks the kernel for the page's widgets. So a
page's factory, called in a Voila kernel, returns at once with an empty box and builds the
page in the kernel's next turn, just after the cell has finished: the HTML travels and the
browser loads its scripts while the kernel builds. The browser's request for the widgets is
answered after the build (the kernel does one thing at a time), so it receives the finished
page, never a half-built one. Anywhere else (JupyterLab, the tests, a script) the factory
builds the page before returning, as it always has.

If the build fails, the box says so in one line and the traceback goes to the server's log:
the kernel's own standard error, which it shares with the server. (What a kernel prints to
``sys.stderr`` goes to the page, not the log.)
"""

from __future__ import annotations

import asyncio
import functools
import os
import sys
import traceback
from collections.abc import Callable

import ipywidgets as widgets

from workbook.dashboards._html import html_block, message

VOILA_KERNEL = "VOILA_KERNEL_ID"
"""Set by Voila in every kernel it starts for a page."""


def built_after_sending(factory: Callable) -> Callable:
    """Make a page factory build the page just after the cell returns when it runs in a Voila kernel.

    Example:
        >>> @built_after_sending
        ... def hello():
        ...     return "a page"
        >>> hello()  # outside Voila (no running kernel loop): built at once
        'a page'
    """

    @functools.wraps(factory)
    def build_or_defer(*args, **kwargs):
        loop = _running_loop()
        if loop is None or VOILA_KERNEL not in os.environ:
            return factory(*args, **kwargs)
        return PageBeingBuilt(loop, functools.partial(factory, *args, **kwargs))

    return build_or_defer


class PageBeingBuilt:
    """An empty box shown in place of a page, which holds the page once the kernel has built it.

    Attributes:
        page: The page, once built (``None`` before, or if building it failed).
        widget: The box: the page's widget, or one line saying why there is none.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, build: Callable):
        self.page = None
        self.widget = widgets.VBox(layout=widgets.Layout(width="100%"), _dom_classes=("wb-page-holder",))
        loop.call_soon(self._build, build)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def _build(self, build: Callable) -> None:
        try:
            page = build()
            shown = page if isinstance(page, widgets.Widget) else page.widget  # a page, or a widget
        except Exception:  # the page stays readable; the server's log gets the traceback
            name = getattr(getattr(build, "func", build), "__name__", "a page")
            print(f"The Workbook could not build {name}:", file=sys.__stderr__)
            traceback.print_exc(file=sys.__stderr__)
            sys.__stderr__.flush()
            text = "This page could not be built. Reload it to try again; the server's log says why."
            self.widget.children = [html_block(message(text, error=True))]
            return
        self.page = page
        self.widget.children = [shown]


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None
