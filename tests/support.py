"""The real app in a real browser: start `streamlit run app.py` on a free port, drive Chromium.

Shared by the browser tests (tests/test_browser.py) and the browser benchmarks (bench/browser.py).
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

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
def app_server(port: int | None = None, timeout: float = 60.0) -> Iterator[str]:
    """Run the app with the real Streamlit server; yield its base URL."""
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
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        yield from _serve(proc, port, timeout)


def _serve(proc: subprocess.Popen, port: int, timeout: float) -> Iterator[str]:
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not become healthy on port {port}")
            time.sleep(0.2)
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


def lr_slider(page):  # type: ignore[no-untyped-def]
    """The thumb of the log-scale α slider (keyboard: arrows move one stop)."""
    return page.locator("[data-testid=stSidebar] [data-testid=stSlider] input[type=range]").first


def viewer_payload(element) -> dict:  # type: ignore[no-untyped-def]
    """What an AppTest viewer element hands the browser: the figures (JSON text sent as bytes)."""
    import json

    payload = json.loads(element.proto.bytes.decode())
    return {**payload, **payload.pop("meta")}
