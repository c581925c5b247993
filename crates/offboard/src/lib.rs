//! Offboarding a person (or a list of people) in every connected system, as pure code: which
//! steps each provider's plan holds (`plan`), reading a pasted list or a CSV file (`list`), how fast
//! to call each provider and when to try again (`pace`), the run's journal with an idempotency key
//! per step (`journal`), and the report (`report`).
//!
//! No I/O here, as in `idp`: no clock (times come in as milliseconds), no randomness (jitter comes in
//! as a number), no HTTP. The panel drives it in the browser, the benchmark natively, and the tests
//! call it directly. It must keep building for `wasm32-unknown-unknown`.

pub mod journal;
pub mod list;
pub mod pace;
pub mod plan;
pub mod report;

pub use journal::{Account, Run, RunState, Step, StepState};
pub use list::{parse_list, ListError, ListRow, RowAction};
pub use pace::{Next, Pacer, Retry};
pub use plan::{plan_for, AccountPlan, PlannedStep, StepChoice};
