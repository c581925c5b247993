//! Reading a request body within a size limit and, when there is one, a time limit: a client
//! that sends a body slowly is cut off instead of holding the request open.
//!
//! A request whose body has already ended (HTTP/1 without Content-Length or Transfer-Encoding,
//! `Content-Length: 0`, an HTTP/2 stream ended with its headers) gets no timer (a timer per request
//! costs measurable throughput; see bench/proxy). Nothing here looks at what the body says.

use std::time::Duration;

use axum::body::{to_bytes, Body, Bytes, HttpBody};
use axum::http::StatusCode;
use axum::response::Response;

use crate::web::refusal::refuse;

/// A request body must have arrived within this time.
pub const BODY_WITHIN: Duration = Duration::from_secs(10);

/// The body, or the refusal to send: 413 when larger than `limit`, 408 when too slow.
pub async fn read(body: Body, limit: usize, too_large: &str) -> Result<Bytes, Response> {
    let read = if !body.is_end_stream() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    /// A body that never sends anything and never ends (a client that stalls after its headers).
    struct Stalled;

    impl HttpBody for Stalled {
        type Data = Bytes;
        type Error = std::convert::Infallible;
        fn poll_frame(
            self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
            Poll::Pending
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_stalled_body_is_cut_off_whatever_the_headers_say() {
        let refused = read(Body::new(Stalled), 1024, "too large").await.unwrap_err();
        assert_eq!(refused.status(), StatusCode::REQUEST_TIMEOUT);
        assert_eq!(read(Body::empty(), 1024, "too large").await.unwrap(), Bytes::new());
        let big = read(Body::from(vec![b'x'; 2048]), 1024, "too large").await.unwrap_err();
        assert_eq!(big.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }
}
