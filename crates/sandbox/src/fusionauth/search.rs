//! `POST /api/user/search` with a `SearchRequest` body → `SearchResponse {total, users}`.
//!
//! The sandbox's simplification of FusionAuth's Elasticsearch `queryString`: surrounding
//! whitespace is stripped; `*` or an empty/absent string matches every user; otherwise one
//! leading and one trailing unescaped `*` are removed, backslash escapes are undone (`\(` → `(`),
//! and the rest must occur, case-insensitively, as a substring of firstName, lastName, fullName,
//! email or username. Field syntax (`email:…`), boolean operators and the raw `query` JSON are not
//! interpreted (`query` alone → 400). `ids`, if given, restricts the result to those users.
//!
//! Paging: `startRow` (default 0, negative → 400) and `numberOfResults` (default 25, 0..=500,
//! else 400 with a field error). Sorting: email ascending unless `sortFields` names email,
//! fullName, firstName, lastName, username, insertInstant or lastLoginInstant (asc/desc); ties
//! break on id. Deactivated users are returned (as FusionAuth does); hard-deleted ones are gone.
//!
//! This module must not mutate the state.

use std::cmp::Ordering;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::wire::{Errors, SearchRequest, SearchResponse, SortField, User, UserSearchCriteria};
use super::FusionAuth;
use super::{errors, invalid_json, json, tenant_scope};

const DEFAULT_RESULTS: i64 = 25;
const MAX_RESULTS: i64 = 500;

/// The handler.
pub(crate) async fn search(State(sb): State<FusionAuth>, headers: HeaderMap, body: Bytes) -> Response {
    let request: SearchRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => return invalid_json(&e),
    };
    let Some(criteria) = request.search else {
        let body = Errors::field("[missing]", "search", "The search object is required.");
        return errors(StatusCode::BAD_REQUEST, body);
    };
    let plan = match Plan::new(&criteria) {
        Ok(plan) => plan,
        Err(body) => return errors(StatusCode::BAD_REQUEST, body),
    };
    let scope = tenant_scope(&headers);
    let response = sb.with_state(|s| {
        let mut hits: Vec<&User> = s
            .records
            .iter()
            .map(|r| &r.user)
            .filter(|u| scope.as_deref().is_none_or(|t| u.tenant_id == t))
            .filter(|u| plan.ids.as_ref().is_none_or(|ids| ids.contains(&u.id)))
            .filter(|u| plan.needle.as_deref().is_none_or(|n| matches(u, n)))
            .collect();
        hits.sort_by(|a, b| plan.compare(a, b));
        let users = hits.iter().skip(plan.start).take(plan.count).map(|u| (*u).clone()).collect();
        SearchResponse { total: hits.len() as u64, users }
    });
    json(StatusCode::OK, &response)
}

/// A validated search.
struct Plan {
    needle: Option<String>,
    ids: Option<Vec<String>>,
    start: usize,
    count: usize,
    sort: Vec<(Key, bool)>,
}

#[derive(Clone, Copy)]
enum Key {
    Email,
    FullName,
    FirstName,
    LastName,
    Username,
    InsertInstant,
    LastLoginInstant,
}

impl Plan {
    fn new(c: &UserSearchCriteria) -> Result<Plan, Errors> {
        if c.query.is_some() && c.query_string.is_none() && c.ids.is_none() {
            let message = "The sandbox does not interpret Elasticsearch query JSON; use search.queryString.";
            return Err(Errors::field("[notSupported]", "search.query", message));
        }
        let start = c.start_row.unwrap_or(0);
        let start = usize::try_from(start)
            .map_err(|_| Errors::field("[invalid]", "search.startRow", "startRow must be 0 or greater."))?;
        let count = c.number_of_results.unwrap_or(DEFAULT_RESULTS);
        if count > MAX_RESULTS {
            let message = format!("numberOfResults must be {MAX_RESULTS} or less.");
            return Err(Errors::field("[tooLarge]", "search.numberOfResults", message));
        }
        let count = usize::try_from(count).map_err(|_| {
            Errors::field("[invalid]", "search.numberOfResults", "numberOfResults must be 0 or greater.")
        })?;
        let sort = c.sort_fields.as_deref().unwrap_or_default().iter().map(sort_key).collect::<Result<_, _>>()?;
        let ids = c.ids.as_ref().map(|ids| ids.iter().map(|id| id.to_ascii_lowercase()).collect());
        Ok(Plan { needle: needle(c.query_string.as_deref().unwrap_or("")), ids, start, count, sort })
    }

    fn compare(&self, a: &User, b: &User) -> Ordering {
        let default = [(Key::Email, false)];
        let keys = if self.sort.is_empty() { &default[..] } else { &self.sort[..] };
        keys.iter()
            .map(|&(key, desc)| {
                let order = compare_by(key, a, b);
                if desc {
                    order.reverse()
                } else {
                    order
                }
            })
            .find(|o| o.is_ne())
            .unwrap_or_else(|| a.id.cmp(&b.id))
    }
}

fn sort_key(field: &SortField) -> Result<(Key, bool), Errors> {
    let key = match field.name.as_str() {
        "email" => Key::Email,
        "fullName" => Key::FullName,
        "firstName" => Key::FirstName,
        "lastName" => Key::LastName,
        "username" => Key::Username,
        "insertInstant" => Key::InsertInstant,
        "lastLoginInstant" | "login.lastLoginInstant" => Key::LastLoginInstant,
        other => {
            let message = format!("The sandbox cannot sort on [{other}].");
            return Err(Errors::field("[invalid]", "search.sortFields", message));
        }
    };
    match field.order.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("asc") => Ok((key, false)),
        Some("desc") => Ok((key, true)),
        Some(_) => Err(Errors::field("[invalid]", "search.sortFields", "order must be asc or desc.")),
    }
}

/// Compares one field; absent values sort after present ones.
fn compare_by(key: Key, a: &User, b: &User) -> Ordering {
    fn text(v: &Option<String>) -> Option<String> {
        v.as_deref().map(str::to_lowercase)
    }
    fn some_first<T: Ord>(a: Option<T>, b: Option<T>) -> Ordering {
        match (a, b) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    match key {
        Key::Email => some_first(text(&a.email), text(&b.email)),
        Key::FullName => some_first(text(&a.full_name), text(&b.full_name)),
        Key::FirstName => some_first(text(&a.first_name), text(&b.first_name)),
        Key::LastName => some_first(text(&a.last_name), text(&b.last_name)),
        Key::Username => some_first(text(&a.username), text(&b.username)),
        Key::InsertInstant => some_first(a.insert_instant, b.insert_instant),
        Key::LastLoginInstant => some_first(a.last_login_instant, b.last_login_instant),
    }
}

/// The lowercase substring to look for, or `None` for "every user".
pub(crate) fn needle(query: &str) -> Option<String> {
    let mut q = query.trim();
    q = q.strip_prefix('*').unwrap_or(q);
    if let Some(rest) = q.strip_suffix('*') {
        let backslashes = rest.chars().rev().take_while(|&c| c == '\\').count();
        if backslashes % 2 == 0 {
            q = rest;
        }
    }
    let mut out = String::with_capacity(q.len());
    let mut chars = q.chars();
    while let Some(c) = chars.next() {
        out.push(if c == '\\' { chars.next().unwrap_or('\\') } else { c });
    }
    let out = out.to_lowercase();
    if out.is_empty() {
        None
    } else {
        Some(out)
    }
}

fn matches(user: &User, needle: &str) -> bool {
    [&user.first_name, &user.last_name, &user.full_name, &user.email, &user.username]
        .into_iter()
        .any(|f| f.as_deref().is_some_and(|v| v.to_lowercase().contains(needle)))
}

#[cfg(test)]
mod tests {
    use super::needle;

    #[test]
    fn needle_follows_the_documented_simplification() {
        assert_eq!(needle("  *  "), None);
        assert_eq!(needle(""), None);
        assert_eq!(needle("Terry*"), Some("terry".into()));
        assert_eq!(needle("*@Example.com"), Some("@example.com".into()));
        assert_eq!(needle(r"o'neil \(it\)"), Some("o'neil (it)".into()));
        assert_eq!(needle(r"star\*"), Some("star*".into()));
    }
}
