//! SCIM 2.0 through the real proxy and the real SCIM simulator (over loopback TCP, base URL with
//! the service's own path `/scim/v2`): email and text searches (typed quotes stay inside the
//! value), the entity tag carried as If-Match and a stale one refused with 412, 200 or 204 to a
//! PATCH, a service without entity tags, delete, and the stand-in when emails cannot be filtered.

mod support;

use lockdesk_sandbox::{Sandbox, SCIM_BJENSEN_ID};
use support::*;

const KEY: &str = "scim-proxy-test-token";

async fn sandbox() -> (Sandbox, std::net::SocketAddr) {
    provider::sandbox(KEY).await
}

fn app(addr: std::net::SocketAddr, name: &str) -> (axum::Router, std::path::PathBuf) {
    std::env::set_var("LOCKDESK_TEST_SCIM_TOKEN", KEY);
    let text = format!(
        "[[connection]]\nid = \"scim\"\nlabel = \"SCIM (test)\"\nkind = \"scim\"\nbase_url = \"http://{addr}/scim/v2\"\n[connection.credential]\nmode = \"vault\"\napi_key_env = \"LOCKDESK_TEST_SCIM_TOKEN\"\n"
    );
    provider::app(&text, &format!("scim-{name}"), None)
}

fn adapter() -> Box<dyn idp::IdentityProvider> {
    idp::adapter(idp::ProviderKind::Scim, &idp::Settings::default()).unwrap()
}

/// `op` as the panel sends it (headers included), through the proxy; status and reading.
async fn send(app: &axum::Router, op: &idp::Operation) -> (u16, Result<idp::Reply, idp::Error>) {
    let (status, _, reading) = provider::send(app, "scim", adapter().as_ref(), op).await;
    (status, reading)
}

async fn barbara(app: &axum::Router) -> idp::User {
    let op = idp::Operation::GetUser { id: idp::UserId::parse(SCIM_BJENSEN_ID).unwrap() };
    match send(app, &op).await {
        (200, Ok(idp::Reply::User(user))) => *user,
        other => panic!("{other:?}"),
    }
}

fn change(user: &idp::User, action: idp::Action) -> idp::Operation {
    idp::Operation::Change(idp::Change {
        precondition: user.precondition.clone(),
        ..idp::Change::new(action, user.id.clone())
    })
}

async fn set_faults(addr: std::net::SocketAddr, json: &str) {
    provider::set_faults(addr, "scim", json).await
}

fn names(reading: Result<idp::Reply, idp::Error>) -> Vec<String> {
    match reading {
        Ok(idp::Reply::Users(page)) => page.items.into_iter().map(|u| u.display_name).collect(),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn searches_find_people_and_typed_quotes_stay_inside_the_value() {
    let (_sandbox, addr) = sandbox().await;
    let (app, _) = app(addr, "search");
    let email = idp::Operation::FindUserByEmail { email: idp::Email::parse("bjensen@example.com").unwrap() };
    assert_eq!(names(send(&app, &email).await.1), ["Babs Jensen"]);
    let quoted = idp::Operation::SearchUsers { query: "o'neil \"quote".into(), page: None, limit: 25 };
    assert_eq!(names(send(&app, &quoted).await.1), ["Quinn O'Neil"], "the quote is part of the value");
    let hostile =
        idp::Operation::SearchUsers { query: r#"" or userName pr or userName eq ""#.into(), page: None, limit: 25 };
    assert!(names(send(&app, &hostile).await.1).is_empty(), "never everyone");
    // A page beyond the first, 1-based.
    let first = idp::Operation::SearchUsers { query: "a".into(), page: None, limit: 2 };
    let (_, Ok(idp::Reply::Users(page))) = send(&app, &first).await else { panic!() };
    let later = idp::Operation::SearchUsers { query: "a".into(), page: page.next.clone(), limit: 2 };
    assert_eq!(page.next.as_ref().map(|t| t.0.as_str()), Some("3"));
    let (_, Ok(idp::Reply::Users(next))) = send(&app, &later).await else { panic!() };
    assert!(!next.items.is_empty() && next.items[0].id != page.items[0].id);
}

#[tokio::test]
async fn changes_carry_the_entity_tag_and_a_stale_one_changes_nothing() {
    let (sandbox, addr) = sandbox().await;
    let (app, audit) = app(addr, "etag");
    let read = barbara(&app).await;
    assert!(matches!(read.precondition, Some(idp::Precondition::ETag(_))));
    assert!(sandbox.scim_edit(SCIM_BJENSEN_ID), "somebody else edits her after the read");
    let (status, reading) = send(&app, &change(&read, idp::Action::Deactivate)).await;
    assert_eq!(status, 412);
    assert_eq!(reading.unwrap_err().kind, idp::ErrorKind::PreconditionFailed);
    assert!(sandbox.scim_state(SCIM_BJENSEN_ID).unwrap().active, "nothing changed");
    let (status, _) = send(&app, &change(&barbara(&app).await, idp::Action::Deactivate)).await;
    assert_eq!(status, 200);
    assert!(!sandbox.scim_state(SCIM_BJENSEN_ID).unwrap().active);
    // A service that answers 204: done all the same.
    set_faults(addr, r#"{"patch_204": true}"#).await;
    let (status, reading) = send(&app, &change(&barbara(&app).await, idp::Action::Reactivate)).await;
    assert_eq!((status, reading), (204, Ok(idp::Reply::Done)));
    assert!(sandbox.scim_state(SCIM_BJENSEN_ID).unwrap().active);
    let text = std::fs::read_to_string(&audit).unwrap();
    let done: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|l| l["stage"] == "completed")
        .collect();
    let outcomes: Vec<_> =
        done.iter().map(|l| (l["operation"].as_str().unwrap(), l["outcome"].as_str().unwrap())).collect();
    assert_eq!(
        outcomes,
        [("deactivate_user", "failed"), ("deactivate_user", "allowed"), ("reactivate_user", "allowed")]
    );
}

#[tokio::test]
async fn a_service_without_entity_tags_still_works_and_delete_is_for_good() {
    let (sandbox, addr) = sandbox().await;
    let (app, _) = app(addr, "no-etags");
    set_faults(addr, r#"{"no_etags": true}"#).await;
    let read = barbara(&app).await;
    assert_eq!(read.precondition, None, "no tag given, none sent");
    let (status, _) = send(&app, &change(&read, idp::Action::Deactivate)).await;
    assert_eq!(status, 200);
    let (status, _) = send(&app, &change(&barbara(&app).await, idp::Action::DeletePermanently)).await;
    assert_eq!(status, 204);
    assert!(!sandbox.scim_state(SCIM_BJENSEN_ID).unwrap().exists);
    let op = idp::Operation::GetUser { id: idp::UserId::parse(SCIM_BJENSEN_ID).unwrap() };
    assert_eq!(send(&app, &op).await.1.unwrap_err().kind, idp::ErrorKind::NotFound);
}

#[tokio::test]
async fn a_service_that_cannot_filter_on_emails_is_asked_for_user_names_instead() {
    let (_sandbox, addr) = sandbox().await;
    let (app, _) = app(addr, "no-email-filter");
    set_faults(addr, r#"{"reject_email_filter": true}"#).await;
    let op = idp::Operation::FindUserByEmail { email: idp::Email::parse("terry@example.com").unwrap() };
    let (status, reading) = send(&app, &op).await;
    assert_eq!(status, 400);
    let error = reading.unwrap_err();
    let (instead, _) = adapter().instead(&op, &error).expect("a stand-in");
    let (status, reading) = send(&app, &instead).await;
    assert_eq!(status, 200, "the proxy forwards the stand-in");
    assert!(names(reading).is_empty(), "Terry's user name is not his address here: found nobody, said so");
}
