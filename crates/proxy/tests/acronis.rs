//! Acronis through the real proxy and the real Acronis simulator (over loopback TCP): the
//! two-hour OAuth token, fetched again when Acronis stops accepting it (401), the version check,
//! disable before delete, the soft delete read back with `allow_deleted=true` and restored, and
//! the search kept to the connection's tenant.

mod support;

use lockdesk_sandbox::{Sandbox, ACRONIS_ROOT_TENANT, ACRONIS_SANDBOX_CLIENT_ID};
use support::*;

const KEY: &str = "acronis-proxy-test-secret";
const JOHN: &str = "1c234e69-5469-424a-a6d1-ff5658b387a6";

async fn sandbox() -> (Sandbox, std::net::SocketAddr) {
    provider::sandbox(KEY).await
}

fn app(addr: std::net::SocketAddr, name: &str) -> (axum::Router, std::path::PathBuf) {
    std::env::set_var("LOCKDESK_TEST_ACRONIS_SECRET", KEY);
    let text = format!(
        "[[connection]]\nid = \"acronis\"\nlabel = \"Acronis (test)\"\nkind = \"acronis\"\nbase_url = \"http://{addr}/acronis\"\n[connection.settings]\ntenant = \"{ACRONIS_ROOT_TENANT}\"\n[connection.credential]\nmode = \"vault\"\ntoken_url = \"http://{addr}/acronis/api/2/idp/token\"\nclient_id = \"{ACRONIS_SANDBOX_CLIENT_ID}\"\nclient_secret_env = \"LOCKDESK_TEST_ACRONIS_SECRET\"\n"
    );
    provider::app(&text, &format!("acronis-{name}"), None)
}

fn adapter() -> Box<dyn idp::IdentityProvider> {
    idp::adapter(idp::ProviderKind::Acronis, &idp::Settings::of(&[("tenant", ACRONIS_ROOT_TENANT)])).unwrap()
}

/// `op` as the panel sends it, through the proxy; the status and the adapter's reading.
async fn send(app: &axum::Router, op: &idp::Operation) -> (u16, Result<idp::Reply, idp::Error>) {
    let (status, _, reading) = provider::send(app, "acronis", adapter().as_ref(), op).await;
    (status, reading)
}

async fn john(app: &axum::Router) -> idp::User {
    let id = idp::UserId::parse(JOHN).unwrap();
    for op in idp::provider::reads_of(adapter().as_ref(), &id) {
        if let (200, Ok(idp::Reply::User(user))) = send(app, &op).await {
            return *user;
        }
    }
    panic!("John could not be read")
}

fn change(user: &idp::User, action: idp::Action) -> idp::Operation {
    idp::Operation::Change(idp::Change {
        precondition: user.precondition.clone(),
        ..idp::Change::new(action, user.id.clone())
    })
}

async fn set_faults(addr: std::net::SocketAddr, json: &str) {
    provider::set_faults(addr, "acronis", json).await
}

#[tokio::test]
async fn the_token_is_cached_and_fetched_again_when_acronis_refuses_it() {
    let (sandbox, addr) = sandbox().await;
    let (app, _) = app(addr, "token");
    for _ in 0..3 {
        assert_eq!(john(&app).await.display_name, "John Doe");
    }
    assert_eq!(sandbox.acronis_token_exchanges(), 1, "one token for every call");
    assert_eq!(sandbox.acronis_bearer_uses(), (0, 3), "the proxy sends the token it was issued");
    // Acronis stops accepting the token early: the proxy fetches a new one once and goes on.
    set_faults(addr, r#"{"expire_tokens_now": true}"#).await;
    assert_eq!(john(&app).await.display_name, "John Doe");
    assert_eq!(sandbox.acronis_token_exchanges(), 2);
}

#[tokio::test]
async fn delete_needs_a_disabled_account_and_the_version_just_read() {
    let (sandbox, addr) = sandbox().await;
    let (app, audit) = app(addr, "delete");
    let enabled = john(&app).await;
    let (status, outcome) = send(&app, &change(&enabled, idp::Action::Delete)).await;
    assert_eq!(status, 409);
    assert_eq!(outcome.unwrap_err().kind, idp::ErrorKind::NotAllowedInState, "Acronis deletes only disabled accounts");
    // Somebody edits John after the read: the disable meets a new version.
    assert!(sandbox.acronis_edit(JOHN));
    let (status, outcome) = send(&app, &change(&enabled, idp::Action::Deactivate)).await;
    assert_eq!(status, 409);
    assert_eq!(outcome.unwrap_err().kind, idp::ErrorKind::PreconditionFailed);
    assert!(sandbox.acronis_state(JOHN).unwrap().enabled, "nothing changed");
    // With fresh reads: disable, then delete.
    let (status, _) = send(&app, &change(&john(&app).await, idp::Action::Deactivate)).await;
    assert_eq!(status, 200);
    let (status, _) = send(&app, &change(&john(&app).await, idp::Action::Delete)).await;
    assert_eq!(status, 204);
    let state = sandbox.acronis_state(JOHN).unwrap();
    assert!(state.deleted && !state.enabled);
    let deleted = john(&app).await;
    assert_eq!(deleted.status.label(), "Deleted (can be restored)");
    let lines: Vec<serde_json::Value> =
        std::fs::read_to_string(&audit).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let done = lines.iter().rev().find(|l| l["stage"] == "completed").unwrap();
    assert_eq!(
        (done["operation"].as_str(), done["state_after"].as_str()),
        (Some("soft_delete_user"), Some("Deleted (can be restored)"))
    );
    // Restore, then let him sign in again (the plan's optional second step).
    let (status, _) = send(&app, &change(&deleted, idp::Action::Restore)).await;
    assert_eq!(status, 204);
    let restored = john(&app).await;
    assert_eq!(restored.status.label(), "Deactivated", "restored, still disabled");
    let (status, _) = send(&app, &change(&restored, idp::Action::Reactivate)).await;
    assert_eq!(status, 200);
    assert_eq!(john(&app).await.status.label(), "Active");
}

#[tokio::test]
async fn search_finds_users_of_the_connection_s_tenant_only() {
    let (_sandbox, addr) = sandbox().await;
    let (app, _) = app(addr, "search");
    let op = idp::Operation::FindUserByEmail { email: idp::Email::parse("johndoe@mysite.com").unwrap() };
    let (status, outcome) = send(&app, &op).await;
    assert_eq!(status, 200);
    let Ok(idp::Reply::Users(page)) = outcome else { panic!("{outcome:?}") };
    assert_eq!(page.items.iter().map(|u| u.id.to_string()).collect::<Vec<_>>(), [JOHN]);
    let elsewhere = "/proxy/acronis/api/2/search?tenant=00000000-0000-4000-8000-000000000000&text=john";
    let (status, headers, _) = call(&app, get(elsewhere)).await;
    assert_eq!(status, 403, "another tenant's search is not this connection's");
    assert!(headers.contains_key("x-lockdesk-refused"));
}
