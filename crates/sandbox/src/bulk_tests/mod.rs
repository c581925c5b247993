//! Unit tests of what a bulk offboarding run and its benchmark need from the sandbox, run
//! against EVERY provider through the whole sandbox's router: change counts per person
//! (`changes`), the rate limit (`rate`), the burst and the seeded random faults (`faults`), the
//! people list and reset (`people`). This file holds the one table of how to read, deactivate and
//! sign out a person at each provider ([`TARGETS`]) and the admin helpers the tests share.
//!
//! Test code only (compiled under `cfg(test)`); requests are sent by `crate::test_support`.

mod changes;
mod faults;
mod people;
mod rate;

use axum::http::StatusCode;
use axum::Router;
use serde_json::{json, Value};

use crate::test_support::{call_to, send_to, Reply, JSON};
use crate::Sandbox;

/// The API key of [`sandbox`].
const KEY: &str = "bulk-test-key";

/// Named people and 120 generated ones at every provider.
fn sandbox() -> Sandbox {
    Sandbox::seeded(1, 120, KEY.into())
}

/// One provider as a client calls it: its config name, where `Sandbox::router` serves its API
/// and the `Authorization` it takes.
struct Target {
    name: &'static str,
    prefix: &'static str,
    auth: &'static str,
}

/// Every provider, in registration order.
const TARGETS: [Target; 6] = [
    Target { name: "fusionauth", prefix: "", auth: KEY },
    Target { name: "okta", prefix: "/okta", auth: "SSWS bulk-test-key" },
    Target { name: "genesys", prefix: "/genesys", auth: "Bearer bulk-test-key" },
    Target { name: "acronis", prefix: "/acronis", auth: "Bearer bulk-test-key" },
    Target { name: "docspace", prefix: "/docspace", auth: "Bearer bulk-test-key" },
    Target { name: "scim", prefix: "/scim/v2", auth: "Bearer bulk-test-key" },
];

impl Target {
    /// An authorized API call to `path` (below the prefix), a body sent as JSON.
    async fn call(&self, router: &Router, method: &str, path: &str, body: Option<Value>) -> Reply {
        call_to(router.clone(), method, &format!("{}{path}", self.prefix), self.auth, body).await
    }

    /// Reads person `id`.
    async fn read(&self, router: &Router, id: &str) -> Reply {
        let path = match self.name {
            "fusionauth" => format!("/api/user/{id}"),
            "okta" => format!("/api/v1/users/{id}"),
            "genesys" => format!("/api/v2/users/{id}"),
            "acronis" => format!("/api/2/users/{id}"),
            "docspace" => format!("/api/2.0/people/{id}"),
            _ => format!("/Users/{id}"),
        };
        self.call(router, "GET", &path, None).await
    }

    /// Whether a successful read shows somebody who can sign in (Okta: with no change in flight).
    fn is_active(&self, read: &Reply) -> bool {
        assert_eq!(read.status, StatusCode::OK, "{}: {}", self.name, String::from_utf8_lossy(&read.body));
        let body = read.json();
        match self.name {
            "fusionauth" => body["user"]["active"] == true,
            "okta" => body["status"] == "ACTIVE" && body.get("transitioningToStatus").is_none(),
            "genesys" => body["state"] == "active",
            "acronis" => body["enabled"] == true && body["activated"] == true,
            "docspace" => body["response"]["status"] == 1,
            _ => body["active"] == true,
        }
    }

    /// Deactivates person `id` the vendor's way (Genesys and Acronis: with the version a read
    /// just gave, 0 if the read failed).
    async fn deactivate(&self, router: &Router, id: &str) -> Reply {
        let version = || async { self.read(router, id).await.json().get("version").and_then(Value::as_u64) };
        match self.name {
            "fusionauth" => self.call(router, "DELETE", &format!("/api/user/{id}"), None).await,
            "okta" => self.call(router, "POST", &format!("/api/v1/users/{id}/lifecycle/deactivate"), None).await,
            "genesys" => {
                let body = json!({"version": version().await.unwrap_or(0), "state": "inactive"});
                self.call(router, "PATCH", &format!("/api/v2/users/{id}"), Some(body)).await
            }
            "acronis" => {
                let body = json!({"version": version().await.unwrap_or(0), "enabled": false});
                self.call(router, "PUT", &format!("/api/2/users/{id}"), Some(body)).await
            }
            "docspace" => self.call(router, "PUT", "/api/2.0/people/status/2", Some(json!({"userIds": [id]}))).await,
            _ => {
                let op = json!({"op": "replace", "path": "active", "value": false});
                let body = json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [op]});
                self.call(router, "PATCH", &format!("/Users/{id}"), Some(body)).await
            }
        }
    }

    /// Signs person `id` out everywhere, where the vendor's API (as the sandbox models it) can.
    async fn sign_out(&self, router: &Router, id: &str) -> Option<Reply> {
        let (method, path) = match self.name {
            "fusionauth" => ("DELETE", format!("/api/jwt/refresh?userId={id}")),
            "okta" => ("DELETE", format!("/api/v1/users/{id}/sessions")),
            "genesys" => ("DELETE", format!("/api/v2/tokens/{id}")),
            "docspace" => ("PUT", format!("/api/2.0/security/activeconnections/logoutall/{id}")),
            _ => return None,
        };
        Some(self.call(router, method, &path, None).await)
    }

    /// Asserts a 429 in the vendor's own shape with a `Retry-After` of whole seconds → them.
    fn assert_too_many(&self, reply: &Reply) -> u64 {
        assert_eq!(reply.status, StatusCode::TOO_MANY_REQUESTS, "{}", self.name);
        let body = || reply.json();
        match self.name {
            "fusionauth" => assert!(reply.body.is_empty()),
            "okta" => assert_eq!(body()["errorCode"], "E0000047"),
            "genesys" => assert_eq!(body()["code"], "too.many.requests"),
            "acronis" => assert_eq!(body()["error"]["code"], "TooManyRequests"),
            "docspace" => assert_eq!(body()["statusCode"], 429),
            _ => assert_eq!(body()["status"], "429"),
        }
        let retry = reply.headers.get("retry-after").unwrap_or_else(|| panic!("{}: no Retry-After", self.name));
        retry.to_str().unwrap().parse().unwrap()
    }

    /// The people `/_sandbox/people` lists, as `(id, email)`.
    async fn people(&self, router: &Router, limit: usize) -> Vec<(String, String)> {
        let r = admin(router, "GET", &format!("/_sandbox/people/{}?state=active&limit={limit}", self.name), None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", self.name);
        let people = r.json();
        let people = people.as_array().unwrap().iter();
        people.map(|p| (p["id"].as_str().unwrap().into(), p["email"].as_str().unwrap().into())).collect()
    }

    /// Terry Example's id here.
    async fn terry(&self, router: &Router) -> String {
        let people = self.people(router, 100).await;
        people.into_iter().find(|(_, email)| email == "terry@example.com").expect("Terry is everywhere").0
    }
}

/// A `/_sandbox` request, a body sent as JSON.
async fn admin(router: &Router, method: &str, path: &str, body: Option<Value>) -> Reply {
    let body = body.map(|b| b.to_string());
    send_to(router.clone(), method, path, &[JSON], body.as_deref()).await
}

/// `PUT /_sandbox/faults/{provider}` (panics unless 200) → the settings applied.
async fn set_faults(router: &Router, provider: &str, body: Value) -> Value {
    let r = admin(router, "PUT", &format!("/_sandbox/faults/{provider}"), Some(body)).await;
    assert_eq!(r.status, StatusCode::OK, "{provider}: {}", String::from_utf8_lossy(&r.body));
    r.json()
}

/// `GET /_sandbox/changes/{provider}`.
async fn changes(router: &Router, provider: &str) -> Value {
    let r = admin(router, "GET", &format!("/_sandbox/changes/{provider}"), None).await;
    assert_eq!(r.status, StatusCode::OK, "{provider}");
    r.json()
}
