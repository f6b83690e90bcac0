"""Where the facilitator's page runs, in the words a facilitator needs: Binder keeps a room to one session.

On Binder every session has a store of its own, which goes when the session ends,
unless the Workbook was pointed at a shared PostgreSQL store (``WORKBOOK_DB_URL``).
BinderHub marks its sessions with ``BINDER_*`` variables (``BINDER_LAUNCH_HOST``,
``BINDER_REPO_URL``, ``BINDER_REQUEST``, ``BINDER_REF_URL``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

BINDER_MARKERS = ("BINDER_LAUNCH_HOST", "BINDER_REPO_URL", "BINDER_REQUEST", "BINDER_REF_URL")

BINDER_ALONE = (
    "This page runs on Binder, where each session keeps its own store, which goes when the session "
    "ends. Participants can join only by this room’s link or QR code, which reach this session; "
    "anyone who opens the Workbook on Binder themselves is in a session of their own and will not "
    "see this room. Prepare the downloads before you close this page. For a room that lasts, whoever "
    "runs this Binder can give every session one shared database (see the Workbook’s README)."
)


def on_binder(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this kernel runs in a Binder session.

    Example:
        >>> on_binder({"BINDER_LAUNCH_HOST": "https://mybinder.org/"}), on_binder({})
        (True, False)
    """
    env = os.environ if environ is None else environ
    return any(env.get(name) for name in BINDER_MARKERS)


def store_note(environ: Mapping[str, str] | None = None) -> str:
    """What the facilitator must know about where the room is kept, or ``""`` when nothing.

    Example:
        >>> store_note({"BINDER_REPO_URL": "https://github.com/o/r"}).startswith("This page runs on Binder")
        True
        >>> store_note({"BINDER_REPO_URL": "x", "WORKBOOK_DB_URL": "postgresql://db.example/workbook"})
        ''
    """
    env = os.environ if environ is None else environ
    shared = env.get("WORKBOOK_DB_URL", "").startswith("postgresql")
    return BINDER_ALONE if on_binder(env) and not shared else ""
