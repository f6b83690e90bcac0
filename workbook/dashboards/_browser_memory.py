"""Remembering a journal key or facilitator key in the reader's own browser.

A Voila page runs in a fresh kernel on every visit, so a person's journal key
would be lost on reload. ``BrowserMemory`` is a tiny anywidget that keeps one
value in the browser's ``localStorage`` under a name and hands it to the kernel
when the page opens; nothing leaves the browser but over the page's own
websocket, and "Forget" clears it (for shared computers).
"""

from __future__ import annotations

import anywidget
import traitlets

_ESM = """
function storageKey(model) { return "workbook:" + model.get("name"); }
function remember(model) {
  try {
    const value = model.get("value");
    if (value) { window.localStorage.setItem(storageKey(model), value); }
    else { window.localStorage.removeItem(storageKey(model)); }
  } catch (error) { /* storage switched off: the page still works, it just forgets */ }
}
export default {
  initialize({ model }) {
    let stored = null;
    try { stored = window.localStorage.getItem(storageKey(model)); } catch (error) { stored = null; }
    if (stored && !model.get("value")) {
      model.set("value", stored);
      model.save_changes();
    } else if (model.get("value")) {
      remember(model);
    }
    model.set("loaded", true);
    model.save_changes();
    model.on("change:value", () => remember(model));
  },
  render({ el }) { el.style.display = "none"; },
};
"""


class BrowserMemory(anywidget.AnyWidget):
    """One value kept in the browser's ``localStorage`` as ``workbook:<name>``.

    Attributes:
        name: The storage name, e.g. ``"journal-key"``.
        value: The value; set it from Python to store it, ``""`` to forget it.
        loaded: Becomes true once the browser has read its storage (never, headless).
    """

    _esm = _ESM
    name = traitlets.Unicode("").tag(sync=True)
    value = traitlets.Unicode("").tag(sync=True)
    loaded = traitlets.Bool(False).tag(sync=True)


class BrowserZone(anywidget.AnyWidget):
    """The reader's time zone, as their browser reports it, so that times are shown in their local time.

    Attributes:
        zone: An IANA zone name such as ``"Europe/London"``; ``""`` until the browser has said.
    """

    _esm = """
export default {
  initialize({ model }) {
    try { model.set("zone", Intl.DateTimeFormat().resolvedOptions().timeZone || ""); }
    catch (error) { model.set("zone", ""); }
    model.save_changes();
  },
  render({ el }) { el.style.display = "none"; },
};
"""
    zone = traitlets.Unicode("").tag(sync=True)
