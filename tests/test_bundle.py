"""The viewer's plotly.js: a partial bundle of the trace types the viewer draws, built from the npm
registry by web/build.sh and committed in gdviz/assets with its licences.

CI may have no Node, so the committed file is checked without it (its recorded SHA-256, the
plotly.js version of web/package-lock.json, the trace types it registers); the rebuild, byte for
byte, runs wherever npm is installed.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from support import open_page, viewer_data

from gdviz.export import plotly_js

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
BUNDLE = plotly_js()
LICENCE = BUNDLE.with_name("plotly.min.js.LICENSE.txt")
RECIPE = ("package.json", "package-lock.json", "index.js", "build.mjs", "build.sh")
"""What web/build.sh reads: the rebuild runs on a copy of these, outside the checkout."""

VIEWER_PAGES = [
    "pages/explorer.py",
    "pages/lesson.py",
    "pages/custom_loss.py",
    "pages/learning_rate.py",
    "pages/optimizers.py",
    "pages/stationary_points.py",
    "pages/empirical_risk.py",
]


def plotly_version() -> str:
    lock = json.loads((WEB / "package-lock.json").read_text())
    return lock["packages"]["node_modules/plotly.js"]["version"]


def bundled_traces() -> set[str]:
    """The trace types the committed bundle registers, as its first line names them."""
    first = BUNDLE.read_text(encoding="utf-8").split("\n", 1)[0]
    found = re.fullmatch(r"/\* plotly\.js v(\S+), partial bundle for gdviz \(web/\), traces: ([\w, ]+)\. .*\*/", first)
    assert found, first
    assert found[1] == plotly_version()
    return set(found[2].split(", "))


@pytest.mark.unit
def test_the_committed_bundle_is_what_the_build_wrote() -> None:
    data = BUNDLE.read_bytes()
    recorded = BUNDLE.with_name("plotly.min.js.sha256").read_text().split()[0]
    assert hashlib.sha256(data).hexdigest() == recorded  # not edited by hand: rebuild with web/build.sh
    assert len(data) < 2_000_000  # a partial bundle, not plotly's full 4.6 MB plotly.min.js
    assert bundled_traces() >= {"scatter", "contour"}
    licence = LICENCE.read_text(encoding="utf-8")
    assert licence.startswith(f"plotly.js v{plotly_version()} (MIT)\n") and "Permission is hereby granted" in licence


@pytest.mark.app
@pytest.mark.parametrize("page", VIEWER_PAGES)
def test_the_bundle_draws_every_trace_type_the_viewer_is_sent(page: str) -> None:
    """plotly.js skips a trace of a type it does not know, without an error: checked here instead.
    The HTML export embeds the same bundle and the same figures."""
    payload = viewer_data(open_page(page))
    figures = [payload[name] for name in ("surface", "contour", "curves") if payload[name]]
    sent = {item["t"]["type"] for fig in figures for item in fig["traces"]}
    assert {"surface", "contour"} <= sent  # the page did send its figures
    assert sent <= bundled_traces()


@pytest.mark.deploy
@pytest.mark.skipif(shutil.which("npm") is None, reason="the rebuild needs Node and npm")
def test_the_bundle_rebuilds_from_the_registry_byte_for_byte(tmp_path: Path) -> None:
    for name in RECIPE:
        shutil.copy2(WEB / name, tmp_path / name)
    out = tmp_path / "out"
    out.mkdir()
    subprocess.run(["bash", tmp_path / "build.sh", out], check=True, timeout=600, capture_output=True)
    for name in ("plotly.min.js", "plotly.min.js.LICENSE.txt", "plotly.min.js.sha256"):
        assert (out / name).read_bytes() == BUNDLE.with_name(name).read_bytes(), name
