//! 履职学堂: training, practice and capability tests for deputies.

pub mod assess;
pub mod quiz;
pub mod rules;
pub mod store;
pub mod assign;
pub mod record;
pub mod self_check;
pub mod sandbox;
pub mod sandbox_store;
