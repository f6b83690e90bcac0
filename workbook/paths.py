"""Where the Workbook's shipped files live.

Paths are defined once, here. A source checkout (or an editable install) keeps
``data/`` and ``notebooks/`` beside the package; a wheel carries ``data/`` inside
the package as ``workbook/_data``.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJ_ROOT = PACKAGE_DIR.parent
DATA_DIR = PACKAGE_DIR / "_data" if (PACKAGE_DIR / "_data").is_dir() else PROJ_ROOT / "data"
SEMINAR_DIR = DATA_DIR / "seminar"
NOTEBOOKS_DIR = PROJ_ROOT / "notebooks"
TEMPLATES_ROOT = PACKAGE_DIR / "share"
