//! A fresh request id for every request: in the response header, in every log line.
//!
//! Ids sent by clients are ignored and replaced, so nobody can forge or inject log entries.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

/// The id of the request being handled.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Middleware: assigns the id, logs the request line (method, path, status; never headers or bodies).
pub async fn assign(mut req: Request, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().simple().to_string();
    req.headers_mut().remove(idp::http::REQUEST_ID_HEADER);
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let mut resp = next.run(req).await;
    tracing::debug!(request_id = %id, %method, path = %path, status = resp.status().as_u16(), "request");
    if let Ok(value) = HeaderValue::from_str(&id) {
        resp.headers_mut().insert(idp::http::REQUEST_ID_HEADER, value);
    }
    resp
}
