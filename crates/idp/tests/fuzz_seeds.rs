//! The cargo-fuzz seeds (`fuzz/seeds/recognise/`) are every registered provider's sample requests
//! in the fuzz target's input layout: a method byte, a provider byte, the request target, a NUL,
//! the body. This test fails when they are stale; `LOCKDESK_WRITE_FUZZ_SEEDS=1 cargo test -p idp
//! --features recognise --test fuzz_seeds` writes them afresh.
#![cfg(feature = "recognise")]

use std::path::PathBuf;

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"];

fn seeds() -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (p, row) in idp::REGISTRY.iter().enumerate() {
        let samples = (row.samples)();
        let adapter = (row.open)(&samples.settings).expect("opens");
        for (n, op) in samples.operations.iter().enumerate() {
            let req = adapter.build(op);
            let method = METHODS.iter().position(|m| *m == req.method().as_str()).expect("a fuzzed method") as u8;
            let mut bytes = vec![method, p as u8];
            bytes.extend_from_slice(req.uri().to_string().as_bytes());
            bytes.push(0);
            bytes.extend_from_slice(req.body());
            out.push((format!("{}-{n:02}-{}", row.config_name, op.name()), bytes));
        }
    }
    out
}

#[test]
fn the_fuzz_seeds_are_every_providers_sample_requests() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/recognise");
    let wanted = seeds();
    if std::env::var_os("LOCKDESK_WRITE_FUZZ_SEEDS").is_some() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for (name, bytes) in &wanted {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
    }
    let mut present: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    present.sort();
    let mut names: Vec<String> = wanted.iter().map(|(n, _)| n.clone()).collect();
    names.sort();
    assert_eq!(present, names, "stale seeds: rerun with LOCKDESK_WRITE_FUZZ_SEEDS=1");
    for (name, bytes) in wanted {
        assert_eq!(std::fs::read(dir.join(&name)).unwrap(), bytes, "{name} is stale");
    }
}
