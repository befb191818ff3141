//! Certificates: the viewer's (`/me/certificates`), and one certificate (`/certificates/:code`)
//! — public, no sign-in: what the backend's check says (holder, what for, date, valid, never
//! the score), printable (print CSS: only the certificate on paper) with its verification code
//! printed in groups of four and a link to its PDF — with, above it (and alone at
//! `/certificates`), a box to type a code as it is read from paper.

use contract::{Certificate, CertificateCheck, CertificateKind};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use super::{certificate_href, css};
use crate::api::{self, endpoints, ApiError};
use crate::components::shell::TopBar;
use crate::components::states::{EmptyState, ErrorState, SkeletonDetail, SkeletonList};
use crate::format;
use crate::i18n::{fill, lang, t, Key, Lang};
use crate::pages::training::LearnerOnly;
use crate::state::loader::Loader;

/// "结业证书" or "测评合格证书".
fn kind_label(k: CertificateKind) -> Key {
    match k {
        CertificateKind::Course => Key::AssessCertCourse,
        _ => Key::AssessCertTest,
    }
}

/// "完成课程《…》" or "通过测评《…》".
pub fn what_text(k: CertificateKind, title: &str, lang: Lang) -> String {
    let key = if k == CertificateKind::Course { Key::AssessCertCompleted } else { Key::AssessCertPassed };
    fill(lang.text(key), &[("title", title)])
}

/// A code as typed, for the address: letters and digits only, upper case (the backend reads
/// any form; this keeps the address tidy).
pub fn tidy_code(typed: &str) -> String {
    typed.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

/// `/me/certificates`
#[component]
pub fn MyCertificates() -> impl IntoView {
    view! { <LearnerOnly title=Key::AssessCertificates back_to="/training/tests"><CertificateList/></LearnerOnly> }
}

#[component]
fn CertificateList() -> impl IntoView {
    let list = Loader::new(endpoints::my_certificates);
    let retry = Callback::new(move |_| list.refetch());
    let title = t(Key::AssessCertificates);
    let empty = t(Key::AssessCertEmpty);
    let lang = lang();
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/training/tests"/>
        {move || match list.get() {
            None => view! { <SkeletonList count=2/> }.into_any(),
            Some(Err(e)) => view! { <ErrorState error=e on_retry=retry/> }.into_any(),
            Some(Ok(page)) if page.items.is_empty() => {
                view! { <EmptyState message=Signal::derive(move || empty().to_string())/> }.into_any()
            }
            Some(Ok(page)) => view! {
                <ul class=css::list>
                    {page.items.into_iter().map(|c: Certificate| {
                        let (kind, title, issued) = (c.kind, c.title.clone(), c.issued_at.clone());
                        view! {
                            <li>
                                <article class=css::card>
                                    <h2 class=css::card_title><a href=crate::paths::to(&certificate_href(&c.code))>{move || what_text(kind, &title, lang.get())}</a></h2>
                                    <p class=css::line>
                                        <span class=css::badge>{t(kind_label(kind))}</span>
                                        <span>{move || format::date(&issued, lang.get())}</span>
                                        <span>{contract::printed_code(&c.code)}</span>
                                    </p>
                                </article>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any(),
        }}
    }
}

/// `/certificates` and `/certificates/:code`
#[component]
pub fn CertificatePage() -> impl IntoView {
    let params = use_params_map();
    let code = Memo::new(move |_| params.with(|p| p.get("code")).unwrap_or_default());
    let title = t(Key::AssessVerifyTitle);
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/"/>
        <div class=css::detail>
            <CodeForm code=code/>
            {move || {
                let c = code.get();
                (!c.is_empty()).then(|| view! { <Checked code=c/> })
            }}
        </div>
    }
}

#[component]
fn CodeForm(code: Memo<String>) -> impl IntoView {
    let typed = RwSignal::new(code.get_untracked());
    let navigate = use_navigate();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let c = tidy_code(&typed.get_untracked());
        if !c.is_empty() {
            navigate(&certificate_href(&c), Default::default());
        }
    };
    view! {
        <form class=css::verify_form on:submit=submit novalidate>
            <label for="certificate-code">{t(Key::AssessVerifyLabel)}</label>
            <span class=css::hint id="certificate-code-hint">{t(Key::AssessVerifyHint)}</span>
            <div class=css::verify_row>
                <input
                    id="certificate-code"
                    class=crate::components::form::css::input
                    type="text"
                    autocapitalize="characters"
                    autocomplete="off"
                    spellcheck="false"
                    aria-describedby="certificate-code-hint"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
                <button type="submit" class="btn btn-primary">{t(Key::AssessVerifyAction)}</button>
            </div>
        </form>
    }
}

#[component]
fn Checked(code: String) -> impl IntoView {
    let check = Loader::new(move || endpoints::certificate(&code));
    let retry = Callback::new(move |_| check.refetch());
    move || match check.get() {
        None => view! { <SkeletonDetail/> }.into_any(),
        Some(Err(ApiError::Http { status: 400, .. })) => {
            view! { <p class=css::note role="alert">{t(Key::AssessVerifyInvalid)}</p> }.into_any()
        }
        Some(Err(ApiError::Http { status: 404, .. })) => {
            view! { <p class=css::note role="alert">{t(Key::AssessVerifyNotFound)}</p> }.into_any()
        }
        Some(Err(e)) => view! { <ErrorState error=e on_retry=retry/> }.into_any(),
        Some(Ok(c)) => view! { <CertificateCard check=c/> }.into_any(),
    }
}

#[component]
fn CertificateCard(check: CertificateCheck) -> impl IntoView {
    let lang = lang();
    let (kind, title, issued) = (check.kind, check.title.clone(), check.issued_at.clone());
    let pdf = api::absolute(&format!("/certificates/{}/pdf", crate::api::url::encode_component(&check.code)));
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <section class=css::certificate aria-labelledby="certificate-kind">
            <p class=css::valid role="status">"✓ "{t(Key::AssessCertValid)}</p>
            <h2 id="certificate-kind" class=css::cert_kind>{t(kind_label(kind))}</h2>
            <p class=css::cert_holder>{check.holder_name.clone()}</p>
            <p class=css::cert_what>{move || what_text(kind, &title, lang.get())}</p>
            <dl class=css::cert_facts>
                <dt>{t(Key::AssessCertDate)}</dt>
                <dd>{move || format::date(&issued, lang.get())}</dd>
                {(!check.issuer.is_empty()).then(|| view! {
                    <dt>{t(Key::AssessCertIssuer)}</dt>
                    <dd>{check.issuer.clone()}</dd>
                })}
                <dt>{t(Key::AssessCertCode)}</dt>
                <dd class=css::cert_code>{contract::printed_code(&check.code)}</dd>
            </dl>
        </section>
        <div class=css::no_print>
            <button type="button" class="btn" on:click=print>{t(Key::AssessCertPrint)}</button>
            <a class="btn" href=pdf download>{t(Key::AssessCertPdf)}</a>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_tidied_for_the_address() {
        assert_eq!(tidy_code(" abcd-efgh jk "), "ABCDEFGHJK");
        assert_eq!(tidy_code("—"), "");
    }

    #[test]
    fn a_certificate_says_what_for() {
        assert_eq!(what_text(CertificateKind::Course, "手机入门", Lang::Zh), "完成课程《手机入门》");
        assert_eq!(what_text(CertificateKind::Test, "代表法测评", Lang::Zh), "通过测评《代表法测评》");
        assert_eq!(what_text(CertificateKind::Test, "Law", Lang::En), "Passed the test \"Law\"");
    }
}
