// The iOS / macOS key store: pairings in the Keychain (generic passwords, this device only,
// after first unlock), the device key made in the Secure Enclave where there is one, so that
// it signs the certificate request and the TLS handshake without ever leaving it.
#if canImport(Security) && canImport(Darwin)
import Foundation
import Security
#if canImport(carta)
import carta
#endif

public final class KeychainKeyStore: KeyStoreCallback, @unchecked Sendable {
    private let service: String
    private let secureEnclave: Bool

    /// `service` keeps several configurations apart; `secureEnclave: false` makes the key in
    /// software (kept in the Keychain record) on devices or simulators without one.
    public init(service: String = "io.carta.sdk", secureEnclave: Bool = true) {
        self.service = service
        self.secureEnclave = secureEnclave
    }

    private func failure(_ what: String, _ status: OSStatus) -> CartaError {
        CartaError.Offload(reason: "Keychain \(what): OSStatus \(status)")
    }

    private func query(_ account: String) -> [String: Any] {
        [kSecClass as String: kSecClassGenericPassword,
         kSecAttrService as String: service,
         kSecAttrAccount as String: account]
    }

    public func load(account: String) throws -> Data? {
        var q = query(account)
        q[kSecReturnData as String] = true
        q[kSecMatchLimit as String] = kSecMatchLimitOne
        var item: CFTypeRef?
        let status = SecItemCopyMatching(q as CFDictionary, &item)
        if status == errSecItemNotFound { return nil }
        guard status == errSecSuccess else { throw failure("read", status) }
        return item as? Data
    }

    public func save(account: String, secret: Data) throws {
        SecItemDelete(query(account) as CFDictionary)
        var q = query(account)
        q[kSecValueData as String] = secret
        q[kSecAttrAccessible as String] = kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly
        let status = SecItemAdd(q as CFDictionary, nil)
        guard status == errSecSuccess else { throw failure("write", status) }
    }

    public func delete(account: String) throws -> Bool {
        let status = SecItemDelete(query(account) as CFDictionary)
        if status == errSecItemNotFound { return false }
        guard status == errSecSuccess else { throw failure("delete", status) }
        return true
    }

    private func tag(_ alias: String) -> Data { Data("\(service).\(alias)".utf8) }

    private func privateKey(_ alias: String) throws -> SecKey? {
        let q: [String: Any] = [
            kSecClass as String: kSecClassKey,
            kSecAttrApplicationTag as String: tag(alias),
            kSecAttrKeyType as String: kSecAttrKeyTypeECSECPrimeRandom,
            kSecReturnRef as String: true,
        ]
        var item: CFTypeRef?
        let status = SecItemCopyMatching(q as CFDictionary, &item)
        if status == errSecItemNotFound { return nil }
        guard status == errSecSuccess, let item else { throw failure("key", status) }
        return (item as! SecKey)
    }

    private func point(_ key: SecKey) throws -> Data {
        var error: Unmanaged<CFError>?
        guard let publicKey = SecKeyCopyPublicKey(key),
              let data = SecKeyCopyExternalRepresentation(publicKey, &error) as Data? else {
            throw CartaError.Offload(reason: "Secure Enclave: no public key")
        }
        return data  // 04 || X || Y, 65 bytes
    }

    public func createKey(alias: String) throws -> Data? {
        guard secureEnclave else { return nil }
        var error: Unmanaged<CFError>?
        guard let access = SecAccessControlCreateWithFlags(
            nil, kSecAttrAccessibleAfterFirstUnlockThisDeviceOnly, .privateKeyUsage, &error) else {
            throw CartaError.Offload(reason: "Secure Enclave: access control")
        }
        let attributes: [String: Any] = [
            kSecAttrKeyType as String: kSecAttrKeyTypeECSECPrimeRandom,
            kSecAttrKeySizeInBits as String: 256,
            kSecAttrTokenID as String: kSecAttrTokenIDSecureEnclave,
            kSecPrivateKeyAttrs as String: [
                kSecAttrIsPermanent as String: true,
                kSecAttrApplicationTag as String: tag(alias),
                kSecAttrAccessControl as String: access,
            ],
        ]
        guard let key = SecKeyCreateRandomKey(attributes as CFDictionary, &error) else {
            // No Secure Enclave (simulator, older Mac): the SDK makes a software key instead.
            return nil
        }
        return try point(key)
    }

    public func publicKey(alias: String) throws -> Data? {
        try privateKey(alias).map(point)
    }

    public func sign(alias: String, message: Data) throws -> Data {
        guard let key = try privateKey(alias) else {
            throw CartaError.Offload(reason: "Secure Enclave: no key \(alias)")
        }
        var error: Unmanaged<CFError>?
        guard let signature = SecKeyCreateSignature(
            key, .ecdsaSignatureMessageX962SHA256, message as CFData, &error) as Data? else {
            throw CartaError.Offload(reason: "Secure Enclave: signing failed")
        }
        return signature  // DER (X9.62)
    }

    public func deleteKey(alias: String) throws {
        let q: [String: Any] = [kSecClass as String: kSecClassKey,
                                kSecAttrApplicationTag as String: tag(alias)]
        let status = SecItemDelete(q as CFDictionary)
        guard status == errSecSuccess || status == errSecItemNotFound else { throw failure("delete key", status) }
    }
}
#endif
