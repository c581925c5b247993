//! DocSpace through the official spec's people and active-connections paths (a subset of
//! ONLYOFFICE's file, see tests/contract/specs/SOURCES.md): create, find by email and by text
//! (two pages), read, terminate, reactivate, terminate again, delete, sign out. The spec declares
//! only 200/401 for the status change and 200/401/403 for create, so the 402 seat limit, the
//! state 403 and the HTML 502 are tested against the sandbox directly (`tests/docspace.rs`).

use idp::{Action, Email, NewPerson, Operation, Reply, UserId};

use super::{exchange, read_person, send};

/// Mike Zanyatski, the spec example's id (active, not the owner).
const MIKE: &str = "046b6c7f-0b8a-43b9-b35d-6489e6daee91";

#[tokio::test]
#[ignore = "needs the servers started by tests/contract/run.sh"]
async fn every_docspace_request_passes_the_vendor_spec() {
    let base = std::env::var("LOCKDESK_CONTRACT_DOCSPACE_URL")
        .expect("LOCKDESK_CONTRACT_DOCSPACE_URL is set by tests/contract/run.sh");
    let docspace = idp::adapter(idp::ProviderKind::DocSpace, &Default::default()).unwrap();
    let docspace = docspace.as_ref();
    let mut failures = Vec::new();
    let person =
        NewPerson::parse("contract.person@example.com", "Contract", "Person", "4", docspace.person_types()).unwrap();
    let created = match exchange(&base, docspace, &Operation::CreateUser { person }, &mut failures).await {
        Some(Reply::User(user)) => Some(user.id),
        other => {
            failures.push(format!("create_user: the new person expected: {other:?}"));
            None
        }
    };
    let email = Email::parse("contract.person@example.com").unwrap();
    match exchange(&base, docspace, &Operation::FindUserByEmail { email }, &mut failures).await {
        Some(Reply::User(user)) if Some(&user.id) == created.as_ref() => {}
        other => failures.push(format!("find_user_by_email: the created person expected: {other:?}")),
    }
    let (query, limit) = ("a".to_string(), 5);
    let first = Operation::SearchUsers { query: query.clone(), page: None, limit };
    match exchange(&base, docspace, &first, &mut failures).await {
        Some(Reply::Users(page)) if page.items.len() == limit as usize && page.next.is_some() => {
            let later = Operation::SearchUsers { query, page: page.next, limit };
            match exchange(&base, docspace, &later, &mut failures).await {
                Some(Reply::Users(next)) if !next.items.is_empty() && next.items[0].id != page.items[0].id => {}
                other => failures.push(format!("search_users: a later page with other people expected: {other:?}")),
            }
        }
        other => failures.push(format!("search_users: expected a full first page with a next page: {other:?}")),
    }
    let mike = UserId::parse(MIKE).unwrap();
    read_person(&base, docspace, Operation::GetUser { id: mike.clone() }, &mut failures).await;
    let steps = [Action::SignOutEverywhere, Action::Deactivate, Action::Reactivate];
    for action in steps {
        if exchange(&base, docspace, &Operation::Change(idp::Change::new(action, mike.clone())), &mut failures)
            .await
            .is_none()
        {
            break;
        }
    }
    // The created person: terminated, then deleted for good.
    if let Some(id) = created {
        for action in [Action::Deactivate, Action::DeletePermanently] {
            if exchange(&base, docspace, &Operation::Change(idp::Change::new(action, id.clone())), &mut failures)
                .await
                .is_none()
            {
                break;
            }
        }
        let gone = send(&base, docspace, &Operation::GetUser { id }).await;
        if gone.status() != 404 {
            failures.push(format!("after the delete the read answered HTTP {}", gone.status()));
        }
    }
    assert!(failures.is_empty(), "contract failures:\n{}", failures.join("\n"));
}
