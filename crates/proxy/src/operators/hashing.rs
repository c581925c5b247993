//! argon2 verification in a few slots, each with its own reusable memory, so a flood of sign-ins
//! cannot hash (and allocate) without bound.
//!
//! A verification needs about 19 MiB (the argon2 default, `m=19456`) and a core. Only a few run
//! at once (as many as CPUs, 2 to 4) and at most `MAX_WAITING` more wait, each up to `MAX_WAIT`;
//! the rest are turned away unhashed. Slots are waited for on the async side, holding no thread.
//! Each slot's buffer is kept and reused: freed per hash, the allocator's per-thread caches would
//! keep one buffer for every blocking thread that ever hashed. This module must not log, keep or
//! return a password, and leaves no password-derived state in a buffer after a check.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use argon2::password_hash::{Output, PasswordHash};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Sign-ins that may wait for a slot beyond those hashing.
const MAX_WAITING: usize = 32;
/// How long a sign-in waits for a slot before it is turned away.
const MAX_WAIT: Duration = Duration::from_secs(2);

/// Memory for one argon2 verification at a time, kept between verifications.
#[derive(Default)]
pub(crate) struct Memory(Vec<Block>);

impl Memory {
    /// Whether `password` matches the argon2 PHC string `phc`, the way argon2's own
    /// `verify_password` decides it (constant-time comparison), but hashing in this memory.
    pub(crate) fn verify(&mut self, phc: &str, password: &str) -> bool {
        let matched = self.matches(phc, password.as_bytes()).unwrap_or(false);
        self.0.fill(Block::default());
        matched
    }

    fn matches(&mut self, phc: &str, password: &[u8]) -> Option<bool> {
        let hash = PasswordHash::new(phc).ok()?;
        let (salt, expected) = (hash.salt?, hash.hash?);
        let algorithm = Algorithm::try_from(hash.algorithm).ok()?;
        let version = hash.version.map(Version::try_from).transpose().ok()?.unwrap_or_default();
        let params = Params::try_from(&hash).ok()?;
        let mut salt_bytes = [0u8; 64];
        let salt = salt.decode_b64(&mut salt_bytes).ok()?;
        let blocks = params.block_count();
        if self.0.len() < blocks {
            self.0.resize(blocks, Block::default());
        }
        let argon2 = Argon2::new(algorithm, version, params);
        let computed = Output::init_with(expected.len(), |out| {
            argon2
                .hash_password_into_with_memory(password, salt, out, &mut self.0[..blocks])
                .map_err(|_| argon2::password_hash::Error::Password)
        })
        .ok()?;
        Some(computed == expected)
    }
}

/// The slots, with the buffers of those not in use.
pub(crate) struct HashSlots {
    hashing: Arc<Semaphore>,
    admitted: Arc<Semaphore>,
    spare: Arc<Mutex<Vec<Memory>>>,
}

/// A slot to hash in, with its memory; both are given back when dropped.
pub(crate) struct HashSlot {
    memory: Memory,
    spare: Arc<Mutex<Vec<Memory>>>,
    _hashing: OwnedSemaphorePermit,
    _admitted: OwnedSemaphorePermit,
}

impl HashSlots {
    /// As many slots as CPUs, 2 to 4: at most about 76 MiB of argon2 memory with default params.
    pub(crate) fn new() -> HashSlots {
        let n = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(2, 4));
        HashSlots {
            hashing: Arc::new(Semaphore::new(n)),
            admitted: Arc::new(Semaphore::new(n + MAX_WAITING)),
            spare: Arc::default(),
        }
    }

    /// A free slot, after waiting behind the others admitted; `None` when too many are waiting
    /// already or none came free in time.
    pub(crate) async fn acquire(&self) -> Option<HashSlot> {
        let admitted = self.admitted.clone().try_acquire_owned().ok()?;
        let hashing = tokio::time::timeout(MAX_WAIT, self.hashing.clone().acquire_owned()).await.ok()?.ok()?;
        // Never more buffers than slots: one is taken only with a slot's permit.
        let memory = self.spare.lock().unwrap_or_else(|e| e.into_inner()).pop().unwrap_or_default();
        Some(HashSlot { memory, spare: self.spare.clone(), _hashing: hashing, _admitted: admitted })
    }
}

impl HashSlot {
    /// This slot's memory, for one verification.
    pub(crate) fn memory(&mut self) -> &mut Memory {
        &mut self.memory
    }
}

impl Drop for HashSlot {
    fn drop(&mut self) {
        // Back before the permits (dropped after this), so the next slot finds it.
        let memory = std::mem::take(&mut self.memory);
        self.spare.lock().unwrap_or_else(|e| e.into_inner()).push(memory);
    }
}
