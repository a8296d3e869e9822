// The create and edit forms: every field of the command API.
import { h, showError } from './ui.js';

const SUGGESTIONS = ['keys:read', 'keys:write', 'keys:approve', 'audit:read', 'admin:*',
  'tasks:read', 'tasks:write', 'documents:read', 'documents:write', 'documents:*'];
const RATE_PRESETS = {
  none: null,
  'free (10/s, 1,000/day)': { per_second: 10, burst: 20, per_day: 1000 },
  'standard (100/s, 100,000/day)': { per_second: 100, burst: 200, per_day: 100000 },
  'high (1,000/s)': { per_second: 1000, burst: 2000 },
};
const EXPIRY_PRESETS = [['never', null], ['7 days', 7], ['30 days', 30], ['90 days', 90], ['1 year', 365]];

const lines = (text) => text.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);

function field(label, input, hint) {
  const id = input.id;
  return h('div', {}, h('label', { for: id }, label), input, hint ? h('p', { class: 'hint', id: id + '-hint' }, hint) : null);
}

function permissionsField(value) {
  const input = h('input', { id: 'f-permissions', name: 'permissions', list: 'permission-suggestions',
    value: (value || []).join(', '), 'aria-describedby': 'f-permissions-hint', autocomplete: 'off' });
  return [field('Permissions (comma separated)', input,
    'resource:action, e.g. documents:read; a wildcard action grants all of a resource (documents:*); admin:* grants everything.'),
  h('datalist', { id: 'permission-suggestions' }, SUGGESTIONS.map((s) => h('option', { value: s })))];
}

function rateLimitFields(current) {
  const preset = h('select', { id: 'f-rate-preset' }, Object.keys(RATE_PRESETS).map((k) => h('option', { value: k }, k)),
    h('option', { value: 'custom', selected: !!current }, 'custom'));
  const nums = ['per_second', 'burst', 'per_minute', 'per_hour', 'per_day'].map((k) =>
    field(k.replace('_', ' '), h('input', { id: 'f-rl-' + k, type: 'number', min: 0, max: 1000000000, value: current && current[k] ? current[k] : '' })));
  preset.addEventListener('change', () => {
    const p = RATE_PRESETS[preset.value];
    if (preset.value === 'custom') return;
    for (const k of ['per_second', 'burst', 'per_minute', 'per_hour', 'per_day']) {
      document.getElementById('f-rl-' + k).value = p && p[k] ? p[k] : '';
    }
  });
  return h('fieldset', {}, h('legend', {}, 'Rate limit'), field('Preset', preset), h('div', { class: 'row' }, nums));
}

function readRateLimit() {
  const rl = {};
  for (const k of ['per_second', 'burst', 'per_minute', 'per_hour', 'per_day']) {
    const v = document.getElementById('f-rl-' + k).value;
    if (v !== '') rl[k] = Number(v);
  }
  return Object.keys(rl).length ? rl : null;
}

function expiryFields(current) {
  const preset = h('select', { id: 'f-expiry-preset' }, EXPIRY_PRESETS.map(([l, d]) => h('option', { value: d === null ? '' : d }, l)),
    h('option', { value: 'custom', selected: !!current }, 'pick a date'));
  const at = h('input', { id: 'f-expires-at', type: 'datetime-local', value: current ? current.slice(0, 16) : '' });
  return h('div', { class: 'row' }, field('Expiry', preset), field('Expires at (UTC)', at));
}

function readExpiry() {
  const preset = document.getElementById('f-expiry-preset').value;
  if (preset === 'custom') {
    const v = document.getElementById('f-expires-at').value;
    return v ? new Date(v + 'Z').toISOString() : null;
  }
  return preset === '' ? null : new Date(Date.now() + Number(preset) * 86400e3).toISOString();
}

function restrictionsFields(r) {
  return h('fieldset', {}, h('legend', {}, 'Restrictions'),
    field('Allowed IP ranges (CIDR, one per line)', h('textarea', { id: 'f-ips', rows: 2 }, ((r && r.ip_allowlist) || []).join('\n'))),
    field('Allowed referrers (host patterns, one per line)', h('textarea', { id: 'f-referrers', rows: 2 }, ((r && r.referrers) || []).join('\n'))));
}

function readRestrictions() {
  return { ip_allowlist: lines(document.getElementById('f-ips').value), referrers: lines(document.getElementById('f-referrers').value) };
}

function submitting(form, onSubmit, build) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    showError(null);
    try { await onSubmit(build()); } catch (err) { showError(err); } finally { button.disabled = false; }
  });
  return form;
}

export function createKeyForm({ admin, organization, me, onSubmit }) {
  const form = h('form', { id: 'create-form' },
    field('Name', h('input', { id: 'f-name', required: true, maxlength: 200 })),
    field('Description', h('input', { id: 'f-description', maxlength: 1000 })),
    h('div', { class: 'row' },
      field('Environment', h('select', { id: 'f-environment' }, h('option', { value: 'live' }, 'live'), h('option', { value: 'test' }, 'test'))),
      field('Owner type', h('select', { id: 'f-owner-type' }, ['user', 'application', 'system'].map((t) => h('option', { value: t }, t)))),
      field('Owner id', h('input', { id: 'f-owner-id', maxlength: 200, value: me && me.key_id ? '' : '' }))),
    permissionsField([]),
    rateLimitFields(null),
    restrictionsFields(null),
    expiryFields(null),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'create-submit' }, 'Create key')));
  return submitting(form, onSubmit, () => {
    const body = {
      name: document.getElementById('f-name').value,
      environment: document.getElementById('f-environment').value,
      permissions: lines(document.getElementById('f-permissions').value),
      restrictions: readRestrictions(),
    };
    const description = document.getElementById('f-description').value;
    if (description) body.description = description;
    const ownerId = document.getElementById('f-owner-id').value.trim();
    if (ownerId) body.owner = { type: document.getElementById('f-owner-type').value, id: ownerId };
    const rl = readRateLimit();
    if (rl) body.rate_limit = rl;
    const exp = readExpiry();
    if (exp) body.expires_at = exp;
    if (admin && organization) body.organization_id = organization;
    return body;
  });
}

export function editKeyForm(key, onSubmit) {
  const form = h('form', { id: 'edit-form' },
    field('Name', h('input', { id: 'f-name', required: true, maxlength: 200, value: key.name })),
    field('Description', h('input', { id: 'f-description', maxlength: 1000, value: key.description || '' })),
    permissionsField(key.permissions),
    rateLimitFields(key.rate_limit && Object.values(key.rate_limit).some((v) => v) ? key.rate_limit : null),
    restrictionsFields(key.restrictions),
    expiryFields(key.expires_at),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'edit-submit' }, 'Save')));
  return submitting(form, onSubmit, () => ({
    name: document.getElementById('f-name').value,
    description: document.getElementById('f-description').value || null,
    permissions: lines(document.getElementById('f-permissions').value),
    rate_limit: readRateLimit(),
    restrictions: readRestrictions(),
    expires_at: readExpiry(),
  }));
}
