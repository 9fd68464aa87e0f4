// The course website. pydata-sphinx-theme's left sidebar (the site title, search and the lesson
// list) is a plain <div>, so its content sits outside every landmark (axe: "region"). Name it as
// the complementary region it is; its lesson list is already a <nav>.
document.addEventListener("DOMContentLoaded", () => {
  const sidebar = document.querySelector(".bd-sidebar-primary");
  if (sidebar && !sidebar.getAttribute("role")) {
    sidebar.setAttribute("role", "complementary");
    sidebar.setAttribute("aria-label", "Course navigation");
  }
});

// Plotly figures take the width of the text column (backmice/static.py: responsive), down to a
// minimum width; narrower than that, a figure scrolls sideways in its own box. Two things plotly
// does not do on a narrow figure, done here when a figure is drawn and when the window changes:
// - a title is never wrapped: break it into lines that fit, with room for them above the plot;
// - text placed beside the plot is cut off at the figure's edge: a note (annotation) is broken
//   into lines; other text (an axis title, a legend) widens the figure's minimum width until it
//   shows, up to the width it was drawn for;
// - a legend in rows below the plot gets more rows and runs into the x-axis title: moved below it.
(() => {
  const TAGGED = /^<(sup|sub|b|i|em)>(.*)<\/\1>$/s;
  const BREAK = /<br\s*\/?>/i;
  const shown = (text) => text.replace(/<[^>]*>/g, "").replace(/&[#\w]+;/g, "x");
  const wrap = (text, chars) => {
    const lines = [];
    let line = "";
    for (const word of text.split(" ")) {
      if (line && shown(line + " " + word).length > chars) { lines.push(line); line = word; }
      else line = line ? line + " " + word : word;
    }
    if (line) lines.push(line);
    return lines;
  };
  const wrapTitle = (gd) => {
    if (gd._bmTitle === undefined) {
      const t = gd.layout.title;
      gd._bmTitle = (typeof t === "string" ? t : t && t.text) || "";
      gd._bmTop = gd._fullLayout.margin.t;
      gd._bmWrapped = gd._bmTitle;
      // the width of a character, measured on the title as plotly first drew it
      const drawn = gd.querySelector(".g-gtitle text");
      const w = drawn && !BREAK.test(gd._bmTitle) ? drawn.getBoundingClientRect().width : 0;
      gd._bmCharW = w ? w / Math.max(1, shown(gd._bmTitle).length) : 0;
    }
    if (!gd._bmTitle) return false;
    const size = (gd._fullLayout.title.font || {}).size || 17;
    const charW = gd._bmCharW || size * 0.55;
    // a left-aligned title fits the part of the figure in view (its box may scroll sideways)
    const view = gd.closest(".bm-figure-scroll");
    const left = (gd._fullLayout.title.x || 0) <= 0.2;
    const width = left && view ? Math.min(gd.clientWidth, view.clientWidth) : gd.clientWidth;
    if (!width) return false;
    const lines = [];
    for (const part of gd._bmTitle.split(BREAK)) {
      const m = part.match(TAGGED);
      if (m) {  // a subtitle in smaller type
        wrap(m[2], Math.max(12, Math.floor((width - 30) / (charW * 0.75)))).forEach(x => lines.push(`<${m[1]}>${x}</${m[1]}>`));
      } else {
        wrap(part, Math.max(12, Math.floor((width - 30) / charW))).forEach(x => lines.push(x));
      }
    }
    const text = lines.join("<br>");
    if (text === gd._bmWrapped) return false;
    gd._bmWrapped = text;
    const extra = Math.max(0, lines.length - gd._bmTitle.split(BREAK).length) * size * 1.3;
    const update = {"title.text": text, "margin.t": gd._bmTop + extra};
    if (extra) Object.assign(update, {"title.yref": "container", "title.y": 1 - 14 / gd._fullLayout.height, "title.yanchor": "top"});
    Plotly.relayout(gd, update);
    return true;
  };
  // a note or label (an annotation) that runs past the figure's edge: broken into lines, once
  const wrapNotes = (gd, edge) => {
    const update = {};
    gd._bmNotes = gd._bmNotes || {};
    gd.querySelectorAll(".annotation[data-index]").forEach((g) => {
      const i = Number(g.dataset.index);
      const note = (gd.layout.annotations || [])[i];
      const t = g.querySelector("text");
      if (!note || !t || gd._bmNotes[i] || typeof note.text !== "string" || /<a[\s>]/i.test(note.text)
          || !note.text.includes(" ")) return;
      const r = t.getBoundingClientRect();
      const over = Math.max(edge.left - r.left, r.right - edge.right);
      if (!r.width || over < 2) return;
      // its longest line, shortened in proportion (a style tag may span the new line breaks:
      // plotly carries it over)
      const parts = note.text.split(BREAK);
      const longest = Math.max(...parts.map(x => shown(x).length));
      const chars = Math.max(8, Math.floor(longest * (r.width - over - 12) / r.width));
      gd._bmNotes[i] = true;
      update[`annotations[${i}].text`] = parts.map(x => wrap(x, chars).join("<br>")).join("<br>");
    });
    if (!Object.keys(update).length) return false;
    Plotly.relayout(gd, update);
    return true;
  };
  const unclip = (gd) => {
    const box = gd.closest(".bm-figure");
    const svg = gd.querySelector("svg.main-svg");
    if (!box || !svg) return false;
    const edge = svg.getBoundingClientRect();
    if (wrapNotes(gd, edge)) return true;
    let over = 0;
    gd.querySelectorAll(".annotation text, .g-xtitle text, .g-ytitle text, .legend text, .textpoint text, .xtick text, .ytick text")
      .forEach((t) => {
        const r = t.getBoundingClientRect();
        if (r.width) over = Math.max(over, edge.left - r.left, r.right - edge.right);
      });
    const widest = Number(box.dataset.drawnFor || 0);
    const now = box.getBoundingClientRect().width;
    if (over < 2 || now >= widest) return false;
    box.style.minWidth = Math.min(widest, Math.ceil(now + 2 * over + 8)) + "px";
    Plotly.Plots.resize(gd);
    return true;
  };
  // a legend laid out in rows below the plot gets more rows on a narrow figure and runs into
  // the x-axis title: put it below the title, with room for it in the bottom margin
  const clearLegend = (gd) => {
    const full = gd._fullLayout;
    const legend = full.legend;
    const box = gd.querySelector(".legend");
    const title = gd.querySelector(".g-xtitle text");
    const svg = gd.querySelector("svg.main-svg");
    if (!legend || legend.orientation !== "h" || !(legend.y < 0) || !box || !title || !svg) return false;
    const a = box.getBoundingClientRect(), t = title.getBoundingClientRect(), e = svg.getBoundingClientRect();
    if (!a.height || (a.top >= t.bottom + 1 && a.bottom <= e.bottom + 1)) return false;
    const plotBottom = e.top + full._size.t + full._size.h;
    const offset = t.bottom + 6 - plotBottom;
    const bottom = Math.max(full.margin.b, Math.ceil(offset + a.height + 8));
    const height = full.height - full.margin.t - bottom;
    if (height < 80) return false;
    Plotly.relayout(gd, {"margin.b": bottom, "legend.y": -offset / height, "legend.yanchor": "top"});
    return true;
  };
  const fit = (gd) => {
    if (!window.Plotly || !gd._fullLayout || !gd.layout || gd._bmBusy) return;
    gd._bmBusy = true;
    try { if (!unclip(gd) && !wrapTitle(gd)) clearLegend(gd); } finally { gd._bmBusy = false; }
  };
  const all = () => document.querySelectorAll(".js-plotly-plot").forEach(fit);
  window.addEventListener("load", () => {
    // fitted again after each redraw (a relayout or resize redraws: it settles in a few rounds)
    document.querySelectorAll(".plotly-graph-div").forEach((gd) => {
      if (gd.on) gd.on("plotly_afterplot", () => setTimeout(() => fit(gd), 0));
    });
    all();
  });
  let timer;
  window.addEventListener("resize", () => { clearTimeout(timer); timer = setTimeout(all, 250); });
})();
