//! What differs between two reads of one person: what the panel shows when a provider refused a
//! change because somebody changed the person first (a stale version or entity tag), so the
//! operator sees what changed before deciding again. Pure comparison; nothing here knows a
//! provider.

use super::{FactValue, User};

/// One shown value that differs between two reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub label: String,
    pub before: FactValue,
    pub after: FactValue,
}

/// Every shown value of `after` that differs from `before`, in the detail page's order (name,
/// email, username, state, then the adapter's facts), and last the record's version when only the
/// provider's counter says something changed.
pub fn differences(before: &User, after: &User) -> Vec<Difference> {
    let text = |t: Option<&str>| match t.map(str::trim) {
        Some(t) if !t.is_empty() => FactValue::Text(t.to_owned()),
        _ => FactValue::NotSet,
    };
    let mut found = Vec::new();
    let mut differ = |label: &str, b: FactValue, a: FactValue| {
        if a != b {
            found.push(Difference { label: label.to_owned(), before: b, after: a });
        }
    };
    differ("Name", text(Some(&before.display_name)), text(Some(&after.display_name)));
    differ("Email", text(before.email.as_deref()), text(after.email.as_deref()));
    differ("Username", text(before.username.as_deref()), text(after.username.as_deref()));
    differ("State", FactValue::Text(before.status.label()), FactValue::Text(after.status.label()));
    let value_in = |user: &User, label: &str| {
        user.facts.iter().find(|f| f.label == label).map_or(FactValue::NotSet, |f| f.value.clone())
    };
    // A fact that only repeats the provider's status word ("Genesys state") is the State above.
    let status_word = |user: &User, value: &FactValue| *value == FactValue::Text(user.status.raw.clone());
    for fact in &after.facts {
        let was = value_in(before, &fact.label);
        if !(status_word(before, &was) && status_word(after, &fact.value)) {
            differ(&fact.label, was, fact.value.clone());
        }
    }
    for fact in before.facts.iter().filter(|f| !after.facts.iter().any(|a| a.label == f.label)) {
        differ(&fact.label, fact.value.clone(), FactValue::NotSet);
    }
    if found.is_empty() && before.precondition != after.precondition {
        let version = |u: &User| match &u.precondition {
            Some(super::Precondition::Version(n)) => FactValue::Text(n.to_string()),
            Some(super::Precondition::ETag(tag)) => FactValue::Text(tag.clone()),
            None => FactValue::NotSet,
        };
        found.push(Difference { label: "Record version".into(), before: version(before), after: version(after) });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Fact, Precondition, Status, StatusKind, UserId};

    fn user(version: u64, department: &str, status: StatusKind) -> User {
        User {
            id: UserId::parse("u1").unwrap(),
            display_name: "Jane Doe".into(),
            email: Some("jane@example.com".into()),
            username: None,
            status: Status::new(status, "raw"),
            last_login_ms: None,
            precondition: Some(Precondition::Version(version)),
            facts: vec![Fact::text("Department", Some(department))],
            raw: serde_json::Value::Null,
        }
    }

    #[test]
    fn only_what_changed_is_listed() {
        let before = user(3, "Sales", StatusKind::Active);
        assert!(differences(&before, &before).is_empty());
        let after = user(4, "Support", StatusKind::Deactivated);
        let found = differences(&before, &after);
        let labels: Vec<&str> = found.iter().map(|d| d.label.as_str()).collect();
        assert_eq!(labels, ["State", "Department"], "the version says nothing more when values differ");
        assert_eq!(found[1].before, FactValue::Text("Sales".into()));
        assert_eq!(found[1].after, FactValue::Text("Support".into()));
    }

    #[test]
    fn a_new_version_with_nothing_else_changed_is_said() {
        let found = differences(&user(3, "Sales", StatusKind::Active), &user(5, "Sales", StatusKind::Active));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].label, "Record version");
        assert_eq!(
            (found[0].before.clone(), found[0].after.clone()),
            (FactValue::Text("3".into()), FactValue::Text("5".into()))
        );
    }

    #[test]
    fn a_fact_repeating_the_status_word_is_not_listed_twice() {
        let with_word = |mut u: User, word: &str| {
            u.status.raw = word.into();
            u.facts.push(Fact::text("Provider state", Some(word)));
            u
        };
        let before = with_word(user(3, "Sales", StatusKind::Active), "active");
        let after = with_word(user(4, "Sales", StatusKind::Deactivated), "inactive");
        let labels: Vec<String> = differences(&before, &after).into_iter().map(|d| d.label).collect();
        assert_eq!(labels, ["State"]);
    }

    #[test]
    fn a_fact_that_went_away_is_listed() {
        let before = user(3, "Sales", StatusKind::Active);
        let after = User { facts: vec![], ..before.clone() };
        let found = differences(&before, &after);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].after, FactValue::NotSet);
    }
}
