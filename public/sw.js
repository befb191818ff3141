// 掌上人大's service worker. This is its source: scripts/build-app bundles it with Workbox
// (scripts/build-sw.cjs: esbuild, then workbox-build's injectManifest puts the list of every file
// of the build, with their revisions, where `self.__WB_MANIFEST` stands) into dist/sw.js.
//
// What it does (README, "Offline and installable"):
// - precaches the whole build — index.html, CSS, the wasm and every lazily loaded chunk, the
//   locale packs, icons — so the app opens, and any screen loads, without network;
// - answers app navigations with the precached index.html;
// - keeps a copy of what the user read (articles, events, deputies, stations; their own
//   messages) and answers with it when the network fails, marked `X-Zsrd-Offline: <saved at>` so
//   the app can say "离线内容" and how old it is;
// - keeps private answers (any request with a token) in a cache of their own, under a key that
//   includes a digest of the token (one user never gets another's copy), and empties it when the
//   user signs out (DELETE …/auth/session), with the Web Push subscription of this browser;
// - shows Web Push alerts and the app's own system notifications, and opens the message when one
//   is tapped;
// - waits with a new version until the app asks for it (the user taps "有新版本，点此更新"), so
//   a page never runs on a mix of an old index.html and deleted chunks.

import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from "workbox-precaching";
import { NavigationRoute, registerRoute } from "workbox-routing";
import { NetworkFirst } from "workbox-strategies";
import { ExpirationPlugin } from "workbox-expiration";
import { clientsClaim } from "workbox-core";

// Bump to drop every runtime copy at once (a format change of what is kept).
const VERSION = "v1";
const READ_CACHE = `zsrd-read-${VERSION}`;
const PRIVATE_CACHE = `zsrd-private-${VERSION}`;
const MEDIA_CACHE = `zsrd-media-${VERSION}`;
// Answers that came from the network within this time are used; after it, the saved copy (if
// any) is shown, marked offline, and the network's answer still updates the copy.
const NETWORK_TIMEOUT_S = 8;
const DAY_S = 24 * 60 * 60;

// The first version takes the open page at once (nothing older to mix with); later versions wait
// for SKIP_WAITING from the page.
clientsClaim();
self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
});

// Where the app is: `/`, or the path it is deployed under (`/renda/`, src/paths.rs): this file
// sits beside index.html, so its scope is the app's base. The precache's addresses are relative
// to it (workbox resolves them against this file); an app path (`/messages/m_1`, a notification's
// link) is below it.
const SCOPE = new URL(self.registration.scope).pathname;
const inScope = (path) => SCOPE + path.slice(1);
const escaped = SCOPE.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// App navigations: the precached index.html (the router takes it from there). Not the API, media
// or files the server has (those have an extension).
registerRoute(
  new NavigationRoute(createHandlerBoundToURL("index.html"), {
    allowlist: [new RegExp(`^${escaped}`)],
    denylist: [new RegExp(`^${escaped}(api|media)/`), /\/[^/]+\.[a-z0-9]+$/i],
  }),
);

// config.json: the deployment may change it after the build (not precached); the last copy keeps
// the app on its backend offline.
registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname === `${SCOPE}config.json`,
  new NetworkFirst({ cacheName: READ_CACHE, networkTimeoutSeconds: NETWORK_TIMEOUT_S }),
);

// --- The API ------------------------------------------------------------------------------------
// The API may live on another origin or under a path prefix (config.json), so its requests are
// known by the contract's prefix.
const API_PATH = /\/api\/v1(\/[^?#]*)$/;
// What someone reads: kept for everyone.
const READ = /^\/(meta|categories|departments|message-categories|articles(\/[^/]+)?|events(\/[^/]+)?|stations(\/[^/]+)?|deputies(\/by-code)?(\/[^/]+)?)$/;
// The user's own: kept only with a token, under that token.
const OWN = /^\/(me|messages\/[^/]+(\/summary)?)$/;

function apiPath(url) {
  const m = API_PATH.exec(url.pathname);
  return m ? m[1] : null;
}

function kept(path, signedIn) {
  if (path === null) return false;
  return READ.test(path) || (signedIn && OWN.test(path));
}

async function digest(text) {
  const bytes = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(bytes).slice(0, 12), (b) => b.toString(16).padStart(2, "0")).join("");
}

// When a copy is put away: the time, in a header of the copy.
// When a copy is used (the network failed or was too slow): that time, as X-Zsrd-Offline.
const offlineMark = {
  cacheWillUpdate: async ({ response }) => {
    if (!response || response.status !== 200) return null;
    const headers = new Headers(response.headers);
    headers.set("X-Zsrd-Saved-At", String(Date.now()));
    return new Response(await response.blob(), { status: 200, statusText: response.statusText, headers });
  },
  cachedResponseWillBeUsed: async ({ cachedResponse }) => {
    if (!cachedResponse) return null;
    const headers = new Headers(cachedResponse.headers);
    headers.set("X-Zsrd-Offline", headers.get("X-Zsrd-Saved-At") || "0");
    // (readable by the page when the API is on another origin)
    const exposed = headers.get("Access-Control-Expose-Headers");
    headers.set("Access-Control-Expose-Headers", exposed ? `${exposed}, X-Zsrd-Offline` : "X-Zsrd-Offline");
    return new Response(await cachedResponse.blob(), { status: cachedResponse.status, statusText: cachedResponse.statusText, headers });
  },
};

// The private copy's key: the URL plus a digest of the token that asked.
const perUser = {
  cacheKeyWillBeUsed: async ({ request }) => {
    const url = new URL(request.url);
    url.searchParams.set("zsrd-user", await digest(request.headers.get("Authorization") || ""));
    return url.href;
  },
};

registerRoute(
  ({ request, url }) => request.method === "GET" && !request.headers.has("Authorization") && kept(apiPath(url), false),
  new NetworkFirst({
    cacheName: READ_CACHE,
    networkTimeoutSeconds: NETWORK_TIMEOUT_S,
    plugins: [offlineMark, new ExpirationPlugin({ maxEntries: 300, maxAgeSeconds: 30 * DAY_S, purgeOnQuotaError: true })],
  }),
);
registerRoute(
  ({ request, url }) => request.method === "GET" && request.headers.has("Authorization") && kept(apiPath(url), true),
  new NetworkFirst({
    cacheName: PRIVATE_CACHE,
    networkTimeoutSeconds: NETWORK_TIMEOUT_S,
    plugins: [perUser, offlineMark, new ExpirationPlugin({ maxEntries: 150, maxAgeSeconds: 30 * DAY_S, purgeOnQuotaError: true })],
  }),
);

// Signing out: the private copies go, and so does this browser's push subscription (the backend
// forgets it when the push service answers 410), whether or not the request reaches the backend.
async function forgetPrivate() {
  await caches.delete(PRIVATE_CACHE);
  const subscription = self.registration.pushManager && (await self.registration.pushManager.getSubscription());
  if (subscription) await subscription.unsubscribe().catch(() => false);
}
registerRoute(
  ({ url }) => apiPath(url) === "/auth/session",
  async ({ request }) => {
    try {
      return await fetch(request);
    } finally {
      await forgetPrivate();
    }
  },
  "DELETE",
);

// Pictures of articles, deputies' photos and public attachments (never a user's uploads).
registerRoute(
  ({ request, url }) => request.method === "GET" && /\/media\/(illustrations|avatars|attachments)\//.test(url.pathname),
  new NetworkFirst({
    cacheName: MEDIA_CACHE,
    networkTimeoutSeconds: NETWORK_TIMEOUT_S,
    plugins: [new ExpirationPlugin({ maxEntries: 120, maxAgeSeconds: 30 * DAY_S, purgeOnQuotaError: true })],
  }),
);

// --- Notifications ------------------------------------------------------------------------------

// Only a path of this app (the same rule as `safe_link` in src/state/alerts.rs).
function safeLink(link) {
  return typeof link === "string" && /^\/(?![/\\])/.test(link) && !/[\s\\]/.test(link) ? link : null;
}

// One notification per message: a newer one about it replaces the last (as the app does).
function tagOf(n) {
  return n.message_id ? `message:${n.message_id}` : String(n.id || "zsrd");
}

self.addEventListener("push", (event) => {
  let n = {};
  try {
    n = event.data ? event.data.json() : {};
  } catch (_) {
    n = { body: event.data ? event.data.text() : "" };
  }
  event.waitUntil(
    self.registration.showNotification(n.title || n.body || "", {
      body: n.title ? n.body || "" : "",
      tag: tagOf(n),
      renotify: true,
      icon: "icons/icon-192.png",
      badge: "icons/icon-192.png",
      data: { link: safeLink(n.link) },
    }),
  );
});

// A tap on a notification: the app in a window that is open (it navigates there itself, keeping
// what is on screen), else a new window on the message.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const link = safeLink(event.notification.data && event.notification.data.link) || "/";
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((c) => new URL(c.url).origin === self.location.origin && new URL(c.url).pathname.startsWith(SCOPE));
      if (open) {
        await open.focus().catch(() => null);
        open.postMessage({ type: "zsrd:open", link });
        return;
      }
      await self.clients.openWindow(inScope(link));
    })(),
  );
});
