// Signing in for end-to-end tests.
//
// The journeys sign in through the app's own screen where sign-in is part of what they test
// (`signInWithUi`). Where it is not, `signInWithApi` asks the demo server for a code
// (`demo_code`, demo servers only), exchanges it for a session and puts that session where the
// app keeps it (localStorage `zsrd.session.v1`) before the app starts.
import { expect, type APIRequestContext, type BrowserContext, type Page } from '@playwright/test';

/** The demo accounts (README "Demo accounts"). */
export const ACCOUNTS = {
  citizen: { phone: '13800000001', name: '王秀英' },
  citizen2: { phone: '13800000002', name: '李建国' },
  deputy: { phone: '13900000001', name: '陈志强', code: 'LW01' },
  deputy2: { phone: '13900000002', name: '何美玲', code: 'LW02' },
  staff: { phone: '13700000001', name: '黄丽' },
} as const;

export interface ApiSession {
  token: string;
  expires_at: string;
  user: { id: string; display_name: string; roles: string[]; deputy_id?: string };
}

/** A session for `phone` from the demo server's API. Only a phone's newest code works, so two
 *  tests signing the same demo account in at once can void each other's code: then it tries again. */
export async function apiSession(request: APIRequestContext, baseURL: string, phone: string): Promise<ApiSession> {
  let last = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const sent = await request.post(new URL('/api/v1/auth/codes', baseURL).toString(), { data: { phone } });
    expect(sent.status(), await sent.text()).toBe(202);
    const { demo_code } = await sent.json();
    expect(demo_code, 'the e2e server runs with --demo').toBeTruthy();
    const signed = await request.post(new URL('/api/v1/auth/sessions', baseURL).toString(), { data: { phone, code: demo_code } });
    if (signed.status() === 201) return (await signed.json()) as ApiSession;
    last = `${signed.status()} ${await signed.text()}`;
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 800));
  }
  throw new Error(`could not sign ${phone} in: ${last}`);
}

/** A phone number no demo account and no other test uses (a new citizen account). */
export function freshPhone(): string {
  const n = (Date.now() * 1000 + Math.floor(Math.random() * 1000)) % 100_000_000;
  return `177${String(n).padStart(8, '0')}`;
}

/** Signs `context` in as `phone` before any page of it loads the app. */
export async function signInWithApi(context: BrowserContext, request: APIRequestContext, baseURL: string, phone: string): Promise<ApiSession> {
  const session = await apiSession(request, baseURL, phone);
  await context.addInitScript((stored: string) => {
    // Only once: a later sign-out in the test must stay signed out after a reload. (Documents
    // without storage — about:blank, opaque origins — are skipped.)
    try {
      if (!sessionStorage.getItem('e2e.signed-in')) {
        sessionStorage.setItem('e2e.signed-in', '1');
        localStorage.setItem('zsrd.session.v1', stored);
      }
    } catch {
      /* no storage in this document */
    }
  }, JSON.stringify(session));
  return session;
}

/** A title no other test (or project) uses. */
export function uniqueTitle(prefix: string, project: string): string {
  return `${prefix}${project === 'wechat' ? '微' : '机'}${Date.now().toString().slice(-6)}`;
}

/** Signs in on the app's sign-in screen (the page must already show it). */
export async function signInWithUi(page: Page, phone: string): Promise<void> {
  await page.getByLabel(/手机号/).fill(phone);
  await page.getByRole('button', { name: /获取验证码/ }).click();
  // The demo server returns the code and the app offers it (demo only).
  const demo = page.getByText(/演示/).first();
  await expect(demo).toBeVisible();
  const code = ((await demo.textContent()) ?? '').match(/\d{6}/)?.[0];
  expect(code, 'a 6-digit demo code is shown').toBeTruthy();
  await page.getByLabel(/验证码/).fill(code!);
  await page.getByRole('button', { name: /^登录$/ }).click();
}
