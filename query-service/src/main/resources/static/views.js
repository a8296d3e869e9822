// Organization overview, audit export, admin pages.
import { query } from './api.js';
import { h, $, showError, status, when, badge, usageChart } from './ui.js';

export async function overviewView(org) {
  const view = $('#view');
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const summary = await query.get('/v1/organizations/' + encodeURIComponent(org) + '/summary', { scoped: false });
  const byStatus = summary.keys || {};
  const req = summary.requests || {};
  const anomalies = h('ul', { id: 'org-anomalies' });
  const expiring = h('ul', { id: 'expiring' });
  view.replaceChildren(h('h2', {}, 'Overview of ' + org),
    h('div', { class: 'grid' },
      h('section', { class: 'card' }, h('h3', {}, 'Keys by status'),
        h('ul', {}, Object.entries(byStatus).map(([s, n]) => h('li', {}, badge(s), ' ', String(n))))),
      h('section', { class: 'card' }, h('h3', {}, 'Requests since ' + when(summary.from || monthStart.toISOString())),
        h('p', {}, 'requests ' + (req.requests ?? 0) + ' · allowed ' + (req.allowed ?? 0) + ' · denied ' + (req.denied ?? 0)),
        h('p', { class: 'hint' }, 'by code: ' + JSON.stringify(req.by_code || {})))),
    h('div', { class: 'grid' },
      h('section', { class: 'card' }, h('h3', {}, 'Recent anomalies'), anomalies),
      h('section', { class: 'card' }, h('h3', {}, 'Keys expiring in the next 30 days'), expiring)));
  query.get('/v1/anomalies?limit=10').then((a) => anomalies.replaceChildren(...(a.data.length
    ? a.data.map((x) => h('li', {}, when(x.detected_at) + ' ' + x.type + ' ' + (x.key_id || x.subject || '') + ' — ' + JSON.stringify(x.evidence || {})))
    : [h('li', {}, 'None.')]))).catch((e) => anomalies.replaceChildren(h('li', {}, e.message)));
  // active keys, first 1,000 (5 pages), whose expiry falls within 30 days
  (async () => {
    const limit = Date.now() + 30 * 86400e3;
    const soon = [];
    let cursor = null, pages = 0;
    do {
      const page = await query.get('/v1/api-keys?status=active&limit=200' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
      soon.push(...page.data.filter((k) => k.expires_at && Date.parse(k.expires_at) <= limit));
      cursor = page.next_cursor; pages++;
    } while (cursor && pages < 5);
    soon.sort((a, b) => Date.parse(a.expires_at) - Date.parse(b.expires_at));
    expiring.replaceChildren(...(soon.length ? soon.map((k) => h('li', {}, h('a', { href: '#/keys/' + encodeURIComponent(k.id) }, k.name), ' ' + when(k.expires_at)))
      : [h('li', {}, 'None.')]));
  })().catch((e) => expiring.replaceChildren(h('li', {}, e.message)));
}

export async function auditView() {
  const now = new Date();
  const from = h('input', { id: 'export-from', type: 'datetime-local', required: true,
    value: new Date(now.getTime() - 30 * 86400e3).toISOString().slice(0, 16) });
  // the inputs hold whole minutes: 'to' one minute ahead, so what happened in the current minute is inside
  const to = h('input', { id: 'export-to', type: 'datetime-local', required: true,
    value: new Date(now.getTime() + 60e3).toISOString().slice(0, 16) });
  const format = h('select', { id: 'export-format' }, h('option', { value: 'ndjson' }, 'NDJSON'), h('option', { value: 'csv' }, 'CSV'));
  const link = h('a', { id: 'export-link', hidden: true }, 'Download again');
  const form = h('form', { id: 'export-form', class: 'card narrow' },
    h('label', { for: 'export-from' }, 'From (UTC)'), from,
    h('label', { for: 'export-to' }, 'To (UTC)'), to,
    h('label', { for: 'export-format' }, 'Format'), format,
    h('p', {}, h('button', { type: 'submit', id: 'export-submit' }, 'Download')), link);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    showError(null);
    try {
      const f = new Date(from.value + 'Z').toISOString(), t = new Date(to.value + 'Z').toISOString();
      const r = await query.raw('/v1/audit/export?from=' + encodeURIComponent(f) + '&to=' + encodeURIComponent(t) + '&format=' + format.value);
      const blob = await r.blob();
      if (link.href) URL.revokeObjectURL(link.href);
      link.href = URL.createObjectURL(blob);
      link.download = 'keyledger-audit-' + f.slice(0, 10) + '-' + t.slice(0, 10) + '.' + format.value;
      link.hidden = false;
      link.click();
      status('Exported ' + blob.size + ' bytes.');
    } catch (err) { showError(err); }
  });
  $('#view').replaceChildren(h('h2', {}, 'Audit export'), form);
}

export async function adminView() {
  const names = ['keys-read-model', 'organizations-read-model', 'audit-index'];
  const rows = names.map((name) => {
    const bar = h('progress', { id: 'progress-' + name, max: 1, value: 0 });
    const text = h('span', { id: 'progress-text-' + name }, '…');
    const button = h('button', { type: 'button', id: 'rebuild-' + name }, 'Rebuild');
    const show = (p) => {
      bar.max = Math.max(p.total || 0, 1); bar.value = Math.min(p.processed || 0, bar.max);
      text.textContent = p.status + ' · ' + (p.processed ?? 0) + ' / ' + (p.total ?? 0);
      return p;
    };
    const poll = async () => {
      const p = show(await query.get('/v1/admin/projections/' + name, { scoped: false }));
      if (p.status === 'rebuilding' || p.status === 'catching_up') setTimeout(() => poll().catch(showError), 1000);
    };
    button.addEventListener('click', async () => {
      if (!confirm('Rebuild ' + name + '? The API keeps answering while it replays.')) return;
      try { show(await query.post('/v1/admin/projections/' + name + '/rebuild', undefined, { scoped: false })); await poll(); }
      catch (e) { showError(e); }
    });
    poll().catch(showError);
    return h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, h('label', { for: 'progress-' + name, class: 'hint' }, 'progress'), bar, ' ', text), h('td', {}, button));
  });
  $('#view').replaceChildren(h('h2', {}, 'Projections'), h('div', { class: 'table-wrap' }, h('table', {}, h('tbody', {}, rows))));
}

export async function deadLettersView() {
  const list = await query.get('/v1/admin/dead-letters', { scoped: false });
  const data = list.data || list;
  $('#view').replaceChildren(h('h2', {}, 'Dead letters'),
    h('pre', { class: 'card' }, JSON.stringify(data, null, 2)));
}

export function comingView(name) {
  $('#view').replaceChildren(h('h2', {}, name === 'webhooks' ? 'Webhooks' : 'Key requests'),
    h('p', {}, 'This part of keyledger has not been built yet; this page will show it once it has.'));
}
