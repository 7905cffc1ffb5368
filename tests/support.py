"""What the tests share: the app under AppTest (``open_page``, ``viewer_data``), and the real app in
a real browser (start `streamlit run app.py` on a free port, drive Chromium; the browser
benchmarks in bench/ use these too).

Streamlit is imported inside ``open_page`` only: a unit-only run, whose test modules import this
one, never imports it (tests/conftest.py checks).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("GDVIZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--use-gl=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
APP_IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
VIEWER = "[data-testid=gdviz-viewer]"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def app_server(port: int | None = None, timeout: float = 60.0, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """Run the app with the real Streamlit server; yield its base URL."""
    with app_process(port, timeout, env) as (url, _):
        yield url


@contextlib.contextmanager
def app_process(
    port: int | None = None, timeout: float = 60.0, env: Mapping[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run the app with the real Streamlit server; yield its base URL and its process. ``env`` is
    added to this process's environment (``{"GDVIZ_REDIS_URL": url}``: replicas sharing polls)."""
    port = port or free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
    ]
    logs = ROOT / ".pytest_cache"
    logs.mkdir(exist_ok=True)
    with open(logs / f"streamlit-{port}.log", "w") as log:
        environ = {**os.environ, **(env or {})}
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=environ)
        for url in _serve(proc, port, timeout):
            yield url, proc


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float) -> None:
    """Wait until ``url``/_stcore/health answers 200 (fail if ``proc`` ends or time runs out)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"no healthy server at {url} (exit code {proc.poll()})")
        time.sleep(0.2)


def _serve(proc: subprocess.Popen, port: int, timeout: float) -> Iterator[str]:
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, timeout)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def launch(playwright):  # type: ignore[no-untyped-def]
    """Debian's Chromium, headless, rendering WebGL with SwiftShader."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def wait_drawn(page, rev: str | None = None, timeout: float = 30_000) -> str:  # type: ignore[no-untyped-def]
    """Wait until the script is idle and the viewer has drawn a revision other than ``rev``."""
    page.wait_for_selector(APP_IDLE, timeout=timeout)
    page.wait_for_function(
        """(old) => {
            const v = document.querySelector('[data-testid=gdviz-viewer]');
            return v && v.dataset.rev && v.dataset.rev !== old;
        }""",
        arg=rev or "",
        timeout=timeout,
    )
    page.wait_for_selector(APP_IDLE, timeout=timeout)
    return page.get_attribute(VIEWER, "data-rev")


PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
LAPTOP = {"viewport": {"width": 1440, "height": 900}}
PROJECTOR = {"viewport": {"width": 1280, "height": 720}}


@contextlib.contextmanager
def opened(browser, url: str, device: dict, timeout: float = 90_000) -> Iterator:  # type: ignore[no-untyped-def]
    """A fresh browser context on ``url`` once the viewer has drawn; fails on a page error."""
    context = browser.new_context(**device)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(url)
        wait_drawn(page, timeout=timeout)
        yield page
        assert not errors, errors
    finally:
        context.close()


def box(page, selector: str) -> dict:  # type: ignore[no-untyped-def]
    """An element's box in page coordinates (Streamlit scrolls its main section, not the window)."""
    return page.evaluate(
        """(sel) => {
            const r = document.querySelector(sel).getBoundingClientRect();
            const top = r.top + document.querySelector('[data-testid=stMain]').scrollTop;
            return {top, bottom: top + r.height, left: r.left, right: r.right, height: r.height};
        }""",
        selector,
    )


def open_menu(page, key: str, name: str):  # type: ignore[no-untyped-def]
    """Open the selectbox ``key`` and return its option ``name`` (a substring of the label shown).
    The first click after a page has drawn may only focus the menu: it clicks again until the
    options show."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    option = page.get_by_role("option", name=name, exact=False)
    for _ in range(5):
        page.locator(f".st-key-{key} input").click()
        try:
            option.wait_for(timeout=2_000)
            return option
        except PlaywrightTimeout:  # not open yet
            page.keyboard.press("Escape")
    raise AssertionError(f"the menu {key} did not open")


def wait_sidebar_settled(page, timeout: float = 30_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until the sidebar's height holds still. The script is idle (``APP_IDLE``) before the
    browser has drawn every widget: the sidebar grows for a second or so, and a popover opened
    meanwhile stays where its button was (a click on the "Poll the class" popover's button then
    finds it off the screen)."""
    page.wait_for_function(
        """() => {
            const s = document.querySelector('[data-testid=stSidebarContent]');
            if (!s) return false;
            const last = window.__gdvizSidebar;
            window.__gdvizSidebar = s.scrollHeight;
            return last === s.scrollHeight;
        }""",
        polling=400,
        timeout=timeout,
    )


def lr_slider(page):  # type: ignore[no-untyped-def]
    """The thumb of the log-scale α slider (keyboard: arrows move one stop)."""
    return page.locator("[data-testid=stSidebar] [data-testid=stSlider] input[type=range]").first


def open_page(
    page: str | None = None, *, alone: bool = False, state: Mapping[str, object] | None = None, **link: object
) -> AppTest:
    """The app under AppTest, run once as a link opens it; fails on a traceback.

    ``page`` (``"pages/basins.py"``) is shown inside app.py, the frame every visit runs (navigation,
    language switch, values kept across pages); the Explorer when None. With ``alone`` the page's
    script runs by itself, as AppTest can. ``link`` is the query string (a list repeats a key) and
    ``state`` goes into st.session_state first: a page run alone reads its language from there.
    Streamlit is imported here, not at the top: the unit tests never import it.
    """
    from streamlit.testing.v1 import AppTest

    script = ROOT / page if alone and page else ROOT / "app.py"
    at = AppTest.from_file(str(script), default_timeout=60)
    for key, value in (state or {}).items():
        at.session_state[key] = value
    for key, value in link.items():
        at.query_params[key] = value
    if page and not alone:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def viewer_data(at: AppTest) -> dict | None:
    """What the page's figure viewer hands the browser (its figures, JSON sent as bytes), or None
    when the page drew no viewer."""
    import json

    found = [e for e in at.main if getattr(e, "type", None) == "bidi_component"]
    assert len(found) <= 1, f"{len(found)} viewers on one page"
    if not found:
        return None
    payload = json.loads(found[0].proto.bytes.decode())
    return {**payload, **payload.pop("meta")}


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SHIPPED_NGINX = ROOT / "deploy" / "nginx" / "gdviz.conf"


def nginx_config(tmp: Path, port: int, replicas: list[str]) -> Path:
    """A main nginx.conf around the shipped deploy/nginx/gdviz.conf. Only three things differ
    from a deployment: the listening address, the replica list, and where nginx keeps its files."""
    shipped = SHIPPED_NGINX.read_text()
    assert shipped.count("listen 80;") == 1 and shipped.count("include /etc/nginx/gdviz-replicas.conf;") == 1
    (tmp / "replicas.conf").write_text("".join(f"server {r} max_fails=3 fail_timeout=10s;\n" for r in replicas))
    site = shipped.replace("listen 80;", f"listen 127.0.0.1:{port};").replace(
        "include /etc/nginx/gdviz-replicas.conf;", f"include {tmp / 'replicas.conf'};"
    )
    (tmp / "gdviz.conf").write_text(site)
    temp = "".join(f"{k}_temp_path {tmp / k};\n" for k in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    main = tmp / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 1;\npid {tmp / 'nginx.pid'};\nerror_log {tmp / 'error.log'} warn;\n"
        + "events { worker_connections 4096; }\n"
        + f"http {{\naccess_log {tmp / 'access.log'};\n{temp}include {tmp / 'gdviz.conf'};\n}}\n"
    )
    return main


@contextlib.contextmanager
def nginx_proxy(tmp: Path, replicas: list[str], timeout: float = 30.0) -> Iterator[str]:
    """Debian's nginx with the shipped configuration in front of ``replicas``; yield its URL."""
    port = free_port()
    config = nginx_config(tmp, port, [r.removeprefix("http://") for r in replicas])
    subprocess.run([NGINX, "-t", "-c", str(config), "-p", str(tmp)], check=True, capture_output=True)
    proc = subprocess.Popen([NGINX, "-c", str(config), "-p", str(tmp), "-g", "daemon off;"])
    yield from _serve(proc, port, timeout)


REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


@contextlib.contextmanager
def redis_server(*settings: str, cwd: Path | None = None, timeout: float = 10.0) -> Iterator[str]:
    """Debian's redis-server on a free port, nothing written to disk; yield its URL
    (redis://127.0.0.1:port/0). The class poll's tests, browser tests and bench use it.
    ``settings`` replace the default ``--save "" --appendonly no`` (the port and address stay)."""
    port = free_port()
    settings = settings or ("--save", "", "--appendonly", "no")
    proc = subprocess.Popen(
        [REDIS_SERVER, *settings, "--port", str(port), "--bind", "127.0.0.1"],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + timeout
        while not _redis_pong(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not answer on port {port} (exit code {proc.poll()})")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def _redis_pong(port: int) -> bool:
    """Whether a Redis on ``port`` answers PING (its own protocol, no client library needed)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(64).startswith(b"+PONG")
    except OSError:
        return False
