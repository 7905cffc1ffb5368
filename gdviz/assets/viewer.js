// gdviz viewer: the 3-D view and the contour map side by side, with playback, kept alive in the
// browser between reruns. Python sends the figures (Plotly JSON); this file only draws them:
// Plotly.react updates the existing WebGL scene in place, so a new α redraws the path without
// re-creating the chart, and `uirevision` keeps a camera the user has rotated. Playback restyles
// the traces marked meta.play, frame by frame, with no server round trip.

const PLOTLY_URL = new URL("./plotly.min.js", import.meta.url).href;
let plotlyReady = null;

function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!plotlyReady) {
    plotlyReady = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = PLOTLY_URL;
      // Streamlit's start-up queues dozens of small chunks on the browser's few connections:
      // plotly.js, the longest to parse, goes first.
      script.fetchPriority = "high";
      script.onload = () => resolve(window.Plotly);
      script.onerror = () => {
        plotlyReady = null;
        reject(new Error("could not load plotly.js from " + script.src));
      };
      document.head.appendChild(script);
    });
  }
  return plotlyReady;
}

const TYPED = { f4: Float32Array, f8: Float64Array, i1: Int8Array, u1: Uint8Array, i2: Int16Array,
  u2: Uint16Array, i4: Int32Array, u4: Uint32Array };

// Plotly's JSON sends numpy arrays as {dtype, bdata}; playback needs them as arrays to slice.
function decode(v) {
  if (!v || typeof v !== "object" || !("bdata" in v)) return v;
  const bin = atob(v.bdata);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new TYPED[v.dtype](bytes.buffer);
}

const started = performance.now();
// English until Python sends the page's words (meta.labels)
const LABELS = { first: "first step", back: "previous step", play: "play", pause: "pause", next: "next step",
  last: "last step", step: "step t", speed: "playback speed", hint: "click the map to start there",
  touch: "two fingers turn or move a view",
  error: "The figures could not be drawn:", outside: "outside the view", alpha: "learning rate α", point: "Wᵗ",
  release: "updates on release", drag: "drag W⁰ to watch the path follow" };

function relabel(state, labels) {
  state.labels = { ...LABELS, ...(labels || {}) };
  for (const [k, b] of Object.entries(state.buttons)) {
    const text = k === "play" && state.timer ? state.labels.pause : state.labels[k];
    b.title = text;
    b.setAttribute("aria-label", text);
  }
  state.slider.setAttribute("aria-label", state.labels.step);
  state.speed.setAttribute("aria-label", state.labels.speed);
  state.speed.title = state.labels.speed;
  // on a touch screen the bar also says how to turn the 3-D view (one finger scrolls the page)
  const touch = window.matchMedia("(pointer: coarse)").matches;
  state.hint.textContent = touch ? `${state.labels.hint} · ${state.labels.touch}` : state.labels.hint;
  state.hint.title = state.labels.drag;
}
const CONFIG = {
  responsive: true,
  displaylogo: false,
  showSendToCloud: false,  // "Share chart" uploads to Plotly's cloud: the app works offline
  toImageButtonOptions: { format: "png", scale: 2, filename: "gdviz" },
  modeBarButtonsToRemove: ["select2d", "lasso2d"],  // the app does nothing with a selection
};

// The toolbar's titles in the page's language: Python sends the dictionary (plotly's Python
// package ships no locales), registered under the page's language code.
function setLocale(Plotly, code, words) {
  if (!words || !Object.keys(words).length) {
    delete CONFIG.locale;
    return;
  }
  Plotly.register({ moduleType: "locale", name: code, dictionary: words });
  CONFIG.locale = code;
}

// A coordinate as the axes write it: 4 significant digits, exponent notation when tiny or huge,
// a true minus sign.
function num(v) {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "NaN" : v > 0 ? "∞" : "−∞";
  const a = Math.abs(v);
  const text = a !== 0 && (a < 1e-3 || a >= 1e5)
    ? v.toExponential(3).replace(/\.?0+e/, "e").replace("e+", "e")
    : v.toPrecision(4).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
  return text.replace(/-/g, "−");
}

function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

function build(root) {
  const box = el("div", { class: "gdv", "data-testid": "gdviz-viewer" });
  const plots = el("div", { class: "gdv-plots" });
  const surface = el("div", { class: "gdv-plot", "data-testid": "gdviz-surface" });
  const contour = el("div", { class: "gdv-plot gdv-map", "data-testid": "gdviz-contour" });
  plots.append(surface, contour);
  const curves = el("div", { class: "gdv-curves", "data-testid": "gdviz-curves", hidden: "" });
  const bar = el("div", { class: "gdv-bar", role: "toolbar", "aria-label": "playback" });
  // titles and labels: relabel(), in the page's language
  const button = (label, id) => el("button", { type: "button", "data-testid": id }, label);
  const first = button("«", "gdviz-first");
  const back = button("‹", "gdviz-back");
  const play = button("▶", "gdviz-play");
  const fwd = button("›", "gdviz-next");
  const last = button("»", "gdviz-last");
  const slider = el("input", { type: "range", min: "0", max: "0", step: "1", value: "0", "data-testid": "gdviz-step" });
  const speed = el("select");
  for (const [v, label] of [["0.25", "¼×"], ["1", "1×"], ["4", "4×"]]) {
    const opt = el("option", { value: v }, label);
    if (v === "1") opt.selected = true;
    speed.append(opt);
  }
  const label = el("span", { class: "gdv-label", "data-testid": "gdviz-label" });
  const hint = el("span", { class: "gdv-hint" });
  bar.append(first, back, play, fwd, last, slider, speed, label, hint);
  box.append(plots, bar, curves);
  root.append(box);

  const state = { box, surface, contour, curves, play, slider, label, speed, hint, n: 0, t: 0, timer: null,
    buttons: { first, back, play, next: fwd, last }, labels: { ...LABELS },
    tracks: [], rev: null, setTrigger: null, clickable: false, cache: new Map(), pending: null, drawing: false };
  const stop = () => {
    state.timer = null;
    play.textContent = "▶";
    play.title = state.labels.play;
  };
  const go = (t) => show(state, Math.max(0, Math.min(state.n, t)));
  first.onclick = () => { stop(); go(0); };
  back.onclick = () => { stop(); go(state.t - 1); };
  fwd.onclick = () => { stop(); go(state.t + 1); };
  last.onclick = () => { stop(); go(state.n); };
  slider.oninput = () => { stop(); go(Number(slider.value)); };
  play.onclick = () => {
    if (state.timer) return stop();
    if (state.t >= state.n) go(0);
    play.textContent = "❙❙";
    play.title = state.labels.pause;
    // Time-based: the whole run takes about 6 s at 1× (at least 4 steps a second), however
    // long a frame takes to draw; a slow machine shows fewer frames, not a slower lesson.
    const token = (state.timer = {});
    const t0 = state.t, start = performance.now();
    const rate = Math.max(state.n / 6, 4) * Number(speed.value);
    const tick = () => {
      if (state.timer !== token) return;
      const t = Math.min(state.n, t0 + Math.floor(((performance.now() - start) / 1000) * rate));
      if (t !== state.t) go(t);
      if (t >= state.n) return stop();
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
  state.stop = stop;
  // Plotly's "responsive" follows the window only; the columns can change width on their own
  // (the sidebar opening, Streamlit settling its layout), so follow the plots' own boxes.
  let pending = false;
  const watcher = new ResizeObserver(() => {
    if (pending || !window.Plotly) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      for (const div of [surface, contour, curves]) {
        // only a real change of width: a spurious resize would forget the user's camera
        if (div._fullLayout && div.offsetWidth && Math.abs(div._fullLayout.width - div.offsetWidth) > 1) {
          window.Plotly.Plots.resize(div);
        }
      }
    });
  });
  for (const div of [surface, contour, curves]) watcher.observe(div);
  wheelZoomsWhenAimed(surface);
  for (const div of [surface, contour, curves]) twoFingersToMove(div);
  return state;
}

// The map's legend goes under it, below "w1" (Plotly takes its height from the plot): the map's
// box grows by the legend's height, so that a long legend (many runs, a phone) leaves the map its size.
function fitLegend(div) {
  const legend = div._fullLayout && div._fullLayout.showlegend && div._fullLayout.legend;
  const px = `${Math.ceil((legend && legend._height) || 0)}px`;
  if (div.style.getPropertyValue("--gdv-legend") === px) return;
  div.style.setProperty("--gdv-legend", px);
  window.Plotly.Plots.resize(div);
}

// On a phone the two views fill the screen: one finger scrolls the page over them (and a tap
// still clicks: the map sets W⁰), two fingers turn the 3-D view or move a chart. Plotly would
// otherwise take every touch on them and the page could not be scrolled past them.
function twoFingersToMove(div) {
  const oneFinger = (ev) => { if (ev.touches.length < 2) ev.stopPropagation(); };
  for (const type of ["touchstart", "touchmove"]) div.addEventListener(type, oneFinger, { capture: true });
}

// The wheel over the 3-D view zooms it once the user has put the pointer there (moved or
// clicked on it). A page scrolled by the wheel that brings the view under a still pointer keeps
// scrolling: the scene does not catch a teacher on the way down to the curves. Ctrl+wheel (a
// trackpad's pinch) always zooms.
function wheelZoomsWhenAimed(surface) {
  let aimed = false, last = null;
  const aim = (ev) => { aimed = surface.contains(ev.target); };
  document.addEventListener("pointermove", (ev) => {
    // the page sliding under a still pointer may send a move at the same place: not an aim
    const moved = !last || ev.clientX !== last[0] || ev.clientY !== last[1];
    last = [ev.clientX, ev.clientY];
    if (moved) aim(ev);
  }, { passive: true });
  document.addEventListener("pointerdown", aim, { passive: true });
  document.addEventListener("scroll", () => { aimed = false; }, { capture: true, passive: true });
  // before the scene's own listener: not passed on, the wheel does what it does on the page
  surface.addEventListener("wheel", (ev) => { if (!aimed && !ev.ctrlKey) ev.stopPropagation(); }, { capture: true });
}

// Remember the full per-step arrays of the traces that playback animates. A trace marked
// "at" shows one point of a path (the "prefix" trace with one point per step before it).
function tracks(fig) {
  const out = [];
  // the view's box: an "at" point outside it is drawn pinned at its edge
  const L = fig.layout, sc = L.scene;
  const range = sc ? [sc.xaxis, sc.yaxis, sc.zaxis].map((a) => a && a.range) : [L.xaxis, L.yaxis].map((a) => a && a.range);
  fig.data.forEach((trace, i) => {
    const play = trace.meta && trace.meta.play;
    if (!play) return;
    for (const k of ["x", "y", "z"]) if (k in trace) trace[k] = decode(trace[k]);
    const m = trace.meta;
    out.push({ i, play, part: m.part, per: m.per || 1, windows: m.windows || 1, range, x: trace.x, y: trace.y, z: trace.z });
  });
  return out;
}

// whether point j of an "at" track lies outside the view (its x and y)
function outside(track, j) {
  return [track.x, track.y].some((a, k) => {
    const r = track.range[k];
    return r && !(a[j] >= Math.min(...r) && a[j] <= Math.max(...r));
  });
}

function frame(track, t, n) {
  if (track.play === "at") {
    // the whole run's Wᵗ; one that left the view (the path is cut there) pinned at its edge
    const j = Math.min(t, track.x.length - 1);
    const pin = (a, k) => {
      if (!a) return a;
      const r = track.range[k];
      return [r ? Math.min(Math.max(a[j], Math.min(...r)), Math.max(...r)) : a[j]];
    };
    return { x: pin(track.x, 0), y: pin(track.y, 1), z: pin(track.z, 2) };
  }
  const cut = (a) => {
    if (!a) return a;
    if (track.play === "window") {  // one of `windows` fits, spread evenly over the steps
      const j = n > 0 ? Math.round((t * (track.windows - 1)) / n) : 0;
      return a.slice(j * track.per, (j + 1) * track.per);
    }
    return a.slice(0, Math.min((t + 1) * track.per, a.length));
  };
  return { x: cut(track.x), y: cut(track.y), z: cut(track.z) };
}

// Python sends each trace once: a trace the browser already holds comes as {ref: hash}.
function resolve(item, cache) {
  if ("t" in item) {
    const play = item.t.meta && item.t.meta.play;
    if (play) for (const k of ["x", "y", "z"]) if (k in item.t) item.t[k] = decode(item.t[k]);
    cache.set(item.h, item.t);
    return item.t;
  }
  if (!cache.has(item.ref)) throw new MissingTrace(item.ref);
  return cache.get(item.ref);
}

function unpack(packed, cache) {
  if (!packed) return null;
  // Plotly gets shallow copies: playback's restyle replaces x/y/z on them, not on the cache
  const data = packed.traces.map((item) => ({ ...resolve(item, cache) }));
  const layout = { ...packed.layout };
  if (packed.template) layout.template = resolve(packed.template, cache);
  return { data, layout };
}

class MissingTrace extends Error {}

function remember(cache, figs) {
  // keep only what the latest figures use: that is all Python assumes the browser holds
  const used = new Set(
    figs.flatMap((f) => (f ? [...f.traces, ...(f.template ? [f.template] : [])].map((t) => t.h || t.ref) : [])),
  );
  for (const h of [...cache.keys()]) if (!used.has(h)) cache.delete(h);
}

function show(state, t, drawn = false) {
  state.t = t;
  state.slider.value = String(t);
  const Plotly = window.Plotly;
  // just drawn at the last step: the figures already show it, only the label needs writing
  const plots = [[state.surface, state.tracks[0]], [state.contour, state.tracks[1]], [state.curves, state.tracks[2]]];
  // the curves' "now" lines: one vertical shape per subplot
  const now = {};
  if (state.marks) state.marks.forEach((i) => { now[`shapes[${i}].x0`] = t; now[`shapes[${i}].x1`] = t; });
  let moved = false;  // the "now" lines moved with the curves' own played traces, in one redraw
  for (const [div, list] of drawn ? [] : plots) {
    if (!list || !list.length) continue;
    const frames = list.map((tr) => frame(tr, t, state.n));
    const update = { x: frames.map((f) => f.x), y: frames.map((f) => f.y) };
    if (list[0].z) update.z = frames.map((f) => f.z);
    if (div === state.curves && state.marks) {
      Plotly.update(div, update, now, list.map((tr) => tr.i));
      moved = true;
    } else {
      Plotly.restyle(div, update, list.map((tr) => tr.i));
    }
  }
  if (state.marks && !drawn && !moved) Plotly.relayout(state.curves, now);
  const cur = state.current;
  const j = cur ? Math.min(t, cur.x.length - 1) : 0;
  const w = cur ? `   ${state.labels.point} = (${num(cur.x[j])}, ${num(cur.y[j])})` : "";
  const note = cur && outside(cur, j) ? ` (${state.labels.outside})` : "";
  state.label.textContent = `t = ${t} / ${state.n}` + w + note;
  state.box.dataset.step = String(t);
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (err) {
    // no clipboard API outside https and localhost: the old way, through a selected text area
    const area = el("textarea", { readonly: "", style: "position:fixed;opacity:0" });
    area.value = text;
    document.body.append(area);
    area.select();
    let done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    area.remove();
    return done;
  }
}

// "Copy link": the page's address, which holds every setting (Streamlit keeps it up to date).
function copyLinkButton(root, labels) {
  let button = root.querySelector(".gdv-copy");
  if (!button) {
    button = el("button", { type: "button", class: "gdv-copy", "data-testid": "gdviz-copy-link" });
    button.onclick = async () => {
      const url = window.location.href;
      if (await copyText(url)) {
        button.textContent = "✓ " + button.dataset.copied;
        setTimeout(() => { button.textContent = "🔗 " + button.dataset.copy; }, 2000);
      } else {
        window.prompt(button.dataset.copy, url);  // copying refused: show it, selected, to copy by hand
      }
    };
    root.append(button);
  }
  button.dataset.copy = labels.copy || "Copy link";
  button.dataset.copied = labels.copied || "Link copied";
  button.title = labels.help || "";
  button.textContent = "🔗 " + button.dataset.copy;
}

// Streamlit 1.67 gives a switch of page two history entries: first the old page's path with the
// query the new page keeps (the old page's own values dropped), then the new page's path. Back
// then reopened the old page without its values: the lesson at step 1, not the step it left. A
// change of path that follows a change of query alone, with no user input between them, is the
// same switch: it replaces that entry instead of adding one.
function foldPageSwitches() {
  if (window.__gdvizHistory) return;  // once per page, however often the module is evaluated
  window.__gdvizHistory = true;
  const push = history.pushState.bind(history);
  let queryOnly = false;  // since the user's last input, the last entry changed only the query
  for (const type of ["pointerdown", "keydown", "popstate"]) {
    window.addEventListener(type, () => { queryOnly = false; }, true);
  }
  history.pushState = (state, title, url) => {
    const samePath = new URL(url, location.href).pathname === location.pathname;
    if (!samePath && queryOnly) {
      queryOnly = false;
      return history.replaceState(state, title, url);
    }
    queryOnly = samePath;
    return push(state, title, url);
  };
}
foldPageSwitches();

// ---- Live preview: W⁰ dragged on the map, α on the bar's own slider -------------------------
// While a lone run's W⁰ or α is dragged, the browser runs the descent itself (engine.js, from the
// payload's preview spec, meta.live) and redraws the run's traces as gdviz/figures.py builds them
// (the arrows, the path, W⁰, Wᵗ, the curves), at display rate: pointer moves only record where
// the pointer is, and one animation frame draws the latest. On release the value goes to
// Streamlit once; the server's run then replaces the preview (the same numbers, so nothing moves).

const ENGINE_URL = new URL("./engine.js", import.meta.url).href;
let engineReady = null;

function loadEngine() {
  if (!engineReady) engineReady = import(ENGINE_URL).catch((err) => { engineReady = null; throw err; });
  return engineReady;
}

// Where W⁰ goes for a pointer on the map: the map's data coordinates, rounded as Python rounds a
// click (meta.digits), so that the last preview runs from the W⁰ the server will run from.
function mapPoint(state, clientX, clientY) {
  const layout = state.contour._fullLayout;
  const drag = state.contour.querySelector(".nsewdrag");
  if (!layout || !drag) return null;
  const r = drag.getBoundingClientRect();
  const x = layout.xaxis.p2l(clientX - r.left), y = layout.yaxis.p2l(clientY - r.top);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
  const d = state.live.digits;
  return [Number(x.toFixed(d)), Number(y.toFixed(d))];
}

// the index of the trace drawing a part of the run (figures.py's meta.part) in a drawn plot
function partIndex(div, part) {
  return (div.data || []).findIndex((tr) => tr.meta && tr.meta.part === part);
}

// Whether a pointer at (clientX, clientY) is on the W⁰ marker: within `reach` pixels of its centre.
function onStart(state, clientX, clientY, reach) {
  const div = state.contour, i = partIndex(div, "start");
  const layout = div._fullLayout, drag = div.querySelector(".nsewdrag");
  if (i < 0 || !layout || !drag) return false;
  const tr = div.data[i], x = decode(tr.x)[0], y = decode(tr.y)[0];
  const r = drag.getBoundingClientRect();
  const px = r.left + layout.xaxis.l2p(x), py = r.top + layout.yaxis.l2p(y);
  return Math.hypot(clientX - px, clientY - py) <= reach;
}

// Press on W⁰ and drag: with the mouse (pointer events; Plotly sees no press, so the map does not
// pan) and with one finger (touch events: elsewhere one finger still scrolls the page, see
// twoFingersToMove). A press that does not move is a click, as before.
function dragStart(state) {
  const map = state.contour, live = state.live;
  let finger = null;  // the touch being followed
  const can = () => state.clickable && !!window.Plotly;
  const begin = (ev) => {
    ev.preventDefault();  // mouse: no pan (nor hover) by Plotly; touch: no scroll, no click
    ev.stopPropagation();
    if (state.stop) state.stop();
    live.dragging = "start";
    live.moved = false;
    map.classList.add("gdv-dragging");
  };
  const move = (clientX, clientY) => {
    const p = mapPoint(state, clientX, clientY);
    if (!p) return;
    live.moved = true;
    live.start = p;
    requestPreview(state);
  };
  const end = (tap) => {
    if (live.dragging !== "start") return;
    map.classList.remove("gdv-dragging");
    if (live.moved) {
      live.swallowClick = true;  // the click that ends a drag is no click on the map
      setTimeout(() => { live.swallowClick = false; }, 0);
    }
    if (live.moved || tap) release(state, "start");
    else live.dragging = null;  // a mouse press that did not move: the click sets W⁰ there
  };
  map.addEventListener("pointerdown", (ev) => {
    if (ev.pointerType === "touch" || ev.button !== 0 || !can() || !onStart(state, ev.clientX, ev.clientY, 12)) return;
    begin(ev);
    map.setPointerCapture(ev.pointerId);
  }, { capture: true });
  map.addEventListener("pointermove", (ev) => {
    if (ev.pointerType === "touch") return;
    if (live.dragging === "start") return move(ev.clientX, ev.clientY);
    // the marker says it can be picked up
    map.classList.toggle("gdv-grab", can() && onStart(state, ev.clientX, ev.clientY, 12));
  });
  for (const type of ["pointerup", "pointercancel"]) {
    map.addEventListener(type, (ev) => { if (ev.pointerType !== "touch") end(false); });
  }
  map.addEventListener("click", (ev) => {
    if (live.swallowClick) ev.stopPropagation();
  }, { capture: true });
  map.addEventListener("touchstart", (ev) => {
    const t = ev.touches[0];
    if (ev.touches.length !== 1 || !can() || !onStart(state, t.clientX, t.clientY, 24)) return;
    finger = t.identifier;
    begin(ev);
  }, { capture: true, passive: false });
  map.addEventListener("touchmove", (ev) => {
    const t = [...ev.changedTouches].find((c) => c.identifier === finger);
    if (live.dragging !== "start" || !t) return;
    ev.preventDefault();
    move(t.clientX, t.clientY);
  }, { capture: true, passive: false });
  for (const type of ["touchend", "touchcancel"]) {
    map.addEventListener(type, (ev) => {
      const t = [...ev.changedTouches].find((c) => c.identifier === finger);
      if (!t) return;
      finger = null;
      if (!live.moved && type === "touchend") {
        const p = mapPoint(state, t.clientX, t.clientY);  // a tap on W⁰ sets it there, as a tap elsewhere
        if (p) live.start = p;
      }
      end(type === "touchend");
    }, { capture: true });
  }
}

// α on a log scale, as the sidebar's slider: 10^v rounded to 3 significant digits (exact in the
// 6 digits Python keeps, so that the preview's α is the server's).
function alphaAt(v) {
  return Number((10 ** Number(v)).toPrecision(3));
}

// The bar's α slider, before playback: dragging it previews, letting it go sets α (one rerun).
function alphaControl(state) {
  const live = state.live;
  const box = el("span", { class: "gdv-alpha", "data-testid": "gdviz-alpha", hidden: "" });
  const name = el("span", { class: "gdv-alpha-name" }, "α");
  const input = el("input", { type: "range", step: "0.001", "data-testid": "gdviz-alpha-slider" });
  const value = el("span", { class: "gdv-alpha-value", "data-testid": "gdviz-alpha-value" });
  box.append(name, input, value);
  // first in the bar: nothing before it changes width while it is dragged (the step's label
  // does), so the slider stays under the pointer
  state.buttons.first.before(box);
  input.addEventListener("input", () => {
    if (live.dragging !== "lr" && state.stop) state.stop();
    live.dragging = "lr";
    live.lr = alphaAt(input.value);
    value.textContent = num(live.lr);
    requestPreview(state);
  });
  input.addEventListener("change", () => {
    live.lr = alphaAt(input.value);
    release(state, "lr");
  });
  live.alpha = { box, input, value };
}

// Python's live meta on a new payload: the spec, the figures' geometry, α and its range.
function setLive(state, data) {
  const live = state.live, meta = data.live || null;
  live.meta = meta;
  live.digits = data.digits ?? 3;
  const { box, input, value } = live.alpha;
  box.hidden = !(meta && meta.alpha);
  state.box.classList.toggle("gdv-live", !!meta);
  if (!meta) return;
  if (meta.spec) loadEngine().then((engine) => { live.engine = engine; }, () => { live.engine = null; });
  if (live.dragging === "lr") return;  // the user's hand is on it
  if (meta.alpha) {
    const [lo, hi] = meta.alpha.map(Math.log10);
    input.min = String(lo);
    input.max = String(hi);
    input.value = String(Math.log10(meta.lr));
    input.setAttribute("aria-label", state.labels.alpha);
    input.title = state.labels.alpha;
    value.textContent = num(meta.lr);
  }
  live.lr = meta.lr;
}

// Ask for a frame: the next animation frame draws the latest W⁰ and α; moves in between are
// only remembered.
function requestPreview(state) {
  const live = state.live;
  if (live.raf) return;
  live.raf = requestAnimationFrame(() => {
    live.raf = 0;
    preview(state, false);
  });
}

// One preview frame: the run from the dragged W⁰ or α, drawn on the map now; the 3-D view and
// the curves follow (slowViews).
function preview(state, all) {
  const live = state.live, meta = live.meta;
  if (!window.Plotly || !state.tracks.length) return;
  const start = live.start;
  const base = start || (meta && meta.start);
  const run = meta && meta.spec && live.engine && base ? live.engine.descend(meta.spec, base, live.lr) : null;
  if (!run) {
    // no preview here (no spec, or the engine not loaded yet): W⁰ moves, the figures wait
    if (start) moveStart(state, start);
    state.label.textContent = `${start ? `W⁰ = (${num(start[0])}, ${num(start[1])})` : `α = ${num(live.lr)}`}`
      + ` — ${state.labels.release}`;
    return;
  }
  live.run = run;
  const t0 = performance.now();
  drawRun(state, run, meta.frame, 1, all);
  live.frames += 1;
  live.cost2d = performance.now() - t0;
  slowViews(state, all);
  const last = run.path.length - 1;
  state.n = last;
  state.slider.max = String(last);
  show(state, last, true);
}

// The 3-D view and the curves redraw the latest run in a task of their own, after the map's
// frame, and take at most a quarter of the time: a 3-D redraw costs many map frames (Plotly
// rebuilds every trace of the scene, the surface too, and WebGL may be software), and the map
// keeps the display's rate. Their cost is measured up to the frame that shows them (WebGL draws
// in it). `now`: at once (a release).
function slowViews(state, now) {
  const live = state.live;
  const draw = () => {
    if (!live.run || !live.meta) {
      live.slow = 0;
      return;
    }
    live.slow = -1;  // drawing: no other until this one is measured
    const t0 = performance.now(), run = live.run;
    drawRun(state, run, live.meta.frame, 0);
    drawCurves(state, run);
    live.frames3d += 1;
    requestAnimationFrame(() => setTimeout(() => {
      live.last3d = performance.now();
      live.cost3d = live.last3d - t0;
      if (live.slow !== -1) return;
      live.slow = 0;
      if (live.run !== run && live.dragging) slowViews(state, false);  // the pointer moved on meanwhile
    }));
  };
  if (now) {
    if (live.slow > 0) clearTimeout(live.slow);
    return draw();
  }
  if (live.slow) return;  // one is due: it draws the latest run
  live.slow = setTimeout(draw, Math.max(0, live.last3d + 3 * live.cost3d - performance.now()));
}

function moveStart(state, [x, y]) {
  const i = partIndex(state.contour, "start");
  if (i >= 0) window.Plotly.restyle(state.contour, { x: [[x]], y: [[y]] }, [i]);
}

// The run's traces in one view (0: 3-D, 1: the map), as figures._path_traces builds them: by
// Plotly, or on the map while a drag lasts by sketch() (`exact` false).
function drawRun(state, run, geometry, view, exact = true) {
  const div = view ? state.contour : state.surface;
  const list = state.tracks[view] || [];
  const P = run.path, n = visiblePath(P, geometry.bounds);
  const px = P.map((p) => p[0]), py = P.map((p) => p[1]);
  let pz = null;
  if (!view) {
    const h = geometry.height;
    pz = run.values.map((v) => (h.log ? Math.log1p(Math.max(v - h.shift, 0)) : v) + h.lift);
  }
  const update = { x: [], y: [], z: [] }, indices = [];
  for (const tr of list) {
    const part = tr.part;
    if (part === "arrows") {
      const [ax, ay] = stepArrows(P, run.gradients, n, geometry.arrow, tr.per === 7);
      Object.assign(tr, { x: ax, y: ay, z: pz && ax.map(() => geometry.height.floor) });
    } else if (part === "path") {
      Object.assign(tr, { x: px.slice(0, n), y: py.slice(0, n), z: pz && pz.slice(0, n) });
    } else if (part === "current") {
      Object.assign(tr, { x: px, y: py, z: pz });
    } else continue;
    const f = frame(tr, P.length - 1, P.length - 1);
    update.x.push(f.x);
    update.y.push(f.y);
    update.z.push(f.z);
    indices.push(tr.i);
  }
  const s = partIndex(div, "start");
  if (s >= 0) {
    update.x.push([px[0]]);
    update.y.push([py[0]]);
    update.z.push(pz && [pz[0]]);
    indices.push(s);
  }
  if (!indices.length) return;
  if (view) {
    if (!exact) return sketch(state, indices, update);
    unsketch(state);
    delete update.z;
  }
  window.Plotly.restyle(div, update, indices);
}

// The map while a drag lasts: the run's traces drawn straight into Plotly's own plot area as SVG
// paths, in the styles Plotly has resolved for them (colour, width, marker size and symbol), over
// the same axes, while Plotly's copies are hidden. Plotly redraws a map in ~150 ms (its contour
// bands too, and Plotly.animate, which would skip them, erases them); this takes about 1 ms.
// unsketch() gives the traces back to Plotly.
function sketch(state, indices, update) {
  const gd = state.contour, full = gd._fullData, layout = gd._fullLayout;
  const layer = gd.querySelector(".overplot .xy .scatterlayer");
  if (!layer || !full || !layout) return;
  const xa = layout.xaxis, ya = layout.yaxis;
  let g = layer.querySelector(".gdv-sketch");
  if (!g) {
    g = document.createElementNS("http://www.w3.org/2000/svg", "g");
    g.setAttribute("class", "gdv-sketch");
    g.setAttribute("data-testid", "gdviz-sketch");
    layer.append(g);
  }
  const clip = layer.querySelector("[clip-path]");
  const parts = indices.map((i, k) => {
    const trace = full[i];
    const own = layer.querySelector(`.trace${trace.uid}`);
    if (own) own.style.visibility = "hidden";
    const xs = update.x[k].map((v) => xa.l2p(v)), ys = update.y[k].map((v) => ya.l2p(v));
    const out = [];
    if (trace.mode.includes("lines")) {
      let d = "", pen = false;
      xs.forEach((x, j) => {
        if (!Number.isFinite(x) || !Number.isFinite(ys[j])) { pen = false; return; }
        d += `${pen ? "L" : "M"}${x.toFixed(2)},${ys[j].toFixed(2)}`;
        pen = true;
      });
      out.push(svgPath(d, "none", trace.line.color, trace.line.width, trace.cliponaxis !== false && clip));
    }
    if (trace.mode.includes("markers")) {
      const m = trace.marker, r = m.size / 2;
      const shape = m.symbol === "diamond"
        ? (x, y) => { const q = r * 1.3; return `M${x + q},${y}L${x},${y + q}L${x - q},${y}L${x},${y - q}Z`; }
        : (x, y) => `M${x + r},${y}A${r},${r} 0 1,1 ${x - r},${y}A${r},${r} 0 1,1 ${x + r},${y}Z`;
      const d = xs.map((x, j) => (Number.isFinite(x) && Number.isFinite(ys[j]) ? shape(x, ys[j]) : "")).join("");
      const line = m.line || {};
      out.push(svgPath(d, m.color, line.width ? line.color : "none", line.width || 0,
        trace.cliponaxis !== false && clip));
    }
    return out;
  });
  g.replaceChildren(...parts.flat());
  state.live.sketched = indices;
}

function svgPath(d, fill, stroke, width, clip) {
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", d);
  path.setAttribute("fill", fill);
  path.setAttribute("stroke", stroke);
  path.setAttribute("stroke-width", String(width));
  if (clip) path.setAttribute("clip-path", clip.getAttribute("clip-path"));
  return path;
}

function unsketch(state) {
  const gd = state.contour;
  const g = gd.querySelector(".gdv-sketch");
  if (g) g.remove();
  for (const own of gd.querySelectorAll(".scatterlayer > .trace")) own.style.visibility = "";
  state.live.sketched = null;
}

// L(Wᵗ) and ‖∇L(Wᵗ)‖ against t (figures.curves_figure: L on a log axis while every value is
// positive), and the "now" lines at the last step; one Plotly.update, one redraw
function drawCurves(state, run) {
  const div = state.curves;
  if (div.hidden || !div.data || !div._fullLayout) return;
  const i = partIndex(div, "values"), j = partIndex(div, "grad_norms");
  if (i < 0 || j < 0) return;
  const ts = run.values.map((_, k) => k);
  const norms = run.gradients.map(([gx, gy]) => Math.hypot(gx, gy));
  const last = ts.length - 1, layout = {};
  (state.marks || []).forEach((k) => { layout[`shapes[${k}].x0`] = last; layout[`shapes[${k}].x1`] = last; });
  const log = run.values.every((v) => v > 0);
  if (log !== (div._fullLayout.yaxis.type === "log")) {
    Object.assign(layout, { "yaxis.type": log ? "log" : "linear", "yaxis.exponentformat": log ? "power" : "B" });
  }
  window.Plotly.update(div, { x: [ts, ts], y: [run.values, norms] }, layout, [i, j]);
}

// figures.visible_path: the leading points up to the first that leaves the view by more than half its size
function visiblePath(P, [[x0, x1], [y0, y1]]) {
  const mx = (x1 - x0) / 2, my = (y1 - y0) / 2;
  const k = P.findIndex(([x, y]) => !(x >= x0 - mx && x <= x1 + mx && y >= y0 - my && y <= y1 + my));
  return k < 0 ? P.length : Math.max(k, 1);
}

// −∇L at the first n iterates as style.arrow_segments draws them (7 points an arrow, with its
// head; 3 without: shaft and gap), scaled by style.ArrowScale.
function stepArrows(P, G, n, { cell, gmax }, heads) {
  const xs = [], ys = [];
  const c = Math.cos((25 * Math.PI) / 180), s = Math.sin((25 * Math.PI) / 180);
  for (let k = 0; k < n; k++) {
    const gx = -G[k][0], gy = -G[k][1], norm = Math.hypot(gx, gy);
    const length = cell * Math.min(Math.sqrt(norm / gmax), 1.5);
    const u = norm > 0 ? (gx / norm) * length : 0, v = norm > 0 ? (gy / norm) * length : 0;
    const [x, y] = P[k], tx = x + u, ty = y + v;
    xs.push(x, tx, NaN);
    ys.push(y, ty, NaN);
    if (!heads) continue;
    const bx = -0.28 * u, by = -0.28 * v;
    xs.push(tx + c * bx - s * by, tx, tx + c * bx + s * by, NaN);
    ys.push(ty + s * bx + c * by, ty, ty - s * bx + c * by, NaN);
  }
  return [xs, ys];
}

// Let go: the last frame in full, then W⁰ or α to Streamlit (one rerun). The drawn revision is
// forgotten, so that whatever the server sends next replaces the preview, even the same figures.
function release(state, kind) {
  const live = state.live;
  if (kind === "start" && !live.start) { live.dragging = null; return; }
  cancelAnimationFrame(live.raf);
  live.raf = 0;
  preview(state, true);
  live.dragging = null;
  live.releases += 1;
  state.rev = null;
  if (kind === "start") state.setTrigger("start", { x: live.start[0], y: live.start[1] });
  else state.setTrigger("lr", live.lr);
  live.start = null;
}

function liveState(state) {
  state.live = { meta: null, engine: null, dragging: null, moved: false, swallowClick: false, start: null,
    lr: null, digits: 3, raf: 0, slow: 0, sketched: null, run: null, frames: 0, frames3d: 0, releases: 0, last3d: 0, cost2d: 0,
    cost3d: 0, alpha: null };
  state.box.gdvizLive = state.live;  // for the tests and bench/interact.py: frames drawn, the last run
  alphaControl(state);
  dragStart(state);
}

export default function mount(component) {
  const { parentElement, setTriggerValue } = component;
  let { data } = component;
  if (!data) return;
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
    // the figures come as JSON text in bytes (Python skips a serialize-and-hash round that way)
    const payload = JSON.parse(new TextDecoder().decode(data));
    data = { ...payload, ...payload.meta };
  }
  if (data.preload) {
    loadPlotly();  // the app's first element: fetch and parse plotly.js now
    copyLinkButton(parentElement, data.labels || {});
    return;
  }
  let state = parentElement.__gdviz;
  if (!state) {
    state = parentElement.__gdviz = build(parentElement);
    state.contour.addEventListener("click", (ev) => {
      // A click on the map (not a drag) sets the start W⁰ there; a click on the toolbar over
      // it (zoom, autoscale, …) is not on the map.
      if (!state.clickable || !window.Plotly || !ev.target.closest(".nsewdrag")) return;
      const layout = state.contour._fullLayout;
      if (!layout) return;
      const xa = layout.xaxis, ya = layout.yaxis;
      const drag = state.contour.querySelector(".nsewdrag");
      if (!drag) return;
      const r = drag.getBoundingClientRect();
      if (ev.clientX < r.left || ev.clientX > r.right || ev.clientY < r.top || ev.clientY > r.bottom) return;
      const x = xa.p2l(ev.clientX - r.left), y = ya.p2l(ev.clientY - r.top);
      if (Number.isFinite(x) && Number.isFinite(y)) state.setTrigger("start", { x, y });
    });
    liveState(state);
  }
  state.setTrigger = setTriggerValue;
  relabel(state, data.labels);
  state.box.classList.toggle("gdv-present", !!data.present);
  // a still picture (a class poll's question): no playback, only the hint
  state.box.classList.toggle("gdv-still", !!data.still);
  state.clickable = !!data.clickable;
  state.hint.style.display = data.clickable ? "" : "none";
  setLive(state, data);
  parentElement.style.setProperty("--gdv-height", `${data.height || 520}px`);
  parentElement.style.setProperty("--gdv-curves-height", `${data.curves_height || 260}px`);
  state.pending = data;
  if (!state.drawing) drawLatest(state);
}

async function drawLatest(state) {
  state.drawing = true;
  try {
    while (state.pending) {
      const data = state.pending;
      state.pending = null;
      if (data.rev !== state.rev) await draw(state, data);
    }
  } finally {
    state.drawing = false;
  }
}

// Draw the three charts; returns when the map was drawn (performance.now()).
// The first time, the map comes first and the browser paints it before the 3-D scene is drawn:
// WebGL (in software on many school machines) makes the scene by far the slowest chart, and a
// student sees the map a second sooner. Later draws update all three in one go, with no yielding
// to the page between them: the views never show two different runs.
async function reactViews(state, fig3d, fig2d, figCurves) {
  const Plotly = window.Plotly;
  const map = () => Plotly.react(state.contour, fig2d.data, fig2d.layout, CONFIG);
  const rest = () => [
    fig3d ? Plotly.react(state.surface, fig3d.data, fig3d.layout, CONFIG) : Plotly.purge(state.surface),
    figCurves ? Plotly.react(state.curves, figCurves.data, figCurves.layout, CONFIG) : Plotly.purge(state.curves),
  ];
  if (state.rev === null) {
    await map();
    fitLegend(state.contour);
    const drawn = performance.now();
    // after the next frame (a tab in the background has none: there the scene follows at once)
    if (!document.hidden) await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted)));
    await Promise.all(rest());
    return drawn;
  }
  await Promise.all([map(), ...rest()]);
  fitLegend(state.contour);
  return performance.now();
}

async function draw(state, data) {
  const t0 = performance.now();
  let figs;
  try {
    figs = [data.surface, data.contour, data.curves].map((f) => unpack(f, state.cache));
  } catch (err) {
    if (!(err instanceof MissingTrace)) throw err;
    // the browser lost traces Python thinks it has (a remount): ask for everything again
    state.setTrigger("missing", err.message);
    return;
  }
  remember(state.cache, [data.surface, data.contour, data.curves]);
  try {
    const Plotly = await loadPlotly();
    const t1 = performance.now();
    const [fig3d, fig2d, figCurves] = figs;
    const t3 = fig3d ? tracks(fig3d) : [], t2 = tracks(fig2d), t4 = figCurves ? tracks(figCurves) : [];
    setLocale(Plotly, data.locale, data.plotly_words);
    // playback covers the whole run: the "at" traces hold every Wᵗ, drawn at the last step
    const last = Math.max(0, ...t2.filter((tr) => tr.play === "at").map((tr) => tr.x.length - 1));
    for (const [fig, list] of [[fig3d, t3], [fig2d, t2]]) {
      for (const tr of list) {
        if (tr.play !== "at") continue;
        const { x, y, z } = frame(tr, last, last);
        Object.assign(fig.data[tr.i], { x, y }, z ? { z } : {});
      }
    }
    for (const tr of t4) {
      // a "window" trace holds every fit; the figure starts by showing the last one
      if (tr.play !== "window") continue;
      const { x, y } = frame(tr, last, last);
      Object.assign(figCurves.data[tr.i], { x, y });
    }
    // Keep the camera the user turned to while the view is the same (same uirevision): a new α
    // redraws the path, not the viewpoint. Plotly's own uirevision bookkeeping does this too, but
    // not across every resize, so the camera is carried over explicitly.
    const scene = state.surface._fullLayout && state.surface._fullLayout.scene;
    if (fig3d && scene && scene._scene && state.surface.layout.uirevision === fig3d.layout.uirevision) {
      fig3d.layout.scene = { ...fig3d.layout.scene, camera: scene._scene.getCamera() };
    }
    state.curves.hidden = !figCurves;  // shown before drawing, so that Plotly sees its width
    // the map alone (a class poll on a phone): no 3-D view, the map the whole width
    state.surface.hidden = !fig3d;
    state.box.classList.toggle("gdv-map-only", !fig3d);
    const mapDrawn = await reactViews(state, fig3d, fig2d, figCurves);
    state.marks = figCurves
      ? (figCurves.layout.shapes || []).map((sh, i) => [sh, i]).filter(([sh]) => sh.name === "now").map(([, i]) => i)
      : null;
    const newRun = data.run !== state.run;
    state.tracks = [t3, t2, t4];
    state.run = data.run;
    state.rev = data.rev;
    state.current = t2.find((tr) => tr.play === "at") || null;
    state.n = last;
    state.slider.max = String(state.n);
    if (newRun) state.stop();
    if (newRun && data.autoplay && state.n > 0) {
      // a class poll's reveal: the run plays from W⁰ by itself
      show(state, 0, true);
      state.buttons.play.click();
    } else if (newRun || state.t >= state.n) show(state, state.n, true);
    else show(state, state.t);
    state.box.dataset.rev = String(data.rev);
    delete state.box.dataset.error;
    // timings for bench/: module loaded, render asked, plotly.js ready, map drawn, figures drawn (ms since page start)
    state.box.dataset.timing = JSON.stringify({ module: started, start: t0, plotly: t1, map: mapDrawn, drawn: performance.now() });
  } catch (err) {
    state.box.dataset.error = String(err);
    state.label.textContent = state.labels.error + " " + err.message;
  }
}
