// The conformance journey: the rules of the 掌上人大 contract (api/README.md) that a schema
// cannot express, checked from outside against any backend. Plain Node (built-in fetch, no
// build step, no dependency) so that an implementer needs nothing but Node 20 to run it.
//
//   BASE=https://their-backend.example node tests/conformance/journey.mjs
//   Accounts: TOKEN (a citizen), OTHER_TOKEN (a second citizen), STAFF_TOKEN (liaison-station
//   staff); or, on a demo server (one that answers `demo_code`), the demo accounts sign in by
//   themselves (PHONE, OTHER_PHONE, STAFF_PHONE override their numbers).
//
// Prints one line per rule (PASS/FAIL/SKIP and the reason) and exits 1 if any rule failed.

const BASE = (process.env.BASE || '').replace(/\/+$/, '');
if (!BASE) {
  console.error('journey: set BASE to the backend origin, e.g. BASE=http://127.0.0.1:8080');
  process.exit(2);
}
const API = `${BASE}/api/v1`;
const results = [];

async function call(method, path, { token, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h['content-type'] = 'application/json';
  const res = await fetch(path.startsWith('http') ? path : `${API}${path}`, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = res.headers.get('content-type') || '';
  let json = null;
  if (type.includes('json')) json = await res.json().catch(() => null);
  else await res.body?.cancel();
  return { status: res.status, type, json, headers: res.headers };
}

class Fail extends Error {}
class Skip extends Error {}
function expect(cond, reason) {
  if (!cond) throw new Fail(reason);
}
function expectStatus(r, want, what) {
  expect(r.status === want, `${what}: expected ${want}, got ${r.status} ${JSON.stringify(r.json)?.slice(0, 200) ?? ''}`);
}

async function rule(name, fn) {
  try {
    const note = await fn();
    results.push(['PASS', name, note || '']);
  } catch (e) {
    if (e instanceof Skip) results.push(['SKIP', name, e.message]);
    else results.push(['FAIL', name, e instanceof Fail ? e.message : `error: ${e.stack || e}`]);
  }
  const [s, n, why] = results[results.length - 1];
  console.log(`${s.padEnd(4)}  ${n}${why ? ` — ${why}` : ''}`);
}

// ---- accounts
async function signIn(phone) {
  const c = await call('POST', '/auth/codes', { body: { phone } });
  if (c.status !== 202 || !c.json?.demo_code) return null;
  const s = await call('POST', '/auth/sessions', { body: { phone, code: c.json.demo_code } });
  return s.status === 201 ? s.json.token : null;
}
const citizen = process.env.TOKEN || (await signIn(process.env.PHONE || '13800000001'));
const other = process.env.OTHER_TOKEN || (await signIn(process.env.OTHER_PHONE || '13800000002'));
const staff = process.env.STAFF_TOKEN || (await signIn(process.env.STAFF_PHONE || '13700000001'));
const need = (t, what) => {
  if (!t) throw new Skip(`needs ${what}`);
  return t;
};

// ---- rules
async function walk(path, token) {
  const seen = new Set();
  let cursor = null;
  for (let pages = 1; pages <= 500; pages++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await call('GET', cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path, { token });
    expectStatus(r, 200, `GET ${path} page ${pages}`);
    for (const item of r.json.items) {
      expect(!seen.has(item.id), `GET ${path}: item ${item.id} came again on page ${pages}`);
      seen.add(item.id);
    }
    if (r.json.next_cursor == null) return `${seen.size} items in ${pages} pages`;
    expect(r.json.items.length > 0, `GET ${path}: an empty page ${pages} with a next_cursor`);
    cursor = r.json.next_cursor;
  }
  throw new Fail(`GET ${path}: no end after 500 pages`);
}

await rule('cursor pages end and never repeat (articles, events, deputies, board)', async () => {
  const notes = [];
  for (const p of ['/articles?limit=7', '/events?limit=3', '/deputies?limit=2', '/board?limit=5']) notes.push(`${p}: ${await walk(p)}`);
  return notes.join('; ');
});

await rule('an empty query value is the parameter left out', async () => {
  const a = await call('GET', '/articles?kind=&category=&q=&sort=&cursor=&limit=');
  const b = await call('GET', '/articles');
  expectStatus(a, 200, 'GET /articles?kind=&…&limit=');
  expect(JSON.stringify(a.json.items.map((i) => i.id)) === JSON.stringify(b.json.items.map((i) => i.id)), 'not the same page as without the parameters');
});

await rule('unknown query parameters are ignored, a parameter given twice is a 400', async () => {
  expectStatus(await call('GET', '/articles?no_such_parameter=1'), 200, 'GET /articles?no_such_parameter=1');
  const twice = await call('GET', '/articles?kind=news&kind=policy');
  expectStatus(twice, 400, 'GET /articles?kind=news&kind=policy');
  expect(twice.json?.errors?.some((e) => e.field === 'kind'), 'errors[] does not name kind');
});

await rule('CORS: any origin, the contract\'s request headers, no credentials', async () => {
  const res = await fetch(`${API}/messages`, {
    method: 'OPTIONS',
    headers: {
      origin: 'https://app.example.org',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, idempotency-key',
    },
  });
  await res.body?.cancel();
  expect(res.status >= 200 && res.status < 300, `preflight: ${res.status}`);
  const origin = res.headers.get('access-control-allow-origin');
  expect(origin === '*' || origin === 'https://app.example.org', `Access-Control-Allow-Origin: ${origin}`);
  const allowed = (res.headers.get('access-control-allow-headers') || '').toLowerCase();
  for (const h of ['authorization', 'content-type', 'idempotency-key']) {
    expect(allowed === '*' || allowed.includes(h), `Access-Control-Allow-Headers lacks ${h}: "${allowed}"`);
  }
  expect(res.headers.get('access-control-allow-credentials') !== 'true', 'credentials allowed (auth is by bearer token)');
});

await rule('errors are problem+json with their status', async () => {
  const r = await call('GET', '/articles/no-such-article');
  expectStatus(r, 404, 'GET /articles/no-such-article');
  expect(r.type.startsWith('application/problem+json'), `content-type ${r.type}`);
  expect(r.json?.status === 404 && typeof r.json.title === 'string', 'no status/title in the problem');
  const bad = await call('GET', '/articles?limit=0');
  expectStatus(bad, 400, 'GET /articles?limit=0');
  expect(bad.json?.errors?.some((e) => e.field === 'limit'), 'errors[] does not name limit');
});

await rule('401 without a token where one is needed', async () => {
  for (const p of ['/me', '/messages/mine', '/notifications']) expectStatus(await call('GET', p), 401, `GET ${p}`);
});

// A private message of the citizen, made once, used by the rules below.
let message = null;
async function newMessage(key, title, pub = false) {
  const cats = await call('GET', '/message-categories');
  const deps = await call('GET', '/deputies?limit=1');
  expect(cats.json?.items?.length && deps.json?.items?.length, 'no message category or no deputy to write to');
  const body = {
    recipient: { kind: 'deputy', id: deps.json.items[0].id },
    category_id: cats.json.items[0].id,
    title,
    body: '这是一条一致性检查留言，用于验证接口行为，请忽略。',
    public: pub,
  };
  return { body, r: await call('POST', '/messages', { token: citizen, body, headers: { 'idempotency-key': key } }) };
}

await rule('idempotent create: the same Idempotency-Key answers the same message, once', async () => {
  need(citizen, 'TOKEN (a citizen)');
  const key = `conformance-${Date.now()}-${Math.random().toString(16).slice(2)}`;
  const first = await newMessage(key, '一致性检查留言');
  expectStatus(first.r, 201, 'POST /messages');
  const again = await call('POST', '/messages', { token: citizen, body: first.body, headers: { 'idempotency-key': key } });
  expect(again.status === 201 && again.json?.id === first.r.json.id, `the repeat answered ${again.status} ${again.json?.id}, not 201 ${first.r.json.id}`);
  const changed = await call('POST', '/messages', { token: citizen, body: { ...first.body, title: '另一条一致性留言' }, headers: { 'idempotency-key': key } });
  expectStatus(changed, 409, 'the same key with another body');
  const mine = await call('GET', '/messages/mine?limit=50', { token: citizen });
  const n = mine.json.items.filter((m) => m.id === first.r.json.id).length;
  expect(n === 1, `the message is listed ${n} times in /messages/mine`);
  message = first.r.json;
});

await rule('404, not 403, for a message the caller may not see', async () => {
  need(other, 'OTHER_TOKEN (a second citizen)');
  if (!message) throw new Skip('no message (idempotent create failed or was skipped)');
  const r = await call('GET', `/messages/${message.id}`, { token: other });
  expectStatus(r, 404, "another citizen's GET of a private message");
  const anon = await call('GET', `/messages/${message.id}`);
  expect(anon.status === 404 || anon.status === 401, `anonymous GET: ${anon.status}, expected 404 (or 401)`);
  const unknown = await call('GET', '/messages/no-such-message', { token: other });
  expectStatus(unknown, 404, 'an unknown id');
});

await rule('409 on a stale version', async () => {
  need(staff, 'STAFF_TOKEN (liaison-station staff)');
  if (!message) throw new Skip('no message');
  const seen = await call('GET', `/messages/${message.id}`, { token: staff });
  expectStatus(seen, 200, 'staff GET of the message');
  if (!seen.json.can?.triage) throw new Skip('the staff account may not triage this message (can.triage false)');
  const deps = await call('GET', '/deputies?limit=1');
  const body = { version: seen.json.version, track: 'fast', category_id: seen.json.category.id, handler: { kind: 'deputy', id: deps.json.items[0].id } };
  expectStatus(await call('POST', `/messages/${message.id}/triage`, { token: staff, body }), 200, 'triage at the current version');
  const stale = await call('POST', `/messages/${message.id}/status`, { token: staff, body: { version: seen.json.version, status: 'accepted' } });
  expectStatus(stale, 409, 'a change with the version seen before the triage');
});

await rule('the stream ticket is single-use', async () => {
  need(citizen, 'TOKEN');
  const t = await call('POST', '/notifications/stream-tickets', { token: citizen });
  expectStatus(t, 201, 'POST /notifications/stream-tickets');
  const url = `${API}/notifications/stream?ticket=${encodeURIComponent(t.json.ticket)}`;
  const ctl = new AbortController();
  const first = await fetch(url, { signal: ctl.signal, headers: { accept: 'text/event-stream' } });
  expect(first.status === 200, `first use: ${first.status}`);
  ctl.abort();
  const second = await fetch(url, { headers: { accept: 'text/event-stream' } });
  await second.body?.cancel();
  expect(second.status === 401, `second use: ${second.status}, expected 401`);
});

await rule('citizens are masked on the board', async () => {
  const board = await call('GET', '/board?limit=50');
  expectStatus(board, 200, 'GET /board');
  const citizens = board.json.items.filter((m) => m.author?.role === 'citizen');
  if (!citizens.length) throw new Skip('no citizen message on the board');
  let me = null;
  if (citizen) me = (await call('GET', '/me', { token: citizen })).json;
  for (const m of citizens) {
    expect(/^.?\*+$/u.test(m.author.name), `board message ${m.id}: author name "${m.author.name}" is not masked (first character + *)`);
    if (me?.name && me.name.length > 1) expect(m.author.name !== me.name, `board message ${m.id} shows a full name`);
    expect(!/1\d{10}/.test(JSON.stringify(m)), `board message ${m.id} shows a phone number`);
  }
  return `${citizens.length} citizen messages`;
});

await rule('comments: an idempotent create, masked for others, deleted by its author', async () => {
  need(citizen, 'TOKEN');
  need(other, 'OTHER_TOKEN');
  const articles = await call('GET', '/articles?limit=1');
  const article = articles.json.items[0];
  if (!article) throw new Skip('no article');
  const key = `conformance-c-${Date.now()}-${Math.random().toString(16).slice(2)}`;
  const body = { target_kind: 'article', target_id: article.id, body: `一致性检查评论 ${key.slice(-6)}` };
  const first = await call('POST', '/comments', { token: citizen, body, headers: { 'idempotency-key': key } });
  expectStatus(first, 201, 'POST /comments');
  const again = await call('POST', '/comments', { token: citizen, body, headers: { 'idempotency-key': key } });
  expect(again.status === 201 && again.json?.id === first.json.id, `the repeat answered ${again.status} ${again.json?.id}, not 201 ${first.json.id}`);
  if (first.json.state !== 'published') return 'held for review (pre-moderation): masking not checked';
  const seen = await call('GET', `/comments?target_kind=article&target_id=${encodeURIComponent(article.id)}&limit=50`, { token: other });
  expectStatus(seen, 200, 'GET /comments');
  const mine = seen.json.items.filter((c) => c.id === first.json.id);
  expect(mine.length === 1, `the comment is listed ${mine.length} times`);
  if (mine[0].author.role === 'citizen') expect(/^.?\*+$/u.test(mine[0].author.name), `author name "${mine[0].author.name}" is not masked for another user`);
  expect(!mine[0].can?.edit && !mine[0].can?.delete, "another user may edit or delete someone's comment");
  const del = await call('DELETE', `/comments/${first.json.id}`, { token: other });
  expectStatus(del, 403, "another user's DELETE");
  expectStatus(await call('DELETE', `/comments/${first.json.id}`, { token: citizen }), 204, "the author's DELETE");
  const after = await call('GET', `/comments?target_kind=article&target_id=${encodeURIComponent(article.id)}&limit=50`);
  expect(!after.json.items.some((c) => c.id === first.json.id), 'a deleted comment without replies is still listed');
});

await rule('likes: one per user, undone by DELETE', async () => {
  need(citizen, 'TOKEN');
  const articles = await call('GET', '/articles?limit=1');
  const article = articles.json.items[0];
  if (!article) throw new Skip('no article');
  const path = `/likes/article/${encodeURIComponent(article.id)}`;
  await call('DELETE', path, { token: citizen });
  const before = await call('GET', path);
  expectStatus(before, 200, `GET ${path}`);
  const one = await call('PUT', path, { token: citizen });
  const two = await call('PUT', path, { token: citizen });
  expectStatus(two, 200, `PUT ${path} twice`);
  expect(one.json.like_count === before.json.like_count + 1 && two.json.like_count === one.json.like_count && two.json.liked === true,
    `like counts ${before.json.like_count} → ${one.json.like_count} → ${two.json.like_count}`);
  const undo = await call('DELETE', path, { token: citizen });
  expect(undo.json.like_count === before.json.like_count && undo.json.liked === false, `after DELETE: ${JSON.stringify(undo.json)}`);
  expectStatus(await call('PUT', path), 401, `PUT ${path} without a token`);
});

const newKey = (what) => `conformance-${what}-${Date.now()}-${Math.random().toString(16).slice(2)}`;

await rule('polls: one vote per user, never changed; results as the poll says', async () => {
  need(citizen, 'TOKEN');
  need(staff, 'STAFF_TOKEN');
  const inAnHour = new Date(Date.now() + 3600_000).toISOString();
  const made = await call('POST', '/polls', {
    token: staff,
    headers: { 'idempotency-key': newKey('poll') },
    body: {
      title: '一致性检查投票',
      description: '检查每人一票。',
      scope: { kind: 'all' },
      closes_at: inAnHour,
      results_shown: 'after_close',
      questions: [{ text: '您常用哪种方式留言？', kind: 'single', options: ['手机', '联络站'] }],
    },
  });
  expectStatus(made, 201, 'POST /polls (staff)');
  const poll = made.json;
  expectStatus(await call('POST', '/polls', { token: citizen, headers: { 'idempotency-key': newKey('poll') }, body: {} }), 403, 'POST /polls by a citizen');
  const question = poll.questions[0];
  const ballot = (i) => ({ answers: [{ question_id: question.id, option_ids: [question.options[i].id] }] });
  const path = `/polls/${encodeURIComponent(poll.id)}/votes`;
  expectStatus(await call('POST', path, { headers: { 'idempotency-key': newKey('vote') }, body: ballot(0) }), 401, 'a vote without sign-in');
  const first = await call('POST', path, { token: citizen, headers: { 'idempotency-key': newKey('vote') }, body: ballot(0) });
  expectStatus(first, 201, 'the first vote');
  expect(first.json.my_vote?.[0]?.option_ids?.[0] === question.options[0].id, `my_vote after voting: ${JSON.stringify(first.json.my_vote)}`);
  expect(first.json.results == null, 'results shown before the close of an after_close poll');
  const second = await call('POST', path, { token: citizen, headers: { 'idempotency-key': newKey('vote') }, body: ballot(1) });
  expectStatus(second, 409, 'a second vote');
  const seen = await call('GET', `/polls/${encodeURIComponent(poll.id)}`, { token: citizen });
  expect(seen.json.voters === 1 && seen.json.can_vote === false && seen.json.my_vote?.[0]?.option_ids?.[0] === question.options[0].id,
    `after a second vote: voters ${seen.json.voters}, can_vote ${seen.json.can_vote}, my_vote ${JSON.stringify(seen.json.my_vote)}`);
  expectStatus(await call('POST', `/polls/${encodeURIComponent(poll.id)}/close`, { token: citizen }), 403, 'a citizen closing a poll');
  const closed = await call('POST', `/polls/${encodeURIComponent(poll.id)}/close`, { token: staff });
  expectStatus(closed, 200, 'staff closing the poll');
  const results = (await call('GET', `/polls/${encodeURIComponent(poll.id)}`)).json.results;
  const votes = results?.questions?.[0]?.options?.map((o) => o.votes);
  expect(results?.voters === 1 && votes?.[0] === 1 && votes?.[1] === 0, `results once closed, to anyone: ${JSON.stringify(results)}`);
});

await rule('topics: a citizen proposes (held under pre-moderation), only staff and deputies close', async () => {
  need(citizen, 'TOKEN');
  need(other, 'OTHER_TOKEN');
  need(staff, 'STAFF_TOKEN');
  const meta = (await call('GET', '/meta')).json;
  const proposed = await call('POST', '/topics', {
    token: citizen,
    headers: { 'idempotency-key': newKey('topic') },
    body: { title: '一致性检查议题：村口路灯', body: '晚上村口太暗，建议加装路灯。' },
  });
  expectStatus(proposed, 201, "POST /topics (a citizen's proposal)");
  const mode = meta?.moderation?.topics;
  if (mode === 'pre') {
    expect(proposed.json.status === 'pending', `a proposal under pre-moderation is ${proposed.json.status}`);
    expectStatus(await call('GET', `/topics/${encodeURIComponent(proposed.json.id)}`, { token: other }), 404, 'a pending topic to another citizen');
    const mine = await call('GET', '/topics/mine', { token: citizen });
    expect(mine.json.items.some((t) => t.id === proposed.json.id), 'the proposal is not in GET /topics/mine');
  }
  const opened = await call('POST', '/topics', {
    token: staff,
    headers: { 'idempotency-key': newKey('topic') },
    body: { title: '一致性检查议题：垃圾分类', body: '请大家谈谈垃圾分类的做法。' },
  });
  expectStatus(opened, 201, 'POST /topics (staff)');
  expect(opened.json.status === 'open', `a topic opened by staff is ${opened.json.status}`);
  const close = `/topics/${encodeURIComponent(opened.json.id)}/close`;
  const conclusion = { conclusion: '已采纳：各村设置分类收集点。', adopted: [] };
  expectStatus(await call('POST', close, { token: citizen, body: conclusion }), 403, 'a citizen closing a topic');
  const closed = await call('POST', close, { token: staff, body: conclusion });
  expectStatus(closed, 200, 'staff closing the topic');
  expect(closed.json.status === 'closed' && closed.json.conclusion === conclusion.conclusion, `closed: ${closed.json.status}, ${closed.json.conclusion}`);
  return `topics moderation: ${mode ?? 'not stated'}`;
});

await rule('points: the daily visit pays once; points and leaderboards need no more than the contract says', async () => {
  need(citizen, 'TOKEN');
  expectStatus(await call('GET', '/points/me'), 401, 'GET /points/me without a token');
  await call('GET', '/me', { token: citizen });
  await call('GET', '/me', { token: citizen });
  const mine = await call('GET', '/points/me', { token: citizen });
  expectStatus(mine, 200, 'GET /points/me');
  for (const a of mine.json.today) {
    if (a.daily_cap != null) expect(a.times_today <= a.daily_cap, `${a.action}: ${a.times_today} times today over its cap ${a.daily_cap}`);
  }
  const visit = mine.json.today.find((a) => a.action === 'daily_visit');
  if (visit) expect(visit.times_today === 1, `two visits today paid ${visit.times_today} times`);
  expectStatus(await call('GET', '/points/leaderboard?period=month'), 200, 'GET /points/leaderboard without a token');
  return visit ? 'visit paid once' : 'this backend pays no visit';
});

await rule('commendations: a public list; only staff commend', async () => {
  need(citizen, 'TOKEN');
  const list = await call('GET', '/commendations');
  expectStatus(list, 200, 'GET /commendations without a token');
  for (const c of list.json.items) {
    if (c.person.role === 'citizen') expect(/\*/.test(c.person.name), `a citizen's name "${c.person.name}" is not masked`);
  }
  const body = { user_id: 'u_nobody', title: '热心群众', reason: '一致性检查', period: '2026年' };
  expectStatus(await call('POST', '/commendations', { headers: { 'idempotency-key': newKey('c') }, body }), 401, 'POST /commendations without a token');
  expectStatus(await call('POST', '/commendations', { token: citizen, headers: { 'idempotency-key': newKey('c') }, body }), 403, 'POST /commendations by a citizen');
});

await rule('practice (模拟实操): a run is handled like a message, checked step by step, and is no real message', async () => {
  need(staff, 'STAFF_TOKEN (liaison-station staff)');
  need(citizen, 'TOKEN');
  expectStatus(await call('GET', '/training/sandbox/cases', { token: citizen }), 403, 'a citizen listing practice cases');
  const cases = await call('GET', '/training/sandbox/cases', { token: staff });
  expectStatus(cases, 200, 'GET /training/sandbox/cases (staff)');
  const c = cases.json.items.find((x) => x.steps.includes('accept'));
  if (!c) throw new Skip('no practice case asks to accept');
  const started = await call('POST', `/training/sandbox/cases/${encodeURIComponent(c.id)}/runs`, { token: staff });
  expect(started.status === 201 || started.status === 200, `starting a run: ${started.status}`);
  const run = started.json;
  expect(run.message?.id === run.id, "the run's message id is not the run's id");
  const again = await call('POST', `/training/sandbox/cases/${encodeURIComponent(c.id)}/runs`, { token: staff });
  expect(again.status === 200 && again.json.id === run.id, `starting again answered ${again.status} ${again.json?.id}, not 200 ${run.id}`);
  expectStatus(await call('GET', `/messages/${encodeURIComponent(run.id)}`, { token: staff }), 404, 'the run as a real message');
  for (const k of ['triage', 'hand_over', 'note']) expect(!run.message.can?.[k], `can.${k} on a practice message`);
  if (!run.message.can?.set_status?.includes('accepted')) throw new Skip(`the run's message cannot be accepted now (${run.message.status})`);
  const path = `/training/sandbox/runs/${encodeURIComponent(run.id)}`;
  const m = await call('POST', `${path}/status`, { token: staff, body: { version: run.message.version, status: 'accepted' } });
  expectStatus(m, 200, 'accepting the practice message');
  expect(m.json.status === 'accepted' && m.json.version !== run.message.version, `after accepting: ${m.json.status}, version ${m.json.version}`);
  expectStatus(await call('POST', `${path}/status`, { token: staff, body: { version: run.message.version, status: 'in_progress' } }), 409, 'a stale version');
  const after = await call('GET', path, { token: staff });
  const check = after.json.checks?.find((x) => x.step === 'accept');
  expect(check && typeof check.ok === 'boolean' && typeof check.explanation === 'string', `no explained check of accept: ${JSON.stringify(after.json.checks)}`);
});

const failed = results.filter(([s]) => s === 'FAIL').length;
const passed = results.filter(([s]) => s === 'PASS').length;
const skipped = results.filter(([s]) => s === 'SKIP').length;
console.log(`journey: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
