package io.carta.test

import io.carta.Carta
import java.io.File
import kotlin.system.exitProcess
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import uniffi.carta.CameraFrame
import uniffi.carta.CancelToken
import uniffi.carta.CartaException
import uniffi.carta.FrameFormat
import uniffi.carta.KeyStoreCallback
import uniffi.carta.ScanObserver
import uniffi.carta.ScanStage
import uniffi.carta.Target

// The Kotlin bindings on the JVM against the real library and models (run by scripts/bindings).

private var passed = 0
private var failed = 0

private fun test(name: String, body: () -> Unit) {
    try {
        body()
        passed++
        println("ok   $name")
    } catch (e: Throwable) {
        failed++
        println("FAIL $name: $e")
    }
}

private fun check(condition: Boolean, message: () -> String) {
    if (!condition) throw AssertionError(message())
}

private inline fun <reified E : Throwable> expectThrows(body: () -> Unit): E {
    try {
        body()
    } catch (e: Throwable) {
        if (e is E) return e
        throw AssertionError("expected ${E::class.simpleName}, got $e")
    }
    throw AssertionError("expected ${E::class.simpleName}, nothing thrown")
}

/** The contract JSON without its timings (serde_json writes both sides in the same key order). */
private fun canonical(json: String) = json.trim().replace(Regex(""","timings_ms":\{[^}]*\}"""), "")

private class MemoryKeyStore : KeyStoreCallback {
    val secrets = mutableMapOf<String, ByteArray>()
    override fun load(account: String) = secrets[account]
    override fun save(account: String, secret: ByteArray) { secrets[account] = secret }
    override fun delete(account: String) = secrets.remove(account) != null
    override fun createKey(alias: String): ByteArray? = null
    override fun publicKey(alias: String): ByteArray? = null
    override fun sign(alias: String, message: ByteArray): ByteArray = throw CartaException.Offload("no hardware key")
    override fun deleteKey(alias: String) {}
}

fun main() {
    val sample = File(System.getenv("CARTA_SAMPLE")).readBytes()
    val expected = File(System.getenv("CARTA_EXPECTED_JSON")).readText()
    val carta = Carta(profile = "kotlin-tests", keyStore = MemoryKeyStore())

    test("the sample scan is the same JSON as the CLI") {
        val result = runBlocking { carta.scan(sample) }
        check(canonical(result.json) == canonical(expected)) { "${result.json}\n!=\n$expected" }
        check(result.documentType == "passport") { result.documentType }
        check(result.fields.any { it.name == "surname" }) { "no surname" }
    }

    test("the blocking scan and the observer see the stages in order") {
        val seen = mutableListOf<ScanStage>()
        val observer = object : ScanObserver {
            override fun onStage(stage: ScanStage) { synchronized(seen) { seen.add(stage) } }
        }
        val result = carta.scanBlocking(sample, observer = observer)
        check(canonical(result.json) == canonical(expected)) { "differs" }
        check(seen == listOf(ScanStage.DECODED, ScanStage.TEXT_READ, ScanStage.PARSED, ScanStage.DONE)) { "$seen" }
    }

    test("a cancelled token makes the scan throw Cancelled") {
        val token = CancelToken()
        token.cancel()
        expectThrows<CartaException.Cancelled> { carta.scanBlocking(sample, token) }
    }

    test("cancelling the coroutine mid-scan cancels the scan's token") {
        val token = CancelToken()
        runBlocking {
            val decoded = CompletableDeferred<Unit>()
            val observer = object : ScanObserver {
                override fun onStage(stage: ScanStage) {
                    if (stage == ScanStage.DECODED) decoded.complete(Unit)
                }
            }
            val job = launch { carta.scan(sample, observer, token) }
            decoded.await()
            check(!token.isCancelled()) { "cancelled too early" }
            job.cancelAndJoin()
        }
        check(token.isCancelled()) { "the coroutine was cancelled but the scan's token was not" }
    }

    test("bad input is a typed error whose message holds no content") {
        val secret = "ROSSI MARIO RSSMRA87E14H501Z".toByteArray()
        val e = expectThrows<CartaException.InvalidInput> { runBlocking { carta.scan(secret) } }
        check(!e.message.orEmpty().contains("ROSSI") && !e.message.orEmpty().contains("RSSMRA")) { e.message.orEmpty() }
        expectThrows<CartaException.InvalidInput> {
            runBlocking { carta.scan(CameraFrame(ByteArray(10), 100u, 100u, 400u, FrameFormat.RGBA)) }
        }
        expectThrows<CartaException.InvalidInput> { runBlocking { carta.scanText("{\"lines\": \"ROSSI\"}") } }
    }

    test("text scans read fields") {
        val result = runBlocking { carta.scanText("Cognome: ROSSI\nNome: MARIO\nData di nascita: 14/05/1987") }
        val fields = result.fields.associate { it.name to it.value }
        check(fields["surname"] == "ROSSI" && fields["birth_date"] == "1987-05-14") { "$fields" }
        check(result.egress.isEmpty() && result.offload == null) { "egress" }
    }

    test("the app's key store is used and a bad pairing URI is a typed error without the token") {
        check(carta.paired(Target.EDGE) == null) { "paired" }
        check(!carta.unpair(Target.CLOUD)) { "unpaired something" }
        val e = expectThrows<CartaException.Offload> {
            carta.pair("carta://pair?host=127.0.0.1&fp=sha256:00&token=SECRET123")
        }
        check(!e.message.orEmpty().contains("SECRET123")) { e.message.orEmpty() }
    }

    carta.close()
    println("kotlin: $passed passed, $failed failed")
    exitProcess(if (failed == 0) 0 else 1)
}
