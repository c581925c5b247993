//! The audit log: one JSON line per stage of every mutating call, allowed or refused, appended to
//! a file that log shippers can read (JSONL).
//!
//! A call is recorded *before* it is forwarded (`stage: "started"`) and again when it ends
//! (`stage: "completed"` with outcome and status), the way Kubernetes audit stages work: if the
//! first line cannot be written (full disk, revoked permissions) the call is refused rather than
//! performed unrecorded. Lines never contain secrets, headers or request bodies. The file is
//! opened append-only, each line is synced to disk (`sync_data`) before `append` returns, and it
//! is rotated by size (the folder synced too, so a rotation survives a power loss). This module
//! never rewrites or truncates a line already written; reading back is `read`'s job.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
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
    /// `allowed`, `refused`, `failed` or `unknown` (no reply, and the read-back could not settle
    /// it); absent on `started` lines.
    pub outcome: Option<&'static str>,
    /// Why a change was refused by the proxy itself.
    pub reason: Option<&'static str>,
    pub upstream_status: Option<u16>,
    pub duration_ms: Option<u64>,
    /// What settled an outcome the provider's reply did not give (`read-back`); `None` otherwise.
    pub settled_by: Option<&'static str>,
    /// For a create: the new person's address and the kind of account (the provider's word,
    /// e.g. "DocSpace admin"), so every line says who was made, and with what rights.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_type: Option<String>,
    /// For an activation: whether the provider was asked to email the person their link
    /// (`false`: any link it returned was shown once on the operator's screen; never recorded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_to_person: Option<bool>,
    /// The bulk run (`X-Lockdesk-Run`) and the step's `Idempotency-Key` a change came with, so
    /// a run's every step can be found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
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
            state_before: None,
            state_after: None,
            outcome: None,
            upstream_status: None,
            duration_ms: None,
            settled_by: None,
            target_email: new_person(op).map(|p| p.email.as_str().to_owned()),
            target_name: new_person(op).map(|p| idp::model::shorten_to(&p.full_name(), 120)),
            account_type: new_person(op).map(|p| p.kind.clone()),
            email_to_person: op
                .change()
                .filter(|c| matches!(c.action, idp::Action::Activate | idp::Action::Reactivate))
                .map(|c| c.notify),
            run_id: None,
            idempotency_key: None,
        }
    }

    /// The same line with the run and the idempotency key the change came with.
    pub fn with_run(mut self, run_id: Option<&str>, key: Option<&str>) -> AuditLine {
        self.run_id = run_id.map(str::to_owned);
        self.idempotency_key = key.map(str::to_owned);
        self
    }

    /// The same line with a create's account type named as the provider names it (`types`, the
    /// adapter's `person_types`), not by its code.
    pub fn with_account_label(mut self, types: &[idp::PersonType]) -> AuditLine {
        if let Some(code) = &self.account_type {
            if let Some(t) = types.iter().find(|t| t.code == code) {
                self.account_type = Some(format!("{} ({code})", t.label));
            }
        }
        self
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
    file: File,
    written: u64,
    /// A rotation whose folder sync has not succeeded yet: no line is written until it does.
    folder_unsynced: bool,
}

/// An append-only JSONL file, rotated to `<path>.1` … `<path>.<keep>` past `max_bytes`.
pub struct AuditLog {
    writer: Mutex<Writer>,
    files: Files,
    max_bytes: u64,
}

/// Where a log's files are, for readers: never the writer's lock, only the names and a counter
/// that tells a reader a rotation happened while it was opening the files.
#[derive(Clone)]
pub struct Files {
    /// The current file; `<path>.1` is the newest rotated one.
    pub path: PathBuf,
    /// How many rotated files are kept.
    pub keep: u32,
    /// Odd while a rotation is renaming files; bumped twice per rotation.
    pub(crate) rotations: Arc<AtomicU64>,
}

impl Files {
    /// The file `age` rotations old (0: the current file).
    pub fn numbered(&self, age: u32) -> PathBuf {
        match age {
            0 => self.path.clone(),
            n => PathBuf::from(format!("{}.{n}", self.path.display())),
        }
    }
}

fn open_append(path: &Path) -> std::io::Result<File> {
    OpenOptions::new().create(true).append(true).open(path)
}

/// Makes renames and new files in `path`'s folder durable (a file's own sync does not).
fn sync_folder(path: &Path) -> std::io::Result<()> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    File::open(dir)?.sync_all()
}

/// Whether the file ends mid-line (a crash during a write): the next line must not be glued on.
fn ends_torn(path: &Path, len: u64) -> std::io::Result<bool> {
    if len == 0 {
        return Ok(false);
    }
    let mut file = File::open(path)?;
    file.seek(SeekFrom::End(-1))?;
    let mut last = [0u8; 1];
    file.read_exact(&mut last)?;
    Ok(last[0] != b'\n')
}

/// Marks a rotation as under way until dropped, even when a rename fails half-way.
struct Rotating<'a>(&'a AtomicU64);

impl Drop for Rotating<'_> {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::Release);
    }
}

impl AuditLog {
    /// Opens (or creates, with its folder) the log for appending.
    pub fn open(path: &Path, max_bytes: u64, keep: u32) -> std::io::Result<AuditLog> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let existed = path.exists();
        let mut file = open_append(path)?;
        let mut written = file.metadata()?.len();
        if !existed {
            sync_folder(path)?;
        } else if file.metadata()?.is_file() && ends_torn(path, written)? {
            // The torn line stays (append-only) but ends here, so readers skip just that line.
            file.write_all(b"\n")?;
            file.sync_data()?;
            written += 1;
        }
        let files = Files { path: path.to_owned(), keep, rotations: Arc::default() };
        Ok(AuditLog { writer: Mutex::new(Writer { file, written, folder_unsynced: false }), files, max_bytes })
    }

    /// Appends one line and syncs it to disk before returning; rotates first when the file is
    /// full. An error means the line may not be durable, so the caller must not go ahead.
    pub fn append(&self, line: &AuditLine) -> std::io::Result<()> {
        let mut text = serde_json::to_vec(line).map_err(std::io::Error::other)?;
        text.push(b'\n');
        let mut w = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        if w.written > 0 && w.written + text.len() as u64 > self.max_bytes {
            self.rotate(&mut w)?;
        }
        if w.folder_unsynced {
            sync_folder(&self.files.path)?;
            w.folder_unsynced = false;
        }
        if let Err(e) = w.file.write_all(&text) {
            // A part-written line would swallow the next one: cut the file back to the last
            // whole line (best effort; a reader skips a torn line anyway).
            let whole = w.written;
            let _ = w.file.set_len(whole);
            return Err(e);
        }
        w.written += text.len() as u64;
        w.file.sync_data()
    }

    /// The log's file names, for reading without the writer's lock (see `read`).
    pub fn files(&self) -> Files {
        self.files.clone()
    }

    fn rotate(&self, w: &mut Writer) -> std::io::Result<()> {
        let files = &self.files;
        files.rotations.fetch_add(1, Ordering::AcqRel);
        let _done = Rotating(&files.rotations);
        for n in (1..files.keep).rev() {
            if files.numbered(n).exists() {
                std::fs::rename(files.numbered(n), files.numbered(n + 1))?;
            }
        }
        if files.keep > 0 {
            std::fs::rename(&files.path, files.numbered(1))?;
        } else {
            std::fs::remove_file(&files.path)?;
        }
        w.file = open_append(&files.path)?;
        w.written = 0;
        w.folder_unsynced = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests;

fn new_person(op: &idp::Operation) -> Option<&idp::NewPerson> {
    match op {
        idp::Operation::CreateUser { person } => Some(person),
        _ => None,
    }
}
