//! One change per person at a time through this proxy: a lock per (connection, user id), held by
//! a change from the read before it to the read after it, so the proxy's own check before an
//! irreversible step is not undone by another change racing it here. Entries go when nobody
//! holds or waits for them. Changes made outside lockdesk are not covered (no provider offers a
//! conditional lifecycle call); reads never take the lock.

use std::collections::HashMap;
use std::sync::Arc;

/// One lock per person (connection and user id) for changes made through this proxy: a check
/// before an irreversible step is not undone by another change racing it here.
#[derive(Default)]
pub struct PersonLocks(Arc<std::sync::Mutex<HashMap<PersonKey, Arc<tokio::sync::Mutex<()>>>>>);

/// A connection's index and a user id.
type PersonKey = (usize, String);

/// The lock a change takes: its person's id, or for a create the new person's address, so two
/// creates of one address cannot both find it free (`new:` cannot begin a user id). `None` for
/// anything else.
pub fn key_of(op: &idp::Operation) -> Option<String> {
    match (op.target(), op) {
        (Some(target), _) => Some(target.to_string()),
        (None, idp::Operation::CreateUser { person }) => Some(format!("new:{}", person.email.as_str().to_lowercase())),
        _ => None,
    }
}

/// Held while a change to one person is being made; the lock's entry goes when nobody waits.
pub struct PersonGuard {
    map: Arc<std::sync::Mutex<HashMap<PersonKey, Arc<tokio::sync::Mutex<()>>>>>,
    key: PersonKey,
    held: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl PersonLocks {
    /// Waits until no other change with this key (`key_of`) on connection `conn` is being made.
    pub async fn lock_key(&self, conn: usize, key: String) -> PersonGuard {
        let key = (conn, key);
        let mutex = self.0.lock().unwrap_or_else(|e| e.into_inner()).entry(key.clone()).or_default().clone();
        // Dropped while waiting (the caller's time ran out), this leaves the entry to the
        // holder's drop, which removes it once nobody else holds it.
        let held = Some(mutex.lock_owned().await);
        PersonGuard { map: self.0.clone(), key, held }
    }

    /// People with a lock entry (for tests: entries do not pile up).
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

impl Drop for PersonGuard {
    fn drop(&mut self) {
        self.held.take();
        let mut map = self.map.lock().unwrap_or_else(|e| e.into_inner());
        // Only the map holds it now: nobody waits, so the entry can go (clones happen under
        // this same lock, so none can appear in between).
        if map.get(&self.key).is_some_and(|m| Arc::strong_count(m) == 1) {
            map.remove(&self.key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test]
    async fn changes_to_one_person_wait_for_each_other_and_leave_no_entries() {
        let locks = Arc::new(PersonLocks::default());
        let id = "u1".to_string();
        let first = locks.lock_key(0, id.clone()).await;
        let (tx, mut rx) = tokio::sync::oneshot::channel();
        let waiting = {
            let (locks, id) = (locks.clone(), id.clone());
            tokio::spawn(async move {
                let _second = locks.lock_key(0, id).await;
                let _ = tx.send(());
            })
        };
        let other = locks.lock_key(1, id.clone()).await;
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(rx.try_recv().is_err(), "the second change to the same person waits");
        drop(other);
        drop(first);
        waiting.await.unwrap();
        assert_eq!(locks.len(), 0);
    }
}
