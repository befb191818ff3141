// Events (issue 10): one name (相关活动) from 首页 to the list, a way back; an event joined
// online links to it; 拨打 and 导航 where the event has a phone and a position (the phone's own
// map on Android, not inside WeChat; the buttons of components/places.rs, as for stations); add to calendar downloads an RFC 5545 file made in the app
// (inside WeChat, where downloads do not work, it says what to do instead); past events offer
// neither. The demo's events are found by title through the API.
import * as fs from 'node:fs';
import type { APIRequestContext } from '@playwright/test';
import { test, expect } from './support/fixtures';

interface Listed {
  id: string;
  title: string;
  status: string;
}

async function eventTitled(request: APIRequestContext, base: string, title: string): Promise<Listed> {
  const r = await request.get(new URL('/api/v1/events?limit=50', base).toString());
  expect(r.status()).toBe(200);
  const found = ((await r.json()).items as Listed[]).find((e) => e.title === title);
  expect(found, title).toBeTruthy();
  return found!;
}

test.describe('events', () => {
  test('one name from 首页, a way back, and joining online from the app', async ({ page, request, baseURL, axe }) => {
    await page.goto('/');
    await page.getByRole('link', { name: /相关活动/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: '相关活动' })).toBeVisible();
    await expect(page).toHaveTitle(/^相关活动/);
    await page.getByRole('button', { name: '返回' }).click();
    // Back on 首页: the service hub, then the news.
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { level: 1, name: '掌上人大' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: '人大动态' })).toBeVisible();

    const survey = await eventTitled(request, baseURL!, '联络站服务满意度线上测评');
    await page.goto(`/events/${survey.id}`);
    const join = page.getByRole('region', { name: '线上参与' });
    const link = join.getByRole('link', { name: '去评价我的留言' });
    await expect(link).toHaveAttribute('href', '/messages?status=resolved');
    await expect(link).not.toHaveAttribute('target', /.*/);
    await axe({ label: 'event joined online' });
    await link.click();
    await expect(page).toHaveURL(/\/messages\?status=resolved$/);
    await expect(page.getByRole('heading', { level: 1, name: '留言' })).toBeVisible();
  });

  test('an event far away: its date, 拨打, 导航 and a calendar file', async ({ page, request, baseURL, axe }, info) => {
    const wechat = info.project.name === 'wechat';
    const night = await eventTitled(request, baseURL!, '中心联络站夜间接待');
    await page.goto(`/events/${night.id}`);
    await expect(page.getByRole('heading', { level: 1, name: '中心联络站夜间接待' })).toBeVisible();
    await expect(page.locator('main article p span').first()).toHaveText(/^\d+月\d+日.* 开始$/);
    await expect(page.getByRole('link', { name: '拨打龙湾镇人大代表中心联络站的电话 0763-5800101' })).toHaveAttribute('href', 'tel:0763-5800101');
    // 导航: the map apps this browser can open (the phone's own map on Android, not in WeChat)
    const amap = page.getByRole('link', { name: '高德地图' });
    await expect(amap).toBeHidden();
    await page.locator('summary', { hasText: '导航' }).click();
    await expect(amap).toHaveAttribute('href', /^https:\/\/uri\.amap\.com\/marker\?position=112\.9871,23\.7352&.*coordinate=wgs84/);
    await expect(page.getByRole('link', { name: '百度地图' })).toHaveAttribute('href', /^https:\/\/api\.map\.baidu\.com\/marker\?location=23\.7352,112\.9871&.*coord_type=wgs84/);
    const own = page.getByRole('link', { name: '手机自带地图' });
    await expect(own).toHaveCount(wechat ? 0 : 1);
    if (!wechat) await expect(own).toHaveAttribute('href', /^geo:23\.7352,112\.9871\?q=/);
    await expect(page.getByRole('region', { name: '线上参与' })).toHaveCount(0);
    await axe({ label: 'event with call and directions' });

    const add = page.getByRole('button', { name: '加入手机日历' });
    if (wechat) {
      await expect(add).toHaveCount(0);
      await expect(page.getByText(/在微信里不能直接加入日历/)).toBeVisible();
      return;
    }
    const [download] = await Promise.all([page.waitForEvent('download'), add.click()]);
    expect(download.suggestedFilename()).toBe('中心联络站夜间接待.ics');
    const text = fs.readFileSync((await download.path())!, 'utf8');
    const lines = text.replace(/\r\n /g, '').split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('SUMMARY:中心联络站夜间接待');
    expect(lines).toContain('LOCATION:龙湾镇人大代表中心联络站（镇党群服务中心一楼）');
    expect(lines).toContain('GEO:23.7352;112.9871');
    expect(lines).toContain(`UID:${night.id}@${new URL(baseURL!).hostname}`);
    expect(lines.filter((l) => /^DTSTART:\d{8}T\d{6}Z$/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /^DTEND:\d{8}T\d{6}Z$/.test(l))).toHaveLength(1);
    expect(lines.some((l) => l.startsWith('DESCRIPTION:') && l.endsWith(`/events/${night.id}`))).toBe(true);
    expect(text.includes('\n') && !text.replace(/\r\n/g, '').includes('\n'), 'CRLF line ends').toBe(true);
  });

  test('a past event offers neither joining nor the calendar; odd links are refused', async ({ page, request, baseURL }) => {
    const past = await eventTitled(request, baseURL!, '医保政策宣讲进村（高田村）');
    expect(past.status).toBe('past');
    await page.goto(`/events/${past.id}`);
    await expect(page.getByRole('heading', { level: 1, name: past.title })).toBeVisible();
    await expect(page.locator('main article p span').first()).toHaveText('已结束');
    await expect(page.getByRole('button', { name: '加入手机日历' })).toHaveCount(0);
    await expect(page.locator('summary', { hasText: '导航' })).toHaveCount(0);

    // Another backend's event with an outside link, then with a link that is not http(s).
    const survey = await eventTitled(request, baseURL!, '联络站服务满意度线上测评');
    let online: unknown = { url: 'https://live.example.org/lw', label: '观看直播' };
    await page.route(`**/api/v1/events/${survey.id}`, async (route) => {
      const r = await route.fetch();
      await route.fulfill({ response: r, json: { ...(await r.json()), online, phone: '0763-5800109<b>转 2</b>' } });
    });
    await page.goto(`/events/${survey.id}`);
    const live = page.getByRole('link', { name: '观看直播' });
    await expect(live).toHaveAttribute('href', 'https://live.example.org/lw');
    await expect(live).toHaveAttribute('target', '_blank');
    await expect(live).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(page.getByText('将打开其他网站')).toBeVisible();
    // a phone as odd text: digits only in the link, the text shown as text
    const call = page.getByRole('link', { name: /^拨打龙湾镇人大主席团的电话/ });
    await expect(call).toHaveAttribute('href', 'tel:0763-58001092');
    await expect(call).toContainText('0763-5800109<b>转 2</b>');
    await expect(call.locator('b')).toHaveCount(0);
    online = { url: 'javascript:alert(1)', label: '点我' };
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: survey.title })).toBeVisible();
    await expect(page.getByRole('region', { name: '线上参与' })).toHaveCount(0);
    await expect(page.getByText('点我')).toHaveCount(0);
  });
});
