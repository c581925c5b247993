//! The ledger of changes one provider made, per person id: THE one counter of changes in the
//! sandbox (`GET /_sandbox/changes` and the providers' own counters, such as DocSpace's
//! `sign_outs` and `status_changes`, Genesys's revocations and SCIM's patches, all read it).
//!
//! A provider records each change request it accepted under a label of its own choosing (what it
//! did: `"state"`, `"sign_out"`, `"delete"`, `"create"`, DocSpace's `"terminate"`, …) as either
//! APPLIED (something changed: a state change that happened, a sign-out-everywhere that
//! succeeded, a person created or deleted) or UNCHANGED (accepted, but it changed nothing, such
//! as terminating somebody already terminated). Only applied ones count as changes; unchanged
//! ones exist so that counters which always counted requests keep their meaning. Refused
//! requests are not recorded at all. This module must not build HTTP replies or name a provider.

use std::collections::BTreeMap;

/// What one provider recorded, by person id.
#[derive(Debug, Clone, Default)]
pub(crate) struct Ledger {
    people: BTreeMap<String, BTreeMap<&'static str, Tally>>,
}

/// Requests of one label for one person.
#[derive(Debug, Clone, Copy, Default)]
struct Tally {
    applied: u64,
    unchanged: u64,
}

impl Ledger {
    /// Records a change that happened to `id`.
    pub(crate) fn applied(&mut self, id: &str, what: &'static str) {
        self.tally(id, what).applied += 1;
    }

    /// Records an accepted request for `id` that changed nothing.
    pub(crate) fn unchanged(&mut self, id: &str, what: &'static str) {
        self.tally(id, what).unchanged += 1;
    }

    fn tally(&mut self, id: &str, what: &'static str) -> &mut Tally {
        self.people.entry(id.to_string()).or_default().entry(what).or_default()
    }

    /// Applied changes per person id, for everyone with at least one, in id order.
    pub(crate) fn changes(&self) -> BTreeMap<String, u64> {
        self.people
            .iter()
            .map(|(id, tallies)| (id.clone(), tallies.values().map(|t| t.applied).sum()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// Recorded requests labelled `what` for `id`, applied or unchanged.
    pub(crate) fn requests(&self, id: &str, what: &str) -> usize {
        let tally = self.people.get(id).and_then(|tallies| tallies.get(what)).copied().unwrap_or_default();
        usize::try_from(tally.applied + tally.unchanged).unwrap_or(usize::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_applied_changes_count_but_every_request_is_kept() {
        let mut ledger = Ledger::default();
        ledger.applied("a", "terminate");
        ledger.unchanged("a", "terminate");
        ledger.applied("a", "sign_out");
        ledger.unchanged("b", "reactivate");
        assert_eq!(ledger.changes(), BTreeMap::from([("a".to_string(), 2)]));
        assert_eq!((ledger.requests("a", "terminate"), ledger.requests("a", "sign_out")), (2, 1));
        assert_eq!((ledger.requests("b", "reactivate"), ledger.requests("c", "x")), (1, 0));
    }
}
