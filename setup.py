"""The one build step pyproject.toml cannot declare: the wheel carries plotly.js for the viewer.

The viewer loads gdviz/assets/plotly.min.js. Git does not keep it (the plotly package ships it),
so a wheel's build writes it from the plotly present at build time ([build-system] requires), and
the installed app never writes into its own package. An editable install skips this step:
gdviz.export.plotly_js() copies the file into the checkout on first use.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithPlotly(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        from plotly.offline import get_plotlyjs  # only a wheel's build needs plotly

        target = Path(self.build_lib, "gdviz", "assets", "plotly.min.js")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(get_plotlyjs().encode("utf-8"))


setup(cmdclass={"build_py": BuildPyWithPlotly})
