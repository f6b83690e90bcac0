"""Where the Workbook's shipped files live.

Paths are defined once, here, and found with ``importlib.resources`` from the
package itself. A wheel carries the data and the dashboard notebooks inside the
package (``workbook/_data`` and ``workbook/_notebooks``, put there when the wheel is
built); a source checkout, or an editable install of one, keeps them beside the
package as ``data/`` and ``notebooks/``, their one home for editing.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

# The Workbook is installed as files (never imported from a zip), so its resources are real folders.
PACKAGE_DIR = Path(str(files("workbook")))
PROJ_ROOT = PACKAGE_DIR.parent


def shipped_folder(in_package: str, in_checkout: str) -> Path:
    """A folder the wheel carries inside the package, or its home in a source checkout.

    Example:
        >>> shipped_folder("_notebooks", "notebooks").name in ("_notebooks", "notebooks")
        True
    """
    inside = PACKAGE_DIR / in_package
    return inside if inside.is_dir() else PROJ_ROOT / in_checkout


DATA_DIR = shipped_folder("_data", "data")
SEMINAR_DIR = DATA_DIR / "seminar"
NOTEBOOKS_DIR = shipped_folder("_notebooks", "notebooks")
"""The dashboard notebooks: Voila's root folder, so pages are at ``voila/render/<notebook>``."""
TEMPLATES_ROOT = PACKAGE_DIR / "share"
"""The folder holding the Workbook's Voila page template (``voila/templates/workbook``)."""
