"""The command line: main(argv) in process, as the entry point runs it, and once as users run it
(python -m gdviz in a fresh interpreter)."""

import csv
import io
import itertools
import json
import subprocess
import sys

import numpy as np
import pytest

import gdviz
from gdviz.__main__ import main
from gdviz.data import builtin

pytestmark = pytest.mark.unit


def call(*args):
    """In process: the same main() the entry point runs."""
    out = io.StringIO()
    code = main(list(args), out=out)
    return code, out.getvalue()


def test_run_json_as_a_subprocess():
    args = ["run", "--loss", "rosenbrock", "--start=-1.5,2", "--lr", "0.02", "--steps", "20000", "--opt", "adam"]
    done = subprocess.run([sys.executable, "-m", "gdviz", *args, "--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) >= {"status", "steps", "final", "value", "grad_norm", "message"}
    assert result["status"] == "converged"
    assert np.hypot(result["final"][0] - 1, result["final"][1] - 1) < 1e-3


def test_rosenbrock_gd_gets_within_1e3_of_the_minimum():
    code, out = call("run", "--loss", "rosenbrock", "--start=-1.5,2", "--lr", "0.001", "--steps", "20000", "--json")
    result = json.loads(out)
    assert code == 0
    assert result["distance"] < 1e-3 and result["nearest_minimum"] == [1.0, 1.0]
    # at this α the valley's flat direction (λmin ≈ 0.4) shrinks by 0.9996 a step: ‖∇L‖ is ~1.6e-4
    assert result["status"] == ("converged" if result["grad_norm"] <= 1e-8 else "max_steps")
    code, out = call(
        "run", "--loss", "rosenbrock", "--start=-1.5,2", "--lr", "0.001", "--steps", "20000", "--tol", "3e-4", "--json"
    )
    assert json.loads(out)["status"] == "converged"


def test_json_path_matches_the_library():
    code, out = call(
        "run", "--loss", "himmelblau", "--start", "1,1", "--lr", "0.01", "--steps", "50", "--json", "--path"
    )
    run = gdviz.descend(gdviz.get_loss("himmelblau"), (1, 1), lr=0.01, steps=50)
    assert np.array_equal(np.array(json.loads(out)["path"]), run.path)


def test_csv_rows_are_the_update_rule():
    code, out = call(
        "run", "--loss", "quadratic", "--param", "b=5", "--start", "1,1", "--lr", "0.1", "--steps", "5", "--csv"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 6 and rows[0]["t"] == "0"
    for a, b in itertools.pairwise(rows):
        assert float(b["w1"]) == float(a["w1"]) - 0.1 * float(a["dL/dw1"])
        assert float(b["w2"]) == float(a["w2"]) - 0.1 * float(a["dL/dw2"])


def test_hyperparameters_reach_the_optimizer():
    code, out = call(
        "run",
        "--loss",
        "booth",
        "--start",
        "0,0",
        "--lr",
        "0.01",
        "--opt",
        "adam",
        "--beta1",
        "0.5",
        "--beta2",
        "0.9",
        "--steps",
        "30",
        "--json",
        "--path",
    )
    run = gdviz.descend(gdviz.get_loss("booth"), (0, 0), lr=0.01, optimizer="adam", betas=(0.5, 0.9), steps=30)
    assert np.array_equal(np.array(json.loads(out)["path"]), run.path)


def test_readable_summary():
    code, out = call("run", "--loss", "booth", "--start", "0,0", "--lr", "0.05", "--steps", "1000")
    assert code == 0 and "converged" in out and "nearest known minimum (1, 3)" in out
    # The outcome is said once: the message names it, no "converged: converged after ..." prefix.
    assert out.count("converged") == 1, out


def test_points_json():
    code, out = call("points", "--loss", "saddle", "--json")
    assert json.loads(out) == [{"point": [0.0, 0.0], "value": 0.0, "kind": "saddle", "eigenvalues": [-2.0, 2.0]}]
    code, out = call("points", "--loss", "himmelblau")
    assert out.count("minimum") == 4 and out.count("saddle") == 4 and out.count("maximum") == 1


def test_losses_listing():
    code, out = call("losses", "--json")
    names = [row["name"] for row in json.loads(out)]
    assert names == list(gdviz.LOSSES)
    code, out = call("losses")
    assert len(out.strip().splitlines()) == len(names)


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["run", "--loss", "nope", "--start", "1,1", "--lr", "1"], "invalid choice"),
        (["run", "--loss", "saddle", "--start", "1,nan", "--lr", "1"], "finite"),
        (["run", "--loss", "saddle", "--start", "1", "--lr", "1"], "X,Y"),
        (["run", "--loss", "saddle", "--start", "1,1", "--lr", "0"], "> 0"),
        (["run", "--loss", "saddle", "--start", "1,1", "--lr", "-1e-3"], "> 0"),
        (["run", "--loss", "saddle", "--start", "1,1", "--lr", "abc"], "not a number"),
        (["run", "--loss", "saddle", "--start", "1,1", "--lr", "1", "--steps", "-5"], "≥ 0"),
        (["run", "--loss", "saddle", "--start", "1,1", "--lr", "1", "--momentum", "0.9"], "no hyperparameter"),
        (["run", "--loss", "quadratic", "--param", "zz=1", "--start", "1,1", "--lr", "1"], "no parameter"),
        (["run", "--loss", "quadratic", "--param", "b", "--start", "1,1", "--lr", "1"], "k=v"),
        (["points"], "required"),
        (["dance"], "invalid choice"),
    ],
)
def test_bad_arguments_give_one_line_and_status_2(args, fragment, capsys):
    code, out = call(*args)  # an exception would end the test here: no traceback reaches the user
    err = capsys.readouterr()
    assert code == 2 and out == "" and err.out == ""
    assert len(err.err.strip().splitlines()) == 1 and fragment in err.err, err.err


def test_console_script_is_installed():
    from pathlib import Path
    from shutil import which

    script = Path(sys.executable).with_name("gdviz")
    assert script.exists() or which("gdviz"), "pip install -e . installs the gdviz command"


def test_a_built_in_data_set_is_named_by_its_name_and_must_match_the_model(capsys):
    assert main(["run", "--data", "line", "--model", "linear", "--start", "0,0", "--lr", "0.1", "--json"]) == 0
    fit = json.loads(capsys.readouterr().out)
    data = builtin("line")
    np.testing.assert_allclose(fit["final"], np.polyfit(data.x, data.y, 1), atol=1e-7)
    assert main(["run", "--data", "line", "--model", "logistic", "--start", "0,0", "--lr", "0.1"]) == 2
    assert "for --model linear" in capsys.readouterr().err
