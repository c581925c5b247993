//! Okta through the real proxy and the real Okta simulator (over loopback TCP): the OAuth
//! `private_key_jwt` path end to end, the proxy's own state check before an irreversible step,
//! the per-provider reply headers, and rate limits.

mod support;

use axum::body::Body;
use axum::http::Request;
use lockdesk_proxy::config::Config;
use lockdesk_sandbox::{Sandbox, OKTA_TEST_PRIVATE_KEY_PEM, OKTA_TEST_PUBLIC_KEY_PEM};
use support::*;

const KEY: &str = "okta-proxy-test-key";
const CLIENT: &str = "0oaproxytestclient01";
const KID: &str = "proxy-test-kid";
const ISAAC: &str = "00ub0oNGTSWTBKOLGLNR";
const DEE: &str = "00udee0deprovisioned";

async fn sandbox() -> (Sandbox, std::net::SocketAddr) {
    let sandbox = Sandbox::seeded(1, 20, KEY.into());
    let addr = lockdesk_sandbox::spawn(sandbox.clone(), "127.0.0.1:0".parse().unwrap()).await.unwrap();
    (sandbox, addr)
}

fn config(text: &str, name: &str) -> Config {
    Config::parse(text, &std::env::temp_dir().join(format!("lockdesk-okta-{name}-{}.toml", std::process::id())))
        .unwrap()
}

/// A vault connection `okta` holding the SSWS token.
fn ssws_config(addr: std::net::SocketAddr) -> Config {
    std::env::set_var("LOCKDESK_TEST_OKTA_SSWS", KEY);
    config(
        &format!(
            "[[connection]]\nid = \"okta\"\nlabel = \"Okta\"\nkind = \"okta\"\nbase_url = \"http://{addr}/okta\"\n[connection.credential]\nmode = \"vault\"\napi_key_env = \"LOCKDESK_TEST_OKTA_SSWS\"\n"
        ),
        "ssws",
    )
}

/// A vault connection `okta` with OAuth client credentials signed by the key in `pem`.
fn oauth_config(addr: std::net::SocketAddr, pem: &str, name: &str) -> Config {
    let key_file = std::env::temp_dir().join(format!("lockdesk-okta-{name}-{}.pem", std::process::id()));
    std::fs::write(&key_file, pem).unwrap();
    config(
        &format!(
            "[[connection]]\nid = \"okta\"\nlabel = \"Okta (OAuth)\"\nkind = \"okta\"\nbase_url = \"http://{addr}/okta\"\n[connection.credential]\nmode = \"vault\"\ntoken_url = \"http://{addr}/okta/oauth2/v1/token\"\nclient_id = \"{CLIENT}\"\nclient_auth = \"private_key_jwt\"\nkey_id = \"{KID}\"\nprivate_key_file = \"{}\"\nscopes = [\"okta.users.read\", \"okta.users.manage\"]\n",
            key_file.display()
        ),
        name,
    )
}

#[tokio::test]
async fn a_signed_client_assertion_gets_a_token_that_okta_accepts() {
    let (sandbox, addr) = sandbox().await;
    sandbox.okta_oauth_client(CLIENT, KID, OKTA_TEST_PUBLIC_KEY_PEM).unwrap();
    let app = router(oauth_config(addr, OKTA_TEST_PRIVATE_KEY_PEM, "good"));
    for _ in 0..3 {
        let (status, _, body) = call(&app, get(&format!("/proxy/okta/api/v1/users/{ISAAC}"))).await;
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("isaac.brock@example.com"), "{body}");
    }
    assert_eq!(sandbox.okta_token_exchanges(), 1, "the token is cached");
    let (status, _, body) =
        call(&app, panel_change("POST", &format!("/proxy/okta/api/v1/users/{ISAAC}/lifecycle/suspend"))).await;
    assert_eq!(status, 200, "okta.users.manage lets it change people: {body}");
}

#[tokio::test]
async fn a_token_endpoint_that_refuses_the_key_names_the_connection_not_the_secret() {
    let (sandbox, addr) = sandbox().await;
    sandbox.okta_oauth_client(CLIENT, KID, OKTA_TEST_PUBLIC_KEY_PEM).unwrap();
    let wrong = include_str!("../../sandbox/fixtures/okta-wrong-key.pem");
    let app = router(oauth_config(addr, wrong, "wrong"));
    let (status, headers, body) = call(&app, get(&format!("/proxy/okta/api/v1/users/{ISAAC}"))).await;
    assert_eq!(status, 502, "{body}");
    assert!(headers.contains_key("x-lockdesk-refused"));
    assert!(body.contains("Connection \\\"Okta (OAuth)\\\""), "{body}");
    assert!(body.contains("does not accept"), "{body}");
    assert!(!body.contains("PRIVATE KEY") && !body.contains(&wrong[40..80]), "{body}");
    assert_eq!(sandbox.okta_token_exchanges(), 0);
}

#[tokio::test]
async fn the_proxy_sends_an_irreversible_step_only_to_a_person_its_own_read_allows() {
    let (sandbox, addr) = sandbox().await;
    let app = router(ssws_config(addr));
    // Okta itself would only deactivate Isaac on this DELETE; lockdesk never relies on that.
    let (status, headers, body) =
        call(&app, panel_change("DELETE", &format!("/proxy/okta/api/v1/users/{ISAAC}?sendEmail=false"))).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(headers["x-lockdesk-refused"], "state");
    assert!(body.contains("does not allow \\\"Delete permanently\\\" for a person who is Active (ACTIVE)"), "{body}");
    let (_, _, isaac) = call(&app, get(&format!("/proxy/okta/api/v1/users/{ISAAC}"))).await;
    assert!(isaac.contains("\"status\":\"ACTIVE\""), "nothing changed: {isaac}");
    let okta = idp::adapter(idp::ProviderKind::Okta, &Default::default()).unwrap();
    let refusal =
        http::Response::builder().status(409).header("x-lockdesk-refused", "state").body(body.into_bytes()).unwrap();
    assert_eq!(idp::check_status(okta.as_ref(), &refusal).unwrap_err().kind, idp::ErrorKind::NotAllowedInState);
    // A deactivated person is deleted.
    let before = sandbox.okta_user_count();
    let (status, _, body) =
        call(&app, panel_change("DELETE", &format!("/proxy/okta/api/v1/users/{DEE}?sendEmail=false"))).await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(sandbox.okta_user_count(), before - 1);
}

#[tokio::test]
async fn only_the_headers_the_adapter_reads_come_back_and_a_real_429_carries_its_reset() {
    let (_sandbox, addr) = sandbox().await;
    let app = router(ssws_config(addr));
    let search = "/proxy/okta/api/v1/users?search=profile.firstName%20sw%20%22a%22%20or%20profile.lastName%20sw%20%22a%22%20or%20profile.login%20sw%20%22a%22%20or%20profile.email%20sw%20%22a%22&limit=2";
    let (status, headers, body) = call(&app, get(search)).await;
    assert_eq!(status, 200, "{body}");
    let links: Vec<&str> = headers.get_all("link").iter().map(|v| v.to_str().unwrap()).collect();
    assert!(links.iter().any(|l| l.contains("rel=\"next\"")), "every Link header comes back: {headers:?}");
    assert!(links.iter().all(|l| l.starts_with("</okta/api/v1/users?")), "without the provider's address: {links:?}");
    for name in ["x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset", "content-type"] {
        assert!(headers.contains_key(name), "{name} missing: {headers:?}");
    }
    assert!(!headers.contains_key("set-cookie"));
    let faults = Request::builder()
        .method("PUT")
        .uri(format!("http://{addr}/_sandbox/faults/okta"))
        .header("content-type", "application/json")
        .body(r#"{"rate_limit_per_minute": 2}"#.to_string())
        .unwrap();
    let client = reqwest::Client::new();
    let reply = client.execute(reqwest::Request::try_from(faults).unwrap()).await.unwrap();
    assert!(reply.status().is_success());
    let mut last = (axum::http::StatusCode::OK, axum::http::HeaderMap::new(), String::new());
    for _ in 0..3 {
        last = call(
            &app,
            Request::builder().uri(format!("/proxy/okta/api/v1/users/{ISAAC}")).body(Body::empty()).unwrap(),
        )
        .await;
    }
    let (status, headers, body) = last;
    assert_eq!(status, 429, "{body}");
    let okta = idp::adapter(idp::ProviderKind::Okta, &Default::default()).unwrap();
    let mut reply = http::Response::builder().status(429);
    for (k, v) in &headers {
        reply = reply.header(k, v);
    }
    let err = idp::check_status(okta.as_ref(), &reply.body(body.into_bytes()).unwrap()).unwrap_err();
    assert_eq!(err.kind, idp::ErrorKind::RateLimited);
    let reset: u64 = headers["x-rate-limit-reset"].to_str().unwrap().parse().unwrap();
    assert_eq!(err.retry_at_epoch_s, Some(reset), "the wait comes from X-Rate-Limit-Reset");
}

#[tokio::test]
async fn an_activation_link_is_shown_once_and_never_kept_for_a_retry() {
    const STELLA: &str = "00ustella0staged0001";
    let (_sandbox, addr) = sandbox().await;
    let (_, state) = keyed::files("okta-link");
    let mut cfg = ssws_config(addr);
    cfg.state = Some(lockdesk_proxy::config::StateSettings { path: state.clone() });
    let app = router(cfg);
    let adapter = idp::adapter(idp::ProviderKind::Okta, &idp::Settings::default()).unwrap();
    let activate = idp::Operation::Change(idp::Change::new(idp::Action::Activate, idp::UserId::parse(STELLA).unwrap()));
    let key = [("idempotency-key", "step-stella-0001")];
    let (status, _, reading) = provider::send_with(&app, "okta", adapter.as_ref(), &activate, &key).await;
    let Ok(idp::Reply::ActivationLink(link)) = reading else { panic!("{status} {reading:?}") };
    let (status, headers, reading) = provider::send_with(&app, "okta", adapter.as_ref(), &activate, &key).await;
    assert_eq!((status, headers["x-lockdesk-replayed"].to_str().unwrap()), (202, "1"), "not sent again");
    assert_eq!(reading.unwrap_err().kind, idp::ErrorKind::OutcomeUnknown, "told it was made, without the link");
    for file in ["state.sqlite", "state.sqlite-wal"] {
        let bytes = std::fs::read(state.with_file_name(file)).unwrap_or_default();
        assert!(!bytes.windows(link.len()).any(|w| w == link.as_bytes()), "the link is in {file}");
    }
}
