//! The proxy in-process against a stub upstream: what is forwarded, how, and what never is.

mod support;

use axum::body::Body;
use axum::http::Request;
use support::*;

const TERRY: &str = "4e0f2af0-33a2-4001-8631-0f8225e65f1c";

#[tokio::test]
async fn connections_are_listed_without_secrets() {
    let stub = stub(ok_user).await;
    let (status, _, body) = call(&router(config(stub.addr)), get("/api/connections")).await;
    assert_eq!(status, 200);
    let list: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(list[0]["id"], "fa");
    assert_eq!(list[0]["kind"], "fusionauth");
    assert_eq!(list[0]["credential_mode"], "vault");
    assert_eq!(list[1]["credential_mode"], "operator");
    assert!(!body.contains("vault-secret-key") && !body.contains(&stub.addr.to_string()), "{body}");
}

#[tokio::test]
async fn a_known_operation_is_rebuilt_and_sent_with_the_vault_key() {
    let stub = stub(ok_user).await;
    let req = Request::builder()
        .uri(format!("/proxy/fa/api/user/{TERRY}"))
        .header("authorization", "browser-supplied")
        .header("cookie", "session=1")
        .header("x-forwarded-for", "10.0.0.1")
        .header("x-request-id", "forged")
        .body(Body::empty())
        .unwrap();
    let (status, headers, body) = call(&router(config(stub.addr)), req).await;
    assert_eq!(status, 200, "{body}");
    let seen = stub.last();
    assert_eq!((seen.method.as_str(), seen.uri.as_str()), ("GET", format!("/api/user/{TERRY}").as_str()));
    assert_eq!(seen.header("authorization"), Some("vault-secret-key"), "vault key replaces the browser's");
    assert_eq!(seen.header("cookie"), None);
    assert_eq!(seen.header("x-forwarded-for"), None);
    assert_eq!(seen.header("x-request-id"), None);
    assert!(body.contains(TERRY));
    assert_eq!(headers["content-type"], "application/json");
    assert!(headers.get("set-cookie").is_none(), "Set-Cookie must not pass back");
    assert!(headers.get("x-internal-secret").is_none());
    let id = headers["x-request-id"].to_str().unwrap();
    assert_ne!(id, "forged");
    assert_eq!(id.len(), 32);
}

#[tokio::test]
async fn unknown_requests_are_refused_and_never_forwarded() {
    let stub = stub(ok_user).await;
    let app = router(config(stub.addr));
    let refused = [
        ("GET", "/proxy/fa/api/api-key".to_string(), ""),
        ("GET", "/proxy/fa/api/user/not-a-uuid".to_string(), ""),
        ("DELETE", format!("/proxy/fa/api/user/{TERRY}?hardDelete=false"), ""),
        ("PATCH", format!("/proxy/fa/api/user/{TERRY}"), "{}"),
        ("GET", "/proxy/fa/api/user/search?queryString=*".to_string(), ""),
        ("POST", "/proxy/fa/api/user/search".to_string(), r#"{"search":{"query":"{}"}}"#),
        ("GET", "/proxy/fa/https://169.254.169.254/latest/meta-data".to_string(), ""),
        ("GET", format!("/proxy/fa/api/user/{TERRY}/../../api-key"), ""),
        ("GET", "/proxy/fa/api/user?email=terry@example.com".to_string(), ""),
    ];
    for (method, uri, body) in refused {
        let req = Request::builder().method(method).uri(&uri).body(Body::from(body)).unwrap();
        let (status, headers, text) = call(&app, req).await;
        assert_eq!(status, 403, "{method} {uri}: {text}");
        assert_eq!(headers["x-lockdesk-refused"], "1");
        assert!(text.contains("forwards only the operations lockdesk knows"), "{text}");
    }
    assert_eq!(stub.count(), 0, "a refused request reached the upstream");
}

#[tokio::test]
async fn unknown_connections_are_404() {
    let stub = stub(ok_user).await;
    let (status, headers, _) = call(&router(config(stub.addr)), get(&format!("/proxy/nope/api/user/{TERRY}"))).await;
    assert_eq!(status, 404);
    assert_eq!(headers["x-lockdesk-refused"], "1");
    assert_eq!(stub.count(), 0);
}

#[tokio::test]
async fn operator_mode_needs_and_forwards_the_operators_key() {
    let stub = stub(ok_user).await;
    let app = router(config(stub.addr));
    let (status, _, text) = call(&app, get(&format!("/proxy/fa-op/api/user/{TERRY}"))).await;
    assert_eq!(status, 401, "{text}");
    assert_eq!(stub.count(), 0);
    let req = Request::builder()
        .uri(format!("/proxy/fa-op/api/user/{TERRY}"))
        .header("authorization", "operator-typed-key")
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&app, req).await.0, 200);
    assert_eq!(stub.last().header("authorization"), Some("operator-typed-key"));
}

#[tokio::test]
async fn foreign_origins_are_refused_and_listed_ones_get_cors() {
    let stub = stub(ok_user).await;
    let app = router(config(stub.addr));
    let from = |origin: &str| {
        Request::builder()
            .uri(format!("/proxy/fa/api/user/{TERRY}"))
            .header("origin", origin)
            .header("sec-fetch-site", "cross-site")
            .body(Body::empty())
            .unwrap()
    };
    let (status, headers, _) = call(&app, from("https://evil.example")).await;
    assert_eq!(status, 403);
    assert!(headers.get("access-control-allow-origin").is_none());
    assert_eq!(stub.count(), 0);
    let (status, headers, _) = call(&app, from("https://intranet.example.com")).await;
    assert_eq!(status, 200);
    assert_eq!(headers["access-control-allow-origin"], "https://intranet.example.com");
    let preflight = Request::builder()
        .method("OPTIONS")
        .uri(format!("/proxy/fa/api/user/{TERRY}"))
        .header("origin", "https://intranet.example.com")
        .header("access-control-request-method", "DELETE")
        .body(Body::empty())
        .unwrap();
    let (status, headers, _) = call(&app, preflight).await;
    assert!(status.is_success(), "{status}");
    assert!(headers["access-control-allow-methods"].to_str().unwrap().contains("DELETE"));
    assert_eq!(stub.count(), 1, "the preflight was answered by the proxy itself");
}

#[tokio::test]
async fn an_unreachable_provider_is_a_502_with_a_request_id() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = listener.local_addr().unwrap();
    drop(listener);
    let (status, headers, body) = call(&router(config(dead)), get(&format!("/proxy/fa/api/user/{TERRY}"))).await;
    assert_eq!(status, 502, "{body}");
    assert_eq!(headers["x-lockdesk-refused"], "1");
    assert!(headers.contains_key("x-request-id"));
    assert!(body.contains("could not reach the provider"));
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let stub = stub(ok_user).await;
    let big = vec![b'x'; lockdesk_proxy::forward::MAX_REQUEST_BODY + 1];
    let req = Request::builder().method("POST").uri("/proxy/fa/api/user/search").body(Body::from(big)).unwrap();
    let (status, _, _) = call(&router(config(stub.addr)), req).await;
    assert_eq!(status, 413);
    assert_eq!(stub.count(), 0);
}

#[tokio::test]
async fn security_headers_are_set() {
    let stub = stub(ok_user).await;
    let (_, headers, _) = call(&router(config(stub.addr)), get("/api/connections")).await;
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert!(headers["content-security-policy"].to_str().unwrap().starts_with("default-src 'none'"));
}

#[tokio::test]
async fn the_panel_is_served_with_a_csp_naming_its_own_loader_by_hash() {
    let stub = stub(ok_user).await;
    let dist = std::env::temp_dir().join(format!("lockdesk-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dist).unwrap();
    let loader = "import init from '/lockdesk-1.js';await init({ module_or_path: '/lockdesk-1_bg.wasm' });";
    std::fs::write(
        dist.join("index.html"),
        format!("<html><head><script type=\"module\">{loader}</script></head></html>"),
    )
    .unwrap();
    let cfg = config(stub.addr);
    let client =
        lockdesk_proxy::forward::upstream::client(&cfg, lockdesk_proxy::forward::resolver::system_lookup()).unwrap();
    let app = lockdesk_proxy::app(cfg, client, Some(dist)).unwrap();
    let (status, headers, body) = call(&app, get("/c/fa/users")).await;
    assert_eq!(status, 200);
    assert!(body.contains(loader), "deep links get index.html");
    let csp = headers["content-security-policy"].to_str().unwrap();
    // sha256 of the loader above, computed independently (printf '%s' … | openssl dgst -sha256 -binary | base64).
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-6QLAFrhqV0i41pH63G1Ft6TrpU6eAM/gDEa34NQJS2E=';"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
}

#[tokio::test]
async fn changes_are_audited_before_and_after() {
    let stub = stub(ok_user).await;
    let path = audit_path("fwd-audit");
    let mut cfg = config(stub.addr);
    cfg.audit = Some(lockdesk_proxy::config::AuditSettings::at(path.clone()));
    let app = router(cfg);
    call(&app, get(&format!("/proxy/fa/api/user/{TERRY}"))).await;
    let req = panel_change("DELETE", &format!("/proxy/fa/api/user/{TERRY}"));
    let (status, headers, _) = call(&app, req).await;
    assert_eq!(status, 200);
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "reads are not audited; the change has two stages: {text}");
    assert_eq!(lines[0]["stage"], "started");
    assert_eq!(lines[1]["stage"], "completed");
    assert_eq!(lines[1]["outcome"], "allowed");
    assert_eq!(lines[1]["operation"], "deactivate_user");
    assert_eq!(lines[1]["target_user_id"], TERRY);
    assert_eq!(lines[1]["upstream_status"], 200);
    assert_eq!((lines[1]["state_before"].as_str(), lines[1]["state_after"].as_str()), (Some("Active"), Some("Active")));
    assert_eq!(stub.count(), 4, "the read, then the change between two reads for the audit line");
    assert_eq!(lines[1]["request_id"], headers["x-request-id"].to_str().unwrap());
    assert!(!text.contains("vault-secret-key"));
}

#[tokio::test]
async fn a_change_that_cannot_be_audited_is_not_made() {
    let stub = stub(ok_user).await;
    let mut cfg = config(stub.addr);
    cfg.audit = Some(lockdesk_proxy::config::AuditSettings::at("/dev/full".into()));
    let req = panel_change("DELETE", &format!("/proxy/fa/api/user/{TERRY}"));
    let (status, _, body) = call(&router(cfg), req).await;
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("audit log"));
    assert_eq!(stub.count(), 0, "the change was forwarded without an audit record");
}

#[tokio::test]
async fn changes_without_proof_of_origin_are_refused() {
    let stub = stub(ok_user).await;
    let req =
        Request::builder().method("DELETE").uri(format!("/proxy/fa/api/user/{TERRY}")).body(Body::empty()).unwrap();
    let (status, _, body) = call(&router(config(stub.addr)), req).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("must come from the lockdesk panel"));
    assert_eq!(stub.count(), 0);
}

/// Sends `raw` bytes to a real listener serving the router and returns the status line.
async fn raw_http(app: axum::Router, raw: &'static [u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        axum::serve(listener, app.into_make_service_with_connect_info::<std::net::SocketAddr>()).await.unwrap()
    });
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    socket.write_all(raw).await.unwrap();
    let mut reply = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), socket.read_to_end(&mut reply)).await;
    server.abort();
    String::from_utf8_lossy(&reply).lines().next().unwrap_or("").to_owned()
}

#[tokio::test]
async fn a_request_without_host_is_400_and_never_forwarded() {
    let stub = stub(ok_user).await;
    let app = router(config(stub.addr));
    let (status, headers, body) = call_as_sent(&app, get(&format!("/proxy/fa/api/user/{TERRY}"))).await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(headers["x-lockdesk-refused"], "1");
    assert!(body.contains("Host"), "{body}");
    for raw in [
        b"GET /proxy/fa/api/user/4e0f2af0-33a2-4001-8631-0f8225e65f1c HTTP/1.0\r\n\r\n".as_slice(),
        b"GET /proxy/fa/api/user/4e0f2af0-33a2-4001-8631-0f8225e65f1c HTTP/1.1\r\nConnection: close\r\n\r\n",
        b"GET /api/connections HTTP/1.0\r\n\r\n",
    ] {
        let line = raw_http(app.clone(), raw).await;
        assert!(line.contains(" 400 "), "{}: {line}", String::from_utf8_lossy(raw));
    }
    assert_eq!(stub.count(), 0, "nothing without a Host reached the provider");
    let line = raw_http(
        app.clone(),
        b"GET /proxy/fa/api/user/4e0f2af0-33a2-4001-8631-0f8225e65f1c HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(line.contains(" 200 "), "with a Host it is forwarded: {line}");
    let line = raw_http(
        app.clone(),
        b"GET http://evil.example/api/connections HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(line.contains(" 421 "), "an absolute-form target's host is the one checked: {line}");
}
