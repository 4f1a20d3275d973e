package io.carta

import android.content.Context
import java.io.File

/**
 * The OCR models shipped in the AAR's assets (`assets/models`), copied once to the app's files
 * folder (the SDK reads them by path and checks their SHA-256 on load). Pass the result as
 * `Carta(modelsDir = context.cartaModelsDir())`.
 */
fun Context.cartaModelsDir(): String {
    val dir = File(filesDir, "carta-models").apply { mkdirs() }
    for (name in assets.list("models").orEmpty()) {
        val file = File(dir, name)
        if (!file.exists()) {
            val partial = File(dir, "$name.partial")
            assets.open("models/$name").use { input -> partial.outputStream().use { input.copyTo(it) } }
            partial.renameTo(file)
        }
    }
    return dir.path
}
