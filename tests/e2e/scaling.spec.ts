// Text scaling that never breaks: every screen in each combination of 字号 (4 sizes) × 长辈模式
// (off / on), at 320 and 390 px wide, must show all of its text whole and readable.
//
// A screen fails, naming the screen, the setting and the element, where
//  - text is cut off: a text line reaches past the box of an ancestor that clips it (overflow
//    hidden / clip, text-overflow: ellipsis), or past the screen's edge outside a scroller;
//  - text is squeezed: it wraps onto several lines in a box narrower than four characters of its
//    font (Chinese: 4 em; Latin letters count as half an em);
//  - the page scrolls sideways (document.scrollingElement.scrollWidth > the viewport's width).
// Deliberate clamps are not "cut off": a summary clamped to N lines (-webkit-line-clamp; its text
// is whole on the screen it links to) and horizontal scrollers (the chip rows: overflow auto).
//
// How it stays fast (it runs in the `phone` project only; the WeChat user agent does not change
// the layout): one page per role, and each screen shown once. A preference is written where the
// app keeps it (localStorage `zsrd.prefs.v1`, see src/state/prefs.rs) before the first screen
// loads, and the app is checked to apply it as a user's saved setting (the first test checks that
// for all eight settings); the other screens of the role are reached by in-app navigation
// (history.pushState + popstate, as the router's own links do). On each screen the eight
// settings are then applied as the app applies a change (the `data-font` and `data-elderly`
// attributes of <html>, all the CSS scales from), each measured at both widths (a resize needs no
// reload). Loading every screen again for each setting took 548 s of CI; this way 286 s.
//
// To cover a new screen, add a line to SCREENS: its name, the role that sees it, and its path
// (a function of the demo data's ids when it needs one; returning undefined skips it with a note).
import type { APIRequestContext, Page } from '@playwright/test';
import { test, expect, NETWORK_ERRORS } from './support/fixtures';
import { ACCOUNTS, signInWithApi, type ApiSession } from './support/auth';

type Role = 'anon' | 'citizen' | 'deputy' | 'staff';

/** Ids of demo data the screens need (found through the API at the start of each role). */
interface Ids {
  article?: string;
  /** A policy explainer (its comments: 征求意见). */
  policy?: string;
  event?: string;
  deputy?: string;
  station?: string;
  /** The citizen's own messages: one with a reply, one of the major track (a plan). */
  repliedMessage?: string;
  majorMessage?: string;
  /** A message the deputy is handling (the handling panel). */
  inboxMessage?: string;
  /** A message waiting in staff's triage queue. */
  triageMessage?: string;
  /** An open poll of the whole township, and a closed poll. */
  openPoll?: string;
  closedPoll?: string;
  /** An open topic and a closed one (with its conclusion). */
  openTopic?: string;
  closedTopic?: string;
  /** 陈's passed attempt at a demo test (its result) and his certificate of it. */
  passedAttempt?: string;
  certificate?: string;
}

interface Screen {
  name: string;
  role: Role;
  path: string | ((ids: Ids) => string | undefined);
  /** Answers of the API to replace while this screen is shown (e.g. to see its error state). */
  failApi?: RegExp;
  /** Where the app leaves the address once the screen is shown, when not `path` (compose takes
   *  the recipient of `?to=` into its draft and drops it from the address). */
  settlesAt?: string;
}

/** Every route of src/app.rs, and the states worth seeing (empty, error, signed out / in). */
export const SCREENS: Screen[] = [
  { name: '首页', role: 'anon', path: '/' },
  { name: '政策', role: 'anon', path: '/policy' },
  { name: '案例', role: 'anon', path: '/cases' },
  { name: '文章', role: 'anon', path: (i) => i.article && `/articles/${i.article}` },
  { name: '政策解读（征求意见）', role: 'anon', path: (i) => i.policy && `/articles/${i.policy}` },
  { name: '评论（加载失败）', role: 'anon', path: (i) => i.policy && `/articles/${i.policy}`, failApi: /\/api\/v1\/comments(\?|$)/ },
  { name: '活动', role: 'anon', path: '/events' },
  { name: '活动详情', role: 'anon', path: (i) => i.event && `/events/${i.event}` },
  { name: '履职档案（公开）', role: 'anon', path: '/deputies/dp_lw01/record' },
  { name: '活动（加载失败）', role: 'anon', path: '/events', failApi: /\/api\/v1\/events(\?|$)/ },
  { name: '搜索', role: 'anon', path: '/search' },
  { name: '搜索结果', role: 'anon', path: '/search?q=' + encodeURIComponent('培训') },
  { name: '搜索（无结果）', role: 'anon', path: '/search?q=' + encodeURIComponent('没有这样的文章词语') },
  { name: '我的（未登录）', role: 'anon', path: '/me' },
  { name: '使用指南', role: 'anon', path: '/guide' },
  { name: '登录', role: 'anon', path: '/sign-in' },
  { name: '代表', role: 'anon', path: '/deputies' },
  { name: '代表主页', role: 'anon', path: (i) => i.deputy && `/deputies/${i.deputy}` },
  { name: '代表二维码卡片', role: 'anon', path: (i) => i.deputy && `/deputies/${i.deputy}/card` },
  { name: '扫码进入代表主页', role: 'anon', path: `/d/${ACCOUNTS.deputy.code}` },
  { name: '联络站', role: 'anon', path: (i) => i.station && `/stations/${i.station}` },
  { name: '履职情况', role: 'anon', path: '/responsiveness' },
  { name: '留言（未登录）', role: 'anon', path: '/messages' },
  { name: '公开留言', role: 'anon', path: '/board' },
  { name: '工作台（未登录）', role: 'anon', path: '/work' },
  { name: '页面不存在', role: 'anon', path: '/nowhere' },
  { name: '在线投票', role: 'anon', path: '/polls' },
  { name: '投票（未登录）', role: 'anon', path: (i) => i.openPoll && `/polls/${i.openPoll}` },
  { name: '投票结果（已结束）', role: 'anon', path: (i) => i.closedPoll && `/polls/${i.closedPoll}` },
  { name: '议事', role: 'anon', path: '/topics' },
  { name: '议题（讨论中）', role: 'anon', path: (i) => i.openTopic && `/topics/${i.openTopic}` },
  { name: '议题（已结束）', role: 'anon', path: (i) => i.closedTopic && `/topics/${i.closedTopic}` },
  { name: '积分与表彰', role: 'anon', path: '/points' },
  { name: '我的积分（未登录）', role: 'anon', path: '/me/points' },
  { name: '积分榜', role: 'anon', path: '/points/leaderboard?period=year' },
  { name: '积分榜（加载失败）', role: 'anon', path: '/points/leaderboard', failApi: /\/api\/v1\/points\/leaderboard(\?|$)/ },
  { name: '表彰榜', role: 'anon', path: '/commendations' },
  { name: '证书验证', role: 'anon', path: '/certificates' },
  { name: '证书验证（验证码有误）', role: 'anon', path: '/certificates/ABCD-EFGH-JK' },

  { name: '我的（群众）', role: 'citizen', path: '/me' },
  { name: '我的留言', role: 'citizen', path: '/messages' },
  { name: '写留言（选择对象）', role: 'citizen', path: '/messages/new' },
  { name: '选择留言对象', role: 'citizen', path: '/messages/new?choose=1' },
  { name: '写留言（交给联络站）', role: 'citizen', path: (i) => i.station && `/messages/new?to=station:${i.station}`, settlesAt: '/messages/new' },
  { name: '写留言（给代表）', role: 'citizen', path: (i) => i.deputy && `/messages/new?to=deputy:${i.deputy}`, settlesAt: '/messages/new' },
  { name: '留言详情（已答复）', role: 'citizen', path: (i) => i.repliedMessage && `/messages/${i.repliedMessage}` },
  { name: '留言详情（重大议题）', role: 'citizen', path: (i) => i.majorMessage && `/messages/${i.majorMessage}` },
  { name: '留言已发出', role: 'citizen', path: (i) => i.repliedMessage && `/messages/${i.repliedMessage}/sent` },
  { name: '消息提醒', role: 'citizen', path: '/notifications' },
  { name: '提醒设置', role: 'citizen', path: '/notifications/settings' },
  { name: '工作台（群众）', role: 'citizen', path: '/work' },
  { name: '投票（群众）', role: 'citizen', path: (i) => i.openPoll && `/polls/${i.openPoll}` },
  { name: '投票结果（我的选择）', role: 'citizen', path: (i) => i.closedPoll && `/polls/${i.closedPoll}` },
  { name: '政策解读（群众评论）', role: 'citizen', path: (i) => i.policy && `/articles/${i.policy}` },
  { name: '内容审核（群众）', role: 'citizen', path: '/work/moderation' },
  { name: '提出议题', role: 'citizen', path: '/topics/new' },
  { name: '议事（我的议题）', role: 'citizen', path: '/topics?status=mine' },
  { name: '我的积分', role: 'citizen', path: '/me/points' },
  { name: '积分榜（群众）', role: 'citizen', path: '/points/leaderboard' },
  { name: '发布表彰（群众）', role: 'citizen', path: '/commendations/new' },
  { name: '学习（群众）', role: 'citizen', path: '/training' },

  { name: '工作台（代表）', role: 'deputy', path: '/work' },
  { name: '留言办理（代表）', role: 'deputy', path: (i) => i.inboxMessage && `/messages/${i.inboxMessage}` },
  { name: '我的（代表）', role: 'deputy', path: '/me' },
  { name: '我的履职档案', role: 'deputy', path: '/deputies/dp_lw01/record' },
  { name: '活动签到', role: 'deputy', path: (i) => i.event && `/events/${i.event}/check-in` },
  { name: '消息提醒（代表）', role: 'deputy', path: '/notifications' },
  { name: '议题（代表可结束）', role: 'deputy', path: (i) => i.openTopic && `/topics/${i.openTopic}` },
  { name: '学习', role: 'deputy', path: '/training' },
  { name: '学习（入门课程）', role: 'deputy', path: '/training?level=basic' },
  { name: '学习（没有这类课程）', role: 'deputy', path: '/training?level=advanced&track=induction' },
  { name: '学习（加载失败）', role: 'deputy', path: '/training', failApi: /\/api\/v1\/training\/courses(\?|$)/ },
  { name: '课程（学习中）', role: 'deputy', path: '/training/courses/crs_reply' },
  { name: '课时（学习中）', role: 'deputy', path: '/training/lessons/les_reply_2' },
  { name: '每日一练', role: 'deputy', path: '/training/practice' },
  { name: '数字素养自测', role: 'deputy', path: '/training/self-check' },
  { name: '测评', role: 'deputy', path: '/training/tests' },
  { name: '测评详情（已通过）', role: 'deputy', path: '/training/tests/tst_digital' },
  { name: '测评详情（未开始）', role: 'deputy', path: '/training/tests/tst_budget' },
  { name: '测评成绩', role: 'deputy', path: (i) => i.passedAttempt && `/training/attempts/${i.passedAttempt}` },
  { name: '我的证书', role: 'deputy', path: '/me/certificates' },
  { name: '证书', role: 'deputy', path: (i) => i.certificate && `/certificates/${i.certificate}` },
  { name: '测评（加载失败）', role: 'deputy', path: '/training/tests', failApi: /\/api\/v1\/training\/tests(\?|$)/ },

  { name: '工作台（待分派）', role: 'staff', path: '/work' },
  { name: '工作台（部门办理）', role: 'staff', path: '/work?tab=inbox' },
  { name: '留言分派（工作人员）', role: 'staff', path: (i) => i.triageMessage && `/messages/${i.triageMessage}` },
  { name: '发起投票', role: 'staff', path: '/polls/new' },
  { name: '发起议题', role: 'staff', path: '/topics/new' },
  { name: '投票（工作人员）', role: 'staff', path: (i) => i.openPoll && `/polls/${i.openPoll}` },
  { name: '内容审核', role: 'staff', path: '/work/moderation' },
  { name: '培训管理', role: 'staff', path: '/work/training' },
  { name: '扫码海报', role: 'staff', path: '/work/posters' },
  { name: '签到与出席', role: 'staff', path: (i) => i.event && `/events/${i.event}/attendance` },
  { name: '培训管理（一个联络站）', role: 'staff', path: '/work/training?station=st_center' },
  { name: '指派课程', role: 'staff', path: '/work/training/assign' },
  { name: '内容审核（被举报）', role: 'staff', path: '/work/moderation?state=reported' },
  { name: '审核记录', role: 'staff', path: '/work/moderation?tab=log' },
  { name: '积分榜（工作人员）', role: 'staff', path: '/points/leaderboard?period=year' },
  { name: '发布表彰', role: 'staff', path: '/commendations/new' },
  { name: '学习（工作人员）', role: 'staff', path: '/training' },
];

const FONTS = [
  { value: 'standard', label: '字号 标准' },
  { value: 'large', label: '字号 大' },
  { value: 'larger', label: '字号 特大' },
  { value: 'largest', label: '字号 超大' },
] as const;
const WIDTHS = [320, 390];
/** The language of the run: zh-CN (the app's default) unless ZSRD_SCALING_LANG says `en`. */
const LANG = process.env.ZSRD_SCALING_LANG === 'en' ? 'en' : 'zh-CN';
const HEIGHT = 740;

const ROLE_PHONE: Record<Exclude<Role, 'anon'>, string> = {
  citizen: ACCOUNTS.citizen.phone,
  deputy: ACCOUNTS.deputy.phone,
  staff: ACCOUNTS.staff.phone,
};

interface Summary {
  id: string;
  status?: string;
  track?: string;
  reply_count?: number;
  cover?: unknown;
}

async function getJson<T>(request: APIRequestContext, baseURL: string, path: string, session?: ApiSession): Promise<T> {
  const res = await request.get(new URL(`/api/v1${path}`, baseURL).toString(), {
    headers: session ? { Authorization: `Bearer ${session.token}` } : {},
  });
  expect(res.ok(), `GET ${path}: ${res.status()}`).toBe(true);
  return (await res.json()) as T;
}

async function findIds(request: APIRequestContext, baseURL: string, role: Role, session?: ApiSession): Promise<Ids> {
  const ids: Ids = {};
  const items = async (path: string) => (await getJson<{ items: Summary[] }>(request, baseURL, path, session)).items;
  const articles = await items('/articles?kind=news');
  ids.article = (articles.find((a) => a.cover) ?? articles[0])?.id;
  ids.policy = (await items('/articles?kind=policy'))[0]?.id;
  ids.event = (await items('/events'))[0]?.id;
  const deputy = await getJson<{ id: string; station?: { id: string } }>(request, baseURL, `/deputies/by-code/${ACCOUNTS.deputy.code}`);
  ids.deputy = deputy.id;
  ids.station = deputy.station?.id;
  const open = (m: Summary) => !['resolved', 'closed'].includes(m.status ?? '');
  if (role === 'citizen') {
    const mine = await items('/messages/mine');
    ids.repliedMessage = mine.find((m) => (m.reply_count ?? 0) > 0)?.id;
    ids.majorMessage = mine.find((m) => m.track === 'major')?.id;
  }
  if (role === 'deputy') ids.inboxMessage = ((await items('/inbox')).find(open) ?? (await items('/inbox'))[0])?.id;
  if (role === 'deputy') {
    const digital = await getJson<{ attempts: { id: string; passed?: boolean }[] }>(request, baseURL, '/training/tests/tst_digital', session);
    ids.passedAttempt = digital.attempts.find((a) => a.passed)?.id;
    ids.certificate = ((await items('/training/certificates')) as (Summary & { code?: string })[])[0]?.code;
  }
  if (role === 'staff') ids.triageMessage = (await items('/triage'))[0]?.id;
  const polls = (await items('/polls')) as (Summary & { scope?: { kind?: string } })[];
  ids.openPoll = polls.find((p) => p.status === 'open' && p.scope?.kind === 'all')?.id;
  ids.closedPoll = polls.find((p) => p.status === 'closed')?.id;
  ids.openTopic = (await items('/topics?status=open'))[0]?.id;
  ids.closedTopic = (await items('/topics?status=closed'))[0]?.id;
  return ids;
}

/** What the page shows now, measured in the page. Returns one line per problem. */
function measure(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const seen = new Set<string>();
    const vw = document.documentElement.clientWidth;
    const describe = (el: Element, text?: string): string => {
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const snippet = (text ?? el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 24);
      return `<${el.tagName.toLowerCase()}${cls}> "${snippet}"`;
    };
    const add = (line: string) => {
      if (!seen.has(line)) {
        seen.add(line);
        problems.push(line);
      }
    };

    // The page scrolls sideways.
    const scroller = document.scrollingElement ?? document.documentElement;
    if (scroller.scrollWidth > vw + 0.5) {
      const wide = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > vw + 0.5)
        .slice(-3)
        .map((e) => `${describe(e)} ends at ${Math.round(e.getBoundingClientRect().right)}px`);
      add(`page scrolls sideways (${scroller.scrollWidth}px wide): ${wide.join('; ')}`);
    }

    const styleOf = new Map<Element, CSSStyleDeclaration>();
    const style = (el: Element) => {
      let s = styleOf.get(el);
      if (!s) {
        s = getComputedStyle(el);
        styleOf.set(el, s);
      }
      return s;
    };
    // An element hidden on purpose for sighted users (.visually-hidden: 1 px, clipped).
    const visuallyHidden = (el: Element) => {
      const r = el.getBoundingClientRect();
      const s = style(el);
      return r.width <= 2 || r.height <= 2 || (s.clip !== 'auto' && s.clip !== '') || s.clipPath !== 'none';
    };

    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      if (!text.trim()) continue;
      const parent = node.parentElement;
      if (!parent || parent.closest('script, style, noscript, template, title')) continue;
      if (!parent.checkVisibility({ visibilityProperty: true })) continue;
      range.selectNodeContents(node);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0.5 && r.height > 0.5);
      if (rects.length === 0) continue;

      // Cut off: by a clipping ancestor, or by the screen's edge.
      let hidden = false;
      let inScroller = false;
      for (let el: Element | null = parent; el && el !== document.documentElement; el = el.parentElement) {
        if (visuallyHidden(el)) {
          hidden = true;
          break;
        }
        const s = style(el);
        const box = el.getBoundingClientRect();
        const clipX = s.overflowX === 'hidden' || s.overflowX === 'clip';
        const clipY = s.overflowY === 'hidden' || s.overflowY === 'clip';
        if (s.overflowX === 'auto' || s.overflowX === 'scroll') inScroller = true;
        const clamped = s.webkitLineClamp !== 'none' && s.webkitLineClamp !== '';
        // Clipped at the padding box; an ellipsis already cuts at the content box.
        const ellipsis = s.textOverflow === 'ellipsis';
        const right = box.right - el.clientLeft - (ellipsis ? parseFloat(s.paddingRight) : 0);
        const left = box.left + el.clientLeft + (ellipsis ? parseFloat(s.paddingLeft) : 0);
        if (clipX && rects.some((r) => r.right > right + 1 || r.left < left - 1)) {
          add(`text cut off by ${describe(el)}: ${describe(parent, text)} (${Math.round(Math.max(...rects.map((r) => r.right)) - right)}px past its edge${ellipsis ? ', ellipsis' : ''})`);
          break;
        }
        if (clipY && !clamped && rects.some((r) => r.bottom > box.bottom + 1 || r.top < box.top - 1)) {
          add(`text cut off below ${describe(el)}: ${describe(parent, text)}`);
          break;
        }
      }
      if (hidden) continue;
      if (!inScroller && rects.some((r) => r.right > vw + 1)) {
        add(`text runs off the screen: ${describe(parent, text)} (to ${Math.round(Math.max(...rects.map((r) => r.right)))}px)`);
      }

      // Squeezed: wraps onto several lines in a box narrower than four characters.
      const tops = new Set(rects.map((r) => Math.round(r.top)));
      if (tops.size < 2 || parent.closest('svg')) continue;
      let block: Element = parent;
      // The box its lines are laid out in: the nearest ancestor that is not an inline box.
      while (block.parentElement && ['inline', 'contents'].includes(style(block).display)) block = block.parentElement;
      const bs = style(block);
      const width = block.clientWidth - parseFloat(bs.paddingLeft) - parseFloat(bs.paddingRight);
      const fontSize = parseFloat(style(parent).fontSize);
      const chars = [...text.trim()];
      const wide = chars.filter((c) => /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(c)).length;
      // The width of an average character of this text, in em: CJK 1, others about half.
      const em = (wide + 0.5 * (chars.length - wide)) / chars.length;
      const perLine = width / (fontSize * em);
      if (perLine < 4 - 0.05) {
        add(`text squeezed to ${perLine.toFixed(1)} characters a line: ${describe(parent, text)} in ${describe(block)} (${Math.round(width)}px wide, ${fontSize}px text, ${tops.size} lines)`);
      }
    }
    return problems;
  });
}

/** Shows `path` without reloading the app (as its links do), or loads it when `reload`. */
async function show(page: Page, path: string, reload: boolean, settlesAt?: string): Promise<void> {
  const where = (p: string) => new URL(p, 'http://x').pathname + new URL(p, 'http://x').search;
  const target = [where(path), ...(settlesAt ? [where(settlesAt)] : [])];
  if (reload) {
    await page.goto(path);
  } else {
    await page.evaluate((p) => {
      history.pushState(null, '', p);
      dispatchEvent(new PopStateEvent('popstate', { state: null }));
    }, path);
    await page.waitForURL((u) => target.includes(u.pathname + u.search));
  }
  // Ready: the screen's heading is there, nothing is loading, the fonts are in.
  await page.waitForFunction(
    (t) => {
      const here = t.includes(location.pathname + location.search);
      const h1 = document.querySelector('main h1, header h1');
      return here && h1 && !document.querySelector('[aria-busy="true"]');
    },
    target,
    { timeout: 20_000 },
  );
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

async function walk(page: Page, role: Role, ids: Ids): Promise<{ failures: string[]; skipped: string[]; checked: number }> {
  const screens = SCREENS.filter((s) => s.role === role);
  const failures: string[] = [];
  const skipped: string[] = [];
  let checked = 0;
  // The saved preference of the first screen (the app applies it as a user's saved setting):
  // the largest text with 长辈模式.
  const saved = { font: FONTS[FONTS.length - 1], elderly: true };
  await page.setViewportSize({ width: WIDTHS[WIDTHS.length - 1], height: HEIGHT });
  await page.evaluate((v) => localStorage.setItem('zsrd.prefs.v1', v), JSON.stringify({ font: saved.font.value, elderly: saved.elderly, lang: LANG }));
  let first = true;
  for (const screen of screens) {
    const path = typeof screen.path === 'function' ? screen.path(ids) : screen.path;
    if (!path) {
      skipped.push(`${screen.name}: no such item in the demo data`);
      continue;
    }
    if (screen.failApi) {
      await page.route(screen.failApi, (route) =>
        route.fulfill({ status: 500, contentType: 'application/problem+json', body: JSON.stringify({ title: 'test', status: 500 }) }),
      );
    }
    try {
      // (A screen with a failing API is loaded afresh: the same path again would not refetch.)
      await show(page, path, first || !!screen.failApi, screen.settlesAt);
      if (first) {
        await expect(page.locator('html')).toHaveAttribute('data-font', String(FONTS.indexOf(saved.font) + 1));
        expect(await page.locator('html').getAttribute('data-elderly')).toBe(saved.elderly ? '' : null);
        await expect(page.locator('html')).toHaveAttribute('lang', LANG);
      }
      first = false;
      for (const font of FONTS) {
        for (const elderly of [false, true]) {
          const setting = `${font.label}${elderly ? ' + 长辈模式' : ''}`;
          // The setting as the app applies a change of it (apply_to_document in
          // src/state/prefs.rs: the two attributes the CSS scales from; nothing else of a screen
          // depends on it).
          const rootPx = await page.evaluate(([f, e]) => {
            const root = document.documentElement;
            root.setAttribute('data-font', f);
            if (e) root.setAttribute('data-elderly', '');
            else root.removeAttribute('data-elderly');
            return parseFloat(getComputedStyle(root).fontSize);
          }, [String(FONTS.indexOf(font) + 1), elderly] as const);
          // (It took: the text is the setting's size.)
          expect(rootPx, `${screen.name} · ${setting}: the root text size`).toBe(EXPECTED_PX[font.value][elderly ? 1 : 0]);
          for (const width of WIDTHS) {
            await page.setViewportSize({ width, height: HEIGHT });
            // Layout follows the resize and the attributes in the next frame.
            await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
            for (const problem of await measure(page)) failures.push(`${screen.name} (${path}) · ${setting} · ${width}px: ${problem}`);
            checked++;
          }
        }
      }
    } finally {
      if (screen.failApi) await page.unroute(screen.failApi);
    }
  }
  return { failures, skipped, checked };
}

/** Body text (px) of each 字号 without and with 长辈模式 on a browser whose own text is 16 px. */
const EXPECTED_PX: Record<(typeof FONTS)[number]['value'], [number, number]> = {
  standard: [16, 24],
  large: [18, 25],
  larger: [20, 26],
  largest: [24, 28],
};

test.describe('text scaling', () => {
  // The four roles side by side on the two workers.
  test.describe.configure({ mode: 'parallel' });
  test.beforeEach(({}, testInfo) => {
    test.skip(testInfo.project.name !== 'phone', 'the layout does not depend on the user agent: once is enough');
  });
  // The error-state screen makes the page log its failed request.
  test.use({ allowConsoleErrors: NETWORK_ERRORS });
  test.setTimeout(8 * 60_000);

  test('one bounded scale: 字号 steps, 长辈模式 a floor, at most 28 px, the browser\'s own size honoured', async ({ page }) => {
    const rootPx = () => page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    const setPrefs = async (font: string, elderly: boolean) => {
      await page.evaluate((v) => localStorage.setItem('zsrd.prefs.v1', v), JSON.stringify({ font, elderly, lang: 'zh-CN' }));
      await page.reload();
      await expect(page.locator('main h1, header h1').first()).toBeVisible();
    };
    await page.goto('/nowhere');
    for (const font of FONTS) {
      for (const elderly of [false, true]) {
        await setPrefs(font.value, elderly);
        expect(await rootPx(), `${font.label}${elderly ? ' + 长辈模式' : ''}`).toBe(EXPECTED_PX[font.value][elderly ? 1 : 0]);
      }
    }
    // The browser's (the phone's, WeChat's) own text size is the base of the steps: 20 px there…
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 20 } });
    await setPrefs('standard', false);
    expect(await rootPx()).toBe(20);
    await setPrefs('large', false);
    expect(await rootPx()).toBe(22.5);
    // …and the bound still holds above it…
    await setPrefs('largest', true);
    expect(await rootPx()).toBe(28);
    // …but never makes the text smaller than the user's own choice there.
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32 } });
    await setPrefs('standard', false);
    expect(await rootPx()).toBe(32);
    await setPrefs('largest', true);
    expect(await rootPx()).toBe(32);
  });

  for (const role of ['anon', 'citizen', 'deputy', 'staff'] as const) {
    test(`every ${role === 'anon' ? 'public' : role} screen in every 字号 × 长辈模式 at 320 and 390 px`, async ({ page, context, request, baseURL }, testInfo) => {
      const session = role === 'anon' ? undefined : await signInWithApi(context, request, baseURL!, ROLE_PHONE[role]);
      const ids = await findIds(request, baseURL!, role, session);
      // A page of the app's origin, so that its localStorage can be written before the first screen.
      await page.goto('/nowhere');
      const { failures, skipped, checked } = await walk(page, role, ids);
      if (skipped.length) testInfo.annotations.push({ type: 'skipped screens', description: skipped.join('; ') });
      expect(checked, 'screens measured').toBeGreaterThan(0);
      expect(failures, `${failures.length} problem(s) of text scaling:\n  ${failures.join('\n  ')}\n`).toEqual([]);
    });
  }
});
