// Issue 17: two instances of the reference server on one database, as behind a load balancer:
// on one SQLite file, and on one PostgreSQL database (`--database postgres://…`, a schema of its
// own on the server of ZSRD_TEST_POSTGRES_URL, which `make test` starts: scripts/pg-throwaway).
// A citizen's app on instance A learns live of a reply made through instance B
// (server/src/notify/relay.rs); behind a round-robin proxy, a create retried on the other
// instance makes one message (idempotency keys live in the database), and the app works with
// its requests spread over both; each periodic job runs on one of the two (the lease of
// server/src/jobs.rs, which each instance's /readyz names), so staff are told of a passed
// deadline once.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIRequestContext } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { startServer, type ServerProcess } from './support/server';
import { ACCOUNTS, apiSession, freshPhone, signInWithApi, uniqueTitle, type ApiSession } from './support/auth';

const BODY = '村口到小学的路段没有路灯，晚上孩子放学很不安全，希望尽快安装。';

async function post(request: APIRequestContext, base: string, p: string, token: string, data: unknown, key?: string) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (key) headers['Idempotency-Key'] = key;
  const r = await request.post(new URL(`/api/v1${p}`, base).toString(), { headers, data });
  return { status: r.status(), body: await r.json() };
}

/** A citizen's message to deputy 陈志强 through `base`. */
function newMessage(request: APIRequestContext, base: string, citizen: ApiSession, title: string, key: string) {
  return post(request, base, '/messages', citizen.token, {
    recipient: { kind: 'deputy', id: 'dp_lw01' }, category_id: 'mc_traffic', title, body: BODY, public: false,
  }, key);
}

/** A small round-robin balancer in front of `upstreams`: each request to the next one. */
async function roundRobin(upstreams: ServerProcess[]): Promise<{ url: string; seen: number[]; close: () => Promise<void> }> {
  let next = 0;
  const seen: number[] = [];
  const proxy = http.createServer((req, res) => {
    const up = upstreams[next++ % upstreams.length];
    seen.push(up.port);
    const forward = http.request({ host: '127.0.0.1', port: up.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => {
      proxy.closeAllConnections();
      proxy.close(() => resolve());
    }),
  };
}

/** A schema of its own on the test PostgreSQL server, and the URL whose sessions use it. */
function pgSchema(admin: string, project: string): { url: string; drop: () => void } {
  const name = `e2e_${project}_${process.pid}_${Date.now()}`.replace(/[^a-z0-9_]/g, '_');
  const psql = (sql: string) => execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', admin, '-c', sql], { stdio: 'pipe' });
  psql(`CREATE SCHEMA ${name}`);
  const url = `${admin}${admin.includes('?') ? '&' : '?'}options=-c%20search_path%3D${name}`;
  return { url, drop: () => psql(`DROP SCHEMA IF EXISTS ${name} CASCADE`) };
}

const PG = process.env.ZSRD_TEST_POSTGRES_URL;

for (const database of ['SQLite', 'PostgreSQL'] as const) test.describe(`two instances on one database (${database})`, () => {
  test.describe.configure({ mode: 'serial' });
  let a: ServerProcess;
  let b: ServerProcess;
  let schema: { url: string; drop: () => void } | undefined;

  test.beforeAll(async ({}, info) => {
    if (database === 'PostgreSQL') {
      test.skip(!PG, 'no PostgreSQL: make test runs this under scripts/pg-throwaway (ZSRD_TEST_POSTGRES_URL)');
      schema = pgSchema(PG!, info.project.name);
      // both on it: the first migrates and seeds it, the second finds it so
      a = await startServer({ args: ['--database', schema.url] });
      b = await startServer({ args: ['--database', schema.url] });
      return;
    }
    a = await startServer();
    // the same database file, a process of its own (its seeding finds the data there)
    b = await startServer({ dir: a.dir });
  });

  test.afterAll(async () => {
    await b?.dispose();
    await a?.dispose();
    schema?.drop();
  });

  test('a citizen whose app is on instance A learns within 2 s of a reply made through instance B', async ({ browser, request }, info) => {
    const title = uniqueTitle('两台服务器路灯', info.project.name);
    // the citizen's app on A (signed in before its first page)
    const context = await browser.newContext({ ...info.project.use, baseURL: a.baseURL });
    const citizen = await signInWithApi(context, request, a.baseURL, freshPhone());
    const deputy = await apiSession(request, b.baseURL, ACCOUNTS.deputy.phone);
    const made = await newMessage(request, a.baseURL, citizen, title, crypto.randomUUID());
    expect(made.status).toBe(201);
    // staff take it in and give it to the deputy (through A: one alert to the citizen)
    const staff = await apiSession(request, a.baseURL, ACCOUNTS.staff.phone);
    const triaged = await post(request, a.baseURL, `/messages/${made.body.id}/triage`, staff.token, {
      version: made.body.version, track: 'major', category_id: 'mc_traffic', handler: { kind: 'deputy', id: 'dp_lw01' },
    });
    expect(triaged.status).toBe(200);

    const page = await context.newPage();
    await page.goto('/notifications');
    await expect(page.getByRole('heading', { level: 1, name: '消息提醒' })).toBeVisible();
    await expect(page.getByText('新提醒会实时送达')).toBeVisible();

    const answer = `已联系供电所，本周内修复（${info.project.name}，经 B）。`;
    const replied = await post(request, b.baseURL, `/messages/${made.body.id}/replies`, deputy.token, { body: answer }, crypto.randomUUID());
    expect(replied.status).toBe(201);
    const item = page.getByRole('link', { name: new RegExp(answer.slice(0, 10)) });
    await expect(item).toBeVisible({ timeout: 2_000 });
    await expect(item).toContainText(`《${title}》`);
    await context.close();
  });

  test('each periodic job runs on one instance only: staff are told of each deadline once', async ({ request }) => {
    const JOBS = ['cleanup', 'deadline_sweep', 'overdue_attempts', 'poll_results', 'training_reminders', 'unattached_uploads'];
    const ready = async (s: ServerProcess) => {
      const r = await request.get(new URL('/readyz', s.baseURL).toString());
      expect(r.status()).toBe(200);
      return (await r.json()) as { instance: string; jobs: string[] };
    };
    // both ticked at their start; between them they hold every job's lease, and no job twice
    await expect.poll(async () => {
      const [ra, rb] = [await ready(a), await ready(b)];
      return [...ra.jobs, ...rb.jobs].sort();
    }, { timeout: 10_000 }).toEqual(JOBS);
    const [ra, rb] = [await ready(a), await ready(b)];
    expect(ra.instance).not.toBe(rb.instance);
    expect(ra.jobs.filter((j) => rb.jobs.includes(j))).toEqual([]);

    // the demo's messages past (or near) their deadline: one alert each to staff, on either instance
    const staff = await apiSession(request, b.baseURL, ACCOUNTS.staff.phone);
    for (const s of [a, b]) {
      const r = await request.get(new URL('/api/v1/notifications?limit=50', s.baseURL).toString(), {
        headers: { Authorization: `Bearer ${staff.token}` },
      });
      expect(r.status()).toBe(200);
      const items = ((await r.json()).items as { kind: string; message_id?: string }[])
        .filter((n) => n.kind.startsWith('deadline_'));
      expect(items.length, 'the sweep told staff of the demo deadlines').toBeGreaterThan(0);
      const seen = items.map((n) => `${n.kind} ${n.message_id}`);
      expect(new Set(seen).size, `each alert once: ${seen.join(', ')}`).toBe(seen.length);
    }
  });

  test('behind a round-robin balancer: a create retried on the other instance makes one message, and the app works across both', async ({ browser, request }, info) => {
    const balancer = await roundRobin([a, b]);
    try {
      const title = uniqueTitle('两台服务器重发', info.project.name);
      const context = await browser.newContext({ ...info.project.use, baseURL: balancer.url });
      const citizen = await signInWithApi(context, request, balancer.url, freshPhone());
      const key = crypto.randomUUID();
      const first = await newMessage(request, balancer.url, citizen, title, key);
      const again = await newMessage(request, balancer.url, citizen, title, key);
      expect(new Set(balancer.seen.slice(-2)).size, 'the two sends went to the two instances').toBe(2);
      expect(first.status).toBe(201);
      expect(again.status).toBe(first.status);
      expect(again.body.id).toBe(first.body.id);

      // The citizen's app through the balancer: its files, its API and its stream spread over
      // both instances; 我的留言 has the message once.
      const page = await context.newPage();
      await page.goto('/messages');
      await expect(page.getByRole('link', { name: new RegExp(title) })).toHaveCount(1);
      expect(new Set(balancer.seen)).toEqual(new Set([a.port, b.port]));
      await context.close();
    } finally {
      await balancer.close();
    }
  });
});
