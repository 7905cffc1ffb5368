"""The figures as the viewer receives them: JSON for the browser, and one HTML file that works offline.

``pack`` writes a figure as the app's viewer takes it over the websocket (each trace once, by
hash); ``export_html`` puts the same figures, plotly.js and the viewer into one page.

The file runs the app's own viewer (``gdviz/assets/viewer.js``) on the figures' JSON, so the 3-D
view, the map, the curves and playback behave as in the app, with no server and no network.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from _plotly_utils.utils import to_typed_array_spec

from .i18n import language, t
from .losses import SPECS, Loss
from .runs import Run

ASSETS = Path(__file__).with_name("assets")

_ENTRY = "export default function mount("


def plotly_js() -> Path:
    """plotly.js beside viewer.js: the viewer loads it from there and the export embeds it.

    Not plotly's full plotly.min.js (4.6 MB) but a partial bundle of the trace types the viewer
    draws (1.7 MB, a third of it to parse before the first chart), committed with its licences
    and rebuilt from the npm registry by ``web/build.sh``.
    """
    return ASSETS / "plotly.min.js"


def _script_text(text: str) -> str:
    """Text that can sit inside <script>…</script> (a "</script" in it would end the element)."""
    return text.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def standalone_html(payload: dict[str, Any], title: str, lines: list[str], lang: str = "en") -> str:
    """One self-contained page: a heading, a few lines about the view, and the live figures.

    Args:
        payload: what the viewer draws: {"surface", "contour", "curves", …meta}, every trace in
            full (no references to traces a browser already holds).
        title: the page's heading.
        lines: plain-text lines under it (the loss, W⁰, α, how the run ended).
        lang: the document's language code.
    """
    viewer = (ASSETS / "viewer.js").read_text(encoding="utf-8")
    if viewer.count(_ENTRY) != 1:
        raise RuntimeError("viewer.js no longer exports mount(); the export cannot start it")
    viewer = viewer.replace(_ENTRY, "function mount(")
    data = json.dumps({**payload, "clickable": False}, separators=(",", ":"))
    about = "".join(f"<p>{html.escape(line)}</p>" for line in lines)
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1.2rem 2rem; color: #31333f; }}
h1 {{ font-size: 1.6rem; margin: 0 0 0.4rem; }}
p {{ margin: 0.15rem 0; }}
#gdviz {{ margin-top: 1rem; }}
{(ASSETS / "viewer.css").read_text(encoding="utf-8")}
</style>
<script>{_script_text(plotly_js().read_text(encoding="utf-8"))}</script>
</head>
<body>
<h1>{html.escape(title)}</h1>
{about}
<div id="gdviz"></div>
<script type="module">
{_script_text(viewer)}
const root = document.getElementById("gdviz");
root.style.setProperty("--gdv-height", "520px");
mount({{ parentElement: root, data: {_script_text(data)}, setTriggerValue: () => {{}} }});
</script>
</body>
</html>
"""


def _plotly_value(o: Any) -> Any:
    """JSON for numpy values as Plotly sends them: arrays as base64 typed arrays (Plotly's own
    conversion, which also narrows 64-bit integers that plotly.js cannot read)."""
    if isinstance(o, np.ndarray):
        spec = to_typed_array_spec(o)
        return spec if isinstance(spec, dict) else np.asarray(spec).tolist()
    if isinstance(o, np.generic):
        return o.item()
    if hasattr(o, "to_plotly_json"):
        return o.to_plotly_json()
    raise TypeError(f"not JSON serializable: {type(o).__name__}")


def _json(part: Any) -> str:
    return json.dumps(part, default=_plotly_value, separators=(",", ":"))


_STATIC_JSON: OrderedDict[str, str] = OrderedDict()


def _trace_json(trace: Mapping[str, Any]) -> str:
    """A trace as JSON; a trace named by ``figures.static_uid`` is encoded once per name."""
    uid = trace.get("uid")
    if not uid:
        return _json(trace)
    text = _STATIC_JSON.get(uid)
    if text is None:
        text = _STATIC_JSON[uid] = _json(trace)
        while len(_STATIC_JSON) > 256:
            _STATIC_JSON.popitem(last=False)
    return text


def pack(fig: Any, known: set[str], sent: set[str]) -> tuple[str, str]:
    """The figure for the browser as JSON text: each trace once, as {h, t}; one the browser
    already holds as {ref: h}; the template likewise.

    Reads the figure's own dicts (``_data``, ``_layout``) instead of ``to_plotly_json()``, which
    deep-copies every array first; tests/test_app.py checks the result against ``pio.to_json``.
    Returns the text and the figure's identity (its layout and its traces' hashes).
    """
    if fig is None:
        return "null", ""
    hashes: list[str] = []

    def item(text: str) -> str:
        h = hashlib.blake2b(text.encode(), digest_size=10).hexdigest()
        sent.add(h)
        hashes.append(h)
        return f'{{"ref":"{h}"}}' if h in known else f'{{"h":"{h}","t":{text}}}'

    layout = dict(fig._layout)
    template = layout.pop("template", None)
    layout_text = _json(layout)
    parts = [f'"layout":{layout_text}', f'"traces":[{",".join(item(_trace_json(trace)) for trace in fig._data)}]']
    if template is not None:  # the same few kB in every figure: sent once too
        parts.append(f'"template":{item(_json(template))}')
    return "{" + ",".join(parts) + "}", layout_text + ",".join(hashes)


def about_runs(loss: Loss, runs: Sequence[Run], labels: Sequence[str] = ()) -> list[str]:
    """Plain lines that say what a view shows: the loss, then each run's start, α and outcome."""
    name = t(loss.title) if loss.name in SPECS else loss.title
    lines = [t("Loss: {name}", name=name)]
    for i, run in enumerate(runs):
        label = f"{labels[i]}: " if i < len(labels) else ""
        w0 = run.path[0]
        lines.append(
            label
            + t(
                "W⁰ = ({x:.4g}, {y:.4g}), α = {lr:g}, {optimizer}; {outcome}.",
                x=w0[0],
                y=w0[1],
                lr=run.lr,
                optimizer=run.optimizer,
                outcome=run.message,
            )
        )
    return lines


def export_html(figs: Sequence[Any], meta: dict[str, Any], about: Sequence[str]) -> str:
    """The figures as a standalone page (every trace in full, none by reference)."""
    surface, contour, curves = (json.loads(pack(f, set(), set())[0]) for f in figs)
    payload = {"surface": surface, "contour": contour, "curves": curves, **meta}
    title = t("gdviz — gradient descent")
    return standalone_html(payload, title, list(about), language())
