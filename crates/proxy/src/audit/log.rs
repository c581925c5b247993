//! The audit log: one JSON line per stage of every mutating call, allowed or refused, appended to
//! a file that log shippers can read (JSONL).
//!
//! A call is recorded *before* it is forwarded (`stage: "started"`) and again when it ends
//! (`stage: "completed"` with outcome and status), the way Kubernetes audit stages work: if the
//! first line cannot be written (full disk, revoked permissions) the call is refused rather than
//! performed unrecorded. Lines never contain secrets, headers or request bodies. The file is
//! opened append-only, flushed per line and rotated by size.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use serde::Serialize;

/// One audit record.
#[derive(Debug, Clone, Serialize)]
pub struct AuditLine {
    pub time: String,
    pub stage: &'static str,
    pub request_id: String,
    /// Who acted; `None` when the proxy has no operator accounts (open loopback demos).
    pub operator: Option<String>,
    pub role: Option<idp::Role>,
    pub connection: String,
    pub operation: &'static str,
    pub target_user_id: Option<String>,
    /// The target's display name as the provider had it before the change.
    pub target_name: Option<String>,
    /// The padlock word before and after (`Active`, `Deactivated`, `Deleted`…), read from the
    /// provider; absent when it could not be read.
    pub state_before: Option<String>,
    pub state_after: Option<String>,
    /// `allowed`, `refused` or `failed` (completed lines only).
    pub outcome: Option<&'static str>,
    /// Why a change was refused by the proxy itself.
    pub reason: Option<&'static str>,
    pub upstream_status: Option<u16>,
    pub duration_ms: Option<u64>,
}

impl AuditLine {
    /// A `started` line stamped now.
    pub fn started(
        request_id: &str,
        connection: &str,
        op: &idp::Operation,
        who: Option<(&str, idp::Role)>,
    ) -> AuditLine {
        AuditLine {
            time: humantime::format_rfc3339_millis(SystemTime::now()).to_string(),
            stage: "started",
            request_id: request_id.to_owned(),
            operator: who.map(|(name, _)| name.to_owned()),
            role: who.map(|(_, role)| role),
            reason: None,
            connection: connection.to_owned(),
            operation: op.name(),
            target_user_id: op.target().map(|id| id.to_string()),
            target_name: None,
            state_before: None,
            state_after: None,
            outcome: None,
            upstream_status: None,
            duration_ms: None,
        }
    }

    /// A single line for a change the proxy refused itself (nothing was sent).
    pub fn refused(&self, reason: &'static str) -> AuditLine {
        AuditLine { stage: "refused", outcome: Some("refused"), reason: Some(reason), ..self.clone() }
    }

    /// The same line with the target as read before the change.
    pub fn with_target(&self, before: Option<&idp::User>) -> AuditLine {
        AuditLine {
            target_name: before.map(|u| idp::model::shorten_to(&u.display_name, 120)),
            state_before: before.map(|u| u.status.label()),
            ..self.clone()
        }
    }

    /// The matching `completed` line.
    pub fn completed(
        &self,
        outcome: &'static str,
        upstream_status: Option<u16>,
        duration_ms: u64,
        state_after: Option<String>,
    ) -> AuditLine {
        AuditLine {
            state_after,
            time: humantime::format_rfc3339_millis(SystemTime::now()).to_string(),
            stage: "completed",
            outcome: Some(outcome),
            upstream_status,
            duration_ms: Some(duration_ms),
            ..self.clone()
        }
    }
}

struct Writer {
    path: PathBuf,
    file: File,
    written: u64,
}

/// An append-only JSONL file, rotated to `<path>.1` … `<path>.<keep>` past `max_bytes`.
pub struct AuditLog {
    writer: Mutex<Writer>,
    max_bytes: u64,
    keep: u32,
}

fn open_append(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

impl AuditLog {
    /// Opens (or creates, with its folder) the log for appending.
    pub fn open(path: &Path, max_bytes: u64, keep: u32) -> std::io::Result<AuditLog> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let file = open_append(path)?;
        let written = file.metadata()?.len();
        Ok(AuditLog { writer: Mutex::new(Writer { path: path.to_owned(), file, written }), max_bytes, keep })
    }

    /// Appends one line and flushes it; rotates first when the file is full.
    pub fn append(&self, line: &AuditLine) -> std::io::Result<()> {
        let mut text = serde_json::to_vec(line).map_err(std::io::Error::other)?;
        text.push(b'\n');
        let mut w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        if w.written > 0 && w.written + text.len() as u64 > self.max_bytes {
            self.rotate(&mut w)?;
        }
        w.file.write_all(&text)?;
        w.file.flush()?;
        w.written += text.len() as u64;
        Ok(())
    }

    /// The current file's lines, newest first (rotated files are for log shippers, not the UI).
    pub fn read_newest_first(&self) -> std::io::Result<Vec<serde_json::Value>> {
        let path = self.writer.lock().unwrap_or_else(|e| e.into_inner()).path.clone();
        let text = std::fs::read_to_string(path)?;
        Ok(text.lines().rev().filter_map(|l| serde_json::from_str(l).ok()).collect())
    }

    fn rotate(&self, w: &mut Writer) -> std::io::Result<()> {
        let numbered = |n: u32| PathBuf::from(format!("{}.{n}", w.path.display()));
        for n in (1..self.keep).rev() {
            if numbered(n).exists() {
                std::fs::rename(numbered(n), numbered(n + 1))?;
            }
        }
        if self.keep > 0 {
            std::fs::rename(&w.path, numbered(1))?;
        } else {
            std::fs::remove_file(&w.path)?;
        }
        w.file = open_append(&w.path)?;
        w.written = 0;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(n: usize) -> AuditLine {
        let id = idp::UserId::parse("4e0f2af0-33a2-4001-8631-0f8225e65f1c").unwrap();
        AuditLine::started(
            &format!("req-{n}"),
            "fa",
            &idp::Operation::DeactivateUser { id },
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
}
