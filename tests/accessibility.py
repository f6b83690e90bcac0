"""Checking a page the way an accessibility audit would: axe-core after opening everything on it.

axe-core comes bundled in ``axe-playwright-python`` (nothing is fetched). A page is
audited with every tab and every disclosure opened in turn, and the violations of all
those states are merged by rule.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

IMPACTS = ("critical", "serious", "moderate", "minor")

# Everything a person might open: native disclosures, buttons that say they are collapsed,
# and (on pages not yet moved to the Workbook's disclosures) ipywidgets' accordion headers.
CLOSED = (
    "details:not([open]) > summary",
    "button[aria-expanded='false']",
    ".jupyter-widget-Collapse:not(.jupyter-widget-Collapse-open) > .jupyter-widget-Collapse-header",
)


@dataclass
class Audit:
    """Violations found on one page, merged over the states it was audited in."""

    violations: dict[str, dict] = field(default_factory=dict)

    def add(self, results: dict) -> None:
        for v in results["violations"]:
            seen = self.violations.setdefault(v["id"], {**v, "nodes": []})
            targets = {str(n["target"]) for n in seen["nodes"]}
            seen["nodes"] += [n for n in v["nodes"] if str(n["target"]) not in targets]

    def counts(self) -> dict[str, int]:
        """Rules violated, by impact."""
        return {i: sum(v["impact"] == i for v in self.violations.values()) for i in IMPACTS}

    def node_counts(self) -> dict[str, int]:
        """Elements in violation, by impact."""
        return {
            i: sum(len(v["nodes"]) for v in self.violations.values() if v["impact"] == i) for i in IMPACTS
        }

    def blocking(self) -> list[dict]:
        """The critical and serious violations."""
        return [v for v in self.violations.values() if v["impact"] in ("critical", "serious")]

    def report(self, impacts=IMPACTS) -> str:
        lines = []
        for v in self.violations.values():
            if v["impact"] not in impacts:
                continue
            lines.append(f"{v['id']} ({v['impact']}, {len(v['nodes'])}): {v['help']}")
            lines += [f"    {n['target']} {n['html'][:160]}" for n in v["nodes"][:6]]
        return "\n".join(lines)


def _closed(page) -> list:
    return [h for h in page.locator(", ".join(CLOSED)).element_handles() if h.is_visible()]


def open_everything(page, *, after_each=None, rounds: int = 4) -> None:
    """Open every closed disclosure on the page, including ones revealed by opening others.

    ``after_each`` is called after each one opens (an accordion may close the others);
    without it, a round opens all it finds and then waits once for the kernel to answer.
    """
    for _ in range(rounds):
        closed = _closed(page)
        if not closed:
            return
        for handle in closed:
            if handle.is_visible():
                handle.click()
                if after_each:
                    page.wait_for_timeout(500)  # the kernel shows what a widget disclosure holds
                    after_each()
        if not after_each:
            page.wait_for_timeout(600)


def settle(page, timeout: int = 15_000) -> None:
    """Wait until every chart has its name: a chart drawn on opening a tab is named a moment later."""
    unnamed = "() => !document.querySelector('[role=img][aria-label=\"\"]')"
    with contextlib.suppress(PlaywrightError):  # axe then reports the chart without a name
        page.wait_for_function(unnamed, timeout=timeout)


def audit(page, *, axe: Axe | None = None, each_disclosure: bool = False) -> Audit:
    """Run axe with everything opened, once per tab (and after each disclosure, if asked).

    ``each_disclosure`` suits accordions, where opening one section closes another.
    """
    axe = axe or Axe()
    found = Audit()

    def check() -> None:
        settle(page)
        found.add(axe.run(page).response)

    def open_and_check() -> None:
        if each_disclosure:
            check()
            open_everything(page, after_each=check)
        else:
            open_everything(page)
            check()

    open_and_check()
    tabs = page.locator("[role='tab']")
    for i in range(tabs.count()):
        tab = tabs.nth(i)
        if tab.is_visible() and tab.get_attribute("aria-selected") != "true":
            tab.click()
            page.wait_for_timeout(800)
            open_and_check()
    return found


# -- Keyboard ------------------------------------------------------------------------------

FOCUSABLE = r"""() => {
  const all = Array.from(document.querySelectorAll(
    'a[href], button, input, select, textarea, summary, [tabindex]'));
  const shown = all.filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0
    && getComputedStyle(e).visibility !== 'hidden' && !e.closest('.js-plotly-plot, [inert]'));
  shown.forEach((e, i) => { e.dataset.wbK = String(i); });
  return shown.map(e => (e.getAttribute('aria-label') || e.innerText || e.value || e.tagName).slice(0, 60));
}"""

# How the focused element shows focus: its outline (or ring) and the contrast of that
# ring against what is behind it (WCAG 2.4.7 and 1.4.11: 3:1).
FOCUS_STYLE = r"""() => {
  const e = document.activeElement;
  if (!e || e === document.body) { return null; }
  const s = getComputedStyle(e);
  const rgb = c => (c.match(/[\d.]+/g) || [0, 0, 0, 0]).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let back = [255, 255, 255];
  for (let n = e.parentElement; n; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c.length === 3 || (c.length >= 4 && c[3] > 0.9)) {
      back = c.slice(0, 3);
      break;
    }
  }
  const ring = rgb(s.outlineColor).slice(0, 3);
  const [a, b] = [lum(ring), lum(back)].sort((x, y) => y - x);
  return {
    key: e.dataset.wbK || null,
    outline: s.outlineStyle !== 'none' ? parseFloat(s.outlineWidth) : 0,
    contrast: (a + 0.05) / (b + 0.05),
    tag: e.tagName, label: (e.getAttribute('aria-label') || e.innerText || e.value || '').slice(0, 60),
  };
}"""


def tab_through(page, *, limit: int = 600) -> tuple[list[str], dict[str, dict]]:
    """Press Tab from the top of the page until focus comes round again.

    Returns:
        The page's focusable controls, and those that Tab reached, with how each showed focus.
    """
    controls = page.evaluate(FOCUSABLE)
    page.evaluate("() => { window.scrollTo(0, 0); document.activeElement && document.activeElement.blur(); }")
    page.locator("body").focus()
    reached: dict[str, dict] = {}
    for _ in range(min(limit, len(controls) * 2 + 20)):
        page.keyboard.press("Tab")
        style = page.evaluate(FOCUS_STYLE)
        if style is None:
            continue
        if style["key"] is not None:
            if style["key"] in reached and len(reached) >= len(controls):
                break
            reached.setdefault(style["key"], style)
    return controls, reached


# -- Reflow and words ------------------------------------------------------------------------

WIDER_THAN_VIEWPORT = r"""() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const e of document.querySelectorAll('body *')) {
    const skip = '[role=region][aria-label][tabindex], .js-plotly-plot, script, style, .wb-skip-link';
    if (e.closest(skip)) { continue; }
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(e).visibility === 'hidden') { continue; }
    if (r.right <= 0) { continue; }  // parked off screen on purpose (plotly's text measurer)
    if (r.right > width + 1 || r.left < -1) {
      const name = e.tagName + '.' + String(e.className).slice(0, 60);
      out.push(name + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
    }
  }
  return {page: document.documentElement.scrollWidth, viewport: width, wide: out.slice(0, 12)};
}"""

CLIPPED_TEXT = r"""() => {
  const out = [];
  for (const e of document.querySelectorAll('main *')) {
    const skip = '.js-plotly-plot, [role=region][aria-label][tabindex], textarea, select, script, style, '
      + '.wb-visually-hidden';
    if (e.closest(skip)) { continue; }
    const s = getComputedStyle(e);
    const hides = ['hidden', 'clip'].includes(s.overflowX) || s.textOverflow === 'ellipsis';
    const text = Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (hides && text && e.scrollWidth > e.clientWidth + 2 && e.getClientRects().length) {
      out.push(e.tagName + '.' + String(e.className).slice(0, 50) + ': ' + e.innerText.slice(0, 40));
    }
  }
  return out.slice(0, 12);
}"""

ON_SCREEN_WORDS = r"""() => [document.body.innerText,
  ...Array.from(document.querySelectorAll('[title], [aria-label], [alt], [placeholder]')).map(
    e => ['title', 'aria-label', 'alt', 'placeholder'].map(a => e.getAttribute(a) || '').join(' '))
].join('\n')"""
