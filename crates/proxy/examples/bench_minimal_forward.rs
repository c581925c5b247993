//! A reference point for `bench/proxy`: the least a forwarding proxy built on the same stack
//! (axum server, reqwest client) does per request: read the request, send the same path to the
//! upstream, read the reply, pass status, Content-Type and body back. No checks of any kind, so
//! never a real proxy: it shows how much of lockdesk-proxy's cost is forwarding itself.
//!
//! Usage: `cargo run --release -p lockdesk-proxy --example bench_minimal_forward -- LISTEN UPSTREAM`

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::Response;
use axum::Router;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let listen = args.next().unwrap_or_else(|| "127.0.0.1:9305".into());
    let upstream = args.next().unwrap_or_else(|| "127.0.0.1:9301".into());
    let client = reqwest::Client::builder().no_proxy().build().map_err(std::io::Error::other)?;
    let app = Router::new().fallback(forward).with_state((client, upstream));
    let listener = tokio::net::TcpListener::bind(&listen).await?;
    axum::serve(listener, app).await
}

async fn forward(State((client, upstream)): State<(reqwest::Client, String)>, req: Request) -> Response {
    let path = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/").to_owned();
    let reply = match client.get(format!("http://{upstream}{path}")).send().await {
        Ok(reply) => reply,
        Err(_) => return Response::builder().status(StatusCode::BAD_GATEWAY).body(Body::empty()).unwrap_or_default(),
    };
    let status = reply.status();
    let content_type = reply.headers().get(header::CONTENT_TYPE).cloned();
    let body = reply.bytes().await.unwrap_or_default();
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = status;
    if let Some(ct) = content_type {
        resp.headers_mut().insert(header::CONTENT_TYPE, ct);
    }
    resp
}
