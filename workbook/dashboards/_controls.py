"""Controls that ipywidgets does not give accessibly, as small anywidgets.

- :class:`Disclosure`: a button that shows and hides what follows it, exposing
  ``aria-expanded`` (ipywidgets 8 draws accordion headers as plain divs that a
  keyboard cannot reach).
- :class:`IntRange`, :class:`FloatRange`: a native ``<input type="range">`` with its
  label, its value and a unit (ipywidgets' sliders have no accessible name).
- :class:`LiveHTML`: HTML in a live region, so that status messages ("Saved",
  "Showing 12 of 90 excerpts") are announced (WCAG 4.1.3).
- :class:`Choice`: a row of toggle buttons exposing ``aria-pressed``.

Each is written by hand because no maintained widget library offers them with
these semantics; each is about twenty lines of plain JavaScript.
"""

from __future__ import annotations

import anywidget
import ipywidgets as widgets
import traitlets

_DISCLOSURE_ESM = """
export default {
  render({ model, el }) {
    el.classList.add("wb-disclosure-top");
    const level = model.get("level");
    const holder = level ? document.createElement("h" + level) : document.createElement("div");
    holder.className = "wb-disclosure-heading";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "wb-disclosure-button";
    holder.appendChild(button);
    el.appendChild(holder);
    const draw = () => {
      button.textContent = model.get("title");
      button.setAttribute("aria-expanded", model.get("expanded") ? "true" : "false");
    };
    button.addEventListener("click", () => {
      model.set("expanded", !model.get("expanded"));
      model.save_changes();
    });
    model.on("change:expanded", draw);
    model.on("change:title", draw);
    draw();
  },
};
"""

_RANGE_ESM = """
function shown(model, value) {
  const digits = model.get("digits");
  const text = Number(value).toFixed(digits);
  return text.replace(/^-(0\\.?0*)$/, "$1") + model.get("suffix");
}
let counter = 0;
export default {
  render({ model, el }) {
    const id = "wb-range-" + (++counter) + "-" + Math.random().toString(36).slice(2, 8);
    el.classList.add("wb-range");
    const label = document.createElement("label");
    label.htmlFor = id;
    const input = document.createElement("input");
    input.type = "range";
    input.id = id;
    const output = document.createElement("output");
    output.htmlFor = id;
    output.setAttribute("aria-hidden", "true");
    const unit = document.createElement("span");
    unit.className = "wb-range-unit";
    unit.id = id + "-unit";
    el.append(label, input, output, unit);
    const draw = () => {
      label.textContent = model.get("description");
      input.min = model.get("min");
      input.max = model.get("max");
      input.step = model.get("step");
      input.value = model.get("value");
      output.textContent = shown(model, model.get("value"));
      input.setAttribute("aria-valuetext", shown(model, model.get("value")));
      unit.textContent = model.get("unit");
      if (model.get("unit")) { input.setAttribute("aria-describedby", unit.id); }
    };
    input.addEventListener("input", () => {
      output.textContent = shown(model, input.value);
      input.setAttribute("aria-valuetext", shown(model, input.value));
    });
    input.addEventListener("change", () => {
      model.set("value", Number(input.value));
      model.save_changes();
    });
    model.on("change", draw);
    draw();
  },
};
"""

_LIVE_ESM = """
export default {
  render({ model, el }) {
    el.classList.add("wb", "wb-live");
    el.setAttribute("role", model.get("role"));
    if (model.get("role") === "region") { el.setAttribute("aria-live", "polite"); }
    const draw = () => { el.innerHTML = model.get("value"); };
    model.on("change:value", draw);
    draw();
  },
};
"""

_CHOICE_ESM = """
export default {
  render({ model, el }) {
    el.classList.add("wb-choice");
    const group = document.createElement("div");
    group.setAttribute("role", "group");
    group.className = "wb-choice-group";
    const label = document.createElement("span");
    label.className = "wb-choice-label";
    label.id = "wb-choice-" + Math.random().toString(36).slice(2, 10);
    group.setAttribute("aria-labelledby", label.id);
    el.append(label, group);
    const draw = () => {
      label.textContent = model.get("description");
      group.replaceChildren(...model.get("labels").map((text, i) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "jupyter-button wb-choice-button";
        button.textContent = text;
        button.setAttribute("aria-pressed", i === model.get("index") ? "true" : "false");
        button.addEventListener("click", () => { model.set("index", i); model.save_changes(); });
        return button;
      }));
    };
    model.on("change", draw);
    draw();
  },
};
"""


class DisclosureButton(anywidget.AnyWidget):
    """The button of a :class:`Disclosure`: its title and whether it is open."""

    _esm = _DISCLOSURE_ESM
    title = traitlets.Unicode("").tag(sync=True)
    expanded = traitlets.Bool(False).tag(sync=True)
    level = traitlets.Int(0).tag(sync=True)


class Disclosure(widgets.VBox):
    """A titled section that opens and closes: a real button, then the section's widgets.

    Args:
        title: The button's text.
        children: What the section holds.
        expanded: Whether it starts open.
        level: Heading level (2 to 4) to wrap the button in, or 0 for none.

    Example:
        >>> box = Disclosure("Levers", [widgets.Label("inside")])
        >>> box.body.layout.display
        'none'
        >>> box.expanded = True
        >>> box.body.layout.display is None
        True
    """

    def __init__(self, title: str, children=(), *, expanded: bool = False, level: int = 0):
        self.button = DisclosureButton(title=title, expanded=expanded, level=level)
        self.body = widgets.VBox(list(children))
        self.body.add_class("wb-disclosure-body")
        super().__init__([self.button, self.body])
        self.add_class("wb-disclosure")
        self.button.observe(self._show, names="expanded")
        self._show()

    @property
    def expanded(self) -> bool:
        """Whether the section is showing (``open`` is a widget's method, hence the name)."""
        return self.button.expanded

    @expanded.setter
    def expanded(self, value: bool) -> None:
        self.button.expanded = value

    @property
    def title(self) -> str:
        """The button's text."""
        return self.button.title

    def _show(self, _change=None) -> None:
        self.body.layout.display = None if self.button.expanded else "none"


class _Range(anywidget.AnyWidget):
    _esm = _RANGE_ESM
    description = traitlets.Unicode("").tag(sync=True)
    unit = traitlets.Unicode("").tag(sync=True)
    suffix = traitlets.Unicode("").tag(sync=True)
    digits = traitlets.Int(0).tag(sync=True)


class IntRange(_Range):
    """A labelled slider of whole numbers.

    Attributes:
        value, min, max, step: As for ``ipywidgets.IntSlider``.
        description: The label.
        suffix: Shown after the value (``" needs"``, ``"%"``).
        unit: A line under the slider saying what the number means.
    """

    value = traitlets.Int(0).tag(sync=True)
    min = traitlets.Int(0).tag(sync=True)
    max = traitlets.Int(100).tag(sync=True)
    step = traitlets.Int(1).tag(sync=True)

    @traitlets.validate("value")
    def _clamp(self, proposal):
        return min(max(proposal["value"], self.min), self.max)


class FloatRange(_Range):
    """A labelled slider of decimals; ``digits`` sets how many the value shows."""

    value = traitlets.Float(0.0).tag(sync=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(1.0).tag(sync=True)
    step = traitlets.Float(0.05).tag(sync=True)

    @traitlets.validate("value")
    def _clamp(self, proposal):
        return min(max(proposal["value"], self.min), self.max)


class LiveHTML(anywidget.AnyWidget):
    """HTML the Workbook rendered, in a region that announces changes.

    ``role`` is ``"status"`` (polite: results, "Saved"), ``"alert"`` (at once: errors)
    or ``"region"`` for a labelled polite region.
    """

    _esm = _LIVE_ESM
    value = traitlets.Unicode("").tag(sync=True)
    role = traitlets.Unicode("status").tag(sync=True)


class Choice(anywidget.AnyWidget):
    """Toggle buttons for one of a few options, each exposing ``aria-pressed``.

    Attributes:
        options: ``(label, value)`` pairs.
        value: The chosen value.
        description: What the choice is, read before the buttons.

    Example:
        >>> choice = Choice([("any", "any"), ("all", "all")], value="all", description="Match")
        >>> choice.index, choice.labels
        (1, ['any', 'all'])
    """

    _esm = _CHOICE_ESM
    labels = traitlets.List(traitlets.Unicode()).tag(sync=True)
    index = traitlets.Int(0).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    value = traitlets.Any()

    def __init__(self, options, *, value=None, description: str = ""):
        self._values = [v for _, v in options]
        super().__init__(labels=[label for label, _ in options], description=description)
        self.index = self._values.index(value) if value is not None else 0
        self.value = self._values[self.index]
        self.observe(self._on_index, names="index")
        self.observe(self._on_value, names="value")

    @property
    def options(self) -> list:
        """The ``(label, value)`` pairs."""
        return list(zip(self.labels, self._values, strict=True))

    def _on_index(self, change) -> None:
        self.value = self._values[change["new"]]

    def _on_value(self, change) -> None:
        self.index = self._values.index(change["new"])
