//! The longest any request may take, end to end: a slow client cannot hold a request open, and a
//! request that runs out of time gets a plain JSON refusal, never an empty reply.
//!
//! Changes never reach this limit: they are answered within `[server] answer_changes_within_secs`
//! (at most 40 s), with "outcome unknown" if need be (see `forward::change`). Reads take at most
//! 5 s of queueing and 30 s of provider call.

use std::time::Duration;

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;

/// Every request is answered within this time.
pub const REQUEST_WITHIN: Duration = Duration::from_secs(45);

/// Middleware: answers 408 with a sentence when a request runs past `REQUEST_WITHIN`.
pub async fn limit(req: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_WITHIN, next.run(req)).await {
        Ok(resp) => resp,
        Err(_) => crate::web::refusal::refuse(
            StatusCode::REQUEST_TIMEOUT,
            "The request took longer than lockdesk-proxy allows (45 seconds).",
        ),
    }
}
