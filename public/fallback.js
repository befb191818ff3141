// When the app cannot start (index.html's module script loads this only then; not part of the
// first load): the boot screen becomes a page that says why and what to do, instead of 正在加载…
// for ever. Written for old engines too (ES5, no modules needed beyond the one that loads it).
//  - No WebAssembly (an old webview, or turned off), or an engine that cannot compile the
//    release build's features (reference types, bulk memory: iOS before 15, Android webviews
//    before Chrome 96; README, "Supported browsers"): the page says so, how to update, and gives
//    the main liaison station's phone (GET /meta) so that nobody is left without a way in.
//  - Otherwise the app's files did not arrive (a dropped connection): a 重新加载 button.
(function () {
  var en = document.documentElement.lang === "en";
  // A module that uses reference types (ref.null extern) and bulk memory (memory.copy): valid
  // for the engines the release build runs on, invalid for older ones.
  var probe = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 111, 3, 2, 1, 0, 5, 3, 1, 0, 1,
    10, 16, 1, 14, 0, 65, 0, 65, 0, 65, 0, 252, 10, 0, 0, 208, 111, 11];
  var supported = false;
  try {
    supported = typeof WebAssembly === "object" && WebAssembly.validate(new Uint8Array(probe));
  } catch (e) {}
  var boot = document.getElementById("boot"), snap = document.getElementById("snap");
  if (!boot) return;
  // (a 首页 drawn by the server or the last-seen one would stand in front of this page)
  if (snap) snap.parentNode.removeChild(snap);
  var text = supported
    ? en
      ? ["The app did not finish loading", "The connection may have dropped. Check the network and load it again."]
      : ["掌上人大没有加载完整", "网络可能中断了。请检查网络后重新加载。"]
    : en
      ? ["This browser cannot open the app", "This browser or WeChat version is too old for 掌上人大. Please update WeChat or the browser (Android: a recent WeChat or Chrome; iPhone: iOS 15 or later), then open it again."]
      : ["此浏览器无法打开掌上人大", "当前浏览器或微信版本过旧，无法运行掌上人大。请把微信或浏览器更新到最新版本（苹果手机需 iOS 15 及以上）后再打开。"];
  function el(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content) e.textContent = content;
    return e;
  }
  var bar = el("div", "boot-bar", en ? "People's Congress" : "掌上人大");
  var page = el("main");
  page.id = "fallback";
  page.style.cssText = "padding:0 16px;text-align:center";
  var title = el("h1", "", text[0]);
  title.style.cssText = "font-size:1.25rem;margin:24px 0 0";
  page.appendChild(title);
  page.appendChild(el("p", "boot-text", text[1]));
  if (supported) {
    var again = el("button", "btn btn-primary", en ? "Load again" : "重新加载");
    again.type = "button";
    again.onclick = function () {
      location.reload();
    };
    page.appendChild(again);
  }
  var call = el("p", "boot-text");
  page.appendChild(call);
  boot.innerHTML = "";
  boot.removeAttribute("id");
  boot.appendChild(bar);
  boot.appendChild(page);
  title.setAttribute("tabindex", "-1");
  title.focus();
  // The station's phone, from the backend the app would have asked (config.json's api_base).
  function get(url, done) {
    var x = new XMLHttpRequest();
    x.open("GET", url);
    x.setRequestHeader("Accept", "application/json");
    x.onload = function () {
      try {
        if (x.status === 200) done(JSON.parse(x.responseText));
      } catch (e) {}
    };
    x.send();
  }
  // (beside index.html, and the API under the same path unless config.json says otherwise: the
  // app may be deployed under a path, src/paths.rs. Read here again, not index.html's
  // zsrdBase: on an engine this old that script may have stopped before it.)
  var root = (document.baseURI || location.href).replace(/[?#].*$/, "").replace(/[^/]*$/, "");
  get("config.json", function (c) {
    var base = (typeof c.api_base === "string" && c.api_base ? c.api_base : root).replace(/\/+$/, "");
    get(base + "/api/v1/meta", function (m) {
      var s = m && m.station, phone = s && typeof s.phone === "string" ? s.phone.replace(/[^0-9+\-]/g, "") : "";
      if (!phone) return;
      call.appendChild(document.createTextNode(en ? "To reach your deputies now, call " : "有事可直接致电" + (typeof s.name === "string" ? s.name : "联络站") + "："));
      var a = el("a", "btn", phone);
      a.href = "tel:" + phone;
      call.appendChild(a);
    });
  });
})();
