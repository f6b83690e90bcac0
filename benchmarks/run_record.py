"""What every benchmark result records about the run: when, which Workbook, which machine."""

from __future__ import annotations

import os
import platform
import tempfile
from datetime import UTC, datetime

import psutil

import workbook


def run_header() -> dict:
    """When the benchmark ran, the Workbook's version, and the machine it ran on."""
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "workbook": workbook.__version__,
        "machine": {
            "cpus": psutil.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
    }


def use_a_scratch_journal() -> None:
    """Point every journal the benchmark opens (served pages included) at a temporary folder."""
    os.environ["WORKBOOK_DATA_DIR"] = tempfile.mkdtemp(prefix="workbook-bench-journal-")
    os.environ.pop("WORKBOOK_DB_URL", None)
