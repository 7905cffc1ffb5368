import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, one per test module (the browser tests)."""
    from playwright.sync_api import sync_playwright
    from support import launch

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(browser):
    """The app on the real Streamlit server, one per test module; its base URL."""
    from support import app_server

    with app_server() as url:
        yield url
