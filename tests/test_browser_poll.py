"""A class poll end to end: a real redis-server, two app replicas sharing it behind Debian's nginx
(deploy/nginx/gdviz.conf as shipped), the teacher in one Chromium context at a projector's
1280×720 in presenter mode, five students on phones (390×844, touch) in others, spread over both
replicas. The teacher's live histogram fills without a reload; reveal plays the run on every
screen; a student's link cannot reveal or close; hostile inputs are refused and the poll is
unharmed; a closed poll says so.

The screenshots land in .pytest_cache/ (poll-teacher.png, poll-student-phone.png,
poll-student-phone-pt.png, poll-reveal.png): docs/'s come from there.
"""

from __future__ import annotations

import contextlib
import math
import time
import urllib.request

import pytest
from support import APP_IDLE, ROOT, VIEWER, app_server, nginx_proxy, redis_server, wait_sidebar_settled

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PROJECTOR = {"viewport": {"width": 1280, "height": 720}}
# what five students answer (the labels of the default options, in the page's language)
ANSWERS = [
    ("zig-zags", "en"),
    ("converges smoothly", "en"),
    ("zig-zags", "en"),
    ("ziguezagueia", "pt"),
    ("diverges", "en"),
]
EXPECTED = [1, 3, 1, 0]  # converges, zig-zags, diverges, converges to a saddle
SHOTS = ROOT / ".pytest_cache"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Redis, two replicas with GDVIZ_REDIS_URL, nginx in front; yields (proxy URL, Redis URL, replicas)."""
    with contextlib.ExitStack() as stack:
        redis = stack.enter_context(redis_server())
        replicas = [stack.enter_context(app_server(env={"GDVIZ_REDIS_URL": redis})) for _ in range(2)]
        url = stack.enter_context(nginx_proxy(tmp_path_factory.mktemp("nginx"), replicas))
        yield url, redis, [r.removeprefix("http://") for r in replicas]


def route_keys(url: str, replicas: list[str]) -> dict[str, list[str]]:
    """Routing-cookie values that nginx's consistent hash sends to each replica (asked of nginx)."""
    keys: dict[str, list[str]] = {r: [] for r in replicas}
    for i in range(200):
        key = f"poll-test-{i}"
        request = urllib.request.Request(f"{url}/_stcore/health", headers={"Cookie": f"gdviz_route={key}"})
        with urllib.request.urlopen(request, timeout=10) as r:
            keys[r.headers["X-Gdviz-Upstream"]].append(key)
        if all(len(v) >= 4 for v in keys.values()):
            break
    assert all(len(v) >= 4 for v in keys.values()), keys
    return keys


def new_page(browser, url: str, route: str, errors: list[str], **options):  # type: ignore[no-untyped-def]
    context = browser.new_context(**options)
    context.add_cookies([{"name": "gdviz_route", "value": route, "url": url}])
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page


def tally(page) -> list[int]:  # type: ignore[no-untyped-def]
    """The bars of the teacher's histogram, as plotly.js drew them."""
    return page.evaluate(
        "() => Array.from(document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot').data[0].x)"
    )


@pytest.mark.timeout(300)
def test_a_class_answers_a_poll_across_two_replicas(browser, cluster) -> None:
    from gdviz import descend, get_loss
    from gdviz.poll import CHOICES, MAX_ANSWER_CHARS, PollError
    from gdviz.poll_redis import RedisStore

    url, redis, replicas = cluster
    keys = route_keys(url, replicas)
    errors: list[str] = []

    # The teacher projects the Explorer at α = 0.19 (it zig-zags) and polls the class.
    teacher = new_page(browser, url, keys[replicas[0]][0], errors, **PROJECTOR)
    teacher.goto(f"{url}/?present=1&lr=0.19")
    teacher.wait_for_selector(APP_IDLE, timeout=60_000)
    wait_sidebar_settled(teacher)
    teacher.get_by_role("button", name="📊 Poll the class").click()
    teacher.get_by_role("button", name="Create the poll").click()
    teacher.wait_for_url("**/poll?code=*", timeout=30_000)
    teacher.wait_for_selector("[data-testid=gdviz-poll-count]", timeout=30_000)
    code = teacher.url.split("code=")[1].split("&")[0]
    assert "token" not in teacher.url  # the projected address bar holds no teacher's token
    join = teacher.get_by_text(f"/poll?code={code}").first.inner_text().strip()
    assert join == f"{url}/poll?code={code}"  # the address the browser used: through the proxy
    assert teacher.locator("[data-testid=stImage] img, [data-testid=stImage] svg").count() == 1  # the QR code
    # the code as large as its column allows, never cut (a sidebar left open narrows the column)
    assert teacher.evaluate(
        "() => { const c = document.querySelector('.gdviz-code');"
        " return c.scrollWidth <= c.parentElement.clientWidth && parseFloat(getComputedStyle(c).fontSize) >= 30; }"
    )
    # a reload is a new session: the teacher's controls stay (this browser's cookie), still no token shown
    teacher.reload()
    teacher.get_by_role("button", name="Reveal").wait_for(timeout=30_000)
    assert "token" not in teacher.url
    teacher.get_by_text("teacher's link (keep it private)").click()
    private = teacher.locator("[data-testid=stCode] code").inner_text().strip()
    assert private.startswith(f"{join}&token=") and RedisStore(redis).teacher(code, private.split("token=")[1])
    teacher.get_by_text("teacher's link (keep it private)").click()  # folded again before the class looks
    teacher.mouse.move(640, 710)  # the pointer off the controls (no hover colour in the screenshot)
    teacher.evaluate("() => { window.__sameDocument = true; }")  # gone if the page ever reloads

    # Five students, alternately on each replica, tap their answers on phones.
    students = []
    for i, (label, lang) in enumerate(ANSWERS):
        route = keys[replicas[i % 2]][1 + i // 2]
        page = new_page(browser, url, route, errors, **PHONE)
        if lang == "pt":  # this one types the code off the screen, as read aloud: lower case, a space
            page.goto(f"{url}/poll?lang=pt")
            page.wait_for_selector(APP_IDLE, timeout=60_000)
            field = page.get_by_label("o código na tela do professor")
            field.fill(f"{code[:4].lower()} {code[4:].lower()}")
            field.press("Enter")
            page.wait_for_url(f"**/poll?*code={code}*", timeout=30_000)
        else:
            page.goto(join)
        page.wait_for_selector(APP_IDLE, timeout=60_000)
        page.get_by_role("button", name=label, exact=True).tap()
        page.wait_for_selector("[data-testid=stAlertContentSuccess]", timeout=30_000)
        students.append(page)
    phone = students[0]
    assert "Your answer: zig-zags" in phone.get_by_test_id("stAlertContentSuccess").inner_text()
    assert "Sua resposta: ziguezagueia" in students[3].get_by_test_id("stAlertContentSuccess").inner_text()

    # The teacher's screen fills in by itself.
    teacher.wait_for_function(
        "() => document.querySelector('[data-testid=gdviz-poll-count]').innerText.trim() === '5 answers'",
        timeout=15_000,
    )
    teacher.wait_for_function(
        "(want) => { const p = document.querySelector('[data-testid=stPlotlyChart] .js-plotly-plot');"
        " return p && p.data && JSON.stringify(Array.from(p.data[0].x)) === JSON.stringify(want); }",
        arg=EXPECTED,
        timeout=15_000,
    )
    assert teacher.evaluate("() => window.__sameDocument === true")
    time.sleep(1.0)
    teacher.screenshot(path=str(SHOTS / "poll-teacher.png"))
    phone.screenshot(path=str(SHOTS / "poll-student-phone.png"))
    students[3].screenshot(path=str(SHOTS / "poll-student-phone-pt.png"))

    # A student's link cannot reveal or close; a forged token is told so.
    assert phone.get_by_role("button", name="Reveal").count() == 0
    assert phone.get_by_role("button", name="Close poll").count() == 0
    copied = students[2]  # the projected address bar's link, copied: no controls in it
    copied.goto(teacher.url)
    copied.wait_for_selector(APP_IDLE, timeout=30_000)
    copied.get_by_role("button", name="zig-zags", exact=True).wait_for(timeout=30_000)
    assert copied.get_by_role("button", name="Reveal").count() == 0
    forged = students[1]
    forged.goto(f"{join}&token=forged-{'x' * 30}")
    forged.wait_for_selector(APP_IDLE, timeout=30_000)
    assert forged.get_by_text("Only the teacher's link can reveal or close this poll.").count() == 1
    assert forged.get_by_role("button", name="Reveal").count() == 0

    # Hostile inputs, straight at the store the replicas share, and through a page.
    store = RedisStore(redis)
    for value in ("x" * (MAX_ANSWER_CHARS + 1), "x" * 1_000_000, ["zigzag"] * 3, {"$ne": 1}, "ZIGZAG"):
        with pytest.raises(PollError) as refused:
            store.answer(code, "hostile", value)
        assert refused.value.reason == "invalid"
    for fake in ("ZZZZZZZZ", "<script>", "x" * 10_000, code[:-1]):
        with pytest.raises(PollError) as refused:
            store.answer(fake, "hostile", "zigzag")
        assert refused.value.reason == "unknown"
    before = store.version(code)
    for i in range(1000):  # one session hammering: its one answer replaced, never added
        store.answer(code, "one-session", CHOICES[i % 4])
    assert len(store.answers(code)) == 6 and store.answers(code)["one-session"] == CHOICES[999 % 4]
    assert store.version(code) - before <= 1000
    for _ in range(3):  # and a phone tapping back and forth
        for label in ("diverges", "zig-zags"):
            phone.get_by_role("button", name=label, exact=True).tap()
            phone.wait_for_selector(f"text=Your answer: {label} —", timeout=15_000)
    assert len(store.answers(code)) == 6
    assert store.tally(code) == dict(zip(CHOICES, [EXPECTED[0], EXPECTED[1], EXPECTED[2], 0 + 1]))
    teacher.wait_for_function(
        "() => document.querySelector('[data-testid=gdviz-poll-count]').innerText.trim() === '6 answers'",
        timeout=15_000,
    )
    with pytest.raises(PollError) as refused:
        store.reveal(code, "forged-token")
    assert refused.value.reason == "forbidden" and store.get(code).state == "open"

    # Reveal: the run plays on the teacher's map; the phones follow without a reload.
    teacher.evaluate(
        f"""() => {{
            window.__steps = [];
            const v = document.querySelector('{VIEWER}');
            new MutationObserver(() => window.__steps.push(Number(v.dataset.step)))
                .observe(v, {{ attributes: true, attributeFilter: ['data-step'] }});
        }}"""
    )
    teacher.get_by_role("button", name="Reveal").click()
    teacher.wait_for_selector("text=zig-zags to the minimum", timeout=15_000)
    last = descend(get_loss("quadratic"), (-2.5, 2.0), lr=0.19, steps=300).steps  # the whole run plays
    teacher.wait_for_function(f"() => window.__steps.includes({last})", timeout=20_000)
    steps = teacher.evaluate("() => window.__steps")
    assert steps[0] == 0 and len({s for s in steps if 0 < s < last}) >= 5, steps  # frame by frame from W⁰
    for page in (phone, students[2]):
        page.wait_for_selector("text=The answer", timeout=15_000)
        page.wait_for_selector("text=zig-zags to the minimum", timeout=15_000)
    assert tally(teacher) == [EXPECTED[0], EXPECTED[1], EXPECTED[2], 1]

    # Close: no more answers, and a code that is closed says so.
    teacher.get_by_role("button", name="Close poll").click()
    teacher.wait_for_selector("text=This poll is closed: it takes no more answers.", timeout=15_000)
    with pytest.raises(PollError) as refused:
        store.answer(code, "late", "zigzag")
    assert refused.value.reason == "closed"
    late = students[4]
    late.goto(join)
    late.wait_for_selector(APP_IDLE, timeout=30_000)
    assert late.get_by_text("This poll is closed: it takes no more answers.").count() >= 1
    assert late.get_by_role("button", name="converges smoothly", exact=True).count() == 0
    assert not errors, errors


@pytest.mark.timeout(180)
def test_a_tap_on_the_phones_map_is_a_guess_of_w1(browser, cluster) -> None:
    from gdviz import descend, get_loss
    from gdviz.poll_redis import RedisStore

    url, redis, replicas = cluster
    keys = route_keys(url, replicas)
    store = RedisStore(redis)
    p, token = store.create("point", "/?loss=quadratic&lr=0.1&x0=-2.5&y0=2", bounds=((-3, 3), (-3, 3)))
    errors: list[str] = []
    phone = new_page(browser, url, keys[replicas[1]][0], errors, **PHONE)
    phone.goto(f"{url}/poll?code={p.code}")
    phone.wait_for_selector(APP_IDLE, timeout=60_000)
    phone.wait_for_selector("[data-testid=gdviz-contour] .nsewdrag", timeout=30_000)
    area = phone.locator("[data-testid=gdviz-contour] .nsewdrag").first.bounding_box()
    # a first guess in the map's upper left quarter, then a change of mind: the middle of the
    # plotting area, W = (0, 0) on this square view; the second replaces the first
    phone.touchscreen.tap(area["x"] + area["width"] / 4, area["y"] + area["height"] / 4)
    phone.wait_for_selector("text=Your answer: W¹ ≈ (-1.", timeout=15_000)
    phone.wait_for_selector(APP_IDLE, timeout=15_000)
    area = phone.locator("[data-testid=gdviz-contour] .nsewdrag").first.bounding_box()  # the words above it changed
    phone.touchscreen.tap(area["x"] + area["width"] / 2, area["y"] + area["height"] / 2)
    phone.wait_for_selector("text=Your answer: W¹ ≈ (-1.", state="detached", timeout=15_000)
    phone.wait_for_selector("text=Your answer: W¹ ≈", timeout=15_000)
    (guess,) = store.answers(p.code).values()
    assert abs(guess[0]) < 0.1 and abs(guess[1]) < 0.1, guess
    # no hint on the phone before the reveal: W⁰ and the map, no −∇L(W⁰) arrow, no path
    drawn = phone.evaluate(
        "() => document.querySelector('[data-testid=gdviz-contour]')._fullData"
        ".filter((t) => t.visible !== false).map((t) => [t.name, t.x ? t.x.length : 0])"
    )
    assert not [n for n, _ in drawn if n.startswith("−∇L")] and dict(drawn)["path Wᵗ"] == 1, drawn
    # the rest of the class, straight into the store the replicas share
    others = [(-2.0, 0.4), (-2.5, -0.35), (-1.75, -0.2), (-2.3, 0.9)]
    for i, point in enumerate(others):
        store.answer(p.code, f"student-{i}", point)
    teacher = new_page(browser, url, keys[replicas[0]][0], errors, **PROJECTOR)
    teacher.goto(f"{url}/poll?code={p.code}&token={token}&present=1")
    teacher.wait_for_selector("[data-testid=gdviz-poll-count]", timeout=60_000)
    teacher.wait_for_function(  # the guess on the teacher's map (plotly's own record of what it drew)
        "() => { const m = document.querySelector('[data-testid=gdviz-contour]');"
        ' const t = m && m._fullData && m._fullData.find((t) => t.name === "the class\'s guesses of W¹");'
        " return t && t.x.length === 5; }",
        timeout=20_000,
    )
    teacher.get_by_role("button", name="Reveal").click()
    # W¹ = (−2.5, 2) − 0.1·(−2.5, 20) = (−2.25, 0): the phone's guess near (0, 0) is about 2.25 away
    teacher.wait_for_selector("text=(-2.5, 2) − 0.1·(-2.5, 20) = (-2.25, 0)", timeout=15_000)
    away = sorted(math.dist(g, (-2.25, 0.0)) for g in [guess, *others])
    assert away[-1] == math.dist(guess, (-2.25, 0.0))  # the phone's guess, the farthest
    median = away[2]
    teacher.wait_for_selector(f"text=median distance to W¹ {median:.3g}, closest {away[0]:.3g}", timeout=15_000)
    phone.wait_for_selector(f"text=Your guess was {away[-1]:.3g} away: #5 of 5", timeout=15_000)
    # the true W¹ on the teacher's map among the class's five points, where the run's first step went
    w1 = teacher.evaluate(
        "() => { const m = document.querySelector('[data-testid=gdviz-contour]');"
        " const t = m._fullData.find((t) => t.name === 'W¹, where the first step lands');"
        ' return [t.x[0], t.y[0], m._fullData.find((t) => t.name === "the class\'s guesses of W¹").x.length]; }'
    )
    assert w1 == pytest.approx([-2.25, 0.0, 5])
    last = descend(get_loss("quadratic"), (-2.5, 2.0), lr=0.1, steps=300).steps
    teacher.wait_for_function(  # the run played to its end: the screenshot shows the whole path
        f"() => document.querySelector('{VIEWER}').dataset.step === '{last}'", timeout=30_000
    )
    teacher.screenshot(path=str(SHOTS / "poll-reveal.png"))
    assert not errors, errors


@pytest.mark.timeout(180)
def test_a_deep_link_opened_first_on_a_freshly_started_server(browser, cluster) -> None:
    from gdviz.poll_redis import RedisStore

    _, redis, _ = cluster
    store = RedisStore(redis)
    p, token = store.create("choice", "/?loss=quadratic&lr=0.2&x0=-2.5&y0=2", lang="pt")
    errors: list[str] = []
    with app_server(env={"GDVIZ_REDIS_URL": redis}) as fresh:  # nothing opened on it yet
        phone = new_page(browser, fresh, "any", errors, **PHONE)
        phone.goto(f"{fresh}/poll?code={p.code}")  # the first request this server ever serves
        phone.get_by_role("button", name="ziguezagueia", exact=True).tap()  # the poll's own language
        phone.wait_for_selector("text=Sua resposta: ziguezagueia", timeout=30_000)
        assert "lang=pt" in phone.url and store.tally(p.code)["zigzag"] == 1
    with app_server(env={"GDVIZ_REDIS_URL": redis}) as fresh:  # the teacher's link first, this time
        teacher = new_page(browser, fresh, "any", errors, **PROJECTOR)
        teacher.goto(f"{fresh}/poll?code={p.code}&token={token}&present=1")
        teacher.wait_for_selector("[data-testid=gdviz-poll-count]", timeout=60_000)
        teacher.wait_for_function("() => !location.search.includes('token')", timeout=15_000)
        time.sleep(2.5)  # the live results have redrawn themselves (a fragment's rerun): still in Portuguese
        assert teacher.get_by_test_id("gdviz-poll-count").inner_text().strip() == "1 resposta"
        assert teacher.get_by_text("Entre com o código").count() == 1 and teacher.get_by_text("Join at").count() == 0
        teacher.get_by_role("button", name="Revelar").click()
        # α·λmax = 2: gd bounces between two points for ever; the reveal says so, not "to the minimum"
        teacher.wait_for_selector("text=ziguezagueia para sempre entre dois pontos", timeout=30_000)
    assert store.get(p.code).state == "revealed"
    assert not errors, errors
