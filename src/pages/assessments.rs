//! 测评: the capability tests with the viewer's standing, one test — its rules in plain words
//! (限时 30 分钟, 可考 2 次, 间隔 1 小时, 及格 60 分), start or resume, the viewer's attempts —
//! and (`attempt`) an attempt taken one question per screen with its result, and
//! (`certificates`) the viewer's certificates, one certificate to print and the public check.
//! A test may have practical tasks besides its questions (`tasks`, 平台实操).
//! What the viewer may do now is the backend's (`standing.state`).

pub mod attempt;
pub mod certificates;
pub mod tasks;

use contract::{AttemptSummary, CapabilityTest, TestRulesView, TestStanding, TestState, TestSummary};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::{self, endpoints, url, Canceller};
use crate::components::shell::TopBar;
use crate::components::states::{detail_state, EmptyState, ErrorState, SkeletonList};
use crate::format;
use crate::i18n::{fill, lang, t, ErrorText, Key, Lang};
use crate::pages::training::LearnerOnly;
use crate::state::loader::Loader;
use crate::state::storage;

stylance::import_crate_style!(pub css, "src/pages/assessments.module.css");

/// "间隔 1 小时": the wait in the largest whole unit.
pub fn wait_text(minutes: u32, lang: Lang) -> String {
    let (key, n) = if minutes >= 1440 && minutes % 1440 == 0 {
        (Key::AssessWaitDays, minutes / 1440)
    } else if minutes >= 60 && minutes % 60 == 0 {
        (Key::AssessWaitHours, minutes / 60)
    } else {
        (Key::AssessWaitMinutes, minutes)
    };
    fill(lang.text(key), &[("n", &n.to_string())])
}

/// The rules in plain words, in the order a deputy asks about them: time, attempts, wait,
/// pass mark, questions (含 1 道实操题), close.
pub fn rules_lines(r: &TestRulesView, lang: Lang) -> Vec<String> {
    let n = |key: Key, n: u32| fill(lang.text(key), &[("n", &n.to_string())]);
    let mut out = vec![match r.time_limit_minutes {
        Some(m) => n(Key::AssessTimeLimit, m),
        None => lang.text(Key::AssessNoTimeLimit).to_string(),
    }];
    out.push(match r.max_attempts {
        Some(m) => n(Key::AssessAttempts, m),
        None => lang.text(Key::AssessAttemptsUnlimited).to_string(),
    });
    // a wait matters only where there is more than one attempt
    if r.wait_minutes > 0 && r.max_attempts != Some(1) {
        out.push(wait_text(r.wait_minutes, lang));
    }
    out.push(n(Key::AssessPass, r.pass_percent));
    // the practical tasks with the questions (one line: a card shows the first four)
    let questions = n(Key::AssessQuestions, r.question_count);
    out.push(if r.task_count > 0 { format!("{questions} · {}", n(Key::SbIncludesTasks, r.task_count)) } else { questions });
    if let Some(c) = &r.closes_at {
        out.push(fill(lang.text(Key::AssessCloses), &[("date", &format::date(c, lang))]));
    }
    out
}

/// Where the test stands for the viewer, in words.
pub fn state_text(s: &TestStanding, r: &TestRulesView, lang: Lang) -> String {
    match s.state {
        TestState::Available => lang.text(Key::AssessStateAvailable).to_string(),
        TestState::InProgress => lang.text(Key::AssessStateInProgress).to_string(),
        TestState::Waiting => fill(
            lang.text(Key::AssessStateWaiting),
            &[("time", &s.wait_until.as_deref().map(|w| format::date_time(w, lang)).unwrap_or_default())],
        ),
        TestState::NoAttemptsLeft => lang.text(Key::AssessStateNoAttemptsLeft).to_string(),
        TestState::NotOpenYet => fill(
            lang.text(Key::AssessStateNotOpenYet),
            &[("date", &r.opens_at.as_deref().map(|o| format::date(o, lang)).unwrap_or_default())],
        ),
        TestState::Closed | TestState::Unknown => lang.text(Key::AssessStateClosed).to_string(),
    }
}

/// "已通过 · 最高 80 分", "最高 40 分" or nothing before a first result.
pub fn best_text(s: &TestStanding, lang: Lang) -> Option<String> {
    let best = s.best_score?.to_string();
    Some(fill(lang.text(if s.passed { Key::AssessPassed } else { Key::AssessBest }), &[("n", &best)]))
}

fn state_class(s: TestState) -> String {
    let extra = match s {
        TestState::Available | TestState::InProgress => css::open,
        _ => "",
    };
    format!("{} {extra}", css::badge)
}

/// The list in the order a deputy acts on it (the backend's is creation order): an attempt to
/// resume, then tests to take (not yet passed first), those waiting between attempts, those
/// opening later, then the rest — passed, used up, closed. The backend's order is kept within
/// each group.
pub fn open_first(tests: &mut [TestSummary]) {
    tests.sort_by_key(|t| match t.standing.state {
        TestState::InProgress => 0,
        TestState::Available if !t.standing.passed => 1,
        TestState::Waiting => 2,
        TestState::NotOpenYet => 3,
        TestState::Available => 4,
        TestState::NoAttemptsLeft => 5,
        TestState::Closed => 6,
        TestState::Unknown => 7,
    });
}

pub fn test_href(id: &str) -> String {
    format!("/training/tests/{}", url::encode_component(id))
}

pub fn attempt_href(id: &str) -> String {
    format!("/training/attempts/{}", url::encode_component(id))
}

pub fn certificate_href(code: &str) -> String {
    format!("/certificates/{}", url::encode_component(code))
}

/// `/training/tests`
#[component]
pub fn Tests() -> impl IntoView {
    view! { <LearnerOnly title=Key::AssessTitle back_to="/work"><TestList/></LearnerOnly> }
}

#[component]
fn TestList() -> impl IntoView {
    let tests = Loader::new(|| endpoints::tests(None, Some("50")));
    let retry = Callback::new(move |_| tests.refetch());
    let title = t(Key::AssessTitle);
    let empty = t(Key::AssessEmpty);
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/work"/>
        <p class=css::links>
            <a href="me/certificates">{t(Key::AssessCertificates)}</a>
            <a href="certificates">{t(Key::AssessVerifyTitle)}</a>
        </p>
        {move || match tests.get() {
            None => view! { <SkeletonList count=3/> }.into_any(),
            Some(Err(e)) => view! { <ErrorState error=e on_retry=retry/> }.into_any(),
            Some(Ok(page)) if page.items.is_empty() => {
                view! { <EmptyState message=Signal::derive(move || empty().to_string())/> }.into_any()
            }
            Some(Ok(mut page)) => {
                open_first(&mut page.items);
                view! {
                    <ul class=css::list>
                        {page.items.into_iter().map(|t| view! { <li><TestCard test=t/></li> }).collect_view()}
                    </ul>
                }
                .into_any()
            }
        }}
    }
}

#[component]
fn TestCard(test: TestSummary) -> impl IntoView {
    let lang = lang();
    let (standing, rules) = (test.standing.clone(), test.rules.clone());
    let state = standing.state;
    let (s2, r2) = (standing.clone(), rules.clone());
    view! {
        <article class=css::card>
            <h2 class=css::card_title><a href=crate::paths::to(&test_href(&test.id))>{test.title.clone()}</a></h2>
            <p class=css::line>
                <span class=state_class(state)>{move || state_text(&s2, &r2, lang.get())}</span>
                {move || best_text(&standing, lang.get()).map(|b| view! { <span class=css::best>{b}</span> })}
            </p>
            <p class=css::line>{move || rules_lines(&rules, lang.get()).into_iter().take(4).collect::<Vec<_>>().join(" · ")}</p>
        </article>
    }
}

/// `/training/tests/:id`
#[component]
pub fn TestPage() -> impl IntoView {
    view! { <LearnerOnly title=Key::AssessDetail back_to="/training/tests"><TestLoaded/></LearnerOnly> }
}

#[component]
fn TestLoaded() -> impl IntoView {
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    let test = Loader::new(move || endpoints::test(&id.get()));
    let retry = Callback::new(move |_| test.refetch());
    let title = t(Key::AssessDetail);
    let doc_title = Signal::derive(move || match test.get() {
        Some(Ok(t)) => t.title,
        _ => String::new(),
    });
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) doc_title=doc_title back_to="/training/tests" heading=false/>
        {move || detail_state(test.get().map(|r| r.map(|t| view! { <TestView test=t reload=retry/> }.into_any())), retry)}
    }
}

#[component]
fn TestView(test: CapabilityTest, reload: Callback<()>) -> impl IntoView {
    let lang = lang();
    let (standing, rules) = (test.standing.clone(), test.rules.clone());
    let (s2, r2, s3) = (standing.clone(), rules.clone(), standing.clone());
    let intro: Vec<String> = test.intro.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect();
    let action = match standing.state {
        TestState::Available => Some(view! { <StartButton id=test.id.clone() reload=reload/> }.into_any()),
        TestState::InProgress => standing.open_attempt_id.as_deref().map(|a| {
            view! { <a class=format!("btn btn-primary {}", css::wide) href=crate::paths::to(&attempt_href(a))>{t(Key::AssessResume)}</a> }.into_any()
        }),
        _ => None,
    };
    let certificate = standing.certificate_code.clone().map(|c| view! {
        <p><a class="btn" href=crate::paths::to(&certificate_href(&c))>{t(Key::AssessCertificate)}</a></p>
    });
    let attempts = (!test.attempts.is_empty()).then(|| {
        let rows = test.attempts.iter().map(|a| view! { <AttemptRow attempt=a.clone()/> }).collect_view();
        view! {
            <section class=css::section aria-labelledby="test-history">
                <h2 id="test-history">{t(Key::AssessHistory)}</h2>
                <ul class=css::history>{rows}</ul>
            </section>
        }
    });
    view! {
        <article class=css::detail>
            <h1 class=css::title>{test.title.clone()}</h1>
            <p class=css::line>
                <span class=state_class(standing.state)>{move || state_text(&s2, &r2, lang.get())}</span>
                {move || best_text(&s3, lang.get()).map(|b| view! { <span class=css::best>{b}</span> })}
            </p>
            <section class=css::rules aria-labelledby="test-rules">
                <h2 id="test-rules">{t(Key::AssessRules)}</h2>
                <ul>{move || rules_lines(&rules, lang.get()).into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                <p class=css::hint>{t(Key::AssessRulesNote)}</p>
            </section>
            {intro.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            {action}
            {certificate}
            {attempts}
        </article>
    }
}

#[component]
fn AttemptRow(attempt: AttemptSummary) -> impl IntoView {
    let lang = lang();
    let a = attempt.clone();
    let line = move || {
        let l = lang.get();
        let mut parts = vec![fill(l.text(Key::AssessAttemptN), &[("n", &a.number.to_string())])];
        if let Some(at) = a.submitted_at.as_deref().or(Some(a.started_at.as_str())) {
            parts.push(format::date_time(at, l));
        }
        if let Some(s) = a.score {
            parts.push(fill(l.text(Key::AssessScore), &[("n", &s.to_string())]));
        }
        match a.passed {
            Some(true) => parts.push(l.text(Key::AssessPassLabel).to_string()),
            Some(false) => parts.push(l.text(Key::AssessFailLabel).to_string()),
            None => parts.push(l.text(Key::AssessStateInProgress).to_string()),
        }
        parts.join(" · ")
    };
    let link = if attempt.submitted_at.is_some() { Key::AssessViewResult } else { Key::AssessResume };
    view! {
        <li class=css::history_row>
            <span>{line}</span>
            <a href=crate::paths::to(&attempt_href(&attempt.id))>{t(link)}</a>
        </li>
    }
}

/// 开始答题: starts an attempt (one key per press; the backend answers the open attempt
/// when there is one) and goes to it.
#[component]
fn StartButton(id: String, reload: Callback<()>) -> impl IntoView {
    let lang = lang();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let navigate = use_navigate();
    let key = StoredValue::new(storage::new_key());
    let start = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let id = id.clone();
        let navigate = navigate.clone();
        let k = key.get_value();
        let c = Canceller::for_owner();
        leptos::task::spawn_local(async move {
            let result = api::send(endpoints::start_attempt(&id), &(), Some(&k), &c).await;
            busy.try_set(false);
            match result {
                Ok(a) => navigate(&attempt_href(&a.id), Default::default()),
                // the rules say no now (a wait began, the test closed): show the test as it is
                Err(api::ApiError::Http { status: 409, .. }) => {
                    key.set_value(storage::new_key());
                    reload.run(());
                }
                Err(e) => {
                    error.try_set(Some(e.message(lang.get_untracked())));
                }
            }
        });
    };
    view! {
        <button type="button" class=format!("btn btn-primary {}", css::wide) disabled=move || busy.get() on:click=start>
            {move || if busy.get() { t(Key::AssessStarting)() } else { t(Key::AssessStart)() }}
        </button>
        <div role="alert">{move || error.get().map(|m| view! { <p class=css::error>{m}</p> })}</div>
    }
}

/// The screens of 测评 and certificates, one lazy route and one chunk for all of them (each
/// route of its own would cost the first load).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Tests,
    Test,
    Attempt,
    MyCertificates,
    Certificate,
}

/// Which screen an address is (the router matched it: only these come here).
pub fn which(path: &str) -> Screen {
    let path = path.trim_end_matches('/');
    if path.contains("/training/tests/") {
        Screen::Test
    } else if path.contains("/training/attempts/") {
        Screen::Attempt
    } else if path.ends_with("/me/certificates") {
        Screen::MyCertificates
    } else if path.contains("/certificates") {
        Screen::Certificate
    } else {
        Screen::Tests
    }
}

/// The screen of `path` (see [`which`]).
pub fn tests_screen(path: &str) -> AnyView {
    match which(path) {
        Screen::Tests => view! { <Tests/> }.into_any(),
        Screen::Test => view! { <TestPage/> }.into_any(),
        Screen::Attempt => view! { <attempt::AttemptPage/> }.into_any(),
        Screen::MyCertificates => view! { <certificates::MyCertificates/> }.into_any(),
        Screen::Certificate => view! { <certificates::CertificatePage/> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_address_has_its_screen() {
        assert_eq!(which("/training/tests"), Screen::Tests);
        assert_eq!(which("/training/tests/tst_digital"), Screen::Test);
        assert_eq!(which("/training/attempts/at_1"), Screen::Attempt);
        assert_eq!(which("/me/certificates"), Screen::MyCertificates);
        assert_eq!(which("/certificates"), Screen::Certificate);
        assert_eq!(which("/certificates/ABCD2345"), Screen::Certificate);
    }

    fn rules() -> TestRulesView {
        TestRulesView {
            opens_at: None,
            closes_at: None,
            time_limit_minutes: Some(30),
            max_attempts: Some(2),
            wait_minutes: 60,
            pass_percent: 60,
            question_count: 10,
            task_count: 0,
        }
    }

    #[test]
    fn the_rules_read_in_plain_words() {
        assert_eq!(rules_lines(&rules(), Lang::Zh), ["限时 30 分钟", "可考 2 次", "间隔 1 小时", "及格 60 分", "共 10 题"]);
        let open = TestRulesView { time_limit_minutes: None, max_attempts: None, wait_minutes: 0, ..rules() };
        assert_eq!(rules_lines(&open, Lang::Zh), ["不限时", "次数不限", "及格 60 分", "共 10 题"]);
        let once = TestRulesView { max_attempts: Some(1), ..rules() };
        assert!(!rules_lines(&once, Lang::Zh).iter().any(|l| l.starts_with("间隔")), "no wait with one attempt");
        assert_eq!(rules_lines(&rules(), Lang::En)[0], "30 minutes");
        let practical = TestRulesView { task_count: 1, ..open };
        assert_eq!(rules_lines(&practical, Lang::Zh), ["不限时", "次数不限", "及格 60 分", "共 10 题 · 含 1 道实操题"]);
    }

    #[test]
    fn tests_to_act_on_come_first() {
        let test = |id: &str, state: TestState, passed: bool| TestSummary {
            id: id.into(),
            standing: TestStanding { state, passed, ..TestStanding::default() },
            ..TestSummary::default()
        };
        let mut list = vec![
            test("closed", TestState::Closed, false),
            test("retake", TestState::Available, true),
            test("soon", TestState::NotOpenYet, false),
            test("take", TestState::Available, false),
            test("used", TestState::NoAttemptsLeft, false),
            test("newer", TestState::Unknown, false),
            test("wait", TestState::Waiting, false),
            test("resume", TestState::InProgress, false),
            test("take2", TestState::Available, false),
        ];
        open_first(&mut list);
        let ids: Vec<&str> = list.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["resume", "take", "take2", "wait", "soon", "retake", "used", "closed", "newer"]);
    }

    #[test]
    fn waits_read_in_the_largest_whole_unit() {
        assert_eq!(wait_text(1440, Lang::Zh), "间隔 1 天");
        assert_eq!(wait_text(120, Lang::Zh), "间隔 2 小时");
        assert_eq!(wait_text(90, Lang::Zh), "间隔 90 分钟");
        assert_eq!(wait_text(2880, Lang::En), "2 days between attempts");
    }

    #[test]
    fn the_standing_says_what_the_viewer_may_do() {
        let s = TestStanding { state: TestState::NoAttemptsLeft, best_score: Some(40), ..TestStanding::default() };
        assert_eq!(state_text(&s, &rules(), Lang::Zh), "次数已用完");
        assert_eq!(best_text(&s, Lang::Zh).as_deref(), Some("最高 40 分"));
        let passed = TestStanding { passed: true, best_score: Some(80), ..s };
        assert_eq!(best_text(&passed, Lang::Zh).as_deref(), Some("已通过 · 最高 80 分"));
        assert_eq!(best_text(&TestStanding::default(), Lang::Zh), None);
    }
}
