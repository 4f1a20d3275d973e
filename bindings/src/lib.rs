//! FFI layer.
