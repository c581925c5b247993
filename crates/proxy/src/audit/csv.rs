//! The audit log as a CSV download (the `csv` crate does the quoting). A cell that a spreadsheet
//! would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) gets a leading `'`,
//! so a hostile display name cannot become a formula in the admin's spreadsheet.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use crate::web::refusal::refuse;

/// The columns, in order; the same names as the JSON fields. New columns go at the end, so
/// spreadsheets and scripts built on the old ones keep working.
pub const COLUMNS: [&str; 19] = [
    "time",
    "stage",
    "outcome",
    "operator",
    "role",
    "connection",
    "operation",
    "target_user_id",
    "target_name",
    "state_before",
    "state_after",
    "upstream_status",
    "duration_ms",
    "reason",
    "request_id",
    "settled_by",
    "email_to_person",
    "run_id",
    "idempotency_key",
];

/// `lines` (audit JSON objects) as `lockdesk-audit.csv`.
pub fn download(lines: &[serde_json::Value]) -> Response {
    match to_csv(lines) {
        Ok(bytes) => {
            let mut resp = (StatusCode::OK, bytes).into_response();
            let headers = resp.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"));
            headers.insert(
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"lockdesk-audit.csv\""),
            );
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            resp
        }
        Err(e) => {
            tracing::error!(error = %e, "audit CSV could not be written");
            refuse(StatusCode::INTERNAL_SERVER_ERROR, "The audit log could not be turned into CSV.")
        }
    }
}

fn to_csv(lines: &[serde_json::Value]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(COLUMNS)?;
    for line in lines {
        out.write_record(COLUMNS.iter().map(|c| cell(&line[*c])))?;
    }
    out.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

fn cell(value: &serde_json::Value) -> String {
    let text = match value {
        serde_json::Value::Null => String::new(),
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        let line = serde_json::json!({
            "time": "2026-11-23T10:00:00.000Z", "stage": "completed", "outcome": "allowed",
            "operation": "deactivate_user", "target_name": "=HYPERLINK(\"http://evil\",\"x\")",
            "state_before": "Active", "state_after": "Deactivated", "upstream_status": 200,
            "reason": "a, b\nc", "operator": "@ada"
        });
        let text = String::from_utf8(to_csv(&[line]).unwrap()).unwrap();
        let mut rows = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(rows.headers().unwrap().iter().collect::<Vec<_>>(), COLUMNS);
        let row = rows.records().next().unwrap().unwrap();
        assert_eq!(&row[8], "'=HYPERLINK(\"http://evil\",\"x\")");
        assert_eq!(&row[3], "'@ada");
        assert_eq!(&row[13], "a, b\nc", "commas and newlines survive quoting");
        assert_eq!(&row[11], "200");
        assert_eq!(&row[4], "", "absent fields are empty cells");
    }

    #[test]
    fn unknown_outcomes_and_what_settled_them_are_columns() {
        let lines = [
            serde_json::json!({"stage": "started", "outcome": "unknown", "request_id": "r1"}),
            serde_json::json!({"stage": "completed", "outcome": "unknown", "settled_by": "read-back"}),
        ];
        let text = String::from_utf8(to_csv(&lines).unwrap()).unwrap();
        let rows: Vec<csv::StringRecord> =
            csv::Reader::from_reader(text.as_bytes()).records().map(Result::unwrap).collect();
        assert_eq!((&rows[0][1], &rows[0][2], &rows[0][14]), ("started", "unknown", "r1"));
        assert_eq!((&rows[1][2], &rows[1][15]), ("unknown", "read-back"));
    }
}
