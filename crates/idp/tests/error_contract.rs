//! The cross-provider error contract: every provider classifies the same statuses the same way.

use idp::{check_status, ErrorKind, ProviderKind};

fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> idp::http::HttpResponse {
    let mut b = http::Response::builder().status(status);
    for (k, v) in headers {
        b = b.header(*k, *v);
    }
    b.body(body.as_bytes().to_vec()).unwrap()
}

#[test]
fn statuses_mean_the_same_for_every_provider() {
    let table = [
        (400, ErrorKind::BadRequest),
        (401, ErrorKind::Unauthorized),
        (403, ErrorKind::Forbidden),
        (404, ErrorKind::NotFound),
        (409, ErrorKind::Conflict),
        (412, ErrorKind::PreconditionFailed),
        (429, ErrorKind::RateLimited),
        (500, ErrorKind::Server),
        (502, ErrorKind::Server),
        (503, ErrorKind::Unavailable),
        (418, ErrorKind::Unexpected),
    ];
    for provider in ProviderKind::ALL {
        for (status, kind) in &table {
            let err = check_status(provider, &reply(*status, &[("x-request-id", "req-7")], "")).unwrap_err();
            assert_eq!(&err.kind, kind, "{provider:?} {status}");
            assert_eq!(err.status, Some(*status));
            assert_eq!(err.request_id.as_deref(), Some("req-7"));
        }
        for ok in [200, 201, 204] {
            assert!(check_status(provider, &reply(ok, &[], "")).is_ok());
        }
    }
}

#[test]
fn rate_limits_carry_the_wait() {
    for provider in ProviderKind::ALL {
        let err = check_status(provider, &reply(429, &[("retry-after", "30")], "")).unwrap_err();
        assert_eq!(err.retry_after_s, Some(30));
        let err = check_status(provider, &reply(429, &[("retry-after", "soon")], "")).unwrap_err();
        assert_eq!(err.retry_after_s, None);
    }
}

#[test]
fn proxy_refusals_are_told_apart_from_the_provider() {
    for provider in ProviderKind::ALL {
        let body = r#"{"error":"This request is not one lockdesk knows, so it was not forwarded."}"#;
        let err = check_status(provider, &reply(403, &[("x-lockdesk-refused", "1")], body)).unwrap_err();
        assert_eq!(err.kind, ErrorKind::ProxyRefused);
        assert_eq!(err.messages, ["This request is not one lockdesk knows, so it was not forwarded."]);
        let err = check_status(provider, &reply(502, &[("x-lockdesk-refused", "1")], "{}")).unwrap_err();
        assert_eq!(err.kind, ErrorKind::ProviderUnreachable);
        // An ended operator session is its own kind (the panel shows the sign-in form) …
        let err = check_status(provider, &reply(401, &[("x-lockdesk-refused", "sign-in")], "{}")).unwrap_err();
        assert_eq!(err.kind, ErrorKind::SignInRequired);
        // … while a missing operator-mode key, or the provider's own 401, is not.
        let err = check_status(provider, &reply(401, &[("x-lockdesk-refused", "1")], "{}")).unwrap_err();
        assert_eq!(err.kind, ErrorKind::ProxyRefused);
        let err = check_status(provider, &reply(401, &[], "")).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Unauthorized);
    }
}

#[test]
fn a_change_the_proxy_could_not_follow_to_its_end_is_never_a_success() {
    let body = r#"{"request_id":"req-9","outcome":"unknown","error":"The provider has not finished the change yet."}"#;
    for provider in ProviderKind::ALL {
        let err =
            check_status(provider, &reply(202, &[("x-request-id", "req-9"), ("x-lockdesk-outcome", "unknown")], body))
                .unwrap_err();
        assert_eq!(err.kind, ErrorKind::OutcomeUnknown, "{provider:?}");
        assert_eq!(err.request_id.as_deref(), Some("req-9"));
        assert_eq!(err.messages, ["The provider has not finished the change yet."]);
        assert!(err.kind.change_may_have_happened());
    }
    for kind in [ErrorKind::BadRequest, ErrorKind::Forbidden, ErrorKind::ProxyRefused, ErrorKind::RateLimited] {
        assert!(!kind.change_may_have_happened(), "{kind:?} is a definite no");
    }
}
