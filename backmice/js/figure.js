// The front end of backmice.figure.Figure: a plotly figure drawn with plotly.js, changed by exactly
// the edits Python sends, clicks sent back to Python. See backmice/figure.py for why the course has
// this instead of plotly's FigureWidget.
//
// Messages from Python (each numbered by `seq`, the figure's edit count):
//   {type: "update", seq, json: '{"restyle", "relayout", "traces"}'}  -> Plotly.animate without
//       redraw for scatter/bar data and style (those traces alone are redrawn), then Plotly.update
//       for edits plotly.js applies cheaply (splitUpdate); else Plotly.update of everything
//       (plotly.js recomputes and redraws the whole figure). A figure out of sight waits (below).
//   {type: "figure", seq, json: '{"data", "layout"}'}                 -> Plotly.react (whole figure)
// Messages to Python: {type: "sync", seq} (a view was drawn at edit `seq`; Python answers with the
// whole figure if it has moved on), {type: "click", points, device}.

const UNDEFINED = "__bm_undefined__";  // a trace a batched restyle leaves as it is (plotly's Undefined)

function plotlyFor(model) {
  // plotly.js comes once per kernel, in one PlotlyLibrary widget that every figure refers to, and is
  // evaluated once per page (cached by version on globalThis). plotly.min.js is a UMD bundle: run
  // with `module` in scope it fills module.exports and touches no global (no AMD `define`, which
  // some pages define, and no window.Plotly that another extension may own).
  const cache = (globalThis.__backmicePlotly = globalThis.__backmicePlotly || {});
  const ref = String(model.get("_plotly") || "").replace(/^IPY_MODEL_/, "");
  return model.widget_manager.get_model(ref).then((lib) => {
    const version = lib.get("version");
    if (!cache[version]) {
      const module = { exports: {} };
      const code = lib.get("code");  // bytes from Python (a DataView); a string in older saved states
      const text = typeof code === "string" ? code : new TextDecoder().decode(code);
      new Function("module", "exports", "define", text)(module, module.exports, undefined);
      cache[version] = module.exports;
    }
    return cache[version];
  });
}

// plotly.js's typed-array form ({dtype, bdata: base64, shape: "rows, cols"}, in which the kernel sends
// some large arrays cheaply, e.g. lesson 01's hover heatmaps) decoded here, once per message, into
// plain arrays, NaN as null (a gap). plotly.js accepts the form itself, but redraws figures holding
// typed arrays far more slowly: lesson 01's tools answered a change in 87-111 ms with them (left to
// plotly.js, or decoded here into typed arrays), in 31-49 ms with plain arrays (make bench's
// browser figures, 3 runs each, measured).
const TYPED = { f8: Float64Array, f4: Float32Array, i4: Int32Array, u4: Uint32Array, i2: Int16Array,
                u2: Uint16Array, i1: Int8Array, u1: Uint8Array, u1c: Uint8ClampedArray };

function decodeTyped(value) {
  if (Array.isArray(value)) {   // numbers and strings (most arrays) are returned as they are, uncopied
    return value.some((v) => v !== null && typeof v === "object") ? value.map(decodeTyped) : value;
  }
  if (value === null || typeof value !== "object") return value;
  if (typeof value.bdata === "string" && TYPED[value.dtype]) {
    const T = TYPED[value.dtype];
    const text = atob(value.bdata);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    const flat = new T(bytes.buffer);
    const plain = (a) => Array.from(a, (v) => (Number.isNaN(v) ? null : v));   // NaN: a gap, as null
    const shape = value.shape === undefined ? [] : String(value.shape).split(",").map(Number);
    if (shape.length !== 2) return plain(flat);
    const [rows, cols] = shape;
    const out = [];
    for (let r = 0; r < rows; r++) out.push(plain(flat.subarray(r * cols, (r + 1) * cols)));
    return out;
  }
  const out = {};
  for (const [k, v] of Object.entries(value)) out[k] = decodeTyped(v);
  return out;
}

function restyleValues(restyle) {
  const out = {};
  for (const [key, values] of Object.entries(restyle || {})) {
    out[key] = Array.isArray(values) ? values.map((v) => (v === UNDEFINED ? undefined : v)) : values;
  }
  return out;
}

function setPath(obj, path, value) {
  const keys = path.replace(/\[(\d+)\]/g, ".$1").split(".");
  let o = obj;
  for (const k of keys.slice(0, -1)) {
    if (o[k] === null || typeof o[k] !== "object") o[k] = /^\d+$/.test(k) ? [] : {};
    o = o[k];
  }
  const last = keys[keys.length - 1];
  if (value === null) delete o[last];
  else o[last] = value;
}

// What plotly.js can redraw without a full replot: the data and style of scatter and bar traces.
// Any other edit (a layout change, a heatmap, visibility) goes through Plotly.update, which
// recomputes and redraws every trace, annotation and heatmap (75 ms in the layer explorer, measured;
// moving a layout shape or editing an annotation is such a full redraw too).
const FAST_KEYS = /^(x|y|text|hovertext|customdata|opacity|fillcolor|textposition|(marker|line|textfont)\..+)$/;

// Layout edits plotly.js redraws cheaply (a title's text: 12 ms, measured; an annotation's opacity
// redraws that annotation alone), sent after the fast path. Any other layout edit (a shape, an
// annotation's visibility or text) recomputes the whole figure.
const CHEAP_LAYOUT = /^(((x|y)axis\d*\.)?title\.text|annotations[.[]\d+\]?\.opacity)$/;
// Trace edits plotly.js applies without drawing anything (whether a trace answers the mouse).
const CHEAP_RESTYLE = /^(hoverinfo|hovertemplate)$/;

function splitUpdate(gd, u) {
  // {frame, rest}: the scatter/bar data and style for Plotly.animate without redraw (which
  // recomputes and redraws only the traces it is given: 25 ms against 75 ms for the same change
  // through Plotly.update in the layer explorer, measured), and the cheap trace and layout edits
  // for Plotly.update after it; null when any edit needs a whole redraw.
  const relayout = u.relayout || {};
  if (!Object.keys(relayout).every((k) => CHEAP_LAYOUT.test(k))) return null;
  const traces = u.traces || [];
  const full = gd._fullData || [];
  const data = traces.map(() => null);
  const rest = {};
  for (const [k, values] of Object.entries(u.restyle || {})) {
    if (!Array.isArray(values) || values.length !== traces.length) return null;
    if (CHEAP_RESTYLE.test(k)) { rest[k] = values; continue; }
    if (!FAST_KEYS.test(k)) return null;
    for (let j = 0; j < traces.length; j++) {
      if (values[j] === UNDEFINED) continue;
      if (values[j] === null) return null;   // a property reset to its default: only update knows
      const t = full[traces[j]];
      // traces plotly.js can animate (scatter, bar), drawn now (an empty trace is not drawn:
      // showing it again takes a full redraw)
      if (!(t && t.index === traces[j] && t.visible === true && t._module && t._module.animatable)) return null;
      setPath((data[j] = data[j] || {}), k, values[j]);
    }
  }
  const moved = data.map((d, j) => (d ? j : -1)).filter((j) => j >= 0);
  if (!moved.length) return null;
  return {
    frame: { data: moved.map((j) => data[j]), traces: moved.map((j) => traces[j]) },
    rest: Object.keys(rest).length || Object.keys(relayout).length ? { restyle: rest, relayout, traces } : null,
  };
}

export default {
  render({ model, el }) {
    const div = document.createElement("div");
    el.appendChild(div);
    let Plotly = null;
    let seq = -1;               // the edit this view shows
    let chain = Promise.resolve();
    const pending = [];         // messages that came before the first drawing
    let alive = true;
    let asked = false;          // a sync asked for and not yet answered

    const apply = (msg) => {
      if (!alive || msg.seq <= seq) return Promise.resolve();
      if (msg.type === "figure") {
        const fig = JSON.parse(msg.json);
        fig.data = decodeTyped(fig.data);
        seq = msg.seq;
        asked = false;
        return Plotly.react(div, fig.data, fig.layout);
      }
      if (msg.seq !== seq + 1) {   // an edit went missing (sent before this view could listen)
        if (!asked) model.send({ type: "sync", seq });
        asked = true;
        return Promise.resolve();
      }
      seq = msg.seq;
      const u = JSON.parse(msg.json);
      u.restyle = decodeTyped(u.restyle);
      const split = splitUpdate(div, u);
      if (split) {
        const done = Plotly.animate(div, split.frame, { transition: { duration: 0 },
                                                        frame: { duration: 0, redraw: false }, mode: "immediate" });
        const rest = split.rest;
        return rest ? done.then(() => Plotly.update(div, restyleValues(rest.restyle), rest.relayout, rest.traces))
                    : done;
      }
      return Plotly.update(div, restyleValues(u.restyle), u.relayout || {}, u.traces);
    };
    // A figure out of sight applies its edits when the page is next idle, or when it comes into
    // view if that is sooner, so that the figure the learner is looking at is drawn first. One
    // slider can move two figures (lesson 02's simulator and its regime map, far apart on the
    // page): the regime map's redraw (10-25 ms) came before the simulator's frame on every key
    // press (Chrome trace, measured). Edits stay in order; a figure in sight applies them at once.
    let inSight = true;     // until the observer first reports
    let waiting = null;     // the next edit's go-ahead, while it waits (edits are applied one by one)
    const sight = typeof IntersectionObserver === "function" ? new IntersectionObserver((entries) => {
      inSight = entries[entries.length - 1].isIntersecting;
      if (inSight && waiting) waiting();
    }, { rootMargin: "100px" }) : null;
    if (sight) sight.observe(div);
    const idle = (go) => (typeof requestIdleCallback === "function" ? requestIdleCallback(go, { timeout: 500 })
                                                                      : setTimeout(go, 50));
    const turn = () => (inSight || !alive ? null : new Promise((resolve) => {
      const go = () => { if (waiting === go) { waiting = null; resolve(); } };
      waiting = go;
      idle(go);
    }));
    const onMessage = (msg) => {
      if (!msg || (msg.type !== "update" && msg.type !== "figure")) return;
      if (!Plotly) { pending.push(msg); return; }
      chain = chain.then(turn).then(() => apply(msg)).catch((e) => console.error("backmice figure", e));
    };
    model.on("msg:custom", onMessage);
    const onSpec = () => {   // the whole figure sent again as the widget's state (Figure.refresh)
      const spec = JSON.parse(model.get("_spec") || "null");
      if (spec) onMessage({ type: "figure", seq: spec.seq, json: JSON.stringify(spec) });
    };
    model.on("change:_spec", onSpec);

    const onClick = (event) => {
      const points = (event.points || []).map((p) => ({
        trace: p.curveNumber, index: p.pointNumber === undefined ? p.pointIndex : p.pointNumber,
        x: p.x === undefined ? null : p.x, y: p.y === undefined ? null : p.y,
      }));
      const e = event.event || {};
      model.send({ type: "click", points, device: { ctrl: !!e.ctrlKey, alt: !!e.altKey, shift: !!e.shiftKey,
                                                   meta: !!e.metaKey, button: e.button, buttons: e.buttons } });
    };

    plotlyFor(model).then((lib) => {
      if (!alive) return;
      const spec = JSON.parse(model.get("_spec") || '{"seq": 0, "data": [], "layout": {}}');
      spec.data = decodeTyped(spec.data);
      seq = spec.seq;
      return lib.newPlot(div, spec.data, spec.layout, { displaylogo: false }).then(() => {
        Plotly = lib;
        div.on("plotly_click", onClick);
        // edits sent before this view listened are lost: ask for the whole figure if there were any
        model.send({ type: "sync", seq });
        for (const msg of pending.splice(0)) onMessage(msg);
      });
    }).catch((e) => {
      div.textContent = "This figure could not be drawn: " + e;
      console.error("backmice figure", e);
    });

    return () => {
      alive = false;
      if (sight) sight.disconnect();
      if (waiting) waiting();
      model.off("msg:custom", onMessage);
      model.off("change:_spec", onSpec);
      if (Plotly) Plotly.purge(div);
    };
  },
};
