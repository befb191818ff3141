//! 使用指南 (`/guide`): how to use the app, for citizens — many of them elderly — in five parts
//! (reading, finding one's deputy, writing a message, following it, larger text), each with a
//! small picture, two to four numbered steps in plain words and the button that goes to do it.
//! Reached from 我的 and from 首页's first-visit card (`pages::hub`).
//!
//! The steps say what the screens really do (compose, the message page's five milestones, 追问,
//! rating, the bell); change them with those screens. The pictures are drawn here as a few SVG
//! paths each (no files to fetch, and they take the colours of 长辈模式); they are decorative —
//! the heading beside each says what it is about.

use leptos::prelude::*;

use crate::components::form::focus;
use crate::components::shell::TopBar;
use crate::i18n::{t, Key};

stylance::import_crate_style!(css, "src/pages/guide.module.css");

/// How a path of a picture is drawn (a class of guide.module.css).
#[derive(Clone, Copy)]
enum Ink {
    /// A shape filled with the soft primary colour, outlined.
    Soft,
    /// A line in the text colour.
    Line,
    /// A line in the primary colour.
    Accent,
    /// A shape filled with the primary colour.
    Solid,
}

impl Ink {
    fn class(self) -> &'static str {
        match self {
            Ink::Soft => css::soft,
            Ink::Line => css::line,
            Ink::Accent => css::accent,
            Ink::Solid => css::solid,
        }
    }
}

/// One part of the guide.
struct Part {
    /// The section's id (the contents link to it).
    id: &'static str,
    title: Key,
    steps: &'static [Key],
    /// The picture: paths on a 120 × 80 grid.
    art: &'static [(Ink, &'static str)],
    /// Where its button goes, and what it says.
    go: &'static str,
    go_label: Key,
}

const PARTS: [Part; 5] = [
    Part {
        id: "guide-read",
        title: Key::GuideReadTitle,
        steps: &[Key::GuideRead1, Key::GuideRead2, Key::GuideRead3],
        // A phone showing a list of news.
        art: &[
            (Ink::Soft, "M47 4h26a7 7 0 0 1 7 7v58a7 7 0 0 1-7 7H47a7 7 0 0 1-7-7V11a7 7 0 0 1 7-7z"),
            (Ink::Solid, "M46 16h10v9H46zM46 31h10v9H46zM46 46h10v9H46z"),
            (Ink::Line, "M61 18h12M61 23h8M61 33h12M61 38h8M61 48h12M61 53h8M55 67h10"),
        ],
        go: "/",
        go_label: Key::GuideReadGo,
    },
    Part {
        id: "guide-deputy",
        title: Key::GuideDeputyTitle,
        steps: &[Key::GuideDeputy1, Key::GuideDeputy2, Key::GuideDeputy3, Key::GuideDeputy4],
        // A person beside a QR code.
        art: &[
            (Ink::Soft, "M14 74c1-15 9-24 20-24s19 9 20 24zM34 44a11 11 0 1 0 0-22 11 11 0 0 0 0 22z"),
            (Ink::Soft, "M64 14h42v42H64z"),
            (Ink::Solid, "M69 19h10v10H69zM91 19h10v10H91zM69 41h10v10H69zM84 33h5v5h-5zM91 40h5v5h-5zM84 46h5v5h-5zM96 46h5v5h-5zM84 21h4v4h-4z"),
            (Ink::Accent, "M68 66h34"),
        ],
        go: "/deputies",
        go_label: Key::GuideDeputyGo,
    },
    Part {
        id: "guide-write",
        title: Key::GuideWriteTitle,
        steps: &[Key::GuideWrite1, Key::GuideWrite2, Key::GuideWrite3, Key::GuideWrite4],
        // A message bubble.
        art: &[
            (Ink::Soft, "M22 10h76a8 8 0 0 1 8 8v32a8 8 0 0 1-8 8H54L36 72V58H22a8 8 0 0 1-8-8V18a8 8 0 0 1 8-8z"),
            (Ink::Line, "M30 25h60M30 34h60M30 43h34"),
        ],
        go: "/messages/new?choose=1",
        go_label: Key::GuideWriteGo,
    },
    Part {
        id: "guide-follow",
        title: Key::GuideFollowTitle,
        steps: &[Key::GuideFollow1, Key::GuideFollow2, Key::GuideFollow3, Key::GuideFollow4],
        // The five milestones: three done, two ahead.
        art: &[
            (Ink::Line, "M16 40h88"),
            (Ink::Solid, "M16 48a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM38 48a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM60 48a8 8 0 1 0 0-16 8 8 0 0 0 0 16z"),
            (Ink::Soft, "M82 48a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM104 48a8 8 0 1 0 0-16 8 8 0 0 0 0 16z"),
            (Ink::Accent, "M54 18l6 6 10-12M12 62h8M34 62h8M56 62h8M78 62h8M100 62h8"),
        ],
        go: "/messages",
        go_label: Key::GuideFollowGo,
    },
    Part {
        id: "guide-text",
        title: Key::GuideTextTitle,
        steps: &[Key::GuideText1, Key::GuideText2, Key::GuideText3],
        // A small A and a large A.
        art: &[
            (Ink::Soft, "M12 8h96a8 8 0 0 1 8 8v48a8 8 0 0 1-8 8H12a8 8 0 0 1-8-8V16a8 8 0 0 1 8-8z"),
            (Ink::Line, "M20 60l11-28 11 28M24 51h14"),
            (Ink::Accent, "M54 64l20-50 20 50M61 47h26"),
        ],
        go: "/me#display",
        go_label: Key::GuideTextGo,
    },
];

#[component]
pub fn Guide() -> impl IntoView {
    let title = t(Key::GuideTitle);
    view! {
        <TopBar title=Signal::derive(move || title().to_string()) back_to="/me"/>
        <div class=css::guide>
            <p class=css::intro>{t(Key::GuideIntro)}</p>
            <nav class=css::contents aria-labelledby="guide-contents">
                <h2 id="guide-contents">{t(Key::GuideContents)}</h2>
                <ol>
                    {PARTS.iter().map(|p| {
                        let heading = format!("{}-title", p.id);
                        // The router scrolls to the part; the focus follows (so that the next
                        // Tab, or a screen reader, goes on from there).
                        view! {
                            <li><a href=format!("#{}", p.id) on:click=move |_| {
                                let heading = heading.clone();
                                request_animation_frame(move || focus(&heading))
                            }>{t(p.title)}</a></li>
                        }
                    }).collect_view()}
                </ol>
            </nav>
            {PARTS.iter().map(|p| view! { <GuidePart part=p/> }).collect_view()}
            <p class=css::help>{t(Key::GuideHelp)}</p>
        </div>
    }
}

#[component]
fn GuidePart(part: &'static Part) -> impl IntoView {
    let heading = format!("{}-title", part.id);
    let labelled_by = heading.clone();
    view! {
        <section class=css::part id=part.id aria-labelledby=labelled_by>
            <div class=css::head>
                <svg class=css::art viewBox="0 0 120 80" aria-hidden="true" focusable="false">
                    {part.art.iter().map(|(ink, d)| view! { <path class=ink.class() d=*d></path> }).collect_view()}
                </svg>
                <h2 id=heading tabindex="-1">{t(part.title)}</h2>
            </div>
            // (role: a list styled without markers stays a list for VoiceOver)
            <ol class=css::steps role="list">
                {part.steps.iter().map(|s| view! { <li><span>{t(*s)}</span></li> }).collect_view()}
            </ol>
            <a class="btn btn-primary" href=crate::paths::to(&part.go)>{t(part.go_label)}</a>
        </section>
    }
}
