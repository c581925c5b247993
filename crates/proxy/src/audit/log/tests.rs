//! The audit log's own tests: lines are JSON and rotate by size; an unwritable log is an error.

use super::*;

fn line(n: usize) -> AuditLine {
    let id = idp::UserId::parse("4e0f2af0-33a2-4001-8631-0f8225e65f1c").unwrap();
    AuditLine::started(
        &format!("req-{n}"),
        "fa",
        &idp::Operation::Change(idp::Change::new(idp::Action::Deactivate, id)),
        Some(("alice", idp::Role::Helpdesk)),
    )
}

#[test]
fn lines_are_json_and_rotate_by_size() {
    let dir = std::env::temp_dir().join(format!("lockdesk-audit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("audit.jsonl");
    let log = AuditLog::open(&path, 1000, 2).unwrap();
    for n in 0..20 {
        log.append(&line(n)).unwrap();
        log.append(&line(n).completed("allowed", Some(200), 12, None)).unwrap();
    }
    let current = std::fs::read_to_string(&path).unwrap();
    assert!(current.len() <= 1000, "{}", current.len());
    for text in [current, std::fs::read_to_string(dir.join("audit.jsonl.1")).unwrap()] {
        for l in text.lines() {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            assert_eq!(v["operation"], "deactivate_user");
            assert_eq!(v["target_user_id"], "4e0f2af0-33a2-4001-8631-0f8225e65f1c");
        }
    }
    assert!(dir.join("audit.jsonl.2").exists());
    assert!(!dir.join("audit.jsonl.3").exists(), "keeps only 2 rotated files");
}

#[test]
fn an_unwritable_log_is_an_error_not_a_silent_skip() {
    let log = AuditLog::open(Path::new("/dev/full"), 1 << 20, 1).unwrap();
    assert!(log.append(&line(1)).is_err());
}
