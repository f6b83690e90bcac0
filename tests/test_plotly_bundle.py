"""The charts' front end: it holds every trace type the charts draw, and draws them as plotly.js does.

Every chart the pages show is built headlessly, checked by plotly's own Python validators, then
drawn in Chromium twice: by the Workbook's chart front end (``js/plotly-bundle/src/chart.js``
with its lighter plotly.js, driven as anywidget drives it), and by the full plotly.js that the
installed plotly ships (``Plotly.newPlot``, with plotly's whole default template). The drawings
must be the same, element for element (plotly's random ids aside), hovering a data point of each
chart must say the same, and nothing may log an error. A redraw must end as a fresh drawing of the
new figure, and a click must reach the kernel.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import plotly
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from workbook.plotly_bundle import bundle_file, manifest

ORIGIN = "http://workbook.test"
FULL_PLOTLY = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PAGE = """<!doctype html><html><head><meta charset="utf-8"><script src="/plotly.min.js"></script></head>
<body style="margin:0;width:1000px"><div id="charts"></div></body></html>"""
DRAWING = """
  const settled = async (el) => {
    const deadline = Date.now() + 30000;
    while (!(el._fullLayout && el.querySelector(".main-svg")) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  };
  const describe = (el) => {
    const uid = el._fullLayout._uid;
    const canonical = (node) =>
      node.nodeType === Node.TEXT_NODE ? node.textContent : node.nodeType !== 1 ? "" :
      `<${node.tagName} ${[...node.attributes].filter((a) => !["role", "aria-label"].includes(a.name))
        .map((a) => `${a.name}="${a.value}"`).sort().join(" ")}>` +
      [...node.childNodes].map(canonical).join("") + `</${node.tagName}>`;
    let drawing = canonical(el).split(uid).join("UID");  // attributes in order: d3 may set them in another
    el._fullData.forEach((t, i) => { drawing = drawing.split(t.uid).join(`TRACE${i}`); });
    const points = [".barlayer .point path", ".scatterlayer .point", ".sankey-link", ".heatmaplayer image"];
    const target = [...points, ".nsewdrag"].map((s) => el.querySelector(s)).find((e) => e);
    const box = target.getBoundingClientRect();
    const off = target.tagName === "image" ? 0.3 : 0.5;  // a heatmap's middle is its diagonal
    const at = [box.x + box.width * off, box.y + box.height * (1 - off)];
    return { drawing, traces: el._fullData.map((t) => t.type), at };
  };
  const fresh = () => {
    const el = document.createElement("div");
    el.style.width = "960px";
    document.getElementById("charts").replaceChildren(el);
    return el;
  };
"""
# The Workbook's front end, driven as anywidget drives it: render({model, el}), then model changes.
DRAW_WIDGET = (
    "async ([bundle, state, next]) => {"
    + DRAWING
    + """
  const values = { ...state }, handlers = {}, sent = [];
  const model = {
    get: (key) => values[key],
    on: (name, f) => { (handlers[name] ||= []).push(f); },
    off: (name, f) => { handlers[name] = (handlers[name] || []).filter((g) => g !== f); },
    send: (message) => sent.push(message),
  };
  window.sent = sent;
  const el = fresh();
  (await import(bundle)).default.render({ model, el });
  await settled(el);
  if (next) {
    values.figure = next;
    for (const f of handlers["change:figure"] || []) await f();
    await settled(el);
    // A Sankey moves its links to their new places over a short transition: wait until it stops.
    const pause = () => new Promise((r) => setTimeout(r, 250));
    for (let last = ""; last !== el.innerHTML; await pause()) last = el.innerHTML;
  }
  return { ...describe(el), role: el.getAttribute("role"), name: el.getAttribute("aria-label") };
}"""
)
# The full plotly.js the installed plotly ships, as a plain page would draw the figure.
DRAW_PLOTLY = (
    "async ([figure, config]) => {"
    + DRAWING
    + """
  const el = fresh();
  await Plotly.newPlot(el, figure.data, figure.layout, config);
  await settled(el);
  return describe(el);
}"""
)
HOVER = "() => [...document.querySelectorAll('#charts .hoverlayer')].map((g) => g.textContent).join('|')"


def chart_widgets() -> dict:
    """Every chart the pages draw, as built for their first view."""
    from workbook.dashboards.compliance import ComplianceScenarios
    from workbook.dashboards.risk import RiskAndNeeds
    from workbook.dashboards.themes import SeminarThemes
    from workbook.dashboards.tiering import CaseloadTiering

    tiering, risk = CaseloadTiering(n=2_000), RiskAndNeeds(n=2_000)
    return {
        "tier counts": tiering.counts_chart,
        "tier flow": tiering.flow_chart,
        "workload": tiering.workload_chart,
        "likelihood against needs": risk.likelihood_chart,
        "harm against needs": risk.harm_chart,
        "compliance over time": ComplianceScenarios(n=500).chart,
        "theme map": SeminarThemes().show_map(),
    }


@pytest.fixture(scope="module")
def charts():
    return chart_widgets()


def test_every_chart_is_a_valid_plotly_figure(charts):
    for name, chart in charts.items():
        figure = go.Figure(chart.figure)  # plotly's validators raise on any property it does not know
        assert len(figure.data) == len(chart.figure["data"]), name
        assert json.loads(json.dumps(chart.figure, allow_nan=False)) == chart.figure, name  # plain JSON


def test_the_bundle_holds_every_trace_type_the_charts_draw(charts):
    drawn = {trace["type"] for chart in charts.values() for trace in chart.figure["data"]}
    assert drawn <= set(manifest()["traces"]), "rebuild the bundle: scripts/build_plotly_bundle.sh"


def test_the_bundle_is_the_one_its_manifest_describes_and_its_plotly_js_is_the_installed_one():
    shipped = manifest()
    bundle = bundle_file().read_bytes()
    assert hashlib.sha256(bundle).hexdigest() == shipped["sha256"]
    assert len(bundle) == shipped["bytes"] < 1.5 * 2**20
    installed = re.search(rb"plotly\.js v([0-9.]+)", FULL_PLOTLY.read_bytes()[:200]).group(1).decode()
    assert shipped["plotly.js"] == installed, "rebuild the bundle with the installed plotly's plotly.js"


@pytest.fixture(scope="module")
def page(browser):
    files = {"plotly-widget.min.js": bundle_file(), "plotly.min.js": FULL_PLOTLY}
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    errors = []

    def serve(route):
        name = route.request.url.removeprefix(ORIGIN + "/")
        if name in files:
            route.fulfill(body=files[name].read_bytes(), content_type="text/javascript")
        else:
            route.fulfill(body=PAGE, content_type="text/html")

    context.route(ORIGIN + "/**", serve)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{ORIGIN}/index.html")
    yield page
    context.close()
    assert errors == []


def state(chart) -> dict:
    """The widget's state as the browser receives it."""
    return json.loads(json.dumps({"figure": chart.figure, "config": chart.config, "label": chart.label}))


def hovered(page, drawn: dict) -> str:
    page.mouse.move(*drawn["at"])
    page.wait_for_timeout(150)
    return page.evaluate(HOVER)


@pytest.mark.browser
def test_every_chart_draws_and_hovers_as_the_full_plotly_js_draws_it(page, charts):
    for name, chart in charts.items():
        page.mouse.move(999, 899)  # away from where the chart will be
        ours = page.evaluate(DRAW_WIDGET, [f"{ORIGIN}/plotly-widget.min.js", state(chart), None])
        ours["hover"] = hovered(page, ours)
        whole = go.Figure(chart.figure).update_layout(template=pio.templates["plotly"])
        page.mouse.move(999, 899)
        theirs = page.evaluate(DRAW_PLOTLY, [json.loads(pio.to_json(whole, engine="json")), chart.config])
        theirs["hover"] = hovered(page, theirs)
        assert ours["traces"] == [t["type"] for t in chart.figure["data"]], name
        assert (ours["role"], ours["name"]) == ("img", chart.label), name
        assert ours["drawing"] == theirs["drawing"], name
        assert ours["hover"] == theirs["hover"] != "", name


@pytest.mark.browser
def test_a_redrawn_chart_is_drawn_as_its_new_figure_would_be(page):
    from workbook.dashboards.tiering import CaseloadTiering

    tiering = CaseloadTiering(n=2_000)
    before = {key: state(tiering.panels[key].chart) for key in ("counts", "flow")}
    tiering.nf_tier3.value += 3
    tiering.first.value = "omm-2005"
    for key, first in before.items():
        after = state(tiering.panels[key].chart)
        assert after["figure"] != first["figure"], key
        redrawn = page.evaluate(DRAW_WIDGET, [f"{ORIGIN}/plotly-widget.min.js", first, after["figure"]])
        fresh = page.evaluate(DRAW_WIDGET, [f"{ORIGIN}/plotly-widget.min.js", after, None])
        assert rounded(redrawn["drawing"]) == rounded(fresh["drawing"]), key


def rounded(drawing: str) -> str:
    """A drawing with its numbers to two places: a transition writes ``translate(0,27.5310001)``
    where a fresh drawing writes ``translate(0.000,27.531)``.

    Example:
        >>> rounded('translate(0,27.5310001373291)') == rounded('translate(0.000,27.531)')
        True
    """
    return re.sub(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", lambda m: f"{float(m.group()):.2f}", drawing)


@pytest.mark.browser
def test_a_click_on_the_theme_map_reaches_the_kernel(page, charts):
    chart = charts["theme map"]
    drawn = page.evaluate(DRAW_WIDGET, [f"{ORIGIN}/plotly-widget.min.js", state(chart), None])
    page.mouse.click(*drawn["at"])
    page.wait_for_function("() => window.sent.length > 0")
    [message] = page.evaluate("() => window.sent")
    clicked = []
    chart.on_click(lambda trace, point: clicked.append((trace, point)))
    chart._on_front_end_message(chart, message, [])  # as the widget's comm hands it over
    [(trace, (row, column))] = clicked
    assert trace == 0
    assert len(chart.figure["data"][0]["customdata"][row][column]) == 2  # the pair of themes the cell counts


HIDDEN_THEN_SHOWN = """async ([bundle, state]) => {
  const box = document.createElement("div");
  box.style.display = "none";  // a tab not shown yet
  const el = document.createElement("div");
  box.append(el);
  document.getElementById("charts").replaceChildren(box);
  const model = { get: (key) => state[key], on: () => {}, off: () => {}, send: () => {} };
  (await import(bundle)).default.render({ model, el });
  await new Promise((r) => setTimeout(r, 200));
  const hidden = el._fullLayout.width;
  box.style.cssText = "display: block; width: 333px";
  await new Promise((r) => setTimeout(r, 300));
  return [hidden, el._fullLayout.width, el.querySelector(".main-svg").getAttribute("width")];
}"""


@pytest.mark.browser
def test_a_chart_drawn_in_a_hidden_tab_takes_its_width_when_shown(page, charts):
    hidden, shown, svg = page.evaluate(
        HIDDEN_THEN_SHOWN, [f"{ORIGIN}/plotly-widget.min.js", state(charts["theme map"])]
    )
    assert hidden == 700  # plotly's default, for want of a width
    assert (shown, svg) == (333, "333")


@pytest.mark.browser
def test_a_chart_carrying_its_front_end_inline_draws_as_a_served_one(page, charts):
    # Outside a Workbook server (JupyterLab, plain Voila) a chart carries the whole front end in
    # its state, and anywidget imports it from a blob: address.
    from workbook.charts.widget import _front_end

    chart = charts["tier counts"]
    inline = page.evaluate(
        "(text) => URL.createObjectURL(new Blob([text], { type: 'text/javascript' }))", _front_end()
    )
    served = page.evaluate(DRAW_WIDGET, [f"{ORIGIN}/plotly-widget.min.js", state(chart), None])
    carried = page.evaluate(DRAW_WIDGET, [inline, state(chart), None])
    assert carried["drawing"] == served["drawing"]
