//! The deployment files stay in step with the binary: the Kubernetes manifest's carta-server
//! arguments and the Dockerfile's command are run, with `--check`, against the real
//! `carta-server`, which must accept them and load the configuration they describe.
#![allow(clippy::unwrap_used)]

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_carta-server");

fn root(path: &str) -> String {
    std::fs::read_to_string(format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// The JSON-style array on the first line after `key` that follows `anchor`.
fn array_after(text: &str, anchor: &str, key: &str) -> Vec<String> {
    let from = text.find(anchor).unwrap();
    let line = text[from..]
        .lines()
        .find_map(|l| l.trim().strip_prefix(key))
        .unwrap();
    serde_json::from_str(line.trim()).unwrap()
}

fn check(args: &[String]) -> serde_json::Value {
    let out = Command::new(BIN)
        .args(args)
        .arg("--check")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_kubernetes_manifest_runs_the_binarys_real_flags() {
    let manifest = root("deploy/kubernetes/carta-server.yaml");
    let args = array_after(&manifest, "- name: carta-server", "args:");
    let config = check(&args);
    assert_eq!(config["engine"], "upstream");
    assert_eq!(config["upstream"], "http://vllm:8000/v1");
    assert_eq!(config["listen"], "0.0.0.0:8443");
    assert_eq!(config["health_listen"], "127.0.0.1:9090");
    // The upstream is the vLLM service of the same manifest, on its port.
    let vllm = array_after(&manifest, "- name: vllm", "args:");
    let port = vllm.iter().skip_while(|a| *a != "--port").nth(1).unwrap();
    assert!(
        config["upstream"]
            .as_str()
            .unwrap()
            .contains(&format!(":{port}/"))
    );
    let model = vllm.iter().skip_while(|a| *a != "--model").nth(1).unwrap();
    assert_eq!(&config["upstream_model"], model.as_str());
}

#[test]
fn the_dockerfile_command_is_accepted() {
    let dockerfile = root("Dockerfile.server");
    let cmd = array_after(&dockerfile, "USER", "CMD");
    let config = check(&cmd);
    assert_eq!(config["state_dir"], "/var/lib/carta-server");
    assert!(dockerfile.contains("USER 10001"), "non-root");
}
