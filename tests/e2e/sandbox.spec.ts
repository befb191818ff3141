// 模拟实操 and 平台实操 (issue 13, "模拟实操" and "A practical part of a test") against the demo
// server, as Android Chrome and as WeChat: someone who handles messages opens 学习 → 模拟实操,
// starts the demo's 村口路灯坏了三盏 (pc_streetlight), sees the 练习 banner, handles the simulated
// message in the message screen itself — accepts it, replies about the street lamps, marks it
// resolved — with each step checked and explained (✓), and finishes (练习完成); 再练一次 starts a
// new run in which a wrong step shows ✗ with its explanation. Then the demo's 平台实操考核
// (tst_practical): its practical task (答复养老金咨询) is done from the attempt, without verdicts
// until the attempt is submitted; the result shows the task's mark and checks. A citizen is told
// 模拟实操 is for deputies and staff. axe-core on every new screen; no sideways scrolling at 320 px.
//
// One account per project, neither 陈 (the scaling spec's): 何美玲 (deputy) in `phone`, 黄丽
// (staff, who may practise and take tests too) in `wechat` — a run of a case is one per account.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect } from './support/fixtures';
import { ACCOUNTS, freshPhone, signInWithApi } from './support/auth';

interface BankQuestion {
  kind: string;
  text: string;
  options: string[];
  correct: number[];
}

const BANK: BankQuestion[] = JSON.parse(readFileSync(join(__dirname, '../../server/demo/questions.json'), 'utf8')).questions;

/** Chooses the right options of the question on screen (found in the bank by its text). */
async function answerRightly(page: Page): Promise<void> {
  const text = ((await page.locator('legend span').nth(1).textContent()) ?? '').trim();
  const q = BANK.find((b) => b.text === text);
  expect(q, `"${text}" is a question of the demo bank`).toBeTruthy();
  for (const i of q!.correct) {
    await page.getByRole(q!.kind === 'multiple' ? 'checkbox' : 'radio', { name: q!.options[i], exact: true }).check();
  }
  await expect(page.getByText('已保存')).toBeVisible();
}

/** The page is no wider than the 320 px screen. */
async function fitsAt320(page: Page, label: string) {
  await page.setViewportSize({ width: 320, height: 640 });
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > 320.5)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().right)}px`),
  );
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${label}; too wide: ${wide.join(', ')}`).toBeLessThanOrEqual(320);
  await page.setViewportSize({ width: 390, height: 844 });
}

/** Sets the simulated message's status with the handling panel (finishing asks first). */
async function setStatus(page: Page, status: string, confirm = false) {
  await page.getByRole('button', { name: `设为“${status}”` }).click();
  if (confirm) await page.getByRole('alertdialog').getByRole('button', { name: '确定' }).click();
}

test.describe('sandbox', () => {
  test('模拟实操: a case handled step by step in the message screen, each step checked and explained', async ({ page, context, request, baseURL, axe }, info) => {
    test.setTimeout(180_000);
    const who = info.project.name === 'wechat' ? ACCOUNTS.staff : ACCOUNTS.deputy2;
    const tag = info.project.name === 'wechat' ? '（微信）' : '（手机）';
    await signInWithApi(context, request, baseURL!, who.phone);

    // 学习 → 模拟实操: the cases with their track, steps and how often they were done
    await page.goto('/training');
    await page.getByRole('link', { name: '模拟实操' }).click();
    await expect(page).toHaveURL(/\/training\/sandbox$/);
    await expect(page.getByRole('heading', { level: 1, name: '模拟实操' })).toBeVisible();
    await expect(page.getByText('练习不会发给任何群众')).toBeVisible();
    const card = page.locator('article').filter({ hasText: '村口路灯坏了三盏' });
    await expect(card).toContainText('民生小事');
    await expect(card.getByRole('list', { name: '要做的步骤' }).getByRole('listitem')).toHaveText(['接手', '答复', '办结']);
    await expect(card).toContainText(/还没练过|已完成 \d+ 次/);
    const school = page.locator('article').filter({ hasText: '重大议题' }).first();
    await expect(school.getByRole('list', { name: '要做的步骤' })).toContainText('制定计划');
    await axe({ label: 'practice cases' });
    await fitsAt320(page, 'practice cases');
    // (a run left under way by an earlier try is continued)
    const resume = card.getByRole('link', { name: '继续练习' });
    if (await resume.isVisible()) await resume.click();
    else await card.getByRole('button', { name: '开始练习' }).click();
    await expect(page).toHaveURL(/\/training\/sandbox\/[^/]+$/);
    const firstRun = page.url();

    // the run: the practice banner, the checklist, the simulated message in the message screen
    const banner = page.getByRole('note').filter({ hasText: '这是模拟留言，不会发给任何群众，也不计入您的办理记录。' });
    await expect(banner).toContainText('练习');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('路灯');
    await expect(page.getByRole('heading', { name: '办理进度' })).toBeVisible();
    await expect(page.getByRole('heading', { name: '留言内容' })).toBeVisible();
    const checklist = page.getByRole('list', { name: '要做的步骤' });
    await expect(checklist.getByRole('listitem')).toHaveCount(3);
    await expect(checklist.getByRole('listitem').first()).toContainText('接手（未完成）');
    const checks = page.getByRole('region', { name: '每一步的讲评' });
    await expect(checks).toContainText('还没有操作');
    // practice: no saving of reply templates
    await expect(page.getByRole('button', { name: '存为常用答复' })).toHaveCount(0);
    await axe({ label: 'practice run' });
    await fitsAt320(page, 'practice run');

    // 接手 → ✓, announced, ticked
    await setStatus(page, '已受理');
    await expect(page.getByRole('status').filter({ hasText: '✓ 接手：做得对。' })).toBeVisible();
    await expect(checklist.getByRole('listitem').first()).toContainText('接手（已完成）');
    // 答复 about the lamps
    await page.getByLabel('答复内容').fill(`您好，村口的三盏路灯已联系镇规划建设办安排维修，预计三天内修好，修好后再告诉您。${tag}`);
    await page.getByRole('button', { name: '发送答复' }).click();
    await expect(page.getByRole('status').filter({ hasText: '✓ 答复：做得对。' })).toBeVisible();
    await expect(page.getByText(`预计三天内修好，修好后再告诉您。${tag}`).first()).toBeVisible();
    // 办结
    await setStatus(page, '已办结', true);
    await expect(page.getByRole('status').filter({ hasText: '✓ 办结：做得对。' })).toBeVisible();
    await expect(page.getByRole('heading', { name: '练习完成' })).toBeVisible();
    for (const step of ['接手', '答复', '办结']) await expect(checklist.getByText(`${step}（已完成）`)).toBeVisible();
    // the checks, newest first, each with its verdict in words and the server's explanation
    const items = checks.getByRole('listitem');
    await expect(items).toHaveCount(3);
    await expect(items.nth(0)).toContainText('办结');
    await expect(items.nth(2)).toContainText('接手');
    for (let i = 0; i < 3; i++) {
      await expect(items.nth(i)).toContainText('✓ 正确');
      await expect(items.nth(i).locator('p').nth(1)).not.toBeEmpty();
    }
    await axe({ label: 'practice finished' });
    await fitsAt320(page, 'practice finished');

    // 再练一次: a new run, where a wrong step is ✗ with its explanation
    await page.getByRole('button', { name: '再练一次' }).click();
    await expect(page).not.toHaveURL(firstRun);
    await expect(page).toHaveURL(/\/training\/sandbox\/[^/]+$/);
    await expect(page.getByRole('heading', { name: '练习完成' })).toHaveCount(0);
    await expect(checks).toContainText('还没有操作');
    // a reply before accepting, too short and not about the lamps
    await page.getByLabel('答复内容').fill(`收到${tag}`);
    await page.getByRole('button', { name: '发送答复' }).click();
    await expect(page.getByRole('status').filter({ hasText: '✗ 答复：需改进。' })).toBeVisible();
    const wrong = checks.getByRole('listitem').first();
    await expect(wrong).toContainText('✗ 需改进');
    await expect(wrong.locator('p').nth(1)).not.toBeEmpty();
    await expect(checklist.getByText('答复（未完成）')).toBeVisible();
    await axe({ label: 'practice wrong step' });

    // the list counts the run done right
    await page.goto('/training/sandbox');
    await expect(page.locator('article').filter({ hasText: '村口路灯坏了三盏' })).toContainText(/已完成 [1-9]\d* 次/);
  });

  test('平台实操: a test task done from the attempt, its verdicts with the result', async ({ page, context, request, baseURL, axe }, info) => {
    test.setTimeout(180_000);
    const who = info.project.name === 'wechat' ? ACCOUNTS.staff : ACCOUNTS.deputy2;
    const tag = info.project.name === 'wechat' ? '（微信）' : '（手机）';
    await signInWithApi(context, request, baseURL!, who.phone);

    await page.goto('/training/tests');
    const card = page.locator('article').filter({ hasText: '平台实操考核' });
    await expect(card).toContainText('含 1 道实操题');
    await card.getByRole('link', { name: '平台实操考核' }).click();
    await expect(page.getByRole('region', { name: '考试规则' })).toContainText('共 3 题 · 含 1 道实操题');
    const resume = page.getByRole('link', { name: '继续答题' });
    if (await resume.isVisible()) await resume.click();
    else await page.getByRole('button', { name: '开始答题' }).click();
    await expect(page).toHaveURL(/\/training\/attempts\/[^/]+$/);
    const attempt = page.url();

    // the task below the questions
    const tasks = page.getByRole('region', { name: '实操题' });
    await expect(tasks).toContainText('答复养老金咨询');
    await expect(tasks).toContainText('已操作 0 步');
    await expect(tasks.getByRole('list', { name: '要做的步骤' }).getByRole('listitem')).toHaveText(['接手', '答复', '办结']);
    await axe({ label: 'attempt with a task' });
    await fitsAt320(page, 'attempt with a task');
    await tasks.getByRole('button', { name: '开始实操' }).click();

    // the task's run: 测评实操, steps recorded, no verdicts
    await expect(page).toHaveURL(/\/training\/sandbox\/[^/]+$/);
    await expect(page.getByRole('note').filter({ hasText: '对错在交卷后和成绩一起公布' })).toContainText('测评实操');
    await setStatus(page, '已受理');
    await expect(page.getByRole('status').filter({ hasText: '接手：已记录。' })).toBeVisible();
    await expect(page.getByRole('list', { name: '要做的步骤' }).getByRole('listitem').first()).toContainText('接手（已操作）');
    await page.getByLabel('答复内容').fill(`您好，您的养老金已核实，本月起按新标准发放，如有疑问可到社保所咨询。${tag}`);
    await page.getByRole('button', { name: '发送答复' }).click();
    await expect(page.getByRole('status').filter({ hasText: '答复：已记录。' })).toBeVisible();
    await setStatus(page, '已办结', true);
    await expect(page.getByRole('status').filter({ hasText: '办结：已记录。' })).toBeVisible();
    const recorded = page.getByRole('region', { name: '已记录的操作' });
    await expect(recorded.getByRole('listitem')).toHaveCount(3);
    await expect(recorded).not.toContainText('✓ 正确');
    await expect(recorded).not.toContainText('✗ 需改进');
    await axe({ label: 'test task run' });
    await page.getByRole('link', { name: '返回测评继续答题' }).click();

    // back at the attempt: the steps taken; the questions; submitted
    await expect(page).toHaveURL(attempt);
    await expect(tasks).toContainText('已操作 3 步');
    await expect(tasks.getByRole('link', { name: '继续实操' })).toBeVisible();
    for (let i = 1; i <= 3; i++) {
      await expect(page.getByText(`第 ${i} 题，共 3 题`)).toBeVisible();
      await answerRightly(page);
      await page.getByRole('button', { name: i === 3 ? '检查并交卷' : '下一题' }).click();
    }
    const review = page.getByRole('region', { name: '交卷前检查' });
    await expect(review).toContainText('全部 3 题都已作答。');
    await expect(review).not.toContainText('实操题没有开始');
    await review.getByRole('button', { name: '确认交卷' }).click();

    // the result: the task's mark, its steps and the checks with their explanations
    await expect(page.getByRole('region', { name: '成绩' })).toContainText('通过');
    const result = page.getByRole('region', { name: '实操题' });
    await expect(result).toContainText('答复养老金咨询');
    await expect(result).toContainText('得分 100%');
    const taskChecks = result.locator('ol ol').getByRole('listitem');
    await expect(taskChecks).toHaveCount(3);
    for (let i = 0; i < 3; i++) {
      await expect(taskChecks.nth(i)).toContainText('✓ 正确');
      await expect(taskChecks.nth(i).locator('p').nth(1)).not.toBeEmpty();
    }
    await axe({ label: 'result with a task' });
    await fitsAt320(page, 'result with a task');
  });

  test('a citizen is told 模拟实操 is for deputies and staff', async ({ page, context, request, baseURL, axe }) => {
    await signInWithApi(context, request, baseURL!, freshPhone());
    await page.goto('/training/sandbox');
    await expect(page.getByRole('heading', { name: '履职学堂仅供代表和联络站工作人员使用' })).toBeVisible();
    await expect(page.locator('article')).toHaveCount(0);
    await axe({ label: 'sandbox for a citizen' });
    // the server says no as well
    const session = JSON.parse((await page.evaluate(() => localStorage.getItem('zsrd.session.v1'))) ?? '{}');
    const cases = await request.get(new URL('/api/v1/training/sandbox/cases', baseURL).toString(), {
      headers: { Authorization: `Bearer ${session.token}` },
    });
    expect(cases.status()).toBe(403);
  });
});
