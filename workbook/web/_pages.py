"""The Workbook's pages: what exists, where it lives and what it is for.

The page header's navigation and the start page link every page listed here, and
themes link the pages that explore them by id; a page is listed only once its
notebook exists. Standard library only: the server reads it to draw each page's header.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    """One dashboard page.

    Attributes:
        id: Stable id that themes and questions use to point at the page.
        title: The page's title.
        notebook: The notebook's file name in ``notebooks/``; empty for a page the server
            draws itself (the participants' room page).
        summary: One sentence on what a reader does there.
        url: For a page the server draws, its address relative to a dashboard page.
        charts: Whether the page opens with charts: its page starts loading the charts'
            JavaScript while the kernel builds the page, rather than after.
        factory: The ``workbook.dashboards`` function its notebook calls (empty for a page
            the server draws).
        computes: Whether the page computes with numpy and pandas: under ``workbook serve``
            its kernel is forked from the warm process that has them loaded
            (``workbook.kernels``), every other page's from the one that has not.
    """

    id: str
    title: str
    notebook: str
    summary: str
    url: str = ""
    charts: bool = False
    factory: str = ""
    computes: bool = False

    @property
    def href(self) -> str:
        """The page's address relative to a dashboard page (``voila/render/<notebook>``).

        Example:
            >>> [find_page("reflective-journal").href, find_page("workshop-participant").href]
            ['06-reflective-journal.ipynb', '../../workbook/room/']
        """
        return self.url or self.notebook


PAGES = (
    Page(
        "start",
        "Start here",
        "00-start-here.ipynb",
        "What the Workbook is, the seminar in one screen, and how to use it in a workshop.",
        factory="start_here",
    ),
    Page(
        "seminar-themes",
        "Seminar themes",
        "01-seminar-themes.ipynb",
        "Browse the seminar's themes, search what was said, see which themes travel "
        "together, and take away questions for reflection.",
        factory="seminar_themes",
        computes=True,
    ),
    Page(
        "induction",
        "Induction and engagement",
        "02-induction.ipynb",
        "Check how readable your induction letters are, find the jargon, and plan a first "
        "meeting as an agreement of mutual expectations.",
        factory="induction_engagement",
    ),
    Page(
        "caseload-tiering",
        "Caseload tiering",
        "03-caseload-tiering.ipynb",
        "Put one synthetic caseload (or your own anonymised table) through two tiering schemes: who gets "
        "what, who moves and why, and how many officers each needs.",
        charts=True,
        factory="caseload_tiering",
        computes=True,
    ),
    Page(
        "risk-and-needs",
        "Risk and needs",
        "04-risk-and-needs.ipynb",
        "Likelihood and harm against needs, the programme-intensity matrix, and one person read in RNR "
        "and in Good Lives terms.",
        charts=True,
        factory="risk_and_needs",
        computes=True,
    ),
    Page(
        "compliance-scenarios",
        "Compliance scenarios",
        "05-compliance-scenarios.ipynb",
        "Run the seminar's examples (reminders, mentors, the shift-working employer, lateness rules, "
        "induction) and see formal and substantive compliance, warnings and breaches change.",
        charts=True,
        factory="compliance_scenarios",
        computes=True,
    ),
    Page(
        "reflective-journal",
        "Reflective journal",
        "06-reflective-journal.ipynb",
        "Write privately through the reflective cycle or to a theme's prompt, read your entries back, and "
        "take them away as Markdown or Word.",
        factory="reflective_journal",
    ),
    Page(
        "workshop-participant",
        "Workshop: participant",
        "",
        "Join the room with the facilitator's code and a pseudonym, answer the questions, and share the "
        "reflections you choose. A light page that works on any phone.",
        url="../../workbook/room/",
    ),
    Page(
        "workshop-facilitator",
        "Workshop: facilitator",
        "08-workshop-facilitator.ipynb",
        "Open a room with a join code and QR code, pose questions, reveal the room's answers live, and "
        "export the session.",
        factory="workshop_facilitator",
    ),
    Page(
        "sources",
        "Sources and glossary",
        "09-sources-and-glossary.ipynb",
        "Every source the pages and models cite, what each supports and whether it was checked, and the "
        "abbreviations explained.",
        factory="sources_and_glossary",
    ),
)

PLANNED: tuple[str, ...] = ()
"""Pages being built, named on the start page until their notebooks exist."""


def find_page(page_id: str) -> Page | None:
    """Return the page with this id, or ``None`` if it does not exist yet."""
    return next((p for p in PAGES if p.id == page_id), None)


def page_for_notebook(name: str) -> Page | None:
    """The page a notebook serves, by its file name with or without ``.ipynb`` (or a path to it).

    Example:
        >>> page_for_notebook("notebooks/01-seminar-themes").title
        'Seminar themes'
    """
    stem = name.rsplit("/", 1)[-1].removesuffix(".ipynb")
    return next((p for p in PAGES if p.notebook and p.notebook.removesuffix(".ipynb") == stem), None)


def page_href(page_id: str, fragment: str = "", query: str = "") -> str:
    """The address of a page relative to any other page (they are served side by side).

    Example:
        >>> page_href("sources", fragment="source-pc43-2004")
        '09-sources-and-glossary.ipynb#source-pc43-2004'
    """
    page = find_page(page_id)
    if page is None:
        raise KeyError(f"no page {page_id!r}; known: {', '.join(p.id for p in PAGES)}")
    return page.href + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")
