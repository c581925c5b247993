//! The SQLite store on its own: open, claim, set and get, a fingerprint that differs, pruning,
//! and the durability settings.

use super::*;
use crate::state::KEEP_FOR;

fn fresh(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lockdesk-state-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir.join("nested").join("state.sqlite")
}

fn id(key: &str) -> RecordId {
    RecordId { connection: "fa".into(), key: key.into() }
}

fn deactivate(user: &str) -> idp::Operation {
    idp::Operation::Change(idp::Change::new(idp::Action::Deactivate, idp::UserId::parse(user).unwrap()))
}

fn reply() -> StoredReply {
    StoredReply {
        status: 200,
        content_type: Some("application/json".into()),
        headers: vec![("x-ratelimit-remaining".into(), "99".into()), ("etag".into(), "W/\"2\"".into())],
        body: br#"{"user":{"id":"u1","active":false}}"#.to_vec(),
    }
}

#[tokio::test]
async fn a_key_is_claimed_once_and_keeps_its_reply_across_a_reopen() {
    let path = fresh("claim");
    let store = SqliteStore::open(&path).await.unwrap();
    assert!(path.is_file(), "the file and its folder are created");
    let print = Fingerprint::of("fa", Some("hal"), &deactivate("u1")).unwrap();
    assert_eq!(
        (print.operator.as_str(), print.operation.as_str(), print.target.as_str()),
        ("hal", "deactivate_user", "u1")
    );
    assert_eq!(store.claim(&id("key-00001"), &print).await.unwrap(), Claimed::Fresh);
    let Claimed::Existing(again) = store.claim(&id("key-00001"), &print).await.unwrap() else {
        panic!("claimed twice")
    };
    assert_eq!((again.state.clone(), again.fingerprint.clone()), (RecordState::InProgress, print.clone()));
    assert!(again.created_ms > 0 && again.updated_ms >= again.created_ms);
    // Another connection's key of the same name is another record.
    let other = RecordId { connection: "okta".into(), key: "key-00001".into() };
    assert_eq!(store.claim(&other, &print).await.unwrap(), Claimed::Fresh);

    store.set(&id("key-00001"), &RecordState::Final(reply())).await.unwrap();
    store.close().await;
    let reopened = SqliteStore::open(&path).await.unwrap();
    let record = reopened.get(&id("key-00001")).await.unwrap().expect("kept on disk");
    assert_eq!(record.state, RecordState::Final(reply()));
    assert_eq!(record.fingerprint, print);
    reopened.set(&id("key-00001"), &RecordState::Retryable).await.unwrap();
    let record = reopened.get(&id("key-00001")).await.unwrap().unwrap();
    assert_eq!(record.state, RecordState::Retryable, "the reply goes with the final state");
    assert!(reopened.set(&id("never-claimed"), &RecordState::Retryable).await.is_err(), "no record, no update");
    assert_eq!(reopened.get(&id("never-claimed")).await.unwrap(), None);
    let _ = std::fs::remove_dir_all(path.parent().unwrap().parent().unwrap());
}

#[tokio::test]
async fn a_key_used_for_another_change_shows_the_first_fingerprint() {
    let store = SqliteStore::open(&fresh("mismatch")).await.unwrap();
    let first = Fingerprint::of("fa", None, &deactivate("u1")).unwrap();
    let other_person = Fingerprint::of("fa", None, &deactivate("u2")).unwrap();
    let other_operator = Fingerprint::of("fa", Some("ada"), &deactivate("u1")).unwrap();
    let reactivate =
        idp::Operation::Change(idp::Change::new(idp::Action::Reactivate, idp::UserId::parse("u1").unwrap()));
    let other_action = Fingerprint::of("fa", None, &reactivate).unwrap();
    let versioned = idp::Operation::Change(idp::Change {
        precondition: Some(idp::model::Precondition::Version(3)),
        ..idp::Change::new(idp::Action::Deactivate, idp::UserId::parse("u1").unwrap())
    });
    let other_version = Fingerprint::of("fa", None, &versioned).unwrap();
    assert_eq!(first, Fingerprint::of("fa", None, &deactivate("u1")).unwrap(), "the same change, the same print");
    for other in [&other_person, &other_operator, &other_action, &other_version] {
        assert_ne!(first.digest, other.digest, "{other:?}");
    }
    assert_eq!(first.operator, "", "no operator accounts");
    store.claim(&id("shared-key"), &first).await.unwrap();
    let Claimed::Existing(record) = store.claim(&id("shared-key"), &other_person).await.unwrap() else { panic!() };
    assert_eq!(record.fingerprint, first, "the first use stands; nothing was overwritten");
}

#[tokio::test]
async fn records_untouched_for_a_week_go_when_the_store_opens() {
    let path = fresh("prune");
    let store = SqliteStore::open(&path).await.unwrap();
    let print = Fingerprint::of("fa", None, &deactivate("u1")).unwrap();
    for key in ["old-key-1", "new-key-1"] {
        store.claim(&id(key), &print).await.unwrap();
    }
    let week_ms = i64::try_from(KEEP_FOR.as_millis()).unwrap();
    sqlx::query("UPDATE idempotency SET updated_ms = ? WHERE key = 'old-key-1'")
        .bind(now_ms() - week_ms - 60_000)
        .execute(&store.pool)
        .await
        .unwrap();
    store.close().await;
    let reopened = SqliteStore::open(&path).await.unwrap();
    assert_eq!(reopened.get(&id("old-key-1")).await.unwrap(), None, "older than 7 days: deleted at open");
    assert!(reopened.get(&id("new-key-1")).await.unwrap().is_some());
    assert_eq!(reopened.prune(now_ms() + 1).await.unwrap(), 1);
    assert_eq!(reopened.get(&id("new-key-1")).await.unwrap(), None);
}

#[tokio::test]
async fn the_file_is_in_wal_mode_and_every_commit_is_synced() {
    let store = SqliteStore::open(&fresh("durable")).await.unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&store.pool).await.unwrap();
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous").fetch_one(&store.pool).await.unwrap();
    assert_eq!((mode.as_str(), sync), ("wal", 2), "2 is FULL");
}

#[tokio::test]
async fn a_file_that_cannot_be_made_is_an_error_that_names_it() {
    let blocker = fresh("blocked");
    std::fs::create_dir_all(blocker.parent().unwrap()).unwrap();
    std::fs::write(blocker.parent().unwrap().join("file"), b"x").unwrap();
    let inside_a_file = blocker.parent().unwrap().join("file").join("state.sqlite");
    let error = match SqliteStore::open(&inside_a_file).await {
        Ok(_) => panic!("opened a store inside a file"),
        Err(e) => e.to_string(),
    };
    assert!(error.contains("cannot create the folder"), "{error}");
}
