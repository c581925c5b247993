//! The only file that talks to the network: sends an `idp` request to lockdesk-proxy with gloo-net
//! and hands back the reply whatever its status (classification is `idp::check_status`'s job).
//!
//! It never logs, stores or echoes headers, because they may carry an operator's key.

use gloo_net::http::RequestBuilder;
use idp::http::{HttpRequest, HttpResponse};
use idp::{Error, ErrorKind};
use web_sys::AbortController;

/// Aborts the underlying fetch when dropped, so a page that goes away stops its requests.
struct AbortOnDrop(Option<AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}

/// Sends `req` to the proxy's route for `connection`; the reply keeps the shared headers and the
/// adapter's own (`also`: Link, rate limits…).
pub async fn send(connection: &str, req: HttpRequest, also: &[http::HeaderName]) -> Result<HttpResponse, Error> {
    let (parts, body) = req.into_parts();
    // The adapter's path and query exactly as built (one canonical spelling, which the proxy
    // checks): given to fetch as they are, never re-encoded by a query builder.
    let url = format!("/proxy/{connection}{}", parts.uri.path_and_query().map_or("", |pq| pq.as_str()));
    let guard = AbortOnDrop(AbortController::new().ok());
    let prepare = |e: wasm_bindgen::JsValue| {
        Error::new(ErrorKind::ProxyUnreachable, format!("could not prepare the request: {e:?}"))
    };
    let init = web_sys::RequestInit::new();
    init.set_method(parts.method.as_str());
    let headers = web_sys::Headers::new().map_err(prepare)?;
    for (name, value) in &parts.headers {
        if let Ok(value) = value.to_str() {
            headers.set(name.as_str(), value).map_err(prepare)?;
        }
    }
    init.set_headers(&headers);
    if !body.is_empty() {
        init.set_body(&js_sys::Uint8Array::from(body.as_slice()));
    }
    if let Some(controller) = &guard.0 {
        init.set_signal(Some(&controller.signal()));
    }
    let request = gloo_net::http::Request::from(web_sys::Request::new_with_str_and_init(&url, &init).map_err(prepare)?);
    let reply = request
        .send()
        .await
        .map_err(|e| Error::new(ErrorKind::ProxyUnreachable, format!("lockdesk-proxy could not be reached: {e}")))?;
    let bytes = reply
        .binary()
        .await
        .map_err(|e| Error::new(ErrorKind::ProxyUnreachable, format!("the reply was cut off: {e}")))?;
    let mut response = http::Response::builder().status(reply.status());
    let headers = reply.headers();
    for name in idp::http::READ_HEADERS.iter().chain(also) {
        if let Some(value) = headers.get(name.as_str()) {
            response = response.header(name, value);
        }
    }
    let mut guard = guard;
    guard.0.take(); // the fetch finished: nothing left to abort
    response
        .body(bytes)
        .map_err(|e| Error::new(ErrorKind::Unreadable, format!("the reply's headers could not be read: {e}")))
}

/// Calls the proxy's own API (not a provider): `(status, body, request id)`.
pub async fn call_proxy(
    method: http::Method,
    path: &str,
    json_body: Option<String>,
) -> Result<(u16, Vec<u8>, Option<String>), Error> {
    let builder = RequestBuilder::new(path).method(method);
    let request = match json_body {
        Some(body) => builder.header("content-type", "application/json").body(body),
        None => builder.build(),
    }
    .map_err(|e| Error::new(ErrorKind::ProxyUnreachable, format!("could not prepare the request: {e}")))?;
    let reply = request
        .send()
        .await
        .map_err(|e| Error::new(ErrorKind::ProxyUnreachable, format!("lockdesk-proxy could not be reached: {e}")))?;
    let request_id = reply.headers().get(idp::http::REQUEST_ID_HEADER);
    let bytes = reply
        .binary()
        .await
        .map_err(|e| Error::new(ErrorKind::ProxyUnreachable, format!("the reply was cut off: {e}")))?;
    Ok((reply.status(), bytes, request_id))
}

/// Waits `ms` milliseconds (a browser timer; no network).
pub async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
