//! One file per screen.

pub mod article;
pub mod compose;
pub mod event;
pub mod events;
pub mod home;
pub mod me;
pub mod message;
pub mod messages;
pub mod not_found;
pub mod search;

stylance::import_crate_style!(pub page_css, "src/pages/page.module.css");
