//! Presentational components: data and callbacks come in through props; none of them calls `api`.
//!
//! Every provider string is rendered as a text node, never as HTML.

pub mod confirm_dialog;
pub mod error_panel;
pub mod notice_bar;
pub mod status_badge;
pub mod user_facts;
pub mod user_table;

pub use confirm_dialog::ConfirmDialog;
pub use error_panel::ErrorPanel;
pub use notice_bar::NoticeBar;
pub use status_badge::StatusBadge;
pub use user_facts::{RawJson, UserFacts};
pub use user_table::UserTable;
