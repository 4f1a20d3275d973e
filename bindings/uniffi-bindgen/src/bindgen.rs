//! `uniffi-bindgen generate -l kotlin -l swift -l python --out-dir DIR libcarta_bindings.so`.
fn main() {
    uniffi::uniffi_bindgen_main()
}
