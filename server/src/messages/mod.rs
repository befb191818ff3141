//! Storage of messages and their handling (schema: `migrations/0003_messages.sql`), and the
//! contract views of them for a given viewer. The rules themselves are in
//! [`crate::handling`].
//!
//! * [`rows`](mod@rows): a message as stored ([`MessageRow`]), categories, handlers' names;
//! * [`view`](mod@view): the views of a message for a viewer;
//! * [`list`](mod@list): the lists (mine, board, inbox, triage queue);
//! * [`write`](mod@write): the changes, one function each.

pub mod list;
pub mod rows;
pub mod view;
pub mod write;

pub use list::{cursor_fits, list, summary_of_author, work_summary, ListFilter, ListKind, StatusFilter};
pub use rows::{categories, category_exists, handler_name, load, recipient_name, MessageRow};
pub use view::{excerpt, photo_url, summary, view};
pub use write::{
    add_plan_step, add_reply, add_timeline, hand_over, insert_message, mark_step_done, plan_step,
    rate, reopen, set_status, touch, triage, ActorRec, NewMessageRec,
};
