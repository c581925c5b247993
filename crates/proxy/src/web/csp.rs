//! The panel's Content-Security-Policy: its own files, its WebAssembly, and the exact inline
//! loader script trunk writes into index.html (allowed by its sha256, computed from the file
//! being served, never by 'unsafe-inline'). Calls go only to this proxy (`connect-src 'self'`),
//! and no other site may frame the panel.

use base64::Engine;
use sha2::{Digest, Sha256};

/// The policy for a panel whose index.html is `index_html` (`None`: the API alone is served).
pub fn policy(index_html: Option<&str>) -> String {
    let mut script_src = String::from("'self' 'wasm-unsafe-eval'");
    for script in index_html.map(inline_scripts).unwrap_or_default() {
        let digest = Sha256::digest(script.as_bytes());
        script_src.push_str(&format!(" 'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
    }
    format!(
        "default-src 'none'; script-src {script_src}; style-src 'self'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The bodies of `<script>` elements without a `src` attribute, exactly as written.
fn inline_scripts(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(open) = find_ci(rest, "<script") {
        let after_name = &rest[open + "<script".len()..];
        let Some(tag_end) = after_name.find('>') else { break };
        let attrs = after_name[..tag_end].to_ascii_lowercase();
        let body = &after_name[tag_end + 1..];
        let Some(close) = find_ci(body, "</script") else { break };
        let has_src = attrs.split(|c: char| c.is_whitespace()).any(|a| a == "src" || a.starts_with("src="));
        if !has_src {
            found.push(&body[..close]);
        }
        rest = &body[close..];
    }
    found
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().find(needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_loaders_are_allowed_by_hash_and_nothing_else_is_inline() {
        let html = r#"<html><head><script type="module">import init from '/app.js';await init();</script>
            <SCRIPT src="/other.js"></SCRIPT><script>alert(1)</script></head></html>"#;
        let csp = policy(Some(html));
        let hash = |s: &str| base64::engine::general_purpose::STANDARD.encode(Sha256::digest(s.as_bytes()));
        assert!(csp.contains(&format!("'sha256-{}'", hash("import init from '/app.js';await init();"))), "{csp}");
        assert!(csp.contains(&format!("'sha256-{}'", hash("alert(1)"))), "{csp}");
        assert_eq!(csp.matches("'sha256-").count(), 2, "the src script needs no hash: {csp}");
        assert!(!csp.contains("unsafe-inline") && !csp.contains(" 'unsafe-eval'"), "{csp}");
        for part in ["default-src 'none'", "connect-src 'self'", "frame-ancestors 'none'", "'wasm-unsafe-eval'"] {
            assert!(csp.contains(part), "{part} missing: {csp}");
        }
    }

    #[test]
    fn without_a_panel_no_script_is_allowed_inline() {
        assert!(!policy(None).contains("sha256"));
    }
}
