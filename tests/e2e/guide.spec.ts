// 使用指南 (issue 16, §2) against the demo server, as Android Chrome (it does the same in WeChat): reached from
// 我的 and from 首页's first-visit card (and the note that replaces it once answered); five
// parts, each a heading, numbered steps and a button that goes where it says; the contents link
// to the parts; axe-core; no horizontal scrolling at 320 px, also in 长辈模式 with the largest
// text (scaling.spec.ts measures every setting).
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';

const PARTS: { title: string; steps: number; button: string; href: string }[] = [
  { title: '看新闻、读政策', steps: 3, button: '去首页看新闻', href: '/' },
  { title: '找到我的代表', steps: 4, button: '去找我的代表', href: '/deputies' },
  { title: '给代表留言', steps: 4, button: '去写留言', href: '/messages/new?choose=1' },
  { title: '查看办理进度', steps: 4, button: '看我的留言', href: '/messages' },
  { title: '把字调大（长辈模式）', steps: 3, button: '去调大字号', href: '/me#display' },
];

const guideHeading = (page: Page) => page.getByRole('heading', { level: 1, name: '使用指南' });

/** The page is no wider than the 320 px screen. */
async function fitsAt320(page: Page, label: string) {
  await page.setViewportSize({ width: 320, height: 740 });
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > 320.5)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`),
  );
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${label}; too wide: ${wide.join(', ')}`).toBeLessThanOrEqual(320);
}

test.describe('使用指南', () => {
  test('from 我的: five parts with numbered steps, contents, and buttons that go where they say', async ({ page, axe }) => {
    await page.goto('/me');
    const help = page.getByRole('region', { name: '帮助' });
    await help.getByRole('link', { name: /使用指南/ }).click();
    await expect(page).toHaveURL(/\/guide$/);
    await expect(guideHeading(page)).toBeVisible();

    const contents = page.getByRole('navigation', { name: '本页内容' });
    await expect(contents.getByRole('link')).toHaveText(PARTS.map((p) => p.title));
    for (const part of PARTS) {
      const region = page.getByRole('region', { name: part.title });
      await expect(region.getByRole('heading', { level: 2, name: part.title })).toBeVisible();
      await expect(region.getByRole('list').getByRole('listitem')).toHaveCount(part.steps);
      await expect(region.getByRole('link', { name: part.button, exact: true })).toHaveAttribute('href', part.href);
    }
    // The steps say how the app works: the five milestones, 追问, the rating; the sign-in.
    const follow = page.getByRole('region', { name: '查看办理进度' });
    await expect(follow.getByRole('listitem').nth(1)).toHaveText('每条留言都要走五步：已提交、已分派、办理中、已答复、已办结。每一步的日期都写在上面。');
    await expect(follow.getByText('点“追问或补充”接着问')).toBeVisible();
    await expect(page.getByRole('region', { name: '给代表留言' }).getByText('再填短信收到的验证码')).toBeVisible();
    // The pictures are decorative.
    await expect(page.locator('main section svg[aria-hidden="true"]')).toHaveCount(PARTS.length);
    await axe({ label: 'guide' });

    // The contents take one to the part, and the focus with it.
    await contents.getByRole('link', { name: '查看办理进度' }).click();
    await expect(page).toHaveURL(/\/guide#guide-follow$/);
    await expect(follow.getByRole('heading', { level: 2 })).toBeFocused();
    await expect(follow.getByRole('heading', { level: 2 })).toBeInViewport();

    // 去写留言: the picker of whom to write to.
    await page.getByRole('link', { name: '去写留言', exact: true }).click();
    await expect(page).toHaveURL(/\/messages\/new\?choose=1$/);
    await expect(page.getByRole('heading', { level: 1, name: '选择留言对象' })).toBeVisible();
    await page.goBack();
    await expect(guideHeading(page)).toBeVisible();

    // 去调大字号: 我的's 阅读设置, on the screen, where 长辈模式 is one tap.
    await page.getByRole('link', { name: '去调大字号', exact: true }).click();
    await expect(page).toHaveURL(/\/me#display$/);
    await expect(page.getByRole('heading', { level: 2, name: '阅读设置' })).toBeInViewport();
    await page.getByRole('switch', { name: /长辈模式/ }).click();
    await expect(page.locator('html')).toHaveAttribute('data-elderly', '');

    // 长辈模式 at 320 px: nothing wider than the screen.
    await page.goto('/guide');
    await expect(guideHeading(page)).toBeVisible();
    await fitsAt320(page, 'guide in 长辈模式');
  });

  test('at 320 px with the largest text: readable, no sideways scrolling', async ({ page, axe }) => {
    await page.setViewportSize({ width: 320, height: 740 });
    await page.addInitScript(() => localStorage.setItem('zsrd.prefs.v1', JSON.stringify({ font: 'largest', elderly: true, offered: true })));
    await page.goto('/guide');
    await expect(guideHeading(page)).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-font', '4');
    await fitsAt320(page, 'guide, 长辈模式 + 超大');
    await axe({ label: 'guide at 320 px, 长辈模式 + 超大' });
  });

  test('首页\'s first visit: the offer of larger text links to the guide, and so does its answer', async ({ page, axe }) => {
    await page.goto('/');
    const offer = page.getByRole('region', { name: '字太小、看不清？' });
    await expect(offer).toBeVisible();
    const link = offer.getByRole('link', { name: '看看使用指南' });
    await expect(link).toHaveAttribute('href', 'guide');
    await axe({ label: 'home offer with the guide link' });

    // Answered: the note that replaces the card points to the guide too.
    await offer.getByRole('button', { name: '不用了' }).click();
    const done = page.getByRole('status').filter({ hasText: '保持现在的样子' });
    await expect(done).toBeFocused();
    await done.getByRole('link', { name: '看看使用指南' }).click();
    await expect(page).toHaveURL(/\/guide$/);
    await expect(guideHeading(page)).toBeVisible();
    await expect(page.getByRole('region', { name: '给代表留言' })).toBeVisible();
  });
});
