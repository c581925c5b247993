//! lockdesk, the panel: find a person's account in an identity provider, see whether they can sign
//! in, and deactivate, reactivate, sign out or delete them, in plain language.
//!
//! Built to WebAssembly by trunk and served as static files. Every provider call goes through
//! `api`, which uses the `idp` operation table and the proxy; nothing here holds a provider secret
//! beyond an operator's own key kept in memory for the session.

// `idp::Error` is large but rare; see crates/idp/src/lib.rs.
#![allow(clippy::result_large_err)]

pub mod api;
pub mod app;
pub mod components;
pub mod format;
pub mod notice;
pub mod pages;
pub mod state;

pub use app::App;
