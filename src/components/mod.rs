//! Reusable pieces of the screens.

pub mod blocks;
pub mod cards;
pub mod chips;
pub mod handling;
pub mod icons;
pub mod paged_list;
pub mod shell;
pub mod states;
