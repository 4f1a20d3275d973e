// Carta for Swift: read identity documents on the device.
//
//     let carta = try Carta()                      // on-device only
//     let result = try await carta.scan(jpeg)      // cancelling the Task cancels the scan
//     print(result.documentType, result.json)
//
// Errors are `CartaError` cases (`InvalidInput`, `Models`, `Offload`, `Cancelled`, `Internal`);
// their messages never hold a field value. On iOS, pass `KeychainKeyStore()` as `keyStore` so
// that the device key is made in the Secure Enclave and pairings are kept in the Keychain.
import Foundation
#if canImport(carta)
import carta
#endif

public final class Carta: @unchecked Sendable {
    private let sdk: CartaSdk

    public init(
        offload: Offload = .off,
        privacy: Privacy = .pseudonymise,
        modelsDir: String? = nil,
        profile: String = "default",
        keyStore: KeyStoreCallback? = nil
    ) throws {
        sdk = try CartaSdk(
            config: SdkConfig(
                modelsDir: modelsDir, profile: profile, offload: offload, privacy: privacy),
            keyStore: keyStore)
    }

    /// Scans a photo (JPEG, PNG, WebP) or a scanned PDF's first page off the caller's thread.
    /// Cancelling the Task cancels `token` (a fresh one unless given).
    public func scan(_ image: Data, observer: ScanObserver? = nil, token: CancelToken = CancelToken()) async throws -> ScanResult {
        try await withTaskCancellationHandler {
            try await sdk.scanAsync(image: image, cancel: token, observer: observer)
        } onCancel: {
            token.cancel()
        }
    }

    /// Scans a camera frame (BGRA from AVFoundation, RGBA, NV12, NV21).
    public func scan(_ frame: CameraFrame, observer: ScanObserver? = nil, token: CancelToken = CancelToken()) async throws -> ScanResult {
        try await withTaskCancellationHandler {
            try await sdk.scanFrameAsync(frame: frame, cancel: token, observer: observer)
        } onCancel: {
            token.cancel()
        }
    }

    /// Reads a document's OCR text (plain lines or an OCR page JSON).
    public func scanText(_ text: String) async throws -> ScanResult {
        try await sdk.scanTextAsync(text: text, cancel: nil)
    }

    /// The blocking form of `scan`, with an explicit cancel token.
    public func scanBlocking(_ image: Data, cancel: CancelToken? = nil, observer: ScanObserver? = nil) throws -> ScanResult {
        try sdk.scan(image: image, cancel: cancel, observer: observer)
    }

    /// Scans a document file, blocking: one result for a photo, one per page for a PDF.
    public func scanPages(_ document: Data, cancel: CancelToken? = nil) throws -> [ScanResult] {
        try sdk.scanPages(document: document, cancel: cancel, observer: nil)
    }

    /// Asks the paired servers for an answer of a JSON Schema; `nil` if none answered.
    public func extract(_ text: String, schemaJson: String) throws -> String? {
        try sdk.extract(text: text, schemaJson: schemaJson)
    }

    /// Changes where a model may complete the reading, for the scans that start from now on.
    public func setOffload(_ offload: Offload, privacy: Privacy = .pseudonymise) {
        sdk.setOffload(offload: offload, privacy: privacy)
    }

    /// Pairs with an edge box (or enrols with the cloud) from its `carta://pair` URI.
    public func pair(_ uri: String, target: Target = .edge, deviceName: String = "carta-ios") throws -> Pairing {
        try sdk.pair(uri: uri, target: target, deviceName: deviceName)
    }

    /// Forgets a pairing (key, certificate, CA); whether there was one.
    public func unpair(_ target: Target = .edge) throws -> Bool {
        try sdk.unpair(target: target)
    }

    /// The pairing with `target`, if any.
    public func paired(_ target: Target = .edge) throws -> Pairing? {
        try sdk.paired(target: target)
    }
}
