#!/usr/bin/env bash
# Rebuild gdviz/assets/plotly.min.js (the viewer's partial plotly.js bundle), its SHA-256 and its
# licences from the npm registry: the exact versions in package-lock.json, then esbuild.
# Usage: bash web/build.sh [OUTDIR]     (default gdviz/assets; needs Node and npm)
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
node build.mjs "$@"
