//! The SSRF and open-proxy suite, run against the real router: every case is refused and nothing
//! reaches the upstream stub (which counts what it receives). DNS cases use a scripted resolver
//! and never open a connection to the addresses they name.

mod support;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::http::Request;
use lockdesk_proxy::config::Config;
use lockdesk_proxy::forward::resolver::GuardedResolver;
use support::dns::*;
use support::*;

const ID: &str = "4e0f2af0-33a2-4001-8631-0f8225e65f1c";

fn request(method: &str, uri: &str, body: &str) -> Request<Body> {
    Request::builder().method(method).uri(uri).body(Body::from(body.to_owned())).unwrap()
}

/// Client-controlled paths, queries, bodies and methods that try to leave the operation table.
#[tokio::test]
async fn path_query_body_and_method_tricks_are_refused() {
    let stub = stub(ok_user).await;
    let app = router(config(stub.addr));
    let search = |extra: &str| {
        format!(
            r#"{{"search":{{"queryString":"terry*","startRow":0,"numberOfResults":25,"sortFields":[{{"name":"email","order":"asc"}}]{extra}}}}}"#
        )
    };
    let cases: Vec<(&str, String, String)> = vec![
        ("GET", "/proxy/fa/http://127.0.0.1/api/user/ID".into(), "".into()),
        ("GET", "/proxy/fa/https://169.254.169.254/latest/meta-data/".into(), "".into()),
        ("GET", "/proxy/fa//127.0.0.1/api/user/ID".into(), "".into()),
        ("GET", "/proxy/fa/@127.0.0.1/api/user/ID".into(), "".into()),
        ("GET", "/proxy/fa/api/user/ID@169.254.169.254".into(), "".into()),
        ("GET", "/proxy/fa/api/user/..%2f..%2fapi-key".into(), "".into()),
        ("GET", "/proxy/fa/api/user/%2e%2e/api-key".into(), "".into()),
        ("GET", "/proxy/fa/api/%2e%2e/api-key".into(), "".into()),
        ("GET", "/proxy/fa/api/user/ID%2f..".into(), "".into()),
        ("GET", "/proxy/fa/api%5cuser%5cID".into(), "".into()),
        ("GET", "/proxy/fa/api/user/ID%00".into(), "".into()),
        ("GET", "/proxy/fa/api/user/ID;jsessionid=1".into(), "".into()),
        ("GET", "/proxy/fa/api/user/ID/../../api-key".into(), "".into()),
        ("GET", "/proxy/fa/./api/user/ID".into(), "".into()),
        ("GET", "/proxy/fa/api//user/ID".into(), "".into()),
        ("GET", "/proxy/fa/API/USER/ID".into(), "".into()),
        ("GET", "/proxy/fa/api/user/ID?hardDelete=true".into(), "".into()),
        ("GET", "/proxy/fa/api/user?email=a%40b.co&email=c%40d.co".into(), "".into()),
        ("GET", "/proxy/fa/api/user?email=terry%40example.com%0d%0aHost%3a+evil".into(), "".into()),
        ("GET", "/proxy/fa/api/user?email=http%3a%2f%2f169.254.169.254%2f".into(), "".into()),
        ("DELETE", "/proxy/fa/api/jwt/refresh?userId=ID&applicationId=x".into(), "".into()),
        ("DELETE", "/proxy/fa/api/jwt/refresh?token=abc".into(), "".into()),
        ("POST", "/proxy/fa/api/user/search".into(), search(r#","accurateTotal":true"#)),
        ("POST", "/proxy/fa/api/user/search".into(), search(r#","query":"{\"match_all\":{}}""#)),
        (
            "POST",
            "/proxy/fa/api/user/search".into(),
            search("").replace("\"numberOfResults\":25", "\"numberOfResults\":10000"),
        ),
        ("POST", "/proxy/fa/api/user/search".into(), search("").replace("terry*", "*")),
        ("POST", "/proxy/fa/api/user/search?url=http://169.254.169.254/".into(), search("")),
        ("TRACE", "/proxy/fa/api/user/ID".into(), "".into()),
        ("PATCH", "/proxy/fa/api/user/ID".into(), r#"{"user":{"password":"x"}}"#.into()),
        ("POST", "/proxy/fa/api/user/ID".into(), r#"{"user":{"email":"x@evil.example"}}"#.into()),
        ("PUT", "/proxy/fa/api/user/ID?reactivate=true".into(), r#"{"user":{"email":"x@evil.example"}}"#.into()),
        ("DELETE", "/proxy/fa/api/user/ID".into(), r#"{"hardDelete":true}"#.into()),
        ("POST", "/proxy/fa/api/system/reindex".into(), "{}".into()),
        ("GET", "/proxy/fa/api/api-key".into(), "".into()),
        ("POST", "/proxy/fa/api/user/import".into(), "{}".into()),
        ("GET", "/proxy/fa/api/user/action?userId=ID".into(), "".into()),
    ];
    let count = cases.len();
    for (method, uri, body) in cases {
        let uri = uri.replace("ID", ID);
        let (status, headers, text) = call(&app, request(method, &uri, &body)).await;
        assert_eq!(status, 403, "{method} {uri}: {text}");
        assert_eq!(headers["x-lockdesk-refused"], "1", "{method} {uri}");
    }
    assert_eq!(stub.count(), 0, "a refused request reached the upstream");
    assert!(count >= 35);
}

/// Connection names that try to escape, and hosts that are not this proxy (DNS rebinding).
#[tokio::test]
async fn foreign_connections_and_host_names_are_refused() {
    let stub = stub(ok_user).await;
    let app = router(config(stub.addr));
    for uri in [
        "/proxy/fa%2fevil/api/user/ID",
        "/proxy/FA/api/user/ID",
        "/proxy/169.254.169.254/api/user/ID",
        "/proxy/%66a/api/user/ID",
        "/proxy/fa/",
        "/proxy/fa",
        "/proxy/",
        "/proxy//fa/api/user/ID",
    ] {
        let (status, headers, _) = call(&app, get(&uri.replace("ID", ID))).await;
        assert!(status == 403 || status == 404, "{uri}: {status}");
        assert_eq!(headers["x-lockdesk-refused"], "1", "{uri}");
    }
    for host in ["evil.example", "attacker.example:8080", "127.0.0.1.nip.io", "localhost.evil.example"] {
        let req = Request::builder()
            .uri(format!("/proxy/fa/api/user/{ID}"))
            .header("host", host)
            .body(Body::empty())
            .unwrap();
        let (status, headers, _) = call(&app, req).await;
        assert_eq!(status, 421, "{host}");
        assert_eq!(headers["x-lockdesk-refused"], "1");
    }
    assert_eq!(stub.count(), 0);
}

/// DNS answers that point a configured host name at internal addresses are refused after
/// resolution, before any connection is made.
#[tokio::test]
async fn dns_answers_pointing_inside_are_refused() {
    let answers = [
        "127.0.0.1",
        "127.255.255.254",
        "10.0.0.5",
        "172.16.0.1",
        "172.31.255.255",
        "192.168.0.1",
        "169.254.169.254",
        "169.254.0.1",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "::ffff:169.254.169.254",
        "::127.0.0.1",
        "fd00::1",
        "fd00:ec2::254",
        "fe80::1",
        "ff02::1",
        "64:ff9b::a9fe:a9fe",
        "2002:7f00:1::1",
        "2002:a9fe:a9fe::",
    ];
    for ip in answers {
        let cfg = hostname_config(false);
        let calls = Arc::new(AtomicUsize::new(0));
        let lookup = scripted(vec![vec![ip.parse().unwrap()]], calls.clone());
        let client = lockdesk_proxy::forward::upstream::client(&cfg, lookup).unwrap();
        let app = lockdesk_proxy::app(cfg, client, None).unwrap();
        let (status, headers, body) = call(&app, get(&format!("/proxy/fa/api/user/{ID}"))).await;
        assert_eq!(status, 502, "{ip}: {body}");
        assert_eq!(headers["x-lockdesk-refused"], "1");
        assert!(body.contains("points at an internal address"), "{ip}: {body}");
        assert!(!body.contains(ip), "the internal address stays in the proxy's log: {body}");
        assert_eq!(calls.load(Ordering::SeqCst), 1, "{ip}");
    }
}

#[tokio::test]
async fn one_internal_address_in_an_answer_refuses_the_whole_answer() {
    let hosts = HashMap::from([("idp.test".to_string(), Default::default())]);
    let answer = vec!["93.184.216.34".parse().unwrap(), "127.0.0.1".parse().unwrap()];
    let resolver = GuardedResolver::new(hosts, scripted(vec![answer], Arc::default()));
    let err = resolver.vetted("idp.test").await.unwrap_err().to_string();
    assert!(err.contains("127.0.0.1") && err.contains("loopback"), "{err}");
}

#[tokio::test]
async fn a_dns_change_between_lookups_cannot_rebind_a_pinned_host() {
    let hosts = HashMap::from([("idp.test".to_string(), Default::default())]);
    let calls = Arc::new(AtomicUsize::new(0));
    let public: IpAddr = "93.184.216.34".parse().unwrap();
    let lookup = scripted(vec![vec![public], vec!["127.0.0.1".parse().unwrap()]], calls.clone());
    let resolver = GuardedResolver::new(hosts, lookup);
    assert_eq!(resolver.vetted("idp.test").await.unwrap(), vec![public]);
    assert_eq!(resolver.vetted("IDP.TEST.").await.unwrap(), vec![public], "the pinned answer is reused");
    assert_eq!(calls.load(Ordering::SeqCst), 1, "DNS was not asked again while pinned");
    // A fresh resolver (as after the pin expires) sees the rebound answer and refuses it.
    let fresh = GuardedResolver::new(
        HashMap::from([("idp.test".to_string(), Default::default())]),
        scripted(vec![vec!["127.0.0.1".parse().unwrap()]], Arc::default()),
    );
    assert!(fresh.vetted("idp.test").await.is_err());
}

#[tokio::test]
async fn only_configured_hosts_are_ever_resolved() {
    let resolver = GuardedResolver::new(
        HashMap::from([("idp.test".to_string(), Default::default())]),
        scripted(vec![vec!["93.184.216.34".parse().unwrap()]], Arc::default()),
    );
    for other in ["metadata.google.internal", "localhost", "idp.test.evil.example", "169.254.169.254"] {
        assert!(resolver.vetted(other).await.is_err(), "{other}");
    }
}

#[tokio::test]
async fn private_networks_need_an_explicit_setting_and_metadata_never_opens() {
    let hosts = HashMap::from([("idp.test".to_string(), hostname_config(true).connections[0].address_policy)]);
    let lookup = scripted(vec![vec!["10.0.0.5".parse().unwrap()]], Arc::default());
    assert!(GuardedResolver::new(hosts.clone(), lookup).vetted("idp.test").await.is_ok());
    let lookup = scripted(vec![vec!["169.254.169.254".parse().unwrap()]], Arc::default());
    assert!(GuardedResolver::new(hosts, lookup).vetted("idp.test").await.is_err());
}

/// Base URLs that are IP literals are checked when the config is read.
#[test]
fn internal_ip_literals_in_the_config_are_refused() {
    std::env::set_var("LOCKDESK_TEST_SSRF_KEY", "k");
    for (url, allow) in [
        ("https://10.0.0.1", false),
        ("https://169.254.169.254", true),
        ("https://[::ffff:169.254.169.254]", true),
        ("https://[fd00::1]", false),
        ("https://0.0.0.0", true),
        ("http://10.0.0.1", true),
    ] {
        let text = format!(
            "[[connection]]\nid = \"fa\"\nlabel = \"FA\"\nkind = \"fusionauth\"\nbase_url = \"{url}\"\nallow_private_addresses = {allow}\n[connection.credential]\nmode = \"vault\"\napi_key_env = \"LOCKDESK_TEST_SSRF_KEY\"\n"
        );
        assert!(Config::parse(&text, std::path::Path::new("ssrf.toml")).is_err(), "{url} accepted");
    }
}

/// A provider that redirects is not followed, and the Location is not passed back.
#[tokio::test]
async fn redirects_are_never_followed() {
    let internal = stub(ok_user).await;
    fn redirect() -> axum::response::Response {
        let target = std::env::var("LOCKDESK_TEST_REDIRECT_TARGET").unwrap();
        axum::response::Response::builder().status(302).header("location", target).body(Body::empty()).unwrap()
    }
    std::env::set_var("LOCKDESK_TEST_REDIRECT_TARGET", format!("http://{}/latest/meta-data/", internal.addr));
    let upstream = stub(redirect).await;
    let (status, headers, _) = call(&router(config(upstream.addr)), get(&format!("/proxy/fa/api/user/{ID}"))).await;
    assert_eq!(status, 302);
    assert!(headers.get("location").is_none(), "Location passed back to the browser");
    assert_eq!(upstream.count(), 1);
    assert_eq!(internal.count(), 0, "the redirect was followed");
}
