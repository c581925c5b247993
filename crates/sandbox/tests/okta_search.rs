//! `GET /api/v1/users`: the `search=` expression language (operators, and/or, parentheses,
//! escapes, hostile literals, malformed input), `limit` validation, `q=`, the plain list, and
//! cursor paging through `Link` headers under both mounts.

mod common;

use std::collections::HashSet;

use axum::http::StatusCode;
use common::*;
use serde_json::Value;

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn search(sb: &lockdesk_sandbox::Sandbox, expr: &str) -> Reply {
    okta(sb, "GET", &format!("/api/v1/users?search={}", encode(expr))).await
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap().to_string()).collect()
}

async fn hits(sb: &lockdesk_sandbox::Sandbox, expr: &str) -> Vec<String> {
    let r = search(sb, expr).await;
    assert_eq!(r.status, StatusCode::OK, "{expr}: {}", String::from_utf8_lossy(&r.body));
    ids(&r.json())
}

#[tokio::test]
async fn comparisons_are_case_insensitive_on_profile_attributes() {
    let sb = sandbox();
    assert_eq!(hits(&sb, r#"profile.email eq "ISAAC.BROCK@example.com""#).await, [ISAAC]);
    assert_eq!(hits(&sb, r#"profile.login eq "terry@example.com""#).await, [OKTA_TERRY]);
    assert_eq!(hits(&sb, r#"profile.firstName sw "LARA""#).await, [LARA]);
    assert_eq!(hits(&sb, r#"profile.lastName co "PROVISION""#).await, [DEE, PAULA]);
    assert_eq!(hits(&sb, r#"status eq "activating""#).await, [UNKNOWN]);
    assert_eq!(hits(&sb, r#"id eq "00ub0oNGTSWTBKOLGLNR""#).await, [ISAAC]);
    assert!(hits(&sb, r#"id eq "00UB0ONGTSWTBKOLGLNR""#).await.is_empty(), "ids match exactly");
    assert_eq!(hits(&sb, r#"profile.department eq "engineering" and profile.email co "@gmail""#).await.len(), 1);
    assert!(hits(&sb, r#"profile.nosuch eq "x""#).await.is_empty());
}

#[tokio::test]
async fn and_or_and_parentheses() {
    let sb = sandbox();
    let either = hits(&sb, r#"profile.firstName eq "Sam" or profile.firstName eq "Lara""#).await;
    assert_eq!(either, [LARA, SAM]);
    let mixed = r#"profile.firstName eq "Sam" or profile.firstName eq "Lara" and status eq "ACTIVE""#;
    assert_eq!(hits(&sb, mixed).await, [SAM], "and binds tighter than or");
    let grouped = r#"(profile.firstName eq "Sam" or profile.firstName eq "Lara") and status eq "LOCKED_OUT""#;
    assert_eq!(hits(&sb, grouped).await, [LARA]);
    let upper = r#"(profile.firstName EQ "Sam") OR (profile.firstName eq "Lara")"#;
    assert_eq!(hits(&sb, upper).await.len(), 2, "operators are case-insensitive");
    let not_staged = hits(&sb, r#"(status lt "STAGED" or status gt "STAGED") and profile.email sw "stella""#).await;
    assert!(not_staged.is_empty(), "the spec's ne idiom");
}

#[tokio::test]
async fn escapes_and_hostile_literals_match_literally() {
    let sb = sandbox();
    assert_eq!(hits(&sb, r#"profile.nickName eq "say \"hi\" \\o/""#).await, [ODD]);
    assert_eq!(hits(&sb, r#"profile.nickName sw "SAY \"HI\"""#).await, [ODD]);
    let hostile = r#"profile.lastName eq "x\" or status eq \"ACTIVE""#;
    assert!(hits(&sb, hostile).await.is_empty(), "the quote inside the literal is not syntax");
    let injected = r#"profile.lastName eq "x" or status eq "ACTIVE""#;
    assert!(hits(&sb, injected).await.len() > 10, "unescaped, the same text is an or");
}

#[tokio::test]
async fn malformed_expressions_are_400_e0000031() {
    let sb = sandbox();
    for bad in [
        "",
        "status",
        r#"status eq ACTIVE"#,
        r#"status eq "ACTIVE"#,
        r#"status eq "ACT\IVE""#,
        r#"status ne "ACTIVE""#,
        r#"(status eq "ACTIVE""#,
        r#"status eq "ACTIVE")"#,
        r#"status eq "ACTIVE" and"#,
        r#"profile.email co "x" or id co "00u""#,
        r#"profile.nickName co "\"hi\"""#,
        r#"Status eq "ACTIVE""#,
        r#"status eq "A"; DROP"#,
    ] {
        let r = search(&sb, bad).await;
        let body = assert_okta_error(&r, StatusCode::BAD_REQUEST, "E0000031");
        assert_eq!(body["errorSummary"], "Invalid search criteria.", "{bad}");
        assert!(body["errorCauses"][0]["errorSummary"].is_string(), "{bad}");
    }
    let deep = format!("{}status eq \"ACTIVE\"{}", "(".repeat(200), ")".repeat(200));
    assert_okta_error(&search(&sb, &deep).await, StatusCode::BAD_REQUEST, "E0000031");
    let r = okta(&sb, "GET", "/api/v1/users?filter=status%20eq%20%22ACTIVE%22").await;
    assert_okta_error(&r, StatusCode::BAD_REQUEST, "E0000031");
}

#[tokio::test]
async fn limit_outside_1_to_200_is_400_e0000001() {
    let sb = lockdesk_sandbox::Sandbox::seeded(1, 300, KEY.into());
    for limit in ["0", "201", "-1", "abc", "1e3", ""] {
        let r = okta(&sb, "GET", &format!("/api/v1/users?limit={limit}")).await;
        assert_okta_error(&r, StatusCode::BAD_REQUEST, "E0000001");
    }
    let r = okta(&sb, "GET", "/api/v1/users?limit=200&search=id%20sw%20%2200u%22").await;
    assert_eq!(r.json().as_array().unwrap().len(), 200);
    let r = okta(&sb, "GET", "/api/v1/users?search=id%20sw%20%2200u%22").await;
    assert_eq!(r.json().as_array().unwrap().len(), 200, "limit defaults to 200");
}

#[tokio::test]
async fn search_includes_deprovisioned_the_plain_list_and_q_do_not() {
    let sb = sandbox();
    assert_eq!(hits(&sb, r#"profile.email eq "dee.deprovisioned@example.com""#).await, [DEE]);
    let r = okta(&sb, "GET", "/api/v1/users?limit=200").await;
    let listed = r.json();
    assert!(listed.as_array().unwrap().iter().all(|u| u["status"] != "DEPROVISIONED"));
    let r = okta(&sb, "GET", "/api/v1/users?q=dee").await;
    assert!(!ids(&r.json()).contains(&DEE.to_string()));
    let r = okta(&sb, "GET", "/api/v1/users?q=STELLA").await;
    assert_eq!(ids(&r.json()), [STELLA]);
}

/// Follows `rel="next"` links from `first` (an absolute URL under `origin`), returning every id.
async fn walk(sb: &lockdesk_sandbox::Sandbox, via_root: bool, origin: &str, first: &str) -> (Vec<String>, usize) {
    let (mut all, mut pages, mut next) = (Vec::new(), 0, Some(first.to_string()));
    while let Some(url) = next {
        let path = url.strip_prefix(origin).unwrap_or_else(|| panic!("{url} is not under {origin}")).to_string();
        let headers = [("authorization", OKTA_AUTH), ("host", "okta.sandbox.test:8443")];
        let r = if via_root {
            send_to(sb.okta_router(), "GET", &path, &headers, None).await
        } else {
            send(sb, "GET", &path, &headers, None).await
        };
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(link(&r, "self").is_some(), "{path}");
        all.extend(ids(&r.json()));
        pages += 1;
        next = link(&r, "next");
    }
    (all, pages)
}

#[tokio::test]
async fn link_cursors_page_through_everyone_without_gaps_or_duplicates() {
    let sb = lockdesk_sandbox::Sandbox::seeded(9, 520, KEY.into());
    let query = format!("limit=37&search={}", encode(r#"id sw "00u""#));
    for (via_root, mount) in [(false, "/okta"), (true, "")] {
        let origin = "http://okta.sandbox.test:8443";
        let first = format!("{origin}{mount}/api/v1/users?{query}");
        let (all, pages) = walk(&sb, via_root, origin, &first).await;
        assert_eq!(all.len(), sb.okta_user_count(), "mount {mount:?}");
        assert_eq!(all.iter().collect::<HashSet<_>>().len(), all.len(), "no duplicates");
        let mut sorted = all.clone();
        sorted.sort();
        assert_eq!(all, sorted, "stable id order");
        assert_eq!(pages, sb.okta_user_count().div_ceil(37));
    }
    let r = okta(&sb, "GET", &format!("/api/v1/users?{query}")).await;
    let next = link(&r, "next").unwrap();
    assert!(next.starts_with("http://localhost/okta/api/v1/users?after=00u"), "{next}");
    assert!(next.ends_with("&limit=37&search=id%20sw%20%2200u%22"), "{next}");
    assert_eq!(link(&r, "self").unwrap(), format!("http://localhost/okta/api/v1/users?{query}"));
    let statuses: HashSet<String> = {
        let r = okta(&sb, "GET", "/api/v1/users?search=status%20eq%20%22RECOVERY%22").await;
        r.json().as_array().unwrap().iter().map(|u| u["status"].as_str().unwrap().to_string()).collect()
    };
    assert_eq!(statuses.len(), 1);
}

#[tokio::test]
async fn the_last_page_has_no_next_and_a_stale_cursor_still_works() {
    let sb = sandbox();
    let r = okta(&sb, "GET", "/api/v1/users?search=status%20eq%20%22LOCKED_OUT%22&limit=200").await;
    assert!(link(&r, "next").is_none());
    let r = okta(&sb, "GET", "/api/v1/users?after=00uzzzzzzzzzzzzzzzzz&search=id%20sw%20%2200u%22").await;
    assert_eq!(r.json(), serde_json::json!([]));
    let r = okta(&sb, "GET", &format!("/api/v1/users?after={STELLA}&limit=1&search=id%20sw%20%2200u%22")).await;
    assert!(ids(&r.json())[0].as_str() > STELLA);
}
