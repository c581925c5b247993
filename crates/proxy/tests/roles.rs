//! Operators and roles against the real router: every operation × every role × both ways of
//! signing in (built-in account, trusted SSO header), with the audit line for each change.

mod support;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::Request;
use idp::{Operation, Role, UserId};
use lockdesk_proxy::config::{AuditSettings, Config};
use support::*;

const TERRY: &str = "4e0f2af0-33a2-4001-8631-0f8225e65f1c";
const PASSWORD: &str = "correct horse battery";
const FRONT_PROXY: &str = "10.9.9.9";

fn operators_config(upstream: SocketAddr, audit: &std::path::Path) -> Config {
    std::env::set_var("LOCKDESK_TEST_ROLES_KEY", "vault-secret-key");
    let hash = lockdesk_proxy::operators::hash_password(PASSWORD).unwrap();
    let account = |name: &str, role: &str| {
        format!(
            "[[operators.account]]\nname = \"{name}\"\npassword_hash = \"{hash}\"\nroles = {{ \"*\" = \"{role}\" }}\n"
        )
    };
    // One connection of every registered provider, all to the stub; the FusionAuth one is `fa`.
    let connections: String = idp::REGISTRY
        .iter()
        .map(|row| {
            let id = if row.kind == idp::ProviderKind::FusionAuth { "fa" } else { row.config_name };
            // Each with its sample settings (Acronis needs its tenant).
            let settings: String =
                (row.samples)().settings.0.iter().map(|(k, v)| format!("{k} = \"{v}\"\n")).collect();
            format!(
                "[[connection]]\nid = \"{id}\"\nlabel = \"{}\"\nkind = \"{}\"\nbase_url = \"http://{upstream}\"\n[connection.settings]\n{settings}[connection.credential]\nmode = \"vault\"\napi_key_env = \"LOCKDESK_TEST_ROLES_KEY\"\n",
                row.label, row.config_name
            )
        })
        .collect();
    let text = format!(
        "[operators]\ntrusted_header = \"x-forwarded-user\"\ntrusted_proxies = [\"{FRONT_PROXY}\"]\n{}{}{}\n{connections}",
        account("vic", "viewer"),
        account("hal", "helpdesk"),
        account("ada", "admin"),
    );
    let mut config = Config::parse(&text, std::path::Path::new("roles.toml")).unwrap();
    config.audit = Some(AuditSettings::at(audit.to_owned()));
    config
}

/// Each provider's reads (and creates) answered with the first of its sample people every step may
/// be sent to (the proxy checks irreversible steps against its own read), else its first sample
/// person; everything else with 200.
fn provider_stub(seen: &Seen) -> axum::response::Response {
    for row in idp::REGISTRY {
        let samples = (row.samples)();
        let adapter = (row.open)(&samples.settings).unwrap();
        let probe = adapter.build(&Operation::GetUser { id: UserId::parse(&sample_id(row)).unwrap() });
        let prefix = probe.uri().path().rsplit_once('/').map_or("", |(p, _)| p).to_owned();
        // A create (`POST` to the people collection, DocSpace) is answered with the new person.
        let lookup = seen.method == "GET" && seen.uri.starts_with(&format!("{prefix}/"));
        if lookup || (seen.method == "POST" && seen.uri == prefix) {
            let ok = |p: &&idp::contract::Person| {
                let user = read(adapter.as_ref(), p);
                idp::Action::ALL.iter().filter(|a| a.is_irreversible()).all(|a| adapter.allows(*a, &user.status))
            };
            // A provider with no irreversible step (Genesys keeps deleted people) gets its first.
            if let Some(person) = samples.people.iter().find(ok).or(samples.people.first()) {
                return axum::response::Response::builder()
                    .status(200)
                    .header("content-type", "application/json")
                    .body(Body::from(person.body.clone()))
                    .unwrap();
            }
        }
    }
    ok_user()
}

fn read(adapter: &dyn idp::IdentityProvider, person: &idp::contract::Person) -> idp::User {
    let v: serde_json::Value = serde_json::from_str(&person.body).unwrap();
    let id = ["/id", "/user/id", "/response/id"].iter().find_map(|p| v.pointer(p)).and_then(|i| i.as_str()).unwrap();
    let op = Operation::GetUser { id: UserId::parse(id).unwrap() };
    let reply = http::Response::builder().status(200).body(person.body.clone().into_bytes()).unwrap();
    match adapter.interpret(&op, &reply) {
        Ok(idp::Reply::User(user)) => *user,
        other => panic!("{other:?}"),
    }
}

fn sample_id(row: &idp::Registration) -> String {
    (row.samples)().operations.iter().find_map(|op| op.target().map(|id| id.to_string())).unwrap()
}

fn from(peer: &str, mut req: Request<Body>) -> Request<Body> {
    let addr: SocketAddr = format!("{peer}:40000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(addr));
    req
}

async fn cookie_for(app: &axum::Router, name: &str) -> String {
    let req = Request::builder()
        .method("POST")
        .uri("/api/session")
        .header("sec-fetch-site", "same-origin")
        .body(Body::from(format!(r#"{{"name":"{name}","password":"{PASSWORD}"}}"#)))
        .unwrap();
    let (status, headers, body) = call(app, from("127.0.0.1", req)).await;
    assert_eq!(status, 204, "{body}");
    let cookie = headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(!cookie.contains("Secure"), "loopback sign-in cannot use a Secure cookie over http");
    cookie.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn every_operation_of_every_provider_for_every_role_and_sign_in_method() {
    let stub = stub_by(provider_stub).await;
    let audit = audit_path("roles");
    let app = router(operators_config(stub.addr, &audit));
    let (mut cells, mut expected_lines, mut expected_refusals) = (0, 0, 0);
    for row in idp::REGISTRY {
        let samples = (row.samples)();
        let adapter = (row.open)(&samples.settings).unwrap();
        let conn = if row.kind == idp::ProviderKind::FusionAuth { "fa" } else { row.config_name };
        for (name, role) in [("vic", Role::Viewer), ("hal", Role::Helpdesk), ("ada", Role::Admin)] {
            let cookie = cookie_for(&app, name).await;
            for method in ["cookie", "sso-header"] {
                for op in &samples.operations {
                    let built = adapter.build(op);
                    let mut req = Request::builder()
                        .method(built.method().clone())
                        .uri(format!("/proxy/{conn}{}", built.uri()))
                        .header("sec-fetch-site", "same-origin");
                    let peer = if method == "cookie" {
                        req = req.header("cookie", &cookie);
                        "127.0.0.1"
                    } else {
                        req = req.header("x-forwarded-user", name);
                        FRONT_PROXY
                    };
                    let (verb, uri) = (built.method().to_string(), built.uri().to_string());
                    let before = stub.count_of(&verb, &uri);
                    let (status, _, body) =
                        call(&app, from(peer, req.body(Body::from(built.body().clone())).unwrap())).await;
                    let allowed = role >= op.required_role();
                    let what = format!("{} {name} ({method}) {}", row.config_name, op.name());
                    assert_eq!(status == 200, allowed, "{what}: {status} {body}");
                    assert_eq!(stub.count_of(&verb, &uri) - before, usize::from(allowed), "{what}");
                    if !allowed {
                        assert!(body.contains("does not allow this"), "{body}");
                    }
                    if op.is_mutating() {
                        expected_lines += if allowed { 2 } else { 1 };
                        expected_refusals += usize::from(!allowed);
                    }
                    cells += 1;
                }
            }
        }
    }
    let operations: usize = idp::REGISTRY.iter().map(|r| (r.samples)().operations.len()).sum();
    assert_eq!(cells, 3 * 2 * operations);
    let lines: Vec<serde_json::Value> =
        std::fs::read_to_string(&audit).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), expected_lines, "one line per refusal, two per change made");
    for line in &lines {
        assert!(line["operator"].is_string() && line["role"].is_string(), "{line}");
    }
    let refused: Vec<_> = lines.iter().filter(|l| l["outcome"] == "refused").collect();
    assert_eq!(refused.len(), expected_refusals);
    assert!(refused.iter().all(|l| l["reason"] == "role too low"));
    assert!(lines
        .iter()
        .any(|l| l["operator"] == "ada" && l["operation"] == "delete_user" && l["outcome"] == "allowed"));
    // Completed lines carry the target as the provider had it before and after the change.
    for done in lines.iter().filter(|l| l["stage"] == "completed") {
        assert!(done["target_user_id"].is_string(), "{done}");
        // A new person had no state before; everybody else did.
        assert_eq!(done["state_before"].is_string(), done["operation"] != "create_user", "{done}");
        assert!(done["target_name"].is_string(), "{done}");
        assert!(done["state_after"].is_string(), "{done}");
    }
}

#[tokio::test]
async fn without_a_session_nothing_is_forwarded() {
    let stub = stub(ok_user).await;
    let app = router(operators_config(stub.addr, &std::env::temp_dir().join("lockdesk-roles-none.jsonl")));
    let (status, _, body) = call(&app, from("127.0.0.1", get(&format!("/proxy/fa/api/user/{TERRY}")))).await;
    assert_eq!(status, 401, "{body}");
    let forged = Request::builder()
        .uri(format!("/proxy/fa/api/user/{TERRY}"))
        .header("cookie", format!("lockdesk_session={}", "a".repeat(64)))
        .header("x-forwarded-user", "ada")
        .body(Body::empty())
        .unwrap();
    let (status, _, _) = call(&app, from("127.0.0.1", forged)).await;
    assert_eq!(status, 401, "a made-up token, or the SSO header from an untrusted address, is no session");
    assert_eq!(stub.count(), 0);
    let (_, _, who) = call(&app, from("127.0.0.1", get("/api/session"))).await;
    assert_eq!(serde_json::from_str::<serde_json::Value>(&who).unwrap()["signed_in"], false);
}

#[tokio::test]
async fn sign_in_is_csrf_checked_slowed_down_and_sign_out_ends_the_session() {
    let stub = stub(ok_user).await;
    let app = router(operators_config(stub.addr, &std::env::temp_dir().join("lockdesk-roles-csrf.jsonl")));
    let attempt = |password: &str, site: &str| {
        Request::builder()
            .method("POST")
            .uri("/api/session")
            .header("sec-fetch-site", site)
            .body(Body::from(format!(r#"{{"name":"hal","password":"{password}"}}"#)))
            .unwrap()
    };
    assert_eq!(call(&app, from("127.0.0.1", attempt(PASSWORD, "cross-site"))).await.0, 403, "login CSRF");
    for _ in 0..3 {
        let (status, _, body) = call(&app, from("192.0.2.1", attempt("wrong", "same-origin"))).await;
        assert_eq!(status, 401);
        assert_eq!(body, r#"{"error":"Wrong name or password."}"#);
    }
    let (status, headers, _) = call(&app, from("192.0.2.1", attempt(PASSWORD, "same-origin"))).await;
    assert_eq!(status, 429);
    assert!(headers.contains_key("retry-after"));
    let cookie = {
        std::thread::sleep(std::time::Duration::from_millis(1100));
        cookie_for(&app, "hal").await
    };
    let who = Request::builder().uri("/api/session").header("cookie", &cookie).body(Body::empty()).unwrap();
    let (_, _, body) = call(&app, from("127.0.0.1", who)).await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!((v["name"].as_str(), v["roles"]["*"].as_str()), (Some("hal"), Some("helpdesk")));
    assert!(!body.contains(&cookie[17..]), "the token is never echoed");
    let out = Request::builder()
        .method("DELETE")
        .uri("/api/session")
        .header("cookie", &cookie)
        .header("sec-fetch-site", "same-origin")
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&app, from("127.0.0.1", out)).await.0, 204);
    let again = Request::builder()
        .uri(format!("/proxy/fa/api/user/{TERRY}"))
        .header("cookie", &cookie)
        .body(Body::empty())
        .unwrap();
    assert_eq!(call(&app, from("127.0.0.1", again)).await.0, 401);
}

#[tokio::test]
async fn only_admins_page_through_the_audit_log_with_filters() {
    let stub = stub(ok_user).await;
    let audit = audit_path("audit-api");
    let app = router(operators_config(stub.addr, &audit));
    let hal = cookie_for(&app, "hal").await;
    let ada = cookie_for(&app, "ada").await;
    for _ in 0..3 {
        let req = Request::builder()
            .method("DELETE")
            .uri(format!("/proxy/fa/api/user/{TERRY}"))
            .header("cookie", &hal)
            .header("sec-fetch-site", "same-origin")
            .body(Body::empty())
            .unwrap();
        assert_eq!(call(&app, from("127.0.0.1", req)).await.0, 200);
    }
    let read = |cookie: &str, query: &str| {
        Request::builder().uri(format!("/api/audit{query}")).header("cookie", cookie).body(Body::empty()).unwrap()
    };
    assert_eq!(call(&app, from("127.0.0.1", read(&hal, ""))).await.0, 403, "helpdesk cannot read the log");
    let (status, _, body) = call(&app, from("127.0.0.1", read(&ada, "?operator=hal&limit=2"))).await;
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["total"], 6, "3 changes, 2 stages each");
    assert_eq!(v["lines"].as_array().unwrap().len(), 2);
    assert_eq!(v["lines"][0]["stage"], "completed", "newest first");
    let (_, _, body) = call(&app, from("127.0.0.1", read(&ada, "?operator=ada"))).await;
    assert_eq!(serde_json::from_str::<serde_json::Value>(&body).unwrap()["total"], 0);
    let (status, _, body) = call(&app, from("127.0.0.1", read(&ada, "?limit=lots"))).await;
    assert_eq!(status, 400);
    assert!(body.contains("limit must be a whole number"), "{body}");
    assert_eq!(call(&app, from("127.0.0.1", read(&ada, "?drop=table"))).await.0, 400);
    let (_, _, body) = call(&app, from("127.0.0.1", read(&ada, "?stage=completed,refused"))).await;
    assert_eq!(serde_json::from_str::<serde_json::Value>(&body).unwrap()["total"], 3, "one line per change");
    assert_eq!(call(&app, from("127.0.0.1", read(&ada, "?stage=done"))).await.0, 400);
    let (status, headers, csv) = call(&app, from("127.0.0.1", read(&ada, "?stage=completed&format=csv"))).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "text/csv; charset=utf-8");
    assert!(headers["content-disposition"].to_str().unwrap().contains("lockdesk-audit.csv"));
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 4, "header and one row per change (paging does not apply): {csv}");
    assert!(rows[0].starts_with("time,stage,outcome,operator,role,connection,operation,target_user_id"));
    assert!(rows[1].contains(",completed,allowed,hal,helpdesk,fa,deactivate_user,"), "{}", rows[1]);
    assert_eq!(call(&app, from("127.0.0.1", read(&hal, "?format=csv"))).await.0, 403, "nor as CSV");
}
