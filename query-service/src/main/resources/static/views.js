// Organization overview, audit export, admin pages.
import { query, command, session } from './api.js';
import { h, $, showError, status, when, badge, usageChart } from './ui.js';

export async function overviewView(org) {
  const view = $('#view');
  const o = encodeURIComponent(org);
  const now = Date.now();
  const [summary, daily, hourly] = await Promise.all([
    query.get('/v1/organizations/' + o + '/summary', { scoped: false }),
    query.get('/v1/organizations/' + o + '/usage?interval=day&from=' + new Date(now - 30 * 86400e3).toISOString()
      + '&to=' + new Date(now).toISOString(), { scoped: false }),
    query.get('/v1/organizations/' + o + '/usage?interval=hour&from=' + new Date(now - 48 * 3600e3).toISOString()
      + '&to=' + new Date(now).toISOString(), { scoped: false })]);
  const byStatus = summary.keys || {};
  const req = summary.requests || {};
  const loading = () => h('li', { class: 'loading' }, 'Loading…');
  const top = h('ol', { id: 'top-keys' }, loading());
  const anomalies = h('ul', { id: 'org-anomalies' }, loading());
  const expiring = h('ul', { id: 'expiring' }, loading());
  view.replaceChildren(h('h2', {}, 'Overview of ' + (summary.name || org)),
    h('div', { class: 'grid' },
      h('section', { class: 'card', 'aria-labelledby': 'h-status' }, h('h3', { id: 'h-status' }, 'Keys by status'),
        h('ul', { id: 'keys-by-status' }, Object.entries(byStatus).map(([s, n]) => h('li', {}, s === 'total' ? 'total' : badge(s), ' ', String(n))))),
      h('section', { class: 'card', 'aria-labelledby': 'h-month' }, h('h3', { id: 'h-month' }, 'Requests since ' + when(summary.from)),
        h('p', { id: 'org-totals' }, 'requests ' + (req.requests ?? 0) + ' · allowed ' + (req.allowed ?? 0) + ' · denied ' + (req.denied ?? 0)),
        h('p', { class: 'hint' }, 'denied by code: ' + (Object.entries(req.by_code || {}).filter(([c]) => c !== 'VALID')
          .map(([c, n]) => c + ' ' + n).join(', ') || 'none')))),
    h('section', { class: 'card', 'aria-labelledby': 'h-traffic' }, h('h3', { id: 'h-traffic' }, 'Requests and denials'),
      h('div', { class: 'grid' },
        h('div', {}, h('h4', {}, 'Last 48 hours, per hour'), usageChart(hourly.data, 'Organization requests per hour, last 48 hours')),
        h('div', {}, h('h4', {}, 'Last 30 days, per day'), usageChart(daily.data, 'Organization requests per day, last 30 days')))),
    h('div', { class: 'grid' },
      h('section', { class: 'card', 'aria-labelledby': 'h-top' }, h('h3', { id: 'h-top' }, 'Most used keys this month'), top),
      h('section', { class: 'card', 'aria-labelledby': 'h-expiring' }, h('h3', { id: 'h-expiring' }, 'Keys expiring in the next 30 days'), expiring)),
    h('section', { class: 'card', 'aria-labelledby': 'h-anomalies' }, h('h3', { id: 'h-anomalies' }, 'Recent anomalies'), anomalies));
  const keyLink = (k) => h('a', { href: '#/keys/' + encodeURIComponent(k.id) }, k.name || k.id);
  query.get('/v1/organizations/' + o + '/top-keys?limit=10', { scoped: false }).then((t) => top.replaceChildren(...(t.data.length
    ? t.data.map((k) => h('li', {}, keyLink(k), ' ', h('span', { class: 'mono' }, k.prefix + '…'), ' — ' + k.requests_this_month
      + ' this month, ' + k.requests_today + ' today'))
    : [h('li', {}, 'No key was used this month.')]))).catch((e) => top.replaceChildren(h('li', {}, e.message)));
  query.get('/v1/anomalies?limit=10').then((a) => anomalies.replaceChildren(...(a.data.length
    ? a.data.map((x) => h('li', {}, h('strong', {}, x.type), ' · ', when(x.detected_at), ' · ',
      x.key_id ? h('a', { href: '#/keys/' + encodeURIComponent(x.key_id) }, x.key_id) : (x.subject || ''),
      h('br'), h('span', { class: 'hint' }, 'evidence: ' + JSON.stringify(x.evidence || {}))))
    : [h('li', {}, 'None.')]))).catch((e) => anomalies.replaceChildren(h('li', {}, e.message)));
  // active keys whose expiry falls within 30 days (expires_before=, index org_expires), soonest first
  query.get('/v1/api-keys?status=active&limit=200&expires_before=' + encodeURIComponent(new Date(now + 30 * 86400e3).toISOString()))
    .then((page) => {
      const soon = page.data.slice().sort((a, b) => Date.parse(a.expires_at) - Date.parse(b.expires_at));
      expiring.replaceChildren(...(soon.length ? soon.map((k) => h('li', {}, keyLink(k), ' — ' + when(k.expires_at)))
        : [h('li', {}, 'None.')]), ...(page.next_cursor ? [h('li', { class: 'hint' }, 'More than 200: the 200 newest are shown.')] : []));
    }).catch((e) => expiring.replaceChildren(h('li', {}, e.message)));
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
  const list = await query.get('/v1/admin/projections', { scoped: false });
  const rows = list.data.map(({ name }) => {
    const bar = h('progress', { id: 'progress-' + name, max: 1, value: 0, 'aria-label': 'Progress of ' + name });
    const text = h('span', { id: 'progress-text-' + name }, '…');
    const button = h('button', { type: 'button', id: 'rebuild-' + name, 'aria-label': 'Rebuild ' + name }, 'Rebuild');
    const show = (p) => {
      bar.max = Math.max(p.total || 0, 1); bar.value = Math.min(p.processed || 0, bar.max);
      text.textContent = p.status + ' · ' + (p.processed ?? 0) + ' / ' + (p.total ?? 0);
      return p;
    };
    const poll = async () => {
      if (!bar.isConnected) return; // the page was left
      const p = show(await query.get('/v1/admin/projections/' + encodeURIComponent(name), { scoped: false }));
      if (p.status === 'rebuilding' || p.status === 'catching_up') setTimeout(() => poll().catch(showError), 1000);
    };
    button.addEventListener('click', async () => {
      if (!confirm('Rebuild ' + name + '? The API keeps answering while it replays.')) return;
      try { show(await query.post('/v1/admin/projections/' + encodeURIComponent(name) + '/rebuild', undefined, { scoped: false })); await poll(); }
      catch (e) { showError(e); }
    });
    const row = h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, bar, ' ', text), h('td', {}, button));
    setTimeout(() => poll().catch(showError), 0);
    show(list.data.find((p) => p.name === name));
    return row;
  });
  $('#view').replaceChildren(h('h2', {}, 'Projections'),
    h('p', { class: 'hint' }, 'A rebuild replays every event into the projection from the start; the progress updates every second.'),
    h('div', { class: 'table-wrap' }, h('table', { id: 'projections' },
      h('thead', {}, h('tr', {}, ['Projection', 'Progress', 'Action'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))));
}

export async function deadLettersView() {
  const list = await query.get('/v1/admin/dead-letters', { scoped: false });
  const data = list.data || list;
  $('#view').replaceChildren(h('h2', {}, 'Dead letters'),
    h('pre', { class: 'card' }, JSON.stringify(data, null, 2)));
}

/** Webhook endpoints of the organization (command API, webhooks:read), never a secret. */
export async function webhooksView() {
  const org = session.org();
  const list = await command.send('GET', '/v1/webhooks' + (org ? '?organization_id=' + encodeURIComponent(org) : ''));
  const rows = list.data.map((w) => h('tr', {},
    h('td', { class: 'mono' }, w.url), h('td', {}, (w.events || []).join(', ')), h('td', {}, w.description || '—'),
    h('td', {}, w.enabled === false ? badge('disabled') : badge('active')),
    h('td', {}, w.failing_since ? 'failing since ' + when(w.failing_since) : '—'), h('td', {}, when(w.created_at))));
  $('#view').replaceChildren(h('h2', {}, 'Webhooks'),
    h('p', { class: 'hint' }, 'Endpoints are managed through the command API (POST /v1/webhooks); deliveries are signed per Standard Webhooks.'),
    h('div', { class: 'table-wrap' }, h('table', { id: 'webhooks' },
      h('thead', {}, h('tr', {}, ['URL', 'Events', 'Description', 'State', 'Failing', 'Created'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 6 }, 'No webhook endpoints.'))))));
}

/** Key requests (command API): keys:approve sees the organization's, any other key its own. */
export async function keyRequestsView(params) {
  const wanted = params && params.get('status');
  const list = await command.send('GET', '/v1/key-requests?limit=100' + (wanted ? '&status=' + encodeURIComponent(wanted) : ''));
  const filter = h('form', { class: 'filters card', id: 'kr-filters' },
    h('label', {}, 'Status', h('select', { name: 'status' }, ['', 'pending', 'approved', 'denied', 'expired', 'claimed']
      .map((s) => h('option', { value: s, selected: wanted === s }, s || 'any')))),
    h('button', { type: 'submit' }, 'Apply'));
  filter.addEventListener('submit', (e) => {
    e.preventDefault();
    const s = new FormData(filter).get('status');
    location.hash = '#/key-requests' + (s ? '?status=' + encodeURIComponent(s) : '');
  });
  const rows = list.data.map((r) => h('tr', {},
    h('td', {}, r.name), h('td', {}, badge(r.status)), h('td', {}, (r.permissions || []).join(', ') || '—'),
    h('td', {}, r.justification || '—'), h('td', {}, when(r.created_at))));
  $('#view').replaceChildren(h('h2', {}, 'Key requests'), filter,
    h('div', { class: 'table-wrap' }, h('table', { id: 'key-requests' },
      h('thead', {}, h('tr', {}, ['Name', 'Status', 'Permissions', 'Justification', 'Asked'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: 5 }, 'No key requests.'))))));
}
