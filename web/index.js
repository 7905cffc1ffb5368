// The plotly.js the gdviz viewer loads (gdviz/assets/viewer.js): plotly.js's core (which holds
// the scatter trace) and the other trace types the viewer draws. gdviz/figures.py builds the
// viewer's figures; tests/test_export.py checks that this list covers every trace type in them.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/surface'),
    require('plotly.js/lib/scatter3d'),
    require('plotly.js/lib/contour'),
]);

module.exports = Plotly;
