"""Widget furniture shared by the pages: HTML blocks from templates, rows, columns, the stylesheet.

HTML is rendered by :mod:`workbook.web` from Jinja2 templates with autoescaping; these
helpers put it into widgets; ``wrap`` gives a plain HTML widget the page's typography.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterable

import ipywidgets as widgets
from markupsafe import Markup, escape

from workbook.dashboards._controls import LiveHTML
from workbook.web import render, stylesheet_text


def wrap(body: str) -> str:
    """Wrap HTML in the page's typography; empty stays empty."""
    return str(Markup('<div class="wb">{}</div>').format(Markup(body))) if body else ""


def served_with_stylesheet() -> bool:
    """Whether the page template already carries the stylesheet (``workbook serve``)."""
    return bool(os.environ.get("WORKBOOK_ASSETS"))


def stylesheet() -> widgets.HTML:
    """The Workbook's stylesheet as a widget, for pages shown outside ``workbook serve``.

    Under ``workbook serve`` the page template carries the stylesheet, so this is empty.
    """
    css = "" if served_with_stylesheet() else stylesheet_text()
    block = widgets.HTML(str(Markup("<style>{}</style>").format(Markup(css))) if css else "")
    block.layout = widgets.Layout(height="0px", overflow="hidden", margin="0")
    block.add_class("wb-stylesheet")
    return block


def html_block(body: str = "", *, css_class: str | None = None) -> widgets.HTML:
    """Ready-made HTML (rendered by a template) in a styled widget."""
    block = widgets.HTML(wrap(str(body)))
    if css_class:
        block.add_class(css_class)
    return block


def set_html(block: widgets.HTML | LiveHTML, body: str) -> None:
    """Replace what a block made by :func:`html_block` or :func:`live_block` shows."""
    block.value = str(body) if isinstance(block, LiveHTML) else wrap(str(body))


def live_block(body: str = "", *, css_class: str | None = None, role: str = "status") -> LiveHTML:
    """HTML in a live region: screen readers announce it when it changes."""
    block = LiveHTML(value=str(body), role=role)
    if css_class:
        block.add_class(css_class)
    return block


def template_block(template: str, *, css_class: str | None = None, **context) -> widgets.HTML:
    """A template rendered into a styled widget."""
    return html_block(render(template, **context), css_class=css_class)


def row(children: list[widgets.Widget], **layout: str) -> widgets.HBox:
    """Lay widgets side by side, wrapping onto more lines when the page is narrow."""
    layout.setdefault("flex_flow", "row wrap")
    box = widgets.HBox(children, layout=widgets.Layout(**layout))
    box.add_class("wb-gap")
    box.add_class("wb-row")
    return box


def column(children: list[widgets.Widget], **layout: str) -> widgets.VBox:
    """Stack widgets with even spacing."""
    box = widgets.VBox(children, layout=widgets.Layout(**layout))
    box.add_class("wb-gap")
    return box


def chips(labels: Iterable[str]) -> Markup:
    """Labels as small rounded chips."""
    return Markup("").join(Markup('<span class="wb-chip">{}</span>').format(label) for label in labels)


def download_link(label: str, filename: str, mime: str, text: str | bytes) -> Markup:
    """A link that downloads ``text`` (or bytes) as a file, with nothing sent to a server."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    data = base64.b64encode(raw).decode("ascii")
    charset = ";charset=utf-8" if isinstance(text, str) else ""
    href = f"data:{mime}{charset};base64,{data}"
    return render("download.html.j2", label=label, filename=filename, href=href)


def message(text: str, *, error: bool = False) -> Markup:
    """One readable line for the user: an error (an alert) or a status."""
    return render("message.html.j2", text=text, error=error)


def highlight(text: str, stems: Iterable[str]) -> Markup:
    """Escape text and mark the words that start with any of the given stems.

    Args:
        text: Plain text.
        stems: Lower-case word starts to mark, as from ``workbook.evidence.tokenise``.

    Returns:
        Escaped HTML with matching words wrapped in ``<mark>``.

    Example:
        >>> print(highlight("Texting <helps>", ["text"]))
        <mark>Texting</mark> &lt;helps&gt;
    """
    stems = [s for s in stems if s]
    if not stems:
        return escape(text)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[last : match.start()]), Markup("<mark>{}</mark>").format(match.group(0))]
        last = match.end()
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)
