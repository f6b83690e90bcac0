"""The Jinja2 environment every page's HTML is rendered in: autoescaped, strict, with our filters.

Values are escaped unless they are :class:`markupsafe.Markup` that the Workbook itself
built (a rendered partial, a citation link). Text a person typed is never Markup.
"""

from __future__ import annotations

import contextlib
import functools
import pickle
from importlib import resources

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from workbook.web import _format
from workbook.web._citations import abbreviate, cite, cite_text, source_href
from workbook.web._pages import PAGES, find_page, page_href


class QuietBytecodeCache(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates that never fails a page: one it cannot read is compiled again."""

    def load_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError, EOFError, ValueError, pickle.UnpicklingError):  # a damaged file
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def bytecode_cache() -> QuietBytecodeCache | None:
    """Compiled templates kept between kernels, in Jinja's private folder (this user's) under the temp dir.

    Every page's kernel would otherwise compile the templates it uses again: 25 to 47 ms
    of a chart page's load. A compiled template is found by its name and source's
    checksum, so a changed template is compiled afresh. ``None`` when no private folder
    can be had; then each kernel compiles as before.
    """
    try:
        return QuietBytecodeCache()
    except (OSError, RuntimeError):  # Jinja refuses a folder another user owns or could change
        return None


@functools.cache
def environment() -> Environment:
    """The shared environment (built once), loading templates from ``workbook/web/templates``."""
    env = Environment(
        loader=PackageLoader("workbook.web", "templates"),
        bytecode_cache=bytecode_cache(),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        count=_format.count,
        number=_format.number,
        percent=_format.percent,
        plural=_format.plural,
        points=_format.points,
        signed=_format.signed,
        local_time=_format.local_time,
        cite_text=cite_text,
        abbreviate=abbreviate,
    )
    env.globals.update(
        PAGES=PAGES,
        cite=cite,
        find_page=find_page,
        page_href=page_href,
        source_href=source_href,
    )
    return env


def render(template: str, **context) -> Markup:
    """Render a template file to HTML.

    Example:
        >>> print(render("message.html.j2", text="Saved <b>now</b>", error=False))
        <p class="wb-muted" role="status">Saved &lt;b&gt;now&lt;/b&gt;</p>
    """
    return Markup(environment().get_template(template).render(**context).strip())


def fragments(template: str):
    """The macros of a template file, to call from Python: ``fragments("themes.html.j2").summary(...)``."""
    return environment().get_template(template).module


def stylesheet_text() -> str:
    """The Workbook's one stylesheet, ``workbook/web/static/workbook.css``."""
    return resources.files("workbook.web").joinpath("static/workbook.css").read_text(encoding="utf-8")
