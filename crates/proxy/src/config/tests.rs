//! Config mistakes are explained with file, line and field; secrets never show.

use super::*;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("lockdesk.toml"))
}

const GOOD: &str = r#"
[server]
allowed_origins = ["https://intranet.example.com"]

[[connection]]
id = "fa-prod"
label = "FusionAuth (production)"
kind = "fusionauth"
base_url = "https://auth.example.com"
[connection.settings]
tenant_id = "31626131-3938-6231-3634-663636656635"
[connection.credential]
mode = "vault"
api_key_env = "LOCKDESK_TEST_KEY_GOOD"

[[connection]]
id = "fa-local"
label = "FusionAuth (laptop)"
kind = "fusionauth"
base_url = "http://127.0.0.1:9011"
[connection.credential]
mode = "operator"
"#;

#[test]
fn a_good_config_loads_and_hides_its_secret() {
    std::env::set_var("LOCKDESK_TEST_KEY_GOOD", "super-secret-key-123");
    let config = parse(GOOD).unwrap();
    assert_eq!(config.allowed_origins, ["https://intranet.example.com"]);
    assert_eq!(config.connections.len(), 2);
    assert_eq!(config.connections[0].credential.mode_name(), "vault");
    assert_eq!(config.connections[1].credential.mode_name(), "operator");
    let debug = format!("{config:?}");
    assert!(!debug.contains("super-secret-key-123"), "secret in Debug output: {debug}");
}

fn error_of(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

#[test]
fn mistakes_name_file_line_and_field() {
    std::env::set_var("LOCKDESK_TEST_KEY_GOOD", "k");
    let cases: [(&str, &str, &[&str]); 16] = [
        (
            "kind = \"fusionauth\"",
            "kind = \"fusionaut\"",
            &["lockdesk.toml:8:", "`kind`", "unknown provider \"fusionaut\"", "fusionauth"],
        ),
        ("label = \"FusionAuth (production)\"\n", "", &["lockdesk.toml:", "missing field `label`"]),
        ("id = \"fa-local\"", "id = \"fa-prod\"", &["lockdesk.toml:17:", "`id`", "used by two connections"]),
        (
            "base_url = \"https://auth.example.com\"",
            "base_url = \"http://auth.example.com\"",
            &["lockdesk.toml:9:", "`base_url`", "must use https"],
        ),
        (
            "api_key_env = \"LOCKDESK_TEST_KEY_GOOD\"",
            "api_key_env = \"LOCKDESK_TEST_KEY_UNSET_42\"",
            &["lockdesk.toml:", "LOCKDESK_TEST_KEY_UNSET_42 is not set"],
        ),
        ("mode = \"vault\"", "mode = \"vualt\"", &["lockdesk.toml:", "unknown credential mode \"vualt\""]),
        ("mode = \"operator\"", "mode = \"operator\"\napi_key_env = \"X\"", &["operator mode takes no API key"]),
        (
            "api_key_env = \"LOCKDESK_TEST_KEY_GOOD\"",
            "token_url = \"https://auth.example.com/oauth/token\"\nclient_id = \"abc\"\nclient_secret_env = \"LOCKDESK_TEST_KEY_GOOD\"",
            &["lockdesk.toml:", "FusionAuth connections authenticate with an API key"],
        ),
        (
            "mode = \"vault\"",
            "mode = \"vault\"\nclient_id = \"abc\"",
            &["lockdesk.toml:", "either an API key", "not both"],
        ),
        (
            "base_url = \"https://auth.example.com\"",
            "base_url = \"https://auth.example.com\"\nmax_concurrent_requests = 0",
            &["lockdesk.toml:10:", "`max_concurrent_requests`", "1 to 256"],
        ),
        ("[server]", "[server]\nrequests_per_minute = 0", &["lockdesk.toml:3:", "`requests_per_minute`", "1 to 1000000"]),
        (
            "tenant_id = \"31626131-3938-6231-3634-663636656635\"",
            "tenant_id = \"acme\"",
            &["lockdesk.toml:11:", "[connection.settings] field `tenant_id`", "tenant_id must be a UUID"],
        ),
        (
            "tenant_id = \"31626131-3938-6231-3634-663636656635\"",
            "tenant = \"31626131-3938-6231-3634-663636656635\"",
            &["lockdesk.toml:11:", "field `tenant`", "no such setting; known: tenant_id"],
        ),
        (
            "tenant_id = \"31626131-3938-6231-3634-663636656635\"",
            "tenant_id = [1]",
            &["lockdesk.toml:11:", "field `tenant_id`", "write a text"],
        ),
        (
            "base_url = \"https://auth.example.com\"\n[connection.settings]\ntenant_id",
            "base_url = \"https://auth.example.com\"\ntenant_id",
            &["lockdesk.toml:10:", "field `tenant_id`", "under a `[connection.settings]` heading"],
        ),
        ("[server]", "[server]\nlisten = 1", &["lockdesk.toml:3:", "unknown field `listen`"]),
    ];
    for (from, to, expected) in cases {
        let text = GOOD.replacen(from, to, 1);
        assert_ne!(text, GOOD, "case did not change the config: {from}");
        let message = error_of(&text);
        for part in expected {
            assert!(message.contains(part), "{message:?} lacks {part:?}");
        }
    }
}

#[test]
fn a_key_pasted_as_the_variable_name_is_not_echoed() {
    let text = GOOD.replace("api_key_env = \"LOCKDESK_TEST_KEY_GOOD\"", "api_key_env = \"sk-live-abc123\"");
    let message = error_of(&text);
    assert!(message.contains("NAME of an environment variable"), "{message}");
    assert!(!message.contains("sk-live-abc123"), "{message}");
}

#[test]
fn a_key_in_the_toml_itself_is_refused() {
    let text = GOOD.replace("api_key_env = \"LOCKDESK_TEST_KEY_GOOD\"", "api_key = \"abc\"");
    let message = error_of(&text);
    assert!(message.contains("unknown field `api_key`"), "{message}");
    assert!(!message.contains("abc"), "{message}");
}

#[test]
fn broken_toml_is_located() {
    let message = error_of("[[connection]]\nid = \"x\nlabel = 1\n");
    assert!(message.starts_with("lockdesk.toml:2:"), "{message}");
}

#[test]
fn secrets_can_come_from_a_file() {
    let dir = std::env::temp_dir().join(format!("lockdesk-cfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("fa.key"), "file-secret\n").unwrap();
    let text = GOOD.replace("api_key_env = \"LOCKDESK_TEST_KEY_GOOD\"", "api_key_file = \"fa.key\"");
    let config = Config::parse(&text, &dir.join("lockdesk.toml")).unwrap();
    assert_eq!(config.connections[0].credential.mode_name(), "vault");
    let missing = text.replace("fa.key", "nope.key");
    let message = Config::parse(&missing, &dir.join("lockdesk.toml")).unwrap_err().to_string();
    assert!(message.contains("cannot read") && message.contains("nope.key"), "{message}");
}

#[test]
fn operator_mistakes_name_the_line() {
    let text = format!(
        "{GOOD}\n[operators]\n\n[[operators.account]]\nname = \"hal\"\npassword_hash = \"plaintext\"\nroles = {{ \"*\" = \"helpdesk\" }}\n"
    );
    let message = error_of(&text);
    let line = text.lines().position(|l| l.contains("name = \"hal\"")).unwrap() + 1;
    assert!(message.starts_with(&format!("lockdesk.toml:{line}: [operators]: operator \"hal\"")), "{message}");
    assert!(message.contains("argon2"), "{message}");
}

#[test]
fn okta_oauth_takes_a_signing_key_and_says_what_is_missing() {
    let dir = std::env::temp_dir().join(format!("lockdesk-config-okta-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("okta.pem"), lockdesk_sandbox::OKTA_TEST_PRIVATE_KEY_PEM).unwrap();
    std::fs::write(dir.join("not-a-key.pem"), "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----\n")
        .unwrap();
    let okta = |credential: &str| {
        format!(
            "[[connection]]\nid = \"okta\"\nlabel = \"Okta\"\nkind = \"okta\"\nbase_url = \"https://acme.okta.com\"\n[connection.credential]\nmode = \"vault\"\ntoken_url = \"https://acme.okta.com/oauth2/v1/token\"\nclient_id = \"0oa1\"\n{credential}\n"
        )
    };
    let path = dir.join("lockdesk.toml");
    let good = okta("client_auth = \"private_key_jwt\"\nkey_id = \"k1\"\nprivate_key_file = \"okta.pem\"");
    let config = Config::parse(&good, &path).unwrap();
    assert_eq!(config.connections[0].credential.mode_name(), "vault");
    assert!(!format!("{config:?}").contains("PRIVATE KEY"), "the key never shows in Debug");
    let cases = [
        (
            "client_auth = \"basic\"\nclient_secret_env = \"LOCKDESK_TEST_KEY_GOOD\"",
            "Okta connections authenticate at the token endpoint with \"private_key_jwt\"",
        ),
        (
            "key_id = \"k1\"\nprivate_key_file = \"okta.pem\"\nclient_secret_env = \"LOCKDESK_TEST_KEY_GOOD\"",
            "takes no client secret",
        ),
        ("private_key_file = \"okta.pem\"", "needs `key_id`"),
        ("key_id = \"k1\"", "needs `private_key_file`"),
        ("key_id = \"k1\"\nprivate_key_file = \"not-a-key.pem\"", "is not an RSA private key in PEM form"),
        ("key_id = \"k1\"\nprivate_key_file = \"missing.pem\"", "cannot read"),
    ];
    for (credential, expected) in cases {
        let message = Config::parse(&okta(credential), &path).unwrap_err().to_string();
        assert!(message.contains(expected), "{credential}: {message}");
        assert!(!message.contains("nope"), "the file's text is never echoed: {message}");
    }
}

const GENESYS: &str = r#"
[[connection]]
id = "genesys"
label = "Genesys Cloud (EMEA)"
kind = "genesys"
base_url = "https://api.mypurecloud.ie"
[connection.credential]
mode = "vault"
client_id = "lockdesk-offboarding"
client_secret_env = "LOCKDESK_TEST_GENESYS_SECRET"
"#;

#[test]
fn a_genesys_region_fixes_its_login_host() {
    std::env::set_var("LOCKDESK_TEST_GENESYS_SECRET", "genesys-secret-value");
    let config = parse(GENESYS).unwrap();
    let Credential::OAuth(cache) = &config.connections[0].credential else { panic!("OAuth expected") };
    assert_eq!(cache.token_url().as_str(), "https://login.mypurecloud.ie/oauth/token");
    assert!(!format!("{config:?}").contains("genesys-secret-value"));
    // The same endpoint written out is fine; another one is refused with the right one named.
    let written = GENESYS
        .replace("mode = \"vault\"", "mode = \"vault\"\ntoken_url = \"https://login.mypurecloud.ie/oauth/token\"");
    assert!(parse(&written).is_ok());
    let elsewhere =
        GENESYS.replace("mode = \"vault\"", "mode = \"vault\"\ntoken_url = \"https://login.evil.example/oauth/token\"");
    let err = parse(&elsewhere).unwrap_err().to_string();
    assert!(err.contains("token endpoint for this base_url is https://login.mypurecloud.ie/oauth/token"), "{err}");
    assert!(!err.contains("genesys-secret-value"));
}

#[test]
fn a_host_that_is_not_a_genesys_region_is_refused_with_the_list() {
    std::env::set_var("LOCKDESK_TEST_GENESYS_SECRET", "s");
    let err = parse(&GENESYS.replace("api.mypurecloud.ie", "api.mypurecloud.example")).unwrap_err().to_string();
    assert!(
        err.starts_with("lockdesk.toml:6: field `base_url`: api.mypurecloud.example is not a Genesys Cloud region"),
        "{err}"
    );
    for region in ["https://api.mypurecloud.com", "https://api.mypurecloud.ie", "https://api.edee1.eusc-pure.cloud"] {
        assert!(err.contains(region), "{region} not listed: {err}");
    }
    let err = parse(&GENESYS.replace("api.mypurecloud.ie", "api.mypurecloud.ie/v2")).unwrap_err().to_string();
    assert!(err.contains("write the region's address alone, https://api.mypurecloud.ie"), "{err}");
    // A double on this machine names its own token endpoint, and must.
    let local = GENESYS.replace("https://api.mypurecloud.ie", "http://127.0.0.1:9");
    assert!(parse(&local).unwrap_err().to_string().contains("need `token_url`"));
    let local = local.replace("mode = \"vault\"", "mode = \"vault\"\ntoken_url = \"http://127.0.0.1:9/oauth/token\"");
    assert!(parse(&local).is_ok());
}

#[test]
fn an_acronis_datacenter_fixes_its_token_endpoint_and_needs_a_tenant() {
    std::env::set_var("LOCKDESK_TEST_ACRONIS_SECRET", "acronis-secret-value");
    let acronis = r#"
[[connection]]
id = "acronis"
label = "Acronis (EU2)"
kind = "acronis"
base_url = "https://eu2-cloud.acronis.com"
[connection.settings]
tenant = "ede9f834-70b3-476c-83d9-736f9f8c7dae"
[connection.credential]
mode = "vault"
client_id = "lockdesk"
client_secret_env = "LOCKDESK_TEST_ACRONIS_SECRET"
"#;
    let config = parse(acronis).unwrap();
    let Credential::OAuth(cache) = &config.connections[0].credential else { panic!("OAuth expected") };
    assert_eq!(cache.token_url().as_str(), "https://eu2-cloud.acronis.com/api/2/idp/token");
    let elsewhere =
        acronis.replace("mode = \"vault\"", "mode = \"vault\"\ntoken_url = \"https://idp.example.com/token\"");
    let err = parse(&elsewhere).unwrap_err().to_string();
    assert!(err.contains("https://eu2-cloud.acronis.com/api/2/idp/token"), "{err}");
    assert!(!err.contains("acronis-secret-value"));
    let err =
        parse(&acronis.replace("tenant = \"ede9f834-70b3-476c-83d9-736f9f8c7dae\"\n", "")).unwrap_err().to_string();
    assert!(err.contains("need `tenant`"), "{err}");
}

#[test]
fn the_state_file_sits_beside_the_config_and_the_bulk_ceiling_is_checked() {
    let text = "[state]\npath = \"state/lockdesk.sqlite\"\n[server]\nbulk_requests_per_minute = 5000\n";
    let config = Config::parse(text, Path::new("/etc/lockdesk/lockdesk.toml")).unwrap();
    assert_eq!(config.state.unwrap().path, Path::new("/etc/lockdesk/state/lockdesk.sqlite"));
    assert_eq!((config.bulk_requests_per_minute, config.requests_per_minute), (5000, DEFAULT_REQUESTS_PER_MINUTE));
    let plain = parse("").unwrap();
    assert_eq!((plain.bulk_requests_per_minute, plain.state), (DEFAULT_BULK_REQUESTS_PER_MINUTE, None));
    let err = error_of("[server]\nbulk_requests_per_minute = 0\n");
    assert!(
        err.contains("lockdesk.toml:2") && err.contains("`bulk_requests_per_minute`") && err.contains("1 to 1000000")
    );
    let err = error_of("[state]\nfile = \"x.sqlite\"\n");
    assert!(err.contains("lockdesk.toml:2") && err.contains("unknown field `file`"), "{err}");
}
