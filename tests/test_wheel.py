"""The wheel built from the repository works on its own: in a fresh venv, outside the checkout, without Streamlit."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from gdviz.data import BUILTINS, builtin, risk
from gdviz.descent import descend
from gdviz.export import plotly_js

pytestmark = pytest.mark.deploy

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "gdviz")
"""What the build reads. It runs on a copy, so its build/ and egg-info stay out of the checkout."""

PROBE = """
import importlib.util, json
import gdviz.data, gdviz.export
print(json.dumps({
    "streamlit": importlib.util.find_spec("streamlit") is not None,
    "datasets": str(gdviz.data.DATASETS_DIR),
    "plotly_js": str(gdviz.export.plotly_js()),
}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built without isolation by the test's own setuptools (requirements-dev.txt)."""
    tmp = tmp_path_factory.mktemp("wheel")
    for name in SOURCES:
        origin, target = ROOT / name, tmp / "src" / name
        if origin.is_dir():
            shutil.copytree(origin, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, target)
    build = [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", tmp / "dist"]
    subprocess.run([*build, tmp / "src"], check=True, timeout=120)
    (built,) = (tmp / "dist").glob("gdviz-*.whl")
    return built


def test_the_wheel_carries_the_data_sets_the_viewer_and_plotly_js(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert {f"gdviz/datasets/{name}.csv" for name in BUILTINS} <= names
        assert {"gdviz/assets/viewer.js", "gdviz/assets/viewer.css", "gdviz/assets/plotly.min.js"} <= names
        assert archive.read("gdviz/assets/plotly.min.js") == plotly_js().read_bytes()  # the committed bundle
        assert "gdviz/assets/plotly.min.js.LICENSE.txt" in names


def test_the_wheel_installed_in_a_fresh_venv_fits_a_data_set_from_the_command_line(wheel: Path, tmp_path: Path) -> None:
    venv, elsewhere = tmp_path / "venv", tmp_path / "elsewhere"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=60)
    python = venv / "bin" / "python"
    pins = tmp_path / "pins.txt"  # requirements.txt's versions: the ones tested together, likely in pip's cache
    pinned = [line for line in (ROOT / "requirements.txt").read_text().splitlines() if "==" in line]
    pins.write_text("\n".join(pinned))
    subprocess.run([python, "-m", "pip", "install", "-q", "-c", pins, wheel], check=True, timeout=180)
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}

    def run(*args: str) -> str:
        done = subprocess.run([python, *args], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout

    probe = json.loads(run("-c", PROBE))
    assert not probe["streamlit"]  # the library and its command line do without the app's dependency
    assert Path(probe["datasets"]).is_relative_to(venv) and Path(probe["plotly_js"]).is_relative_to(venv)
    assert "run" in run("-m", "gdviz", "--help")

    args = ["--model", "linear", "--start", "0,0", "--lr", "0.1", "--steps", "1000", "--tol", "1e-8", "--json"]
    result = json.loads(run("-m", "gdviz", "run", "--data", "line", *args))  # a built-in set, by its name
    assert json.loads(run("-m", "gdviz", "run", "--data", f"{probe['datasets']}/line.csv", *args)) == result
    data = builtin("line")
    expected = descend(risk(data, "linear"), (0.0, 0.0), lr=0.1, steps=1000, tol=1e-8)
    assert result["status"] == expected.status == "converged"
    assert result["steps"] == expected.steps
    np.testing.assert_allclose(result["final"], expected.final, rtol=1e-12)
    np.testing.assert_allclose(result["final"], np.polyfit(data.x, data.y, 1), atol=1e-7)  # the least-squares line
