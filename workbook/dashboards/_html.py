"""Page furniture shared by the dashboards: one stylesheet and small HTML builders.

Every piece of text that reaches HTML passes through :func:`html.escape` here,
whether it comes from the corpus or from what a user typed.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Iterable

import ipywidgets as widgets

STYLE = """
<style>
.wb { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif;
      color: #23282d; font-size: 15px; line-height: 1.5; }
.wb a { color: #1f4e5a; text-decoration: underline; }
.wb h1 { font-size: 28px; margin: 4px 0 2px; font-weight: 650; color: #1f4e5a; }
.wb h2 { font-size: 20px; margin: 18px 0 6px; font-weight: 600; color: #1f4e5a; }
.wb h3 { font-size: 16px; margin: 10px 0 4px; font-weight: 600; }
.wb p { margin: 4px 0 8px; max-width: 75ch; }
.wb .wb-lede { font-size: 17px; color: #3d4750; max-width: 80ch; }
.wb .wb-muted { color: #5d6870; font-size: 13px; }
.wb .wb-banner { background: #fff7e0; border-left: 4px solid #d9a400; padding: 8px 12px;
                 border-radius: 4px; margin: 8px 0; max-width: none; }
.wb .wb-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; }
.wb .wb-card { background: white; border: 1px solid #dcd8cf; border-radius: 8px; padding: 12px 14px;
               box-shadow: 0 1px 2px rgba(0,0,0,.04); }
.wb a.wb-card { display: block; color: inherit; text-decoration: none; }
.wb-agreement-preview h1 { font-size: 20px; }
.wb a.wb-card:hover { border-color: #1f4e5a; box-shadow: 0 2px 6px rgba(31,78,90,.15); }
.wb .wb-card h3 { margin-top: 0; color: #1f4e5a; }
.wb .wb-stat { font-size: 30px; font-weight: 650; color: #1f4e5a; line-height: 1.1; }
.wb blockquote { margin: 4px 0 8px; padding: 2px 0 2px 12px; border-left: 3px solid #5f9ea0;
                 font-style: italic; color: #2f3a40; }
.wb mark { background: #ffe58a; padding: 0 1px; }
.wb .wb-chip { display: inline-block; background: #e7f0ee; color: #1f4e5a; border-radius: 12px;
               padding: 1px 9px; margin: 2px 4px 2px 0; font-size: 12.5px; }
.wb .wb-kind { display: inline-block; background: #efe9f6; color: #4b3b6b; border-radius: 4px;
               padding: 0 6px; font-size: 12px; text-transform: uppercase; letter-spacing: .03em; }
.wb .wb-figure { display: inline-block; background: #fdf1e6; color: #7a3e00; border-radius: 4px;
                 padding: 0 6px; font-size: 13px; margin-right: 6px; }
.wb .wb-source { color: #5d6870; font-size: 12.5px; }
.wb ul { margin: 4px 0 8px 0; padding-left: 22px; }
.wb-themes .widget-checkbox { width: 100%; height: auto; }
.wb-themes .widget-checkbox label { white-space: normal; line-height: 1.3; }
.wb-gap { gap: 10px; }
.wb .wb-table { border-collapse: collapse; margin: 4px 0 10px; }
.wb .wb-table th, .wb .wb-table td { border-bottom: 1px solid #e3dfd6; padding: 4px 10px; text-align: left; }
.wb .wb-table th { font-weight: 600; color: #3d4750; }
.wb-planner .widget-textarea, .wb-planner .widget-text { width: 100%; }
.wb .wb-entry { margin: 8px 0; max-width: 760px; }
.wb .wb-entry-text { white-space: pre-wrap; overflow-wrap: anywhere; max-height: 24em; overflow-y: auto; }
.wb code.wb-journal-key { background: #eef3f2; padding: 1px 6px; border-radius: 4px; font-size: 14px; }
.wb .wb-join-code { font-size: 56px; font-weight: 700; letter-spacing: .08em; color: #1f4e5a;
                    font-family: ui-monospace, 'DejaVu Sans Mono', monospace; }
.wb .wb-qr svg { width: 220px; height: 220px; }
.wb .wb-bar { background: #5f9ea0; height: 18px; border-radius: 3px; display: inline-block;
              vertical-align: middle; }
.wb-error { color: #9b1c1c; background: #fdecec; border-left: 4px solid #9b1c1c; padding: 6px 10px; }
</style>
"""


def esc(text: object) -> str:
    """Escape any value for safe display as HTML text."""
    return html.escape(str(text), quote=True)


def wrap(body: str) -> str:
    """Wrap HTML in the page's typography; empty stays empty."""
    return f'<div class="wb">{body}</div>' if body else ""


def stylesheet() -> widgets.HTML:
    """The shared stylesheet, as a widget to put at the top of a page."""
    return widgets.HTML(STYLE, layout=widgets.Layout(height="0px", overflow="hidden"))


def html_block(body: str, *, css_class: str | None = None) -> widgets.HTML:
    """Wrap ready-made, escaped HTML in a styled widget."""
    block = widgets.HTML(f'<div class="wb">{body}</div>')
    if css_class:
        block.add_class(css_class)
    return block


def row(children: list[widgets.Widget], **layout: str) -> widgets.HBox:
    """Lay widgets side by side with even spacing (ipywidgets' Layout has no ``gap``)."""
    box = widgets.HBox(children, layout=widgets.Layout(**layout))
    box.add_class("wb-gap")
    return box


def column(children: list[widgets.Widget], **layout: str) -> widgets.VBox:
    """Stack widgets with even spacing."""
    box = widgets.VBox(children, layout=widgets.Layout(**layout))
    box.add_class("wb-gap")
    return box


def chips(labels: Iterable[str]) -> str:
    """Render labels as small rounded chips."""
    return "".join(f'<span class="wb-chip">{esc(label)}</span>' for label in labels)


def download_link(label: str, filename: str, mime: str, text: str | bytes) -> str:
    """An HTML link that downloads ``text`` (or bytes) as a file, with nothing sent to a server."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    data = base64.b64encode(raw).decode("ascii")
    charset = ";charset=utf-8" if isinstance(text, str) else ""
    return f'<a download="{esc(filename)}" href="data:{mime}{charset};base64,{data}">{esc(label)}</a>'


def message(text: str, *, error: bool = False) -> str:
    """One readable line for the user: an error in red, otherwise muted."""
    return f'<p class="{"wb-error" if error else "wb-muted"}">{esc(text)}</p>'


def highlight(text: str, stems: Iterable[str]) -> str:
    """Escape text and mark the words that start with any of the given stems.

    Args:
        text: Plain text.
        stems: Lower-case word starts to mark, as from ``workbook.evidence.tokenise``.

    Returns:
        Escaped HTML with matching words wrapped in ``<mark>``.

    Example:
        >>> highlight("Texting <helps>", ["text"])
        '<mark>Texting</mark> &lt;helps&gt;'
    """
    stems = [s for s in stems if s]
    if not stems:
        return esc(text)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [esc(text[last : match.start()]), f"<mark>{esc(match.group(0))}</mark>"]
        last = match.end()
    pieces.append(esc(text[last:]))
    return "".join(pieces)
