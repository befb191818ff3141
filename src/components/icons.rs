//! Inline SVG icons (decorative: always `aria-hidden`; the control carries the label).

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Home,
    Policy,
    Calendar,
    Person,
    People,
    Chat,
    Search,
    Back,
    Clip,
    Place,
    Clock,
    Refresh,
    Offline,
    Bell,
    Phone,
    Vote,
    Topic,
    Award,
}

impl Icon {
    fn path(self) -> &'static str {
        match self {
            Icon::Home => "M3 11.5 12 4l9 7.5M5.5 9.5V20h5v-6h3v6h5V9.5",
            Icon::Policy => "M6 3h9l4 4v14H6zM14 3v5h5M9 12h7M9 16h7",
            Icon::Calendar => "M4 6h16v14H4zM4 10h16M8 3v5M16 3v5",
            Icon::Person => "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c1-4 4.5-6 8-6s7 2 8 6",
            Icon::People => "M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM2.5 20c.8-3.4 3.4-5 6.5-5s5.7 1.6 6.5 5M16 4.3a3.5 3.5 0 0 1 0 6.4M18 15c1.9.6 3.1 2.4 3.5 5",
            Icon::Chat => "M4 5h16v11H9l-5 4z M8 9.5h8M8 12.5h5",
            Icon::Search => "M10.5 17a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13zM15.5 15.5 21 21",
            Icon::Back => "M15 4 7 12l8 8",
            Icon::Clip => "M8 12.5 14.5 6a3 3 0 0 1 4.2 4.2L10.5 18.5a5 5 0 0 1-7-7L11 4",
            Icon::Place => "M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21zM12 12a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z",
            Icon::Clock => "M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 7v5l3 2",
            Icon::Refresh => "M20 11a8 8 0 1 0-2.3 5.7M20 4v7h-7",
            Icon::Offline => "M2 8.5a15 15 0 0 1 20 0M5.5 12a10 10 0 0 1 13 0M9 15.5a5 5 0 0 1 6 0M12 19h.01M3 3l18 18",
            Icon::Bell => "M6 16V11a6 6 0 0 1 12 0v5l2 2H4zM10 20.5a2 2 0 0 0 4 0",
            Icon::Phone => "M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z",
            Icon::Vote => "M4 13h16v8H4zM8 13V4h8v9M10 8.5l1.5 1.5 3-3",
            Icon::Topic => "M3 4h12v9H8l-4 3v-3H3zM18 8h3v9h-1v3l-4-3h-6v-2",
            Icon::Award => "M12 15a6 6 0 1 0 0-12 6 6 0 0 0 0 12zM8.5 13.8 7 21l5-3 5 3-1.5-7.2",
        }
    }
}

#[component]
pub fn Svg(icon: Icon) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false"
            fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
            <path d=icon.path()></path>
        </svg>
    }
}
