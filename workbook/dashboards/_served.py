"""A page served by Voila that fails to build says so in one plain line, never with a traceback.

Voila shows a cell that raised as "There was an error when executing cell", with advice
about command-line flags: not words for a workshop participant. So a page's factory,
called in a Voila kernel, catches a failed build and returns one line instead ("This page
could not be built..."), and writes the traceback to the server's log: the kernel's own
standard error, which it shares with the server. (What a kernel prints to ``sys.stderr``
goes into the page.) Anywhere else (JupyterLab, the tests, a script) the error is raised,
as it always was.

Pages are built while the cell runs, before Voila sends the rest of the page: the page
template has the browser fetch Voila's scripts meanwhile (see its notes). An earlier
version built the page just after the cell returned instead, so the browser could connect
to a kernel still creating the page's widgets; a test run on that version once waited in
vain for a chart, for a reason not found, and it was taken out.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable

import ipywidgets as widgets

from workbook.dashboards._html import html_block, message

VOILA_KERNEL = "VOILA_KERNEL_ID"
"""Set by Voila in every kernel it starts for a page."""

COULD_NOT_BUILD = "This page could not be built. Reload it to try again; the server's log says why."


def built_or_explained(factory: Callable) -> Callable:
    """Make a page factory, in a Voila kernel, return one plain line instead of raising.

    Example:
        >>> @built_or_explained
        ... def hello():
        ...     return "a page"
        >>> hello()
        'a page'
    """

    @functools.wraps(factory)
    def build(*args, **kwargs):
        try:
            return factory(*args, **kwargs)
        except Exception:  # in Voila the page stays readable; the server's log gets the traceback
            if VOILA_KERNEL not in os.environ:
                raise
            print(f"The Workbook could not build {factory.__name__}:", file=sys.__stderr__)
            traceback.print_exc(file=sys.__stderr__)
            sys.__stderr__.flush()
            return CouldNotBuild()

    return build


class CouldNotBuild:
    """What a page factory returns in a Voila kernel when the page could not be built: one line.

    Attributes:
        widget: The line, announced to assistive technology as an alert.
    """

    def __init__(self):
        self.widget = widgets.VBox([html_block(message(COULD_NOT_BUILD, error=True))])

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
