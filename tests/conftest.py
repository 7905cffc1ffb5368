"""Every test belongs to one tier, named by its marker (registered in pyproject.toml):

- ``unit``: the library alone, no Streamlit imported, no browser (``pytest -m unit``, seconds);
- ``app``: the Streamlit app, under streamlit.testing's AppTest (or calling its Streamlit modules);
- ``browser``: the real app in headless Chromium;
- ``deploy``: the Dockerfile, the production settings, nginx in front of replicas.
"""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TIERS = ("unit", "app", "browser", "deploy")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Refuse the run when a test has no tier or two, before ``-m`` deselects anything: a test
    without one would silently drop out of every tiered run."""
    wrong = []
    for item in items:
        tiers = sorted({m.name for m in item.iter_markers() if m.name in TIERS})
        if len(tiers) != 1:
            wrong.append(f"  {item.nodeid}: {' and '.join(tiers) or 'no tier'}")
    if wrong:
        raise pytest.UsageError(f"each test needs exactly one tier of {', '.join(TIERS)}:\n" + "\n".join(wrong))


@pytest.fixture(scope="session", autouse=True)
def unit_runs_without_streamlit(request: pytest.FixtureRequest):
    """A run of unit tests only must not import Streamlit: neither a unit test nor, at collection,
    any test module at its top (AppTest and gdviz.app's Streamlit modules are imported inside the
    app tests)."""
    yield
    items = request.session.items
    if items and all(item.get_closest_marker("unit") for item in items):
        loaded = sorted(name for name in sys.modules if name == "streamlit" or name.startswith("streamlit."))
        assert not loaded, f"a unit-only run imported Streamlit ({len(loaded)} modules, e.g. {loaded[:3]})"


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
