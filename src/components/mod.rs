//! Reusable pieces of the screens.

pub mod account;
pub mod blocks;
pub mod cards;
pub mod download;
pub mod chips;
pub mod comments;
pub mod figures;
pub mod form;
pub mod handling;
pub mod icons;
pub mod install;
pub mod paged_list;
pub mod places;
pub mod qr;
pub mod share;
pub mod shell;
pub mod states;
pub mod viewer;
pub mod village;
