//! Reading a request body within a size limit and, when there is one, a time limit: a client
//! that sends a body slowly is cut off instead of holding the request open.
//!
//! A request without Content-Length or Transfer-Encoding has no body in HTTP/1.1, so no timer is
//! set for it (a timer per request costs measurable throughput; see bench/proxy). Nothing here
//! looks at what the body says.

use std::time::Duration;

use axum::body::{to_bytes, Body, Bytes};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;

use crate::web::refusal::refuse;

/// A request body must have arrived within this time.
pub const BODY_WITHIN: Duration = Duration::from_secs(10);

/// The body, or the refusal to send: 413 when larger than `limit`, 408 when too slow.
pub async fn read(headers: &HeaderMap, body: Body, limit: usize, too_large: &str) -> Result<Bytes, Response> {
    let has_body = headers.contains_key(header::CONTENT_LENGTH) || headers.contains_key(header::TRANSFER_ENCODING);
    let read = if has_body {
        match tokio::time::timeout(BODY_WITHIN, to_bytes(body, limit)).await {
            Ok(read) => read,
            Err(_) => {
                return Err(refuse(
                    StatusCode::REQUEST_TIMEOUT,
                    "The request body took too long to arrive, so nothing was done.",
                ))
            }
        }
    } else {
        to_bytes(body, limit).await
    };
    read.map_err(|_| refuse(StatusCode::PAYLOAD_TOO_LARGE, too_large))
}
