//! Routed screens. Pages hold resources and actions and call `api`; they never build URLs or
//! headers for providers.

pub mod audit;
pub mod connection_gate;
pub mod connections;
pub mod create_user;
pub mod search;
pub mod sign_in;
pub mod user_actions;
pub mod user_detail;

pub use audit::AuditPage;
pub use connection_gate::ConnectionGate;
pub use connections::ConnectionsPage;
pub use create_user::CreateUserPage;
pub use search::SearchPage;
pub use sign_in::{OperatorBadge, OperatorGate};
pub use user_detail::UserDetailPage;
