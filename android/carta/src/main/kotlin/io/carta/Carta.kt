package io.carta

import kotlinx.coroutines.CancellationException
import uniffi.carta.CameraFrame
import uniffi.carta.CancelToken
import uniffi.carta.CartaSdk
import uniffi.carta.KeyStoreCallback
import uniffi.carta.Offload
import uniffi.carta.Pairing
import uniffi.carta.Privacy
import uniffi.carta.ScanObserver
import uniffi.carta.ScanResult
import uniffi.carta.SdkConfig
import uniffi.carta.Target

/**
 * Carta for Kotlin: read identity documents on the device.
 *
 * ```
 * val carta = Carta()                       // on-device only
 * val result = carta.scan(jpegBytes)        // suspends; cancelling the coroutine cancels the scan
 * println(result.documentType + " " + result.json)
 * ```
 *
 * Errors are [uniffi.carta.CartaException] subclasses (`InvalidInput`, `Models`, `Offload`,
 * `Cancelled`, `Internal`); their messages never hold a field value. On Android, pass
 * `AndroidKeyStore(context)` (android/) as [keyStore] so that the device key stays in the
 * Android Keystore.
 */
class Carta(
    offload: Offload = Offload.OFF,
    privacy: Privacy = Privacy.PSEUDONYMISE,
    modelsDir: String? = null,
    profile: String = "default",
    keyStore: KeyStoreCallback? = null,
) : AutoCloseable {
    private val sdk = CartaSdk(
        SdkConfig(modelsDir = modelsDir, profile = profile, offload = offload, privacy = privacy),
        keyStore,
    )

    /**
     * Scans a photo (JPEG, PNG, WebP) or a scanned PDF's first page, off the caller's thread.
     * Cancelling the coroutine cancels [cancel] (a fresh token unless one is given).
     */
    suspend fun scan(image: ByteArray, observer: ScanObserver? = null, cancel: CancelToken = CancelToken()): ScanResult =
        cancellable(cancel) { sdk.scanAsync(image, cancel, observer) }

    /** Scans a camera frame (RGBA, BGRA, NV21, NV12), off the caller's thread. */
    suspend fun scan(frame: CameraFrame, observer: ScanObserver? = null, cancel: CancelToken = CancelToken()): ScanResult =
        cancellable(cancel) { sdk.scanFrameAsync(frame, cancel, observer) }

    /** Reads a document's OCR text (plain lines or an OCR page JSON). */
    suspend fun scanText(text: String, cancel: CancelToken = CancelToken()): ScanResult =
        cancellable(cancel) { sdk.scanTextAsync(text, cancel) }

    /** The blocking form of [scan], with an explicit [cancel] token. */
    fun scanBlocking(image: ByteArray, cancel: CancelToken? = null, observer: ScanObserver? = null): ScanResult =
        sdk.scan(image, cancel, observer)

    /** Scans a document file, blocking: one result for a photo, one per page for a PDF. */
    fun scanPages(document: ByteArray, cancel: CancelToken? = null): List<ScanResult> =
        sdk.scanPages(document, cancel, null)

    /** Asks the paired servers for an answer of a JSON Schema; `null` if none answered. */
    fun extract(text: String, schemaJson: String): String? = sdk.extract(text, schemaJson)

    /** Changes where a model may complete the reading, for the scans that start from now on. */
    fun setOffload(offload: Offload, privacy: Privacy = Privacy.PSEUDONYMISE) = sdk.setOffload(offload, privacy)

    /** Pairs with an edge box (or enrols with the cloud) from its `carta://pair` URI. */
    fun pair(uri: String, target: Target = Target.EDGE, deviceName: String = "carta-android"): Pairing =
        sdk.pair(uri, target, deviceName)

    /** Forgets a pairing (key, certificate, CA); whether there was one. */
    fun unpair(target: Target = Target.EDGE): Boolean = sdk.unpair(target)

    /** The pairing with [target], if any. */
    fun paired(target: Target = Target.EDGE): Pairing? = sdk.paired(target)

    override fun close() = sdk.close()

    /** Runs [call], cancelling [token] when the coroutine is cancelled. */
    private suspend fun <T> cancellable(token: CancelToken, call: suspend () -> T): T {
        try {
            return call()
        } catch (e: CancellationException) {
            token.cancel()
            throw e
        }
    }
}
