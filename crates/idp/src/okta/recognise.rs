//! Okta's search and email-lookup requests recognised from `GET /api/v1/users`'s parameters
//! (the proxy's side only; the rest of `recognise` is in `mod.rs`).

use super::{search, Okta, EMAIL_LOOKUP_LIMIT};
use crate::model::{Email, PageToken};
use crate::operation::{Operation, MAX_PAGE_SIZE};

impl Okta {
    /// A search or an email lookup from `GET /api/v1/users`'s parameters, exactly as built.
    pub(super) fn recognise_list<'a>(
        &self,
        names: &[&str],
        value: impl Fn(&str) -> Option<&'a str>,
    ) -> Option<Operation> {
        let (expr, raw_limit) = (value("search")?, value("limit")?);
        let limit: u32 = raw_limit.parse().ok().filter(|n: &u32| n.to_string() == raw_limit)?;
        if !(1..=MAX_PAGE_SIZE).contains(&limit) {
            return None;
        }
        if let Some(raw) = search::parse_email_expression(expr) {
            let email = Email::parse(&raw).ok().filter(|e| e.as_str() == raw)?;
            return (names == ["search", "limit"] && limit == EMAIL_LOOKUP_LIMIT)
                .then_some(Operation::FindUserByEmail { email });
        }
        let query = search::parse_text_expression(expr)?;
        let checked = crate::input::SearchInput::parse(&query, |_| false);
        if !matches!(checked, Ok(crate::input::SearchInput::Text(ref t)) if *t == query) {
            return None;
        }
        let page = match names {
            ["search", "limit"] => None,
            ["search", "limit", "after"] => Some(value("after").filter(|a| search::is_safe_cursor(a))?),
            _ => return None,
        };
        Some(Operation::SearchUsers { query, page: page.map(|a| PageToken(a.to_owned())), limit })
    }
}
