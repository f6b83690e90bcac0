"""Count axe-core violations on every page at 1366x768 and 390x844, after opening everything.

Writes what it finds per page and size (rules and elements in violation, by impact) to
the file named on the command line; give page ids after it to count only those pages.
The issue-11 before and after figures are in ``benchmarks/results/axe-counts.json``.

    .venv/bin/python benchmarks/axe_counts.py /tmp/axe.json [page-id ...]

Accordions (ipywidgets) close each other, so disclosures are audited one at a time.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from accessibility import audit
from conftest import CHROMIUM_ARGS, VoilaServer, chromium_path
from playwright.sync_api import sync_playwright

from workbook.web import PAGES

READY = {
    "start": ".wb-start",
    "seminar-themes": ".wb-cards",
    "induction": ".wb-scores .wb-stat",
    "caseload-tiering": ".sankey .sankey-node",
    "risk-and-needs": ".wb-profile h3",
    "compliance-scenarios": ".scatterlayer .trace",
    "reflective-journal": ".wb-prompt",
    "workshop-facilitator": ".wb-facilitator-page",
    "sources": ".wb-sources",
}
SIZES = ((1366, 768), (390, 844))


def main(out: Path, wanted: list[str]) -> None:
    os.environ.setdefault("WORKBOOK_DATA_DIR", tempfile.mkdtemp(prefix="axe-journal-"))
    pages = [p for p in PAGES if p.notebook and (not wanted or p.id in wanted)]
    found = {}
    server = VoilaServer(Path(tempfile.mkdtemp()) / "voila.log")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            for page_ in pages:
                for width, height in SIZES:
                    context = browser.new_context(viewport={"width": width, "height": height})
                    page = context.new_page()
                    page.goto(server.url(page_.notebook), wait_until="domcontentloaded", timeout=120_000)
                    page.wait_for_selector("#rendered_cells", state="visible", timeout=120_000)
                    page.wait_for_selector(READY.get(page_.id, "#rendered_cells"), timeout=120_000)
                    page.wait_for_timeout(1500)
                    result = audit(page, each_disclosure=True)
                    found[f"{page_.id}@{width}"] = {
                        "rules": result.counts(),
                        "nodes": result.node_counts(),
                        "ids": {k: [v["impact"], len(v["nodes"])] for k, v in result.violations.items()},
                    }
                    print(page_.id, width, result.counts(), flush=True)
                    page.close(run_before_unload=True)
                    context.close()
                    out.write_text(json.dumps(found, indent=1))
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
