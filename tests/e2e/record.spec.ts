// 履职档案 and event check-in (issue 13) against the demo server, as Android Chrome and as
// WeChat: anyone sees a deputy's public record (courses completed and the responsiveness
// figures; not the events or study time); the deputy sees all of it, marked public or not;
// staff show an event's check-in QR and tick attendance; a deputy opens the QR's address and is
// checked in, and the event is on their record. axe-core on each screen.
import type { APIRequestContext } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { ACCOUNTS, apiSession, signInWithApi } from './support/auth';

const api = (base: string, path: string) => new URL(`/api/v1${path}`, base).toString();
const CHEN = 'dp_lw01';

/** The demo's event that is on now (check-in open): 联络站服务满意度线上测评, three days from today 00:00. */
async function ongoingEvent(request: APIRequestContext, baseURL: string): Promise<string> {
  for (let cursor: string | undefined, n = 0; n < 10; n++) {
    const page = await (await request.get(api(baseURL, `/events${cursor ? `?cursor=${cursor}` : ''}`))).json();
    const hit = page.items.find((e: { title: string }) => e.title === '联络站服务满意度线上测评');
    if (hit) return hit.id as string;
    cursor = page.next_cursor;
    if (!cursor) break;
  }
  throw new Error('the demo has no ongoing event');
}

test.describe('duty record and check-in', () => {
  test('anyone sees the public record; the deputy sees all of it, marked', async ({ page, context, request, baseURL, axe }) => {
    await page.goto(`/deputies/${CHEN}`);
    await page.getByRole('link', { name: '查看履职档案' }).click();
    await expect(page).toHaveURL(new RegExp(`/deputies/${CHEN}/record$`));
    await expect(page.getByRole('heading', { level: 1, name: '履职档案' })).toBeVisible();
    await expect(page.getByText('这里是代表公开的履职情况。')).toBeVisible();
    const learning = page.getByRole('region', { name: '学习培训' });
    await expect(learning).toContainText('手机与平台入门');
    await expect(page.getByRole('region', { name: '办理群众留言' })).toBeVisible();
    await expect(page.getByRole('region', { name: '参加活动' })).toHaveCount(0);
    await expect(learning).not.toContainText('学习时长');
    await axe({ label: 'public duty record' });

    await signInWithApi(context, request, baseURL!, ACCOUNTS.deputy.phone);
    await page.goto('/me');
    await page.getByRole('link', { name: '我的履职档案' }).click();
    await expect(page.getByText('这是您的完整履职档案。', { exact: false })).toBeVisible();
    await expect(page.getByRole('region', { name: '学习培训' })).toContainText('学习时长');
    await expect(page.getByRole('region', { name: '学习培训' })).toContainText('公开：所有人可见');
    const events = page.getByRole('region', { name: '参加活动' });
    await expect(events).toContainText('仅本人和工作人员可见');
    await expect(events).toContainText('代表视察镇村道路建设');
    await expect(events).toContainText('扫码签到');
    await axe({ label: 'own duty record' });
  });

  test('staff show the check-in QR and tick attendance; a deputy checks in by the QR address', async ({ browser, page, context, request, baseURL, axe }, info) => {
    const event = await ongoingEvent(request, baseURL!);
    await signInWithApi(context, request, baseURL!, ACCOUNTS.staff.phone);
    await page.goto(`/events/${event}`);
    await page.getByRole('link', { name: '签到与出席登记' }).click();
    await expect(page).toHaveURL(new RegExp(`/events/${event}/attendance$`));
    await expect(page.getByRole('img', { name: '活动签到二维码' })).toBeVisible();
    const code = (await page.locator('p', { hasText: '签到码' }).locator('strong').textContent())!.trim();
    expect(code).toMatch(/^[2-9A-Z]{8}$/);
    await axe({ label: 'attendance' });

    // staff tick 何美玲 (each project once: untick first, so that the count moves)
    const he = page.getByRole('checkbox', { name: new RegExp(ACCOUNTS.deputy2.name) });
    if (await he.isChecked()) {
      await he.uncheck();
      await expect(he).not.toBeChecked();
      await expect(he).toBeEnabled();
    }
    const before = await page.getByRole('status').filter({ hasText: '已出席' }).textContent();
    await he.check();
    await expect(he).toBeEnabled();
    await expect(page.getByRole('status').filter({ hasText: '已出席' })).not.toHaveText(before!);
    await page.reload();
    await expect(page.getByRole('checkbox', { name: new RegExp(ACCOUNTS.deputy2.name) })).toBeChecked();

    // 陈志强 scans the QR: its address opens the check-in screen, which checks him in
    const deputyContext = await browser.newContext({ ...info.project.use });
    const deputyPage = await deputyContext.newPage();
    await signInWithApi(deputyContext, request, baseURL!, ACCOUNTS.deputy.phone);
    await deputyPage.goto(`/events/${event}/check-in?code=${code.toLowerCase()}`);
    await expect(deputyPage.getByRole('status')).toContainText(/签到成功|工作人员已登记您出席/);
    await deputyPage.getByRole('link', { name: '我的履职档案' }).click();
    await expect(deputyPage.getByRole('region', { name: '参加活动' })).toContainText('联络站服务满意度线上测评');
    await deputyContext.close();

    // a wrong code is said at the field
    const deputy = await apiSession(request, baseURL!, ACCOUNTS.deputy2.phone);
    const wrong = await request.post(api(baseURL!, `/events/${event}/check-ins`), {
      headers: { Authorization: `Bearer ${deputy.token}` },
      data: { code: '22222222' === code ? '33333333' : '22222222' },
    });
    expect(wrong.status()).toBe(400);
  });
});

test.describe('在线答疑', () => {
  test('a deputy asks in a course, staff answer, and the deputy is told', async ({ browser, page, context, request, baseURL, axe }, info) => {
    const question = `课程提问 ${info.project.name} ${Date.now()}：答复可以附照片吗？`;
    await signInWithApi(context, request, baseURL!, ACCOUNTS.deputy.phone);
    await page.goto('/training/courses/crs_reply');
    const qa = page.getByRole('region', { name: /在线答疑/ });
    await expect(qa).toContainText('工作人员答复后会提醒您');
    await qa.getByLabel('写评论').fill(question);
    await qa.getByRole('button', { name: '发表' }).click();
    await expect(qa.getByRole('article').filter({ hasText: question })).toBeVisible();
    await axe({ label: 'course with its Q&A' });

    // staff answer it in the course's thread
    const staffContext = await browser.newContext({ ...info.project.use });
    const staffPage = await staffContext.newPage();
    await signInWithApi(staffContext, request, baseURL!, ACCOUNTS.staff.phone);
    await staffPage.goto('/training/courses/crs_reply');
    const asked = staffPage.getByRole('region', { name: /在线答疑/ }).getByRole('article').filter({ hasText: question });
    await asked.getByRole('button', { name: '回复' }).click();
    const answer = `可以，最多附3张照片。（${info.project.name}）`;
    await staffPage.getByLabel('写回复').fill(answer);
    await staffPage.getByRole('button', { name: '发表' }).last().click();
    await expect(staffPage.getByText(answer)).toBeVisible();
    await staffContext.close();

    const deputy = await apiSession(request, baseURL!, ACCOUNTS.deputy.phone);
    const alerts = await (await request.get(api(baseURL!, '/notifications'), { headers: { Authorization: `Bearer ${deputy.token}` } })).json();
    expect(alerts.items.some((n: { kind: string; link?: string }) => n.kind === 'comment_reply' && (n.link ?? '').startsWith('/training/courses/crs_reply'))).toBe(true);

    // a citizen is not shown the thread
    const citizen = await apiSession(request, baseURL!, ACCOUNTS.citizen.phone);
    const hidden = await request.get(api(baseURL!, '/comments?target_kind=course&target_id=crs_reply'), { headers: { Authorization: `Bearer ${citizen.token}` } });
    expect(hidden.status()).toBe(404);
  });
});
