package io.carta

import android.content.Context
import android.security.keystore.KeyGenParameterSpec
import android.security.keystore.KeyProperties
import android.util.Base64
import java.security.KeyPairGenerator
import java.security.KeyStore
import java.security.Signature
import java.security.spec.ECGenParameterSpec
import javax.crypto.Cipher
import javax.crypto.KeyGenerator
import javax.crypto.SecretKey
import javax.crypto.spec.GCMParameterSpec
import uniffi.carta.CartaException
import uniffi.carta.KeyStoreCallback

/**
 * The Android key store for Carta: the device key is a P-256 key made in the Android Keystore
 * (StrongBox where the device has it), so it signs the certificate request and the TLS
 * handshake without leaving secure hardware; pairing records (certificate, CA, server address)
 * are kept in private SharedPreferences, encrypted with an AES-GCM key of the Android Keystore.
 *
 * ```
 * val carta = Carta(offload = Offload.AUTO, keyStore = AndroidKeyStore(context))
 * ```
 */
class AndroidKeyStore(context: Context, private val name: String = "io.carta.sdk") : KeyStoreCallback {
    private val prefs = context.getSharedPreferences(name, Context.MODE_PRIVATE)
    private val keystore = KeyStore.getInstance("AndroidKeyStore").apply { load(null) }

    private fun fail(what: String, e: Exception): Nothing =
        throw CartaException.Offload("Android Keystore $what: ${e.javaClass.simpleName}")

    private fun recordKey(): SecretKey {
        val alias = "$name.records"
        (keystore.getKey(alias, null) as? SecretKey)?.let { return it }
        val generator = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, "AndroidKeyStore")
        generator.init(
            KeyGenParameterSpec.Builder(alias, KeyProperties.PURPOSE_ENCRYPT or KeyProperties.PURPOSE_DECRYPT)
                .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                .build(),
        )
        return generator.generateKey()
    }

    override fun load(account: String): ByteArray? {
        val stored = prefs.getString(account, null) ?: return null
        try {
            val bytes = Base64.decode(stored, Base64.NO_WRAP)
            val cipher = Cipher.getInstance("AES/GCM/NoPadding")
            cipher.init(Cipher.DECRYPT_MODE, recordKey(), GCMParameterSpec(128, bytes, 0, 12))
            return cipher.doFinal(bytes, 12, bytes.size - 12)
        } catch (e: Exception) {
            fail("read", e)
        }
    }

    override fun save(account: String, secret: ByteArray) {
        try {
            val cipher = Cipher.getInstance("AES/GCM/NoPadding")
            cipher.init(Cipher.ENCRYPT_MODE, recordKey())
            val sealed = cipher.iv + cipher.doFinal(secret)
            if (!prefs.edit().putString(account, Base64.encodeToString(sealed, Base64.NO_WRAP)).commit()) {
                throw IllegalStateException("commit")
            }
        } catch (e: Exception) {
            fail("write", e)
        }
    }

    override fun delete(account: String): Boolean {
        val had = prefs.contains(account)
        prefs.edit().remove(account).commit()
        return had
    }

    private fun keyAlias(alias: String) = "$name.$alias"

    /** The uncompressed P-256 point: the last 65 bytes of the X.509 SubjectPublicKeyInfo. */
    private fun point(encoded: ByteArray) = encoded.copyOfRange(encoded.size - 65, encoded.size)

    override fun createKey(alias: String): ByteArray? {
        try {
            val generator = KeyPairGenerator.getInstance(KeyProperties.KEY_ALGORITHM_EC, "AndroidKeyStore")
            generator.initialize(
                KeyGenParameterSpec.Builder(keyAlias(alias), KeyProperties.PURPOSE_SIGN)
                    .setAlgorithmParameterSpec(ECGenParameterSpec("secp256r1"))
                    .setDigests(KeyProperties.DIGEST_SHA256)
                    .build(),
            )
            return point(generator.generateKeyPair().public.encoded)
        } catch (e: Exception) {
            fail("create key", e)
        }
    }

    override fun publicKey(alias: String): ByteArray? =
        keystore.getCertificate(keyAlias(alias))?.publicKey?.encoded?.let(::point)

    override fun sign(alias: String, message: ByteArray): ByteArray {
        try {
            val entry = keystore.getEntry(keyAlias(alias), null) as KeyStore.PrivateKeyEntry
            return Signature.getInstance("SHA256withECDSA").run {
                initSign(entry.privateKey)
                update(message)
                sign() // DER
            }
        } catch (e: Exception) {
            fail("sign", e)
        }
    }

    override fun deleteKey(alias: String) {
        try {
            keystore.deleteEntry(keyAlias(alias))
        } catch (e: Exception) {
            fail("delete key", e)
        }
    }
}
