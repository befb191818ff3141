// The `test` every journey imports:  import { test, expect } from './support/fixtures';
//
// Added to Playwright's own fixtures:
//  - consoleGuard (automatic): every console error and every uncaught exception in any page of the
//    test fails the test at its end, and so does any message mentioning "panicked" (a Rust panic,
//    logged by console_error_panic_hook) or a wasm "RuntimeError: unreachable", whatever its level
//    — those can never be allowed. Expected errors (a test that stops the server or goes offline)
//    are allowed by pattern:
//        test.use({ allowConsoleErrors: NETWORK_ERRORS });          // for a file / describe block
//        consoleGuard.allow(NETWORK_ERRORS);                        // from here on, in one test
//    consoleGuard.messages lists what was recorded so far (allowed ones included).
//  - axe(options?): runs axe-core (WCAG 2.0/2.1/2.2 A and AA tags) on the page as it is now and fails
//    on `serious` or `critical` violations, printing each rule, its help page and the elements.
//  - extraServer: an independent server (own port + temp db; see server.ts) to stop and restart.
//  - baseURL: the shared server of the global setup.
import { test as base, expect, type BrowserContext, type ConsoleMessage, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { startServer, type ServerProcess } from './server';

export { expect };
export type { ServerProcess };

/** Errors a page logs by itself when the API cannot be reached (server stopped, offline). */
export const NETWORK_ERRORS: RegExp[] = [
  /Failed to load resource/i, // Chromium's own line for a failed or 5xx request
  /net::ERR_[A-Z_]+/,
  /Failed to fetch/i,
  /NetworkError/i,
];

/** Never allowed, whatever the test says. */
const ALWAYS_FATAL = [/panicked/i, /RuntimeError: unreachable/i, /\bunreachable executed\b/i];

export interface ConsoleRecord {
  kind: 'console.error' | 'console' | 'pageerror';
  text: string;
  url?: string;
}

export class ConsoleGuard {
  readonly messages: ConsoleRecord[] = [];
  private readonly allowed: RegExp[] = [];

  constructor(initial: (RegExp | string)[]) {
    this.allow(initial);
  }

  /** Allows console errors matching any of these (strings match as substrings). Not panics. */
  allow(patterns: RegExp | string | (RegExp | string)[]): void {
    for (const p of Array.isArray(patterns) ? patterns : [patterns]) {
      this.allowed.push(typeof p === 'string' ? new RegExp(p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : p);
    }
  }

  /** Records what the pages of `context` log (the test's own context is watched already; a test
   *  that opens more contexts — one per role — watches them with this). */
  watch(context: BrowserContext): void {
    context.on('console', (msg: ConsoleMessage) => {
      const loc = msg.location();
      const url = loc?.url ? `${loc.url}:${loc.lineNumber}` : undefined;
      this.record({ kind: msg.type() === 'error' ? 'console.error' : 'console', text: msg.text(), url });
    });
    context.on('weberror', (err) => {
      const e = err.error();
      this.record({ kind: 'pageerror', text: `${e.name}: ${e.message}${e.stack ? `\n${e.stack}` : ''}`, url: err.page()?.url() });
    });
  }

  record(r: ConsoleRecord): void {
    this.messages.push(r);
  }

  private isFatal(r: ConsoleRecord): boolean {
    if (ALWAYS_FATAL.some((re) => re.test(r.text))) return true;
    if (r.kind === 'console') return false; // other levels are only checked for panics
    return !this.allowed.some((re) => re.test(r.text));
  }

  /** The recorded messages that fail the test. */
  get problems(): ConsoleRecord[] {
    return this.messages.filter((m) => this.isFatal(m));
  }
}

export interface AxeOptions {
  /** Only check inside this selector. */
  include?: string;
  /** Leave these selectors out. */
  exclude?: string[];
  /** Rule ids not to run (say why in the test). */
  disableRules?: string[];
  /** A name for the report (defaults to the page URL). */
  label?: string;
}

type Fixtures = {
  allowConsoleErrors: (RegExp | string)[];
  consoleGuard: ConsoleGuard;
  /** axe on the test's `page`, or on another page given as `options.page` (other contexts). */
  axe: (options?: AxeOptions & { page?: Page }) => Promise<void>;
  extraServer: ServerProcess;
};

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export const test = base.extend<Fixtures>({
  baseURL: async ({ baseURL }, use) => {
    await use(baseURL ?? process.env.ZSRD_BASE_URL);
  },

  allowConsoleErrors: [[], { option: true }],

  consoleGuard: [
    async ({ context, allowConsoleErrors }, use, testInfo) => {
      const guard = new ConsoleGuard(allowConsoleErrors);
      guard.watch(context);

      await use(guard);

      const problems = guard.problems;
      if (guard.messages.length > 0) {
        await testInfo.attach('console.txt', {
          body: guard.messages.map((m) => `[${m.kind}] ${m.text}${m.url ? `  (${m.url})` : ''}`).join('\n'),
          contentType: 'text/plain',
        });
      }
      if (problems.length > 0) {
        const list = problems.map((m) => `  [${m.kind}] ${m.text}${m.url ? `\n      at ${m.url}` : ''}`).join('\n');
        throw new Error(
          `${problems.length} console error(s) / uncaught exception(s) during the test:\n${list}\n` +
            `(expected ones: test.use({ allowConsoleErrors: [...] }) or consoleGuard.allow(...); panics are never allowed)`,
        );
      }
    },
    { auto: true },
  ],

  axe: async ({ page }, use, testInfo) => {
    await use(async (options: AxeOptions & { page?: Page } = {}) => {
      const target = options.page ?? page;
      let builder = new AxeBuilder({ page: target }).withTags(WCAG_TAGS);
      if (options.include) builder = builder.include(options.include);
      for (const sel of options.exclude ?? []) builder = builder.exclude(sel);
      if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
      const results = await builder.analyze();
      const label = options.label ?? target.url();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      const minor = results.violations.filter((v) => !serious.includes(v));
      await testInfo.attach(`axe ${label}.json`, {
        body: JSON.stringify(results.violations, null, 2),
        contentType: 'application/json',
      });
      if (minor.length > 0) {
        console.log(`[axe] ${label}: ${minor.length} minor/moderate: ${minor.map((v) => `${v.id} (${v.nodes.length})`).join(', ')}`);
      }
      if (serious.length > 0) {
        const report = serious
          .map((v) => {
            const nodes = v.nodes
              .slice(0, 6)
              .map((n) => {
                const why = (n.failureSummary ?? '').split('\n').map((l) => `          ${l.trim()}`).join('\n');
                return `      - ${n.target.join(' ')}\n        ${n.html.slice(0, 160)}\n${why}`;
              })
              .join('\n');
            const more = v.nodes.length > 6 ? `\n      … and ${v.nodes.length - 6} more` : '';
            return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
          })
          .join('\n');
        throw new Error(`axe: ${serious.length} serious/critical accessibility violation(s) on ${label}:\n${report}`);
      }
    });
  },

  extraServer: async ({}, use) => {
    const server = await startServer();
    try {
      await use(server);
    } finally {
      await server.dispose();
    }
  },
});

/** Waits until the release build has fetched its lazily loaded parts into the HTTP cache (the
 *  loader prefetches them a moment after start). A test that then stops the server or goes
 *  offline checks what a user sees who has had the app open for a few seconds. */
export async function partsLoaded(page: import('@playwright/test').Page): Promise<void> {
  await page.waitForFunction(() => (globalThis as { zsrdPrefetched?: boolean }).zsrdPrefetched === true, null, { timeout: 30_000 });
}
