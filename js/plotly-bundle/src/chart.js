// The front end of the Workbook's chart widget (workbook/charts/widget.py), as an anywidget module.
//
// The kernel sends a figure as plain data ({data, layout}) and plotly.js's config; this draws it
// with Plotly.react, and again whenever the kernel sends a new figure: react redraws only what
// changed. The chart is an image for assistive technology, named by the widget's label (its
// numbers are in a table beside it). A click on a point is sent to the kernel; nothing else is.
// The chart takes its container's width whenever that changes: a chart drawn before its page
// placed it (in a tab not yet shown, say) would otherwise keep plotly's default 700 px.
import Plotly from "./plotly-workbook.js";

function render({ model, el }) {
  const name = () => {
    el.setAttribute("role", "img");
    el.setAttribute("aria-label", model.get("label"));
  };
  // plotly.js writes into the objects it is given: give it copies, never the model's own.
  const draw = () => {
    const { data, layout } = structuredClone(model.get("figure"));
    return Plotly.react(el, data, layout, model.get("config"));
  };
  const click = (event) => {
    const points = event.points.map((p) => ({ trace: p.curveNumber, point: p.pointIndex ?? p.pointNumber }));
    model.send({ event: "click", points });
  };
  const fit = new ResizeObserver(([entry]) => {
    const width = entry.contentRect.width;
    const drawn = el._fullLayout && !el.layout.width;  // a chart given its own width keeps it
    if (width > 0 && drawn && Math.abs(el._fullLayout.width - width) >= 1) Plotly.Plots.resize(el);
  });
  name();
  model.on("change:label", name);
  model.on("change:figure", draw);
  draw().then(() => {
    el.on("plotly_click", click);
    fit.observe(el);
  });
  return () => {
    fit.disconnect();
    model.off("change:label", name);
    model.off("change:figure", draw);
    Plotly.purge(el);
  };
}

export default { render };
