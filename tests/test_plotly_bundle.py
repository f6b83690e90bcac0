"""The lighter plotly bundle: it holds every trace type the charts draw, and draws them as plotly's own.

Every chart the pages show is built headlessly, then drawn in Chromium through plotly's
FigureWidget front end, as anywidget drives it (``initialize`` then ``render``, from the
widget's own state): with the Workbook's bundle, with plotly's full one, and with the Workbook's
bundle again after putting back plotly's whole default template (the charts carry only their
own trace types' part of it). The drawings must be the same, element for element (plotly's
random ids aside), hovering a data point of each chart must say the same, and nothing may log
an error.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

import plotly
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from workbook.charts import answers_figure
from workbook.plotly_bundle import FULL_BUNDLE, manifest, served_files

ORIGIN = "http://workbook.test"
PAGE = """<!doctype html><html><head><meta charset="utf-8"></head>
<body style="margin:0;width:1000px"><div id="charts"></div></body></html>"""
DRAW = """async ([bundle, state]) => {
  const revive = (value) => {
    if (Array.isArray(value)) return value.map(revive);
    if (value && typeof value === "object") {
      if ("__buffer__" in value) {
        const bytes = Uint8Array.from(atob(value.__buffer__), (c) => c.charCodeAt(0));
        return new DataView(bytes.buffer);
      }
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
    }
    return value;
  };
  const values = revive(state);
  const model = {
    get: (key) => values[key], set: (key, value) => { values[key] = value; },
    on: () => {}, off: () => {}, save_changes: () => {}, send: () => {},
  };
  const widget = (await import(bundle)).default();
  widget.initialize({ model });
  const el = document.createElement("div");
  el.style.width = "960px";
  document.getElementById("charts").replaceChildren(el);
  widget.render({ el });
  const deadline = Date.now() + 30000;
  while (!(el._fullLayout && el.querySelector(".main-svg")) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const uid = el._fullLayout._uid;
  const canonical = (node) => node.nodeType === Node.TEXT_NODE ? node.textContent : node.nodeType !== 1 ? "" :
    `<${node.tagName} ${[...node.attributes].map((a) => `${a.name}="${a.value}"`).sort().join(" ")}>` +
    [...node.childNodes].map(canonical).join("") + `</${node.tagName}>`;
  let drawing = canonical(el).split(uid).join("UID");  // attributes in order: d3 may set them in another
  el._fullData.forEach((t, i) => { drawing = drawing.split(t.uid).join(`TRACE${i}`); });
  const points = [".barlayer .point path", ".scatterlayer .point", ".sankey-link", ".heatmaplayer image"];
  const target = [...points, ".nsewdrag"].map((s) => el.querySelector(s)).find((e) => e);
  const box = target.getBoundingClientRect();
  const off = target.tagName === "image" ? 0.3 : 0.5;  // a heatmap's middle is its diagonal
  const at = [box.x + box.width * off, box.y + box.height * (1 - off)];
  return { drawing, traces: el._fullData.map((t) => t.type), at };
}"""

HOVER = "() => [...document.querySelectorAll('#charts .hoverlayer')].map((g) => g.textContent).join('|')"


def chart_figures() -> dict[str, go.Figure]:
    """Every chart the pages draw, as built for their first view, and the room's answers chart."""
    from workbook.dashboards.compliance import ComplianceScenarios
    from workbook.dashboards.risk import RiskAndNeeds
    from workbook.dashboards.themes import SeminarThemes
    from workbook.dashboards.tiering import CaseloadTiering

    tiering, risk = CaseloadTiering(n=2_000), RiskAndNeeds(n=2_000)
    widgets = {
        "tier counts": tiering.counts_chart,
        "tier flow": tiering.flow_chart,
        "workload": tiering.workload_chart,
        "likelihood against needs": risk.likelihood_chart,
        "harm against needs": risk.harm_chart,
        "compliance over time": ComplianceScenarios(n=500).chart,
        "theme map": SeminarThemes().show_map(),
    }
    figures = {name: go.Figure(widget) for name, widget in widgets.items()}
    figures["room answers"] = answers_figure([("Yes", 4), ("No", 1), ("Not sure", 2)], title="Fair?")
    return figures


@pytest.fixture(scope="module")
def figures():
    return chart_figures()


def widget_state(figure: go.Figure) -> dict:
    """A FigureWidget's state as the browser receives it, binary buffers as base64."""

    def encode(value):
        if isinstance(value, memoryview | bytes | bytearray):
            return {"__buffer__": base64.b64encode(bytes(value)).decode()}
        if isinstance(value, dict):
            return {k: encode(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [encode(v) for v in value]
        return value

    state = go.FigureWidget(figure).get_state()
    return encode({k: v for k, v in state.items() if not k.startswith(("_esm", "_css", "_model", "_view"))})


def test_the_bundle_holds_every_trace_type_the_charts_draw(figures):
    drawn = {trace.type for figure in figures.values() for trace in figure.data}
    assert drawn <= set(manifest()["traces"]), "rebuild the bundle: scripts/build_plotly_bundle.sh"


def test_the_bundle_is_the_one_its_manifest_describes_and_fits_the_installed_plotly():
    shipped = manifest()
    bundle = served_files()[shipped["file"]].read_bytes()
    assert hashlib.sha256(bundle).hexdigest() == shipped["sha256"]
    assert len(bundle) == shipped["bytes"] < 2 * 2**20
    assert shipped["plotly"] == plotly.__version__, "rebuild the bundle for this plotly"


@pytest.mark.browser
def test_every_chart_draws_and_hovers_the_same_with_the_lighter_bundle(browser, figures):
    files = served_files()
    bundles = {"light": manifest()["file"], "full": FULL_BUNDLE}
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    errors = []

    def serve(route):
        name = route.request.url.removeprefix(ORIGIN + "/")
        if name in files:
            route.fulfill(body=Path(files[name]).read_bytes(), content_type="text/javascript")
        else:
            route.fulfill(body=PAGE, content_type="text/html")

    context.route(ORIGIN + "/**", serve)
    pages = {}
    for kind in bundles:
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"{ORIGIN}/index.html")
        pages[kind] = page
    try:
        for name, figure in figures.items():
            state = json.loads(json.dumps(widget_state(figure)))
            seen = {}
            for kind, page in pages.items():
                page.mouse.move(999, 899)  # away from where the chart will be
                drawn = page.evaluate(DRAW, [f"{ORIGIN}/{bundles[kind]}", state])
                page.mouse.move(*drawn["at"])
                page.wait_for_timeout(150)
                drawn["hover"] = page.evaluate(HOVER)
                seen[kind] = drawn
            whole = go.Figure(figure).update_layout(template=pio.templates["plotly"])
            state = json.loads(json.dumps(widget_state(whole)))
            pages["light"].mouse.move(999, 899)
            seen["whole template"] = pages["light"].evaluate(DRAW, [f"{ORIGIN}/{bundles['light']}", state])
            assert seen["light"]["traces"] == [t.type for t in figure.data], name
            assert seen["light"]["drawing"] == seen["whole template"]["drawing"], name
            assert seen["light"]["drawing"] == seen["full"]["drawing"], name
            assert seen["light"]["hover"] == seen["full"]["hover"] != "", name
    finally:
        context.close()
    assert errors == []
