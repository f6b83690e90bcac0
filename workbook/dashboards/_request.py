"""What Voila tells a page's kernel about the request that opened it.

Voila starts each page's kernel with CGI-style variables: ``QUERY_STRING`` and
``VOILA_REQUEST_URL``. (A preheated kernel starts before any request, so these are
empty there; the Workbook serves without a preheated pool by default.)

``apply_query`` and ``query_for`` turn a page's controls into an address and back,
so that a journal entry's "Open this view again" link restores what was on screen.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Mapping
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import ipywidgets as widgets
import traitlets


def query_parameter(name: str) -> str:
    """The first value of ``name`` in the page's query string, or ``""``.

    Example:
        >>> os.environ["QUERY_STRING"] = "code=ABCD-EFGH&x=1"
        >>> query_parameter("code"), query_parameter("missing")
        ('ABCD-EFGH', '')
        >>> del os.environ["QUERY_STRING"]
    """
    values = parse_qs(os.environ.get("QUERY_STRING", ""))
    return values.get(name, [""])[0]


def sibling_url(notebook: str, query: str = "") -> str:
    """The absolute address of another page on the same server, as the visitor's browser reached this one.

    Falls back to ``http://127.0.0.1:8866/voila/render/<notebook>`` when the kernel was
    not started by a request (tests, preheated kernels).

    Example:
        >>> os.environ["VOILA_REQUEST_URL"] = "http://10.0.0.5:8866/voila/render/08-workshop-facilitator.ipynb?x=1"
        >>> sibling_url("06-reflective-journal.ipynb", "prompt=x")
        'http://10.0.0.5:8866/voila/render/06-reflective-journal.ipynb?prompt=x'
        >>> del os.environ["VOILA_REQUEST_URL"]
    """
    here = os.environ.get("VOILA_REQUEST_URL") or "http://127.0.0.1:8866/voila/render/page.ipynb"
    parts = urlsplit(here)
    path = parts.path.rsplit("/", 1)[0] + "/" + notebook
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def room_page_url(code: str) -> str:
    """The participant room page for a join code, at the address the visitor's browser reached this page by.

    ``WORKBOOK_ROOM_URL`` overrides it, for a room served elsewhere (a JupyterHub service):
    a full address, or a path on the host the visitor reached this page by.

    Example:
        >>> os.environ["VOILA_REQUEST_URL"] = "http://10.0.0.5:8866/voila/render/08-workshop-facilitator.ipynb"
        >>> room_page_url("ABCD-EFGH")
        'http://10.0.0.5:8866/workbook/room/ABCD-EFGH'
        >>> os.environ["VOILA_REQUEST_URL"] = "https://hub.example/user/sam/voila/render/08-x.ipynb"
        >>> room_page_url("ABCD-EFGH")
        'https://hub.example/user/sam/workbook/room/ABCD-EFGH'
        >>> os.environ["WORKBOOK_ROOM_URL"] = "/services/workbook-room/workbook/room/"
        >>> room_page_url("ABCD-EFGH")
        'https://hub.example/services/workbook-room/workbook/room/ABCD-EFGH'
        >>> del os.environ["VOILA_REQUEST_URL"], os.environ["WORKBOOK_ROOM_URL"]
    """
    base = os.environ.get("WORKBOOK_ROOM_URL", "")
    here = os.environ.get("VOILA_REQUEST_URL") or "http://127.0.0.1:8866/voila/render/page.ipynb"
    if base:
        base = urljoin(here, base)
    else:
        parts = urlsplit(here)
        prefix = parts.path.split("/voila/render/")[0]
        base = urlunsplit((parts.scheme, parts.netloc, prefix + "/workbook/room/", "", ""))
    return base.rstrip("/") + "/" + code


def served_on_loopback(url: str) -> bool:
    """Whether an address only reaches this computer (so other people's devices cannot use it).

    Example:
        >>> served_on_loopback("http://127.0.0.1:8866/x"), served_on_loopback("http://10.0.0.5:8866/x")
        (True, False)
    """
    host = urlsplit(url).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")


def _parse_for(control: widgets.ValueWidget, raw: str):
    """The typed value a control would hold for ``raw`` text from an address."""
    if isinstance(control, widgets.Checkbox):
        return raw.lower() == "true"
    if isinstance(control, widgets.Dropdown):
        values = (option[1] if isinstance(option, tuple) else option for option in control.options)
        return next(value for value in values if str(value) == raw)
    value = type(control.value)(raw)
    low, high = getattr(control, "min", value), getattr(control, "max", value)
    return min(max(value, low), high)


def apply_query(controls: Mapping[str, widgets.ValueWidget]) -> None:
    """Set each control named in the page's query string to the value given there.

    A value the control cannot hold (an unknown option, text for a number) is
    ignored, so a damaged link still opens the page.
    """
    for name, control in controls.items():
        raw = query_parameter(name)
        if raw:
            with contextlib.suppress(ValueError, StopIteration, traitlets.TraitError):
                control.value = _parse_for(control, raw)


def query_for(controls: Mapping[str, widgets.ValueWidget]) -> str:
    """A query string that ``apply_query`` turns back into these controls' values.

    Example:
        >>> query_for({"n": widgets.IntText(value=1000), "on": widgets.Checkbox(value=True)})
        'n=1000&on=true'
    """
    values = {
        name: str(c.value).lower() if isinstance(c.value, bool) else c.value for name, c in controls.items()
    }
    return urlencode(values)
