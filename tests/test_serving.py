"""The serving settings hold however the Workbook starts; a voila.json, then the command line, override."""

from __future__ import annotations

import json
import subprocess
import sys

from workbook.paths import NOTEBOOKS_DIR

READ_SETTINGS = """
import json, sys
from workbook.server import WorkbookVoila
app = WorkbookVoila()
app.initialize(sys.argv[1:])
voila = app.voila_configuration
print(json.dumps({
    "ip": app.ip,
    "root_dir": app.root_dir,
    "strip_sources": voila.strip_sources,
    "show_tracebacks": voila.show_tracebacks,
    "template": voila.template,
    "denylist": voila.file_denylist,
    "iopub_timeout": app.config.VoilaExecutor.iopub_timeout,
    "cull_idle_timeout": app.config.MappingKernelManager.cull_idle_timeout,
}))
"""


def settings(folder, *argv: str) -> dict:
    """The settings a WorkbookVoila started in ``folder`` would serve with."""
    result = subprocess.run(
        [sys.executable, "-c", READ_SETTINGS, str(NOTEBOOKS_DIR), *argv],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[-1])


def test_workbook_voila_serves_safely_from_a_folder_with_no_config(tmp_path):
    found = settings(tmp_path)
    assert found["ip"] == "127.0.0.1"
    assert found["strip_sources"] is True and found["show_tracebacks"] is False
    assert found["template"] == "workbook"
    assert any("ipynb" in pattern for pattern in found["denylist"])
    assert found["iopub_timeout"] == 30 and found["cull_idle_timeout"] == 3600
    assert found["root_dir"] == str(NOTEBOOKS_DIR)


def test_a_voila_json_overrides_what_it_names_and_the_command_line_beats_it(tmp_path):
    (tmp_path / "voila.json").write_text(
        json.dumps(
            {"VoilaExecutor": {"iopub_timeout": 45}, "MappingKernelManager": {"cull_idle_timeout": 600}}
        )
    )
    found = settings(tmp_path, "--VoilaExecutor.iopub_timeout=50")
    assert found["cull_idle_timeout"] == 600  # the file beats the defaults
    assert found["iopub_timeout"] == 50  # the command line beats the file
    assert found["strip_sources"] is True and found["template"] == "workbook"  # the rest still hold
