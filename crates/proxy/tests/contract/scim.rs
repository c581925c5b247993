//! SCIM 2.0 against a real SCIM server (scim2-server from PyPI, started by tests/contract/run.sh
//! on loopback) through lockdesk-proxy: people are first created on the server directly (lockdesk
//! creates nobody over SCIM), then found by email and by text (a typed quote stays inside the
//! value), read with their entity tag, deactivated with If-Match, refused with 412 after somebody
//! else's change, reactivated, deleted and gone. What scim2-server lacks is said where it matters.

use idp::{Action, Email, Operation, Reply, UserId};

use super::{exchange, read_person, send};

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is set by tests/contract/run.sh"))
}

/// Creates a person on the server itself, as the service's own admin would; their id.
async fn create_on_server(
    server: &str,
    token: &str,
    user_name: &str,
    given: &str,
    family: &str,
    email: &str,
) -> String {
    let body = serde_json::json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": user_name,
        "name": {"givenName": given, "familyName": family},
        "emails": [{"value": email, "type": "work", "primary": true}],
        "active": true,
    });
    let reply = reqwest::Client::new()
        .post(format!("{server}/Users"))
        .bearer_auth(token)
        .header("content-type", "application/scim+json")
        .body(body.to_string())
        .send()
        .await
        .expect("scim2-server answered");
    assert_eq!(reply.status(), 201, "created on the server");
    let created: serde_json::Value = serde_json::from_slice(&reply.bytes().await.unwrap()).unwrap();
    created["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
#[ignore = "needs the servers started by tests/contract/run.sh"]
async fn scim_through_the_proxy_against_a_real_scim_server() {
    let (base, server, token) =
        (env("LOCKDESK_CONTRACT_SCIM_URL"), env("LOCKDESK_CONTRACT_SCIM_SERVER"), env("LOCKDESK_CONTRACT_SCIM_TOKEN"));
    let scim = idp::adapter(idp::ProviderKind::Scim, &Default::default()).unwrap();
    let scim = scim.as_ref();
    let mut failures = Vec::new();
    let barbara = create_on_server(&server, &token, "bjensen", "Barbara", "Jensen", "bjensen@example.com").await;
    create_on_server(&server, &token, "o'neil \"quote\"", "Quinn", "O'Neil", "quinn@example.com").await;
    for n in 0..6 {
        create_on_server(
            &server,
            &token,
            &format!("ana.{n}"),
            "Ana",
            &format!("Doe{n}"),
            &format!("ana.{n}@example.com"),
        )
        .await;
    }
    let email = Operation::FindUserByEmail { email: Email::parse("bjensen@example.com").unwrap() };
    match exchange(&base, scim, &email, &mut failures).await {
        Some(Reply::Users(page)) if page.items.len() == 1 && page.items[0].id.as_str() == barbara => {}
        other => failures.push(format!("find_user_by_email: Barbara expected: {other:?}")),
    }
    let quoted = Operation::SearchUsers { query: "o'neil \"quote".into(), page: None, limit: 25 };
    match exchange(&base, scim, &quoted, &mut failures).await {
        Some(Reply::Users(page)) if page.items.len() == 1 && page.items[0].display_name == "Quinn O'Neil" => {}
        other => failures.push(format!("search_users: only Quinn expected for a quoted text: {other:?}")),
    }
    let hostile =
        Operation::SearchUsers { query: r#"" or userName pr or userName eq ""#.into(), page: None, limit: 25 };
    match exchange(&base, scim, &hostile, &mut failures).await {
        Some(Reply::Users(page)) if page.items.is_empty() => {}
        other => failures.push(format!("search_users: hostile text must match nobody: {other:?}")),
    }
    let first = Operation::SearchUsers { query: "ana".into(), page: None, limit: 4 };
    match exchange(&base, scim, &first, &mut failures).await {
        Some(Reply::Users(page)) if page.items.len() == 4 && page.next.is_some() => {
            let later = Operation::SearchUsers { query: "ana".into(), page: page.next, limit: 4 };
            match exchange(&base, scim, &later, &mut failures).await {
                Some(Reply::Users(next)) if next.items.len() == 2 && next.items[0].id != page.items[0].id => {}
                other => failures.push(format!("search_users: the last two on page 2 expected: {other:?}")),
            }
        }
        other => failures.push(format!("search_users: a full first page with a next one expected: {other:?}")),
    }
    let id = UserId::parse(&barbara).unwrap();
    let read = || Operation::GetUser { id: id.clone() };
    let change = |user: &idp::User, action| {
        Operation::Change(idp::Change {
            precondition: user.precondition.clone(),
            ..idp::Change::new(action, user.id.clone())
        })
    };
    if let Some(before) = read_person(&base, scim, read(), &mut failures).await {
        if !matches!(before.precondition, Some(idp::Precondition::ETag(_))) {
            failures.push(format!("scim2-server gives entity tags; none read: {:?}", before.precondition));
        }
        // Somebody else changes her on the server after lockdesk's read: the tag is stale now.
        let patch = r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"title","value":"Edited elsewhere"}]}"#;
        let edited = reqwest::Client::new()
            .patch(format!("{server}/Users/{barbara}"))
            .bearer_auth(&token)
            .header("content-type", "application/scim+json")
            .body(patch)
            .send()
            .await
            .unwrap();
        assert!(edited.status().is_success(), "the edit elsewhere: {}", edited.status());
        let stale = send(&base, scim, &change(&before, Action::Deactivate)).await;
        match scim.interpret(&change(&before, Action::Deactivate), &stale) {
            Err(e) if e.kind == idp::ErrorKind::PreconditionFailed => {
                println!("scim       stale If-Match        -> HTTP 412")
            }
            other => {
                failures.push(format!("a stale If-Match must be refused with 412: HTTP {} {other:?}", stale.status()))
            }
        }
    }
    for action in [Action::Deactivate, Action::Reactivate, Action::Deactivate, Action::DeletePermanently] {
        let Some(now) = read_person(&base, scim, read(), &mut failures).await else { break };
        let expected_active = action == Action::Deactivate;
        if (now.status.kind == idp::StatusKind::Active) != expected_active {
            failures.push(format!("before {action:?} Barbara is {:?}", now.status));
        }
        if exchange(&base, scim, &change(&now, action), &mut failures).await.is_none() {
            break;
        }
    }
    let gone = send(&base, scim, &read()).await;
    if gone.status() != 404 {
        failures.push(format!("after the delete the read answered HTTP {}", gone.status()));
    }
    assert!(failures.is_empty(), "contract failures:\n{}", failures.join("\n"));
}
