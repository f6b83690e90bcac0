"""The per-user data folder: $WORKBOOK_DATA_DIR first, else the platform's own (platformdirs)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import platformdirs

from workbook.journal._database import data_folder


def test_workbook_data_dir_comes_first(monkeypatch, tmp_path):
    monkeypatch.setenv("WORKBOOK_DATA_DIR", "~/somewhere")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert data_folder() == Path.home() / "somewhere"


def test_otherwise_the_platforms_data_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("WORKBOOK_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert data_folder() == Path(platformdirs.user_data_dir("workbook", appauthor=False))
    assert data_folder() == tmp_path / "workbook"  # on Linux, the XDG rule as before


def test_the_journal_loads_platformdirs_only_when_it_needs_the_folder():
    code = "import sys, workbook.journal; print('platformdirs' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
