//! `POST /api/v2/users/search` (`UserSearchRequest`, `Content-Type: application/json` else 415)
//! and its page tokens, `GET /api/v2/users/search?q64=<base64 of a request>`.
//!
//! - `pageSize` 1..=100 (default 25), `pageNumber` ≥ 1 (default 1), else 400 invalid.value.
//! - `query`: at least one criterion, AND'ed. A criterion has `type` `EXACT`, `CONTAINS` or
//!   `STARTS_WITH` (exact spelling), non-empty `fields` (OR'ed) from name, email, username,
//!   state, department, title, division.id, and `value` and/or `values` (any of them). Matching is
//!   case-insensitive; a person without the field does not match. An empty query, an unknown
//!   type or field, a criterion without fields or values, or an unknown request field → 400
//!   invalid.value naming it. `sortOrder` and `sortBy` are accepted and ignored.
//! - Without a criterion on `state`, deleted people are left out (everyone else, the hostile
//!   `suspended` person included, can match); with one, the criterion alone decides.
//! - Results are ordered by name (case-insensitive), then id. `currentPage`, `nextPage` (when a
//!   further page has results) and `previousPage` (when `pageNumber` > 1) are the `q64` of that
//!   page's request (the request as parsed, with `pageSize` and `pageNumber` filled in). A page
//!   past the end → 200 with no results.
//!
//! This module must not change anything.

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use super::wire::{User, UserSearchCriteria, UserSearchRequest, UserState, UsersSearchResponse};
use super::{invalid_value, json, query, unsupported_media_type, Ctx};
use crate::codec::{base64_decode, base64_encode, content_type_is};

const DEFAULT_PAGE_SIZE: i64 = 25;
const MAX_PAGE_SIZE: i64 = 100;

/// A searchable field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Email,
    Username,
    State,
    Department,
    Title,
    DivisionId,
}

impl Field {
    fn parse(name: &str) -> Option<Field> {
        Some(match name {
            "name" => Field::Name,
            "email" => Field::Email,
            "username" => Field::Username,
            "state" => Field::State,
            "department" => Field::Department,
            "title" => Field::Title,
            "division.id" => Field::DivisionId,
            _ => return None,
        })
    }

    fn of(self, user: &User) -> Option<&str> {
        match self {
            Field::Name => Some(&user.name),
            Field::Email => Some(&user.email),
            Field::Username => Some(&user.username),
            Field::State => Some(user.state.as_str()),
            Field::Department => user.department.as_deref(),
            Field::Title => user.title.as_deref(),
            Field::DivisionId => Some(&user.division.id),
        }
    }
}

/// How a criterion compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Exact,
    Contains,
    StartsWith,
}

/// A checked criterion, values lowercased.
struct Criterion {
    kind: Kind,
    fields: Vec<Field>,
    values: Vec<String>,
}

impl Criterion {
    fn parse(c: &UserSearchCriteria) -> Result<Criterion, String> {
        let kind = match c.criteria_type.as_str() {
            "EXACT" => Kind::Exact,
            "CONTAINS" => Kind::Contains,
            "STARTS_WITH" => Kind::StartsWith,
            other => return Err(format!("Invalid search criteria type {other:?}: use EXACT, CONTAINS or STARTS_WITH")),
        };
        if c.fields.is_empty() {
            return Err("A search criterion needs at least one field".into());
        }
        let fields = c
            .fields
            .iter()
            .map(|f| Field::parse(f).ok_or_else(|| format!("Invalid search field {f:?}")))
            .collect::<Result<Vec<_>, _>>()?;
        let values: Vec<String> = c.value.iter().chain(c.values.iter().flatten()).map(|v| v.to_lowercase()).collect();
        if values.is_empty() {
            return Err("A search criterion needs a value or values".into());
        }
        Ok(Criterion { kind, fields, values })
    }

    fn matches(&self, user: &User) -> bool {
        self.fields.iter().filter_map(|f| f.of(user)).any(|text| {
            let text = text.to_lowercase();
            self.values.iter().any(|v| match self.kind {
                Kind::Exact => text == *v,
                Kind::Contains => text.contains(v.as_str()),
                Kind::StartsWith => text.starts_with(v.as_str()),
            })
        })
    }
}

/// `POST /api/v2/users/search`.
pub(crate) async fn search(State(ctx): State<Ctx>, headers: HeaderMap, body: Bytes) -> Response {
    if !content_type_is(&headers, "application/json") {
        return unsupported_media_type("application/json");
    }
    match serde_json::from_slice::<UserSearchRequest>(&body) {
        Ok(request) => run(&ctx, request),
        Err(e) => invalid_value(format!("Invalid search request: {e}")),
    }
}

/// `GET /api/v2/users/search?q64=`.
pub(crate) async fn search_q64(State(ctx): State<Ctx>, RawQuery(raw): RawQuery) -> Response {
    let params = query(raw.as_deref());
    if let Some((other, _)) = params.iter().find(|(k, _)| k != "q64") {
        return invalid_value(format!("Unsupported query parameter: {other:?}"));
    }
    let Some((_, q64)) = params.first() else {
        return invalid_value("q64 is required");
    };
    let request = base64_decode(q64.trim()).and_then(|bytes| serde_json::from_slice::<UserSearchRequest>(&bytes).ok());
    match request {
        Some(request) => run(&ctx, request),
        None => invalid_value("q64 is not the base64 of a search request"),
    }
}

fn run(ctx: &Ctx, mut request: UserSearchRequest) -> Response {
    let page_size = request.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
    if !(1..=MAX_PAGE_SIZE).contains(&page_size) {
        return invalid_value(format!("pageSize must be 1..={MAX_PAGE_SIZE}, not {page_size}"));
    }
    let page_number = request.page_number.unwrap_or(1);
    if page_number < 1 {
        return invalid_value(format!("pageNumber must be at least 1, not {page_number}"));
    }
    if request.query.is_empty() {
        return invalid_value("The search request needs at least one query criterion");
    }
    let criteria = match request.query.iter().map(Criterion::parse).collect::<Result<Vec<_>, _>>() {
        Ok(criteria) => criteria,
        Err(message) => return invalid_value(message),
    };
    let on_state = criteria.iter().any(|c| c.fields.contains(&Field::State));
    let mut hits: Vec<User> = ctx.genesys.with_state(|g| {
        g.records
            .iter()
            .map(|r| &r.user)
            .filter(|u| on_state || u.state != UserState::Deleted)
            .filter(|u| criteria.iter().all(|c| c.matches(u)))
            .cloned()
            .collect()
    });
    hits.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then_with(|| a.id.cmp(&b.id)));
    // Both are positive and bounded above (page_size ≤ 100), so the conversions are exact.
    let (size, number) = (page_size.unsigned_abs(), page_number.unsigned_abs());
    let total = hits.len() as u64;
    let page_count = total.div_ceil(size);
    let skip = usize::try_from((number - 1).saturating_mul(size)).unwrap_or(usize::MAX);
    let results: Vec<User> = hits.into_iter().skip(skip).take(size as usize).collect();
    request.page_size = Some(page_size);
    let mut q64 = |n: i64| {
        request.page_number = Some(n);
        base64_encode(&serde_json::to_vec(&request).unwrap_or_default())
    };
    let body = UsersSearchResponse {
        total,
        page_count,
        page_size: size,
        page_number: number,
        current_page: q64(page_number),
        next_page: (number < page_count).then(|| q64(page_number + 1)),
        previous_page: (page_number > 1).then(|| q64(page_number - 1)),
        types: vec!["users".into()],
        results,
    };
    json(StatusCode::OK, &body)
}
