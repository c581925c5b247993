//! A run's journal: every account it acts on, every step with its idempotency key, and how each
//! step stands, kept as JSON (the panel writes it to IndexedDB after every change of state, and a
//! reload or a second tab reads it back). It holds no secret: connection ids, people's ids and
//! addresses, the steps and the providers' answers in plain words.
//!
//! Keys are made once per step (`{run}.{account}.{step}`), never per attempt, so a step sent again
//! after a reload, a lost reply or a retry is the same step to the proxy, which answers a repeat
//! from its record instead of making the change twice. Pure: times are passed in.

use idp::Action;
use serde::{Deserialize, Serialize};

/// The journal's format; a journal of another is refused, never half-read.
pub const VERSION: u32 = 1;

/// Where a run stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RunState {
    Running,
    Paused,
    Cancelled,
    Finished,
}

/// Where one step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepState {
    Pending,
    /// Sent, or about to be: after a reload it is sent again with the same key.
    Running,
    Done,
    /// Not needed (already so), or left out when the run was cancelled.
    Skipped,
    Failed,
}

/// One step of one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub action: Action,
    pub key: String,
    pub state: StepState,
    /// Attempts sent so far, the first included.
    pub attempts: u32,
    pub started_ms: Option<u64>,
    pub finished_ms: Option<u64>,
    /// The provider's answer in plain words.
    pub answer: Option<String>,
}

/// One person's account on one connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The list's line this account came from (0 for a run of one person).
    pub line: usize,
    pub email: String,
    pub connection: String,
    pub user_id: String,
    pub name: String,
    /// The padlock's words before the run and after its last step (re-read).
    pub before: Option<String>,
    pub after: Option<String>,
    pub steps: Vec<Step>,
}

/// A whole run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Run {
    pub version: u32,
    /// Unique per run (the panel makes it with `crypto.randomUUID()`); also sent as
    /// `X-Lockdesk-Run`, so the audit log finds every step of it.
    pub id: String,
    pub created_ms: u64,
    pub state: RunState,
    pub accounts: Vec<Account>,
    /// Addresses of the list found in no connection, with their lines.
    pub not_found: Vec<(usize, String)>,
}

/// Why a journal could not be read or a step not moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalError {
    Unreadable(String),
    OtherVersion(u32),
    NoSuchStep,
    /// The step is not in a state that allows this (starting a step that is done).
    WrongState(StepState),
}

impl std::fmt::Display for JournalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            JournalError::Unreadable(why) => write!(f, "The saved run cannot be read ({why})."),
            JournalError::OtherVersion(v) => {
                write!(f, "The saved run was written by another version of lockdesk (format {v}).")
            }
            JournalError::NoSuchStep => write!(f, "The run has no such step."),
            JournalError::WrongState(s) => write!(f, "The step is {s:?} and cannot be moved that way."),
        }
    }
}

/// How a step ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Done(String),
    Skipped(String),
    Failed(String),
}

/// What an account's calls are: its connection, the person's id and address, and the actions.
pub struct NewAccount {
    pub line: usize,
    pub email: String,
    pub connection: String,
    pub user_id: String,
    pub name: String,
    pub before: Option<String>,
    pub calls: Vec<Action>,
}

impl Run {
    /// A new run `id` of these accounts, with a key for every step.
    pub fn new(id: &str, created_ms: u64, accounts: Vec<NewAccount>, not_found: Vec<(usize, String)>) -> Run {
        let accounts = accounts
            .into_iter()
            .enumerate()
            .map(|(a, n)| Account {
                line: n.line,
                email: n.email,
                connection: n.connection,
                user_id: n.user_id,
                name: n.name,
                before: n.before,
                after: None,
                steps: n
                    .calls
                    .into_iter()
                    .enumerate()
                    .map(|(s, action)| Step {
                        action,
                        key: format!("{id}.{a}.{s}"),
                        state: StepState::Pending,
                        attempts: 0,
                        started_ms: None,
                        finished_ms: None,
                        answer: None,
                    })
                    .collect(),
            })
            .collect();
        Run { version: VERSION, id: id.to_string(), created_ms, state: RunState::Running, accounts, not_found }
    }

    /// The journal as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A journal read back, ready to carry on: a step that was running when the tab went may
    /// or may not have been made, so it is sent again with its key (the proxy knows).
    pub fn from_json(text: &str) -> Result<Run, JournalError> {
        // The version first, so a journal of another format is refused for that reason.
        #[derive(Deserialize)]
        struct Header {
            #[serde(default)]
            version: u32,
        }
        let header: Header = serde_json::from_str(text).map_err(|e| JournalError::Unreadable(e.to_string()))?;
        if header.version != VERSION {
            return Err(JournalError::OtherVersion(header.version));
        }
        serde_json::from_str(text).map_err(|e| JournalError::Unreadable(e.to_string()))
    }

    /// The next step of account `a` to send: its first step not ended, if none before it is
    /// running. Steps of one account go one after another.
    pub fn next_step(&self, a: usize) -> Option<usize> {
        let steps = &self.accounts.get(a)?.steps;
        let i = steps.iter().position(|s| matches!(s.state, StepState::Pending | StepState::Running))?;
        Some(i)
    }

    /// Accounts of `connection` with a step still to send.
    pub fn waiting_on(&self, connection: &str) -> impl Iterator<Item = usize> + '_ {
        let connection = connection.to_string();
        (0..self.accounts.len())
            .filter(move |a| self.accounts[*a].connection == connection && self.next_step(*a).is_some())
    }

    /// Marks step `s` of account `a` as sent at `now` and gives its key. A running step may be
    /// started again (a retry, or after a reload); an ended one may not.
    pub fn start(&mut self, a: usize, s: usize, now: u64) -> Result<String, JournalError> {
        let step = self.step_mut(a, s)?;
        if !matches!(step.state, StepState::Pending | StepState::Running) {
            return Err(JournalError::WrongState(step.state));
        }
        step.state = StepState::Running;
        step.attempts += 1;
        step.started_ms.get_or_insert(now);
        Ok(step.key.clone())
    }

    /// Records how step `s` of account `a` ended.
    pub fn finish(&mut self, a: usize, s: usize, outcome: Outcome, now: u64) -> Result<(), JournalError> {
        let step = self.step_mut(a, s)?;
        if step.state != StepState::Running {
            return Err(JournalError::WrongState(step.state));
        }
        let (state, answer) = match outcome {
            Outcome::Done(t) => (StepState::Done, t),
            Outcome::Skipped(t) => (StepState::Skipped, t),
            Outcome::Failed(t) => (StepState::Failed, t),
        };
        step.state = state;
        step.answer = Some(answer);
        step.finished_ms = Some(now);
        if self.progress().finished() == self.progress().total && self.state == RunState::Running {
            self.state = RunState::Finished;
        }
        Ok(())
    }

    /// Puts a failed step back to be tried again, alone; the run carries on if it had ended.
    pub fn retry(&mut self, a: usize, s: usize) -> Result<(), JournalError> {
        let step = self.step_mut(a, s)?;
        if step.state != StepState::Failed {
            return Err(JournalError::WrongState(step.state));
        }
        step.state = StepState::Pending;
        step.finished_ms = None;
        if self.state == RunState::Finished {
            self.state = RunState::Running;
        }
        Ok(())
    }

    /// Stops the run: steps not yet sent are skipped; a running step's end is still recorded.
    pub fn cancel(&mut self, now: u64) {
        for step in self.accounts.iter_mut().flat_map(|a| a.steps.iter_mut()) {
            if step.state == StepState::Pending {
                step.state = StepState::Skipped;
                step.answer = Some("Not run: the run was cancelled.".into());
                step.finished_ms = Some(now);
            }
        }
        self.state = RunState::Cancelled;
    }

    /// Step `s` of account `a`, to save it apart.
    pub fn step(&self, a: usize, s: usize) -> Option<&Step> {
        self.accounts.get(a)?.steps.get(s)
    }

    /// Puts a step saved apart back in its place (found by its key); a key that is not this run's
    /// is ignored. A step read back as running stays running: it is sent again with its key.
    pub fn apply(&mut self, step: Step) {
        let place = step.key.strip_prefix(&format!("{}.", self.id)).and_then(|rest| {
            let (a, s) = rest.split_once('.')?;
            Some((a.parse::<usize>().ok()?, s.parse::<usize>().ok()?))
        });
        if let Some((a, s)) = place {
            if let Ok(slot) = self.step_mut(a, s) {
                if slot.key == step.key && slot.action == step.action {
                    *slot = step;
                }
            }
        }
        let p = self.progress();
        if self.state == RunState::Running && p.finished() == p.total {
            self.state = RunState::Finished;
        }
    }

    fn step_mut(&mut self, a: usize, s: usize) -> Result<&mut Step, JournalError> {
        self.accounts.get_mut(a).and_then(|acc| acc.steps.get_mut(s)).ok_or(JournalError::NoSuchStep)
    }
}

mod progress;
#[cfg(test)]
mod tests;

pub use progress::Progress;
