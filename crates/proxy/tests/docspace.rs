//! DocSpace through the real proxy and the real DocSpace simulator (over loopback TCP): creating a
//! person (recorded with the id DocSpace gave, a taken address refused, a slow create followed to
//! its end), terminate before delete (the proxy's own check), the owner refused, reactivation
//! without a free seat (402), DocSpace's HTML 502 page, rate-limit headers and sign-outs.

mod support;

use lockdesk_sandbox::{Sandbox, DOCSPACE_MIKE_ID, DOCSPACE_OWNER_ID};
use support::*;

const KEY: &str = "docspace-proxy-test-key";
const TINA: &str = "d0c5face-0000-4000-8000-000000000004"; // terminated

async fn sandbox() -> (Sandbox, std::net::SocketAddr) {
    provider::sandbox(KEY).await
}

fn app(addr: std::net::SocketAddr, name: &str, answer_within: Option<u32>) -> (axum::Router, std::path::PathBuf) {
    std::env::set_var("LOCKDESK_TEST_DOCSPACE_KEY", KEY);
    let text = format!(
        "[[connection]]\nid = \"docspace\"\nlabel = \"DocSpace (test)\"\nkind = \"docspace\"\nbase_url = \"http://{addr}/docspace\"\n[connection.credential]\nmode = \"vault\"\napi_key_env = \"LOCKDESK_TEST_DOCSPACE_KEY\"\n"
    );
    provider::app(&text, &format!("docspace-{name}"), answer_within)
}

fn adapter() -> Box<dyn idp::IdentityProvider> {
    idp::adapter(idp::ProviderKind::DocSpace, &idp::Settings::default()).unwrap()
}

/// `op` as the panel sends it, through the proxy: the status, the headers and the adapter's reading.
async fn send(app: &axum::Router, op: &idp::Operation) -> (u16, axum::http::HeaderMap, Result<idp::Reply, idp::Error>) {
    provider::send(app, "docspace", adapter().as_ref(), op).await
}

fn change(id: &str, action: idp::Action) -> idp::Operation {
    idp::Operation::Change(idp::Change::new(action, idp::UserId::parse(id).unwrap()))
}

fn person(email: &str) -> idp::Operation {
    let person = idp::NewPerson::parse(email, "Nina", "Newstarter", "4", adapter().person_types()).unwrap();
    idp::Operation::CreateUser { person }
}

async fn set_faults(addr: std::net::SocketAddr, json: &str) {
    provider::set_faults(addr, "docspace", json).await
}

fn completed(audit: &std::path::Path, operation: &str) -> Vec<serde_json::Value> {
    provider::completed(audit, operation)
}

#[tokio::test]
async fn a_created_person_is_recorded_with_their_new_id_and_a_taken_address_is_refused() {
    let (sandbox, addr) = sandbox().await;
    let (app, audit) = app(addr, "create", None);
    let (status, _, reading) = send(&app, &person("nina@example.com")).await;
    assert_eq!(status, 200);
    let Ok(idp::Reply::User(nina)) = reading else { panic!("{reading:?}") };
    assert_eq!((nina.display_name.as_str(), nina.status.label()), ("Nina Newstarter", "Active".to_string()));
    assert_eq!(sandbox.docspace_id_by_email("nina@example.com").as_deref(), Some(nina.id.as_str()));
    let lines = completed(&audit, "create_user");
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["target_user_id"], nina.id.as_str(), "the audit names who was created");
    assert_eq!(
        (lines[0]["target_name"].as_str(), lines[0]["outcome"].as_str()),
        (Some("Nina Newstarter"), Some("allowed"))
    );
    assert_eq!(lines[0]["state_after"], "Active");
    // The same address again, in another case: DocSpace refuses it; nobody new, recorded as failed.
    let people = sandbox.docspace_user_count();
    let (status, _, reading) = send(&app, &person("NINA@example.com")).await;
    assert_eq!(status, 400);
    assert_eq!(reading.unwrap_err().kind, idp::ErrorKind::EmailTaken);
    assert_eq!(sandbox.docspace_user_count(), people);
    assert_eq!(completed(&audit, "create_user")[1]["outcome"], "failed");
}

#[tokio::test]
async fn a_create_slower_than_the_answer_budget_is_followed_to_its_end_not_reported_failed() {
    let (sandbox, addr) = sandbox().await;
    let (app, audit) = app(addr, "slow-create", Some(1));
    set_faults(addr, r#"{"latency_ms": 2500, "changes_only": true}"#).await;
    let (status, headers, reading) = send(&app, &person("slow.starter@example.com")).await;
    assert_eq!(status, 202, "answered within the budget, outcome not known yet");
    assert_eq!(reading.unwrap_err().kind, idp::ErrorKind::OutcomeUnknown);
    let request_id = headers["x-request-id"].to_str().unwrap().to_owned();
    let mut word = String::new();
    for _ in 0..50 {
        word = support::slow::outcome(&app, &request_id).await;
        if word != "pending" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(word, "allowed");
    let id = sandbox.docspace_id_by_email("slow.starter@example.com").expect("created once");
    let lines = completed(&audit, "create_user");
    assert_eq!((lines.len(), lines[0]["target_user_id"].as_str()), (1, Some(id.as_str())));
}

#[tokio::test]
async fn delete_follows_termination_and_the_owner_is_never_terminated() {
    let (sandbox, addr) = sandbox().await;
    let (app, audit) = app(addr, "delete", None);
    let (status, headers, reading) = send(&app, &change(DOCSPACE_MIKE_ID, idp::Action::DeletePermanently)).await;
    assert_eq!(status, 409, "the proxy's own read shows Mike active");
    assert!(headers.contains_key("x-lockdesk-refused"));
    assert_eq!(reading.unwrap_err().kind, idp::ErrorKind::NotAllowedInState);
    assert!(sandbox.docspace_state(DOCSPACE_MIKE_ID).unwrap().exists);
    let (status, _, reading) = send(&app, &change(DOCSPACE_MIKE_ID, idp::Action::Deactivate)).await;
    assert_eq!(status, 200);
    let Ok(idp::Reply::User(mike)) = reading else { panic!("{reading:?}") };
    assert_eq!(mike.status.label(), "Deactivated", "read from the answer");
    assert_eq!(sandbox.docspace_sign_outs(DOCSPACE_MIKE_ID), 1, "terminating ends his sessions");
    let (status, _, _) = send(&app, &change(DOCSPACE_MIKE_ID, idp::Action::DeletePermanently)).await;
    assert_eq!(status, 200);
    assert!(!sandbox.docspace_state(DOCSPACE_MIKE_ID).unwrap().exists);
    assert_eq!(completed(&audit, "delete_user")[0]["state_after"], "Deleted");
    // The owner: DocSpace refuses the whole call; nothing changes.
    let (status, _, reading) = send(&app, &change(DOCSPACE_OWNER_ID, idp::Action::Deactivate)).await;
    assert_eq!(status, 403);
    assert_eq!(reading.unwrap_err().kind, idp::ErrorKind::Forbidden);
    assert_eq!(sandbox.docspace_state(DOCSPACE_OWNER_ID).unwrap().status, 1);
}

#[tokio::test]
async fn reactivation_without_a_free_seat_is_refused_and_nothing_changes() {
    let (sandbox, addr) = sandbox().await;
    let (app, _) = app(addr, "seat", None);
    set_faults(addr, r#"{"seat_limit": 1}"#).await;
    let (status, _, reading) = send(&app, &change(TINA, idp::Action::Reactivate)).await;
    assert_eq!(status, 402);
    let error = reading.unwrap_err();
    assert_eq!(error.kind, idp::ErrorKind::Quota);
    assert!(error.messages.iter().any(|m| m.contains("limit")), "{:?}", error.messages);
    assert_eq!(sandbox.docspace_state(TINA).unwrap().status, 2);
    set_faults(addr, r#"{"seat_limit": null}"#).await;
    let (status, _, _) = send(&app, &change(TINA, idp::Action::Reactivate)).await;
    assert_eq!(status, 200);
    assert_eq!(sandbox.docspace_state(TINA).unwrap().status, 1);
}

#[tokio::test]
async fn rate_headers_pass_back_sign_outs_count_and_an_html_502_is_docspace_s_gateway() {
    let (sandbox, addr) = sandbox().await;
    let (app, _) = app(addr, "gateway", None);
    let (status, headers, _) = send(&app, &change(DOCSPACE_MIKE_ID, idp::Action::SignOutEverywhere)).await;
    assert_eq!(status, 200);
    assert_eq!(sandbox.docspace_sign_outs(DOCSPACE_MIKE_ID), 1);
    for name in ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"] {
        assert!(headers.contains_key(name), "{name} passed back for pacing");
    }
    set_faults(addr, r#"{"html_502": true}"#).await;
    let read = idp::Operation::GetUser { id: idp::UserId::parse(DOCSPACE_MIKE_ID).unwrap() };
    let (status, headers, reading) = send(&app, &read).await;
    assert_eq!(status, 502);
    assert!(!headers.contains_key("x-lockdesk-refused"), "DocSpace's own page, not the proxy's refusal");
    let error = reading.unwrap_err();
    assert_eq!((error.kind, error.messages.len()), (idp::ErrorKind::Gateway, 0));
}

#[tokio::test]
async fn a_change_made_but_answered_500_is_recorded_made_by_a_fresh_read() {
    let (sandbox, addr) = sandbox().await;
    let (app, audit) = app(addr, "made-500", None);
    set_faults(addr, r#"{"fail_after_change": true}"#).await;
    let (status, _, reading) = send(&app, &person("made.anyway@example.com")).await;
    assert_eq!(status, 500);
    assert!(reading.unwrap_err().kind.change_may_have_happened());
    let id = sandbox.docspace_id_by_email("made.anyway@example.com").expect("DocSpace made them");
    let lines = completed(&audit, "create_user");
    assert_eq!((lines[0]["outcome"].as_str(), lines[0]["settled_by"].as_str()), (Some("allowed"), Some("read-back")));
    assert_eq!(lines[0]["target_user_id"], id.as_str());
    assert_eq!(
        (lines[0]["target_email"].as_str(), lines[0]["account_type"].as_str()),
        (Some("made.anyway@example.com"), Some("User (4)"))
    );
    let (status, _, _) = send(&app, &change(DOCSPACE_MIKE_ID, idp::Action::Deactivate)).await;
    assert_eq!(status, 500);
    let lines = completed(&audit, "deactivate_user");
    assert_eq!((lines[0]["outcome"].as_str(), lines[0]["settled_by"].as_str()), (Some("allowed"), Some("read-back")));
    assert_eq!(lines[0]["state_after"], "Deactivated");
}

#[tokio::test]
async fn a_500_to_a_create_of_a_taken_address_proves_nothing_and_says_so() {
    let (_sandbox, addr) = sandbox().await;
    let (app, audit) = app(addr, "taken-500", None);
    set_faults(addr, r#"{"fail_status": 500, "changes_only": true}"#).await;
    // John Doe has the address already: finding him afterwards is not proof of a create.
    let (status, _, _) = send(&app, &person("john.doe@example.com")).await;
    assert_eq!(status, 500);
    assert_eq!(completed(&audit, "create_user")[0]["outcome"], "unknown");
    // Nobody has this one before or after: not made.
    let (status, _, _) = send(&app, &person("never.made@example.com")).await;
    assert_eq!(status, 500);
    let lines = completed(&audit, "create_user");
    assert_eq!((lines[1]["outcome"].as_str(), lines[1]["settled_by"].as_str()), (Some("failed"), Some("read-back")));
}

#[tokio::test]
async fn two_creates_of_one_address_at_once_make_one_person() {
    let (sandbox, addr) = sandbox().await;
    let (app, audit) = app(addr, "twice", None);
    let people = sandbox.docspace_user_count();
    let (one, other) = (person("twins@example.com"), person("TWINS@example.com"));
    let (first, second) = tokio::join!(send(&app, &one), send(&app, &other));
    let mut statuses = [first.0, second.0];
    statuses.sort();
    assert_eq!(statuses, [200, 400], "one made, the other refused as taken");
    assert_eq!(sandbox.docspace_user_count(), people + 1);
    let outcomes: Vec<_> = completed(&audit, "create_user").iter().map(|l| l["outcome"].clone()).collect();
    assert_eq!(outcomes.len(), 2);
    assert!(outcomes.contains(&serde_json::json!("allowed")) && outcomes.contains(&serde_json::json!("failed")));
}
