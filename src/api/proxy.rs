//! The proxy's own API as the panel uses it: who is signed in, signing in and out, and the list of
//! connections. No provider call goes through here.

use idp::{Error, ErrorKind};

use super::{transport, ConnectionInfo, SessionInfo};

pub(super) fn proxy_error(status: u16, body: &[u8], request_id: Option<String>) -> Error {
    let message = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned));
    let kind = match status {
        401 => ErrorKind::Unauthorized,
        429 => ErrorKind::RateLimited,
        _ => ErrorKind::ProxyRefused,
    };
    Error {
        status: Some(status),
        request_id,
        messages: message.into_iter().collect(),
        ..Error::new(kind, format!("lockdesk-proxy answered HTTP {status}"))
    }
}

/// The operator's session.
pub async fn get_session() -> Result<SessionInfo, Error> {
    let (status, body, request_id) = transport::call_proxy(http::Method::GET, "/api/session", None).await?;
    if status != 200 {
        return Err(proxy_error(status, &body, request_id));
    }
    serde_json::from_slice(&body)
        .map_err(|e| Error::new(ErrorKind::Unreadable, format!("the session could not be read: {e}")))
}

/// Signs in to the proxy with an operator account.
pub async fn sign_in(name: &str, password: &str) -> Result<(), Error> {
    #[derive(serde::Serialize)]
    struct Credentials<'a> {
        name: &'a str,
        password: &'a str,
    }
    let body = serde_json::to_string(&Credentials { name, password })
        .map_err(|e| Error::new(ErrorKind::Unexpected, format!("could not write the sign-in request: {e}")))?;
    let (status, reply, request_id) = transport::call_proxy(http::Method::POST, "/api/session", Some(body)).await?;
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(proxy_error(status, &reply, request_id))
    }
}

/// Signs out of the proxy.
pub async fn sign_out() -> Result<(), Error> {
    let (status, reply, request_id) = transport::call_proxy(http::Method::DELETE, "/api/session", None).await?;
    if (200..300).contains(&status) {
        Ok(())
    } else {
        Err(proxy_error(status, &reply, request_id))
    }
}

/// The connections the proxy offers.
pub async fn list_connections() -> Result<Vec<ConnectionInfo>, Error> {
    let (status, body, request_id) = transport::call_proxy(http::Method::GET, "/api/connections", None).await?;
    let fail = |kind: ErrorKind, detail: String| Error {
        status: Some(status),
        request_id: request_id.clone(),
        ..Error::new(kind, detail)
    };
    if status != 200 {
        return Err(fail(
            ErrorKind::ProxyRefused,
            format!("lockdesk-proxy answered HTTP {status} for its connection list"),
        ));
    }
    serde_json::from_slice(&body)
        .map_err(|e| fail(ErrorKind::Unreadable, format!("the connection list could not be read: {e}")))
}
