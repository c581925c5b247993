//! The audit log: what it records (`log`: a `started` line synced to disk before a change is
//! forwarded, a `completed` line with the outcome after), how it is read back for the panel
//! (`read`: newest first across rotated files, with unfinished changes marked), and the admins'
//! API over it (`api`, with `csv` for downloads). It never holds a secret, header or body.

pub mod api;
pub mod csv;
pub mod log;
pub mod read;

pub use log::{AuditLine, AuditLog};
