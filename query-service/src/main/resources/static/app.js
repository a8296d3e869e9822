// keyledger dashboard: hash routes, one view at a time.
import { session, loadConfig, query, command, ifMatch, ApiError } from './api.js';
import { h, $, showError, status, when, badge, openDialog, closeDialog, showSecretOnce, usageChart } from './ui.js';
import { createKeyForm, editKeyForm } from './forms.js';

let me = null;
let timer = null;
const isAdmin = () => !!me && me.permissions.includes('admin:*');
const can = (p) => !!me && (me.permissions.includes(p) || isAdmin()
  || me.permissions.includes(p.split(':')[0] + ':*'));

async function signIn(key) {
  session.signIn(key);
  try {
    me = await query.get('/v1/me', { scoped: false });
  } catch (e) {
    session.signOut();
    me = null;
    const why = e instanceof ApiError && e.status === 401
      ? 'This key was not accepted (wrong, revoked, disabled or expired): ' : 'Sign-in failed: ';
    throw new ApiError(e.status || 0, { ...(e.problem || {}), title: null, detail: why + e.message });
  }
}

function renderChrome() {
  const signedIn = !!me;
  $('#sign-in').hidden = signedIn;
  $('#nav').hidden = !signedIn;
  $('#who').hidden = !signedIn;
  document.querySelectorAll('[data-admin]').forEach((a) => { a.hidden = !isAdmin(); });
  if (!signedIn) { $('#view').replaceChildren(); return; }
  $('#perms').textContent = 'Signed in to ' + me.organization_id + ' · may: ' + me.permissions.join(', ');
  $('#org-picker').hidden = !isAdmin();
}

async function loadOrganizations() {
  if (!isAdmin()) return;
  const select = $('#org');
  const orgs = [];
  let cursor = null;
  do {
    const page = await query.get('/v1/organizations?limit=200' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''), { scoped: false });
    orgs.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor && orgs.length < 2000);
  const current = session.org() || me.organization_id;
  const options = orgs.map((o) => h('option', { value: o.id, selected: o.id === current }, o.name + ' (' + o.id + ')'));
  if (!orgs.some((o) => o.id === me.organization_id)) {
    options.unshift(h('option', { value: me.organization_id, selected: current === me.organization_id }, me.organization_id));
  }
  select.replaceChildren(...options);
}

const organization = () => session.org() || (me && me.organization_id);

const owner = (o) => (o ? o.type + (o.id ? ':' + o.id : '') : '—');
const rateLimit = (rl) => {
  const parts = Object.entries(rl || {}).filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => k.replace('_', ' ') + ' ' + v);
  return parts.length ? parts.join(', ') : 'the plan\'s defaults';
};
const restrictions = (r) => {
  const parts = [];
  if (r && r.ip_allowlist && r.ip_allowlist.length) parts.push('IP ' + r.ip_allowlist.join(', '));
  if (r && r.referrers && r.referrers.length) parts.push('referrers ' + r.referrers.join(', '));
  return parts.length ? parts.join('; ') : 'none';
};

// ---- keys list --------------------------------------------------------------------------------

async function keysView(params) {
  const filters = h('form', { class: 'filters card', id: 'key-filters', role: 'search' },
    h('label', {}, 'Search', h('input', { name: 'q', type: 'search', maxlength: 100, placeholder: 'name or prefix', value: params.get('q') || '' })),
    h('label', {}, 'Status', h('select', { name: 'status' }, ['', 'active', 'disabled', 'revoked', 'expired']
      .map((s) => h('option', { value: s, selected: params.get('status') === s }, s || 'any')))),
    h('label', {}, 'Environment', h('select', { name: 'environment' }, ['', 'live', 'test']
      .map((s) => h('option', { value: s, selected: params.get('environment') === s }, s || 'any')))),
    h('label', {}, 'Owner id', h('input', { name: 'owner_id', value: params.get('owner_id') || '', maxlength: 200 })),
    h('button', { type: 'submit' }, 'Apply'),
    can('keys:write') ? h('button', { type: 'button', id: 'create-key', class: 'secondary', onclick: () => createKeyDialog() }, 'Create key') : null);
  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(filters)) if (v) p.set(k, v);
    location.hash = '#/keys' + (p.toString() ? '?' + p : '');
  });
  const body = h('tbody', { id: 'key-rows' });
  const table = h('div', { class: 'table-wrap' }, h('table', { id: 'keys-table' },
    h('caption', { class: 'hint' }, 'Keys of ' + organization() + ', newest first'),
    h('thead', {}, h('tr', {}, ['Name', 'Prefix', 'Environment', 'Owner', 'Status', 'Permissions', 'Last used', 'Requests today', 'Expires']
      .map((t, i) => h('th', { scope: 'col', class: i === 5 || i === 3 ? 'hide-narrow' : null }, t)))), body));
  const more = h('button', { type: 'button', class: 'secondary', id: 'more-keys', hidden: true }, 'Next page');
  $('#view').replaceChildren(h('h2', {}, 'Keys'), filters, table, h('p', {}, more));

  let cursor = null;
  const load = async () => {
    const p = new URLSearchParams();
    for (const k of ['q', 'status', 'environment', 'owner_id']) if (params.get(k)) p.set(k, params.get(k));
    p.set('limit', '50');
    if (cursor) p.set('cursor', cursor);
    const page = await query.get('/v1/api-keys?' + p);
    if (!page.data.length && !cursor) body.append(h('tr', {}, h('td', { colspan: 9 }, 'No keys match.')));
    for (const k of page.data) {
      const today = h('td', { class: 'today' }, String(k.usage ? k.usage.requests_today : 0));
      body.append(h('tr', { 'data-key-id': k.id },
        h('td', {}, h('a', { href: '#/keys/' + encodeURIComponent(k.id) }, k.name)),
        h('td', { class: 'mono' }, k.prefix + '…'),
        h('td', {}, k.environment),
        h('td', { class: 'hide-narrow' }, owner(k.owner)),
        h('td', {}, badge(k.status)),
        h('td', { class: 'hide-narrow' }, (k.permissions || []).join(', ') || '—'),
        h('td', {}, when(k.last_used)),
        today,
        h('td', {}, when(k.expires_at))));
    }
    cursor = page.next_cursor;
    more.hidden = !cursor;
  };
  more.addEventListener('click', () => load().catch(showError));
  await load();
  // read by the render benchmark (e2e-tests DashboardRenderBenchmark): the first page's rows are on screen
  performance.mark('keys-list-rendered');
}

function createKeyDialog() {
  const form = createKeyForm({ admin: isAdmin(), organization: organization(), me, onSubmit: async (body) => {
    const created = await command.send('POST', '/v1/api-keys', body, { 'Idempotency-Key': crypto.randomUUID() });
    closeDialog();
    showSecretOnce('Key created: ' + created.name, created.key,
      h('p', {}, h('a', { href: '#/keys/' + encodeURIComponent(created.id), onclick: closeDialog }, 'Open the key\'s page')),
      () => { if (!location.hash.startsWith('#/keys/')) route(); });
  } });
  openDialog('Create a key', form);
}

// ---- key page ---------------------------------------------------------------------------------

const REASONS = { manual: 'disabled by hand', leaked: 'its secret was reported as leaked' };
const reasonText = (r) => REASONS[r] || String(r);

async function keyView(id) {
  const path = '/v1/api-keys/' + encodeURIComponent(id);
  let key = await query.get(path);
  const view = $('#view');
  const record = h('dl', { class: 'record', id: 'key-record' });
  const counters = h('p', { id: 'counters', 'aria-live': 'off' });
  const charts = h('div', { id: 'charts' });
  const anomalies = h('ul', { id: 'anomalies' });
  const timeline = h('ol', { class: 'timeline', id: 'timeline' });
  const stateAt = h('input', { type: 'datetime-local', id: 'state-at', step: 1 });
  const stateOut = h('dl', { class: 'record', id: 'state-record' });
  const actions = h('div', { class: 'actions', id: 'key-actions' });
  let actionsFor = null;
  const leak = h('p', { class: 'warning', id: 'leak-warning', hidden: true },
    'This key was disabled because its secret was reported as leaked. Rotate it before you enable it again.');

  const renderRecord = () => {
    leak.hidden = !(key.status === 'disabled' && key.disabled_reason === 'leaked');
    record.replaceChildren(...[
      ['Name', key.name], ['Id', key.id], ['Prefix', key.prefix + '…'],
      ['Status', h('span', { id: 'key-status' }, badge(key.status), key.disabled_reason ? ' — ' + reasonText(key.disabled_reason) : null,
        key.revocation_reason ? ' — ' + key.revocation_reason : null)],
      ['Environment', key.environment], ['Owner', owner(key.owner)],
      ['Permissions', (key.permissions || []).join(', ') || '—'], ['Rate limit', rateLimit(key.rate_limit)],
      ['Restrictions', restrictions(key.restrictions)], ['Created', when(key.created_at)],
      ['Expires', when(key.expires_at)], ['Last used', when(key.last_used)],
      ['Previous secret valid until', when(key.previous_key_valid_until)], ['Version', key.version],
    ].flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
    // the buttons are rebuilt only when what they act on changed: a refresh must not take the focus away
    const state = key.status + '|' + key.version;
    if (state !== actionsFor) { actionsFor = state; renderActions(); }
  };

  const act = (label, fn, cls) => h('button', { type: 'button', class: cls || 'secondary', onclick: async () => {
    showError(null);
    try { await fn(); } catch (e) { showError(e); }
  } }, label);

  const changed = async (answer) => {
    // the command side answered: take its version, then let the read side catch up
    if (answer && answer.version !== undefined) key = { ...key, ...answer };
    renderRecord();
    setTimeout(() => query.get(path).then((k) => { if (k.version >= key.version) { key = k; renderRecord(); } }).catch(() => {}), 1000);
  };

  const renderActions = () => {
    const live = key.status === 'active' || key.status === 'disabled';
    actions.replaceChildren(...(!can('keys:write') || !live ? [h('p', { class: 'hint' }, live ? 'Your key may not change keys.' : 'This key can no longer change.')] : [
      act('Edit', () => openDialog('Edit ' + key.name, editKeyForm(key, async (patch) => {
        const answer = await command.send('PATCH', path, patch, ifMatch(key.version));
        closeDialog(); await changed(answer);
      }))),
      act('Rotate', () => rotateDialog()),
      key.status === 'active'
        ? act('Disable', async () => changed(await command.send('POST', path + '/disable', undefined, ifMatch(key.version))))
        : act('Enable', async () => changed(await command.send('POST', path + '/enable', undefined, ifMatch(key.version)))),
      act('Revoke', () => revokeDialog(), 'danger'),
    ]));
  };

  const rotateDialog = () => {
    const presets = [['none', 0], ['1 minute', 60], ['15 minutes', 900], ['1 hour', 3600], ['24 hours', 86400], ['7 days', 604800]];
    const form = h('form', { id: 'rotate-form' },
      h('fieldset', {}, h('legend', {}, 'Grace period: how long the current secret keeps working'),
        presets.map(([label, s], i) => h('label', {}, h('input', { type: 'radio', name: 'grace', value: s, checked: i === 0 }), ' ' + label))),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Rotate'),
        h('button', { type: 'button', class: 'secondary', onclick: closeDialog }, 'Cancel')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        const grace = Number(new FormData(form).get('grace'));
        const answer = await command.send('POST', path + '/rotate', { grace_period_seconds: grace }, ifMatch(key.version));
        closeDialog();
        key = { ...key, version: key.version + 1, previous_key_valid_until: answer.previous_key_valid_until, prefix: answer.prefix };
        renderRecord();
        showSecretOnce('New secret for ' + key.name, answer.key, h('p', {}, answer.previous_key_valid_until
          ? 'The previous secret keeps working until ' + when(answer.previous_key_valid_until) + '.' : 'The previous secret no longer works.'));
        changed(null);
      } catch (err) { closeDialog(); showError(err); }
    });
    openDialog('Rotate ' + key.name, form);
  };

  const revokeDialog = () => {
    const input = h('input', { id: 'revoke-confirm', autocomplete: 'off' });
    const reason = h('input', { id: 'revoke-reason', maxlength: 500 });
    const form = h('form', { id: 'revoke-form' },
      h('p', {}, 'Revoking is final: every request with this key will be refused. Type the key\'s name ', h('strong', {}, key.name), ' to confirm.'),
      h('label', { for: 'revoke-confirm' }, 'Key name'), input,
      h('label', { for: 'revoke-reason' }, 'Reason (optional)'), reason,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'danger' }, 'Revoke for good'),
        h('button', { type: 'button', class: 'secondary', onclick: closeDialog }, 'Cancel')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (input.value !== key.name) { status('The name does not match; nothing was revoked.'); input.focus(); return; }
      try {
        await command.send('DELETE', path, reason.value ? { reason: reason.value } : undefined, ifMatch(key.version));
        closeDialog();
        key = { ...key, status: 'revoked' };
        renderRecord();
        status('Key revoked.');
      } catch (err) { closeDialog(); showError(err); }
    });
    openDialog('Revoke ' + key.name, form);
  };

  const refresh = async () => {
    const fresh = await query.get(path);
    // the record shown is the one the actions' If-Match names: a change made elsewhere is announced, not swapped in
    if (fresh.version > key.version) status('This key was changed elsewhere meanwhile — reload the page to see it.');
    else if (fresh.version === key.version && fresh.last_used !== key.last_used) { key = fresh; renderRecord(); }
    counters.textContent = 'Requests today: ' + (fresh.usage ? fresh.usage.requests_today : 0)
      + ' · this month: ' + (fresh.usage ? fresh.usage.requests_this_month : 0) + ' · updated ' + when(new Date().toISOString());
    const now = Date.now();
    const u = (interval, ms) => query.get(path + '/usage?interval=' + interval + '&from=' + new Date(now - ms).toISOString() + '&to=' + new Date(now).toISOString());
    const [minute, hour, day] = await Promise.all([u('minute', 3600e3), u('hour', 48 * 3600e3), u('day', 30 * 86400e3)]);
    charts.replaceChildren(
      h('h4', {}, 'Last hour, per minute'), usageChart(minute.data, 'Requests per minute, last hour'),
      h('h4', {}, 'Last 48 hours, per hour'), usageChart(hour.data, 'Requests per hour, last 48 hours'),
      h('h4', {}, 'Last 30 days, per day'), usageChart(day.data, 'Requests per day, last 30 days'));
  };

  view.replaceChildren(
    h('p', {}, h('a', { href: '#/keys' }, '← All keys')),
    h('h2', {}, key.name),
    h('div', { class: 'grid' },
      h('section', { class: 'card' }, h('h3', {}, 'Record'), leak, record, h('h3', {}, 'Actions'), actions),
      h('section', { class: 'card' }, h('h3', {}, 'Usage'), counters, charts)),
    h('div', { class: 'grid' },
      h('section', { class: 'card' }, h('h3', {}, 'Anomalies'), anomalies),
      h('section', { class: 'card' }, h('h3', {}, 'Audit history'), timeline)),
    h('section', { class: 'card' }, h('h3', {}, 'State at…'),
      h('label', { for: 'state-at' }, 'Point in time (UTC)'), stateAt,
      h('button', { type: 'button', id: 'state-show', onclick: async () => {
        showError(null);
        try {
          const at = new Date(stateAt.value + 'Z').toISOString();
          const s = await query.get(path + '/state?at=' + encodeURIComponent(at));
          stateOut.replaceChildren(...['name', 'status', 'permissions', 'expires_at', 'version']
            .flatMap((f) => [h('dt', {}, f), h('dd', {}, Array.isArray(s[f]) ? s[f].join(', ') : (s[f] ?? '—'))]));
        } catch (e) { stateOut.replaceChildren(h('dd', {}, e.message)); }
      } }, 'Show'), stateOut));
  renderRecord();
  await refresh();
  performance.mark('key-page-rendered'); // record, counters and the three charts are on screen
  timer = setInterval(() => refresh().catch(() => {}), 5000);

  query.get('/v1/anomalies?key_id=' + encodeURIComponent(id) + '&limit=20').then((a) => {
    anomalies.replaceChildren(...(a.data.length ? a.data.map((x) => h('li', {}, when(x.detected_at) + ' ' + x.type + ' — ' + JSON.stringify(x.evidence || {})))
      : [h('li', {}, 'None.')]));
  }).catch((e) => anomalies.replaceChildren(h('li', {}, e.message)));
  if (can('audit:read')) {
    query.get(path + '/events').then((ev) => {
      timeline.replaceChildren(...ev.data.slice().reverse().map((e) => h('li', {},
        h('strong', {}, e.type), ' · ', when(e.occurred_at), h('br'),
        'by ', e.actor || '—', ' from ', e.client_ip || '—')));
      performance.mark('key-history-rendered');
    }).catch((e) => timeline.replaceChildren(h('li', {}, e.message)));
  } else {
    timeline.replaceChildren(h('li', {}, 'Your key lacks audit:read.'));
  }
}



// ---- routing ----------------------------------------------------------------------------------

async function route() {
  clearInterval(timer); timer = null;
  showError(null);
  if (!me) { renderChrome(); return; }
  const [path, qs] = (location.hash.slice(1) || '/keys').split('?');
  const params = new URLSearchParams(qs || '');
  const parts = path.split('/').filter(Boolean);
  const views = await import('./views.js');
  try {
    if (parts[0] === 'keys' && parts[1]) await keyView(decodeURIComponent(parts[1]));
    else if (parts[0] === 'overview') await views.overviewView(organization());
    else if (parts[0] === 'audit') await views.auditView();
    else if (parts[0] === 'admin') await views.adminView();
    else if (parts[0] === 'dead-letters') await views.deadLettersView();
    else if (parts[0] === 'webhooks') await views.webhooksView();
    else if (parts[0] === 'key-requests') await views.keyRequestsView(params);
    else await keysView(params);
  } catch (e) { showError(e); }
}

async function start() {
  await loadConfig();
  $('#sign-in-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const input = $('#api-key');
    const key = input.value.trim();
    input.value = '';
    showError(null);
    try { await signIn(key); renderChrome(); await loadOrganizations(); await route(); }
    catch (err) { showError(err); input.focus(); }
  });
  $('#sign-out').addEventListener('click', () => {
    session.signOut(); me = null; clearInterval(timer); renderChrome(); location.hash = ''; status('Signed out.');
  });
  $('#org').addEventListener('change', (e) => { session.setOrg(e.target.value === me.organization_id ? null : e.target.value); route(); });
  window.addEventListener('hashchange', route);
  if (session.key()) {
    try { await signIn(session.key()); await loadOrganizations(); } catch (e) { showError(e); }
  }
  renderChrome();
  await route();
}

start().catch(showError);
