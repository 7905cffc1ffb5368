// Build the plotly.js the gdviz viewer loads: plotly.js's core and the trace types the viewer
// draws (index.js), bundled and minified by esbuild the way plotly.js builds its own dist files
// (its esbuild-config.js: an IIFE defining the global `Plotly`, the same aliases and defines).
//
//   node build.mjs [OUTDIR]     (default ../gdviz/assets; run by build.sh after `npm ci`)
//
// Writes OUTDIR/plotly.min.js, its SHA-256 (plotly.min.js.sha256, which tests/test_bundle.py checks
// the committed file against) and plotly.min.js.LICENSE.txt: plotly.js's licence, then the name,
// version and licence of every other npm package the bundle holds code from.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const outdir = resolve(process.argv[2] || join(here, "..", "gdviz", "assets"));
const plotly = JSON.parse(readFileSync(join(here, "node_modules", "plotly.js", "package.json"), "utf8"));
// the trace types index.js registers (scatter is in plotly.js's core), named in the bundle's first
// line, where tests/test_bundle.py reads them
const traces = ["scatter", ...[...readFileSync(join(here, "index.js"), "utf8").matchAll(/require\('plotly\.js\/lib\/(\w+)'\)/g)]
  .map((m) => m[1]).filter((name) => name !== "core")];

// plotly.js requires maplibre-gl's stylesheet when a map trace registers; the viewer registers
// none, so the stylesheet is left out rather than written beside the bundle.
const noMapStyles = {
  name: "no-map-styles",
  setup(build) {
    build.onResolve({ filter: /^maplibre-gl\/dist\/maplibre-gl\.css$/ }, (args) => ({ path: args.path, namespace: "empty" }));
    build.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "", loader: "js" }));
  },
};

const result = await esbuild.build({
  entryPoints: [join(here, "index.js")],
  absWorkingDir: here,
  format: "iife",
  globalName: "Plotly",
  bundle: true,
  minify: true,
  write: false,
  metafile: true,
  legalComments: "none", // the licences go to plotly.min.js.LICENSE.txt, in full
  banner: {
    js: `/* plotly.js v${plotly.version}, partial bundle for gdviz (web/), traces: ${traces.join(", ")}. ` +
      "MIT licence; with the packages it bundles: plotly.min.js.LICENSE.txt */",
  },
  plugins: [noMapStyles],
  alias: { regl: "@plotly/regl", stream: "stream-browserify" },
  define: { global: "window", "define.amd": "false" },
  target: "es2016",
  outfile: join(outdir, "plotly.min.js"),
  logLevel: "warning",
});

if (result.outputFiles.length !== 1) {
  throw new Error(`expected one file, got ${result.outputFiles.map((f) => f.path).join(", ")}`);
}
const js = result.outputFiles[0].contents;
writeFileSync(join(outdir, "plotly.min.js"), js);
writeFileSync(join(outdir, "plotly.min.js.sha256"), createHash("sha256").update(js).digest("hex") + "  plotly.min.js\n");

// every npm package with code in the bundle, by the package.json nearest to each input file
const packages = new Map();
for (const input of Object.keys(Object.values(result.metafile.outputs)[0].inputs)) {
  let dir = dirname(resolve(here, input));
  while (dir.startsWith(join(here, "node_modules")) && !existsSync(join(dir, "package.json"))) dir = dirname(dir);
  if (!dir.startsWith(join(here, "node_modules"))) continue;
  let meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  while (!meta.name || !meta.version) {  // a nested package.json that only sets "type" or "main"
    dir = dirname(dir);
    meta = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  }
  packages.set(`${meta.name}@${meta.version}`, { dir, meta });
}
const licenceText = (dir) => {
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
  return file ? readFileSync(join(dir, file), "utf8").trim() : null;
};
// plotly.js ships the 3-D traces' stack.gl packages prebuilt (stackgl_modules/index.js): named here
// from its stackgl_modules/package.json, since npm installs none of them
const stackgl = JSON.parse(readFileSync(join(here, "node_modules", "plotly.js", "stackgl_modules", "package.json"), "utf8"));
const parts = [
  `plotly.js v${plotly.version} (${plotly.license})\n\n${licenceText(join(here, "node_modules", "plotly.js"))}`,
  "plotly.js's stackgl_modules/index.js, in this bundle, is its own build of these packages " +
    "(stackgl_modules/package.json; each under its own licence):\n" +
    Object.entries(stackgl.dependencies).map(([name, version]) => `  ${name} ${version}`).join("\n"),
  "The bundle also holds code from the following npm packages; their licences follow.",
];
for (const [id, { dir, meta }] of [...packages].sort()) {
  if (meta.name === "plotly.js") continue;
  const text = licenceText(dir);
  parts.push(`${id} (${meta.license || "see its package"})` + (text ? `\n\n${text}` : ""));
}
writeFileSync(join(outdir, "plotly.min.js.LICENSE.txt"), parts.join("\n\n" + "-".repeat(72) + "\n\n") + "\n");
console.log(`${join(outdir, "plotly.min.js")}: ${js.length} bytes, ${packages.size} npm packages`);
