//! `uniffi-bindgen-swift LIB OUT_DIR --swift-sources --headers --modulemap …` (Swift packages and
//! XCFrameworks, see ios/build-xcframework).
fn main() {
    uniffi::uniffi_bindgen_swift()
}
