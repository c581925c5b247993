//! DocSpace's requests recognised, before the exact comparison with what `build` makes (the
//! proxy's side only).

use http::Method;

use super::{rules, DocSpace};
use crate::action::Action;
use crate::create::NewPerson;
use crate::http::HttpRequest;
use crate::operation::{Change, Operation};
use crate::provider::IdentityProvider;

impl DocSpace {
    /// The one operation `req` could be, before the exact comparison with what it would build.
    pub(super) fn candidate(&self, req: &HttpRequest) -> Option<Operation> {
        let uri = req.uri();
        if uri.scheme().is_some() || uri.authority().is_some() {
            return None;
        }
        let params: Vec<(String, String)> =
            form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()).into_owned().collect();
        let value = |name: &str| params.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let id = |raw: &str| self.parse_user_id(raw).ok().filter(|id| id.as_str() == raw);
        let change = |action, raw: &str| Some(Operation::Change(Change::new(action, id(raw)?)));
        let body = || serde_json::from_slice::<serde_json::Value>(req.body()).ok();
        let path = uri.path();
        if let Some(raw) = path.strip_prefix("/api/2.0/security/activeconnections/logoutall/") {
            return (req.method() == Method::PUT).then(|| change(Action::SignOutEverywhere, raw))?;
        }
        let rest = path.strip_prefix("/api/2.0/people")?;
        match (req.method().clone(), rest) {
            (Method::POST, "") => {
                let body = body()?;
                let text = |key: &str| body.get(key).and_then(|v| v.as_str());
                let kind = body.get("type")?.as_u64()?.to_string();
                let person =
                    NewPerson::parse(text("email")?, text("firstName")?, text("lastName")?, &kind, rules::PERSON_TYPES)
                        .ok()?;
                Some(Operation::CreateUser { person })
            }
            (Method::GET, "/email") => {
                let email = crate::model::Email::parse(value("email")?).ok()?;
                Some(Operation::FindUserByEmail { email })
            }
            (Method::GET, "/filter") => {
                let text = value("filterValue")?.to_owned();
                let checked = crate::input::SearchInput::parse(&text, |_| false);
                if !matches!(checked, Ok(crate::input::SearchInput::Text(ref t)) if *t == text) {
                    return None;
                }
                let limit: u32 = value("count")?.parse().ok()?;
                if !(1..=crate::operation::MAX_PAGE_SIZE).contains(&limit) {
                    return None;
                }
                let page = match value("startIndex")? {
                    "0" => None,
                    start => Some(self.page_token(start, limit).filter(|t| t.0 == start)?),
                };
                Some(Operation::SearchUsers { query: text, page, limit })
            }
            (Method::PUT, status) if status.starts_with("/status/") => {
                let ids = body()?.get("userIds")?.as_array()?.clone();
                let [raw] = ids.as_slice() else { return None };
                let action = match status {
                    "/status/2" => Action::Deactivate,
                    "/status/1" => Action::Reactivate,
                    _ => return None,
                };
                change(action, raw.as_str()?)
            }
            (method, one) => {
                let raw = one.strip_prefix('/')?;
                match method {
                    Method::GET => Some(Operation::GetUser { id: id(raw)? }),
                    Method::DELETE => change(Action::DeletePermanently, raw),
                    _ => None,
                }
            }
        }
    }
}
