//! A run's report as the operator downloads it: CSV (one line per step, for a spreadsheet) and
//! JSON (the whole journal). Every cell is provider or operator text, so a cell a spreadsheet would
//! run as a formula (`=`, `+`, `-`, `@`, a tab or a carriage return first) is written with a
//! leading apostrophe. Times are UTC, ISO 8601. Pure: the run in, text out.

use crate::journal::{Run, StepState};

const COLUMNS: [&str; 14] = [
    "run",
    "line",
    "email",
    "connection",
    "account id",
    "name",
    "step",
    "outcome",
    "attempts",
    "started (UTC)",
    "finished (UTC)",
    "answer",
    "before",
    "after",
];

/// The report as CSV, one line per step.
pub fn csv(run: &Run) -> String {
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(COLUMNS);
    for account in &run.accounts {
        for step in &account.steps {
            let outcome = match step.state {
                StepState::Pending => "not run",
                StepState::Running => "running",
                StepState::Done => "done",
                StepState::Skipped => "skipped",
                StepState::Failed => "failed",
            };
            let row = [
                run.id.clone(),
                account.line.to_string(),
                account.email.clone(),
                account.connection.clone(),
                account.user_id.clone(),
                account.name.clone(),
                step.action.label().to_string(),
                outcome.to_string(),
                step.attempts.to_string(),
                step.started_ms.map(iso_utc).unwrap_or_default(),
                step.finished_ms.map(iso_utc).unwrap_or_default(),
                step.answer.clone().unwrap_or_default(),
                account.before.clone().unwrap_or_default(),
                account.after.clone().unwrap_or_default(),
            ];
            let _ = out.write_record(row.iter().map(|cell| defuse(cell)));
        }
    }
    for (line, email) in &run.not_found {
        let row = [run.id.as_str(), &line.to_string(), email, "", "", "", "", "not found in any connection"];
        let mut cells: Vec<String> = row.iter().map(|c| defuse(c)).collect();
        cells.resize(COLUMNS.len(), String::new());
        let _ = out.write_record(&cells);
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The report as JSON: the journal itself.
pub fn json(run: &Run) -> String {
    run.to_json()
}

/// A cell a spreadsheet will show as text.
fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Milliseconds since the epoch as `2026-12-02T18:05:09Z`.
pub fn iso_utc(ms: u64) -> String {
    let secs = ms / 1000;
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Days to a civil date (Howard Hinnant's algorithm, proleptic Gregorian).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::{NewAccount, Outcome};
    use idp::Action;

    #[test]
    fn dates_are_utc() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_utc(951_782_400_000), "2000-02-29T00:00:00Z");
        assert_eq!(iso_utc(1_796_234_709_000), "2026-12-02T18:05:09Z");
    }

    #[test]
    fn the_csv_has_a_line_per_step_and_no_formula_survives() {
        let mut run = Run::new(
            "run-1234",
            0,
            vec![NewAccount {
                line: 2,
                email: "terry@example.com".into(),
                connection: "okta".into(),
                user_id: "00u1".into(),
                name: "=HYPERLINK(\"http://evil\",\"Terry\")".into(),
                before: Some("Can sign in · Active".into()),
                calls: vec![Action::SignOutEverywhere, Action::Deactivate],
            }],
            vec![(3, "nobody@example.com".into())],
        );
        run.start(0, 0, 1_000).unwrap();
        run.finish(0, 0, Outcome::Done("Signed out, \"everywhere\"".into()), 2_000).unwrap();
        let text = csv(&run);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 3);
        assert_eq!(&rows[0][5], "'=HYPERLINK(\"http://evil\",\"Terry\")");
        assert_eq!(&rows[0][6], "Sign out everywhere");
        assert_eq!(&rows[0][7], "done");
        assert_eq!(&rows[0][9], "1970-01-01T00:00:01Z");
        assert_eq!(&rows[0][11], "Signed out, \"everywhere\"");
        assert_eq!(&rows[1][7], "not run");
        assert_eq!(&rows[2][2], "nobody@example.com");
        assert_eq!(&rows[2][7], "not found in any connection");
        assert_eq!(json(&run).matches("\"key\"").count(), 2);
    }
}
