//! The OAuth client-credentials token cache against a stub token endpoint and a stub API that
//! accepts only the newest token: one exchange for 100 concurrent calls, a new token shortly
//! before expiry, and one refresh (shared) when the provider answers 401.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use lockdesk_proxy::forward::token::{renew_at, ClientAuth, OAuthSettings, TokenCache, MAX_LIFETIME};
use lockdesk_proxy::forward::upstream::BaseUrl;
use proptest::prelude::*;
use secrecy::SecretString;

#[derive(Default)]
struct Issuer {
    issued: AtomicU64,
    valid: Mutex<Option<String>>,
    expires_in: AtomicU64,
    last_form: Mutex<Vec<(String, String)>>,
    last_auth: Mutex<Option<String>>,
}

async fn token(
    State(s): State<Arc<Issuer>>,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Json<serde_json::Value> {
    // A slow endpoint widens the window in which concurrent callers could each start an exchange.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let n = s.issued.fetch_add(1, Ordering::SeqCst) + 1;
    let token = format!("token-{n}");
    *s.valid.lock().unwrap() = Some(token.clone());
    *s.last_form.lock().unwrap() = form;
    *s.last_auth.lock().unwrap() = headers.get("authorization").map(|v| v.to_str().unwrap().to_owned());
    Json(serde_json::json!({
        "access_token": token, "token_type": "Bearer", "expires_in": s.expires_in.load(Ordering::SeqCst)
    }))
}

async fn api(State(s): State<Arc<Issuer>>, headers: HeaderMap) -> StatusCode {
    let sent = headers.get("authorization").and_then(|v| v.to_str().ok()).unwrap_or("");
    match s.valid.lock().unwrap().as_deref() {
        Some(valid) if sent == format!("Bearer {valid}") => StatusCode::OK,
        _ => StatusCode::UNAUTHORIZED,
    }
}

/// Serves `app` on a free loopback port.
async fn serve(app: Router) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn basic() -> ClientAuth {
    ClientAuth::Basic(SecretString::from("client-secret-value"))
}

fn form_post() -> ClientAuth {
    ClientAuth::Post(SecretString::from("client-secret-value"))
}

/// A cache for the token endpoint at `addr`.
fn cache(addr: std::net::SocketAddr, scopes: &[&str], audience: Option<&str>, client_auth: ClientAuth) -> TokenCache {
    TokenCache::new(OAuthSettings {
        token_url: BaseUrl::parse(&format!("http://{addr}/oauth/token")).unwrap(),
        client_id: "lockdesk".into(),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        audience: audience.map(str::to_owned),
        client_auth,
    })
}

async fn setup(expires_in: u64, client_auth: ClientAuth) -> (Arc<Issuer>, Arc<TokenCache>, String) {
    let issuer = Arc::new(Issuer::default());
    issuer.expires_in.store(expires_in, Ordering::SeqCst);
    let addr = serve(
        Router::new().route("/oauth/token", post(token)).route("/api/v2/users/me", get(api)).with_state(issuer.clone()),
    )
    .await;
    let cache = cache(addr, &["users:read", "users:write"], Some("https://tenant.example/api/v2/"), client_auth);
    (issuer, Arc::new(cache), format!("http://{addr}/api/v2/users/me"))
}

/// One API call through the cache; the reply's status.
async fn api_call(cache: &TokenCache, client: &reqwest::Client, url: &str) -> StatusCode {
    let reply = cache
        .send(client, |bearer| client.get(url).header("authorization", bearer).send())
        .await
        .expect("a token")
        .expect("the API answered");
    reply.status()
}

#[tokio::test]
async fn one_exchange_serves_a_hundred_concurrent_calls() {
    let (issuer, cache, url) = setup(3600, basic()).await;
    let client = reqwest::Client::new();
    let calls: Vec<_> = (0..100)
        .map(|_| {
            let (cache, client, url) = (cache.clone(), client.clone(), url.clone());
            tokio::spawn(async move { api_call(&cache, &client, &url).await })
        })
        .collect();
    for c in calls {
        assert_eq!(c.await.unwrap(), StatusCode::OK);
    }
    assert_eq!(issuer.issued.load(Ordering::SeqCst), 1);
    assert_eq!(cache.exchanges(), 1);
    let form = issuer.last_form.lock().unwrap().clone();
    assert!(form.contains(&("grant_type".into(), "client_credentials".into())), "{form:?}");
    assert!(form.contains(&("scope".into(), "users:read users:write".into())), "{form:?}");
    assert!(form.contains(&("audience".into(), "https://tenant.example/api/v2/".into())), "{form:?}");
    assert!(!form.iter().any(|(k, _)| k == "client_secret"), "basic auth keeps the secret out of the form");
    let auth = issuer.last_auth.lock().unwrap().clone().unwrap();
    assert!(auth.starts_with("Basic "), "{auth}");
}

#[tokio::test]
async fn the_secret_goes_in_the_form_when_configured() {
    let (issuer, cache, url) = setup(3600, form_post()).await;
    assert_eq!(api_call(&cache, &reqwest::Client::new(), &url).await, StatusCode::OK);
    let form = issuer.last_form.lock().unwrap().clone();
    assert!(form.contains(&("client_secret".into(), "client-secret-value".into())), "{form:?}");
    assert!(form.contains(&("client_id".into(), "lockdesk".into())), "{form:?}");
}

#[tokio::test]
async fn a_token_is_replaced_shortly_before_it_expires() {
    let (issuer, cache, url) = setup(2, basic()).await;
    let client = reqwest::Client::new();
    assert_eq!(api_call(&cache, &client, &url).await, StatusCode::OK);
    assert_eq!(api_call(&cache, &client, &url).await, StatusCode::OK);
    assert_eq!(issuer.issued.load(Ordering::SeqCst), 1, "reused while fresh");
    // 2 s lifetime: renewed from 1.8 s on (a tenth early), before the provider would refuse it.
    tokio::time::sleep(Duration::from_millis(1850)).await;
    assert_eq!(api_call(&cache, &client, &url).await, StatusCode::OK);
    assert_eq!(issuer.issued.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_401_refreshes_once_for_everyone_and_retries_once() {
    let (issuer, cache, url) = setup(3600, basic()).await;
    let client = reqwest::Client::new();
    assert_eq!(api_call(&cache, &client, &url).await, StatusCode::OK);
    // The provider revokes the token: every caller sees a 401, one refresh follows.
    *issuer.valid.lock().unwrap() = Some("revoked-elsewhere".into());
    issuer.issued.store(1, Ordering::SeqCst);
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let (cache, client, url) = (cache.clone(), client.clone(), url.clone());
            tokio::spawn(async move { api_call(&cache, &client, &url).await })
        })
        .collect();
    for c in calls {
        assert_eq!(c.await.unwrap(), StatusCode::OK, "retried with the new token");
    }
    assert_eq!(issuer.issued.load(Ordering::SeqCst), 2, "one refresh for all twenty 401s");
    // A provider that keeps refusing gets exactly one retry per call, not a loop.
    let hits = Arc::new(AtomicU64::new(0));
    let (h, c) = (hits.clone(), client.clone());
    let reply = cache
        .send(&client, move |_| {
            h.fetch_add(1, Ordering::SeqCst);
            let client = c.clone();
            let url = url.clone();
            async move { client.get(url).header("authorization", "Bearer wrong").send().await }
        })
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reply.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(hits.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_refused_client_is_explained_without_the_secret() {
    let refuse = || async { (StatusCode::UNAUTHORIZED, Json(serde_json::json!({"error": "invalid_client"}))) };
    let addr = serve(Router::new().route("/oauth/token", post(refuse))).await;
    let cache = cache(addr, &[], None, basic());
    let client = reqwest::Client::new();
    let sent = AtomicU64::new(0);
    let err = cache
        .send(&client, |_| {
            sent.fetch_add(1, Ordering::SeqCst);
            client.get(format!("http://{addr}/api")).send()
        })
        .await
        .unwrap_err();
    assert_eq!(sent.load(Ordering::SeqCst), 0, "no provider call without a token");
    assert!(err.0.contains("does not accept the connection's client id and secret"), "{}", err.0);
    assert!(!err.0.contains("client-secret-value"));
}

/// Odd `expires_in` values, and whether a working token must come of them (`None`: the `oauth2`
/// crate may refuse the reply instead, which is fine as long as nothing panics).
const LIFETIMES: [(&str, Option<bool>); 13] = [
    ("18446744073709551615", Some(true)),
    ("9223372036854775807", Some(true)),
    ("31536000000", Some(true)),
    ("0", Some(true)),
    ("null", Some(true)),
    ("missing", Some(true)),
    ("18446744073709551616", None),
    ("1e30", None),
    ("-1", None),
    ("-3600", None),
    ("3600.5", None),
    ("\"3600\"", None),
    ("\"soon\"", None),
];

/// A token endpoint that answers `body` to everyone, beside an API that takes its token.
async fn odd_endpoint(body: String) -> std::net::SocketAddr {
    let reply = move || {
        let body = body.clone();
        async move { ([(header::CONTENT_TYPE, "application/json")], body) }
    };
    let api = |headers: HeaderMap| async move {
        match headers.get("authorization").and_then(|v| v.to_str().ok()) {
            Some("Bearer odd-token") => StatusCode::OK,
            _ => StatusCode::UNAUTHORIZED,
        }
    };
    serve(Router::new().route("/oauth/token", post(reply)).route("/api", get(api))).await
}

#[tokio::test]
async fn no_expires_in_makes_the_proxy_panic() {
    for (lifetime, must_work) in LIFETIMES {
        let body = match lifetime {
            "missing" => r#"{"access_token":"odd-token","token_type":"Bearer"}"#.to_owned(),
            v => format!(r#"{{"access_token":"odd-token","token_type":"Bearer","expires_in":{v}}}"#),
        };
        let addr = odd_endpoint(body).await;
        let cache = Arc::new(cache(addr, &[], None, basic()));
        let client = reqwest::Client::new();
        // Twice: the second call must reuse the token (or fail the same way), never panic.
        for attempt in 1..=2 {
            let (cache, client) = (cache.clone(), client.clone());
            let outcome = tokio::spawn(async move {
                let api = format!("http://{addr}/api");
                cache.send(&client, |bearer| client.get(&api).header("authorization", bearer).send()).await
            })
            .await;
            let outcome = outcome.unwrap_or_else(|e| panic!("expires_in {lifetime}, call {attempt}: panicked: {e}"));
            match outcome {
                Ok(reply) => {
                    assert_eq!(reply.expect("the API answered").status(), StatusCode::OK, "expires_in {lifetime}")
                }
                Err(e) => {
                    assert_ne!(must_work, Some(true), "expires_in {lifetime}: no token: {}", e.0);
                    assert!(e.0.contains("its reply is not an OAuth token response"), "{lifetime}: {}", e.0);
                    assert!(!e.0.contains("client-secret-value") && !e.0.contains("odd-token"), "{}", e.0);
                }
            }
        }
        if must_work == Some(true) {
            assert_eq!(cache.exchanges(), 1, "expires_in {lifetime}: the token was not reused");
        }
    }
}

proptest! {
    /// For any `expires_in` (or none), renewal is scheduled after now, by the cap, and no later
    /// than the token expires.
    #[test]
    fn renewal_is_soon_enough_for_any_lifetime(
        secs in prop_oneof![Just(u64::MAX), Just(0u64), 0u64..200_000, any::<u64>()],
        nanos in prop_oneof![Just(999_999_999u32), Just(0u32), 0u32..1_000_000_000],
        given in any::<bool>(),
    ) {
        let now = Instant::now();
        let expires_in = given.then(|| Duration::new(secs, nanos));
        let at = renew_at(now, expires_in);
        prop_assert!(at > now, "{expires_in:?}: renew at or before now");
        prop_assert!(at <= now + MAX_LIFETIME, "{expires_in:?}: renew after the cap");
        if let Some(lifetime) = expires_in.filter(|d| !d.is_zero()) {
            prop_assert!(at <= now + lifetime.min(MAX_LIFETIME), "{expires_in:?}: renew after expiry");
        }
    }
}
