// Starting and stopping the reference server (target/release/server) for end-to-end tests.
//
// The global setup starts ONE shared server for the whole run (see global-setup.ts). A test that
// needs a server of its own — to stop it and start it again ("server down → error with retry →
// server back") — uses `startServer()`, or the `extraServer` fixture of fixtures.ts:
//
//   const server = await startServer();        // own free port, own temp dir and database, --demo
//   await page.goto(server.url('/'));
//   await server.stop();                       // connections now refused
//   await server.start();                      // same port, same database
//   await server.dispose();                    // stop and delete its temp dir (the fixture does it)
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const SERVER_BIN = process.env.ZSRD_SERVER_BIN ?? path.join(REPO_ROOT, 'target', 'release', 'server');
export const DIST_DIR = process.env.ZSRD_DIST ?? path.join(REPO_ROOT, 'dist');

/** A free TCP port on 127.0.0.1 (the OS picks it; free again once we close it). */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ServerOptions {
  /** Port to listen on (default: a free one). */
  port?: number;
  /** Directory for the database and the log (default: a new temp dir, deleted by dispose()). */
  dir?: string;
  /** Start with --demo (the seeded demo data). Default true. */
  demo?: boolean;
  /** Start with --relaxed-limits (rate limits × 1000, for automated tests). Default true. */
  relaxedLimits?: boolean;
  /** Extra command-line arguments. */
  args?: string[];
  /** The built app to serve (default: DIST_DIR; a copy, to deploy a new build while a test runs). */
  staticDir?: string;
  /** How long to wait for GET /api/v1/meta to answer. Default 60 s. */
  readyTimeoutMs?: number;
  /** Extra environment variables for the server process. */
  env?: Record<string, string>;
}

export class ServerProcess {
  readonly port: number;
  readonly dir: string;
  readonly dbPath: string;
  readonly logPath: string;
  readonly baseURL: string;
  private child: ChildProcess | null = null;
  private readonly ownsDir: boolean;

  constructor(private readonly opts: ServerOptions & { port: number }) {
    this.port = opts.port;
    this.ownsDir = !opts.dir;
    this.dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), 'zsrd-e2e-'));
    this.dbPath = path.join(this.dir, 'e2e.db');
    this.logPath = path.join(this.dir, `server-${this.port}.log`);
    this.baseURL = `http://127.0.0.1:${this.port}`;
  }

  /** An absolute URL on this server: url('/api/v1/meta'). */
  url(p = '/'): string {
    return new URL(p, this.baseURL + '/').toString();
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the server (again, on the same port and database) and waits until it answers. */
  async start(): Promise<void> {
    if (this.running) return;
    for (const [what, p] of [['server binary', SERVER_BIN], ['built app (dist/index.html)', path.join(DIST_DIR, 'index.html')]]) {
      if (!existsSync(p)) {
        throw new Error(`${what} not found at ${p}: build first (make test does: trunk build --release; cargo build --release -p server)`);
      }
    }
    const args = ['--addr', `127.0.0.1:${this.port}`, '--db', this.dbPath, '--static', this.opts.staticDir ?? DIST_DIR];
    if (this.opts.demo ?? true) args.unshift('--demo');
    // Journeys of both projects sign the same demo accounts in within a minute: the real limits
    // (one code per phone per minute…) are covered by the server's native tests.
    if (this.opts.relaxedLimits ?? true) args.push('--relaxed-limits');
    args.push(...(this.opts.args ?? []));
    const deadline = Date.now() + (this.opts.readyTimeoutMs ?? 60_000);
    // A port just released can be refused for a moment: try a few times.
    for (let attempt = 1; ; attempt++) {
      const log = openSync(this.logPath, 'a');
      const child = spawn(SERVER_BIN, args, {
        cwd: REPO_ROOT,
        stdio: ['ignore', log, log],
        env: { RUST_LOG: 'info', ...process.env, ...(this.opts.env ?? {}) },
      });
      closeSync(log);
      this.child = child;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const ready = await this.waitReady(deadline, exited);
      if (ready) return;
      if (this.running) {
        await this.stop();
        throw new Error(`server on port ${this.port} did not answer /api/v1/meta in time\n${this.logTail()}`);
      }
      if (attempt >= 5 || Date.now() > deadline) {
        throw new Error(`server on port ${this.port} exited (code ${child.exitCode}, signal ${child.signalCode})\n${this.logTail()}`);
      }
      await sleep(500 * attempt);
    }
  }

  private async waitReady(deadline: number, exited: Promise<void>): Promise<boolean> {
    let gone = false;
    void exited.then(() => (gone = true));
    while (Date.now() < deadline && !gone) {
      try {
        // (under `--base-path`, the API is below it too)
        const at = this.opts.args?.indexOf('--base-path') ?? -1;
        const base = at >= 0 ? (this.opts.args?.[at + 1] ?? '') : '';
        const res = await fetch(this.url(`${base}/api/v1/meta`), { signal: AbortSignal.timeout(2_000) });
        if (res.ok) return true;
      } catch {
        /* not listening yet */
      }
      await sleep(150);
    }
    return false;
  }

  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and waits until it is gone. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      this.child = null;
      return;
    }
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
    this.child = null;
  }

  /** stop() then start(): same port, same database. */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Stops the server and removes its temp dir (when it made one). */
  async dispose(): Promise<void> {
    await this.stop();
    if (this.ownsDir) rmSync(this.dir, { recursive: true, force: true });
  }

  /** The last lines of the server's log (for error messages). */
  logTail(lines = 30): string {
    try {
      const text = readFileSync(this.logPath, 'utf8').trimEnd().split('\n');
      return `--- last lines of ${this.logPath} ---\n` + text.slice(-lines).join('\n');
    } catch {
      return `(no log at ${this.logPath})`;
    }
  }
}

/** Starts an independent server (own free port, own temp database, --demo unless demo: false). */
export async function startServer(opts: ServerOptions = {}): Promise<ServerProcess> {
  const server = new ServerProcess({ ...opts, port: opts.port ?? (await freePort()) });
  try {
    await server.start();
  } catch (e) {
    await server.dispose().catch(() => {});
    throw e;
  }
  return server;
}
