"""The current figures as one HTML file that works offline: plotly.js, the viewer and the data inside.

The file runs the app's own viewer (``gdviz/assets/viewer.js``) on the figures' JSON, so the 3-D
view, the map, the curves and playback behave as in the app, with no server and no network.
"""

from __future__ import annotations

import html
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from plotly.offline import get_plotlyjs

ASSETS = Path(__file__).with_name("assets")

_ENTRY = "export default function mount("


def plotly_js() -> Path:
    """plotly.js beside viewer.js: the viewer loads it from there and the export embeds it.

    A wheel carries it (setup.py writes it at build time). Git does not keep it, since the plotly
    package ships it, so a source checkout copies it from plotly on first use. A file already there
    is never rewritten: an installed package's directory may not be writable by the app.
    """
    target = ASSETS / "plotly.min.js"
    if not target.exists():
        fd, tmp = tempfile.mkstemp(dir=ASSETS, suffix=".tmp")  # then renamed: no reader sees half a file
        with os.fdopen(fd, "wb") as out:
            out.write(get_plotlyjs().encode("utf-8"))
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a server running as another user must read it
        os.replace(tmp, target)
    return target


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
