#!/usr/bin/env bash
# Build workbook/assets/plotly-widget.min.js, the JavaScript behind every chart the Workbook serves:
# the front end of its chart widget (js/plotly-bundle/src/chart.js, for workbook.charts.widget.Chart)
# bundled with a plotly.js that holds only the trace types the Workbook's charts draw
# (js/plotly-bundle/src/plotly-workbook.js), instead of plotly.js's full 4.8 MB bundle.
#
# Run it after changing chart.js or that list of traces, or to move to another plotly.js
# (`make plotly-bundle`). It needs node and npm at development time only: the bundle is
# committed and served from the package; nothing is fetched when the Workbook runs.
#
# Versions are pinned in js/plotly-bundle/package.json and package-lock.json, and `npm ci`
# installs exactly those. tests/test_plotly_bundle.py draws every chart with this bundle and
# with the full plotly.js that the installed plotly ships, and fails if they differ.
#
# Writes workbook/assets/plotly-widget.min.js and workbook/assets/plotly-widget.json (the
# plotly.js version, the traces, size and SHA-256).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
[[ "$PYTHON" == */* ]] && PYTHON="$(realpath "$PYTHON")"  # it runs from js/plotly-bundle below
SRC="$ROOT/js/plotly-bundle"
ASSETS="$ROOT/workbook/assets"
OUT="$ASSETS/plotly-widget.min.js"

cd "$SRC"
npm ci --no-audit --no-fund --loglevel=error
mkdir -p "$ASSETS"
./node_modules/.bin/esbuild src/chart.js --bundle --format=esm --minify --log-level=warning \
  --loader:.css=empty --define:global=window --define:define.amd=false --outfile="$OUT"

traces="$(grep -o 'plotly.js/lib/[a-z0-9]*' src/plotly-workbook.js | grep -v '/core$' | sed 's#.*/##' | sort)"
PLOTLYJS="$(node -p 'require("plotly.js/package.json").version')" \
  TRACES="scatter $traces" OUT="$OUT" "$PYTHON" - <<'PY'
import hashlib, json, os, pathlib

out = pathlib.Path(os.environ["OUT"])
manifest = {
    "file": out.name,
    "plotly.js": os.environ["PLOTLYJS"],
    "traces": sorted(os.environ["TRACES"].split()),
    "bytes": out.stat().st_size,
    "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
}
out.with_suffix("").with_suffix(".json").write_text(json.dumps(manifest, indent=2) + "\n")
print(f"wrote {out} ({manifest['bytes'] / 1e6:.2f} MB: {', '.join(manifest['traces'])}) from plotly.js {manifest['plotly.js']}")
PY
