//! One file per screen.

pub mod article;
pub mod deputies;
pub mod event;
pub mod events;
pub mod home;
pub mod me;
pub mod not_found;
pub mod responsiveness;
pub mod search;
pub mod sign_in;

stylance::import_crate_style!(pub page_css, "src/pages/page.module.css");
stylance::import_crate_style!(pub people_css, "src/pages/people.module.css");
