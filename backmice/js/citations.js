// Citations for people who have never seen BibTeX (backmice.references.citation_widget).
//
// Lessons, tools and cards cite as [@key] or [@a; @b]. This invisible widget, displayed once by
// the lesson's first cell (style.use()), rewrites them in the notebook it sits in into
// "(Collée et al. 1991a; Bicket et al. 2016)", each label a link to the reference's DOI, PubMed
// record or URL (plain text without one). Only rendered markdown and HTML output are touched:
// never editors, code, <pre> or existing links; keys missing from the map stay as written.
// A MutationObserver handles what appears later (outputs, markdown re-rendered after an edit);
// it looks only at added nodes, and a rewritten node no longer contains "[@".

const TARGETS = '.jp-RenderedMarkdown, .jp-RenderedHTMLCommon, .widget-html-content, .widget-htmlmath-content';
const SKIP = 'a, code, pre, kbd, samp, script, style, textarea, button, select, .bm-cite, ' +
  '.jp-InputArea-editor, .cm-editor, .CodeMirror';
const BRACKET = /\[(@[^\]]*)\]/g;
const KEY = /@([A-Za-z0-9_:\-]+)/g;
const STATES = new WeakMap();  // notebook node -> {map, seen}

function label(ref, text) {
  if (!ref.url) return document.createTextNode(text);
  const a = document.createElement('a');
  a.href = ref.url;
  a.target = '_blank';
  a.rel = 'noopener';
  a.textContent = text;
  return a;
}

function rewrite(node, state) {
  const text = node.nodeValue;
  if (!text || text.indexOf('[@') < 0 || state.seen.has(node)) return;
  const parent = node.parentElement;
  if (!parent || parent.closest(SKIP) || !parent.closest(TARGETS)) return;
  const map = state.map;
  let out = null, pos = 0, m;
  BRACKET.lastIndex = 0;
  while ((m = BRACKET.exec(text))) {
    const keys = Array.from(m[1].matchAll(KEY), k => k[1]);
    if (!keys.length || keys.some(k => !Object.prototype.hasOwnProperty.call(map, k))) continue;
    out = out || document.createDocumentFragment();
    const span = document.createElement('span');
    span.className = 'bm-cite';
    let before = text.slice(pos, m.index);
    // "Willard et al. 2012 [@willard2012]" (the tools' cards): link the words already there
    const ref = map[keys[0]];
    const trimmed = before.replace(/\s+$/, '');
    const said = keys.length === 1 && [ref.label, ref.plain].find(s => s && trimmed.endsWith(s));
    if (said) {
      out.append(trimmed.slice(0, trimmed.length - said.length));
      span.append(label(ref, ref.label));
    } else {
      out.append(before);
      span.append('(');
      keys.forEach((k, i) => { if (i) span.append('; '); span.append(label(map[k], map[k].label)); });
      span.append(')');
    }
    out.append(span);
    pos = m.index + m[0].length;
  }
  if (!out) { state.seen.add(node); return; }  // only unknown keys: leave as written
  out.append(text.slice(pos));
  node.replaceWith(out);
}

function scan(el, state) {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
    acceptNode: n => (n.nodeValue.indexOf('[@') >= 0 ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP),
  });
  const found = [];
  while (walker.nextNode()) found.push(walker.currentNode);
  found.forEach(n => rewrite(n, state));
}

function visit(node, state) {
  if (node.nodeType === Node.TEXT_NODE) return rewrite(node, state);
  if (node.nodeType !== Node.ELEMENT_NODE || node.closest(SKIP)) return;
  if (node.closest(TARGETS)) return scan(node, state);
  node.querySelectorAll(TARGETS).forEach(t => scan(t, state));
}

function attach(root, map) {
  let state = STATES.get(root);
  if (state) {  // a second widget (kernel restarted): the new map, one observer
    state.map = map;
  } else {
    state = { map, seen: new WeakSet() };
    STATES.set(root, state);
    new MutationObserver(records => {
      for (const r of records) r.addedNodes.forEach(n => visit(n, state));
    }).observe(root, { childList: true, subtree: true });
  }
  visit(root, state);  // what is already there, once
  return state;
}

export default {
  render({ model, el }) {
    el.style.display = 'none';
    el.classList.add('bm-citations', 'widget-bm-citations');  // ipywidgets' naming
    let cancelled = false, tries = 0, state = null;
    const start = () => {
      if (cancelled) return;
      if (!el.isConnected) {  // not in the page yet (or its cell is scrolled out of a window)
        tries++ < 120 ? requestAnimationFrame(start) : setTimeout(start, 500);
        return;
      }
      // no empty output row under the first cell
      const row = el.closest('.jp-OutputArea-child');
      if (row) row.style.display = 'none';
      const root = el.closest('.jp-Notebook') || el.closest('.jp-NotebookPanel') || document.body;
      state = attach(root, model.get('citations') || {});
    };
    requestAnimationFrame(start);
    const update = () => { if (state) { state.map = model.get('citations') || {}; state.seen = new WeakSet(); } };
    model.on('change:citations', update);
    // the observer outlives this view (re-running the first cell clears it; the text stays readable)
    // and serves the next widget of this notebook
    return () => { cancelled = true; model.off('change:citations', update); };
  },
};
