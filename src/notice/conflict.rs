//! What the panel says when a provider refused a change because somebody changed the person
//! first (a stale version or entity tag): nothing was changed, what a fresh read shows is
//! different, and that the operator decides whether to try again. lockdesk never retries it.

use idp::model::{differences, Difference};
use idp::{Action, Error, FactValue, User};

use super::Problem;
use crate::format::local_time;

/// A shown value as text, for a sentence.
pub fn value_text(value: &FactValue) -> String {
    match value {
        FactValue::Text(t) => format!("\u{201c}{}\u{201d}", idp::model::shorten_to(t, 60)),
        FactValue::Time(ms) => local_time(*ms),
        FactValue::List(items) => format!("{} items", items.len()),
        FactValue::YesNo(yes) => if *yes { "Yes" } else { "No" }.to_string(),
        FactValue::NotSet => "not set".to_string(),
        FactValue::Unreadable => "unreadable".to_string(),
    }
}

/// The sentence listing what changed (at most five things).
fn listed(changes: &[Difference]) -> String {
    let mut parts: Vec<String> = changes
        .iter()
        .take(5)
        .map(|d| format!("{}: {} is now {}", d.label, value_text(&d.before), value_text(&d.after)))
        .collect();
    if changes.len() > 5 {
        parts.push(format!("and {} more", changes.len() - 5));
    }
    parts.join("; ")
}

/// The problem after `e` refused `action` on `name`, read as `before`, now `after` (or unread).
pub fn conflicted(action: Action, name: &str, e: &Error, before: &User, after: Option<&User>) -> Problem {
    let who = e.provider.map(|p| p.label()).unwrap_or("The identity provider");
    let again = format!("If you still want to, choose {} again: lockdesk will use what is there now.", action.label());
    let advice = match after.map(|a| differences(before, a)) {
        Some(changes) if !changes.is_empty() => format!(
            "{who} refused it, so nothing was changed. Since you opened the page: {}. Check this, then decide. {again}",
            listed(&changes)
        ),
        Some(_) => {
            format!("{who} refused it, so nothing was changed. lockdesk sees no difference in what it shows. {again}")
        }
        None => format!(
            "{who} refused it, so nothing was changed. lockdesk could not read them again: load the page, then decide."
        ),
    };
    Problem { title: format!("Someone else changed {name} first"), advice, ..Problem::from(e) }
}
