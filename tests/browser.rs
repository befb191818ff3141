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

/// Waits (up to ~3 s) until `cond` holds.
async fn until(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..150 {
        if cond() {
            return;
        }
        tick().await;
    }
    panic!("timed out waiting for: {what}");
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
                source=Source::Articles(ArticleFilter::default())
                empty="这里还没有文章".to_string()
            />
        }
    })
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
            "window.__calls = 0; window.__bodies = []; window.fetch = function (input, init) { window.__calls += 1; \
             const url = typeof input === 'string' ? input : input.url; const body = init && init.body ? String(init.body) : ''; \
             window.__bodies.push(body); \
             return Promise.resolve(h(String(url), window.__calls, body, (init && init.method) || 'GET')); };",
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
        assert!(text(&el).contains("秒后可重新获取"), "a countdown: {}", text(&el));
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
        assert_eq!(attr(&el, "main a.btn-primary, a.btn-primary", "href").as_deref(), Some("/deputies"));
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
