"""Citations and abbreviations as HTML: links to the Sources page, ``<abbr>`` on first use."""

from __future__ import annotations

import functools
import re
from collections.abc import MutableSet

from markupsafe import Markup, escape

from workbook.reference import find_citations, load_glossary, load_sources, reword, source_by_id
from workbook.web._pages import page_href

NEW_TAB = Markup('<span class="wb-visually-hidden"> (opens the Sources page in a new tab)</span>')


def source_href(source_id: str) -> str:
    """The address of a source's entry on the Sources page.

    Example:
        >>> source_href("pc43-2004")
        '09-sources-and-glossary.ipynb#source-pc43-2004'
    """
    source_by_id(source_id)  # a clear KeyError for an unknown id
    return page_href("sources", fragment=f"source-{source_id}")


def cite(source_id: str, text: str | None = None) -> Markup:
    """A link to a source's entry, named by ``text`` or the source's short name.

    It opens in a new tab, and says so to screen readers, so that what a reader has
    set on the page they came from is not lost.

    Example:
        >>> print(cite("pc82-2005"))
        <a class="wb-cite" href="09-sources-and-glossary.ipynb#source-pc82-2005" target="_blank" \
rel="noopener">PC82/2005<span class="wb-visually-hidden"> (opens the Sources page in a new tab)</span></a>
    """
    label = text if text is not None else source_by_id(source_id).short
    return Markup('<a class="wb-cite" href="{}" target="_blank" rel="noopener">{}{}</a>').format(
        source_href(source_id), label, NEW_TAB
    )


def cite_text(text: str, terms: MutableSet[str] | None = None) -> Markup:
    """Running text with every source it names linked, and references to our research notes removed.

    Args:
        text: Plain text, such as a parameter's ``source`` field.
        terms: Abbreviations already explained in this block; the first use of any
            other is marked with ``<abbr>`` and added.

    Example:
        >>> print(cite_text("Our assumption (Tyler 2003, FACTS 6).").split('<span')[0])
        Our assumption (<a class="wb-cite" href="09-sources-and-glossary.ipynb#source-tyler-2003" \
target="_blank" rel="noopener">Tyler 2003
        >>> "FACTS" in cite_text("ours, after FACTS.md 1a: medium RoSH goes to tier 2-3")
        False
    """
    text = reword(text)
    pieces, last = [], 0
    for found in find_citations(text):
        pieces.append(abbreviate(text[last : found.start], terms))
        if found.source_id:
            named = text[found.start : found.end]
            label = source_by_id(found.source_id).short if named.startswith(("FACTS", "[[")) else named
            pieces.append(cite(found.source_id, label))
        last = found.end
    pieces.append(abbreviate(text[last:], terms))
    return _tidy(Markup("").join(pieces))


def abbreviate(text: str, terms: MutableSet[str] | None = None) -> Markup:
    """Escape text and mark the first use of each glossary abbreviation with ``<abbr>``.

    Example:
        >>> seen = set()
        >>> print(abbreviate("RoSH high; RoSH low", seen))
        <abbr title="Risk of Serious Harm">RoSH</abbr> high; RoSH low
        >>> print(abbreviate("RoSH again", seen))
        RoSH again
    """
    if terms is None:
        terms = set()
    glossary = load_glossary()
    pieces, last = [], 0
    for match in _terms_pattern().finditer(text):
        word = match.group(0)
        if word in terms or word not in glossary:
            continue
        terms.add(word)
        pieces += [escape(text[last : match.start()]), _abbr(word, glossary[word].expansion)]
        last = match.end()
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def _abbr(word: str, expansion: str) -> Markup:
    return Markup('<abbr title="{}">{}</abbr>').format(expansion, word)


def _tidy(html: Markup) -> Markup:
    """Drop the punctuation left behind where a reference to the research notes was removed."""
    text = str(html)
    text = re.sub(r"\s*\(\s*\)", "", text)
    text = re.sub(r"\(\s*[;,]\s*", "(", text)
    text = re.sub(r"\s*[;,]\s*\)", ")", text)
    text = re.sub(r"[;,]\s*(?=[.;,:])", "", text)
    text = re.sub(r"\s+([.,;])", r"\1", text)
    text = re.sub(r"^\s*:\s*", "", text)
    text = re.sub(r"[;,]\s*$", "", text)
    return Markup(text.strip())


@functools.cache
def _terms_pattern() -> re.Pattern:
    words = sorted(load_glossary(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])")


__all__ = ["abbreviate", "cite", "cite_text", "load_sources", "source_href"]
