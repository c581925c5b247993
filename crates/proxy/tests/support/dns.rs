//! Test support for DNS: a scripted resolver and configs with one connection at a given base URL.

use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use lockdesk_proxy::config::Config;
use lockdesk_proxy::forward::resolver::Lookup;

/// A scripted resolver: each lookup of a host returns the next answer in its list.
pub fn scripted(answers: Vec<Vec<IpAddr>>, calls: Arc<AtomicUsize>) -> Lookup {
    let answers = Arc::new(answers);
    Arc::new(move |_host: String| {
        let n = calls.fetch_add(1, Ordering::SeqCst);
        let answer = answers[n.min(answers.len() - 1)].clone();
        Box::pin(async move { Ok(answer) })
    })
}

pub fn hostname_config(allow_private: bool) -> Config {
    connection_config("https://idp.test", allow_private).unwrap()
}

/// A config with one vault connection `fa` at `base_url`.
pub fn connection_config(base_url: &str, allow_private: bool) -> Result<Config, lockdesk_proxy::config::ConfigError> {
    std::env::set_var("LOCKDESK_TEST_SSRF_KEY", "k");
    let text = format!(
        "[[connection]]\nid = \"fa\"\nlabel = \"FA\"\nkind = \"fusionauth\"\nbase_url = \"{base_url}\"\nallow_private_addresses = {allow_private}\n[connection.credential]\nmode = \"vault\"\napi_key_env = \"LOCKDESK_TEST_SSRF_KEY\"\n"
    );
    Config::parse(&text, std::path::Path::new("ssrf.toml"))
}
