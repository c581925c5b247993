//! Okta's state rules: the status table, what is offered in each state, what one call allows, and
//! what a read after a change shows.

use super::*;
use crate::action::{Confirm, Undo};
use crate::model::SignIn;
use crate::okta::rules::{self, STATUS_WORDS};
use crate::read::Got;

use Action::*;

#[test]
fn status_table_covers_every_documented_value() {
    use StatusKind as K;
    let table = [
        ("ACTIVE", K::Active, SignIn::Allowed, None),
        ("PASSWORD_EXPIRED", K::Active, SignIn::Allowed, Some("Must choose a new password at next sign-in")),
        (
            "RECOVERY",
            K::Active,
            SignIn::Blocked,
            Some("Is resetting their password and cannot sign in until they finish"),
        ),
        ("LOCKED_OUT", K::LockedOut, SignIn::Blocked, Some("Locked out after failed sign-ins")),
        ("SUSPENDED", K::Suspended, SignIn::Blocked, Some("Suspended by an admin")),
        ("DEPROVISIONED", K::Deactivated, SignIn::Blocked, None),
        ("STAGED", K::NotYetActivated, SignIn::Blocked, Some("Created but not activated yet")),
        (
            "PROVISIONED",
            K::NotYetActivated,
            SignIn::Blocked,
            Some("Activation sent; waiting for the person to set up their account"),
        ),
    ];
    let (mut listed, mut documented) = (table.each_ref().map(|row| row.0), STATUS_WORDS);
    listed.sort_unstable();
    documented.sort_unstable();
    assert_eq!(listed, documented, "every documented status, once");
    for (word, kind, sign_in, reason) in table {
        let status = rules::status(Got::Value(word), Got::Absent);
        assert_eq!((&status.kind, status.sign_in, status.reason.as_deref()), (&kind, sign_in, reason), "{word}");
        assert_eq!((status.raw.as_str(), status.transitioning_to.clone()), (word, None));
        assert_eq!(isaac_in(word, None).status, status, "{word} read from a person");
    }
    for odd in ["ACTIVATING", "active", "", "DELETED"] {
        let status = rules::status(Got::Value(odd), Got::Absent);
        assert_eq!((status.kind, status.sign_in, status.raw.as_str()), (K::Unknown(odd.into()), SignIn::Unknown, odd));
    }
    assert_eq!(rules::status(Got::Absent, Got::Absent).kind, K::Unknown("no status".into()));
    assert_eq!(rules::status(Got::Wrong, Got::Absent).sign_in, SignIn::Unknown);
}

#[test]
fn transitioning_to_status_is_read() {
    use StatusKind as K;
    for (heading, expected) in [
        (Got::Value("ACTIVE"), Some(K::Active)),
        (Got::Value("DEPROVISIONED"), Some(K::Deactivated)),
        (Got::Value("PROVISIONED"), Some(K::NotYetActivated)),
        (Got::Value("ARCHIVED"), Some(K::Unknown("ARCHIVED".into()))),
        (Got::Wrong, Some(K::Unknown("unreadable transitioningToStatus".into()))),
        (Got::Absent, None),
    ] {
        let status = rules::status(Got::Value("STAGED"), heading);
        assert_eq!((status.kind, status.transitioning_to), (K::NotYetActivated, expected), "{heading:?}");
    }
    let user = isaac_in("ACTIVE", Some("DEPROVISIONED"));
    assert_eq!(user.status.transitioning_to, Some(K::Deactivated));
    assert_eq!(fact(&user, "Changing to"), Some(crate::model::FactValue::Text("DEPROVISIONED".into())));
}

fn offered(word: &str) -> Vec<Action> {
    okta().offers(&isaac_in(word, None)).iter().map(|o| o.action).collect()
}

#[test]
fn each_state_offers_only_what_okta_allows() {
    let table: [(&str, &[Action]); 8] = [
        ("STAGED", &[Activate, Deactivate, DeletePermanently]),
        ("PROVISIONED", &[Reactivate, Deactivate, DeletePermanently]),
        ("ACTIVE", &[Suspend, Deactivate, ResetFactors, SignOutEverywhere, DeletePermanently]),
        ("PASSWORD_EXPIRED", &[Deactivate, ResetFactors, SignOutEverywhere, DeletePermanently]),
        ("RECOVERY", &[Reactivate, Deactivate, ResetFactors, SignOutEverywhere, DeletePermanently]),
        ("LOCKED_OUT", &[Unlock, Deactivate, ResetFactors, SignOutEverywhere, DeletePermanently]),
        ("SUSPENDED", &[Unsuspend, Deactivate, SignOutEverywhere, DeletePermanently]),
        ("DEPROVISIONED", &[Activate, DeletePermanently]),
    ];
    for (word, expected) in table {
        assert_eq!(offered(word), expected, "{word}");
    }
    for word in STATUS_WORDS {
        for heading in ["ACTIVE", "DEPROVISIONED", "PROVISIONED", "SOMETHING"] {
            assert!(
                okta().offers(&isaac_in(word, Some(heading))).is_empty(),
                "{word} → {heading}: nothing while changing"
            );
        }
    }
    assert!(offered("ACTIVATING").is_empty(), "nothing for an unknown status");
}

#[test]
fn each_offer_confirms_and_costs_as_okta_says() {
    for word in STATUS_WORDS {
        for offer in okta().offers(&isaac_in(word, None)) {
            let a = offer.action;
            let confirm = match a {
                Deactivate | Suspend | ResetFactors => Confirm::Ask,
                DeletePermanently => Confirm::TypeToConfirm,
                _ => Confirm::No,
            };
            assert_eq!(offer.confirm, confirm, "{word} {a:?}");
            let undo = match a {
                Deactivate => Undo::Loss(
                    "Okta deprovisions them from all assigned apps, which might destroy their data such as email or files.",
                ),
                DeletePermanently => Undo::Irreversible,
                _ => Undo::Reversible,
            };
            assert_eq!(offer.undo, undo, "{word} {a:?}");
            assert_eq!(offer.can_email, matches!(a, Activate | Reactivate), "{word} {a:?}");
            assert_eq!(offer.caveat.is_some(), a == SignOutEverywhere, "{word} {a:?}");
            let plan = match (a, word) {
                (DeletePermanently, "DEPROVISIONED") => vec![DeletePermanently],
                (DeletePermanently, _) => vec![Deactivate, DeletePermanently],
                _ => vec![a],
            };
            assert_eq!(offer.plan.steps, plan, "{word} {a:?}");
            assert!(!offer.sentence.is_empty() && offer.sentence.ends_with('.'), "{word} {a:?}");
        }
    }
    let caveat = okta().offers(&isaac_in("ACTIVE", None)).into_iter().find_map(|o| o.caveat).unwrap();
    assert!(caveat.contains("not the sessions inside other apps"), "{caveat}");
}

#[test]
fn allows_is_the_state_rule_of_one_call() {
    let rule = |action: Action, word: &str| match action {
        Activate => matches!(word, "STAGED" | "DEPROVISIONED"),
        Deactivate | SignOutEverywhere => word != "DEPROVISIONED",
        Reactivate => matches!(word, "PROVISIONED" | "RECOVERY"),
        Suspend => word == "ACTIVE",
        Unsuspend => word == "SUSPENDED",
        Unlock => word == "LOCKED_OUT",
        ResetFactors => matches!(word, "ACTIVE" | "PASSWORD_EXPIRED" | "RECOVERY" | "LOCKED_OUT"),
        DeletePermanently => word == "DEPROVISIONED",
        Restore | Delete => false,
    };
    for word in STATUS_WORDS {
        let status = isaac_in(word, None).status;
        for action in Action::ALL {
            assert_eq!(okta().allows(action, &status), rule(action, word), "{action:?} from {word}");
            assert!(!okta().allows(action, &isaac_in(word, Some("ACTIVE")).status), "{action:?} while changing");
        }
        for offer in okta().offers(&isaac_in(word, None)) {
            assert!(okta().allows(offer.plan.steps[0], &status), "{word}: the first step of {:?}", offer.action);
        }
    }
    let unknown = isaac_in("ACTIVATING", None).status;
    assert!(Action::ALL.iter().all(|a| !okta().allows(*a, &unknown)));
    let after_deactivating = isaac_in("DEPROVISIONED", None).status;
    assert!(okta().allows(DeletePermanently, &after_deactivating), "the plan's second step, once deprovisioned");
}

#[test]
fn every_offered_action_has_a_sample_operation() {
    let sampled: Vec<Action> =
        samples::samples().operations.iter().filter_map(|op| op.change().map(|c| c.action)).collect();
    for word in STATUS_WORDS {
        for offer in okta().offers(&isaac_in(word, None)) {
            assert!(offer.plan.steps.iter().all(|s| sampled.contains(s)), "{word}: {:?}", offer.action);
        }
    }
}

#[test]
fn a_read_after_a_change_says_what_okta_shows() {
    let s = |word: &str| isaac_in(word, None).status;
    let heading = |word: &str, to: &str| isaac_in(word, Some(to)).status;
    let shown = |action, before: &str, after: &Status| {
        okta().shown_by(&Change::new(action, id(ISAAC)), Some(&s(before)), ReadBack::Found(after))
    };
    assert_eq!(shown(Activate, "STAGED", &s("PROVISIONED")), Some(true), "waiting for the person is made");
    assert_eq!(shown(Activate, "STAGED", &s("ACTIVE")), Some(true));
    assert_eq!(shown(Activate, "STAGED", &heading("STAGED", "ACTIVE")), Some(true));
    assert_eq!(shown(Activate, "STAGED", &s("STAGED")), Some(false));
    assert_eq!(shown(Activate, "DEPROVISIONED", &s("DEPROVISIONED")), Some(false));
    assert_eq!(shown(Activate, "DEPROVISIONED", &s("PROVISIONED")), Some(true));
    assert_eq!(shown(Reactivate, "PROVISIONED", &s("PROVISIONED")), None, "cannot be told apart");
    assert_eq!(shown(Reactivate, "RECOVERY", &s("PROVISIONED")), Some(true), "setup restarted");
    assert_eq!(shown(Reactivate, "RECOVERY", &s("RECOVERY")), Some(false));
    assert_eq!(shown(Unlock, "LOCKED_OUT", &s("ACTIVE")), Some(true));
    assert_eq!(shown(Unlock, "LOCKED_OUT", &s("LOCKED_OUT")), Some(false));
    assert_eq!(shown(Unlock, "LOCKED_OUT", &s("DEPROVISIONED")), None, "somebody else deactivated them");
    assert_eq!(shown(Deactivate, "ACTIVE", &heading("ACTIVE", "DEPROVISIONED")), Some(true));
    assert_eq!(shown(Deactivate, "ACTIVE", &s("DEPROVISIONED")), Some(true));
    assert_eq!(shown(Suspend, "ACTIVE", &s("SUSPENDED")), Some(true));
    assert_eq!(shown(Unsuspend, "SUSPENDED", &s("ACTIVE")), Some(true));
    assert_eq!(shown(Unsuspend, "SUSPENDED", &s("SUSPENDED")), Some(false));
    assert_eq!(shown(ResetFactors, "ACTIVE", &s("ACTIVE")), None, "nothing shows it");
    assert_eq!(shown(Activate, "STAGED", &s("ACTIVATING")), None, "an unknown status says nothing");
    let gone = okta().shown_by(&Change::new(DeletePermanently, id(ISAAC)), Some(&s("DEPROVISIONED")), ReadBack::Gone);
    assert_eq!(gone, Some(true));
}

/// Flesch reading ease with a rough syllable count (vowel groups, a silent final e).
fn reading_ease(text: &str) -> f64 {
    let words: Vec<&str> = text.split_whitespace().collect();
    let sentences = text.matches(['.', '!', '?']).count().max(1) as f64;
    let syllables: usize = words
        .iter()
        .map(|w| {
            let w: String = w.chars().filter(char::is_ascii_alphabetic).collect::<String>().to_lowercase();
            let vowel = |c: char| "aeiouy".contains(c);
            let groups =
                w.chars().zip(std::iter::once(' ').chain(w.chars())).filter(|(c, p)| vowel(*c) && !vowel(*p)).count();
            let silent = usize::from(w.ends_with('e') && !w.ends_with("le") && groups > 1);
            (groups - silent).max(1)
        })
        .sum();
    let n = words.len() as f64;
    206.835 - 1.015 * (n / sentences) - 84.6 * (syllables as f64 / n)
}

#[test]
fn sentences_are_plain() {
    for word in STATUS_WORDS {
        for offer in okta().offers(&isaac_in(word, None)) {
            for text in [offer.sentence].into_iter().chain(offer.caveat) {
                let ease = reading_ease(text);
                assert!(ease >= 60.0, "{word} {:?}: {text:?} reads at {ease:.0}", offer.action);
                for jargon in ["MFA", "factor", "lifecycle", "deprovision", "API", "SSWS"] {
                    assert!(!text.contains(jargon), "{text}: {jargon}");
                }
            }
        }
    }
}
