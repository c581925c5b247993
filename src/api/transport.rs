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
    let url = format!("/proxy/{connection}{}", parts.uri.path());
    let mut guard = AbortOnDrop(AbortController::new().ok());
    let signal = guard.0.as_ref().map(|c| c.signal());
    // gloo-net appends its own query with a '&' even when empty, which would make the URL
    // non-canonical (and the proxy refuses non-canonical requests): hand it the pairs instead.
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes()).into_owned().collect();
    let mut builder = RequestBuilder::new(&url)
        .method(parts.method)
        .abort_signal(signal.as_ref())
        .query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    for (name, value) in &parts.headers {
        if let Ok(value) = value.to_str() {
            builder = builder.header(name.as_str(), value);
        }
    }
    let request =
        if body.is_empty() { builder.build() } else { builder.body(js_sys::Uint8Array::from(body.as_slice())) }
            .map_err(|e| Error::new(ErrorKind::ProxyUnreachable, format!("could not prepare the request: {e}")))?;
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
