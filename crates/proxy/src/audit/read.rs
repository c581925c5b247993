//! Reading the audit log back for `/api/audit`: newest first across the current file and the
//! rotated ones (`<path>`, `<path>.1` … `<path>.<keep>`), filtered and paged.
//!
//! Blocking file I/O: call it from `tokio::task::spawn_blocking`, never on an async worker. It
//! never takes the writer's lock and never writes: a change that started and has no `completed`
//! or `refused` line is reported with `"outcome": "unknown"` in what is returned, not in the
//! file. A torn last line (a crash, or a write still under way) is skipped, not an error.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fs::File;
use std::io::Read;
use std::sync::atomic::Ordering;
use std::time::Duration;

use serde::Deserialize;
use serde_json::Value;

use super::log::Files;

/// The `stage` filter's values: the three stages written, and `unfinished` (a `started` line
/// that no `completed` or `refused` line follows).
pub const STAGES: [&str; 4] = ["started", "completed", "refused", "unfinished"];

/// Which lines to return; `None` and empty lists match everything.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    /// The connections the reader may see (an admin's); `None`: all.
    pub connections: Option<Vec<String>>,
    pub operator: Option<String>,
    /// Target user id.
    pub user: Option<String>,
    pub connection: Option<String>,
    /// RFC 3339 prefixes, compared as text.
    pub since: Option<String>,
    pub until: Option<String>,
    /// Values of [`STAGES`].
    pub stages: Vec<String>,
}

/// One page of matching lines, newest first, and how many match in all.
#[derive(Debug, Default)]
pub struct Page {
    pub total: usize,
    pub lines: Vec<Value>,
}

/// The fields filters look at, borrowed from the line: only lines on the page are parsed whole.
#[derive(Deserialize)]
struct Head<'a> {
    #[serde(borrow)]
    time: Option<Cow<'a, str>>,
    #[serde(borrow)]
    stage: Option<Cow<'a, str>>,
    #[serde(borrow)]
    request_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    operator: Option<Cow<'a, str>>,
    #[serde(borrow)]
    connection: Option<Cow<'a, str>>,
    #[serde(borrow)]
    target_user_id: Option<Cow<'a, str>>,
}

fn text<'a>(field: &'a Option<Cow<'_, str>>) -> &'a str {
    field.as_deref().unwrap_or("")
}

impl Filter {
    fn matches(&self, head: &Head, unfinished: bool) -> bool {
        let is = |want: &Option<String>, got: &Option<Cow<str>>| want.as_ref().is_none_or(|w| w == text(got));
        let time = text(&head.time);
        let stage = text(&head.stage);
        self.connections.as_ref().is_none_or(|c| c.iter().any(|c| c == text(&head.connection)))
            && is(&self.operator, &head.operator)
            && is(&self.user, &head.target_user_id)
            && is(&self.connection, &head.connection)
            && self.since.as_ref().is_none_or(|s| time >= s.as_str())
            && self.until.as_ref().is_none_or(|u| time <= u.as_str())
            && (self.stages.is_empty() || self.stages.iter().any(|s| s == stage || (s == "unfinished" && unfinished)))
    }
}

/// The lines matching `filter`, newest first, skipping `offset` and returning at most `limit`
/// (`usize::MAX` for every match, as the CSV download wants); `total` counts every match.
pub fn select(files: &Files, filter: &Filter, offset: usize, limit: usize) -> std::io::Result<Page> {
    let mut page = Page::default();
    // Ids of changes that ended, seen so far. Ids are fresh per request and a change's end is
    // written after its start, so reading newest first meets the end before the start.
    let mut finished: HashSet<String> = HashSet::new();
    let mut unreadable = 0usize;
    let mut bytes = Vec::new();
    for mut file in open_all(files)? {
        bytes.clear();
        file.read_to_end(&mut bytes)?;
        // Whatever follows the last newline is a line not (yet) completely written.
        let whole = bytes.iter().rposition(|b| *b == b'\n').map_or(&bytes[..0], |end| &bytes[..end]);
        for raw in whole.rsplit(|b| *b == b'\n').filter(|l| !l.is_empty()) {
            let Ok(head) = serde_json::from_slice::<Head>(raw) else {
                unreadable += 1;
                continue;
            };
            let id = text(&head.request_id);
            let unfinished = match text(&head.stage) {
                "completed" | "refused" => {
                    finished.insert(id.to_owned());
                    false
                }
                // Each change has one started line, so its id is no longer needed.
                "started" => !finished.remove(id),
                _ => false,
            };
            if !filter.matches(&head, unfinished) {
                continue;
            }
            if page.total >= offset && page.lines.len() < limit {
                if let Ok(mut line) = serde_json::from_slice::<Value>(raw) {
                    if let (true, Some(fields)) = (unfinished, line.as_object_mut()) {
                        fields.insert("outcome".into(), "unknown".into());
                    }
                    page.lines.push(line);
                }
            }
            page.total += 1;
        }
    }
    if unreadable > 0 {
        tracing::warn!(lines = unreadable, "audit log lines that are not JSON were skipped");
    }
    Ok(page)
}

/// The log's files, newest first, opened while no rotation was renaming them (so no file is
/// read twice or missed); files that do not exist are left out.
fn open_all(files: &Files) -> std::io::Result<Vec<File>> {
    for _ in 0..50 {
        let before = files.rotations.load(Ordering::Acquire);
        if before.is_multiple_of(2) {
            let mut open = Vec::new();
            for age in 0..=files.keep {
                match File::open(files.numbered(age)) {
                    Ok(file) => open.push(file),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                }
            }
            if files.rotations.load(Ordering::Acquire) == before {
                return Ok(open);
            }
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    Err(std::io::Error::other("the audit log kept rotating while it was being opened"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::{AuditLine, AuditLog};
    use std::path::PathBuf;

    fn fresh(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("lockdesk-read-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("audit.jsonl")
    }

    fn started(n: usize) -> AuditLine {
        let id = idp::UserId::parse("4e0f2af0-33a2-4001-8631-0f8225e65f1c").unwrap();
        AuditLine::started(
            &format!("req-{n}"),
            "fa",
            &idp::Operation::Change(idp::Change::new(idp::Action::Deactivate, id)),
            None,
        )
    }

    fn all(log: &AuditLog, stages: &[&str]) -> Page {
        let filter = Filter { stages: stages.iter().map(|s| s.to_string()).collect(), ..Filter::default() };
        select(&log.files(), &filter, 0, usize::MAX).unwrap()
    }

    fn ids(page: &Page) -> Vec<&str> {
        page.lines.iter().map(|l| l["request_id"].as_str().unwrap()).collect()
    }

    #[test]
    fn reads_across_rotated_files_newest_first() {
        let path = fresh("rotated");
        let log = AuditLog::open(&path, 2000, 2).unwrap();
        let mut written = 0;
        while !PathBuf::from(format!("{}.2", path.display())).exists() {
            log.append(&started(written)).unwrap();
            written += 1;
        }
        assert!(!PathBuf::from(format!("{}.3", path.display())).exists());
        let page = all(&log, &[]);
        assert_eq!(page.total, written, "rotated twice with keep = 2: nothing dropped yet");
        assert_eq!(page.lines.len(), written);
        let expected: Vec<String> = (0..written).rev().map(|n| format!("req-{n}")).collect();
        assert_eq!(ids(&page), expected, "newest first, current file then .1 then .2");
        let times: Vec<&str> = page.lines.iter().map(|l| l["time"].as_str().unwrap()).collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "time descending");
        let paged = select(&log.files(), &Filter::default(), 3, 4).unwrap();
        assert_eq!((paged.total, ids(&paged)), (written, expected[3..7].iter().map(|s| s.as_str()).collect()));
    }

    #[test]
    fn a_torn_last_line_is_skipped() {
        let path = fresh("torn");
        let log = AuditLog::open(&path, 1 << 20, 2).unwrap();
        log.append(&started(1)).unwrap();
        log.append(&started(1).completed("allowed", Some(200), 5, None)).unwrap();
        let mut file = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
        std::io::Write::write_all(&mut file, br#"{"time":"2026-01-01T00:00:00.000Z","stage":"sta"#).unwrap();
        let page = all(&log, &[]);
        assert_eq!((page.total, page.lines[0]["stage"].as_str()), (2, Some("completed")));
        // After a restart the torn line ends, so the next line is whole and read.
        drop(log);
        let log = AuditLog::open(&path, 1 << 20, 2).unwrap();
        log.append(&started(2)).unwrap();
        let page = all(&log, &[]);
        assert_eq!(ids(&page), ["req-2", "req-1", "req-1"]);
    }

    #[test]
    fn a_started_change_without_completed_or_refused_is_unfinished_with_outcome_unknown() {
        let path = fresh("unfinished");
        let log = AuditLog::open(&path, 1 << 20, 2).unwrap();
        log.append(&started(1)).unwrap();
        log.append(&started(2)).unwrap();
        log.append(&started(1).completed("allowed", Some(200), 5, None)).unwrap();
        log.append(&started(3).refused("role too low")).unwrap();
        log.append(&started(4)).unwrap();
        let unfinished = all(&log, &["unfinished"]);
        assert_eq!(ids(&unfinished), ["req-4", "req-2"]);
        for line in &unfinished.lines {
            assert_eq!((line["stage"].as_str(), line["outcome"].as_str()), (Some("started"), Some("unknown")));
            assert_eq!(line["operation"], "deactivate_user", "the started line's fields are kept");
        }
        let started_lines = all(&log, &["started"]);
        let outcomes: Vec<_> = started_lines.lines.iter().map(|l| l["outcome"].as_str()).collect();
        assert_eq!(ids(&started_lines), ["req-4", "req-2", "req-1"]);
        assert_eq!(outcomes, [Some("unknown"), Some("unknown"), None], "a completed change's start is not unknown");
        let panel = all(&log, &["completed", "refused", "unfinished"]);
        assert_eq!(ids(&panel), ["req-4", "req-3", "req-1", "req-2"]);
        assert_eq!(panel.lines[1]["outcome"], "refused");
        assert!(std::fs::read_to_string(&path).unwrap().lines().all(|l| !l.contains("unknown")), "file unchanged");
    }

    #[test]
    fn an_end_in_a_newer_file_finishes_a_start_in_a_rotated_one() {
        let path = fresh("unfinished-rotated");
        let log = AuditLog::open(&path, 600, 3).unwrap();
        log.append(&started(1)).unwrap();
        log.append(&started(2)).unwrap();
        log.append(&started(1).completed("failed", Some(500), 5, None)).unwrap();
        assert!(PathBuf::from(format!("{}.1", path.display())).exists(), "the test needs a rotation");
        assert_eq!(ids(&all(&log, &["unfinished"])), ["req-2"]);
    }

    #[test]
    fn filters_apply_and_total_counts_every_match() {
        let path = fresh("filters");
        let log = AuditLog::open(&path, 1 << 20, 2).unwrap();
        for n in 0..10 {
            let line = AuditLine { connection: if n % 2 == 0 { "fa" } else { "ok" }.into(), ..started(n) };
            log.append(&line).unwrap();
        }
        let filter = Filter { connections: Some(vec!["ok".into()]), ..Filter::default() };
        let page = select(&log.files(), &filter, 1, 2).unwrap();
        assert_eq!((page.total, ids(&page)), (5, vec!["req-7", "req-5"]));
        let filter = Filter { connection: Some("fa".into()), operator: Some("nobody".into()), ..Filter::default() };
        assert_eq!(select(&log.files(), &filter, 0, 50).unwrap().total, 0);
    }
}
