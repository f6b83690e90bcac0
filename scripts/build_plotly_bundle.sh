#!/usr/bin/env bash
# Build workbook/assets/plotly-widget.min.js, the JavaScript behind every chart the Workbook serves:
# plotly's own FigureWidget front end (js/plotly-bundle/src/widget.ts, copied from plotly.py)
# bundled with a plotly.js that holds only the trace types the Workbook's charts draw
# (js/plotly-bundle/src/plotly-workbook.js), instead of plotly's full 4.96 MB bundle.
#
# Run it after changing that list of traces or upgrading plotly (`make plotly-bundle`).
# It needs node and npm at development time only: the bundle is committed and served
# from the package; nothing is fetched when the Workbook runs.
#
# Versions are pinned in js/plotly-bundle/package.json and package-lock.json, and `npm ci`
# installs exactly those. Before building, the script rebuilds plotly's full widgetbundle.js
# from the same widget.ts and compares it byte for byte with the one the installed plotly
# ships: if they differ, widget.ts (or plotly.js's pin) no longer matches the installed
# plotly, and the script stops. On upgrading plotly, copy js/src/widget.ts from that
# plotly.py release and pin the plotly.js version its widgetbundle.js was built from.
#
# Writes workbook/assets/plotly-widget.min.js and workbook/assets/plotly-widget.json (the
# plotly version it matches, the plotly.js version, the traces, size and SHA-256): the
# charts use the bundle only when the installed plotly is that version.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
SRC="$ROOT/js/plotly-bundle"
ASSETS="$ROOT/workbook/assets"
OUT="$ASSETS/plotly-widget.min.js"

cd "$SRC"
npm ci --no-audit --no-fund --loglevel=error
esbuild=(./node_modules/.bin/esbuild src/widget.ts --bundle --format=esm --minify --log-level=warning)

plotly_version="$("$PYTHON" -c 'import plotly; print(plotly.__version__)')"
shipped="$("$PYTHON" -c 'import pathlib, plotly; print(pathlib.Path(plotly.__file__).parent / "package_data" / "widgetbundle.js")')"
check="$(mktemp -d)"
trap 'rm -rf "$check"' EXIT
"${esbuild[@]}" --alias:plotly.js=plotly.js/dist/plotly --outfile="$check/widgetbundle.js"
if ! cmp -s "$check/widgetbundle.js" "$shipped"; then
  echo "widget.ts and plotly.js $(node -p 'require("plotly.js/package.json").version') do not rebuild" >&2
  echo "plotly $plotly_version's widgetbundle.js ($shipped): update them to that release (see above)." >&2
  exit 1
fi

mkdir -p "$ASSETS"
"${esbuild[@]}" --alias:plotly.js=./src/plotly-workbook.js --loader:.css=empty \
  --define:global=window --define:define.amd=false --outfile="$OUT"

traces="$(grep -o 'plotly.js/lib/[a-z0-9]*' src/plotly-workbook.js | grep -v '/core$' | sed 's#.*/##' | sort)"
PLOTLY="$plotly_version" PLOTLYJS="$(node -p 'require("plotly.js/package.json").version')" \
  TRACES="scatter $traces" OUT="$OUT" "$PYTHON" - <<'PY'
import hashlib, json, os, pathlib

out = pathlib.Path(os.environ["OUT"])
manifest = {
    "file": out.name,
    "plotly": os.environ["PLOTLY"],
    "plotly.js": os.environ["PLOTLYJS"],
    "traces": sorted(os.environ["TRACES"].split()),
    "bytes": out.stat().st_size,
    "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
}
out.with_suffix("").with_suffix(".json").write_text(json.dumps(manifest, indent=2) + "\n")
print(f"wrote {out} ({manifest['bytes'] / 1e6:.2f} MB: {', '.join(manifest['traces'])}) for plotly {manifest['plotly']}")
PY
