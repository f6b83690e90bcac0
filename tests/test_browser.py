"""Every dashboard in headless Chromium through a real Voila server.

Each test opens a page the way a participant would, checks that it rendered with no
error and no request leaving this machine, uses it, and saves a screenshot to
``tests/artifacts/``.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request

import pytest
from browsing import READY_MS, assert_clean, refused_status, visiting, wait_for_count
from conftest import ARTIFACTS
from playwright.sync_api import expect

from workbook.dashboards import PAGES
from workbook.evidence import load_corpus

pytestmark = pytest.mark.browser


def test_root_redirects_to_the_start_page(voila_server):
    with urllib.request.urlopen(voila_server.base + "/", timeout=60) as response:
        assert response.url.endswith("/voila/render/00-start-here.ipynb")


def test_start_page(browser, voila_server):
    with visiting(browser, voila_server, "00-start-here.ipynb", ".wb-start") as visit:
        assert_clean(visit)
        page = visit.page
        assert page.locator("text=Not a tool for decisions about real people").is_visible()
        links = page.locator(".wb-pages a.wb-card")
        expected = [p.href for p in PAGES if p.id != "start"]
        assert [links.nth(i).get_attribute("href") for i in range(links.count())] == expected
        page.screenshot(path=ARTIFACTS / "start-here.png", full_page=True)
        links.first.click()
        page.wait_for_selector(".wb-seminar-themes", state="visible", timeout=READY_MS)
        assert page.url.endswith("01-seminar-themes.ipynb")


def test_seminar_themes_search_filter_and_map(browser, voila_server):
    corpus = load_corpus()
    with visiting(browser, voila_server, "01-seminar-themes.ipynb", ".wb-seminar-themes .wb-cards") as visit:
        assert_clean(visit)
        page = visit.page
        assert page.locator(".wb-themes .widget-checkbox").count() == len(corpus.themes)
        assert page.locator(".wb-excerpt").count() == len(corpus.excerpts)
        page.screenshot(path=ARTIFACTS / "seminar-themes.png")

        about = re.compile(r"\b(text(ing|s)?|reminders?|sms)\b", re.IGNORECASE)
        reminders = {e.id for e in corpus.excerpts.itertuples() if about.search(e.quote + " " + e.paraphrase)}
        page.fill(".wb-search input", "text messaging")
        wait_for_count(page, ".wb-excerpt", len(reminders))
        cards = page.locator(".wb-excerpt")
        shown = {cards.nth(i).get_attribute("data-id") for i in range(cards.count())}
        assert shown == reminders
        for i in range(cards.count()):
            assert re.search(r"text|remind", cards.nth(i).inner_text(), re.IGNORECASE)
        page.screenshot(path=ARTIFACTS / "seminar-themes-search.png")

        page.fill(".wb-search input", "")
        page.locator(".wb-themes label", has_text="Induction (").click()
        wait_for_count(page, ".wb-excerpt", sum("induction" in t for t in corpus.excerpts["themes"]))
        expect(page.locator(".wb-summary")).to_contain_text("Induction")

        page.get_by_role("tab", name="Theme map").click()
        page.wait_for_selector(".js-plotly-plot .heatmaplayer image, .js-plotly-plot .hm", timeout=30_000)
        assert page.locator(".js-plotly-plot .ytick").count() == len(corpus.themes)
        page.screenshot(path=ARTIFACTS / "seminar-themes-map.png")

        page.get_by_role("button", name="Clear themes").click()
        page.get_by_role("tab", name="Open questions").click()
        wait_for_count(page, ".wb-question", len(corpus.questions))
        assert "needs first" in page.inner_text(".wb-questions")
        assert_clean(visit)


def test_induction_checker_and_planner(browser, voila_server):
    with visiting(browser, voila_server, "02-induction.ipynb", ".wb-induction .wb-scores .wb-stat") as visit:
        assert_clean(visit)
        page = visit.page
        expect(page.locator(".wb-marked mark").first).to_be_visible()
        page.screenshot(path=ARTIFACTS / "induction.png")

        page.fill(".wb-text textarea", "Please attend your appointment. We will explain the requirement.")
        page.keyboard.press("Tab")  # the box sends its text when it loses focus
        expect(page.locator(".wb-induction")).to_contain_text("Your text")
        expect(page.locator(".wb-scores")).to_contain_text("plain English")

        page.locator(".wb-planner input").first.fill("Sam")
        page.locator(".wb-planner textarea").first.fill("Find work\n<b>See my children</b>")
        page.get_by_role("button", name="Make the agreement").click()
        preview = page.locator(".wb-agreement-preview")
        expect(preview).to_contain_text("<b>See my children</b>")
        assert preview.locator("b").count() == 0
        expect(page.locator(".wb-agreement a[download='our-agreement.html']")).to_be_visible()
        preview.scroll_into_view_if_needed()
        page.screenshot(path=ARTIFACTS / "induction-planner.png")
        assert_clean(visit)


BAR_Y = "(i) => Array.from(document.querySelectorAll('.wb-caseload-tiering .js-plotly-plot')[0].data[i].y)"


def test_caseload_tiering_switch_scheme_and_change_a_threshold(browser, voila_server):
    with visiting(
        browser, voila_server, "03-caseload-tiering.ipynb", ".wb-caseload-tiering .js-plotly-plot"
    ) as visit:
        page = visit.page
        page.wait_for_selector(".wb-caseload-tiering .barlayer .point", timeout=60_000)
        page.wait_for_selector(".wb-caseload-tiering .sankey .sankey-node", timeout=60_000)
        assert_clean(visit)
        page.screenshot(path=ARTIFACTS / "caseload-tiering.png")

        page.locator(".wb-caseload-tiering .widget-dropdown select").nth(2).select_option(
            label="NOMS Offender Management Model (2005)"
        )
        expect(page.locator(".wb-caseload-tiering .sankey")).to_contain_text("OMM 2005", timeout=30_000)

        before = page.evaluate(BAR_Y, 2)
        page.get_by_role("button", name="2005 model thresholds").click()
        handle = page.locator(".wb-caseload-tiering input[type=range]").first
        expect(handle).to_be_visible()  # the disclosure has opened
        handle.focus()
        for _ in range(4):
            page.keyboard.press("ArrowLeft")
        page.wait_for_function(
            f"() => JSON.stringify(({BAR_Y})(2)) !== JSON.stringify({before})", timeout=30_000
        )
        page.screenshot(path=ARTIFACTS / "caseload-tiering-changed.png")
        assert_clean(visit)


def test_risk_and_needs_density_and_explorer(browser, voila_server):
    with visiting(
        browser, voila_server, "04-risk-and-needs.ipynb", ".wb-risk-needs .js-plotly-plot"
    ) as visit:
        page = visit.page
        page.wait_for_selector(
            ".wb-risk-needs .js-plotly-plot .hm, .wb-risk-needs .heatmaplayer image", timeout=60_000
        )
        expect(page.locator(".wb-profile")).to_contain_text("Good Lives")
        assert_clean(visit)
        page.screenshot(path=ARTIFACTS / "risk-and-needs.png")
        page.locator(".wb-risk-needs .widget-dropdown select").nth(1).select_option(label="RoSH high")
        expect(page.locator(".wb-risk-needs .js-plotly-plot").first).to_have_attribute(
            "aria-label", re.compile("RoSH high"), timeout=30_000
        )
        page.locator(".wb-profile").scroll_into_view_if_needed()
        page.screenshot(path=ARTIFACTS / "risk-and-needs-explorer.png")
        assert_clean(visit)


LINE_Y = "() => JSON.stringify(document.querySelector('.wb-compliance .js-plotly-plot').data[3].y)"


def test_compliance_scenarios_card_and_lever(browser, voila_server):
    with visiting(
        browser, voila_server, "05-compliance-scenarios.ipynb", ".wb-compliance .js-plotly-plot"
    ) as visit:
        page = visit.page
        page.wait_for_selector(".wb-compliance .scatterlayer .trace", timeout=60_000)
        assert_clean(visit)
        expect(page.locator(".wb-card-text")).to_contain_text("Reaching 70% in Lincolnshire")
        page.screenshot(path=ARTIFACTS / "compliance-scenarios.png")

        page.locator(".wb-compliance .widget-dropdown select").first.select_option(
            label="The employer who changes shifts"
        )
        expect(page.locator(".wb-card-text")).to_contain_text("short-notice shifts", timeout=30_000)
        before = page.evaluate(LINE_Y)
        page.get_by_text("Levers", exact=True).click()
        page.locator(".wb-lever-text-reminders input").check()
        page.wait_for_function(f"() => ({LINE_Y})() !== {json.dumps(before)}", timeout=30_000)
        expect(page.locator(".wb-card-text")).to_contain_text("Your own levers")
        page.locator(".wb-compliance .js-plotly-plot").scroll_into_view_if_needed()
        page.screenshot(path=ARTIFACTS / "compliance-scenarios-lever.png")
        assert_clean(visit)


def test_every_scenario_card_runs_in_the_browser(browser, voila_server):
    from workbook.compliance import load_cards

    cards = load_cards()
    with visiting(
        browser, voila_server, "05-compliance-scenarios.ipynb", ".wb-compliance .scatterlayer .trace"
    ) as visit:
        page = visit.page
        select = page.locator(".wb-compliance .widget-dropdown select").first
        lines = [page.evaluate(LINE_Y)]  # the page opens on the first card
        for card in [*cards[1:], cards[0]]:
            select.select_option(label=card.title)
            expect(page.locator(".wb-card-text")).to_contain_text(card.question[:40], timeout=30_000)
            page.wait_for_function(f"() => ({LINE_Y})() !== {json.dumps(lines[-1])}", timeout=30_000)
            lines.append(page.evaluate(LINE_Y))
        assert len(set(lines)) == len(cards) and lines[-1] == lines[0]
        assert_clean(visit)


def test_typed_markup_is_shown_as_text_and_never_runs(browser, voila_server):
    with visiting(browser, voila_server, "01-seminar-themes.ipynb", ".wb-seminar-themes .wb-cards") as visit:
        page = visit.page
        page.evaluate("window.__pwned = false")
        payload = '<img src=x onerror="window.__pwned=true"><script>window.__pwned=true</script>'
        page.fill(".wb-search input", payload)
        page.wait_for_function(
            "document.querySelector('.wb-summary').innerText.includes('<script>')", timeout=30_000
        )
        assert page.evaluate("window.__pwned") is False
        assert page.locator(".wb-summary img").count() == 0
        assert page.input_value(".wb-search input") == payload


@pytest.mark.parametrize(
    "path",
    [
        "/voila/files/00-start-here.ipynb",
        "/voila/files/../workbook/cli/__init__.py",
        "/voila/files/../data/seminar/excerpts.toml",
        "/voila/files/../voila.json",
    ],
)
def test_sources_and_data_are_not_served(voila_server, path):
    assert refused_status(voila_server.base + path) in (403, 404)


def test_the_contents_api_lists_notebooks_without_their_source(voila_server):
    with urllib.request.urlopen(
        voila_server.base + "/voila/api/contents/00-start-here.ipynb", timeout=30
    ) as r:
        model = json.load(r)
    assert model["content"] is None


def test_charts_load_plotly_once_from_the_server_not_through_the_websocket(browser, voila_server):
    with visiting(browser, voila_server, "01-seminar-themes.ipynb", ".wb-seminar-themes .wb-cards") as visit:
        received = []
        visit.page.on("websocket", lambda ws: ws.on("framereceived", lambda f: received.append(len(f))))
        bundles = []
        visit.page.on(
            "response", lambda r: bundles.append(r.status) if "/plotly-widget.min.js?v=" in r.url else None
        )
        visit.page.get_by_role("tab", name="Theme map").click()
        visit.page.wait_for_selector(
            ".js-plotly-plot .hm, .js-plotly-plot .heatmaplayer image", timeout=60_000
        )
        assert bundles == [200]
        assert sum(received) < 1_000_000, "the chart's state should not carry plotly.js"
        assert_clean(visit)


@pytest.mark.parametrize(
    "path",
    [
        "/workbook/assets/plotly.min.js",
        "/workbook/assets/plotly-widget.json",
        "/workbook/assets/../../server.py",
        "/workbook/assets/%2e%2e/plotly_bundle.py",
    ],
)
def test_the_asset_route_serves_only_the_plotly_bundle(voila_server, path):
    assert refused_status(voila_server.base + path) in (403, 404)


def test_rendered_pages_carry_no_notebook_source(voila_server):
    with urllib.request.urlopen(voila_server.url("00-start-here.ipynb"), timeout=120) as response:
        html = response.read().decode("utf-8")
    assert "from workbook.dashboards import" not in html
    assert "cdn.jsdelivr.net" not in html


def kernel_processes(server) -> int:
    """How many kernels the server is running (exited ones not yet reaped are not counted)."""
    return len(server.kernel_pids())


def test_a_chart_page_kernel_is_forked_from_the_warm_process_that_loaded_pandas(browser, voila_server):
    import psutil

    before = voila_server.kernel_pids()
    ready = ".wb-risk-needs .js-plotly-plot"
    with visiting(browser, voila_server, "04-risk-and-needs.ipynb", ready) as visit:
        (pid,) = voila_server.kernel_pids() - before
        parent = psutil.Process(pid).parent().cmdline()
        assert parent[1:4] == ["-m", "workbook.kernels", parent[3]] and parent[4] == "data"
        assert_clean(visit)


def test_closing_a_page_shuts_its_kernel_down(browser, voila_server):
    with visiting(browser, voila_server, "00-start-here.ipynb", ".wb-start") as visit:
        running = kernel_processes(voila_server)
        assert running >= 1
        assert_clean(visit)
    deadline = time.monotonic() + 30
    while kernel_processes(voila_server) >= running and time.monotonic() < deadline:
        time.sleep(0.2)
    assert kernel_processes(voila_server) == running - 1


def test_a_shutdown_request_from_another_origin_is_refused(voila_server):
    request = urllib.request.Request(
        voila_server.base + "/voila/api/shutdown/not-a-kernel",
        method="POST",
        headers={"Origin": "http://evil.test"},
    )
    assert refused_status(request) in (403, 404)  # Jupyter Server blocks cross-origin API calls with a 404


@pytest.mark.parametrize(
    ("notebook", "ready", "charts"),
    [
        ("03-caseload-tiering.ipynb", ".barlayer .point", True),
        ("05-compliance-scenarios.ipynb", ".scatterlayer .trace", True),
        ("00-start-here.ipynb", ".wb-start", False),
    ],
)
def test_a_page_asks_for_its_javascript_once_while_its_kernel_builds_the_page(
    browser, voila_server, notebook, ready, charts
):
    from workbook.web import page_context

    with visiting(browser, voila_server, notebook, ready) as visit:
        resources = visit.page.evaluate(
            "() => performance.getEntriesByType('resource').map((e) => [e.name, e.startTime])"
        )
        # The page's last bytes come once the kernel has built the page.
        html_done = visit.page.evaluate("() => performance.getEntriesByType('navigation')[0].responseEnd")
        assert_clean(visit)
    chart_bundle = [(name, started) for name, started in resources if "plotly-widget" in name]
    [voila_started] = [started for name, started in resources if re.search(r"/voila\.js(\?|$)", name)]
    if charts:  # each asked for once: the charts import the address the head started
        [(address, chart_started)] = chart_bundle
        assert address.endswith(page_context(notebook)["chart_bundle"])
        assert chart_started < html_done and voila_started < html_done
    else:  # a text page is built too quickly to time its script against
        assert chart_bundle == []
