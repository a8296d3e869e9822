// Talking to keyledger: the key lives in this tab's sessionStorage only and travels as a Bearer header.
const KEY = 'keyledger.key';
const ORG = 'keyledger.org';
let commandUrl = null;

export const session = {
  key: () => sessionStorage.getItem(KEY),
  signIn: (key) => sessionStorage.setItem(KEY, key),
  signOut: () => { sessionStorage.removeItem(KEY); sessionStorage.removeItem(ORG); },
  org: () => sessionStorage.getItem(ORG),
  setOrg: (id) => id ? sessionStorage.setItem(ORG, id) : sessionStorage.removeItem(ORG),
};

/** An API answer that is not 2xx, carrying its problem detail. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || ('HTTP ' + status));
    this.status = status;
    this.problem = problem;
  }
}

export async function loadConfig() {
  const r = await fetch('/dashboard/config.json', { cache: 'no-store' });
  commandUrl = (await r.json()).command_url;
}

function withOrg(path, scoped) {
  const org = session.org();
  if (!scoped || !org) return path;
  return path + (path.includes('?') ? '&' : '?') + 'organization_id=' + encodeURIComponent(org);
}

async function call(base, method, path, { body, headers = {}, scoped = true, raw = false } = {}) {
  const h = { ...headers, Authorization: 'Bearer ' + session.key() };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const r = await fetch(base + withOrg(path, scoped), {
    method, headers: h, body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer',
  });
  if (!r.ok) {
    let problem = {};
    try { problem = await r.json(); } catch (e) { problem = { title: r.statusText }; }
    if (r.status === 412) {
      problem = { ...problem, detail: 'This key was changed meanwhile — reload the page to see its current state, then try again.' };
    }
    throw new ApiError(r.status, problem);
  }
  if (raw) return r;
  if (r.status === 204) return null;
  const text = await r.text();
  const data = text ? JSON.parse(text) : null;
  const etag = r.headers.get('ETag');
  if (data && etag) Object.defineProperty(data, '_etag', { value: etag });
  return data;
}

export const query = {
  get: (path, opts) => call('', 'GET', path, opts),
  post: (path, body, opts) => call('', 'POST', path, { ...opts, body }),
  raw: (path) => call('', 'GET', path, { raw: true }),
};

export const command = {
  send: (method, path, body, headers = {}) => call(commandUrl, method, path, { body, headers, scoped: false }),
};

/** If-Match for a record read from the query side: its version. */
export const ifMatch = (version) => ({ 'If-Match': '"' + version + '"' });
