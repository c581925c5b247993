//! The requests the Okta adapter builds, its credential header, and recognising exactly those.

use super::*;

const EXPR_ISAAC: &str = "profile.firstName%20sw%20%22isaac%22%20or%20profile.lastName%20sw%20%22isaac%22%20or%20\
                          profile.login%20sw%20%22isaac%22%20or%20profile.email%20sw%20%22isaac%22";

#[test]
fn every_request_has_the_documented_shape() {
    let user = format!("/api/v1/users/{ISAAC}");
    let email = Email::parse("isaac.brock@example.com").unwrap();
    let search = |limit, page: Option<&str>| Operation::SearchUsers {
        query: "isaac".into(),
        page: page.map(|p| PageToken(p.into())),
        limit,
    };
    let table: Vec<(Operation, &str, String)> = vec![
        (get_isaac(), "GET", user.clone()),
        (
            Operation::FindUserByEmail { email },
            "GET",
            "/api/v1/users?search=profile.login%20eq%20%22isaac.brock%40example.com%22%20or%20\
             profile.email%20eq%20%22isaac.brock%40example.com%22&limit=25"
                .into(),
        ),
        (search(25, None), "GET", format!("/api/v1/users?search={EXPR_ISAAC}&limit=25")),
        (
            search(100, Some("00u1xke1apZnmHgpB1d7")),
            "GET",
            format!("/api/v1/users?search={EXPR_ISAAC}&limit=100&after=00u1xke1apZnmHgpB1d7"),
        ),
        (change(Action::Activate, true), "POST", format!("{user}/lifecycle/activate?sendEmail=true")),
        (change(Action::Activate, false), "POST", format!("{user}/lifecycle/activate?sendEmail=false")),
        (change(Action::Reactivate, true), "POST", format!("{user}/lifecycle/reactivate?sendEmail=true")),
        (change(Action::Reactivate, false), "POST", format!("{user}/lifecycle/reactivate?sendEmail=false")),
        (change(Action::Deactivate, false), "POST", format!("{user}/lifecycle/deactivate?sendEmail=false")),
        (change(Action::Deactivate, true), "POST", format!("{user}/lifecycle/deactivate?sendEmail=false")),
        (change(Action::Suspend, false), "POST", format!("{user}/lifecycle/suspend")),
        (change(Action::Unsuspend, false), "POST", format!("{user}/lifecycle/unsuspend")),
        (change(Action::Unlock, false), "POST", format!("{user}/lifecycle/unlock")),
        (change(Action::ResetFactors, false), "POST", format!("{user}/lifecycle/reset_factors")),
        (change(Action::DeletePermanently, false), "DELETE", format!("{user}?sendEmail=false")),
        (change(Action::SignOutEverywhere, false), "DELETE", format!("{user}/sessions?oauthTokens=true")),
        (change(Action::Restore, false), "GET", user.clone()),
        (change(Action::Delete, false), "GET", user.clone()),
    ];
    for (op, method, uri) in table {
        let built = okta().build(&op);
        assert_eq!(built.method().as_str(), method, "{op:?}");
        assert_eq!(built.uri().to_string(), uri, "{op:?}");
        assert!(built.body().is_empty(), "{op:?}: Okta's calls here take no body");
        assert_eq!(built.headers()["accept"], "application/json");
        assert!(!built.headers().contains_key("content-type"), "{op:?}: no body, no Content-Type");
        assert!(!built.headers().contains_key("authorization"), "built requests carry no credential");
        assert_eq!(built.headers().len(), 1, "{op:?}: {:?}", built.headers());
    }
}

#[test]
fn the_api_token_goes_in_authorization_as_ssws() {
    for (secret, expected) in [
        ("  00abcDEF-token_1  ", "SSWS 00abcDEF-token_1"),
        ("SSWS 00abcDEF-token_1", "SSWS 00abcDEF-token_1"),
        (" SSWS   00abcDEF-token_1\n", "SSWS 00abcDEF-token_1"),
    ] {
        let mut built = okta().build(&get_isaac());
        okta().authorize(&mut built, secret).unwrap();
        assert_eq!(built.headers()["authorization"], expected, "{secret:?}");
        assert!(built.headers()["authorization"].is_sensitive());
    }
    for bad in ["secret\nvalue", "sécret", "two words", "", "SSWS ", "bad\u{0}"] {
        let mut built = okta().build(&get_isaac());
        let err = okta().authorize(&mut built, bad).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Unauthorized);
        let shown = format!("{err} {err:?}");
        assert!(bad.trim().is_empty() || !shown.contains(bad.trim()), "the error echoes the token: {shown}");
        assert!(!built.headers().contains_key("authorization"));
    }
}

#[test]
fn okta_connections_take_no_settings() {
    let open = REGISTRATION.open;
    assert!(open(&Default::default()).is_ok());
    let err = open(&crate::registry::Settings::of(&[("org", "x")])).err().unwrap();
    assert_eq!(err.field.as_deref(), Some("org"));
    assert!(err.message.contains("Okta connections take no settings"), "{err}");
    assert_eq!((REGISTRATION.config_name, REGISTRATION.label), ("okta", "Okta"));
    assert_eq!(REGISTRATION.oauth_client_auth, ["private_key_jwt"]);
}

#[test]
fn ids_have_okta_s_shape() {
    assert!(okta().looks_like_id(ISAAC));
    assert!(okta().looks_like_id("00u1xke1apZnmHgpB1d7"));
    for bad in ["00ub0oNGTSWTBKOLGLN", "00ub0oNGTSWTBKOLGLNRX", "00gb0oNGTSWTBKOLGLNR", "00ub0oNGTSWTBKOLGL-R", "me"] {
        assert!(!okta().looks_like_id(bad), "{bad}");
    }
    assert!(matches!(okta().parse_user_id("00ub0oNGTSWTBKOLGL.R"), Err(crate::input::InputError::MalformedId(_))));
}

#[test]
fn the_passed_back_reply_headers_are_links_etags_rate_limits_and_the_date() {
    let names: Vec<&str> = okta().reply_headers().iter().map(|h| h.as_str()).collect();
    assert_eq!(names, ["link", "date", "etag", "x-rate-limit-limit", "x-rate-limit-remaining", "x-rate-limit-reset"]);
}

#[test]
fn the_wait_after_a_rate_limit_is_counted_on_okta_s_clock() {
    let resp = http::Response::builder()
        .status(429)
        .header("x-rate-limit-reset", "1372091998")
        .header("date", "Mon, 24 Jun 2013 16:39:18 GMT")
        .body(
            br#"{"errorCode":"E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}"#
                .to_vec(),
        )
        .unwrap();
    let err = crate::error::check_status(&okta(), &resp).unwrap_err();
    assert_eq!(err.kind, crate::ErrorKind::RateLimited);
    assert_eq!((err.retry_at_epoch_s, err.retry_after_s), (Some(1_372_091_998), Some(40)));
}

#[test]
fn a_page_token_from_an_address_is_a_cursor_or_the_first_page() {
    assert_eq!(okta().page_token("00u1xke1apZnmHgpB1d7", 25).map(|t| t.0).as_deref(), Some("00u1xke1apZnmHgpB1d7"));
    for bad in ["", "a b", "x\"y", "../x", &"a".repeat(65)] {
        assert_eq!(okta().page_token(bad, 25), None, "{bad:?}");
    }
}

#[test]
fn recognise_accepts_exactly_what_build_makes() {
    for op in samples::samples().operations {
        let built = okta().build(&op);
        assert_eq!(okta().recognise(&built), Some(op.clone()), "{op:?} → {}", built.uri());
    }
    // Actions that ignore `notify` are recognised in their canonical form.
    assert_eq!(
        okta().recognise(&okta().build(&change(Action::Deactivate, true))),
        Some(change(Action::Deactivate, false))
    );
    // Not Okta operations: their inert read is only a read.
    for action in [Action::Restore, Action::Delete] {
        assert_eq!(okta().recognise(&okta().build(&change(action, false))), Some(get_isaac()));
    }
}

#[test]
fn recognise_refuses_everything_else() {
    let user = format!("/api/v1/users/{ISAAC}");
    let list = |query: &str| format!("/api/v1/users?{query}");
    let ok_search = format!("search={EXPR_ISAAC}");
    let refused = [
        req("GET", "/api/v1/users", ""),
        req("GET", &list(&format!("{ok_search}&limit=0")), ""),
        req("GET", &list(&format!("{ok_search}&limit=101")), ""),
        req("GET", &list(&format!("{ok_search}&limit=025")), ""),
        req("GET", &list(&format!("{ok_search}&limit=%2B25")), ""),
        req("GET", &list(&format!("{ok_search}&limit=-1")), ""),
        req("GET", &list(&ok_search), ""),
        req("GET", &list(&format!("limit=25&{ok_search}")), ""),
        req("GET", &list(&format!("{ok_search}&after=00u1xke1apZnmHgpB1d7&limit=25")), ""),
        req("GET", &list(&format!("{ok_search}&limit=25&after=")), ""),
        req("GET", &list(&format!("{ok_search}&limit=25&after=00u%2F..")), ""),
        req("GET", &list(&format!("{ok_search}&limit=25&after={}", "a".repeat(65))), ""),
        req("GET", &list(&format!("{ok_search}&limit=25&after=a%20b")), ""),
        req("GET", &list(&format!("{ok_search}&limit=25&sortBy=id")), ""),
        req("GET", &list(&format!("{ok_search}&limit=25&limit=25")), ""),
        req("GET", &list(&format!("{ok_search}&limit=25&expand=blocks")), ""),
        req("GET", &list(&format!("{ok_search}&limit=25")), "{}"),
        req("POST", &list(&format!("{ok_search}&limit=25")), ""),
        req("GET", &list(&format!("{}&limit=25", ok_search.replace("%20", "+"))), ""),
        req("GET", &list(&format!("{}&limit=25", ok_search.replace("%22", "%22%22"))), ""),
        req("GET", &list("search=status%20eq%20%22ACTIVE%22&limit=25"), ""),
        req("GET", &list("filter=profile.login%20eq%20%22isaac%22&limit=25"), ""),
        req("GET", &list("q=isaac&limit=25"), ""),
        req("GET", &list("search=&limit=25"), ""),
        req("GET", &list("search=profile.login%20eq%20%22isaac.brock%40example.com%22&limit=25"), ""),
        req("GET", &format!("https://example.okta.com{user}"), ""),
        req("GET", &format!("{user}?"), ""),
        req("GET", &format!("{user}/"), ""),
        req("GET", &format!("{user}?expand=blocks"), ""),
        req("GET", "/api/v1/users/me", ""),
        req("GET", "/api/v1/users/isaac.brock%40example.com", ""),
        req("GET", &format!("/api/v1/users/{}", ISAAC.replace('0', "%30")), ""),
        req("GET", &user, "x"),
        req("POST", &user, "{}"),
        req("PUT", &user, ""),
        req("DELETE", &user, ""),
        req("DELETE", &format!("{user}?sendEmail=true"), ""),
        req("DELETE", &format!("{user}?sendEmail=false"), "{}"),
        req("DELETE", &format!("{user}?sendEmail=false&sendEmail=false"), ""),
        req("DELETE", &format!("{user}/sessions"), ""),
        req("DELETE", &format!("{user}/sessions?oauthTokens=false"), ""),
        req("DELETE", &format!("{user}/sessions?oauthTokens=true&forgetDevices=true"), ""),
        req("DELETE", &format!("{user}/sessions?oauthTokens=TRUE"), ""),
        req("POST", &format!("{user}/lifecycle/activate"), ""),
        req("POST", &format!("{user}/lifecycle/activate?sendEmail=yes"), ""),
        req("POST", &format!("{user}/lifecycle/activate?sendEmail=false"), "{}"),
        req("GET", &format!("{user}/lifecycle/activate?sendEmail=false"), ""),
        req("POST", &format!("{user}/lifecycle/activate?sendEmail=false&sendEmail=true"), ""),
        req("POST", &format!("{user}/lifecycle/deactivate"), ""),
        req("POST", &format!("{user}/lifecycle/deactivate?sendEmail=true"), ""),
        req("POST", &format!("{user}/lifecycle/suspend?sendEmail=false"), ""),
        req("POST", &format!("{user}/lifecycle/unlock/"), ""),
        req("POST", &format!("{user}/lifecycle/reset_password?sendEmail=false"), ""),
        req("POST", &format!("{user}/lifecycle/expire_password"), ""),
        req("POST", &format!("{user}/lifecycle/reset_factors"), "{}"),
        req("POST", &format!("{user}/lifecycle/unsuspend"), "x"),
        req("PUT", &format!("{user}/lifecycle/suspend"), ""),
        req("POST", "/api/v1/users/00ub0oNGTSWTBKOLGLNR/../00u1xke1apZnmHgpB1d7/lifecycle/suspend", ""),
        req("GET", "/api/v1/apiTokens", ""),
        req("GET", "/api/v1/users/00ub0oNGTSWTBKOLGLNR/factors", ""),
        req("GET", "/api/v1/groups", ""),
        req("DELETE", "/api/v1/users/00ub0oNGTSWTBKOLGLNR/lifecycle", ""),
    ];
    for r in refused {
        assert_eq!(okta().recognise(&r), None, "{} {} accepted", r.method(), r.uri());
    }
}
