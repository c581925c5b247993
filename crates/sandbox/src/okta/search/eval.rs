//! Evaluation of a parsed `search=` expression against one [`User`] (see the parent module for
//! the matching rules). It must not touch the state.

use std::cmp::Ordering;

use serde_json::Value;

use super::{Attr, Expr, Op};
use crate::okta::wire::User;

impl Expr {
    /// Whether `user` matches.
    pub(crate) fn matches(&self, user: &User) -> bool {
        match self {
            Expr::Or(a, b) => a.matches(user) || b.matches(user),
            Expr::And(a, b) => a.matches(user) && b.matches(user),
            Expr::Cmp(attr, op, value) => values(attr, user).iter().any(|v| compare(*op, v, value, attr != &Attr::Id)),
        }
    }
}

/// The attribute's string values on `user` (empty if absent or not a string).
fn values(attr: &Attr, user: &User) -> Vec<String> {
    let p = &user.profile;
    let one = |v: Option<&String>| v.cloned().into_iter().collect();
    match attr {
        Attr::Id => vec![user.id.clone()],
        Attr::TypeId => one(user.user_type.as_ref().map(|t| &t.id)),
        Attr::Top("status") => vec![user.status.as_str().to_string()],
        Attr::Top("created") => vec![user.created.clone()],
        Attr::Top("activated") => one(user.activated.as_ref()),
        Attr::Top("statusChanged") => one(user.status_changed.as_ref()),
        Attr::Top("lastUpdated") => vec![user.last_updated.clone()],
        Attr::Top("passwordChanged") => one(user.password_changed.as_ref()),
        Attr::Top(_) => match &user.last_login {
            Some(Value::String(s)) => vec![s.clone()],
            _ => vec![],
        },
        Attr::Profile(name) => match name.as_str() {
            "login" => vec![p.login.clone()],
            "email" => vec![p.email.clone()],
            "firstName" => one(p.first_name.as_ref()),
            "lastName" => one(p.last_name.as_ref()),
            other => match p.extra.get(other) {
                Some(Value::String(s)) => vec![s.clone()],
                Some(Value::Array(items)) => items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
                _ => vec![],
            },
        },
    }
}

fn compare(op: Op, actual: &str, wanted: &str, fold: bool) -> bool {
    let (a, w) = if fold { (actual.to_lowercase(), wanted.to_lowercase()) } else { (actual.into(), wanted.into()) };
    let order = a.cmp(&w);
    match op {
        Op::Eq => order == Ordering::Equal,
        Op::Sw => a.starts_with(&w),
        Op::Co => a.contains(&w),
        Op::Lt => order == Ordering::Less,
        Op::Le => order != Ordering::Greater,
        Op::Gt => order == Ordering::Greater,
        Op::Ge => order != Ordering::Less,
    }
}
