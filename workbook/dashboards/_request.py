"""What Voila tells a page's kernel about the request that opened it.

Voila starts each page's kernel with CGI-style variables: ``QUERY_STRING`` and
``VOILA_REQUEST_URL``. (A preheated kernel starts before any request, so these are
empty there; the Workbook serves without a preheated pool by default.)
"""

from __future__ import annotations

import os
from urllib.parse import parse_qs, urlsplit, urlunsplit


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
        >>> sibling_url("07-workshop-participant.ipynb", "code=ABCD-EFGH")
        'http://10.0.0.5:8866/voila/render/07-workshop-participant.ipynb?code=ABCD-EFGH'
        >>> del os.environ["VOILA_REQUEST_URL"]
    """
    here = os.environ.get("VOILA_REQUEST_URL") or "http://127.0.0.1:8866/voila/render/page.ipynb"
    parts = urlsplit(here)
    path = parts.path.rsplit("/", 1)[0] + "/" + notebook
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def served_on_loopback(url: str) -> bool:
    """Whether an address only reaches this computer (so other people's devices cannot use it).

    Example:
        >>> served_on_loopback("http://127.0.0.1:8866/x"), served_on_loopback("http://10.0.0.5:8866/x")
        (True, False)
    """
    host = urlsplit(url).hostname or ""
    return host in ("localhost", "::1") or host.startswith("127.")
