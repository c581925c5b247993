//! Routed screens. Pages hold resources and actions and call `api`; they never build URLs or
//! headers for providers.

pub mod audit;
pub mod bulk;
pub mod connection_gate;
pub mod connections;
pub mod create_user;
pub mod everywhere;
pub mod offboard;
pub mod run;
pub mod search;
pub mod sign_in;
pub mod user_actions;
pub mod user_detail;

pub use audit::AuditPage;
pub use bulk::BulkPage;
pub use connection_gate::ConnectionGate;
pub use create_user::CreateUserPage;
pub use everywhere::EverywherePage;
pub use offboard::OffboardPage;
pub use run::RunPage;
pub use search::SearchPage;
pub use sign_in::{OperatorBadge, OperatorGate};
pub use user_detail::UserDetailPage;
