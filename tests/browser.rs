//! Browser tests of components (wasm-bindgen-test in headless Chromium, `make test`'s second
//! layer): the rich-text renderer and the states of a paged list, mounted into a real document.
#![cfg(target_arch = "wasm32")]

use contract::{ArticleKind, ArticleSummary, Block};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use zsrd_app::api::ArticleFilter;
use zsrd_app::components::blocks::RichText;
use zsrd_app::components::cards::ArticleCard;
use zsrd_app::components::paged_list::{PagedList, Source};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element in the document to mount into.
fn container() -> web_sys::HtmlElement {
    let document = web_sys::window().and_then(|w| w.document()).expect("document");
    let el: web_sys::HtmlElement = document.create_element("div").expect("div").unchecked_into();
    document.body().expect("body").append_child(&el).expect("append");
    el
}

async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits (up to 15 s, as Playwright's `expect` does: a CI machine may be busy) until `cond` holds.
async fn until(what: &str, cond: impl Fn() -> bool) {
    let start = now_ms();
    while now_ms() - start < UNTIL_MS {
        if cond() {
            return;
        }
        tick().await;
    }
    if !cond() {
        panic!("timed out waiting for: {what}");
    }
}

const UNTIL_MS: f64 = 15_000.0;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn count(el: &web_sys::HtmlElement, selector: &str) -> u32 {
    el.query_selector_all(selector).map(|l| l.length()).unwrap_or(0)
}

fn text(el: &web_sys::HtmlElement) -> String {
    el.text_content().unwrap_or_default()
}

fn article(id: &str, title: &str) -> ArticleSummary {
    ArticleSummary {
        id: id.into(),
        kind: ArticleKind::News,
        category: None,
        title: title.into(),
        summary: String::new(),
        cover: None,
        author: None,
        source: Some("镇人大主席团".into()),
        published_at: "2026-11-29T08:30:00Z".into(),
        view_count: 12,
        excerpt: None,
        comment_count: 0,
        like_count: 0,
    }
}

#[wasm_bindgen_test]
fn rich_text_shows_markup_as_text() {
    let el = container();
    let blocks = vec![
        Block::Paragraph { text: "输入<b>加粗</b>不会生效".into() },
        Block::Paragraph { text: "<script>window.__pwned = 1</script><img src=x onerror=alert(1)>".into() },
        Block::Heading { level: 2, text: "<i>标题</i>".into() },
        Block::List { ordered: false, items: vec!["<a href='javascript:alert(1)'>链接</a>".into()] },
        Block::Quote { text: "<u>引用</u>".into(), cite: Some("<em>来源</em>".into()) },
    ];
    let _handle = leptos::mount::mount_to(el.clone(), move || view! { <RichText blocks=blocks/> });
    let shown = text(&el);
    assert!(shown.contains("输入<b>加粗</b>不会生效"), "literal markup is visible: {shown}");
    assert!(shown.contains("<script>window.__pwned = 1</script>"));
    assert!(shown.contains("<i>标题</i>"));
    for tag in ["b", "script", "img", "i", "a", "u", "em"] {
        assert_eq!(count(&el, tag), 0, "no <{tag}> element was created from text");
    }
    let pwned = js_sys::Reflect::get(&js_sys::global(), &"__pwned".into()).unwrap_or_default();
    assert!(pwned.is_undefined(), "no script ran");
    assert_eq!(count(&el, "p"), 2 + 1, "two paragraphs and the quote's paragraph");
    assert_eq!(count(&el, "h2"), 1);
    assert_eq!(count(&el, "ul li"), 1);
    assert_eq!(count(&el, "blockquote"), 1);
}

#[wasm_bindgen_test]
fn rich_text_refuses_unsafe_urls_and_clamps_headings() {
    let el = container();
    let blocks = vec![
        Block::Heading { level: 1, text: "太高的标题".into() },
        Block::Heading { level: 7, text: "太低的标题".into() },
        Block::Image { url: "javascript:alert(1)".into(), alt: "不安全的图片".into(), caption: None, width: None, height: None },
        Block::Image { url: "/media/illustrations/village.svg".into(), alt: "村道示意图".into(), caption: Some("图注".into()), width: Some(640), height: Some(360) },
        Block::Attachment { url: "data:text/html,<script>alert(1)</script>".into(), name: "坏附件.pdf".into(), size_bytes: None, mime_type: None },
        Block::Attachment { url: "/media/attachments/a.pdf".into(), name: "实施细则.pdf".into(), size_bytes: Some(1_572_864), mime_type: None },
    ];
    let _handle = leptos::mount::mount_to(el.clone(), move || view! { <RichText blocks=blocks/> });
    assert_eq!(count(&el, "h1"), 0, "the page title is the only h1");
    assert_eq!(count(&el, "h2"), 1);
    assert_eq!(count(&el, "h4"), 1);
    // The unsafe image becomes its alt text; the safe one is a lazy image with alt and size.
    assert!(text(&el).contains("不安全的图片"));
    assert_eq!(count(&el, "img"), 1);
    let img = el.query_selector("img").ok().flatten().expect("img");
    assert_eq!(img.get_attribute("alt").as_deref(), Some("村道示意图"));
    assert_eq!(img.get_attribute("loading").as_deref(), Some("lazy"));
    assert_eq!(img.get_attribute("width").as_deref(), Some("640"));
    assert!(text(&el).contains("图注"));
    // Only the safe attachment is a link.
    assert_eq!(count(&el, "a"), 1);
    let a = el.query_selector("a").ok().flatten().expect("a");
    assert_eq!(a.get_attribute("href").as_deref(), Some("/media/attachments/a.pdf"));
    assert!(text(&el).contains("1.5 MB"));
    assert!(!text(&el).contains("坏附件"));
}

#[wasm_bindgen_test]
fn article_card_is_an_article_with_a_linked_heading() {
    let el = container();
    let a = article("a_1", "镇人大召开<主席团>会议");
    let _handle = leptos::mount::mount_to(el.clone(), move || view! { <ArticleCard article=a/> });
    assert_eq!(count(&el, "article h2 a"), 1);
    let link = el.query_selector("article h2 a").ok().flatten().expect("link");
    assert_eq!(link.get_attribute("href").as_deref(), Some("/articles/a_1"));
    assert_eq!(link.text_content().as_deref(), Some("镇人大召开<主席团>会议"));
    assert!(text(&el).contains("12 次阅读"));
}

/// JS: `__parts(input, init)` reads a fetch call made either way — `fetch(url, init)` or, as
/// the app's client (gloo-net) does, `fetch(request)` — as `{ url, method, key, body }`, where
/// `body` is a Promise of the request body's text (or null). Every mock below starts with it.
const FETCH_PARTS: &str = "window.__parts = function (input, init) { \
      if (typeof input === 'string' || input instanceof URL) { init = init || {}; \
        const key = init.headers && init.headers.get ? init.headers.get('Idempotency-Key') : null; \
        return { url: String(input), method: init.method || 'GET', key, \
                 body: Promise.resolve(init.body == null ? null : String(init.body)) }; } \
      const r = input; \
      return { url: String(r.url), method: r.method, key: r.headers.get('Idempotency-Key'), \
               body: (r.method === 'GET' || r.method === 'HEAD') ? Promise.resolve(null) : r.clone().text() }; };";

/// Replaces `window.fetch` for the app's API client: `handler_body` is the body of a JS
/// `function (url, n)` (n = number of the call, from 1) returning a Response or a Promise of one.
fn mock_fetch(handler_body: &str) {
    let handler = js_sys::Function::new_with_args("url, n", handler_body);
    let install = js_sys::Function::new_with_args(
        "h",
        "window.__calls = 0; window.fetch = function (input) { window.__calls += 1; \
         const url = typeof input === 'string' ? input : input.url; \
         return Promise.resolve(h(String(url), window.__calls)); };",
    );
    install.call1(&JsValue::NULL, &handler).expect("install fetch mock");
}

fn calls() -> u32 {
    js_sys::Reflect::get(&js_sys::global(), &"__calls".into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as u32
}

const JSON_PAGE: &str = "const page = (items, next) => new Response(JSON.stringify({ items: items.map((t, i) => ({ \
    id: t, kind: 'news', title: t, published_at: '2026-11-29T08:30:00Z', view_count: i })), next_cursor: next }), \
    { status: 200, headers: { 'Content-Type': 'application/json' } });";

/// Mounts the article list; the returned handle unmounts it when dropped.
fn mount_list(el: &web_sys::HtmlElement, key: &str) -> impl Drop {
    let key = key.to_string();
    leptos::mount::mount_to(el.clone(), move || {
        view! {
            <PagedList
                cache_key=key.clone()
                source=Source::articles(ArticleFilter::default())
                empty="这里还没有文章".to_string()
            />
        }
    })
}

/// An answer from the copy the service worker kept (public/sw.js marks it `X-Zsrd-Offline` with
/// when it was saved): the screen shows it, and the banner says 离线内容 and how old it is.
#[wasm_bindgen_test]
async fn an_answer_from_the_saved_copy_is_marked_offline_with_its_age() {
    mock_fetch(&format!(
        "{JSON_PAGE} const r = page(['离线保存的文章'], null); \
         return new Response(r.body, {{ status: 200, headers: {{ 'Content-Type': 'application/json', \
         'X-Zsrd-Offline': String(Date.now() - 3 * 3600 * 1000) }} }});"
    ));
    let el = container();
    let _app = leptos::mount::mount_to(el.clone(), move || {
        zsrd_app::state::network::Network::provide();
        view! {
            <zsrd_app::components::states::OfflineBanner/>
            <PagedList cache_key="test:offline-copy".to_string() source=Source::articles(ArticleFilter::default())
                empty="这里还没有文章".to_string()/>
        }
    });
    until("the saved article", || text(&el).contains("离线保存的文章")).await;
    until("the offline mark", || text(&el).contains("离线内容")).await;
    assert!(text(&el).contains("3小时前") || text(&el).contains("3 小时前"), "its age: {}", text(&el));
}

#[wasm_bindgen_test]
async fn paged_list_shows_a_skeleton_while_loading() {
    mock_fetch("return new Promise(() => {});");
    let el = container();
    let _list = mount_list(&el, "test:loading");
    until("first request", || calls() == 1).await;
    assert_eq!(count(&el, "[role=status][aria-busy=true]"), 1, "a busy skeleton is shown");
    assert!(text(&el).contains("正在加载"), "screen readers hear that it is loading");
    assert_eq!(count(&el, "article"), 0);
}

#[wasm_bindgen_test]
async fn paged_list_walks_pages_to_the_end() {
    mock_fetch(&format!(
        "{JSON_PAGE} return url.includes('cursor=c2') ? page(['第三篇'], null) : page(['第一篇', '第二篇'], 'c2');"
    ));
    let el = container();
    let _list = mount_list(&el, "test:pages");
    until("first page", || count(&el, "article") >= 2).await;
    // The end of a short list is in view, so the next page follows by itself; if it did not,
    // the "load more" button would.
    until("next page or a load-more button", || count(&el, "article") == 3 || count(&el, "button") == 1).await;
    if let Some(button) = el.query_selector("button").ok().flatten() {
        assert_eq!(button.text_content().as_deref(), Some("加载更多"));
        button.unchecked_into::<web_sys::HtmlElement>().click();
    }
    until("second page", || count(&el, "article") == 3).await;
    until("end marker", || text(&el).contains("已经到底了")).await;
    tick().await;
    assert_eq!(calls(), 2, "no request after the last page");
    let list = el.query_selector_all("article h2").expect("headings");
    let titles: Vec<String> = (0..list.length()).filter_map(|i| list.item(i)?.text_content()).collect();
    assert_eq!(titles, ["第一篇", "第二篇", "第三篇"]);
}

#[wasm_bindgen_test]
async fn paged_list_says_when_empty() {
    mock_fetch(&format!("{JSON_PAGE} return page([], null);"));
    let el = container();
    let _list = mount_list(&el, "test:empty");
    until("empty message", || text(&el).contains("这里还没有文章")).await;
    assert_eq!(count(&el, "article"), 0);
    assert_eq!(count(&el, "[aria-busy=true]"), 0);
}

#[wasm_bindgen_test]
async fn paged_list_error_has_a_working_retry() {
    mock_fetch(&format!(
        "{JSON_PAGE} if (n === 1) return new Response(JSON.stringify({{ type: 'about:blank', title: 'Bad Request', \
         status: 400, detail: '测试用的错误' }}), {{ status: 400, headers: {{ 'Content-Type': 'application/problem+json' }} }}); \
         return page(['重试后出现'], null);"
    ));
    let el = container();
    let _list = mount_list(&el, "test:error");
    until("error state", || count(&el, "[role=alert]") == 1).await;
    assert!(text(&el).contains("请求有误：测试用的错误"), "says what happened: {}", text(&el));
    assert_eq!(calls(), 1, "a 400 is not retried by itself");
    let retry = el.query_selector("[role=alert] button").ok().flatten().expect("retry button");
    assert!(retry.text_content().unwrap_or_default().contains("重试"));
    retry.unchecked_into::<web_sys::HtmlElement>().click();
    until("items after retry", || count(&el, "article") == 1).await;
    assert_eq!(calls(), 2);
    assert_eq!(count(&el, "[role=alert]"), 0);
}

#[wasm_bindgen_test]
async fn paged_list_survives_a_malformed_answer() {
    mock_fetch("return new Response('{\"items\": [{\"id\": 1,', { status: 200, headers: { 'Content-Type': 'application/json' } });");
    let el = container();
    let _list = mount_list(&el, "test:malformed");
    until("error state", || count(&el, "[role=alert]") == 1).await;
    assert!(text(&el).contains("收到的数据无法识别"), "{}", text(&el));
}

// ---------------------------------------------------------------------------
// MESSAGES: compose → send, field errors, the outbox, the message page
// ---------------------------------------------------------------------------

mod messages {
    use super::*;
    use contract::{Role, Session, User};

    const UID: &str = "u_test";

    fn storage() -> web_sys::Storage {
        web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("localStorage")
    }

    fn stored(name: &str) -> Option<String> {
        storage().get_item(&format!("zsrd.u.{UID}.{name}")).ok().flatten()
    }

    /// Starts from a clean device with a signed-in citizen.
    fn sign_in() {
        let s = storage();
        let _ = s.clear();
        let session = Session {
            token: "t0ken".into(),
            expires_at: "2099-01-01T00:00:00Z".into(),
            user: User { id: UID.into(), display_name: "王秀英".into(), roles: vec![Role::Citizen], ..Default::default() },
        };
        s.set_item("zsrd.prefs.v1", r#"{"font":"standard","elderly":false,"lang":"zh-CN"}"#).expect("store prefs");
        s.set_item("zsrd.session.v1", &serde_json::to_string(&session).unwrap()).expect("store session");
    }

    /// The fetch mock: every call is logged (`window.__log`: url, method, Idempotency-Key,
    /// status answered) and answered by `window.__handler(url, method, key)`, which returns
    /// `[status, body]` or `null` for a network failure.
    fn mock(handler_body: &str) {
        let handler = js_sys::Function::new_with_args("url, method, key", handler_body);
        js_sys::Reflect::set(&js_sys::global(), &"__handler".into(), &handler).expect("handler");
        js_sys::Function::new_no_args(&format!(
            "{FETCH_PARTS} window.__log = window.__log || []; window.fetch = function (input, init) {{ \
               const {{ url, method, key, body }} = window.__parts(input, init); \
               const entry = {{ url, method, key, status: 0 }}; window.__log.push(entry); \
               return body.then(() => {{ \
               const r = window.__handler(url, method, key); \
               if (!r) return Promise.reject(new TypeError('Failed to fetch')); \
               entry.status = r[0]; \
               return new Response(typeof r[1] === 'string' ? r[1] : JSON.stringify(r[1]), \
                 {{ status: r[0], headers: Object.assign({{ 'Content-Type': r[0] >= 400 ? 'application/problem+json' : 'application/json' }}, r[2] || {{}}) }}); }}); }};",
        ))
        .call0(&JsValue::NULL)
        .expect("install fetch mock");
    }

    fn reset_log() {
        let _ = js_sys::Reflect::set(&js_sys::global(), &"__log".into(), &js_sys::Array::new());
    }

    /// How many logged calls match `filter` (a JS expression over `e`).
    fn logged(filter: &str) -> u32 {
        js_sys::Function::new_no_args(&format!("return (window.__log || []).filter(e => {filter}).length;"))
            .call0(&JsValue::NULL)
            .ok()
            .and_then(|v| v.as_f64())
            .unwrap_or(0.0) as u32
    }

    fn set_online(on: bool) {
        js_sys::Function::new_no_args(&format!(
            "window.__online = {on}; Object.defineProperty(Navigator.prototype, 'onLine', {{ get: () => window.__online, configurable: true }});"
        ))
        .call0(&JsValue::NULL)
        .expect("onLine");
    }

    /// Answers of a small backend: departments, categories, one message (`m_new`) as created.
    const BACKEND: &str = "\
        const page = (items) => ({ items, next_cursor: null }); \
        const msg = (id, extra) => Object.assign({ id, version: 1, title: '村口路灯不亮了', body: '龙湾村村口的三盏路灯已经坏了两周。', \
          status: 'submitted', created_at: '2026-11-29T02:00:00Z', updated_at: '2026-11-29T02:00:00Z', \
          deadline: '2099-11-30T15:59:59Z', recipient: { kind: 'department', id: 'g_1', name: '规划建设办' }, \
          author: { name: '王秀英', role: 'citizen', is_you: true }, public: false, can: { follow_up: true } }, extra || {}); \
        if (url.endsWith('/api/v1/departments')) return [200, page([{ id: 'g_1', name: '规划建设办', description: '' }])]; \
        if (url.endsWith('/api/v1/message-categories')) return [200, page([{ id: 'mc_road', name: '道路交通' }])]; \
        if (url.includes('/api/v1/messages/mine')) return [200, page([])]; \
        if (url.endsWith('/api/v1/messages/m_new')) return [200, msg('m_new')];";

    fn doc() -> web_sys::Document {
        web_sys::window().and_then(|w| w.document()).expect("document")
    }

    fn body_text() -> String {
        doc().body().and_then(|b| b.text_content()).unwrap_or_default()
    }

    fn by_id(id: &str) -> Option<web_sys::HtmlElement> {
        doc().get_element_by_id(id).and_then(|e| e.dyn_into().ok())
    }

    fn set_value(id: &str, value: &str, event: &str) {
        let el = by_id(id).unwrap_or_else(|| panic!("#{id}"));
        js_sys::Function::new_with_args("el, v, ev", "el.value = v; el.dispatchEvent(new Event(ev, { bubbles: true }));")
            .call3(&JsValue::NULL, &el, &value.into(), &event.into())
            .expect("set value");
    }

    fn value(id: &str) -> String {
        by_id(id).and_then(|e| js_sys::Reflect::get(&e, &"value".into()).ok()).and_then(|v| v.as_string()).unwrap_or_default()
    }

    /// Mounts the whole app at `path` (router, session, outbox runner).
    fn app_at(path: &str) -> impl Drop {
        let w = web_sys::window().expect("window");
        w.history().expect("history").replace_state_with_url(&JsValue::NULL, "", Some(path)).expect("url");
        leptos::mount::mount_to(container(), zsrd_app::App)
    }

    async fn fill_form() {
        let start = now_ms();
        while !body_text().contains("致部门：规划建设办") && now_ms() - start < UNTIL_MS {
            tick().await;
        }
        let log = js_sys::JSON::stringify(&js_sys::Reflect::get(&js_sys::global(), &"__log".into()).unwrap_or_default()).ok().and_then(|s| s.as_string());
        assert!(body_text().contains("致部门：规划建设办"), "{} -- {:?} -- {:?}", body_text(), log, web_sys::window().unwrap().location().href());
        until("categories", || doc().query_selector("#compose-category option[value=mc_road]").ok().flatten().is_some()).await;
        set_value("compose-category", "mc_road", "change");
        set_value("compose-title", "村口路灯不亮了", "input");
        set_value("compose-body", "龙湾村村口的三盏路灯已经坏了两周。", "input");
        tick().await;
        assert!(body_text().contains("7/40 字"), "live counter by characters: {}", body_text());
    }

    fn send() {
        by_id("compose-send").expect("send button").click();
    }

    fn leave() {
        let _ = web_sys::window().and_then(|w| w.history().ok()).map(|h| h.replace_state_with_url(&JsValue::NULL, "", Some("/")));
    }

    #[wasm_bindgen_test]
    async fn compose_send_lands_on_the_confirmation() {
        sign_in();
        set_online(true);
        reset_log();
        mock(&format!(
            "{BACKEND} if (method === 'POST' && url.endsWith('/api/v1/messages')) return [201, msg('m_new')]; return [404, {{ status: 404 }}];"
        ));
        let app = app_at("/messages/new?to=department:g_1");
        fill_form().await;
        until("the draft is saved as typed", || stored("draft.new").is_some_and(|d| d.contains("村口路灯不亮了"))).await;
        send();
        send(); // a double tap
        until("the confirmation", || body_text().contains("留言已发出") && body_text().contains("已发给 规划建设办")).await;
        assert_eq!(logged("e.method === 'POST' && e.url.endsWith('/api/v1/messages')"), 1, "sent once");
        assert_eq!(logged("e.method === 'POST' && e.key && e.key.length >= 16"), 1, "with an Idempotency-Key");
        let path = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default();
        assert_eq!(path, "/messages/m_new/sent");
        let text = body_text();
        assert!(text.contains("《村口路灯不亮了》"), "{text}");
        assert!(text.contains("前把它分派给专人办理") && text.contains("2099"), "when staff will assign it: {text}");
        assert!(text.contains("消息提醒"), "you will be alerted: {text}");
        let view = doc().query_selector("a[href='/messages/m_new']").ok().flatten();
        assert!(view.is_some_and(|a| a.text_content().unwrap_or_default().contains("查看这条留言")), "a link to the message");
        assert!(doc().query_selector("a[href='./']").ok().flatten().is_some(), "and back home");
        // (In the frame after it is drawn.)
        until("the confirmation has the focus", || doc().active_element().and_then(|e| e.get_attribute("id")).as_deref() == Some("sent-title")).await;
        assert_eq!(stored("draft.new"), None, "the draft is gone after a successful send");
        assert_eq!(stored("outbox"), None, "and nothing waits in the outbox");
        drop(app);
        leave();
    }

    #[wasm_bindgen_test]
    async fn field_errors_of_a_400_show_at_their_fields_and_keep_the_text() {
        sign_in();
        set_online(true);
        reset_log();
        mock(&format!(
            "{BACKEND} if (method === 'POST' && url.endsWith('/api/v1/messages')) return [400, {{ type: 'about:blank', title: 'Bad Request', \
             status: 400, errors: [{{ field: 'title', code: 'invalid', message: '标题含有不允许的内容' }}] }}]; return [404, {{ status: 404 }}];"
        ));
        let app = app_at("/messages/new?to=department:g_1");
        fill_form().await;
        send();
        until("the field error", || by_id("compose-title-error").is_some()).await;
        let error = by_id("compose-title-error").and_then(|e| e.text_content()).unwrap_or_default();
        assert!(error.contains("标题含有不允许的内容"), "{error}");
        let title = by_id("compose-title").expect("title");
        assert_eq!(title.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert!(title.get_attribute("aria-describedby").unwrap_or_default().contains("compose-title-error"));
        assert_eq!(value("compose-title"), "村口路灯不亮了", "the text is intact");
        assert_eq!(value("compose-body"), "龙湾村村口的三盏路灯已经坏了两周。");
        assert_eq!(stored("outbox"), None, "a refused message does not wait in the outbox");
        until("the draft is kept", || stored("draft.new").is_some_and(|d| d.contains("村口路灯不亮了"))).await;
        assert!(by_id("compose-send").is_some_and(|b| b.get_attribute("disabled").is_none()), "can send again");
        drop(app);
        leave();
    }

    #[wasm_bindgen_test]
    async fn offline_send_waits_in_the_outbox_and_is_delivered_once() {
        sign_in();
        set_online(false);
        reset_log();
        mock(&format!(
            "{BACKEND} if (method === 'POST' && url.endsWith('/api/v1/messages')) return window.__online ? [201, msg('m_new')] : null; \
             return [404, {{ status: 404 }}];"
        ));
        let app = app_at("/messages/new?to=department:g_1");
        fill_form().await;
        send();
        until("the outbox on 留言", || body_text().contains("待发送") && body_text().contains("等待网络恢复后自动发送")).await;
        assert!(body_text().contains("村口路灯不亮了"));
        assert!(stored("outbox").is_some_and(|o| o.contains("村口路灯不亮了")), "survives a reload");
        assert_eq!(logged("e.method === 'POST' && e.status === 201"), 0);
        // Back online: delivered by itself, once.
        set_online(true);
        let online = web_sys::Event::new("online").expect("event");
        web_sys::window().expect("window").dispatch_event(&online).expect("dispatch");
        let start = now_ms();
        while stored("outbox").is_some() && now_ms() - start < UNTIL_MS {
            tick().await;
        }
        let log = js_sys::JSON::stringify(&js_sys::Reflect::get(&js_sys::global(), &"__log".into()).unwrap_or_default()).ok().and_then(|s| s.as_string());
        assert!(stored("outbox").is_none(), "delivered: {:?} -- {:?} -- {}", stored("outbox"), log, body_text());
        until("the outbox is gone from the screen", || !body_text().contains("等待网络恢复后自动发送")).await;
        until("the user sees it delivered", || body_text().contains("已发送：")).await;
        // A second online event must not send it again.
        web_sys::window().expect("window").dispatch_event(&online).expect("dispatch");
        for _ in 0..10 {
            tick().await;
        }
        assert_eq!(logged("e.method === 'POST' && e.url.endsWith('/api/v1/messages') && e.status === 201"), 1, "delivered once");
        let keys = js_sys::Function::new_no_args(
            "return new Set(window.__log.filter(e => e.method === 'POST' && e.url.endsWith('/api/v1/messages')).map(e => e.key)).size;",
        )
        .call0(&JsValue::NULL)
        .ok()
        .and_then(|v| v.as_f64());
        assert_eq!(keys, Some(1.0), "every attempt used the draft's one key");
        drop(app);
        leave();
    }

    #[wasm_bindgen_test]
    async fn rate_limited_send_waits_in_the_outbox_with_the_wait() {
        sign_in();
        set_online(true);
        reset_log();
        mock(&format!(
            "{BACKEND} if (method === 'POST' && url.endsWith('/api/v1/messages')) return [429, {{ status: 429, title: 'Too Many Requests' }}, {{ 'Retry-After': '120' }}]; \
             return [404, {{ status: 404 }}];"
        ));
        let app = app_at("/messages/new?to=department:g_1");
        fill_form().await;
        send();
        until("the wait on 留言", || body_text().contains("约 2 分钟后自动重试")).await;
        assert!(stored("outbox").is_some_and(|o| o.contains("\"note\":\"wait\"")), "kept in the outbox");
        assert_eq!(logged("e.method === 'POST' && e.url.endsWith('/api/v1/messages')"), 1, "a 429 is not hammered");
        drop(app);
        leave();
    }

    #[wasm_bindgen_test]
    async fn the_draft_comes_back_after_a_reload_and_a_broken_one_is_ignored() {
        sign_in();
        set_online(true);
        reset_log();
        mock(&format!("{BACKEND} return [404, {{ status: 404 }}];"));
        let app = app_at("/messages/new?to=department:g_1");
        fill_form().await;
        until("saved", || stored("draft.new").is_some_and(|d| d.contains("三盏路灯"))).await;
        drop(app);
        let app = app_at("/messages/new");
        until("restored", || value("compose-body") == "龙湾村村口的三盏路灯已经坏了两周。").await;
        assert_eq!(value("compose-title"), "村口路灯不亮了");
        assert!(body_text().contains("致部门：规划建设办"), "the recipient too");
        drop(app);
        storage().set_item(&format!("zsrd.u.{UID}.draft.new"), "{\"key\":\"k\",\"title\":[1,2").expect("store");
        let app = app_at("/messages/new");
        until("an empty form", || by_id("compose-title").is_some()).await;
        assert_eq!(value("compose-title"), "", "a broken draft is ignored");
        drop(app);
        leave();
    }

    const FULL_MESSAGE: &str = "\
        const full = (rate) => ({ id: 'm_1', version: 4, title: '村道修缮', body: '村道坑洼，<b>雨天</b>积水。', status: rate ? 'resolved' : 'replied', \
          track: 'major', created_at: '2026-11-01T02:00:00Z', updated_at: '2026-11-21T02:00:00Z', deadline: '2026-12-01T15:59:59Z', \
          recipient: { kind: 'deputy', id: 'd_1', name: '陈志强' }, handler: { kind: 'deputy', id: 'd_1', name: '陈志强' }, \
          author: { name: '王秀英', role: 'citizen', is_you: true }, public: true, \
          timeline: [ { id: 't1', at: '2026-11-01T02:00:00Z', kind: 'submitted', actor: { name: '王秀英', role: 'citizen', is_you: true }, status: 'submitted' }, \
                      { id: 't2', at: '2026-11-01T05:00:00Z', kind: 'triaged', actor: { name: '黄丽', role: 'staff' }, status: 'assigned', note: '重大议题，转代表' } ], \
          replies: [ { id: 'r1', at: '2026-11-03T02:00:00Z', from: { name: '陈志强', role: 'deputy' }, body: '已联系镇规划建设办' }, \
                     { id: 'r2', at: '2026-11-04T02:00:00Z', from: { name: '王秀英', role: 'citizen', is_you: true }, body: '谢谢，什么时候动工？' } ], \
          plan: [ { id: 'p1', title: '现场勘查', due_at: '2026-11-10T15:59:59Z', done: true, done_at: '2026-11-09T02:00:00Z' }, \
                  { id: 'p2', title: '招标施工', due_at: '2026-11-20T15:59:59Z', done: false, overdue: true }, \
                  { id: 'p3', title: '竣工验收', due_at: '2026-12-20T15:59:59Z', done: false } ], \
          can: { rate: rate, follow_up: true } });";

    #[wasm_bindgen_test]
    async fn message_page_shows_handling_and_rating_only_when_allowed() {
        for rate in [true, false] {
            sign_in();
            set_online(true);
            reset_log();
            mock(&format!("{FULL_MESSAGE} if (url.endsWith('/api/v1/messages/m_1')) return [200, full({rate})]; return [404, {{ status: 404 }}];"));
            let app = app_at("/messages/m_1");
            until("the message", || body_text().contains("村道修缮")).await;
            let text = body_text();
            assert!(text.contains("村道坑洼，<b>雨天</b>积水。"), "body as text");
            for expected in ["办理经过", "受理并分派", "重大议题，转代表", "已联系镇规划建设办", "谢谢，什么时候动工？", "现场勘查", "招标施工", "已完成", "致代表", "陈志强"] {
                assert!(text.contains(expected), "shows {expected}: {text}");
            }
            // A step past its date: overdue while the message is handled; once it is resolved
            // (rating allowed), an unfinished step is just that (progress.rs, step_marks).
            let late = if rate { "未完成" } else { "已超期" };
            assert!(text.contains(late), "the late step says {late}: {text}");
            let count = |sel: &str| doc().query_selector_all(sel).map(|l| l.length()).unwrap_or(0);
            let text_of = |sel: &str| doc().query_selector(sel).ok().flatten().and_then(|e| e.text_content()).unwrap_or_default();
            // The latest answer first (the handler's, not the author's later follow-up).
            let first = doc().query_selector("main section").ok().flatten().and_then(|e| e.get_attribute("aria-labelledby"));
            assert_eq!(first.as_deref(), Some("msg-latest"), "the latest answer is the first section");
            assert!(text_of("section[aria-labelledby=msg-latest]").contains("已联系镇规划建设办"));
            // The milestones: a list, the current one marked.
            assert_eq!(count("section[aria-labelledby=msg-progress] li"), 5);
            assert_eq!(count("section[aria-labelledby=msg-progress] li[aria-current=step]"), 1);
            let current = text_of("section[aria-labelledby=msg-progress] li[aria-current=step]");
            assert!(current.contains(if rate { "已办结" } else { "已答复" }), "{current}");
            // Plan steps: done, late, and a later one not started (never "in progress"); on a
            // resolved message the steps left are 未完成, not waiting to start.
            let plan = text_of("section[aria-labelledby=msg-plan]");
            assert!(!plan.contains("进行中"), "{plan}");
            assert!(plan.contains(if rate { "未完成" } else { "未开始" }) && (rate || !plan.contains("未完成")), "{plan}");
            assert_eq!(count("section[aria-labelledby=msg-plan] li"), 3);
            // Terms explained where they appear.
            assert!(text.contains("重大议题：") && text.contains("公开：所有人都能"), "{text}");
            // The log, folded.
            assert_eq!(count("section[aria-labelledby=msg-timeline] details:not([open])"), 1);
            assert_eq!(count("section[aria-labelledby=msg-timeline] li"), 2);
            assert_eq!(count("section[aria-labelledby=msg-replies] li"), 2);
            assert_eq!(count("input[name=rating-stars]"), if rate { 5 } else { 0 }, "rating form only when can.rate");
            // The follow-up: behind a button (can.follow_up), opened on demand.
            let open = by_id("followup-open").expect("the follow-up button");
            assert_eq!(open.get_attribute("aria-expanded").as_deref(), Some("false"));
            assert_eq!(count("#followup-body"), 0, "folded");
            open.click();
            until("the follow-up form", || by_id("followup-body").is_some()).await;
            assert_eq!(open.get_attribute("aria-expanded").as_deref(), Some("true"));
            if rate {
                // The rating form says what is missing at its field.
                let submit = doc().query_selector("section[aria-labelledby=msg-rate] button[type=submit]").ok().flatten();
                submit.and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()).expect("rate button").click();
                until("the stars' error", || by_id("rating-stars-error").is_some()).await;
                assert!(text_of("#rating-stars-error").contains("请选择星级"));
                assert_eq!(logged("e.method === 'POST'"), 0, "nothing sent");
            }
            drop(app);
            leave();
        }
    }

    #[wasm_bindgen_test]
    async fn a_missing_message_says_so() {
        sign_in();
        set_online(true);
        mock("return [404, { type: 'about:blank', title: 'Not Found', status: 404 }];");
        let app = app_at("/messages/m_x");
        until("not found", || body_text().contains("留言不存在或无权查看")).await;
        drop(app);
        leave();
    }

    #[wasm_bindgen_test]
    async fn signing_out_says_how_many_unsent_messages_it_would_delete() {
        use zsrd_app::state::drafts::Draft;
        use zsrd_app::state::outbox::{Compose, Outbox};
        sign_in();
        // Offline: the queued message stays in the outbox (and no delivery outlives the test).
        set_online(false);
        reset_log();
        mock("return null;");
        let mut outbox = Outbox::default();
        let mut draft = Draft::with_key("k-unsent".into(), Compose::default());
        draft.title = "村口路灯不亮了".into();
        draft.body = "龙湾村村口的三盏路灯已经坏了两周。".into();
        outbox.put(draft, 0.0);
        storage().set_item(&format!("zsrd.u.{UID}.outbox"), &outbox.to_json()).expect("store outbox");
        let app = app_at("/me");
        until("the account", || body_text().contains("退出登录")).await;
        let sign_out = doc()
            .query_selector_all("main button")
            .ok()
            .and_then(|l| (0..l.length()).filter_map(|i| l.item(i)).find(|b| b.text_content().is_some_and(|t| t.trim() == "退出登录")))
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
            .expect("退出登录");
        sign_out.click();
        until("the confirmation counts it", || body_text().contains("还有 1 条留言未发送")).await;
        assert!(stored("outbox").is_some(), "nothing deleted before the user confirms");
        drop(app);
        let _ = storage().clear();
        set_online(true);
        leave();
    }

    #[wasm_bindgen_test]
    async fn notification_centre_shows_alerts_safely_and_marks_all_read() {
        sign_in();
        set_online(true);
        reset_log();
        mock(
            "const page = (items) => ({ items, next_cursor: null }); \
             const n = (id, kind, read, link) => ({ id, kind, created_at: '2026-11-29T08:30:00Z', read, title: '', \
               body: '《村口路灯》：已联系供电所' + id, message_id: 'm_' + id, link, extra: { x: 1 } }); \
             const unread = window.__unread === undefined ? 2 : window.__unread; \
             if (url.includes('/notifications/unread-count')) return [200, { unread }]; \
             if (url.includes('/notifications/read-all')) { window.__unread = 0; return [200, { unread: 0 }]; } \
             if (url.includes('/notifications/stream-tickets')) return [503, { status: 503 }]; \
             if (url.includes('/api/v1/notifications?unread=true')) return [200, page(unread ? [n('3', 'reply', false, '/messages/m_3'), \
               n('2', 'mystery_kind', false, 'https://evil.example/x')] : [])]; \
             if (url.includes('/api/v1/notifications')) return [200, page([n('3', 'reply', unread === 0, '/messages/m_3'), \
               n('2', 'mystery_kind', unread === 0, 'https://evil.example/x'), n('1', 'assigned', true, '')])]; \
             return [404, { status: 404 }];",
        );
        let _ = js_sys::Reflect::delete_property(&js_sys::global().unchecked_into::<js_sys::Object>(), &"__unread".into());
        let app = app_at("/notifications");
        until("the list", || body_text().contains("已联系供电所1")).await;
        let q = |sel: &str| doc().query_selector_all(sel).map(|l| l.length()).unwrap_or(0);
        let bell = || {
            doc().query_selector("header a[href='notifications']").ok().flatten().and_then(|a| a.get_attribute("aria-label")).unwrap_or_default()
        };
        let log = || js_sys::JSON::stringify(&js_sys::Reflect::get(&js_sys::global(), &"__log".into()).unwrap_or_default()).map(String::from).unwrap_or_default();
        let start = now_ms();
        while bell() != "消息提醒，2 条未读" && now_ms() - start < UNTIL_MS {
            tick().await;
        }
        assert_eq!(bell(), "消息提醒，2 条未读", "requests: {} body: {}", log(), doc().body().map(|b| b.inner_html()).unwrap_or_default());
        assert_eq!(q("main li a[href='/messages/m_3']"), 1, "its own link");
        assert_eq!(q("main li a[href='/messages/m_2']"), 1, "a link out of the app falls back to the message");
        assert_eq!(q("main li a[href='/messages/m_1']"), 1, "no link: the message");
        assert_eq!(q("a[href^='https://evil']"), 0);
        let text = body_text();
        for label in ["新回复", "新的待办留言", "提醒"] {
            assert!(text.contains(label), "kind label {label}: {text}");
        }
        assert_eq!(text.matches("未读").count() - text.matches("条未读").count(), 2, "two marked unread: {text}");
        until("the 留言 tab's badge", || {
            doc().query_selector("nav a[href='messages']").ok().flatten().and_then(|a| a.text_content()).is_some_and(|t| t.contains("，2 条未读"))
        })
        .await;
        let mark_all = doc()
            .query_selector_all("main button")
            .ok()
            .and_then(|l| (0..l.length()).filter_map(|i| l.item(i)).find(|b| b.text_content().is_some_and(|t| t.contains("全部标为已读"))))
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
            .expect("全部标为已读");
        mark_all.click();
        until("the badge cleared", || bell() == "消息提醒").await;
        assert_eq!(logged("e.method === 'POST' && e.url.endsWith('/api/v1/notifications/read-all')"), 1);
        let text = body_text();
        assert_eq!(text.matches("未读").count(), 0, "nothing marked unread: {text}");
        drop(app);
        leave();
    }

    /// The comment thread (components::comments) with the session of `sign_in` and a mocked backend.
    mod comments {
        use super::*;
        use contract::TargetKind;
        use zsrd_app::components::comments::Comments;
        use zsrd_app::state::session::SessionState;

        /// One article (`a_1`) with three likes and six comments: the first page has one, with
        /// five replies (two shown, one of them deleted); a POST answers as `post` says, a like
        /// as `like` says.
        fn backend(post: &str, like: &str) -> String {
            format!(
                "const c = (id, extra) => Object.assign({{ id, target_kind: 'article', target_id: 'a_1', body: '建议增加夜间路灯', \
                   state: 'published', created_at: '2026-11-29T02:00:00Z', like_count: 2, liked: false, reply_count: 0, \
                   author: {{ name: '李*', role: 'citizen', is_you: false }}, can: {{ reply: true, like: true, report: true }} }}, extra || {{}}); \
                 if (method === 'GET' && url.includes('/api/v1/likes/article/a_1')) return [200, {{ like_count: 3, liked: false, comment_count: 6 }}]; \
                 if (method === 'GET' && url.includes('/api/v1/comments?')) return [200, {{ items: [c('c_1', {{ reply_count: 5, replies: [ \
                   c('c_2', {{ thread_id: 'c_1', body: '<b>同意</b>', author: {{ name: '陈志强', role: 'deputy', is_you: false }} }}), \
                   c('c_3', {{ thread_id: 'c_1', body: '', state: 'deleted', can: {{}} }}) ] }}) ], next_cursor: null }}]; \
                 if (method === 'PUT' && url.includes('/api/v1/likes/')) {{ {like} }} \
                 if (method === 'POST' && url.endsWith('/api/v1/comments')) {{ {post} }} \
                 return [404, {{ status: 404 }}];"
            )
        }

        fn mount() -> impl Drop {
            leptos::mount::mount_to(container(), || {
                SessionState::provide();
                view! { <Comments kind=TargetKind::Article id="a_1".to_string() policy=true/> }
            })
        }

        fn click(selector: &str) {
            doc().query_selector(selector).ok().flatten().and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
                .unwrap_or_else(|| panic!("{selector}")).click();
        }

        /// The composer's 发表 (the first form of the thread: no panel is open).
        fn submit() {
            click("#comments form button[type=submit]");
        }

        #[wasm_bindgen_test]
        async fn a_thread_shows_its_comments_and_a_new_one_at_once() {
            sign_in();
            set_online(true);
            reset_log();
            mock(&backend(
                "return [201, c('c_new', { body: '路灯改成太阳能的更省电', state: 'published', author: { name: '王*', role: 'citizen', is_you: true }, \
                 can: { edit: true, delete: true }, editable_until: '2099-01-01T00:00:00Z' })];",
                "return [500, { status: 500 }];",
            ));
            let app = mount();
            until("the thread", || body_text().contains("建议增加夜间路灯")).await;
            let text = body_text();
            assert!(text.contains("征求意见") && text.contains("6 条"), "the policy heading and the count: {text}");
            assert!(text.contains("<b>同意</b>"), "a comment's markup is shown as text");
            assert_eq!(doc().query_selector_all("#comments b").map(|l| l.length()).unwrap_or(0), 0);
            assert!(text.contains("陈志强") && text.contains("代表"), "a deputy with the role: {text}");
            assert!(text.contains("该评论已删除"), "the placeholder of a deleted reply");
            assert!(text.contains("查看全部 5 条回复"), "{text}");
            set_value("comment-body", "路灯改成太阳能的更省电", "input");
            until("the draft is saved as typed", || stored("comment.article.a_1").is_some_and(|d| d.contains("太阳能"))).await;
            submit();
            submit(); // a double tap
            until("the new comment", || body_text().contains("路灯改成太阳能的更省电") && body_text().contains("还可修改")).await;
            assert_eq!(logged("e.method === 'POST' && e.url.endsWith('/api/v1/comments')"), 1, "posted once");
            assert_eq!(logged("e.method === 'POST' && e.key && e.key.length >= 16"), 1, "with an Idempotency-Key");
            assert!(body_text().contains("7 条"), "the count takes the published comment: {}", body_text());
            until("the draft is gone", || stored("comment.article.a_1").is_none()).await;
            assert_eq!(value("comment-body"), "");
            drop(app);
        }

        #[wasm_bindgen_test]
        async fn a_429_says_the_wait_and_a_retry_keeps_the_key() {
            sign_in();
            set_online(true);
            reset_log();
            mock(&backend("return [429, { status: 429, title: 'Too Many Requests' }, { 'Retry-After': '8' }];", "return [500, {}];"));
            let app = mount();
            until("the composer", || by_id("comment-body").is_some()).await;
            set_value("comment-body", "同意这个方案", "input");
            submit();
            until("the wait", || body_text().contains("太频繁，请 8 秒后再试")).await;
            assert_eq!(value("comment-body"), "同意这个方案", "the text is kept");
            submit();
            until("a second try", || logged("e.method === 'POST' && e.url.endsWith('/api/v1/comments') && e.status === 429") >= 2).await;
            let same = logged("e.method === 'POST' && e.key && e.key === window.__log.find(x => x.method === 'POST').key");
            assert!(same >= 2, "one Idempotency-Key per draft, across retries");
            assert!(stored("comment.article.a_1").is_some_and(|d| d.contains("同意这个方案")), "the draft stays");
            drop(app);
        }

        #[wasm_bindgen_test]
        async fn a_failed_like_is_rolled_back_with_a_message() {
            sign_in();
            set_online(true);
            reset_log();
            mock(&backend("return [500, {}];", "return [500, { status: 500 }];"));
            let app = mount();
            until("the like of the article", || body_text().contains("赞 3")).await;
            let pressed = || doc().query_selector("#comments-title ~ span button").ok().flatten().and_then(|b| b.get_attribute("aria-pressed"));
            assert_eq!(pressed().as_deref(), Some("false"));
            click("#comments-title ~ span button");
            until("rolled back with a message", || body_text().contains("点赞没有成功")).await;
            assert!(body_text().contains("赞 3"), "the count is back");
            assert_eq!(pressed().as_deref(), Some("false"));
            assert_eq!(logged("e.method === 'PUT' && e.url.includes('/likes/article/a_1')"), 1);
            drop(app);
        }

        #[wasm_bindgen_test]
        async fn signed_out_the_composer_is_a_sign_in() {
            let _ = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).map(|s| s.clear());
            set_online(true);
            reset_log();
            mock(&backend("return [401, {}];", "return [401, {}];"));
            let app = mount();
            until("the thread", || body_text().contains("建议增加夜间路灯")).await;
            assert!(by_id("comment-body").is_none(), "no composer");
            assert!(body_text().contains("登录后可以评论"), "{}", body_text());
            assert!(doc().query_selector("#comments a[href^='/sign-in?next=']").ok().flatten().is_some(), "a sign-in that comes back");
            drop(app);
        }

        #[wasm_bindgen_test]
        async fn a_failed_load_has_a_retry_and_an_empty_thread_says_so() {
            sign_in();
            set_online(true);
            reset_log();
            mock("if (url.includes('/api/v1/comments?')) return (window.__n = (window.__n || 0) + 1) === 1 ? [400, { status: 400, title: 'Bad Request' }] : [200, { items: [], next_cursor: null }]; \
                  if (url.includes('/api/v1/likes/')) return [200, { like_count: 0, liked: false, comment_count: 0 }]; return [404, {}];");
            let app = mount();
            until("the error", || body_text().contains("重试")).await;
            click("#comments [role=alert] button");
            until("the empty state", || body_text().contains("还没有评论，来说两句")).await;
            drop(app);
        }
    }

    /// 议事: a topic's page (pages::topics) as the deputy who may close it, with a mocked backend.
    mod topics {
        use super::*;

        /// Topic `t_1`, open (or closed once the close was posted), whose thread has three
        /// comments on two pages — one with a reply — for the close form to offer.
        const BACKEND: &str = "\
            const c = (id, body, extra) => Object.assign({ id, target_kind: 'topic', target_id: 't_1', body, state: 'published', \
              created_at: '2026-11-29T02:00:00Z', like_count: 0, liked: false, reply_count: 0, \
              author: { name: '李*', role: 'citizen', is_you: false }, can: { like: true } }, extra || {}); \
            const closed = !!window.__closed; \
            const topic = { id: 't_1', title: '文化广场健身器材放哪里', body: [{ type: 'paragraph', text: '请大家说说。' }], \
              author: { name: '陈志强', role: 'deputy', is_you: true }, status: closed ? 'closed' : 'open', \
              created_at: '2026-11-29T02:00:00Z', adopted_count: closed ? 1 : 0, comment_count: 4, like_count: 0, liked: false, \
              conclusion: closed ? '采纳东侧树荫下的建议，下月安装。' : undefined, closed_at: closed ? '2026-11-30T02:00:00Z' : undefined, \
              closed_by: closed ? { name: '陈志强', role: 'deputy', is_you: true } : undefined, \
              can: { comment: !closed, like: true, report: false, close: !closed } }; \
            if (method === 'POST' && url.endsWith('/api/v1/topics/t_1/close')) { window.__closed = true; return [200, Object.assign(topic, { \
              status: 'closed', conclusion: '采纳东侧树荫下的建议，下月安装。', adopted_count: 1, can: { like: true } })]; } \
            if (method === 'GET' && url.endsWith('/api/v1/topics/t_1')) return [200, topic]; \
            if (url.includes('/api/v1/likes/topic/t_1')) return [200, { like_count: 0, liked: false, comment_count: 4 }]; \
            if (url.includes('/api/v1/comments?') && url.includes('cursor=p2')) return [200, { items: [c('c_3', '广场西侧靠近停车场', \
              { adopted: closed })], next_cursor: null }]; \
            if (url.includes('/api/v1/comments?') && url.includes('limit=50')) return [200, { items: [c('c_1', '东侧树荫下最好', \
              { reply_count: 1, replies: [c('c_2', '同意，加几张长椅', { thread_id: 'c_1' })] }), \
              c('c_4', '', { state: 'deleted' })], next_cursor: 'p2' }]; \
            if (url.includes('/api/v1/comments?')) return [200, { items: [c('c_1', '东侧树荫下最好'), c('c_3', '广场西侧靠近停车场', \
              { adopted: closed })], next_cursor: null }]; \
            if (url.includes('/api/v1/notifications')) return [503, { status: 503 }]; \
            return [404, { status: 404 }];";

        fn button(label: &str) -> web_sys::HtmlElement {
            doc()
                .query_selector_all("main button")
                .ok()
                .and_then(|l| (0..l.length()).filter_map(|i| l.item(i)).find(|b| b.text_content().is_some_and(|t| t.trim() == label)))
                .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
                .unwrap_or_else(|| panic!("button {label}"))
        }

        #[wasm_bindgen_test]
        async fn the_close_form_offers_every_comment_checks_the_conclusion_and_shows_the_result() {
            sign_in();
            set_online(true);
            reset_log();
            let _ = js_sys::Reflect::delete_property(&js_sys::global().unchecked_into::<js_sys::Object>(), &"__closed".into());
            mock(BACKEND);
            let app = app_at("/topics/t_1");
            until("the topic", || body_text().contains("文化广场健身器材放哪里") && body_text().contains("结束讨论，发布结论")).await;
            button("结束讨论，发布结论").click();
            // every page of the thread, replies included, placeholders left out
            until("the comments to adopt", || doc().query_selector("#adopt-c_3").ok().flatten().is_some()).await;
            let boxes = doc().query_selector_all("input[type=checkbox][id^=adopt-]").map(|l| l.length()).unwrap_or(0);
            assert_eq!(boxes, 3, "c_1, its reply c_2 and c_3 of the second page: {}", body_text());
            assert!(by_id("adopt-c_4").is_none(), "a deleted comment is not offered");
            // no conclusion: said at the field, nothing sent
            button("发布结论并结束讨论").click();
            until("the error", || body_text().contains("请填写结论")).await;
            assert_eq!(logged("e.method === 'POST'"), 0);
            set_value("topic-conclusion-text", "采纳东侧树荫下的建议，下月安装。", "input");
            by_id("adopt-c_3").expect("c_3").click();
            button("发布结论并结束讨论").click();
            until("the conclusion", || body_text().contains("采纳了 1 条意见")).await;
            assert_eq!(logged("e.method === 'POST' && e.url.endsWith('/api/v1/topics/t_1/close')"), 1, "closed once");
            until("the thread, closed", || body_text().contains("讨论已结束，不再接受新评论")).await;
            assert!(by_id("comment-body").is_none(), "no composer once closed");
            until("the adopted comment marked", || {
                doc().query_selector("#comment-c_3").ok().flatten().and_then(|e| e.text_content()).is_some_and(|t| t.contains("已采纳"))
            })
            .await;
            let first = doc().query_selector("#comment-c_1").ok().flatten().and_then(|e| e.text_content()).unwrap_or_default();
            assert!(!first.contains("已采纳"), "only the adopted one: {first}");
            assert!(body_text().find("结论和采纳情况") < body_text().find("文化广场健身器材放哪里"), "the conclusion comes first");
            drop(app);
            leave();
        }
    }

    /// Signs in as a deputy (the same device as [`sign_in`], another role).
    fn sign_in_as_deputy() {
        sign_in();
        let session = Session {
            token: "t0ken".into(),
            expires_at: "2099-01-01T00:00:00Z".into(),
            user: User { id: UID.into(), display_name: "陈建国".into(), roles: vec![Role::Deputy], ..Default::default() },
        };
        storage().set_item("zsrd.session.v1", &serde_json::to_string(&session).unwrap()).expect("store session");
    }

    /// 履职学堂's screens are made only for those who may learn: a citizen is told why not, and
    /// none of them asks the server for what it would refuse.
    #[wasm_bindgen_test]
    async fn a_citizen_on_the_learning_screens_is_told_why_and_nothing_is_refused() {
        for path in ["/training/practice", "/training/self-check", "/training/courses/c_1", "/training/lessons/l_1", "/training/tests", "/training/tests/tst_1", "/training/attempts/at_1", "/me/certificates"] {
            sign_in();
            set_online(true);
            reset_log();
            mock("return [403, { status: 403, title: 'Forbidden' }];");
            let app = app_at(path);
            until(&format!("{path}: why not"), || body_text().contains("履职学堂仅供代表和联络站工作人员使用")).await;
            for _ in 0..5 {
                tick().await;
            }
            assert_eq!(logged("e.url.includes('/api/v1/training') || e.url.includes('/api/v1/me/certificates')"), 0, "{path}: no request for what a citizen may not see");
            drop(app);
            leave();
        }
    }

    /// 每日一练: an answer that fails for want of a network is kept and goes again by itself
    /// once the phone is back online; the feedback then shows.
    #[wasm_bindgen_test]
    async fn a_practice_answer_sent_offline_goes_again_once_online() {
        sign_in_as_deputy();
        set_online(true);
        reset_log();
        mock(
            "const question = { id: 'q_1', category: '代表法', kind: 'single', text: '代表联系群众的主要方式是？', \
               options: [{ id: 'o_a', text: '进站接待' }, { id: 'o_b', text: '只看报纸' }] }; \
             if (method === 'GET' && url.endsWith('/api/v1/training/practice')) \
               return [200, { day: '2026-12-05', items: [{ question }], answered: 0, correct: 0, streak: 2 }]; \
             if (method === 'POST' && url.endsWith('/api/v1/training/practice/answers')) \
               return window.__online ? [200, { question_id: 'q_1', correct: true, mark: 1, chosen: ['o_a'], \
                 correct_option_ids: ['o_a'], explanation: '代表通过进站接待等方式联系群众。' }] : null; \
             return [404, { status: 404 }];",
        );
        let app = app_at("/training/practice");
        until("the question", || body_text().contains("代表联系群众的主要方式是？")).await;
        let option = doc().query_selector("input[value=o_a]").ok().flatten().expect("the option");
        option.dyn_ref::<web_sys::HtmlElement>().expect("input").click();
        tick().await;
        set_online(false);
        let offline = web_sys::Event::new("offline").expect("event");
        web_sys::window().expect("window").dispatch_event(&offline).expect("dispatch");
        doc().query_selector("form button[type=submit]").ok().flatten().and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()).expect("提交").click();
        until("kept until online", || body_text().contains("答案已保留，连上网络后会自动提交。")).await;
        assert_eq!(logged("e.method === 'POST' && e.status === 200"), 0);
        set_online(true);
        let online = web_sys::Event::new("online").expect("event");
        web_sys::window().expect("window").dispatch_event(&online).expect("dispatch");
        until("the feedback, without a tap", || body_text().contains("回答正确") && body_text().contains("代表通过进站接待等方式联系群众。")).await;
        assert_eq!(logged("e.method === 'POST' && e.url.endsWith('/training/practice/answers') && e.status === 200"), 1, "sent once");
        assert!(!body_text().contains("答案已保留"), "the notice is gone");
        drop(app);
        leave();
    }

}

// ===========================================================================
// PEOPLE: sign-in, deputy profile, QR short links
// ===========================================================================

mod people {
    use super::*;
    use contract::{Deputy, Responsiveness, StationRef};
    use leptos_router::components::{Route, Router, Routes};
    use leptos_router::path;
    use zsrd_app::pages::deputies::{DeputyByCode, DeputyView};
    use zsrd_app::pages::sign_in::SignIn;
    use zsrd_app::state::session::SessionState;

    /// Like `mock_fetch`, but the handler also gets the request body and method:
    /// `function (url, n, body, method)`; bodies are kept in `window.__bodies`.
    fn mock_fetch_with_body(handler_body: &str) {
        let handler = js_sys::Function::new_with_args("url, n, body, method", handler_body);
        let install = js_sys::Function::new_with_args(
            "h",
            &format!("{FETCH_PARTS} window.__calls = 0; window.__bodies = []; window.fetch = function (input, init) {{ window.__calls += 1; \
             const n = window.__calls; const p = window.__parts(input, init); const i = window.__bodies.push('') - 1; \
             return p.body.then(b => {{ const body = b || ''; window.__bodies[i] = body; return h(p.url, n, body, p.method); }}); }};"),
        );
        install.call1(&JsValue::NULL, &handler).expect("install fetch mock");
    }

    fn bodies() -> String {
        let v = js_sys::Reflect::get(&js_sys::global(), &"__bodies".into()).unwrap_or_default();
        js_sys::JSON::stringify(&v).ok().and_then(|s| s.as_string()).unwrap_or_default()
    }

    fn go_to(path: &str) {
        let history = web_sys::window().and_then(|w| w.history().ok()).expect("history");
        history.replace_state_with_url(&JsValue::NULL, "", Some(path)).expect("replaceState");
    }

    fn pathname() -> String {
        web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_default()
    }

    fn find(el: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlElement {
        el.query_selector(selector).ok().flatten().unwrap_or_else(|| panic!("no {selector}")).unchecked_into()
    }

    fn attr(el: &web_sys::HtmlElement, selector: &str, name: &str) -> Option<String> {
        el.query_selector(selector).ok().flatten().and_then(|e| e.get_attribute(name))
    }

    fn value(el: &web_sys::HtmlElement, selector: &str) -> String {
        js_sys::Reflect::get(&find(el, selector), &"value".into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
    }

    /// Types `text` into an input as a person would (value + a bubbling input event).
    fn type_into(el: &web_sys::HtmlElement, selector: &str, text: &str) {
        let f = js_sys::Function::new_with_args("el, v", "el.value = v; el.dispatchEvent(new Event('input', { bubbles: true }));");
        f.call2(&JsValue::NULL, &find(el, selector), &JsValue::from_str(text)).expect("type");
    }

    fn button(el: &web_sys::HtmlElement, label: &str) -> web_sys::HtmlElement {
        let list = el.query_selector_all("button").expect("buttons");
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.unchecked_into::<web_sys::HtmlElement>())
            .find(|b| b.text_content().unwrap_or_default().contains(label))
            .unwrap_or_else(|| panic!("no button {label}"))
    }

    fn forget_session() {
        if let Some(s) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = s.remove_item("zsrd.session.v1");
        }
    }

    const JSON: &str = "const json = (status, body) => new Response(JSON.stringify(body), \
        { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } });";

    #[wasm_bindgen_test]
    async fn sign_in_with_the_demo_code_after_a_wrong_one_goes_back_to_next() {
        forget_session();
        go_to("/sign-in?next=%2Fme%3Ftab%3D1");
        mock_fetch_with_body(&format!(
            "{JSON} if (url.endsWith('/auth/codes')) return json(200, {{ expires_at: '2026-11-29T08:35:00Z', \
             resend_after_seconds: 60, demo_code: '123456' }}); \
             if (url.endsWith('/auth/sessions') && body.includes('\"code\":\"000000')) return json(400, {{ type: 'about:blank', \
             title: 'Bad Request', status: 400, errors: [{{ field: 'code', code: 'invalid', message: '验证码错误或已过期' }}] }}); \
             if (url.endsWith('/auth/sessions')) return json(200, {{ token: 'tok', expires_at: '2099-01-01T00:00:00Z', \
             user: {{ id: 'u_1', display_name: '王秀英', phone_masked: '138****0001', roles: ['citizen'] }} }}); \
             return json(404, {{ status: 404 }});"
        ));
        let el = container();
        let _h = leptos::mount::mount_to(el.clone(), || {
            SessionState::provide();
            view! { <Router><SignIn/></Router> }
        });
        // Labelled inputs of the right kinds.
        assert_eq!(attr(&el, "#signin-phone", "type").as_deref(), Some("tel"));
        assert_eq!(attr(&el, "#signin-phone", "autocomplete").as_deref(), Some("tel"));
        assert_eq!(attr(&el, "#signin-code", "autocomplete").as_deref(), Some("one-time-code"));
        assert_eq!(count(&el, "label[for=signin-phone]") + count(&el, "label[for=signin-code]"), 2);

        // A bad phone is caught before any request.
        type_into(&el, "#signin-phone", "12345");
        button(&el, "获取验证码").click();
        until("phone error", || text(&el).contains("请输入正确的 11 位手机号")).await;
        assert_eq!(attr(&el, "#signin-phone", "aria-invalid").as_deref(), Some("true"));
        assert_eq!(calls(), 0);

        type_into(&el, "#signin-phone", "+86 138 0000 0001");
        button(&el, "获取验证码").click();
        until("demo code", || text(&el).contains("演示环境：验证码 123456")).await;
        assert!(bodies().contains("13800000001"), "the normalised phone is sent: {}", bodies());
        // The wait is said in minutes from a minute on (a minute at first, then seconds).
        assert!(text(&el).contains("1 分钟后可重新获取"), "a countdown: {}", text(&el));
        assert!(find(&el, "#signin-phone").has_attribute("aria-invalid") && attr(&el, "#signin-phone", "aria-invalid").as_deref() == Some("false"));

        // A wrong code: the error is at the code field, the phone stays.
        type_into(&el, "#signin-code", "000000");
        button(&el, "登录").click();
        until("code error", || text(&el).contains("验证码错误或已过期")).await;
        assert_eq!(attr(&el, "#signin-code", "aria-invalid").as_deref(), Some("true"));
        assert_eq!(value(&el, "#signin-phone"), "+86 138 0000 0001");

        // The demo code fills itself in on tap; signing in goes to `next`.
        button(&el, "演示环境").click();
        until("code filled", || value(&el, "#signin-code") == "123456").await;
        button(&el, "登录").click();
        until("navigated to next", || pathname() == "/me").await;
        let stored = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).and_then(|s| s.get_item("zsrd.session.v1").ok().flatten());
        assert!(stored.unwrap_or_default().contains("王秀英"), "the session is kept");
        forget_session();
    }

    fn deputy() -> Deputy {
        Deputy {
            id: "d_1".into(),
            code: "LW01".into(),
            name: "陈志强".into(),
            title: "镇人大代表".into(),
            constituency: "龙湾村选区".into(),
            photo: None,
            station: Some(StationRef { id: "s_1".into(), name: "中心联络站".into() }),
            bio: "务农三十年。\n\n<b>热心</b>公益。".into(),
            focus: vec!["农业农村".into(), "道路交通".into()],
            stats: Responsiveness {
                assigned: 12,
                replied: 11,
                reply_rate: Some(0.9166),
                median_first_reply_hours: Some(60.0),
                on_time_rate: None,
                satisfaction: Some(4.6),
                ratings: 7,
            },
        }
    }

    #[wasm_bindgen_test]
    fn a_profile_shows_figures_and_its_qr_code() {
        let el = container();
        let d = deputy();
        let _h = leptos::mount::mount_to(el.clone(), move || view! { <DeputyView deputy=d/> });
        assert_eq!(find(&el, "h1").text_content().as_deref(), Some("陈志强"));
        let shown = text(&el);
        for expected in ["92%（11/12 件）", "2.5 天", "暂无数据", "4.6 / 5（7 人评价）", "农业农村", "<b>热心</b>公益。"] {
            assert!(shown.contains(expected), "shows {expected}: {shown}");
        }
        assert_eq!(count(&el, "b"), 0, "the bio is text");
        assert_eq!(count(&el, "dl dt"), 4);
        assert_eq!(attr(&el, "a.btn-primary", "href").as_deref(), Some("/messages/new?to=deputy:d_1"));
        assert_eq!(attr(&el, "a[href='/stations/s_1']", "href").as_deref(), Some("/stations/s_1"));
        // The QR code: one path in an svg named after the deputy and the link.
        assert_eq!(count(&el, "svg[role=img] path"), 1);
        let label = attr(&el, "svg[role=img]", "aria-label").unwrap_or_default();
        assert!(label.contains("陈志强") && label.ends_with("/d/LW01"), "{label}");
        assert_eq!(attr(&el, "svg[role=img]", "viewBox").as_deref(), Some("0 0 37 37"), "29 modules + 2×4 quiet zone");
        assert!(attr(&el, "svg[role=img] path", "d").unwrap_or_default().starts_with("M4 4h7v1h-7z"), "the finder's top row");
        assert_eq!(attr(&el, "a[href$='/card']", "href").as_deref(), Some("/deputies/d_1/card"));
        assert!(shown.contains("打印二维码名片"));
    }

    #[wasm_bindgen_test]
    async fn an_ended_session_asks_to_sign_in_again_and_comes_back() {
        forget_session();
        go_to("/deputies?q=%E9%99%88");
        let el = container();
        let state = StoredValue::new_local(None::<SessionState>);
        let _h = leptos::mount::mount_to(el.clone(), move || {
            let s = SessionState::provide();
            state.set_value(Some(s));
            view! { <Router><zsrd_app::components::account::SessionExpiredNotice/></Router> }
        });
        let s = state.get_value().expect("session state");
        s.sign_in(contract::Session {
            token: "t".into(),
            expires_at: "2099-01-01T00:00:00Z".into(),
            user: contract::User { id: "u_9".into(), display_name: "测试".into(), ..Default::default() },
        });
        tick().await;
        assert_eq!(count(&el, "section"), 0, "nothing while the session is good");
        s.expire();
        until("the notice", || text(&el).contains("登录已过期，请重新登录")).await;
        assert_eq!(count(&el, "section [role=alert]"), 1, "announced");
        assert_eq!(
            attr(&el, "section a", "href").as_deref(),
            Some("/sign-in?next=%2Fdeputies%3Fq%3D%25E9%2599%2588"),
            "signing in comes back to the same screen"
        );
        assert!(!s.is_signed_in());
        button(&el, "稍后").click();
        until("dismissed", || count(&el, "section") == 0).await;
        forget_session();
    }

    fn mount_code_route(el: &web_sys::HtmlElement) -> impl Drop {
        leptos::mount::mount_to(el.clone(), || {
            view! {
                <Router>
                    <Routes fallback=|| "fallback">
                        <Route path=path!("/d/:code") view=DeputyByCode/>
                    </Routes>
                </Router>
            }
        })
    }

    #[wasm_bindgen_test]
    async fn an_unknown_code_says_so_and_links_to_the_directory() {
        go_to("/d/ZZ99");
        mock_fetch(&format!(
            "{JSON} return url.endsWith('/deputies/by-code/ZZ99') ? json(404, {{ type: 'about:blank', title: 'Not Found', status: 404 }}) : json(500, {{}});"
        ));
        let el = container();
        let _h = mount_code_route(&el);
        until("unknown code state", || text(&el).contains("二维码无效或代表已变更")).await;
        assert_eq!(count(&el, "h1"), 1);
        assert_eq!(attr(&el, "main a.btn-primary, a.btn-primary", "href").as_deref(), Some("deputies"));
        assert_eq!(calls(), 1, "a 404 is not retried");
    }

    #[wasm_bindgen_test]
    async fn a_known_code_puts_the_message_button_first_with_focus() {
        go_to("/d/LW01");
        mock_fetch(&format!(
            "{JSON} return json(200, {{ id: 'd_1', code: 'LW01', name: '陈志强', title: '镇人大代表', constituency: '龙湾村选区', \
             bio: '', focus: [], stats: {{ assigned: 0, replied: 0, ratings: 0 }} }});"
        ));
        let el = container();
        let _h = mount_code_route(&el);
        until("profile", || count(&el, "h1") == 1).await;
        until("focus on the button", || {
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .and_then(|a| a.get_attribute("href"))
                .as_deref()
                == Some("/messages/new?to=deputy:d_1")
        })
        .await;
        assert!(text(&el).contains("暂无数据"));
    }
}

// ---------------------------------------------------------------------------
// WORK: the handling panel and the workspace
// ---------------------------------------------------------------------------

mod work {
    use super::*;
    use contract::{Actor, HandlerKind, HandlerRef, Message, MessageCategory, MessageStatus, Permissions, Role, Session, TimelineEntry, TimelineKind, User};
    use zsrd_app::components::handling::HandlingPanel;

    /// Like `mock_fetch`, but also records each request (`window.__reqs`: url, method, body,
    /// idempotency key); `handler_body` is a `function (url, n, init)`.
    fn mock_requests(handler_body: &str) {
        let handler = js_sys::Function::new_with_args("url, n, init", handler_body);
        let install = js_sys::Function::new_with_args(
            "h",
            &format!("{FETCH_PARTS} window.__calls = 0; window.__reqs = []; window.fetch = function (input, init) {{ window.__calls += 1; \
             const n = window.__calls; const p = window.__parts(input, init); \
             const req = {{ url: p.url, method: p.method, body: null, key: p.key }}; window.__reqs.push(req); \
             return p.body.then(body => {{ req.body = body; return h(p.url, n, {{ method: p.method, body }}); }}); }};"),
        );
        install.call1(&JsValue::NULL, &handler).expect("install fetch mock");
    }

    /// The requests made with `method` so far, as (url, body, idempotency key).
    fn requests(method: &str) -> Vec<(String, String, Option<String>)> {
        let reqs = js_sys::Reflect::get(&js_sys::global(), &"__reqs".into()).unwrap_or(JsValue::UNDEFINED);
        let reqs: js_sys::Array = reqs.dyn_into().unwrap_or_default();
        let field = |r: &JsValue, k: &str| js_sys::Reflect::get(r, &k.into()).ok().and_then(|v| v.as_string());
        reqs.iter()
            .filter(|r| field(r, "method").as_deref() == Some(method))
            .map(|r| (field(&r, "url").unwrap_or_default(), field(&r, "body").unwrap_or_default(), field(&r, "key")))
            .collect()
    }

    const JSON: &str = "const json = (v, s) => new Response(JSON.stringify(v), { status: s || 200, \
        headers: { 'Content-Type': s >= 400 ? 'application/problem+json' : 'application/json' } }); \
        const msg = (status, can) => ({ id: 'm_1', version: 4, title: '村口路灯不亮', body: '路灯坏了两周', status, \
        created_at: '2026-11-29T02:00:00Z', updated_at: '2026-11-29T03:00:00Z', can });";

    fn message(can: Permissions) -> Message {
        Message {
            id: "m_1".into(),
            version: 3,
            title: "村口路灯不亮".into(),
            body: "龙湾村村口的三盏路灯已经坏了两周。".into(),
            category: Some(MessageCategory { id: "mc_road".into(), name: "道路交通".into() }),
            status: MessageStatus::Submitted,
            recipient: HandlerRef { kind: HandlerKind::Deputy, id: "d_1".into(), name: "陈志强".into() },
            created_at: "2026-11-29T02:00:00Z".into(),
            updated_at: "2026-11-29T02:00:00Z".into(),
            can,
            ..Default::default()
        }
    }

    fn mount_panel(el: &web_sys::HtmlElement, m: Message, changed: RwSignal<Option<Message>>) -> impl Drop {
        leptos::mount::mount_to(el.clone(), move || {
            zsrd_app::state::session::SessionState::provide();
            view! { <HandlingPanel message=m.clone() on_change=move |m: Message| changed.set(Some(m))/> }
        })
    }

    fn staff_session() -> Session {
        Session {
            token: "tok".into(),
            expires_at: "2099-01-01T00:00:00Z".into(),
            user: User {
                id: "u_staff".into(),
                display_name: "黄丽".into(),
                phone_masked: "137****0001".into(),
                roles: vec![Role::Staff],
                deputy_id: None,
                station_id: None,
                village: None,
            },
        }
    }

    fn find(el: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlElement {
        el.query_selector(selector).ok().flatten().unwrap_or_else(|| panic!("no {selector}")).unchecked_into()
    }

    fn type_into(input: &web_sys::HtmlElement, text: &str) {
        let _ = js_sys::Reflect::set(input, &"value".into(), &text.into());
        let event = web_sys::Event::new("input").expect("event");
        let _ = input.dispatch_event(&event);
    }

    #[wasm_bindgen_test]
    async fn triage_posts_the_choices_and_hands_on_the_message() {
        mock_requests(&format!(
            "{JSON} \
             if (url.includes('/message-categories')) return json({{ items: [{{ id: 'mc_life', name: '民生服务' }}, {{ id: 'mc_road', name: '道路交通' }}], next_cursor: null }}); \
             if (url.includes('/deputies') && url.includes('cursor=p2')) return json({{ items: [{{ id: 'd_2', name: '何美玲', title: '代表', constituency: '二组' }}], next_cursor: null }}); \
             if (url.includes('/deputies')) return json({{ items: [{{ id: 'd_1', name: '陈志强', title: '代表', constituency: '一组' }}], next_cursor: 'p2' }}); \
             if (url.includes('/departments')) return json({{ items: [{{ id: 'g_1', name: '规划建设办', description: '' }}], next_cursor: null }}); \
             if (url.endsWith('/messages/m_1/triage')) return json(msg('assigned', {{ reply: true }})); \
             return json({{ title: 'nope', status: 404 }}, 404);"
        ));
        // Signed in as staff, with the workspace list remembered from before.
        let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("storage");
        storage.set_item("zsrd.session.v1", &serde_json::to_string(&staff_session()).unwrap()).expect("store");
        let remembered = zsrd_app::state::lists::work_key("u_staff", zsrd_app::api::MessageList::Triage, "");
        let mut model = zsrd_app::state::lists::ListModel::<u32>::default();
        model.begin();
        model.finish(Ok(contract::Page { items: vec![1], next_cursor: None }));
        zsrd_app::state::lists::save(&remembered, &model);
        let el = container();
        let changed = RwSignal::new(None);
        let _panel = mount_panel(&el, message(Permissions { triage: true, ..Default::default() }), changed);
        storage.remove_item("zsrd.session.v1").expect("clean");
        until("the choices", || count(&el, "#hp-handler option") == 4 && count(&el, "#hp-category option") == 3).await;
        assert!(text(&el).contains("分派留言"));
        assert_eq!(count(&el, "label[for=hp-category]"), 1, "labelled");
        let handler: web_sys::HtmlElement = find(&el, "#hp-handler");
        let value = js_sys::Reflect::get(&handler, &"value".into()).ok().and_then(|v| v.as_string());
        assert_eq!(value.as_deref(), Some("deputy:d_1"), "the recipient is preselected");
        assert!(text(&el).contains("何美玲"), "every page of deputies");
        find(&el, "input[value=major]").click();
        type_into(&find(&el, "#hp-triage-note"), "涉及道路改造");
        find(&el, "#hp-triage-note").closest("form").ok().flatten().map(|f| {
            f.query_selector("button[type=submit]").ok().flatten().map(|b| b.unchecked_into::<web_sys::HtmlElement>().click())
        });
        until("on_change", || changed.with_untracked(|c| c.is_some())).await;
        let posts = requests("POST");
        assert_eq!(posts.len(), 1);
        assert!(posts[0].0.ends_with("/api/v1/messages/m_1/triage"), "{}", posts[0].0);
        let sent: serde_json::Value = serde_json::from_str(&posts[0].1).expect("json body");
        assert_eq!(
            sent,
            serde_json::json!({ "version": 3, "track": "major", "category_id": "mc_road",
                "handler": { "kind": "deputy", "id": "d_1" }, "note": "涉及道路改造" })
        );
        assert_eq!(changed.get_untracked().map(|m| m.status), Some(MessageStatus::Assigned));
        assert!(zsrd_app::state::lists::restore::<u32>(&remembered).is_none(), "the workspace list reloads when shown again");
        until("announced", || text(&el).contains("已分派")).await;
        assert!(find(&el, "[role=status]").text_content().unwrap_or_default().contains("已分派"));
        until("reply form for the new permissions", || count(&el, "#hp-reply") == 1).await;
        assert_eq!(count(&el, "#hp-handler"), 0, "no triage after triage");
    }

    #[wasm_bindgen_test]
    async fn reply_conflict_says_so_and_keeps_the_text() {
        mock_requests(&format!(
            "{JSON} if (url.endsWith('/replies')) return json({{ type: 'about:blank', title: 'Conflict', status: 409, detail: 'stale' }}, 409); \
             return json(msg('replied', {{ reply: true }}));"
        ));
        let el = container();
        let changed = RwSignal::new(None);
        let m = Message { status: MessageStatus::Assigned, ..message(Permissions { reply: true, ..Default::default() }) };
        let _panel = mount_panel(&el, m, changed);
        until("reply form", || count(&el, "#hp-reply") == 1).await;
        assert_eq!(count(&el, "label[for=hp-reply]"), 1);
        assert_eq!(count(&el, "#hp-handler"), 0, "only what `can` allows");
        let area = find(&el, "#hp-reply");
        type_into(&area, "已联系供电所，本周内修复。");
        until("counter", || text(&el).contains("13/1000")).await;
        let submit = find(&el, "form button[type=submit]");
        submit.click();
        until("conflict", || text(&el).contains("该留言已被他人更新")).await;
        let posts = requests("POST");
        assert_eq!(posts.len(), 1, "one request, no double submit");
        assert!(posts[0].2.as_deref().is_some_and(|k| !k.is_empty()), "an Idempotency-Key");
        assert_eq!(js_sys::Reflect::get(&area, &"value".into()).ok().and_then(|v| v.as_string()).as_deref(), Some("已联系供电所，本周内修复。"));
        assert!(changed.get_untracked().is_none());
        // 刷新 loads the message again and hands it on.
        let refresh = find(&el, "[role=alert] button");
        assert_eq!(refresh.text_content().as_deref(), Some("刷新"));
        refresh.click();
        until("refreshed", || changed.with_untracked(|c| c.is_some())).await;
        until("conflict gone", || !text(&el).contains("该留言已被他人更新")).await;
        assert_eq!(requests("GET").last().map(|r| r.0.ends_with("/api/v1/messages/m_1")), Some(true));
    }

    /// The buttons whose text is `label`.
    fn buttons(el: &web_sys::HtmlElement, label: &str) -> usize {
        let all = el.query_selector_all("button").expect("buttons");
        (0..all.length()).filter(|i| all.item(*i).and_then(|b| b.text_content()).is_some_and(|t| t.trim() == label)).count()
    }

    #[wasm_bindgen_test]
    async fn in_practice_mode_the_forms_act_on_the_run_and_leave_the_real_work_alone() {
        let _ = js_sys::Reflect::set(&js_sys::global(), &"__conflicted".into(), &false.into());
        mock_requests(&format!(
            "{JSON} if (url.includes('/reply-templates')) return json({{ items: [{{ id: 'rt_1', body: '您好，已收到，正在办理。', updated_at: '2026-11-29T02:00:00Z' }}], next_cursor: null }}); \
             if (url.endsWith('/training/sandbox/runs/m_1/replies') && !window.__conflicted) {{ window.__conflicted = true; return json({{ title: 'Conflict', status: 409, detail: 'stale' }}, 409); }} \
             if (url.endsWith('/training/sandbox/runs/m_1/replies')) return json(msg('replied', {{ reply: true, set_status: ['resolved'] }}), 201); \
             if (url.endsWith('/training/sandbox/runs/m_1/message')) return json(msg('accepted', {{ reply: true, set_status: ['resolved'] }})); \
             if (url.endsWith('/training/sandbox/runs/m_1/status')) return json(msg('accepted', {{ reply: true, set_status: ['resolved'] }})); \
             return json({{ title: 'nope', status: 404 }}, 404);"
        ));
        let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("storage");
        storage.set_item("zsrd.session.v1", &serde_json::to_string(&staff_session()).unwrap()).expect("store");
        let remembered = zsrd_app::state::lists::work_key("u_staff", zsrd_app::api::MessageList::Triage, "");
        let mut model = zsrd_app::state::lists::ListModel::<u32>::default();
        model.begin();
        model.finish(Ok(contract::Page { items: vec![1], next_cursor: None }));
        zsrd_app::state::lists::save(&remembered, &model);
        let el = container();
        let changed = RwSignal::new(None::<Message>);
        let m = Message {
            status: MessageStatus::Assigned,
            ..message(Permissions { reply: true, set_status: vec![MessageStatus::Accepted], ..Default::default() })
        };
        let _panel = leptos::mount::mount_to(el.clone(), move || {
            zsrd_app::state::session::SessionState::provide();
            view! { <HandlingPanel message=m.clone() on_change=move |m: Message| changed.set(Some(m)) practice=true/> }
        });
        storage.remove_item("zsrd.session.v1").expect("clean");
        until("the saved replies", || text(&el).contains("您好，已收到")).await;
        // saved replies are read and put in, not saved or changed from a practice
        assert_eq!(buttons(&el, "存为常用答复"), 0);
        assert_eq!(buttons(&el, "管理常用答复"), 0);
        // 已受理 goes to the run
        let accept = el.query_selector_all(".btn").expect("buttons");
        let accept = (0..accept.length())
            .filter_map(|i| accept.item(i))
            .find(|b| b.text_content().is_some_and(|t| t.contains("已受理")))
            .expect("the accept button");
        accept.unchecked_into::<web_sys::HtmlElement>().click();
        until("accepted", || changed.with_untracked(|c| c.as_ref().is_some_and(|m| m.status == MessageStatus::Accepted))).await;
        assert!(requests("POST")[0].0.ends_with("/api/v1/training/sandbox/runs/m_1/status"), "{:?}", requests("POST"));
        // a conflict reloads the run's message, not a real one
        type_into(&find(&el, "#hp-reply"), "已联系供电所，三天内修好路灯。");
        find(&el, "#hp-reply").closest("form").ok().flatten().map(|f| {
            f.query_selector("button[type=submit]").ok().flatten().map(|b| b.unchecked_into::<web_sys::HtmlElement>().click())
        });
        until("conflict", || text(&el).contains("该留言已被他人更新")).await;
        find(&el, "[role=alert] button").click();
        until("conflict gone", || !text(&el).contains("该留言已被他人更新")).await;
        assert_eq!(requests("GET").last().map(|r| r.0.ends_with("/api/v1/training/sandbox/runs/m_1/message")), Some(true));
        find(&el, "#hp-reply").closest("form").ok().flatten().map(|f| {
            f.query_selector("button[type=submit]").ok().flatten().map(|b| b.unchecked_into::<web_sys::HtmlElement>().click())
        });
        until("replied", || changed.with_untracked(|c| c.as_ref().is_some_and(|m| m.status == MessageStatus::Replied))).await;
        let posts = requests("POST");
        assert!(posts.iter().all(|p| p.0.contains("/api/v1/training/sandbox/runs/m_1/")), "{posts:?}");
        assert!(posts.last().is_some_and(|p| p.0.ends_with("/replies") && p.2.as_deref().is_some_and(|k| !k.is_empty())), "with a key");
        assert!(zsrd_app::state::lists::restore::<u32>(&remembered).is_some(), "the real work lists are left as they were");
    }

    #[wasm_bindgen_test]
    async fn internal_notes_are_listed_marked_and_sent_with_a_key() {
        mock_requests(&format!(
            "{JSON} if (url.endsWith('/messages/m_1/notes')) {{ const m = msg('assigned', {{ note: true }}); \
             m.timeline = [{{ id: 't_1', at: '2026-11-29T02:00:00Z', kind: 'internal_note', actor: {{ name: '黄丽', role: 'staff' }}, note: '先联系村委会', internal: true }}, \
               {{ id: 't_2', at: '2026-11-29T03:00:00Z', kind: 'internal_note', actor: {{ name: '陈志强', role: 'deputy' }}, note: '周三去现场', internal: true }}]; \
             return json(m, 201); }} \
             return json({{ title: 'nope', status: 404 }}, 404);"
        ));
        let el = container();
        let changed = RwSignal::new(None);
        let mut m = Message { status: MessageStatus::Assigned, ..message(Permissions { note: true, ..Default::default() }) };
        m.timeline = vec![
            TimelineEntry { id: "t_0".into(), kind: TimelineKind::Triaged, note: Some("民生小事，交由陈志强办理".into()), ..Default::default() },
            TimelineEntry {
                id: "t_1".into(),
                at: "2026-11-29T02:00:00Z".into(),
                kind: TimelineKind::InternalNote,
                actor: Actor { name: "黄丽".into(), role: Role::Staff, is_you: false },
                note: Some("先联系村委会".into()),
                internal: true,
                ..Default::default()
            },
        ];
        let _panel = mount_panel(&el, m, changed);
        until("the notes section", || text(&el).contains("内部备注")).await;
        // the internal notes only, marked as such; not the public entries
        assert!(text(&el).contains("仅办理人员可见") || text(&el).contains("只有办理的代表和联络站工作人员能看到"));
        assert!(text(&el).contains("先联系村委会"));
        assert!(!text(&el).contains("民生小事，交由陈志强办理"));
        // the form is folded behind its button; empty text is refused locally
        let area = find(&el, "#hp-internal-note");
        let open = find(&el, "button[aria-controls=hp-internal-title-form]");
        assert_eq!(open.get_attribute("aria-expanded").as_deref(), Some("false"));
        open.click();
        until("opened", || find(&el, "button[aria-controls=hp-internal-title-form]").get_attribute("aria-expanded").as_deref() == Some("true")).await;
        assert_eq!(count(&el, "label[for=hp-internal-note]"), 1, "labelled");
        let submit = area.closest("form").ok().flatten().and_then(|f| f.query_selector("button[type=submit]").ok().flatten()).expect("submit");
        submit.unchecked_ref::<web_sys::HtmlElement>().click();
        until("a field error", || text(&el).contains("请填写")).await;
        assert_eq!(calls(), 0, "nothing sent");
        type_into(&area, "周三去现场");
        submit.unchecked_ref::<web_sys::HtmlElement>().click();
        until("on_change", || changed.with_untracked(|c| c.is_some())).await;
        let posts = requests("POST");
        assert_eq!(posts.len(), 1);
        assert!(posts[0].0.ends_with("/api/v1/messages/m_1/notes"), "{}", posts[0].0);
        assert_eq!(serde_json::from_str::<serde_json::Value>(&posts[0].1).ok(), Some(serde_json::json!({ "body": "周三去现场" })));
        assert!(posts[0].2.as_deref().is_some_and(|k| !k.is_empty()), "an Idempotency-Key");
        until("announced", || text(&el).contains("内部备注已保存")).await;
        until("the new note listed", || text(&el).contains("周三去现场") && text(&el).contains("陈志强")).await;
    }

    #[wasm_bindgen_test]
    async fn nothing_shows_without_permissions() {
        mock_requests("return new Promise(() => {});");
        let el = container();
        let author = Permissions { follow_up: true, rate: true, reopen: true, ..Default::default() };
        let _panel = mount_panel(&el, message(author), RwSignal::new(None));
        tick().await;
        assert_eq!(text(&el).trim(), "");
        assert_eq!(count(&el, "section, button, input, textarea, select"), 0);
        assert_eq!(calls(), 0, "no choice lists loaded for nothing");
    }

    /// Mounts the whole app at `/work` signed in with `roles`, waits for the restricted state,
    /// and puts the session and the URL back.
    async fn workspace_restricted_for(roles: Vec<Role>) {
        let session = Session {
            token: "tok".into(),
            expires_at: "2099-01-01T00:00:00Z".into(),
            user: User {
                id: "u_work_test".into(),
                display_name: "王秀英".into(),
                phone_masked: "138****0001".into(),
                roles,
                deputy_id: None,
                station_id: None,
                village: None,
            },
        };
        let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("storage");
        storage.set_item("zsrd.session.v1", &serde_json::to_string(&session).unwrap()).expect("store");
        let history = web_sys::window().expect("window").history().expect("history");
        let back = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
        history.push_state_with_url(&JsValue::NULL, "", Some("/work")).expect("push");
        let el = container();
        let app = leptos::mount::mount_to(el.clone(), zsrd_app::App);
        // The app follows the browser's language.
        let restricted = || {
            let s = text(&el);
            s.contains("仅限人大代表和联络站工作人员使用") || s.contains("For deputies and liaison station staff only")
        };
        let start = now_ms();
        while !restricted() && now_ms() - start < UNTIL_MS {
            tick().await;
        }
        assert!(restricted(), "restricted state: {}", text(&el));
        assert_eq!(count(&el, "article"), 0);
        assert_eq!(count(&el, "main a[href='messages']"), 1, "a way on");
        drop(app);
        storage.remove_item("zsrd.session.v1").expect("clean");
        history.push_state_with_url(&JsValue::NULL, "", Some(&back)).expect("back");
    }

    #[wasm_bindgen_test]
    async fn workspace_is_for_deputies_and_staff() {
        mock_requests("return new Promise(() => {});");
        workspace_restricted_for(vec![Role::Citizen]).await;
        assert!(requests("GET").iter().all(|r| !r.0.contains("/inbox") && !r.0.contains("/triage")), "no list asked for");
    }

    #[wasm_bindgen_test]
    async fn workspace_shows_a_403_as_restricted() {
        mock_requests(
            "if (url.includes('/inbox')) return new Response(JSON.stringify({ title: 'Forbidden', status: 403 }), \
             { status: 403, headers: { 'Content-Type': 'application/problem+json' } }); return new Promise(() => {});",
        );
        workspace_restricted_for(vec![Role::Deputy]).await;
        assert!(requests("GET").iter().any(|r| r.0.contains("/api/v1/inbox")), "the inbox was asked for");
    }
}

/// The form field component: label, control, hint, counter and the error under it, linked.
mod form {
    use super::*;
    use zsrd_app::components::form::{css, focus_first_invalid, Control, Errors, Field, FieldError, FormError};
    use zsrd_app::i18n::Key;

    fn find(el: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
        el.query_selector(selector).ok().flatten().unwrap_or_else(|| panic!("no {selector}"))
    }

    fn attr(el: &web_sys::HtmlElement, selector: &str, name: &str) -> Option<String> {
        find(el, selector).get_attribute(name)
    }

    fn type_into(el: &web_sys::HtmlElement, selector: &str, text: &str) {
        let input = find(el, selector);
        let _ = js_sys::Reflect::set(&input, &"value".into(), &text.into());
        let _ = input.dispatch_event(&web_sys::Event::new("input").expect("event"));
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(f, m)| (f.to_string(), m.to_string())).collect()
    }

    #[wasm_bindgen_test]
    async fn an_error_shows_under_its_field_linked_and_invalid() {
        let el = container();
        let errors = Errors::new();
        let value = RwSignal::new(String::new());
        let _h = leptos::mount::mount_to(el.clone(), move || {
            view! { <Field id="t-title" field="title" errors=errors label=Key::ComposeTitleLabel control=Control::text(value)/> }
        });
        assert_eq!(count(&el, "label[for=t-title]"), 1, "labelled");
        assert_eq!(attr(&el, "#t-title", "aria-invalid").as_deref(), Some("false"));
        assert_eq!(attr(&el, "#t-title", "aria-describedby"), None, "nothing to describe it yet");
        assert_eq!(count(&el, "#t-title-error"), 0);

        errors.set(pairs(&[("body", "不是这个字段"), ("title", "标题太短"), ("title", "含有不允许的内容")]));
        until("the error", || count(&el, "#t-title-error") == 1).await;
        assert_eq!(find(&el, "#t-title-error").text_content().as_deref(), Some("标题太短；含有不允许的内容"), "its messages, not another field's");
        assert_eq!(attr(&el, "#t-title-error", "class").as_deref(), Some(css::error));
        assert_eq!(attr(&el, "#t-title", "aria-invalid").as_deref(), Some("true"));
        assert_eq!(attr(&el, "#t-title", "aria-describedby").as_deref(), Some("t-title-error"));
        // The label is still the accessible name: the error comes under it, not in it.
        assert_eq!(find(&el, "label[for=t-title]").text_content().as_deref(), Some("标题"));

        // Typing goes to the value; clearing the field's errors takes the error away.
        type_into(&el, "#t-title", "村口路灯");
        assert_eq!(value.get_untracked(), "村口路灯");
        errors.clear(&["title"]);
        until("no error", || count(&el, "#t-title-error") == 0).await;
        assert_eq!(attr(&el, "#t-title", "aria-invalid").as_deref(), Some("false"));
        assert_eq!(attr(&el, "#t-title", "aria-describedby"), None);
    }

    #[wasm_bindgen_test]
    async fn a_counter_and_a_hint_describe_the_control() {
        let el = container();
        let errors = Errors::new();
        let value = RwSignal::new(String::new());
        let _h = leptos::mount::mount_to(el.clone(), move || {
            view! {
                <Field id="t-reply" field="body" errors=errors label=Key::WorkReplyLabel hint=Key::WorkReplyHintPublic
                    control=Control::area("5", value) max=10/>
            }
        });
        assert_eq!(find(&el, "#t-reply").tag_name(), "TEXTAREA");
        assert_eq!(attr(&el, "#t-reply", "rows").as_deref(), Some("5"));
        assert_eq!(find(&el, "#t-reply-count").text_content().as_deref(), Some("0/10 字"));
        assert_eq!(count(&el, "#t-reply-hint"), 1);
        assert_eq!(attr(&el, "#t-reply", "aria-describedby").as_deref(), Some("t-reply-count t-reply-hint"));
        type_into(&el, "#t-reply", "  已联系供电所  ");
        until("counted without the spaces around", || text(&el).contains("6/10 字")).await;
        assert_eq!(attr(&el, "#t-reply-count", "class").as_deref(), Some(css::count));
        type_into(&el, "#t-reply", "已联系供电所，本周内修复。");
        until("over the limit", || text(&el).contains("13/10 字")).await;
        let class = attr(&el, "#t-reply-count", "class").unwrap_or_default();
        assert!(class.split(' ').any(|c| c == css::count_over), "marked over: {class}");
        errors.set(pairs(&[("body", "太长了")]));
        until("the error", || count(&el, "#t-reply-error") == 1).await;
        assert_eq!(attr(&el, "#t-reply", "aria-describedby").as_deref(), Some("t-reply-count t-reply-hint t-reply-error"));
        assert_eq!(attr(&el, "#t-reply", "aria-invalid").as_deref(), Some("true"));
    }

    #[wasm_bindgen_test]
    async fn a_select_a_live_error_and_the_form_error() {
        let el = container();
        let errors = Errors::new();
        let chosen = RwSignal::new(String::new());
        let _h = leptos::mount::mount_to(el.clone(), move || {
            let select = Control::own(move |aria| {
                let options = view! { <option value="">"请选择"</option><option value="mc_road">"道路交通"</option> };
                aria.select(options.into_any(), Callback::new(move |v| chosen.set(v)))
            });
            view! {
                <Field id="t-cat" field="category_id" errors=errors label=Key::ComposeCategory control=select live=true/>
                <FormError errors=errors/>
            }
        });
        assert_eq!(count(&el, "label[for=t-cat]"), 1);
        assert_eq!(count(&el, "[role=alert]"), 1, "the live region of the field is there before any error");
        let select = find(&el, "#t-cat");
        let _ = js_sys::Reflect::set(&select, &"value".into(), &"mc_road".into());
        let _ = select.dispatch_event(&web_sys::Event::new("change").expect("event"));
        assert_eq!(chosen.get_untracked(), "mc_road");

        errors.set(pairs(&[("category_id", "请选择类别"), ("", "网络连接失败")]));
        until("both errors", || count(&el, "#t-cat-error") == 1 && text(&el).contains("网络连接失败")).await;
        assert!(find(&el, "[role=alert]").text_content().unwrap_or_default().contains("请选择类别"), "announced in the live region");
        assert_eq!(attr(&el, "#t-cat", "aria-invalid").as_deref(), Some("true"));
        assert_eq!(attr(&el, "#t-cat", "aria-describedby").as_deref(), Some("t-cat-error"));
        let form_error = find(&el, &format!("p.{}", css::alert));
        assert_eq!(form_error.get_attribute("role").as_deref(), Some("alert"));
        assert_eq!(form_error.text_content().as_deref(), Some("网络连接失败"));
    }

    #[wasm_bindgen_test]
    async fn submit_focuses_the_first_invalid_field_in_form_order() {
        let el = container();
        let errors = Errors::new();
        let (a, b) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
        let _h = leptos::mount::mount_to(el.clone(), move || {
            let submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                // Found in another order than the form's.
                errors.set(pairs(&[("body", "必填"), ("recipient", "请选择留言对象"), ("track", "请选择"), ("title", "必填")]));
                focus_first_invalid(ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()));
            };
            view! {
                <form on:submit=submit novalidate>
                    // An error without a control on the page (a list still loading) is passed over.
                    <FieldError errors=errors field="track" id="t-track"/>
                    <div id="t-to" tabindex="-1" role="group" aria-label="留言对象">
                        <FieldError errors=errors field="recipient" id="t-to"/>
                    </div>
                    <Field id="t-a" field="title" errors=errors label=Key::ComposeTitleLabel control=Control::text(a)/>
                    <Field id="t-b" field="body" errors=errors label=Key::ComposeBody control=Control::area("3", b)/>
                    <button type="submit">"发送"</button>
                </form>
            }
        });
        find(&el, "button[type=submit]").unchecked_into::<web_sys::HtmlElement>().click();
        let active = || doc().active_element().map(|e| e.id()).unwrap_or_default();
        until("focus on the first field with an error, a group too", || active() == "t-to").await;
        assert_eq!(count(&el, "#t-track-error"), 1);
        // Without the group's error, the title comes before the body.
        errors.set(pairs(&[("body", "必填"), ("title", "必填")]));
        focus_first_invalid(el.query_selector("form").ok().flatten());
        until("the title", || active() == "t-a").await;
    }

    fn doc() -> web_sys::Document {
        web_sys::window().and_then(|w| w.document()).expect("document")
    }
}

mod viewer {
    use super::*;
    use zsrd_app::components::viewer::{ImageViewer, Picture, Viewer};

    #[component]
    fn WithViewer() -> impl IntoView {
        let shown = view! { <ImageViewer/> };
        let open = move |_| {
            if let Some(v) = Viewer::get() {
                v.open(Picture { url: "/media/a.png".into(), alt: "村口的路灯".into() });
            }
        };
        view! { {shown}<button id="t-open" on:click=open>"open"</button> }
    }

    fn zoom_button(el: &web_sys::HtmlElement, label: &str) -> web_sys::HtmlButtonElement {
        let list = el.query_selector_all("dialog button").expect("buttons");
        (0..list.length())
            .filter_map(|i| list.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::HtmlButtonElement>().ok())
            .find(|b| b.text_content().unwrap_or_default().contains(label))
            .expect("a zoom button")
    }

    /// 放大 works from the start, 缩小 only once zoomed in; the picture grows in steps.
    #[wasm_bindgen_test]
    async fn the_zoom_buttons_are_enabled_as_the_zoom_allows() {
        let el = container();
        let _h = leptos::mount::mount_to(el.clone(), WithViewer);
        el.query_selector("#t-open").ok().flatten().and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok()).expect("open").click();
        until("the picture", || el.query_selector("dialog img").ok().flatten().is_some()).await;
        assert!(zoom_button(&el, "缩小").disabled(), "at 100 % nothing to zoom out");
        assert!(!zoom_button(&el, "放大").disabled(), "zoom in is possible");
        assert_eq!(zoom_button(&el, "放大").get_attribute("disabled"), None);
        zoom_button(&el, "放大").click();
        let img = || el.query_selector("dialog img").ok().flatten().and_then(|i| i.get_attribute("style")).unwrap_or_default();
        until("150 %", || img() == "width:150%").await;
        assert!(!zoom_button(&el, "缩小").disabled());
        for _ in 0..6 {
            zoom_button(&el, "放大").click();
        }
        until("at most 400 %", || img() == "width:400%").await;
        assert!(zoom_button(&el, "放大").disabled());
    }
}
