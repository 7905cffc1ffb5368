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


def test_train_json_is_the_library_s_training():
    from gdviz import network as nw

    code, out = call("train", "--data", "moons", "--hidden", "8", "--epochs", "200", "--json")
    result = json.loads(out)
    moons = nw.task("moons")
    run = nw.train(nw.network_for(moons, 8, "tanh"), moons, "gd", nw.DEFAULTS["lr"], 200)
    assert code == 0 and "landscape" not in result
    assert result["loss"] == run.loss and result["accuracy"] == run.accuracy and result["status"] == run.status
    assert result["message"] == run.message and result["epochs"] == 200 and result["size"] == 33


def test_train_with_a_plane_adds_the_landscape():
    code, out = call(
        "train", "--hidden", "4", "--opt", "adam", "--lr", "0.05", "--epochs", "60", "--plane", "pca", "--grid", "21"
    )
    assert code == 0 and "pca plane, 21 × 21: PC1 (" in out and "accuracy" in out
    code, out = call(
        "train", "--hidden", "4", "--optimizer", "adam", "--lr", "0.05", "--epochs", "60", "--plane", "pca", "--json"
    )
    land = json.loads(out)["landscape"]
    assert np.array(land["values"]).shape == (41, 41) and len(land["a"]) == len(land["b"]) == 41
    assert np.array(land["path"]).shape == (61, 2) and land["labels"][0].startswith("PC1")
    assert 0 < land["explained"][1] <= land["explained"][0] <= 1


def test_train_reads_a_csv_path_and_passes_the_options_on(tmp_path):
    from gdviz import network as nw

    path = tmp_path / "steps.csv"
    path.write_text("x,y\n" + "\n".join(f"{x},{int(x > 0.5)}" for x in np.linspace(0, 1, 40)))
    args = ["--hidden", "3", "--activation", "relu", "--opt", "momentum", "--momentum", "0.5", "--lr", "0.3"]
    code, out = call("train", "--data", str(path), *args, "--epochs", "9", "--batch", "10", "--seed", "4", "--json")
    result = json.loads(out)
    data = nw.task_from_csv(path.read_bytes(), "steps")
    run = nw.train(nw.network_for(data, 3, "relu"), data, "momentum", 0.3, 9, 10, 4, momentum=0.5)
    assert code == 0 and result["data"] == "steps" and result["kind"] == "classification"
    assert result["loss"] == run.loss and result["network"] == "1-3-1"


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["train", "--hidden", "0"], "from 1 to 32"),
        (["train", "--hidden", "33"], "from 1 to 32"),
        (["train", "--hidden", "two"], "not a whole number"),
        (["train", "--activation", "softmax"], "invalid choice"),
        (["train", "--data", "mnist"], "cannot read mnist"),
        (["train", "--lr", "nan"], "finite"),
        (["train", "--epochs", "5000"], "from 0 to 2,000"),
        (["train", "--batch", "0"], "batch size"),
        (["train", "--opt", "adam", "--momentum", "0.9"], "no hyperparameter"),
        (["train", "--plane", "hessian"], "invalid choice"),
        (["train", "--plane", "pca", "--grid", "500"], "from 3 to 81"),
    ],
)
def test_train_refuses_bad_arguments_in_one_line(args, fragment, capsys):
    code, out = call(*args)
    err = capsys.readouterr()
    assert code == 2 and out == ""
    assert len(err.err.strip().splitlines()) == 1 and fragment in err.err, err.err


def test_train_refuses_a_bad_csv_in_one_line(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\xff\xfe not text")
    assert main(["train", "--data", str(path)]) == 2
    assert "not text" in capsys.readouterr().err


def test_a_reader_that_leaves_early_gets_no_traceback() -> None:
    # `gdviz train … --json | head -c 10`: the pipe closes while the landscape is still being written
    command = f"{sys.executable} -m gdviz train --data moons --epochs 5 --plane pca --grid 81 --json | head -c 10"
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=120)
    assert done.stdout == '{"data": "'
    assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr
