//! Genesys Cloud through the real proxy and the real Genesys simulator (over loopback TCP): OAuth
//! client credentials at the region's login host, the version check (a stale version is the
//! provider's 409, never retried), soft delete read back with `state=deleted` and restored,
//! token revocation, permissions per division, and the reply headers Genesys adds.

mod support;

use axum::body::Body;
use axum::http::Request;
use lockdesk_proxy::config::{AuditSettings, Config};
use lockdesk_sandbox::{Sandbox, GENESYS_SANDBOX_CLIENT_ID};
use support::*;

const KEY: &str = "genesys-proxy-test-secret";
const JOHN: &str = "12345678-1234-1234-1234-123456789abc";
const SAM: &str = "66666666-6666-4666-8666-666666666666";

async fn sandbox() -> (Sandbox, std::net::SocketAddr) {
    let sandbox = Sandbox::seeded(1, 20, KEY.into());
    let addr = lockdesk_sandbox::spawn(sandbox.clone(), "127.0.0.1:0".parse().unwrap()).await.unwrap();
    (sandbox, addr)
}

/// A vault connection `genesys` with the OAuth client whose secret is `secret_env`'s value.
fn oauth_config(addr: std::net::SocketAddr, secret_env: &str, name: &str) -> (Config, std::path::PathBuf) {
    let text = format!(
        "[[connection]]\nid = \"genesys\"\nlabel = \"Genesys Cloud (test)\"\nkind = \"genesys\"\nbase_url = \"http://{addr}/genesys\"\n[connection.credential]\nmode = \"vault\"\ntoken_url = \"http://{addr}/genesys/oauth/token\"\nclient_id = \"{GENESYS_SANDBOX_CLIENT_ID}\"\nclient_secret_env = \"{secret_env}\"\n"
    );
    let path = std::env::temp_dir().join(format!("lockdesk-genesys-{name}-{}.toml", std::process::id()));
    let mut config = Config::parse(&text, &path).unwrap();
    let audit = audit_path(&format!("genesys-{name}"));
    config.audit = Some(AuditSettings::at(audit.clone()));
    (config, audit)
}

fn good(addr: std::net::SocketAddr, name: &str) -> (axum::Router, std::path::PathBuf) {
    std::env::set_var("LOCKDESK_TEST_GENESYS_SECRET", KEY);
    let (config, audit) = oauth_config(addr, "LOCKDESK_TEST_GENESYS_SECRET", name);
    (router(config), audit)
}

fn with_body(method: &str, uri: &str, body: &str) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header("sec-fetch-site", "same-origin")
        .header("content-type", "application/json")
        .body(Body::from(body.to_owned()))
        .unwrap()
}

fn state_patch(id: &str, state: &str, version: u64) -> Request<Body> {
    with_body(
        "PATCH",
        &format!("/proxy/genesys/api/v2/users/{id}"),
        &format!(r#"{{"state":"{state}","version":{version}}}"#),
    )
}

fn audit_lines(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path).unwrap_or_default().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[tokio::test]
async fn client_credentials_get_a_token_and_a_refused_client_names_the_connection_only() {
    let (sandbox, addr) = sandbox().await;
    let (app, _) = good(addr, "token");
    for _ in 0..3 {
        let (status, headers, body) = call(&app, get(&format!("/proxy/genesys/api/v2/users/{JOHN}"))).await;
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("john.doe@example.com"), "{body}");
        assert!(headers.contains_key("inin-correlation-id"), "Genesys's correlation id comes back: {headers:?}");
    }
    // The client secret is also the sandbox's key: only the issued token may have let them in.
    assert_eq!(sandbox.genesys_bearer_uses(), (0, 3), "the proxy sends the token it was issued");
    std::env::set_var("LOCKDESK_TEST_GENESYS_WRONG", "not-the-secret-4711");
    let (config, _) = oauth_config(addr, "LOCKDESK_TEST_GENESYS_WRONG", "wrong");
    let (status, headers, body) = call(&router(config), get(&format!("/proxy/genesys/api/v2/users/{JOHN}"))).await;
    assert_eq!(status, 502, "{body}");
    assert!(headers.contains_key("x-lockdesk-refused"));
    assert!(body.contains("Genesys Cloud (test)"), "{body}");
    assert!(!body.contains("not-the-secret-4711"), "{body}");
}

#[tokio::test]
async fn a_stale_version_is_genesys_s_409_and_changes_nothing() {
    let (sandbox, addr) = sandbox().await;
    let (app, audit) = good(addr, "conflict");
    assert_eq!(sandbox.genesys_state(JOHN), Some(("active".into(), 3)));
    // Somebody edits John after the panel read version 3.
    assert!(sandbox.genesys_edit(JOHN));
    let (status, headers, body) = call(&app, state_patch(JOHN, "inactive", 3)).await;
    assert_eq!(status, 409, "{body}");
    assert!(!headers.contains_key("x-lockdesk-refused"), "Genesys's own refusal, passed back");
    assert!(body.contains("general.conflict"), "{body}");
    let genesys = idp::adapter(idp::ProviderKind::Genesys, &Default::default()).unwrap();
    let reply = http::Response::builder().status(409).body(body.into_bytes()).unwrap();
    assert_eq!(idp::check_status(genesys.as_ref(), &reply).unwrap_err().kind, idp::ErrorKind::PreconditionFailed);
    assert_eq!(sandbox.genesys_state(JOHN), Some(("active".into(), 4)), "nothing changed, nothing retried");
    let completed: Vec<_> = audit_lines(&audit).into_iter().filter(|l| l["stage"] == "completed").collect();
    assert_eq!(completed.len(), 1);
    assert_eq!(completed[0]["outcome"], "failed");
    assert_eq!(completed[0]["upstream_status"], 409);
    // With the version read now, it goes through.
    let (status, _, body) = call(&app, state_patch(JOHN, "inactive", 4)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(sandbox.genesys_state(JOHN), Some(("inactive".into(), 5)));
}

#[tokio::test]
async fn a_soft_delete_is_read_back_as_deleted_and_can_be_restored() {
    let (sandbox, addr) = sandbox().await;
    let (app, audit) = good(addr, "delete");
    let (status, _, body) = call(&app, panel_change("DELETE", &format!("/proxy/genesys/api/v2/users/{JOHN}"))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(sandbox.genesys_state(JOHN), Some(("deleted".into(), 4)));
    let (status, _, _) = call(&app, get(&format!("/proxy/genesys/api/v2/users/{JOHN}"))).await;
    assert_eq!(status, 404, "the plain read no longer finds them");
    let (status, _, body) = call(&app, get(&format!("/proxy/genesys/api/v2/users/{JOHN}?state=deleted"))).await;
    assert_eq!(status, 200, "{body}");
    let done = audit_lines(&audit).into_iter().find(|l| l["stage"] == "completed").unwrap();
    assert_eq!(done["target_user_id"], JOHN);
    assert_eq!(done["operation"], "soft_delete_user");
    assert_eq!(done["state_before"], "Active");
    assert_eq!(done["state_after"], "Deleted (can be restored)", "read back with state=deleted: {done}");
    // Restore: the reactivation PATCH with the deleted record's version.
    let (status, _, body) = call(&app, state_patch(JOHN, "active", 4)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(sandbox.genesys_state(JOHN), Some(("active".into(), 5)));
    let lines = audit_lines(&audit);
    let restore: Vec<_> = lines.iter().skip(2).map(|l| (l["stage"].as_str(), l["operation"].as_str())).collect();
    // The started line names the call as recognised; the completed one what it did for John.
    assert_eq!(
        restore,
        [(Some("started"), Some("reactivate_user")), (Some("completed"), Some("restore_user"))],
        "named by the person it met"
    );
    let restored = audit_lines(&audit).into_iter().filter(|l| l["stage"] == "completed").nth(1).unwrap();
    assert_eq!(
        (restored["state_before"].as_str(), restored["state_after"].as_str()),
        (Some("Deleted (can be restored)"), Some("Active"))
    );
}

#[tokio::test]
async fn signing_out_revokes_the_tokens_once() {
    let (sandbox, addr) = sandbox().await;
    let (app, _) = good(addr, "signout");
    let (status, _, body) = call(&app, panel_change("DELETE", &format!("/proxy/genesys/api/v2/tokens/{JOHN}"))).await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(sandbox.genesys_revocations(JOHN), 1);
}

#[tokio::test]
async fn only_exact_bodies_are_forwarded() {
    let (sandbox, addr) = sandbox().await;
    let (app, _) = good(addr, "exact");
    let uri = format!("/proxy/genesys/api/v2/users/{JOHN}");
    for body in [
        r#"{"state":"inactive"}"#,
        r#"{"version":3,"state":"inactive"}"#,
        r#"{"state":"inactive","version":3,"title":"CEO"}"#,
        r#"{"state":"deleted","version":3}"#,
        r#"{"state":"inactive","version":3} "#,
    ] {
        let (status, headers, text) = call(&app, with_body("PATCH", &uri, body)).await;
        assert_eq!(status, 403, "{body}: {text}");
        assert!(headers.contains_key("x-lockdesk-refused"), "{body}");
    }
    let search = r#"{"pageSize":25,"pageNumber":1,"query":[{"type":"EXACT","fields":["email"],"value":"john.doe@example.com"}]}"#;
    let (status, _, _) = call(&app, with_body("POST", "/proxy/genesys/api/v2/users/search", search)).await;
    assert_eq!(status, 403, "a search without lockdesk's own state criterion is not lockdesk's");
    assert_eq!(sandbox.genesys_state(JOHN), Some(("active".into(), 3)), "nothing reached Genesys");
}

#[tokio::test]
async fn a_search_finds_by_email_and_a_missing_permission_is_named() {
    let (sandbox, addr) = sandbox().await;
    let (app, _) = good(addr, "search");
    let genesys = idp::adapter(idp::ProviderKind::Genesys, &Default::default()).unwrap();
    let op = idp::Operation::FindUserByEmail { email: idp::Email::parse("john.doe@example.com").unwrap() };
    let built = genesys.build(&op);
    let body = String::from_utf8(built.body().clone()).unwrap();
    let (status, _, reply) = call(&app, with_body("POST", "/proxy/genesys/api/v2/users/search", &body)).await;
    assert_eq!(status, 200, "{reply}");
    let resp = http::Response::builder().status(200).body(reply.into_bytes()).unwrap();
    match genesys.interpret(&op, &resp).unwrap() {
        idp::Reply::Users(page) => assert_eq!(page.items.iter().map(|u| u.id.to_string()).collect::<Vec<_>>(), [JOHN]),
        other => panic!("{other:?}"),
    }
    let (status, _, _) =
        call(&app, with_body("PUT", "/_sandbox/faults/genesys", r#"{"denied_divisions":["Sales"]}"#)).await;
    assert_eq!(status, 404, "the sandbox admin is not behind the proxy");
    let admin = reqwest::Client::new();
    let set = admin
        .put(format!("http://{addr}/_sandbox/faults/genesys"))
        .body(r#"{"denied_divisions":["Sales"]}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(set.status(), 200);
    let (status, _, body) = call(&app, state_patch(SAM, "inactive", 1)).await;
    assert_eq!(status, 403, "{body}");
    let resp = http::Response::builder().status(403).body(body.into_bytes()).unwrap();
    let err = idp::check_status(genesys.as_ref(), &resp).unwrap_err();
    assert_eq!(err.kind, idp::ErrorKind::Forbidden);
    assert!(
        err.messages.iter().any(|m| m == "Missing permission: directory:user:edit (division: Sales)"),
        "{:?}",
        err.messages
    );
    assert_eq!(sandbox.genesys_state(SAM), Some(("active".into(), 1)));
}
