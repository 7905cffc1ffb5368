"""The Explorer in a real browser: Debian's Chromium driving the real Streamlit server."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from support import APP_IDLE, ROOT, VIEWER, app_server, lr_slider, wait_drawn

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

if not Path(shutil.which("chromium") or "/usr/bin/chromium").exists():  # pragma: no cover - CI installs it
    raise RuntimeError("Chromium is missing: bash scripts/test.sh installs Debian's chromium")


class Tab:
    """One page of the app, with the console errors and websocket traffic it saw."""

    def __init__(self, browser, url: str) -> None:
        self.context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.sent = 0
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("websocket", lambda ws: ws.on("framesent", lambda _: setattr(self, "sent", self.sent + 1)))
        self.page.goto(url)
        self.rev = wait_drawn(self.page)

    def _console(self, message) -> None:  # type: ignore[no-untyped-def]
        # Streamlit itself probes /<page>/_stcore/… before the base URL on a page's own link
        probing = "/_stcore/" in message.location.get("url", "") and "404" in message.text
        if message.type == "error" and not probing:
            self.errors.append(message.text)

    def redrawn(self) -> None:
        self.rev = wait_drawn(self.page, self.rev)

    def js(self, expression: str, arg=None):  # type: ignore[no-untyped-def]
        return self.page.evaluate(expression, arg)

    def trace_length(self, plot: str, name: str) -> int:
        return self.js(
            """([plot, name]) => {
                const gd = document.querySelector(`[data-testid=${plot}]`);
                return gd.data.find((t) => t.name === name).x.length;
            }""",
            [plot, name],
        )

    def number(self, key: str) -> float:
        return float(self.page.locator(f".st-key-{key} input").input_value())

    def close(self) -> None:
        self.context.close()

    def __enter__(self) -> Tab:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@pytest.fixture
def tab(browser, server):
    with Tab(browser, server) as t:
        yield t


def test_the_page_draws_the_slides_picture_without_errors(tab):
    for plot in ("gdviz-surface", "gdviz-contour", "gdviz-curves"):
        assert tab.page.locator(f"[data-testid={plot}] .main-svg").count() > 0, plot
    assert tab.page.locator("[data-testid=gdviz-surface] canvas").count() > 0  # WebGL 3-D scene
    assert tab.trace_length("gdviz-contour", "path Wᵗ") > 10
    assert tab.page.get_by_text("converged", exact=False).count() > 0
    time.sleep(1.0)  # let the WebGL scene settle before the picture is taken
    shots = ROOT / ".pytest_cache"
    shots.mkdir(exist_ok=True)
    tab.page.screenshot(path=str(shots / "explorer.png"))
    assert not tab.errors, tab.errors


def test_alpha_by_keyboard_redraws_every_chart(tab):
    before = tab.number("lr")
    steps_before = tab.trace_length("gdviz-contour", "path Wᵗ")
    lr_slider(tab.page).focus()
    tab.page.keyboard.press("ArrowLeft")
    tab.redrawn()
    assert tab.number("lr") < before
    assert tab.trace_length("gdviz-contour", "path Wᵗ") != steps_before
    tab.page.keyboard.press("ArrowRight")
    tab.redrawn()
    assert tab.number("lr") == pytest.approx(before)
    assert tab.trace_length("gdviz-contour", "path Wᵗ") == steps_before
    assert not tab.errors, tab.errors


def _eye(tab) -> dict:
    # the camera the WebGL scene is showing, not the layout's copy (updated lazily)
    scene = "document.querySelector('[data-testid=gdviz-surface]')._fullLayout.scene._scene"
    return tab.js(f"() => {scene}.getCamera().eye")


def test_a_rotated_camera_survives_an_alpha_change(tab):
    default = _eye(tab)
    surface = tab.page.locator("[data-testid=gdviz-surface]")
    surface.scroll_into_view_if_needed()
    box = surface.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    tab.page.mouse.move(cx, cy)
    tab.page.mouse.down()
    for i in range(1, 11):
        tab.page.mouse.move(cx + 18 * i, cy + 6 * i)
    tab.page.mouse.up()
    time.sleep(0.3)
    rotated = _eye(tab)
    assert abs(rotated["x"] - default["x"]) + abs(rotated["y"] - default["y"]) > 0.2, "the drag did not rotate"
    tab.page.set_viewport_size({"width": 1300, "height": 1000})  # a resize in between must not matter
    time.sleep(0.5)
    lr_slider(tab.page).focus()
    tab.page.keyboard.press("ArrowLeft")
    tab.redrawn()
    after = _eye(tab)
    for axis in "xyz":
        assert after[axis] == pytest.approx(rotated[axis], abs=1e-6)
    assert not tab.errors, tab.errors


def test_a_click_on_the_contour_map_sets_the_start(tab):
    plot = tab.page.locator("[data-testid=gdviz-contour] .nsewdrag").first
    plot.scroll_into_view_if_needed()
    box = plot.bounding_box()
    px, py = box["width"] * 0.75, box["height"] * 0.25
    expected = tab.js(
        """([px, py]) => {
            const l = document.querySelector('[data-testid=gdviz-contour]')._fullLayout;
            return [l.xaxis.p2l(px), l.yaxis.p2l(py)];
        }""",
        [px, py],
    )
    tab.page.mouse.click(box["x"] + px, box["y"] + py)
    tab.redrawn()
    assert tab.number("x0") == pytest.approx(expected[0], abs=0.01)
    assert tab.number("y0") == pytest.approx(expected[1], abs=0.01)
    first = tab.js(
        """() => {
            const gd = document.querySelector('[data-testid=gdviz-contour]');
            const p = gd.data.find((t) => t.name === 'path Wᵗ');
            return [p.x[0], p.y[0]];
        }"""
    )
    assert first == pytest.approx([tab.number("x0"), tab.number("y0")], abs=1e-4)
    assert "x0=" in tab.page.url and "y0=" in tab.page.url  # the new start is in the link
    assert not tab.errors, tab.errors


def test_playback_runs_in_the_browser_with_both_views_in_step(tab):
    n = int(tab.page.get_attribute(VIEWER, "data-step"))
    assert n > 20
    tab.page.get_by_test_id("gdviz-first").click()
    assert tab.page.get_attribute(VIEWER, "data-step") == "0"
    assert tab.trace_length("gdviz-contour", "path Wᵗ") == 1
    assert tab.trace_length("gdviz-surface", "path Wᵗ") == 1
    tab.page.get_by_test_id("gdviz-next").click()
    tab.page.get_by_test_id("gdviz-next").click()
    assert tab.trace_length("gdviz-contour", "path Wᵗ") == 3
    assert tab.trace_length("gdviz-surface", "path Wᵗ") == 3
    assert tab.trace_length("gdviz-contour", "−∇L(Wᵗ) (step direction)") == 3 * 7
    sent = tab.sent
    tab.page.get_by_test_id("gdviz-play").click()
    tab.page.wait_for_function(f"() => Number(document.querySelector('{VIEWER}').dataset.step) >= {n}", timeout=20_000)
    assert tab.trace_length("gdviz-contour", "path Wᵗ") == n + 1
    assert tab.sent == sent, "playback must not talk to the server"
    assert json.loads(tab.js("() => JSON.stringify(document.querySelector('[data-testid=gdviz-label]').textContent)"))
    assert not tab.errors, tab.errors


def test_a_bad_link_shows_a_warning_and_a_working_page(browser, server):
    with Tab(browser, f"{server}/?lr=abc&loss=saddle&x0=0.5&y0=0.001") as t:
        assert t.page.get_by_text("lr=abc", exact=False).count() == 1
        assert t.number("x0") == 0.5 and t.number("lr") == pytest.approx(0.08)
        assert t.trace_length("gdviz-contour", "path Wᵗ") > 1
        assert not t.errors, t.errors


def test_typing_formulas_on_the_custom_page(browser, server):
    with Tab(browser, f"{server}/custom?expr=x%5E2%2B3*y%5E2") as t:
        box = t.page.locator(".st-key-expr input")
        assert box.input_value() == "x^2+3*y^2"
        box.fill("(x^2 - 1)^2 + y^2")
        box.press("Enter")
        t.redrawn()
        assert "expr=" in t.page.url
        assert t.page.locator("[data-testid=stMainBlockContainer] .katex").count() > 0
        rev = t.rev
        box.fill("__import__('os').system('id')")
        box.press("Enter")
        t.page.get_by_text("This formula cannot be used", exact=False).wait_for()
        assert t.page.locator(VIEWER).count() == 0 or t.page.get_attribute(VIEWER, "data-rev") == rev
        assert not t.errors, t.errors


@pytest.mark.parametrize(
    "path",
    [
        "learning-rate?lr1=0.01&lr2=0.1&lr3=0.21",
        "race?race=gd&race=momentum&race=adam",
        "stationary-points?loss=saddle",
        "stationary-points",  # opens on himmelblau, the saddle demonstration at one of its saddles
        "race?race=gd&race=linesearch&race=newton&budget=true",
        "empirical-risk?model=logistic&data=study_hours&lr=0.5",
    ],
)
def test_the_classroom_pages_draw_without_errors(browser, server, path):
    with Tab(browser, f"{server}/{path}") as t:
        for plot in ("gdviz-surface", "gdviz-contour"):
            assert t.page.locator(f"[data-testid={plot}] .main-svg").count() > 0, plot
        assert int(t.page.get_attribute(VIEWER, "data-step")) > 0  # the runs are there to play
        t.page.get_by_test_id("gdviz-first").click()
        assert t.page.get_attribute(VIEWER, "data-step") == "0"
        assert not t.errors, t.errors


APP_PATHS = {
    "",
    "lesson",
    "custom",
    "learning-rate",
    "race",
    "stationary-points",
    "basins",
    "empirical-risk",
    "network",
}


@pytest.mark.parametrize(
    ("link", "lang", "title", "present"),
    [
        ("lesson?step=2&lang=pt&present=1", "pt", "Step {n} of {last}: {title}", True),  # projected: no h1
        ("basins?loss=himmelblau", "en", "Basins of attraction", False),
        ("learning-rate?lang=pt", "pt", "The learning rate α", False),  # not a file name in pages/
    ],
)
def test_the_first_link_opened_after_a_restart_is_the_app(browser, link, lang, title, present):
    """A classroom server is restarted before class, then the teacher's link is the first visit:
    no "Page not found", no page list made from pages/'s file names (streamlit/streamlit#9992)."""
    from gdviz.i18n import set_language
    from gdviz.i18n import t as translate
    from gdviz.lesson import STEPS

    set_language(lang)
    title = translate(title, n=2, last=len(STEPS), title=translate(STEPS[1].title))
    explorer = translate("Explorer")
    set_language("en")
    with app_server() as url:  # a fresh server: nobody has opened any page yet
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        page = context.new_page()
        try:
            page.goto(f"{url}/{link}")
            heading = page.locator("h1, h3").first  # the page's title; a projected lesson step's heading
            heading.wait_for(timeout=60_000)
            page.wait_for_selector(APP_IDLE, timeout=60_000)
            assert heading.inner_text() == title
            nav = page.locator("[data-testid=stSidebarNav] a")
            paths = {a.get_attribute("href").removeprefix(url).lstrip("/") for a in nav.all()}
            assert paths == APP_PATHS  # the app's own navigation, not one link per file in pages/
            assert nav.first.inner_text().strip().endswith(explorer)  # in the link's language
            assert page.get_by_text("Page not found").count() == 0
            assert page.locator(".st-key-lang").count() == 1  # the language switch
            assert page.locator(".st-key-present input").is_checked() == present
            root_font = page.evaluate("() => getComputedStyle(document.documentElement).fontSize")
            assert (root_font == "19px") == present  # presenter mode's large type
            assert page.url.startswith(f"{url}/{link.split('?')[0]}")  # still on the page it opened
        finally:
            context.close()


def test_the_basins_page_shows_the_path_of_a_clicked_start(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{server}/basins?loss=himmelblau&lr=0.01&grid=100")
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60_000)
        chart = page.locator(".st-key-basin_click .js-plotly-plot").first
        chart.wait_for(timeout=30_000)
        drag = page.locator(".st-key-basin_click .nsewdrag").first
        box = drag.bounding_box()
        page.mouse.click(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.2)
        page.wait_for_function(
            """() => {
                const gd = document.querySelector('.st-key-basin_click .js-plotly-plot');
                return gd && gd.data && gd.data.some((t) => t.name === 'path from the chosen start');
            }""",
            timeout=30_000,
        )
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]")
        page.get_by_text("converged after", exact=False).first.wait_for(timeout=10_000)  # the run, in words
        assert not errors, errors
    finally:
        context.close()


def test_the_fitted_model_moves_with_playback(browser, server):
    with Tab(browser, f"{server}/empirical-risk?data=line&lr=0.2&steps=60") as t:
        fit = """() => {
            const gd = document.querySelector('[data-testid=gdviz-curves]');
            const tr = gd.data.find((d) => d.name === 'fit (full batch)');
            return [tr.x.length, tr.y[0], tr.y[1]];
        }"""
        end = t.js(fit)
        assert end[0] == 2  # one line: the fit at the current step
        t.page.get_by_test_id("gdviz-first").click()
        start = t.js(fit)
        assert start[0] == 2 and start[1:] == [0, 0]  # W⁰ = (0, 0): the flat line y = 0
        assert start[1:] != end[1:]
        assert not t.errors, t.errors


def test_a_csv_upload_from_the_page(browser, server, tmp_path):
    """The real upload widget: a messy file is fitted with its dropped rows counted; a file over
    the limit is refused by Streamlit in the browser, and says so under its name."""
    messy = tmp_path / "messy.csv"
    rows = "".join(f"{x / 4},{3 * x / 4 + 1}\n" for x in range(1, 31))
    messy.write_text("hours,score\n" + rows + "n/a,3\n2.5,\n")
    big = tmp_path / "big.csv"
    big.write_bytes(b"x,y\n" + b"1,2\n" * 300_000)  # 1.2 MB
    with Tab(browser, f"{server}/empirical-risk?data=line") as t:
        t.page.locator(".st-key-data").click()
        t.page.get_by_role("option", name="upload a CSV…").click()
        t.page.get_by_text("Choose a CSV file of at most 1 MB", exact=False).wait_for()
        t.page.get_by_text("CSV with two columns x, y (at most 1 MB)").wait_for()
        assert "data=upload" in t.page.url and "CSV" not in t.page.url  # the identifier, not the label
        uploader = t.page.get_by_test_id("stFileUploaderDropzoneInput")
        uploader.set_input_files(str(messy))
        t.page.get_by_text("2 rows with a missing, non-numeric or infinite value dropped; 30 rows used.").wait_for()
        t.page.wait_for_selector(f"{APP_IDLE} {VIEWER}")
        # the viewer draws its charts after the app is idle: wait for Plotly to have drawn the data
        t.page.wait_for_function(
            """() => document.querySelector('[data-testid=gdviz-curves]')?._fullData?.some((d) => d.name === 'data')"""
        )
        points = t.js(
            """() => document.querySelector('[data-testid=gdviz-curves]')._fullData
                .find((d) => d.name === 'data')._length"""
        )
        assert points == 30
        assert t.trace_length("gdviz-curves", "fit (full batch)") == 2
        assert t.page.locator(".st-key-data input").input_value() == "upload a CSV…"  # the choice held
        uploader.set_input_files(str(big))
        refused = t.page.locator(".st-key-upload [data-testid=stFileChip][aria-invalid=true]")
        refused.wait_for()
        assert "big.csv" in refused.inner_text()
        note = t.js(
            """() => getComputedStyle(document.querySelector(
                '.st-key-upload [data-testid=stFileChip][aria-invalid=true]'), '::after').content"""
        )
        assert "at most 1 MB" in note  # visible without hovering, as on a phone
        assert t.page.get_by_text("messy — 30 points.", exact=False).count() == 1  # the last good file stays
        assert not t.errors, t.errors


def test_the_scaling_toggles_write_the_link(browser, server):
    with Tab(browser, f"{server}/empirical-risk?data=house_prices") as t:
        t.page.locator(".st-key-center label").click()
        t.redrawn()
        assert "center=true" in t.page.url and "scale=" not in t.page.url
        t.page.locator(".st-key-scale label").click()
        t.redrawn()
        assert "center=true" in t.page.url and "scale=true" in t.page.url
        assert t.page.get_by_text("(x − x̄) / s ◀").count() == 1
        assert not t.errors, t.errors


# ---------------------------------------------------------------------------------------------
# Classroom delivery: two languages, the lesson, presenter mode, links and exports


def test_portuguese_from_the_link_then_english_with_the_same_values(browser, server):
    with Tab(browser, f"{server}/?lang=pt&lr=0.05") as t:
        assert t.page.get_by_role("heading", name="Método do gradiente, passo a passo").count() == 1
        assert t.page.get_by_test_id("gdviz-play").get_attribute("title") == "reproduzir"
        assert t.page.get_by_text("Explorador", exact=True).count() > 0  # the navigation too
        t.page.get_by_text("English", exact=True).click()
        t.page.get_by_role("heading", name="Gradient descent, step by step").wait_for(timeout=15_000)
        t.page.wait_for_selector(APP_IDLE)
        assert t.page.get_by_test_id("gdviz-play").get_attribute("title") == "play"
        assert "lang=" not in t.page.url  # English is the default: the link leaves it out
        assert t.number("lr") == pytest.approx(0.05)
        assert not t.errors, t.errors


def test_each_lesson_step_opens_from_its_link_and_leads_to_the_next(browser, server):
    from gdviz.i18n import set_language
    from gdviz.i18n import t as translate
    from gdviz.lesson import STEPS

    set_language("pt")
    titles = [translate(s.title) for s in STEPS]
    set_language("en")
    for number in (1, 3, 6):
        with Tab(browser, f"{server}/lesson?lang=pt&step={number}") as t:
            heading = f"Etapa {number} de {len(STEPS)}: {titles[number - 1]}"
            assert t.page.get_by_role("heading", name=heading).count() == 1
            assert t.page.locator("[data-testid=stMainBlockContainer] .katex").count() > 0  # the formula
            assert t.page.locator("[data-testid=gdviz-contour] .main-svg").count() > 0  # the live figure
            if number < len(STEPS):
                t.page.get_by_role("button", name="próximo →").click()
                t.page.get_by_role("heading", name=f"Etapa {number + 1} de {len(STEPS)}", exact=False).wait_for()
                t.page.wait_for_function(f"() => location.search.includes('step={number + 1}')")
            assert not t.errors, t.errors


def test_back_and_forward_restore_the_lesson_step(browser, server):
    """Back shows the lesson step it left, its text and its figure: within the lesson, and after a
    visit to another page (Streamlit 1.67 gave a page switch two history entries)."""
    from gdviz.i18n import t as translate
    from gdviz.lesson import STEPS

    def at_step(number: int) -> None:
        step = STEPS[number - 1]
        heading = translate("Step {n} of {last}: {title}", n=number, last=len(STEPS), title=translate(step.title))
        page.get_by_role("heading", name=heading).wait_for(timeout=30_000)
        page.wait_for_function(  # the step's own figure: its path starts at the step's W⁰
            """([x, y]) => {
                const gd = document.querySelector('[data-testid=gdviz-contour]');
                const path = gd && gd.data && gd.data.find((d) => d.name === 'path Wᵗ');
                return path && path.x[0] === x && path.y[0] === y;
            }""",
            arg=list(step.start),
            timeout=30_000,
        )
        page.wait_for_selector(APP_IDLE)
        assert f"step={number}" in page.url

    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{server}/lesson?step=2")
        at_step(2)
        page.get_by_role("button", name="next →").click()
        at_step(3)
        page.go_back()
        at_step(2)
        page.go_forward()
        at_step(3)
        page.locator("[data-testid=stSidebarNav] a").first.click()  # the Explorer
        page.get_by_role("heading", name="Gradient descent, step by step").wait_for()
        page.wait_for_selector(APP_IDLE)
        page.go_back()
        at_step(3)
        page.go_forward()
        page.get_by_role("heading", name="Gradient descent, step by step").wait_for()
        page.wait_for_selector(APP_IDLE)
        page.go_back()
        at_step(3)  # W⁰ again the step's own, not the inputs' minimum
    finally:
        context.close()


def _layout_facts(page) -> dict:  # type: ignore[no-untyped-def]
    return page.evaluate(
        """() => {
            const contour = document.querySelector('[data-testid=gdviz-contour]');
            const path = contour.data.find((d) => d.mode === 'lines+markers');
            const bottom = (sel) => document.querySelector(sel).getBoundingClientRect().bottom;
            return {
                rootFont: parseFloat(getComputedStyle(document.documentElement).fontSize),
                pathWidth: path.line.width,
                figureFont: contour._fullLayout.font.size,
                contourBottom: bottom('[data-testid=gdviz-contour]'),
                playBottom: bottom('[data-testid=gdviz-play]'),
            };
        }"""
    )


def test_presenter_mode_enlarges_and_fits_a_projector(browser, server):
    facts = {}
    for mode in ("", "present=1"):
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        page = context.new_page()
        try:
            page.goto(f"{server}/?{mode}")
            wait_drawn(page)
            facts[mode] = _layout_facts(page)
            steps_visible = page.locator(".st-key-steps input").is_visible()
            facts[mode]["steps_visible"] = steps_visible
        finally:
            context.close()
    normal, present = facts[""], facts["present=1"]
    assert present["rootFont"] > normal["rootFont"]
    assert present["pathWidth"] > normal["pathWidth"]
    assert present["figureFont"] > normal["figureFont"]
    assert normal["steps_visible"] and not present["steps_visible"]  # advanced controls folded away
    assert present["contourBottom"] <= 720 and present["playBottom"] <= 720  # one screen, no scrolling
    assert normal["playBottom"] > 720  # the explanation and full-size charts do not fit there


def test_copy_link_puts_the_current_view_on_the_clipboard(browser, server):
    with Tab(browser, f"{server}/?loss=saddle&lr=0.05") as t:
        t.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
        t.page.get_by_test_id("gdviz-copy-link").click()
        t.page.get_by_text("Link copied", exact=False).wait_for()
        copied = t.js("() => navigator.clipboard.readText()")
        assert copied == t.page.url and "loss=saddle" in copied and "lr=0.05" in copied
        assert not t.errors, t.errors


def test_the_exported_html_works_offline_with_playback(browser, server, tmp_path):
    with Tab(browser, f"{server}/?lang=pt") as t:
        with t.page.expect_download() as download:
            t.page.get_by_role("button", name="baixar esta visualização", exact=False).click()
        saved = tmp_path / "view.html"
        download.value.save_as(saved)
    assert saved.stat().st_size > 1_700_000  # plotly.js (the viewer's partial bundle, 1.75 MB) is inside
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, offline=True)
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(saved.as_uri())
        page.wait_for_selector(f"{VIEWER}[data-rev]", timeout=30_000)
        for plot in ("gdviz-surface", "gdviz-contour", "gdviz-curves"):
            assert page.locator(f"[data-testid={plot}] .main-svg").count() > 0, plot
        assert page.locator("[data-testid=gdviz-surface] canvas").count() > 0
        n = int(page.get_attribute(VIEWER, "data-step"))
        assert n > 10
        assert page.get_by_test_id("gdviz-play").get_attribute("title") == "reproduzir"  # the page's language
        page.get_by_test_id("gdviz-first").click()
        assert page.get_attribute(VIEWER, "data-step") == "0"
        page.get_by_test_id("gdviz-play").click()
        page.wait_for_function(f"() => Number(document.querySelector('{VIEWER}').dataset.step) >= {n}", timeout=20_000)
        assert page.get_by_text("Função de perda: Tigela quadrática", exact=False).count() == 1
        assert all(url.startswith(("file:", "data:", "blob:")) for url in requests), requests
        assert not errors, errors
    finally:
        context.close()


def test_the_chart_toolbar_saves_png_at_twice_the_size(tab, tmp_path):
    contour = tab.page.locator("[data-testid=gdviz-contour]")
    contour.hover()
    size = tab.js("() => document.querySelector('[data-testid=gdviz-contour]')._fullLayout.width")
    with tab.page.expect_download() as download:
        contour.locator("[data-title='Download plot as a PNG']").click()
    saved = tmp_path / "plot.png"
    download.value.save_as(saved)
    header = saved.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(header[16:20], "big")
    assert abs(width - 2 * size) <= 2  # Plotly rounds the plot to whole pixels
    assert download.value.suggested_filename == "gdviz.png"


def test_the_loss_menu_shows_names_and_the_link_keeps_identifiers(browser, server):
    with Tab(browser, f"{server}/?lang=pt&loss=monkey_saddle") as t:
        shown = t.page.locator(".st-key-loss input[role=combobox]")
        assert shown.input_value() == "Sela de macaco"
        t.page.locator(".st-key-loss button[aria-haspopup=listbox]").click()
        t.page.get_by_role("option", name="Vale de Rosenbrock").click()
        t.redrawn()
        assert "loss=rosenbrock" in t.page.url and shown.input_value() == "Vale de Rosenbrock"
        t.page.get_by_role("link", name="Bacias de atração").click()  # another page keeps the choice
        t.page.wait_for_url("**/basins?*loss=rosenbrock*")
        t.page.wait_for_selector(APP_IDLE)
        assert t.page.locator(".st-key-loss input[role=combobox]").input_value() == "Vale de Rosenbrock"
        assert not t.errors, t.errors


def test_a_formula_hint_shows_the_code_as_typed(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.goto(f"{server}/custom?expr=2x%20%2B%20y")
        page.wait_for_selector(APP_IDLE, timeout=30_000)
        alert = page.locator("[data-testid=stAlert]").filter(has_text="missing").first
        alert.wait_for(timeout=30_000)
        assert "write 2*x" in alert.inner_text()  # the * shown, not taken for Markdown emphasis
        assert alert.locator("code", has_text="2*x").count() == 1
    finally:
        context.close()


MAP_ALONE_PROBE = """(() => {
    window.__mapAlone = false;  // a frame showed the map while the 3-D scene had no canvas yet
    const tick = () => {
        const map = document.querySelector('[data-testid=gdviz-contour] .contourlayer path');
        const scene = document.querySelector('[data-testid=gdviz-surface] canvas');
        if (map && !scene) window.__mapAlone = true;
        if (!scene) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
})();"""


def test_the_first_draw_paints_the_map_before_the_3d_scene(browser, server):
    """WebGL makes the scene by far the slowest chart: a student opening a link sees the map first."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(MAP_ALONE_PROBE)
    try:
        page = context.new_page()
        page.goto(server)
        wait_drawn(page)
        assert page.evaluate("window.__mapAlone")
        timing = json.loads(page.get_attribute(VIEWER, "data-timing"))
        assert timing["plotly"] < timing["map"] < timing["drawn"]
        assert page.locator("[data-testid=gdviz-surface] canvas").count() > 0
    finally:
        context.close()
