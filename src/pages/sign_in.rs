//! 登录 (`/sign-in?next=<path>`): phone, one-time code by SMS, then back to where the user was
//! (deputies and staff who signed in from 首页 or 我的: to 工作台, see `state::work`).

use contract::{CodeRequest, SignIn as SignInBody};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::{self, endpoints, ApiError, Canceller};
use crate::components::form::{api_errors, Control, Errors, Field, FormError};
use crate::components::shell::TopBar;
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::pages::people_css as css;
use crate::state::session::SessionState;

/// Digits as typed: full-width digits become ASCII, spaces and dashes go.
fn ascii_digits(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '＋' => '+',
            c => c,
        })
        .collect()
}

/// A mainland mobile number as the backend expects it (the contract's rule,
/// `contract::rules::normalize_phone`: 11 digits starting with 1, spaces, dashes and a `+86` /
/// `0086` prefix dropped), from what was typed: full-width digits, and `86` without `+`, are
/// tolerated too. `None` when it is not one.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let s = ascii_digits(raw);
    let s = if s.len() == 13 && s.starts_with("86") { &s[2..] } else { &s };
    contract::rules::normalize_phone(s)
}

/// A 6-digit code as typed (spaces and full-width digits tolerated; the contract's rule).
pub fn normalize_code(raw: &str) -> Option<String> {
    contract::rules::sign_in_code(&ascii_digits(raw)).ok()
}

/// Where to go after signing in: `next` only when it is a path of this app (starts with one
/// `/`, no backslash or control characters, not the sign-in screen itself), else `/`.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control)
                && !n.starts_with("/sign-in") =>
        {
            n.to_string()
        }
        _ => "/".to_string(),
    }
}

/// Where an API error goes: at the phone, at the code, or the form's own.
fn place_errors(e: &ApiError, lang: Lang) -> Vec<(String, String)> {
    api_errors(e, lang, &|f| ["phone", "code"].into_iter().find(|x| *x == f))
}

#[component]
pub fn SignIn() -> impl IntoView {
    let lang = lang();
    let session = SessionState::get();
    let query = use_query_map();
    let next = Memo::new(move |_| safe_next(query.with(|q| q.get("next")).as_deref()));
    let navigate = use_navigate();

    let phone = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let errors = Errors::new();
    let sent_to = RwSignal::new(None::<String>);
    let demo = RwSignal::new(None::<String>);
    let wait = RwSignal::new(0u32);
    let sending = RwSignal::new(false);
    let signing = RwSignal::new(false);
    let code_input = NodeRef::<leptos::html::Input>::new();
    let canceller = Canceller::for_owner();

    // The resend countdown.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            if wait.try_get_untracked().unwrap_or(0) > 0 {
                wait.update(|w| *w -= 1);
            }
        },
        std::time::Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }

    let request_code = {
        let canceller = canceller.clone();
        move || {
            let l = lang.get_untracked();
            let Some(p) = normalize_phone(&phone.get_untracked()) else {
                errors.set(vec![("phone".into(), l.text(Key::SigninPhoneInvalid).to_string())]);
                return;
            };
            errors.set(Vec::new());
            sending.set(true);
            let c = canceller.clone();
            leptos::task::spawn_local(async move {
                let result = api::send(endpoints::request_code(), &CodeRequest { phone: p.clone() }, None, &c).await;
                if c.is_cancelled() {
                    return;
                }
                sending.set(false);
                match result {
                    Ok(sent) => {
                        wait.set(sent.resend_after_seconds.min(3600));
                        demo.set(sent.demo_code.filter(|d| !d.trim().is_empty()));
                        sent_to.set(Some(p));
                        if let Some(input) = code_input.get_untracked() {
                            let _ = input.focus();
                        }
                    }
                    Err(e) => {
                        if let ApiError::Http { status: 429, retry_after: Some(s), .. } = e {
                            wait.set(s.min(3600));
                        }
                        errors.set(place_errors(&e, l));
                    }
                }
            });
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if signing.get_untracked() {
            return;
        }
        let l = lang.get_untracked();
        let p = normalize_phone(&phone.get_untracked());
        let c = normalize_code(&code.get_untracked());
        let local = [("phone", p.is_none(), Key::SigninPhoneInvalid), ("code", c.is_none(), Key::SigninCodeInvalid)];
        errors.set(local.into_iter().filter(|(_, bad, _)| *bad).map(|(f, _, k)| (f.to_string(), l.text(k).to_string())).collect());
        let (Some(p), Some(c)) = (p, c) else { return };
        signing.set(true);
        let canceller = canceller.clone();
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            let result = api::send(endpoints::sign_in(), &SignInBody { phone: p, code: c }, None, &canceller).await;
            if canceller.is_cancelled() {
                return;
            }
            signing.set(false);
            match result {
                Ok(s) => {
                    let handles = crate::state::work::handles(&s.user.roles);
                    let user = s.user.clone();
                    session.sign_in(s);
                    // (after: the account's village is set with the new token)
                    crate::state::village::on_sign_in(&user);
                    // Deputies and staff go to 工作台, unless they came from a screen of their own.
                    let to = crate::state::work::after_sign_in(&next.get_untracked(), handles, crate::state::work::landing_on(session));
                    navigate(&to, NavigateOptions { replace: true, ..Default::default() });
                }
                Err(e) => errors.set(place_errors(&e, l)),
            }
        });
    };

    let title = t(Key::SigninTitle);
    let code_busy = move || sending.get() || wait.get() > 0;
    let code_button_text = move || {
        let l = lang.get();
        let w = wait.get();
        if sending.get() {
            l.text(Key::SigninSending).to_string()
        } else if w > 0 {
            resend_wait(w, l)
        } else if sent_to.get().is_some() {
            l.text(Key::SigninResend).to_string()
        } else {
            l.text(Key::SigninGetCode).to_string()
        }
    };
    let phone_control = Control::own(move |a| {
        view! {
            <div class=css::row>
                <input id=a.id class=css::input type="tel" inputmode="numeric" autocomplete="tel"
                    name="phone" maxlength="20" placeholder=t(Key::SigninPhonePlaceholder)
                    aria-invalid=a.invalid()
                    aria-describedby=a.described_by()
                    prop:value=move || phone.get()
                    on:input=move |ev| phone.set(event_target_value(&ev))/>
                <button type="button" class="btn" disabled=code_busy on:click=move |_| request_code()>
                    {code_button_text}
                </button>
            </div>
        }
        .into_any()
    });
    let code_control = Control::own(move |a| {
        view! {
            <input id=a.id class=css::input node_ref=code_input type="text" inputmode="numeric"
                autocomplete="one-time-code" name="code" maxlength="8" placeholder=t(Key::SigninCodePlaceholder)
                aria-invalid=a.invalid()
                aria-describedby=a.described_by()
                prop:value=move || code.get()
                on:input=move |ev| code.set(event_target_value(&ev))/>
        }
        .into_any()
    });
    let signed_in_as = move || session.user().map(|u| {
        let next_href = next.get();
        view! {
            <p class=css::notice role="status">
                {move || fill(lang.get().text(Key::SigninAlready), &[("name", &u.display_name)])}
                " "<a href=crate::paths::to(&next_href)>{t(Key::SigninContinue)}</a>
            </p>
        }
    });
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/me" search=false/>
        <div class=css::page>
            {signed_in_as}
            <p class=css::lead>{t(Key::SigninLead)}</p>
            <form class=css::form on:submit=submit novalidate=true>
                <Field id="signin-phone" field="phone" errors=errors label=Key::SigninPhone control=phone_control
                    error_class=css::field_error live=true/>
                {move || sent_to.get().map(|p| view! {
                    <p class=css::hint role="status">
                        {move || fill(lang.get().text(Key::SigninSent), &[("phone", &mask(&p))])}
                    </p>
                })}
                {move || demo.get().map(|d| {
                    let fill_code = d.clone();
                    view! {
                        <button type="button" class=css::demo on:click=move |_| {
                            code.set(fill_code.clone());
                            errors.clear(&["code"]);
                        }>
                            <strong>{move || fill(lang.get().text(Key::SigninDemoCode), &[("code", &d)])}</strong>
                            <span>{t(Key::SigninDemoFill)}</span>
                        </button>
                    }
                })}
                <Field id="signin-code" field="code" errors=errors label=Key::SigninCode control=code_control
                    error_class=css::field_error live=true/>
                <FormError errors=errors class=css::form_error live=true/>
                <button type="submit" class="btn btn-primary" disabled=move || signing.get()>
                    {move || lang.get().text(if signing.get() { Key::SigninSigningIn } else { Key::SigninSubmit })}
                </button>
                <p class=css::hint>{t(Key::SigninNewAccount)}</p>
            </form>
        </div>
    }
}

/// The resend button while it waits: seconds under a minute, else whole minutes rounded up
/// (a limit of an hour read "2327 秒后可重新获取", a number nobody can take in).
pub fn resend_wait(seconds: u32, lang: Lang) -> String {
    if seconds < 60 {
        fill(lang.text(Key::SigninResendIn), &[("n", &seconds.to_string())])
    } else {
        fill(lang.text(Key::SigninResendInMinutes), &[("n", &seconds.div_ceil(60).to_string())])
    }
}

/// `13800000001` → `138****0001` (for the "sent to" line).
fn mask(phone: &str) -> String {
    if phone.len() == 11 && phone.is_ascii() {
        format!("{}****{}", &phone[..3], &phone[7..])
    } else {
        phone.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::form::message_at;

    #[test]
    fn phones_are_checked_locally() {
        for ok in ["13800000001", "138 0000 0001", "+86 138 0000 0001", "+8613800000001", "008613800000001", "8613800000001", "138-0000-0001", "１３８００００００01", " 13800000001 "] {
            assert_eq!(normalize_phone(ok).as_deref(), Some("13800000001"), "{ok}");
        }
        for bad in ["", "1380000000", "138000000012", "23800000001", "1380000000a", "+1 138 0000 0001", "０", "86 2380000000"] {
            assert_eq!(normalize_phone(bad), None, "{bad}");
        }
    }

    #[test]
    fn codes_are_six_digits() {
        assert_eq!(normalize_code("123456").as_deref(), Some("123456"));
        assert_eq!(normalize_code(" 123 456 ").as_deref(), Some("123456"));
        assert_eq!(normalize_code("１２３４５６").as_deref(), Some("123456"));
        assert_eq!(normalize_code("12345"), None);
        assert_eq!(normalize_code("12345a"), None);
        assert_eq!(normalize_code("1234567"), None);
    }

    #[test]
    fn long_waits_are_in_minutes() {
        assert_eq!(resend_wait(59, Lang::Zh), "59 秒后可重新获取");
        assert_eq!(resend_wait(60, Lang::Zh), "1 分钟后可重新获取");
        assert_eq!(resend_wait(61, Lang::Zh), "2 分钟后可重新获取");
        assert_eq!(resend_wait(2327, Lang::Zh), "39 分钟后可重新获取");
        assert_eq!(resend_wait(3600, Lang::Zh), "60 分钟后可重新获取");
        assert_eq!(resend_wait(5, Lang::En), "Send again in 5 s");
        assert_eq!(resend_wait(125, Lang::En), "Send again in 3 min");
    }

    #[test]
    fn next_stays_in_the_app() {
        assert_eq!(safe_next(Some("/messages/new?to=deputy:d_1")), "/messages/new?to=deputy:d_1");
        assert_eq!(safe_next(Some("/")), "/");
        assert_eq!(safe_next(Some("/me")), "/me");
        for bad in [None, Some(""), Some("//evil.example"), Some("https://evil.example/"), Some("/\\evil.example"), Some("javascript:alert(1)"), Some("me"), Some("/sign-in?next=/me"), Some("/a\nb")] {
            assert_eq!(safe_next(bad), "/", "{bad:?}");
        }
    }

    #[test]
    fn errors_go_to_their_fields() {
        let p = contract::Problem {
            status: 400,
            errors: vec![contract::FieldError { field: "code".into(), code: "invalid".into(), message: "验证码错误".into() }],
            ..Default::default()
        };
        let e = ApiError::Http { status: 400, problem: Some(p), retry_after: None };
        assert_eq!(place_errors(&e, Lang::Zh), vec![("code".to_string(), "验证码错误".to_string())]);
        let limited = ApiError::Http { status: 429, problem: None, retry_after: Some(120) };
        let other = message_at(&place_errors(&limited, Lang::Zh), "");
        assert!(other.unwrap_or_default().contains('2'));
        assert_eq!(message_at(&place_errors(&ApiError::Offline, Lang::Zh), ""), Some(Lang::Zh.text(Key::ErrorOffline).to_string()));
        assert_eq!(mask("13800000001"), "138****0001");
    }
}
