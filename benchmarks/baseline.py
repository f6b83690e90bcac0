"""The Workbook as it was before a change, to measure before and after in one run.

The machine the benchmarks run on is shared, so figures taken at different times
are not comparable: the benchmarks run the old code beside the new, interleaved.
``BASELINE`` is the commit measured as "before" (the Workbook before issue 15's
speed work); ``--baseline REV`` on a benchmark's command line names another.

Two ways to run old code:

- ``export_tree(rev)`` writes the whole tree at ``rev`` to a temporary folder
  (``git archive``, so the repository is not touched), to serve its pages with
  ``PYTHONPATH`` pointing there;
- ``load_modules(rev, names)`` executes some modules' old source in this process
  under new names (``<name>__before``), so old and new functions can be timed
  alternately in the same process.
"""

from __future__ import annotations

import functools
import io
import subprocess
import sys
import tarfile
import tempfile
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# main just before issue 15 was merged: every other issue in, none of its changes
BASELINE = "65bea276fd7829062d3c8879c482baf58434220e"
SUFFIX = "__before"


def _git(*args: str) -> bytes:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True).stdout


def describe(rev: str = BASELINE) -> dict:
    """The commit measured as "before": its hash and subject line."""
    sha, subject = _git("log", "-1", "--format=%H%n%s", rev).decode().splitlines()[:2]
    return {"commit": sha, "subject": subject}


@functools.cache
def export_tree(rev: str = BASELINE) -> Path:
    """The repository's files at ``rev``, written to a temporary folder (once per run)."""
    folder = Path(tempfile.mkdtemp(prefix=f"workbook-{rev[:10]}-"))
    with tarfile.open(fileobj=io.BytesIO(_git("archive", "--format=tar", rev))) as tar:
        tar.extractall(folder, filter="data")
    return folder


def load_modules(rev: str, names: list[str]) -> dict[str, types.ModuleType]:
    """Execute the named modules' source at ``rev`` under ``<name>__before``, in the order given.

    Imports between the named modules are pointed at their old versions; every other
    import is the current package's. Returns the old modules by their usual names.
    """
    loaded = {}
    for name in names:
        source = _git("show", f"{rev}:{name.replace('.', '/')}.py").decode()
        for other in names:
            source = source.replace(f"from {other} import", f"from {other}{SUFFIX} import")
        module = types.ModuleType(name + SUFFIX)
        module.__file__ = f"{rev[:10]}:{name}"
        sys.modules[module.__name__] = module
        exec(compile(source, module.__file__, "exec"), module.__dict__)
        loaded[name] = module
    return loaded
