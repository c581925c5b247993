//! Changes with an idempotency key: made once however often they are sent (in a row, at once,
//! after a restart), a reply that never came or a 5xx settled by a read and not sent again, a
//! key left in progress by a stopped proxy settled by a read, a key reused for another change or
//! malformed refused, the headers allowed across origins (a bulk run's own limit is in
//! `limits.rs`).

mod support;

use std::sync::atomic::Ordering;

use axum::http::StatusCode;
use lockdesk_proxy::state::{Fingerprint, RecordId, RecordState, SqliteStore, Store};
use support::keyed::*;
use support::slow::audit_lines;
use support::*;

const JOHN: &str = "00000000-0000-0001-0000-000000000000";

#[tokio::test]
async fn the_same_key_twice_is_answered_from_its_record_and_sent_once() {
    let provider = fusion().await;
    let (audit, state) = files("twice");
    let app = router(keyed_config(provider.addr, &audit, &state));
    let (status, headers, first) = call(&app, deactivate_terry("step-terry-0001")).await;
    assert_eq!(status, 200, "{first}");
    assert!(headers.get("x-lockdesk-replayed").is_none(), "the first answer is the provider's own");
    let reads = provider.reads();
    let (again, headers, body) = call(&app, deactivate_terry("step-terry-0001")).await;
    assert_eq!((again, &body), (StatusCode::OK, &first), "the recorded reply");
    assert_eq!(headers["x-lockdesk-replayed"], "1");
    assert_eq!(reading(again, &headers, &body, &terry_off()), idp::Reply::Done);
    assert_eq!((provider.changes(), provider.reads()), (1, reads), "one change, and nothing read for the replay");
    // Every line of the change names its run and its key; the replay adds none.
    let lines = audit_lines(&audit);
    assert_eq!(lines.iter().map(|l| l["stage"].as_str().unwrap()).collect::<Vec<_>>(), ["started", "completed"]);
    for line in &lines {
        assert_eq!(
            (line["run_id"].as_str(), line["idempotency_key"].as_str()),
            (Some("run-2024-0001"), Some("step-terry-0001"))
        );
    }
    // Without a key, a change is sent as always.
    let (status, _, _) = call(&app, keyed("DELETE", &format!("/proxy/fa/api/user/{TERRY}"), None)).await;
    assert_eq!((status.as_u16(), provider.changes()), (200, 2));
}

#[tokio::test]
async fn two_requests_with_one_key_at_once_send_it_once_and_get_one_answer() {
    let provider = fusion().await;
    provider.delay_ms.store(300, Ordering::SeqCst);
    let (audit, state) = files("together");
    let app = router(keyed_config(provider.addr, &audit, &state));
    let (a, b) =
        tokio::join!(call(&app, deactivate_terry("step-both-0001")), call(&app, deactivate_terry("step-both-0001")));
    assert_eq!((a.0, b.0), (StatusCode::OK, StatusCode::OK), "{a:?} {b:?}");
    let replayed = [&a.1, &b.1].iter().filter(|h| h.get("x-lockdesk-replayed").is_some()).count();
    assert_eq!(replayed, 1, "the second waited for the first and was answered from its record");
    assert_eq!(a.2, b.2);
    assert_eq!((provider.changes(), provider.reads()), (1, 2), "the first's reads before and after only");
}

#[tokio::test]
async fn a_restarted_proxy_answers_a_key_from_its_state_file() {
    let provider = fusion().await;
    let (audit, state) = files("restart");
    let first = router(keyed_config(provider.addr, &audit, &state));
    assert_eq!(call(&first, deactivate_terry("step-restart-1")).await.0, 200);
    drop(first);
    let reads = provider.reads();
    let second = router(keyed_config(provider.addr, &audit, &state));
    let (status, headers, body) = call(&second, deactivate_terry("step-restart-1")).await;
    assert_eq!((status.as_u16(), headers["x-lockdesk-replayed"].to_str().unwrap()), (200, "1"), "{body}");
    assert_eq!((provider.changes(), provider.reads()), (1, reads), "answered from the file: not sent, not read");
}

#[tokio::test]
async fn a_change_made_but_answered_500_is_settled_by_a_read_and_not_sent_again() {
    let provider = fusion().await;
    provider.answer(500, true);
    let (audit, state) = files("made-500");
    let app = router(keyed_config(provider.addr, &audit, &state));
    let (status, _, _) = call(&app, deactivate_terry("step-made-0001")).await;
    assert_eq!(status, 500, "the browser hears what the provider said");
    let done = audit_lines(&audit).into_iter().find(|l| l["stage"] == "completed").unwrap();
    assert_eq!((done["outcome"].as_str(), done["settled_by"].as_str()), (Some("allowed"), Some("read-back")));
    provider.answer(200, false);
    let (again, headers, body) = call(&app, deactivate_terry("step-made-0001")).await;
    assert_eq!((again.as_u16(), headers["x-lockdesk-replayed"].to_str().unwrap()), (200, "1"), "{body}");
    assert!(body.contains(r#""active":false"#), "the person as the provider's read returned them: {body}");
    assert_eq!(reading(again, &headers, &body, &terry_off()), idp::Reply::Done, "the panel reads it as done");
    assert_eq!(provider.changes(), 1);
}

#[tokio::test]
async fn a_retryable_key_is_sent_again_only_when_a_read_shows_it_not_made() {
    for status in [429, 503] {
        let provider = fusion().await;
        provider.answer(status, false);
        let (audit, state) = files(&format!("retry-{status}"));
        let app = router(keyed_config(provider.addr, &audit, &state));
        let key = format!("step-retry-{status}");
        assert_eq!(call(&app, deactivate_terry(&key)).await.0.as_u16(), status);
        let store = SqliteStore::open(&state).await.unwrap();
        let id = RecordId { connection: "fa".into(), key: key.clone() };
        assert_eq!(store.get(&id).await.unwrap().unwrap().state, RecordState::Retryable);
        provider.answer(200, false);
        let (again, headers, _) = call(&app, deactivate_terry(&key)).await;
        assert_eq!(again, 200);
        assert!(headers.get("x-lockdesk-replayed").is_none(), "a new attempt, sent and answered by the provider");
        assert_eq!(provider.changes(), 2);
        let (third, headers, _) = call(&app, deactivate_terry(&key)).await;
        assert_eq!((third.as_u16(), headers.contains_key("x-lockdesk-replayed")), (200, true));
        assert_eq!(provider.changes(), 2, "final now");
    }
}

#[tokio::test]
async fn a_key_left_in_progress_by_a_stopped_proxy_is_settled_by_a_read_first() {
    let provider = fusion().await;
    let (audit, state) = files("in-progress");
    // What a proxy killed mid-change leaves: `in_progress` records for two deactivations of Terry.
    let store = SqliteStore::open(&state).await.unwrap();
    let print = Fingerprint::of("fa", None, &terry_off()).unwrap();
    for key in ["step-killed-made", "step-killed-lost"] {
        store.claim(&RecordId { connection: "fa".into(), key: key.into() }, &print).await.unwrap();
    }
    store.close().await;
    let app = router(keyed_config(provider.addr, &audit, &state));
    // The first reached the provider before the proxy went: Terry is deactivated.
    provider.active.store(false, Ordering::SeqCst);
    let (status, headers, body) = call(&app, deactivate_terry("step-killed-made")).await;
    assert_eq!((status.as_u16(), headers["x-lockdesk-replayed"].to_str().unwrap()), (200, "1"), "{body}");
    assert_eq!(reading(status, &headers, &body, &terry_off()), idp::Reply::Done);
    assert_eq!((provider.changes(), provider.reads()), (0, 1), "read, in effect, not sent");
    assert!(audit_lines(&audit).is_empty(), "nothing sent, nothing started");
    let (status, replayed, again) = call(&app, deactivate_terry("step-killed-made")).await;
    assert_eq!((status.as_u16(), &again, provider.reads()), (200, &body, 1), "recorded final: no second read");
    assert_eq!(replayed["x-lockdesk-replayed"], "1");
    // The second never did: Terry is active again, so it is sent as a new attempt.
    provider.active.store(true, Ordering::SeqCst);
    let (status, headers, _) = call(&app, deactivate_terry("step-killed-lost")).await;
    assert_eq!((status.as_u16(), headers.contains_key("x-lockdesk-replayed")), (200, false));
    assert_eq!((provider.changes(), provider.active.load(Ordering::SeqCst)), (1, false));
}

#[tokio::test]
async fn a_key_reused_for_another_change_or_malformed_is_refused_and_nothing_is_sent() {
    let provider = fusion().await;
    let (audit, state) = files("refused");
    let app = router(keyed_config(provider.addr, &audit, &state));
    assert_eq!(call(&app, deactivate_terry("step-shared-01")).await.0, 200);
    let john = keyed("DELETE", &format!("/proxy/fa/api/user/{JOHN}"), Some("step-shared-01"));
    let (status, headers, body) = call(&app, john).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("This idempotency key was already used for a different change"), "{body}");
    assert_eq!(headers["x-lockdesk-refused"], "1");
    let reactivate = keyed("PUT", &format!("/proxy/fa/api/user/{TERRY}?reactivate=true"), Some("step-shared-01"));
    assert_eq!(call(&app, reactivate).await.0, 422, "another action on the same person");
    assert_eq!(provider.changes(), 1);
    let long = "k".repeat(129);
    for bad in ["short", "has a space", "semi;colon", "ünïcödé-key", long.as_str()] {
        let mut req = keyed("DELETE", &format!("/proxy/fa/api/user/{TERRY}"), None);
        req.headers_mut().insert("idempotency-key", axum::http::HeaderValue::from_bytes(bad.as_bytes()).unwrap());
        let (status, _, body) = call(&app, req).await;
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(body.contains("Idempotency-Key header must be 8 to 128 characters"), "{body}");
    }
    let mut twice = deactivate_terry("step-twice-001");
    twice.headers_mut().append("idempotency-key", "step-twice-002".parse().unwrap());
    let (status, _, body) = call(&app, twice).await;
    assert_eq!((status.as_u16(), body.contains("more than one Idempotency-Key")), (400, true), "{body}");
    assert_eq!(provider.changes(), 1, "nothing refused was sent");
    // On a read the key means nothing; a malformed run id is refused on any request.
    let mut read = get(&format!("/proxy/fa/api/user/{TERRY}"));
    read.headers_mut().insert("idempotency-key", "bad".parse().unwrap());
    assert_eq!(call(&app, read).await.0, 200);
    let mut read = get(&format!("/proxy/fa/api/user/{TERRY}"));
    read.headers_mut().insert("x-lockdesk-run", "run id".parse().unwrap());
    assert_eq!(call(&app, read).await.0, 400);
    // A proxy without a state file keeps no records, and says so rather than pretend.
    let (status, _, body) = call(&router(config(provider.addr)), deactivate_terry("step-nostate-1")).await;
    assert_eq!((status.as_u16(), body.contains("keeps no idempotency records")), (503, true), "{body}");
    assert_eq!(provider.changes(), 1);
}

#[tokio::test]
async fn a_listed_origin_may_send_the_keys_and_read_the_replay_mark() {
    let provider = fusion().await;
    let (audit, state) = files("cors");
    let app = router(keyed_config(provider.addr, &audit, &state));
    let preflight = axum::http::Request::builder()
        .method("OPTIONS")
        .uri(format!("/proxy/fa/api/user/{TERRY}"))
        .header("origin", "https://intranet.example.com")
        .header("access-control-request-method", "DELETE")
        .header("access-control-request-headers", "idempotency-key,x-lockdesk-run")
        .body(axum::body::Body::empty())
        .unwrap();
    let (status, headers, _) = call(&app, preflight).await;
    assert!(status.is_success(), "{status}");
    let allowed = headers["access-control-allow-headers"].to_str().unwrap().to_ascii_lowercase();
    assert!(allowed.contains("idempotency-key") && allowed.contains("x-lockdesk-run"), "{allowed}");
    let mut change = deactivate_terry("step-cors-0001");
    change.headers_mut().insert("origin", "https://intranet.example.com".parse().unwrap());
    let (_, headers, _) = call(&app, change).await;
    let exposed = headers["access-control-expose-headers"].to_str().unwrap().to_ascii_lowercase();
    assert!(exposed.contains("x-lockdesk-replayed"), "{exposed}");
}

#[tokio::test]
async fn docspace_changes_made_but_answered_500_are_made_once_and_answered_as_done() {
    use lockdesk_sandbox::DOCSPACE_MIKE_ID as MIKE;
    const TINA: &str = "d0c5face-0000-4000-8000-000000000004"; // terminated
    let (sandbox, addr) = provider::sandbox(SANDBOX_KEY).await;
    let app = sandbox_app(addr, "docspace");
    let adapter = idp::adapter(idp::ProviderKind::DocSpace, &idp::Settings::default()).unwrap();
    provider::set_faults(addr, "docspace", r#"{"fail_after_change": true}"#).await;
    let off = change_of(MIKE, idp::Action::Deactivate);
    let keyed = [("idempotency-key", "step-mike-0001"), ("x-lockdesk-run", "run-2024-0002")];
    let (status, _, _) = provider::send_with(&app, "docspace", adapter.as_ref(), &off, &keyed).await;
    assert_eq!((status, sandbox.docspace_status_changes(MIKE)), (500, 1), "made, then answered 500");
    let (status, headers, reading) = provider::send_with(&app, "docspace", adapter.as_ref(), &off, &keyed).await;
    assert_eq!((status, headers["x-lockdesk-replayed"].to_str().unwrap()), (202, "1"));
    assert_eq!(sandbox.docspace_status_changes(MIKE), 1, "not sent again");
    // DocSpace reads a status call's reply as the list of people changed, which no read gives: the
    // answer is "outcome unknown" with what the read found, and the panel's fresh read says made.
    let error = reading.unwrap_err();
    assert_eq!(error.kind, idp::ErrorKind::OutcomeUnknown);
    assert!(error.messages.iter().any(|m| m.contains("made this change")), "{:?}", error.messages);
    let read = idp::Operation::GetUser { id: idp::UserId::parse(MIKE).unwrap() };
    let (_, _, Ok(idp::Reply::User(mike))) = provider::send(&app, "docspace", adapter.as_ref(), &read).await else {
        panic!()
    };
    let active = idp::Status::new(idp::StatusKind::Active, "1");
    let found = idp::operation::ReadBack::Found(&mike.status);
    assert_eq!(adapter.shown_by(off.change().unwrap(), Some(&active), found), Some(true));
    // A delete made but answered 500: its retry gets an empty 204, which DocSpace reads as done.
    let delete = change_of(TINA, idp::Action::DeletePermanently);
    let keyed = [("idempotency-key", "step-tina-0001")];
    let (status, _, _) = provider::send_with(&app, "docspace", adapter.as_ref(), &delete, &keyed).await;
    assert_eq!((status, sandbox.docspace_state(TINA).unwrap().exists), (500, false));
    let (status, headers, reading) = provider::send_with(&app, "docspace", adapter.as_ref(), &delete, &keyed).await;
    assert_eq!((status, headers.contains_key("x-lockdesk-replayed")), (204, true));
    assert_eq!(reading.unwrap(), idp::Reply::Done);
}

#[tokio::test]
async fn docspace_a_change_refused_with_500_before_it_was_made_is_made_by_its_retry() {
    use lockdesk_sandbox::DOCSPACE_MIKE_ID as MIKE;
    let (sandbox, addr) = provider::sandbox(SANDBOX_KEY).await;
    let app = sandbox_app(addr, "docspace-retry");
    let adapter = idp::adapter(idp::ProviderKind::DocSpace, &idp::Settings::default()).unwrap();
    provider::set_faults(addr, "docspace", r#"{"fail_status": 500, "changes_only": true}"#).await;
    let off = change_of(MIKE, idp::Action::Deactivate);
    let keyed = [("idempotency-key", "step-mike-0002")];
    let (status, _, _) = provider::send_with(&app, "docspace", adapter.as_ref(), &off, &keyed).await;
    assert_eq!((status, sandbox.docspace_status_changes(MIKE)), (500, 0), "refused before it was made");
    provider::set_faults(addr, "docspace", r#"{"fail_status": null}"#).await;
    let (status, headers, reading) = provider::send_with(&app, "docspace", adapter.as_ref(), &off, &keyed).await;
    assert_eq!(
        (status, headers.contains_key("x-lockdesk-replayed")),
        (200, false),
        "sent again: the read showed it not made"
    );
    assert!(matches!(reading, Ok(idp::Reply::User(_))), "{reading:?}");
    assert_eq!(sandbox.docspace_status_changes(MIKE), 1);
}

#[tokio::test]
async fn scim_a_patch_sent_twice_with_one_key_is_made_once_despite_its_entity_tag() {
    use lockdesk_sandbox::SCIM_BJENSEN_ID as BARBARA;
    let (sandbox, addr) = provider::sandbox(SANDBOX_KEY).await;
    let app = sandbox_app(addr, "scim");
    let adapter = idp::adapter(idp::ProviderKind::Scim, &idp::Settings::default()).unwrap();
    let read = idp::Operation::GetUser { id: idp::UserId::parse(BARBARA).unwrap() };
    let (_, _, Ok(idp::Reply::User(barbara))) = provider::send(&app, "scim", adapter.as_ref(), &read).await else {
        panic!()
    };
    let off = idp::Operation::Change(idp::Change {
        precondition: barbara.precondition.clone(),
        ..idp::Change::new(idp::Action::Deactivate, barbara.id.clone())
    });
    let keyed = [("idempotency-key", "step-babs-0001")];
    for replayed in [false, true] {
        let (status, headers, reading) = provider::send_with(&app, "scim", adapter.as_ref(), &off, &keyed).await;
        assert_eq!((status, headers.contains_key("x-lockdesk-replayed")), (200, replayed));
        assert_eq!(reading.unwrap(), idp::Reply::Done, "not a 412 for the stale entity tag");
    }
    let now = sandbox.scim_state(BARBARA).unwrap();
    assert_eq!((now.patches, now.active), (1, false));
}
