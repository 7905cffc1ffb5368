"""The link's fields and the losses' presets (gdviz.app.fields, which imports no Streamlit)."""

import numpy as np
import pytest

import gdviz
from gdviz import i18n
from gdviz.app import fields

pytestmark = pytest.mark.unit


def test_link_warnings_name_the_key_and_the_default():
    messages = fields.link_warnings({"lr": "zero", "steps": "10", "x0": "1e9", "unrelated": "x"})
    assert len(messages) == 2
    assert "`lr=zero`" in messages[0] and "not a number" in messages[0]
    assert "`x0=1e9`" in messages[1] and "outside" in messages[1]
    # the link's text is shown as typed, in a code span: no bold, no LaTeX from a crafted link
    assert "`lr=**5** $x$`" in fields.link_warnings({"lr": "**5** $x$"})[0]
    assert fields.link_warnings({"loss": "x" * 500})[0].count("x") < 60  # long junk is cut short


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_a_toggles_default_in_a_link_warning_is_written_as_the_link_writes_it(lang):
    """Not Python's False/True (English on a Portuguese page) nor None: `false` as in the link."""
    toggles = [f for f in fields.FIELDS.values() if isinstance(f.default, bool)]
    assert {"log", "budget", "center", "scale", "view_auto", "present"} <= {f.key for f in toggles}
    i18n.set_language(lang)
    try:
        for f in toggles:
            [message] = fields.link_warnings({f.key: "maybe"})
            assert f"`{str(f.default).lower()}`" in message, message
            assert "False" not in message and "True" not in message, message
        [message] = fields.link_warnings({"sp_lr": "fast"})  # no default number: α from the curvature
        assert "None" not in message and "`" + "`" not in message.replace("`sp_lr=fast`", ""), message
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize("name", sorted(gdviz.LOSSES))
def test_every_preset_starts_in_view_and_converges_with_alpha_below_two_over_lambda_max(name):
    """What choosing a loss (or a link that names only the loss) shows: W⁰ inside the view, gd from
    the preset converges within the preset's steps, and the stability gauge is green there
    (α·λmax(W⁰) < 2)."""
    preset, loss = fields.PRESETS[name], gdviz.get_loss(name)
    (x0, x1), (y0, y1) = loss.bounds
    assert x0 <= preset.start[0] <= x1 and y0 <= preset.start[1] <= y1
    theory = gdviz.step_size_theory(loss, preset.start)
    assert theory.lr_max is not None and preset.lr * theory.eigenvalues[1] < 2, theory
    run = gdviz.descend(loss, preset.start, lr=preset.lr, steps=preset.steps, tol=preset.tol)
    assert run.status == "converged", run.message
    # …and below 2 at every point the run visits, so the gauge, which reads the path, is green
    along = [preset.lr * gdviz.step_size_theory(loss, tuple(w)).eigenvalues[1] for w in run.path]
    assert max(along) < 2, (max(along), int(np.argmax(along)))


def test_the_network_pages_defaults_are_the_librarys():
    """The page opens on what gdviz.network (and the command line) call the default."""
    from gdviz import network

    f = fields.FIELDS
    page = {k: f[key].default for k, key in [("data", "ndata"), ("hidden", "hidden"), ("activation", "act")]}
    page |= {"optimizer": f["nopt"].default, "lr": f["nlr"].default, "epochs": f["nepochs"].default}
    page |= {"plane": f["plane"].default, "grid": f["ngrid"].default}
    assert page == network.DEFAULTS
    assert fields.NETWORK_LR[network.DEFAULTS["optimizer"]] == network.DEFAULTS["lr"]
    assert set(fields.NETWORK_LR) == set(gdviz.optimizers.OPTIMIZERS)
