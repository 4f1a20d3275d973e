//! `carta pair`, `carta scan --offload` and `carta unpair` against the real carta-server, with
//! the key in Linux keyutils: the `carta` binary beside `carta-server` in the target folder
//! (`cargo test --workspace` builds both).
#![allow(clippy::unwrap_used)]

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::*;
use serde_json::Value;

fn carta_bin() -> PathBuf {
    let bin = Path::new(BIN).with_file_name("carta");
    assert!(
        bin.exists(),
        "{} is missing: build it first (cargo test --workspace builds it)",
        bin.display()
    );
    bin
}

/// Runs `carta` with a HOME of its own (so that any file it wrote would show) and `stdin`.
fn carta(home: &Path, profile: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(carta_bin())
        .args(args)
        .env("HOME", home)
        .env("CARTA_PROFILE", profile)
        .env("CARTA_MODELS_DIR", carta_core::ocr::models::default_dir())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Every file under `dir`.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn carta_pairs_scans_on_the_edge_box_and_unpairs_with_the_key_in_keyutils() {
    let state = state();
    let server = Server::start(state.path(), "");
    let home = tempfile::tempdir().unwrap();
    let profile = format!("cli-{:016x}", rand::random::<u64>());
    let uri = command(state.path(), &["pair", "--host", &server.pair, "--no-qr"]);

    // The URI on standard input keeps the token out of the process list.
    let paired = json(&carta(
        home.path(),
        &profile,
        &["pair", "-", "--name", "kiosk-cli"],
        &uri,
    ));
    assert_eq!(paired["target"], "edge");
    assert_eq!(paired["api"], server.api.as_str());
    assert_eq!(paired["hardware_key"], false);
    assert!(!paired.to_string().contains("PRIVATE"));
    let description = format!("keyring:edge@carta:{profile}");
    assert!(
        std::fs::read_to_string("/proc/keys")
            .unwrap()
            .contains(&description)
    );
    assert!(files(home.path()).is_empty(), "{:?}", files(home.path()));

    let scanned = json(&carta(
        home.path(),
        &profile,
        &[
            "scan",
            "--sample",
            "--json",
            "--offload",
            "edge",
            "--policy",
            "pseudonymise",
        ],
        "",
    ));
    assert_eq!(
        scanned["provenance"]["offload"],
        format!("edge:{}", server.api)
    );
    assert_eq!(scanned["provenance"]["route"][0]["outcome"], "answered");
    assert_eq!(scanned["egress"][0]["destination"], server.api.as_str());
    assert_eq!(scanned["egress"][0]["policy"], "pseudonymise");
    assert_eq!(scanned["document_type"], "passport");
    // Without --offload nothing changes in the output contract.
    let local = json(&carta(
        home.path(),
        &profile,
        &["scan", "--sample", "--json"],
        "",
    ));
    assert_eq!(local["egress"], Value::Null);
    assert_eq!(local["provenance"]["offload"], Value::Null);
    assert!(local["provenance"].get("route").is_none());
    // The edge box may confirm values read on the device (the check `extractor_agrees`); it
    // changes none of them here.
    let values = |fields: &Value| -> Vec<(String, Value)> {
        let fields = fields.as_object().unwrap();
        fields
            .iter()
            .map(|(k, f)| (k.clone(), f["value"].clone()))
            .collect()
    };
    assert_eq!(values(&local["fields"]), values(&scanned["fields"]));
    for (name, field) in scanned["fields"].as_object().unwrap() {
        let checks = |f: &Value| f["checks"].as_array().cloned().unwrap_or_default();
        let mut extra = checks(field);
        extra.retain(|c| !checks(&local["fields"][name]).contains(c));
        assert!(
            extra.iter().all(|c| c == "extractor_agrees"),
            "{name}: {extra:?}"
        );
    }

    let unpaired = json(&carta(home.path(), &profile, &["unpair"], ""));
    assert_eq!(unpaired["unpaired"].as_array().unwrap().len(), 1);
    let again = json(&carta(home.path(), &profile, &["unpair"], ""));
    assert_eq!(again["unpaired"].as_array().unwrap().len(), 0);
    let refused = carta(
        home.path(),
        &profile,
        &["parse", "--sample", "--offload", "edge"],
        "",
    );
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("not paired"));
    assert!(files(home.path()).is_empty());
}

#[test]
fn bad_pairing_uris_exit_2_without_the_token() {
    let home = tempfile::tempdir().unwrap();
    let profile = format!("cli-{:016x}", rand::random::<u64>());
    let out = carta(
        home.path(),
        &profile,
        &[
            "pair",
            "carta://pair?host=127.0.0.1&fp=sha256:00&token=SECRET123",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("invalid pairing URI") && !stderr.contains("SECRET123"),
        "{stderr}"
    );
}
