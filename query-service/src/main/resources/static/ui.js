// Small DOM helpers: every text goes in as a text node, never as HTML.
export function h(tag, attrs = {}, ...children) {
  const svg = ['svg', 'rect', 'g', 'line', 'text', 'title', 'polyline'].includes(tag);
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.setAttribute('class', v);
    else if (k in el && !svg && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export const $ = (sel) => document.querySelector(sel);

export function showError(err) {
  const box = $('#error');
  if (!err) { box.hidden = true; box.textContent = ''; return; }
  const p = err.problem || {};
  box.textContent = (p.title && p.detail && p.title !== p.detail ? p.title + ': ' : '') + (err.message || String(err));
  box.hidden = false;
}

export function status(text) { $('#status').textContent = text || ''; }

export function when(t) {
  if (!t) return '—';
  const d = new Date(t);
  return isNaN(d) ? String(t) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function badge(s) { return h('span', { class: 'badge s-' + s }, s); }

/**
 * A modal dialog; closing it empties it, so a plaintext shown in it is forgotten. The emptying is
 * done at once by closeDialog (the 'close' event comes later, as a task: a dialog opened right after
 * another one closed must not be emptied by it) and by the 'close' event for Escape.
 */
let onClose = null;

function forget() {
  $('#dialog-body').replaceChildren();
  const hook = onClose;
  onClose = null;
  if (hook) hook();
}

export function openDialog(title, body, whenClosed) {
  const dialog = $('#dialog');
  if (!dialog.dataset.wired) {
    dialog.dataset.wired = '1';
    dialog.addEventListener('close', () => { if (!dialog.open) forget(); });
  }
  if (onClose) { const hook = onClose; onClose = null; hook(); }
  $('#dialog-title').textContent = title;
  $('#dialog-body').replaceChildren(body);
  onClose = whenClosed || null;
  if (!dialog.open) dialog.showModal();
  return dialog;
}

export function closeDialog() {
  const d = $('#dialog');
  if (d.open) { d.close(); forget(); }
}

/** Plaintext shown once: copy button and the warning; forgotten when the dialog closes. */
export function showSecretOnce(title, secret, extra, afterClose) {
  let shown = secret;
  const code = h('code', { class: 'secret', id: 'plaintext-key' }, shown);
  const copy = h('button', { type: 'button', id: 'copy-key', onclick: async () => {
    try { await navigator.clipboard.writeText(shown); status('Copied to the clipboard.'); }
    catch (e) { status('Copy failed: select the key and copy it by hand.'); }
  } }, 'Copy');
  const body = h('div', {},
    h('p', { class: 'warning' }, 'Copy this key now. It will not be shown again.'),
    code, extra || null,
    h('div', { class: 'actions' }, copy,
      h('button', { type: 'button', class: 'secondary', id: 'close-secret', onclick: closeDialog }, 'I have copied it — close')));
  openDialog(title, body, () => { shown = null; if (afterClose) afterClose(); });
}

/** Stacked bars of allowed and denied per bucket, plain SVG (no inline style). */
export function usageChart(buckets, label) {
  const W = 600, H = 160, n = Math.max(buckets.length, 1);
  const max = Math.max(1, ...buckets.map((b) => b.requests || 0));
  const bw = W / n;
  const svg = h('svg', { viewBox: `0 0 ${W} ${H + 20}`, role: 'img', 'aria-label': label });
  svg.append(h('title', {}, label));
  buckets.forEach((b, i) => {
    const a = (b.allowed || 0) / max * H, d = (b.denied || 0) / max * H;
    const codes = Object.entries(b.by_code || {}).map(([c, v]) => c + ' ' + v).join(', ');
    const g = h('g', {}, h('title', {}, `${when(b.start)}: ${b.allowed || 0} allowed, ${b.denied || 0} denied${codes ? ' (' + codes + ')' : ''}`));
    if (a > 0) g.append(h('rect', { x: i * bw, y: H - a, width: Math.max(bw - 1, 1), height: a, fill: '#1b7f3b' }));
    if (d > 0) g.append(h('rect', { x: i * bw, y: H - a - d, width: Math.max(bw - 1, 1), height: d, fill: '#b42318' }));
    svg.append(g);
  });
  svg.append(h('line', { x1: 0, y1: H, x2: W, y2: H, stroke: '#6b7280' }));
  svg.append(h('text', { x: 0, y: H + 15, 'font-size': 11, fill: '#1b1f24' }, buckets.length ? when(buckets[0].start) : ''));
  svg.append(h('text', { x: W, y: H + 15, 'font-size': 11, 'text-anchor': 'end', fill: '#1b1f24' }, 'max ' + max));
  const total = buckets.reduce((s, b) => [s[0] + (b.allowed || 0), s[1] + (b.denied || 0)], [0, 0]);
  return h('figure', { class: 'chart' }, svg,
    h('figcaption', { class: 'legend' }, h('span', { class: 'sw-allowed' }, '■ allowed ' + total[0]),
      h('span', { class: 'sw-denied' }, '■ denied ' + total[1])));
}
