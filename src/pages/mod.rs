//! One file per screen.

pub mod article;
pub mod event;
pub mod events;
pub mod home;
pub mod me;
pub mod not_found;
pub mod search;
pub mod work;

stylance::import_crate_style!(pub page_css, "src/pages/page.module.css");
