//! Tests of the Okta adapter: the requests it builds and recognises (`requests`), its search
//! expressions (`expressions`), how it reads people, pages and errors (`reading`), and its state
//! rules (`states`). Shared helpers only here.

use super::*;
pub(super) use crate::model::Email;
use crate::model::StatusKind;

mod expressions;
mod reading;
mod requests;
mod states;

const ISAAC: &str = samples::ISAAC;

fn okta() -> Okta {
    Okta
}

fn id(s: &str) -> UserId {
    UserId::parse(s).unwrap()
}

fn change(action: Action, notify: bool) -> Operation {
    Operation::Change(Change { notify, ..Change::new(action, id(ISAAC)) })
}

fn get_isaac() -> Operation {
    Operation::GetUser { id: id(ISAAC) }
}

fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body.as_bytes().to_vec()).unwrap()
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/okta/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap()
}

fn req(method: &str, uri: &str, body: &str) -> HttpRequest {
    http::Request::builder().method(method).uri(uri).body(body.as_bytes().to_vec()).unwrap()
}

/// The person `body` describes, as a lookup reads them.
fn read_user(body: &str) -> User {
    match okta().interpret(&get_isaac(), &reply(200, &[], body)) {
        Ok(Reply::User(user)) => *user,
        other => panic!("{body}: {other:?}"),
    }
}

/// Isaac in Okta status `word`, optionally changing to `heading`.
fn isaac_in(word: &str, heading: Option<&str>) -> User {
    read_user(&samples::person_body(word, heading))
}

fn fact(user: &User, label: &str) -> Option<crate::model::FactValue> {
    user.facts.iter().find(|f| f.label == label).map(|f| f.value.clone())
}
