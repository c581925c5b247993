//! A fast upstream stub for `bench/proxy`: answers every request with one FusionAuth-shaped user,
//! so the benchmark measures the proxies, not the provider. Loopback only.
//!
//! Usage: `cargo run --release -p lockdesk-proxy --example bench_upstream -- 127.0.0.1:9301`

use axum::http::header;
use axum::response::IntoResponse;
use axum::Router;

const USER: &str = r#"{"user":{"id":"4e0f2af0-33a2-4001-8631-0f8225e65f1c","active":true,"email":"terry@example.com","firstName":"Terry","lastName":"Example","fullName":"Terry Example","tenantId":"31626131-3938-6231-3634-663636656635","lastLoginInstant":1570201693585,"verified":true,"registrations":[]}}"#;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:9301".into());
    let app = Router::new().fallback(|| async { ([(header::CONTENT_TYPE, "application/json")], USER).into_response() });
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("bench upstream on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await
}
