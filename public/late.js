// What index.html's scripts leave until after the first screen (index.html loads this 2 s after
// the page's `load`; not part of the first load, whose bytes a first screen waits for).
//
// The service worker (public/sw.js; README, "Offline and installable"), registered once the
// first screen is up and the lazily loaded chunks are prefetched (zsrdRegisterWorker, called by
// the module script that starts the app): its precache then finds them in the HTTP cache and
// never competes with the first screen on a slow network. A new version waits: its arrival is
// announced to the app (`zsrd-update`, `zsrdWaiting`), which offers to update and then posts
// SKIP_WAITING; the page reloads once that version has taken over. Taps on a notification reach
// an open window as a message (`zsrd:open`): an in-app navigation.
(function () {
  var sw = navigator.serviceWorker;
  if (!sw) return;
  var had = !!sw.controller;
  function waiting(w) {
    window.zsrdWaiting = w;
    dispatchEvent(new Event("zsrd-update"));
  }
  sw.addEventListener("controllerchange", function () {
    if (had && window.zsrdUpdating) location.reload();
    had = true;
  });
  sw.addEventListener("message", function (e) {
    var d = e.data || {};
    if (d.type === "zsrd:open" && /^\/(?![\/\\])/.test(d.link)) {
      // (an app path: below the base, src/paths.rs)
      history.pushState(null, "", zsrdBase + d.link);
      dispatchEvent(new PopStateEvent("popstate"));
    }
  });
  // The app's "有新版本，点此更新" (src/components/states.rs): not while a text field holds
  // input that is not kept as a draft (forms marked data-draft keep theirs on the phone).
  window.zsrdApplyUpdate = function () {
    var unsaved = [].some.call(document.querySelectorAll("main textarea, main input"), function (f) {
      return f.value && !/^(checkbox|radio|hidden|search|button|submit|range|color|file)$/.test(f.type) && !f.closest("[data-draft]");
    });
    if (unsaved || !window.zsrdWaiting) return false;
    window.zsrdUpdating = true;
    window.zsrdWaiting.postMessage({ type: "SKIP_WAITING" });
    return true;
  };
  window.zsrdRegisterWorker = function () {
    // (beside index.html: its scope is where the app is, `/` or the path it is deployed under)
    sw.register("sw.js").then(function (r) {
      if (r.waiting && sw.controller) waiting(r.waiting);
      r.addEventListener("updatefound", function () {
        var w = r.installing;
        if (w) w.addEventListener("statechange", function () {
          if (w.state === "installed" && sw.controller) waiting(w);
        });
      });
      // A phone keeps the page for days: look for a new version when it comes back.
      document.addEventListener("visibilitychange", function () {
        if (document.visibilityState === "visible") r.update().catch(function () {});
      });
    }).catch(function () {});
  };
  // (The module script calls it once the prefetch is done; if that was before this file
  // arrived, now.)
  if (window.zsrdPrefetched) zsrdRegisterWorker();
})();

// The last-seen 首页 (index.html shows it on the next start at `/`): kept when 首页 is left (a
// tap on a link, the app sent to the background) and once it has settled (nothing busy in
// `main`); only its HTML as the app drew it (text the app escaped itself; no script), its ids and
// the references to them marked `s-` (the app's own come back beside it), under the key of
// index.html's zsrdSnapKey, with the stylesheets it had by then beyond the first load's (the
// loader adds the styles of lazily loaded parts, rest-<hash>.css), which then hold the first
// paint (`blocking="render"`).
(function () {
  function save() {
    try {
      var m = document.getElementById("main");
      if (location.pathname !== zsrdBase + "/" || !m || !m.querySelector("article") || m.querySelector('[aria-busy="true"]') || document.getElementById("snap")) return;
      var k = zsrdSnapKey();
      localStorage.setItem(k[0], JSON.stringify({
        k: k[1],
        r: [].map.call(document.querySelectorAll("link[rel=stylesheet]:not([integrity])"), function (l) { return l.href; }),
        h: [].map.call(document.body.children, function (e) { return e.tagName === "SCRIPT" ? "" : e.outerHTML; }).join("").replace(/( (?:id|for|aria-[a-z]+by|aria-controls)="|href="#)([^"]*)/g, function (m, a, v) { return a + v.replace(/\S+/g, "s-$&"); })
      }));
      return 1;
    } catch (e) {}
  }
  addEventListener("click", save, true);
  addEventListener("pagehide", save);
  document.addEventListener("visibilitychange", save);
  var n = 0, t = setInterval(function () {
    if (save() || ++n > 20) clearInterval(t);
  }, 1500);
})();

// Inside a WeChat mini program's web-view (issue 16): "back" on the screen the mini program
// opened (the app's TopBar, with no in-app history: `zsrd:leave`) goes back to the mini
// program's page through its API, instead of to another screen of the app. The JS-SDK is there
// once a screen's share card has been set (src/state/wechat.rs; only with a backend that has an
// official account); without it, the app's own "back" stays.
window.zsrdLeave = function (e) {
  var mini = window.__wxjs_environment === "miniprogram" || /miniProgram/i.test(navigator.userAgent);
  var api = mini && window.wx && window.wx.miniProgram;
  if (!api || typeof api.navigateBack !== "function") return;
  e.preventDefault();
  api.navigateBack({ delta: 1 });
};
addEventListener("zsrd:leave", zsrdLeave);
