//! Users: retrieve (`GET /api/v1/users/{idOrLogin}`, with a weak `ETag`), list and search
//! (`GET /api/v1/users`), delete, revoke sessions and list factors.
//!
//! - Lookup takes the id, the login (ASCII case-insensitive) or an unambiguous login shortname.
//! - List: `search=` (see `search`; includes DEPROVISIONED) or, without it, every user but
//!   DEPROVISIONED ones; `q=` is a case-insensitive prefix match on firstName, lastName or email
//!   that omits DEPROVISIONED users and does not paginate (limit default 10). `filter=` is not
//!   implemented (400 E0000031). Results are ordered by id; `limit` (default 200, 1..=200, else 400
//!   E0000001) and the opaque cursor `after` (the last id of the previous page) page through them.
//!   Every list reply has `Link: <…>; rel="self"`, plus `rel="next"` when more results remain.
//! - `DELETE /api/v1/users/{id}`: a DEPROVISIONED user is deleted; any other user is deactivated
//!   at once, `Prefer: respond-async` or not (a second DELETE then deletes) → 204. A user whose change is in flight → 403 E0000038.
//! - `DELETE /api/v1/users/{id}/sessions?oauthTokens=&forgetDevices=` → 204; sessions cleared,
//!   and the user's OAuth tokens too with `oauthTokens=true`.
//!
//! Each of those DELETEs that succeeds counts as one change of the user (`crate::traffic`). This
//! module must not change users except through those two DELETEs.

use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::clock::now_ms;
use super::lifecycle::not_allowed;
use super::search::{self, Expr};
use super::wire::{Href, Links, User, UserStatus};
use super::{empty, error, flag, invalid_parameter, json, param, percent_encode, query, user_not_found, Ctx};
use crate::simulator::Simulator;

const DEFAULT_LIMIT: usize = 200;
const MAX_LIMIT: usize = 200;
const DEFAULT_Q_LIMIT: usize = 10;

/// `GET /api/v1/users/{idOrLogin}` → 200 User with `ETag`, or 404.
pub(crate) async fn get_user(
    State(ctx): State<Ctx>,
    path: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let Ok(Path(key)) = path else {
        return user_not_found("");
    };
    let Some(user) = ctx.okta.with_state(|o| o.find(&key).map(|i| o.records[i].user.clone())) else {
        return user_not_found(&key);
    };
    let etag = etag(&user);
    let body = with_links(&ctx, &headers, user);
    let mut response = (StatusCode::OK, Json(body)).into_response();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    response
}

/// A weak entity tag: FNV-1a over the user's JSON, so it changes whenever the user does.
fn etag(user: &User) -> String {
    let bytes = serde_json::to_vec(user).unwrap_or_default();
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
    format!("W/\"{hash:016x}\"")
}

fn with_links(ctx: &Ctx, headers: &HeaderMap, mut user: User) -> User {
    let href = format!("{}/api/v1/users/{}", ctx.base(headers), percent_encode(&user.id));
    user.links = Some(Links { self_link: Href { href } });
    user
}

/// How a list request selects users.
enum Selection {
    Search(String, Expr),
    Q(String),
    All,
}

/// `GET /api/v1/users` → 200 `[User]` with `Link` headers.
pub(crate) async fn list(State(ctx): State<Ctx>, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    let params = query(raw.as_deref());
    if param(&params, "filter").is_some() && param(&params, "search").is_none() {
        let cause = "The sandbox implements search= and q=, not filter=.".to_string();
        return error(StatusCode::BAD_REQUEST, "E0000031", "Invalid search criteria.", &[cause]);
    }
    let selection = match (param(&params, "search"), param(&params, "q")) {
        (Some(text), _) => match search::parse(text) {
            Ok(expr) => Selection::Search(text.to_string(), expr),
            Err(e) => return error(StatusCode::BAD_REQUEST, "E0000031", "Invalid search criteria.", &[e.0]),
        },
        (None, Some(q)) => Selection::Q(q.trim().to_lowercase()),
        (None, None) => Selection::All,
    };
    let default = if matches!(selection, Selection::Q(_)) { DEFAULT_Q_LIMIT } else { DEFAULT_LIMIT };
    let limit = match param(&params, "limit").map(|v| v.trim().parse::<usize>()) {
        None => default,
        Some(Ok(n)) if (1..=MAX_LIMIT).contains(&n) => n,
        Some(_) => return invalid_parameter("limit", format!("limit: must be an integer from 1 to {MAX_LIMIT}")),
    };
    let after = param(&params, "after").map(str::to_string);
    let (page, more) = ctx.okta.with_state(|o| {
        let mut hits: Vec<&User> = o
            .records
            .iter()
            .map(|r| &r.user)
            .filter(|u| selected(&selection, u))
            .filter(|u| after.as_ref().is_none_or(|a| u.id.as_str() > a.as_str()))
            .collect();
        hits.sort_by(|a, b| a.id.cmp(&b.id));
        let page: Vec<User> = hits.iter().take(limit).map(|u| (*u).clone()).collect();
        (page, hits.len() > limit)
    });
    let base = ctx.base(&headers);
    let filter = match &selection {
        Selection::Search(text, _) => format!("&search={}", percent_encode(text)),
        Selection::Q(_) => format!("&q={}", percent_encode(param(&params, "q").unwrap_or_default())),
        Selection::All => String::new(),
    };
    let from = after.as_deref().map(|a| format!("after={}&", percent_encode(a))).unwrap_or_default();
    let mut links = vec![format!("<{base}/api/v1/users?{from}limit={limit}{filter}>; rel=\"self\"")];
    if let (true, false, Some(last)) = (more, matches!(selection, Selection::Q(_)), page.last()) {
        let cursor = percent_encode(&last.id);
        links.push(format!("<{base}/api/v1/users?after={cursor}&limit={limit}{filter}>; rel=\"next\""));
    }
    let body: Vec<User> = page.into_iter().map(|u| with_links(&ctx, &headers, u)).collect();
    let mut response = json(StatusCode::OK, &body);
    for link in links {
        if let Ok(value) = HeaderValue::from_str(&link) {
            response.headers_mut().append(header::LINK, value);
        }
    }
    response
}

fn selected(selection: &Selection, user: &User) -> bool {
    match selection {
        Selection::Search(_, expr) => expr.matches(user),
        Selection::All => user.status != UserStatus::Deprovisioned,
        Selection::Q(q) => {
            let p = &user.profile;
            let starts = |v: Option<&String>| v.is_some_and(|v| v.to_lowercase().starts_with(q.as_str()));
            user.status != UserStatus::Deprovisioned
                && (starts(p.first_name.as_ref()) || starts(p.last_name.as_ref()) || starts(Some(&p.email)))
        }
    }
}

/// `DELETE /api/v1/users/{idOrLogin}[?sendEmail=]` → 204 (deleted, or only deactivated).
pub(crate) async fn delete_user(
    State(ctx): State<Ctx>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Ok(Path(key)) = path else {
        return user_not_found("");
    };
    if let Err(refusal) = flag(&query(raw.as_deref()), "sendEmail", false) {
        return *refusal;
    }
    let outcome = ctx.okta.with_state(|o| {
        let index = o.find(&key)?;
        let record = &mut o.records[index];
        if record.pending.is_some() {
            return Some(false);
        }
        if record.user.status == UserStatus::Deprovisioned {
            ctx.okta.traffic().applied(&record.user.id, "delete");
            o.records.remove(index);
        } else {
            ctx.okta.traffic().applied(&record.user.id, "lifecycle");
            record.set_status(UserStatus::Deprovisioned, now_ms());
        }
        Some(true)
    });
    match outcome {
        None => user_not_found(&key),
        Some(false) => not_allowed(),
        Some(true) => empty(StatusCode::NO_CONTENT),
    }
}

/// `DELETE /api/v1/users/{userId}/sessions[?oauthTokens=&forgetDevices=]` → 204.
pub(crate) async fn revoke_sessions(
    State(ctx): State<Ctx>,
    path: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Response {
    let Ok(Path(key)) = path else {
        return user_not_found("");
    };
    let params = query(raw.as_deref());
    let oauth = match flag(&params, "oauthTokens", false).and_then(|o| flag(&params, "forgetDevices", true).map(|_| o))
    {
        Ok(o) => o,
        Err(refusal) => return *refusal,
    };
    let found = ctx.okta.with_state(|o| {
        let index = o.find(&key)?;
        let record = &mut o.records[index];
        record.sessions = 0;
        if oauth {
            record.oauth_tokens = 0;
        }
        ctx.okta.traffic().applied(&record.user.id, "sign_out");
        Some(())
    });
    match found {
        Some(()) => empty(StatusCode::NO_CONTENT),
        None => user_not_found(&key),
    }
}

/// `GET /api/v1/users/{userId}/factors` → 200 `[UserFactor]` (enrolled factors).
pub(crate) async fn factors(State(ctx): State<Ctx>, path: Result<Path<String>, PathRejection>) -> Response {
    let Ok(Path(key)) = path else {
        return user_not_found("");
    };
    match ctx.okta.with_state(|o| o.find(&key).map(|i| o.records[i].factors.clone())) {
        Some(factors) => json(StatusCode::OK, &factors),
        None => user_not_found(&key),
    }
}
