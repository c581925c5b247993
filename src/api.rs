//! The panel's only caller of `idp`: turns what a person asked for into operations, sends them
//! through `transport`, and reads the replies. Pages call these functions; they never build URLs
//! or headers themselves.

mod confirm;
mod create;
mod proxy;
pub mod run;
pub mod transport;

pub use confirm::{confirm, Confirmation};
pub use create::{create_user, created_after, Created};
use proxy::proxy_error;
pub use proxy::{get_session, list_connections, sign_in, sign_out};

use idp::provider::into_page;
use idp::{
    Change, Error, ErrorKind, IdentityProvider, Page, PageToken, ProviderKind, Reply, SearchInput, Settings, User,
};
use serde::Deserialize;

/// Results per search page.
pub const PAGE_SIZE: u32 = 25;

/// A connection as `/api/connections` describes it (never a secret).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ConnectionInfo {
    pub id: String,
    pub label: String,
    pub kind: ProviderKind,
    /// `vault` (the proxy holds the key) or `operator` (the operator types their own).
    pub credential_mode: String,
    /// The non-secret settings the adapter needs to build what the proxy rebuilds.
    #[serde(default)]
    pub settings: Settings,
}

impl ConnectionInfo {
    /// Whether the operator must type an API key before using this connection.
    pub fn needs_operator_key(&self) -> bool {
        self.credential_mode == "operator"
    }

    /// The credential mode in plain words.
    pub fn mode_label(&self) -> &'static str {
        if self.needs_operator_key() {
            "You sign in with your own API key"
        } else {
            "Keys held by the proxy"
        }
    }

    /// The adapter for this connection's provider, with the settings the proxy handed out.
    pub fn adapter(&self) -> Result<Box<dyn IdentityProvider>, Error> {
        idp::adapter(self.kind, &self.settings).map_err(|e| Error::new(ErrorKind::Unexpected, e.to_string()))
    }
}

/// A connection plus, in operator mode, the key the operator typed (memory only).
#[derive(Clone)]
pub struct Target {
    pub connection: ConnectionInfo,
    pub operator_key: Option<String>,
}

/// Who is signed in to the proxy, as `/api/session` says.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SessionInfo {
    /// Whether this proxy asks operators to sign in at all.
    pub required: bool,
    pub signed_in: bool,
    pub name: Option<String>,
    /// Role per connection id (`"*"` for all others).
    #[serde(default)]
    pub roles: std::collections::HashMap<String, idp::Role>,
}

impl SessionInfo {
    /// The operator's role on `connection`; `None` when sign-in is not required (no limits).
    pub fn role_on(&self, connection: &str) -> Option<idp::Role> {
        if !self.required {
            return None;
        }
        idp::operation::role_on(&self.roles, connection)
    }
}

thread_local! {
    static SESSION_ENDED: std::cell::RefCell<Option<Box<dyn Fn()>>> = const { std::cell::RefCell::new(None) };
}

/// Registers what to do when the proxy says the operator's session has ended (the session state
/// re-reads it, so the sign-in form replaces the page).
pub fn on_session_ended(f: impl Fn() + 'static) {
    SESSION_ENDED.with(|cell| *cell.borrow_mut() = Some(Box::new(f)));
}

fn noticed(e: Error) -> Error {
    if e.kind == ErrorKind::SignInRequired {
        SESSION_ENDED.with(|cell| {
            if let Some(f) = cell.borrow().as_ref() {
                f();
            }
        });
    }
    e
}

async fn run(target: &Target, op: &idp::Operation) -> Result<Reply, Error> {
    call(target, op, &[]).await.0
}

/// Sends `op` with `extra` headers (a bulk run's step key and run id) and reads the reply, with the
/// provider's rate window when the reply describes one.
async fn call(
    target: &Target,
    op: &idp::Operation,
    extra: &[(http::HeaderName, &str)],
) -> (Result<Reply, Error>, Option<idp::RateWindow>) {
    let adapter = match target.connection.adapter() {
        Ok(a) => a,
        Err(e) => return (Err(e), None),
    };
    let mut req = adapter.build(op);
    if let Some(key) = &target.operator_key {
        if let Err(e) = adapter.authorize(&mut req, key) {
            return (Err(e), None);
        }
    }
    for (name, value) in extra {
        if let Ok(value) = http::HeaderValue::from_str(value) {
            req.headers_mut().insert(name.clone(), value);
        }
    }
    let resp = match transport::send(&target.connection.id, req, adapter.reply_headers()).await {
        Ok(resp) => resp,
        Err(e) => return (Err(Error { provider: Some(target.connection.kind), ..e }), None),
    };
    let now_s = (js_sys::Date::now() / 1000.0) as u64;
    let window = adapter.rate_window(&resp, now_s);
    (adapter.interpret(op, &resp).map_err(noticed), window)
}

/// One page of users matching what was typed (from `page`, else the first); an empty page when
/// nobody matches. With it, what was searched instead when the provider could not search this way.
pub async fn search_users(
    target: &Target,
    text: &str,
    page: Option<PageToken>,
) -> Result<(Page<User>, Option<&'static str>), Error> {
    let adapter = target.connection.adapter()?;
    let input = SearchInput::parse(text, |t| adapter.looks_like_id(t))?;
    if let SearchInput::Id(id) = &input {
        // The same reads as the detail page, so a soft-deleted person is found by id too.
        return match get_user(target, id.as_str()).await {
            Ok(user) => Ok((Page { items: vec![user], next: None, total: Some(1) }, None)),
            Err(e) if e.kind == ErrorKind::NotFound => Ok((Page::empty(), None)),
            Err(e) => Err(e),
        };
    }
    let op = adapter.plan_search(input, page, PAGE_SIZE);
    match run(target, &op).await {
        // A provider that refuses this kind of search for a limit of its own is asked another way,
        // and the page says so.
        Err(e) => match adapter.instead(&op, &e) {
            Some((other, why)) => into_page(&other, run(target, &other).await).map(|page| {
                // Only who this address is (a user name or an address equal to it); one page.
                let is = |v: Option<&str>| v.is_some_and(|v| v.trim().eq_ignore_ascii_case(text.trim()));
                let items = page.items.into_iter().filter(|u| is(u.username.as_deref()) || is(u.email.as_deref()));
                (Page { items: items.collect(), next: None, total: None }, Some(why))
            }),
            None => into_page(&op, Err(e)).map(|page| (page, None)),
        },
        outcome => into_page(&op, outcome).map(|page| (page, None)),
    }
}

/// Whether a search result lacks what grouping and the padlock need (Acronis's search shows
/// neither the address nor the state), so the person must be read.
fn partial(user: &User) -> bool {
    user.email.is_none() || matches!(user.status.kind, idp::StatusKind::Unknown(_))
}

/// Search results completed: each one that lacks its address or state is read (a failed read
/// keeps the result as it was).
pub async fn completed(target: &Target, users: Vec<User>) -> Vec<User> {
    let mut out = Vec::with_capacity(users.len());
    for user in users {
        if partial(&user) {
            out.push(get_user(target, user.id.as_str()).await.unwrap_or(user));
        } else {
            out.push(user);
        }
    }
    out
}

/// One user, read fresh from the provider: the plain read, then (for providers that keep
/// soft-deleted people apart) the read of deleted people when the plain one finds nobody.
pub async fn get_user(target: &Target, raw_id: &str) -> Result<User, Error> {
    let adapter = target.connection.adapter()?;
    let id = adapter.parse_user_id(raw_id)?;
    let mut not_found: Option<Error> = None;
    for op in idp::provider::reads_of(adapter.as_ref(), &id) {
        match run(target, &op).await {
            Ok(Reply::User(user)) => return Ok(*user),
            Ok(_) => return Err(Error::new(ErrorKind::Unreadable, "the provider did not return a user")),
            Err(e) if e.kind == ErrorKind::NotFound => not_found = not_found.or(Some(e)),
            // The plain read's "nobody" stands when the deleted read fails otherwise (a rate
            // limit excepted: then the wait is what the operator needs to know).
            Err(e) if not_found.is_some() && e.kind != ErrorKind::RateLimited => break,
            Err(e) => return Err(e),
        }
    }
    Err(not_found.unwrap_or_else(|| Error::new(ErrorKind::NotFound, "no read was made")))
}

/// Performs one step of a plan; the caller re-reads the user afterwards to show the real state.
/// `Ok(Some(link))` when the provider handed back an activation link to show once.
pub async fn perform(target: &Target, change: &Change) -> Result<Option<String>, Error> {
    match run(target, &idp::Operation::Change(change.clone())).await? {
        Reply::ActivationLink(link) => Ok(Some(link)),
        _ => Ok(None),
    }
}

/// How often, and how many times, the panel re-reads a person while the provider is still
/// changing their state ("Changing to …"): a bounded wait of 30 × 1 s.
const SETTLE_EVERY_MS: i32 = 1000;
const SETTLE_TIMES: u32 = 30;

/// Reads the person until the provider has finished changing their state (bounded); the last
/// read either way. `still_wanted` sees each read that is still changing (to show it) and says
/// whether to keep waiting.
pub async fn settled(
    target: &Target,
    raw_id: &str,
    mut still_wanted: impl FnMut(&User) -> bool,
) -> Result<User, Error> {
    let mut user = get_user(target, raw_id).await?;
    for _ in 0..SETTLE_TIMES {
        if !user.status.is_changing() || !still_wanted(&user) {
            break;
        }
        transport::sleep_ms(SETTLE_EVERY_MS).await;
        user = get_user(target, raw_id).await?;
    }
    Ok(user)
}

/// The audit lines (finished, refused and unfinished changes) matching `filters`, an encoded query
/// built by the audit page (`operator=…&since=…`).
/// The reply is `{"total", "offset", "lines": [...]}`, read as JSON values (`pages::audit` picks
/// the fields it shows), which costs far less wasm than a typed copy of every field.
pub async fn audit_log(filters: &str) -> Result<serde_json::Value, Error> {
    let path = format!("/api/audit?{filters}");
    let (status, body, request_id) = transport::call_proxy(http::Method::GET, &path, None).await?;
    if status == 401 {
        let e = Error { kind: ErrorKind::SignInRequired, ..proxy_error(status, &body, request_id) };
        return Err(noticed(e));
    }
    if status != 200 {
        return Err(proxy_error(status, &body, request_id));
    }
    serde_json::from_slice(&body)
        .map_err(|e| Error::new(ErrorKind::Unreadable, format!("the audit log could not be read: {e}")))
}
