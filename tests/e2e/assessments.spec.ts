// 测评 (issue 13, "Practice and tests" and the certificate) against the demo server, as Android
// Chrome and as WeChat, at 320 px: a deputy opens the demo's 平台操作小测验 (any number of
// attempts: each project takes it again), reads its rules, starts, sees the timer, answers
// questions one screen at a time (each saved), reloads in the middle and loses nothing, reviews,
// submits, passes with the answers of server/demo/questions.json, sees the result with the
// explanations and the certificate; the certificate's code is then checked on the public page
// by someone not signed in. axe-core on every screen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { ACCOUNTS, signInWithApi } from './support/auth';

interface BankQuestion {
  kind: string;
  text: string;
  options: string[];
  correct: number[];
}

const BANK: BankQuestion[] = JSON.parse(readFileSync(join(__dirname, '../../server/demo/questions.json'), 'utf8')).questions;

/** Chooses the right options of the question on screen (found in the bank by its text). */
async function answerRightly(page: Page): Promise<string> {
  const text = ((await page.locator('legend span').nth(1).textContent()) ?? '').trim();
  const q = BANK.find((b) => b.text === text);
  expect(q, `"${text}" is a question of the demo bank`).toBeTruthy();
  for (const i of q!.correct) {
    const option = q!.options[i];
    await page.getByRole(q!.kind === 'multiple' ? 'checkbox' : 'radio', { name: option, exact: true }).check();
  }
  await expect(page.getByText('已保存')).toBeVisible();
  return q!.options[q!.correct[0]];
}

test.describe('assessments', () => {
  test('a deputy takes a test, reloads midway losing nothing, passes and gets a certificate anyone can check', async ({
    page,
    context,
    request,
    baseURL,
    browser,
    axe,
    consoleGuard,
  }, info) => {
    // one deputy per project: each takes the practice test on their own
    const deputy = info.project.name === 'wechat' ? ACCOUNTS.deputy2 : ACCOUNTS.deputy;
    await signInWithApi(context, request, baseURL!, deputy.phone);
    await page.setViewportSize({ width: 320, height: 740 });

    await page.goto('/work');
    await page.getByRole('link', { name: '测评', exact: true }).click();
    await expect(page).toHaveURL(/\/training\/tests$/);
    const card = page.locator('article').filter({ hasText: '平台操作小测验' });
    await expect(card).toContainText('限时 10 分钟');
    await expect(card).toContainText('次数不限');
    await axe({ label: 'tests list' });
    await card.getByRole('link', { name: '平台操作小测验' }).click();

    await expect(page.getByRole('heading', { level: 1, name: '平台操作小测验' })).toBeVisible();
    const rules = page.getByRole('region', { name: '考试规则' });
    await expect(rules).toContainText('限时 10 分钟');
    await expect(rules).toContainText('及格 60 分');
    await expect(rules).toContainText('共 5 题');
    await axe({ label: 'test page' });
    // an attempt left open by an earlier run is resumed rather than started
    const resume = page.getByRole('link', { name: '继续答题' });
    if (await resume.isVisible()) await resume.click();
    else await page.getByRole('button', { name: '开始答题' }).click();
    await expect(page).toHaveURL(/\/training\/attempts\/[^/]+$/);

    // the timer, from the server's deadline
    const timer = page.getByRole('timer');
    await expect(timer).toBeVisible();
    await expect(timer).toHaveText(/^([0-9]|10):\d\d$/);
    await expect(page.getByText('第 1 题，共 5 题')).toBeVisible();
    await axe({ label: 'attempt question' });

    const chosen: string[] = [];
    for (let i = 0; i < 3; i++) {
      chosen.push(await answerRightly(page));
      await page.getByRole('button', { name: '下一题' }).click();
    }
    // a reload in the middle: the three answers are still there, on the map and on screen
    await page.reload();
    await expect(page.getByRole('timer')).toBeVisible();
    const map = page.getByRole('navigation', { name: '题目导航' });
    for (let n = 1; n <= 3; n++) await expect(map.getByRole('button', { name: `第 ${n} 题，已答` })).toBeVisible();
    await expect(map.getByRole('button', { name: '第 4 题，未答' })).toBeVisible();
    await map.getByRole('button', { name: '第 2 题，已答' }).click();
    await expect(page.getByText('第 2 题，共 5 题')).toBeVisible();
    await expect(page.getByLabel(chosen[1], { exact: true })).toBeChecked();
    await map.getByRole('button', { name: '第 4 题，未答' }).click();
    await answerRightly(page);

    // the review lists what is missing, and goes back to it
    await page.getByRole('button', { name: '下一题' }).click();
    await page.getByRole('button', { name: '检查并交卷' }).click();
    const review = page.getByRole('region', { name: '交卷前检查' });
    await expect(review).toContainText('还有 1 题未答');
    await axe({ label: 'attempt review' });
    await review.getByRole('button', { name: '第 5 题，未答' }).click();
    await answerRightly(page);
    await page.getByRole('button', { name: '检查并交卷' }).click();
    await expect(page.getByText('全部 5 题都已作答。')).toBeVisible();
    await page.getByRole('button', { name: '确认交卷' }).click();

    // the result: score, 通过, each question with the right answer and why
    const result = page.getByRole('region', { name: '成绩' });
    await expect(result).toContainText('100 分');
    await expect(result).toContainText('通过');
    await expect(page.getByText('解析：').first()).toBeVisible();
    await expect(page.getByText('正确答案：').first()).toBeVisible();
    await axe({ label: 'attempt result' });

    await result.getByRole('link', { name: '查看证书' }).click();
    await expect(page).toHaveURL(/\/certificates\/[2-9A-Z]{10}$/);
    await expect(page.getByRole('heading', { level: 2, name: '测评合格证书' })).toBeVisible();
    await expect(page.getByText(deputy.name)).toBeVisible();
    await expect(page.getByText('通过测评《平台操作小测验》')).toBeVisible();
    await expect(page.getByText('有效证书')).toBeVisible();
    const printed = ((await page.getByText(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2}$/).textContent()) ?? '').trim();
    expect(printed).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{2}$/);
    await expect(page.getByRole('link', { name: '下载 PDF' })).toHaveAttribute('href', /\/api\/v1\/certificates\/[2-9A-Z]{10}\/pdf$/);
    await axe({ label: 'certificate' });

    // 我的证书 lists it
    await page.goto('/me/certificates');
    await expect(page.getByRole('link', { name: '通过测评《平台操作小测验》' }).first()).toBeVisible();
    await axe({ label: 'my certificates' });

    // someone not signed in checks the code as read from paper (lower case, spaces)
    const stranger = await browser.newContext({ viewport: { width: 320, height: 740 } });
    const anon = await stranger.newPage();
    await anon.goto(new URL('/certificates', baseURL).toString());
    await anon.getByLabel('证书验证码').fill(printed.toLowerCase().replace(/-/g, ' '));
    await anon.getByRole('button', { name: '验证' }).click();
    await expect(anon.getByText('有效证书')).toBeVisible();
    await expect(anon.getByText(deputy.name)).toBeVisible();
    await expect(anon.getByText('通过测评《平台操作小测验》')).toBeVisible();
    await expect(anon.getByText('100 分')).toHaveCount(0);
    // a typo is told as such
    const typo = printed.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    await anon.getByLabel('证书验证码').fill(typo);
    await anon.getByRole('button', { name: '验证' }).click();
    await expect(anon.getByText('验证码有误，请逐个字符核对')).toBeVisible();
    await stranger.close();

    // the public page with the typo, in the signed-in page too (axe); the browser logs the 400
    consoleGuard.allow(/Failed to load resource/);
    await page.goto(`/certificates/${typo.replace(/-/g, '')}`);
    await expect(page.getByText('验证码有误，请逐个字符核对')).toBeVisible();
    await axe({ label: 'certificate check (typo)' });
  });
});
