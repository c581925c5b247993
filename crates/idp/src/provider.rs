//! What an adapter does (`IdentityProvider`, the trait that behaves); which providers exist is
//! `registry`'s table.
//!
//! Adapters are pure: they build requests and read replies. They never send anything.

use crate::action::{Action, Offer};
use crate::error::Error;
use crate::http::{HttpRequest, HttpResponse};
use crate::input::{InputError, SearchInput};
use crate::model::{Page, PageToken, Status, User, UserId};
use crate::operation::{Change, Operation, ReadBack};
use crate::registry::{ProviderKind, Settings};

/// What a successful operation produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    User(Box<User>),
    Users(Page<User>),
    Done,
    /// An activation link the operator asked to see instead of the provider emailing it. Shown
    /// once; never logged, recorded or kept.
    ActivationLink(String),
}

/// One provider's mapping between operations and HTTP, and its rules for people's states.
pub trait IdentityProvider: Send + Sync {
    /// Which provider this adapter speaks to.
    fn kind(&self) -> ProviderKind;

    /// The non-secret settings the panel needs to build exactly what the proxy rebuilds (sent in
    /// `/api/connections`).
    fn public_settings(&self) -> Settings {
        Settings::default()
    }

    /// Whether `text` has the shape of this provider's user ids.
    fn looks_like_id(&self, text: &str) -> bool;

    /// Checks a user id before it is put in any request.
    fn parse_user_id(&self, raw: &str) -> Result<UserId, InputError> {
        let id = UserId::parse(raw)?;
        if self.looks_like_id(id.as_str()) {
            Ok(id)
        } else {
            Err(InputError::MalformedId(crate::model::shorten(raw.trim())))
        }
    }

    /// The operation that answers a search box's text, one page at a time.
    fn plan_search(&self, input: SearchInput, page: Option<PageToken>, limit: u32) -> Operation {
        match input {
            SearchInput::Id(id) => Operation::GetUser { id },
            SearchInput::Email(email) => Operation::FindUserByEmail { email },
            SearchInput::Text(query) => Operation::SearchUsers { query, page, limit },
        }
    }

    /// A page token as it came back in an address (`?page=`), checked and brought into range, or
    /// `None` for the first page: a hand-edited token never becomes a request the proxy refuses.
    fn page_token(&self, raw: &str, limit: u32) -> Option<PageToken>;

    /// Whether a person the plain read no longer finds may still be read with
    /// `Operation::GetDeletedUser` (the provider keeps soft-deleted people apart).
    fn reads_deleted(&self) -> bool {
        false
    }

    /// The action whose request carries out `action` (itself, unless the provider does two
    /// actions with one call: Genesys restores a deleted person with the reactivation call), so
    /// the proxy recognises that request as this action.
    fn same_call_as(&self, action: Action) -> Action {
        action
    }

    /// The action a recognised change carries out for a person read as `before`, when its call
    /// is shared (`same_call_as`): Genesys's reactivation PATCH restores a deleted person. The
    /// proxy names the change by it in the audit.
    fn action_for(&self, recognised: Action, before: &Status) -> Action {
        let _ = before;
        recognised
    }

    /// The kinds of account lockdesk may create here (`Operation::CreateUser`), in the order the
    /// form offers them; empty (the default) when lockdesk creates nobody on this provider.
    fn person_types(&self) -> &'static [crate::create::PersonType] {
        &[]
    }

    /// Another operation that answers the same question when the provider refused `op` with
    /// `error` for a limit of its own (a SCIM service that cannot filter on emails), with the
    /// sentence that tells the operator what was done instead; `None` (the default) otherwise.
    fn instead(&self, op: &Operation, error: &Error) -> Option<(Operation, &'static str)> {
        let _ = (op, error);
        None
    }

    /// The steps of offboarding a person here, in the order this provider needs them: each one
    /// that is offered in the person's state becomes a step of the offboarding plan. The default
    /// stops new sign-ins first, then ends the sessions already open.
    fn offboarding(&self) -> &'static [Action] {
        &[Action::Deactivate, Action::SignOutEverywhere]
    }

    /// Whether `action` here also ends every session the person has (DocSpace's terminate), so
    /// that a separate Sign out everywhere after it adds nothing.
    fn ends_sessions(&self, action: Action) -> bool {
        let _ = action;
        false
    }

    /// The request for `op`, without credentials.
    fn build(&self, op: &Operation) -> HttpRequest;

    /// The operation a request performs, if it is exactly one this adapter would build; `None`
    /// for anything else. The proxy forwards `build(recognise(req))`, never the request itself.
    #[cfg(any(test, feature = "recognise"))]
    fn recognise(&self, req: &HttpRequest) -> Option<Operation>;

    /// Adds the provider's credential header for a static secret (API key, API token).
    fn authorize(&self, req: &mut HttpRequest, secret: &str) -> Result<(), Error>;

    /// Reads the reply to `op` (the shared classifier first: `error::check_status`).
    fn interpret(&self, op: &Operation, resp: &HttpResponse) -> Result<Reply, Error>;

    /// The provider's hook into error classification: reads its error body and headers into
    /// `error` (its own messages; a finer kind; when to retry). Called for provider replies only.
    fn read_error(&self, resp: &HttpResponse, error: &mut Error);

    /// The reply headers the adapter reads besides the shared ones, and so the only others the
    /// proxy passes back (Link, ETag, rate-limit headers). Never Set-Cookie.
    fn reply_headers(&self) -> &'static [http::HeaderName] {
        &[]
    }

    /// The rate window a reply describes, for providers that send one in their headers (read with
    /// `rate::read_window`); `now_s` is the caller's clock, used only when the reply has no `Date`.
    fn rate_window(&self, resp: &HttpResponse, now_s: u64) -> Option<crate::rate::RateWindow> {
        let _ = (resp, now_s);
        None
    }

    /// The actions offered for `user` in their current state, each with its sentence,
    /// confirmation, undo cost and plan. Nothing is offered while the provider is still changing
    /// the person's state, or when the state is unknown.
    fn offers(&self, user: &User) -> Vec<Offer>;

    /// Whether the provider accepts the single call for `action` from a person in `status` (the
    /// state rule of one plan step). The proxy refuses an irreversible step its own read does not
    /// allow, whatever the panel sent.
    fn allows(&self, action: Action, status: &Status) -> bool;

    /// What the provider cannot do at all, each with a sentence in its terms, so confirmations and
    /// reports can say so ("Acronis has no call that signs a person out").
    fn unsupported(&self) -> &'static [(Action, &'static str)] {
        &[]
    }

    /// Whether a person read as `found` shows `action` made; see `operation::usual_reached`.
    fn reached(&self, action: Action, found: ReadBack<'_>) -> Option<bool> {
        crate::operation::usual_reached(action, found)
    }

    /// Whether a read after `change` shows it made (`Some(true)`), not made, or cannot tell.
    fn shown_by(&self, change: &Change, before: Option<&Status>, after: ReadBack<'_>) -> Option<bool> {
        crate::operation::shown_by(|a, f| self.reached(a, f), change, before, after)
    }
}

/// Turns the outcome of a search operation into a page: an id or email lookup that found nobody
/// is an empty page ("No users match"), not an error.
pub fn into_page(op: &Operation, outcome: Result<Reply, Error>) -> Result<Page<User>, Error> {
    match outcome {
        Ok(Reply::Users(page)) => Ok(page),
        Ok(Reply::User(user)) => Ok(Page { items: vec![*user], next: None, total: Some(1) }),
        Ok(Reply::Done | Reply::ActivationLink(_)) => Ok(Page::empty()),
        Err(e) if e.kind == crate::ErrorKind::NotFound && is_lookup(op) => Ok(Page::empty()),
        Err(e) => Err(e),
    }
}

fn is_lookup(op: &Operation) -> bool {
    matches!(op, Operation::GetUser { .. } | Operation::GetDeletedUser { .. } | Operation::FindUserByEmail { .. })
}

/// The reads that find person `id`, in order: the plain read, then (for providers that keep
/// soft-deleted people apart) the read of deleted people, tried when the one before found nobody.
pub fn reads_of(adapter: &dyn IdentityProvider, id: &UserId) -> Vec<Operation> {
    let mut reads = vec![Operation::GetUser { id: id.clone() }];
    if adapter.reads_deleted() {
        reads.push(Operation::GetDeletedUser { id: id.clone() });
    }
    reads
}

/// Whether `change`'s request carries its precondition (a version in the body, an `If-Match`
/// header): only then does a provider's "changed since you read it" refer to what the operator saw.
pub fn carries_precondition(adapter: &dyn IdentityProvider, change: &Change) -> bool {
    if change.precondition.is_none() {
        return false;
    }
    let with = adapter.build(&Operation::Change(change.clone()));
    let without = adapter.build(&Operation::Change(Change { precondition: None, ..change.clone() }));
    with.uri() != without.uri() || with.body() != without.body() || with.headers() != without.headers()
}
