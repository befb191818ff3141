//! One file per screen.

pub mod areas;
pub mod article;
pub mod assessments;
pub mod compose;
pub mod deputies;
pub mod event;
pub mod events;
pub mod guide;
pub mod home;
pub mod hub;
pub mod me;
pub mod message;
pub mod messages;
pub mod moderation;
pub mod not_found;
pub mod notifications;
pub mod points;
pub mod polls;
pub mod posters;
pub mod record;
pub mod recipient;
pub mod responsiveness;
pub mod search;
pub mod sign_in;
pub mod topics;
pub mod training;
pub mod training_admin;
pub mod work;

stylance::import_crate_style!(pub page_css, "src/pages/page.module.css");
stylance::import_crate_style!(pub people_css, "src/pages/people.module.css");
