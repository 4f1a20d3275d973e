// The Swift bindings against the real library and models, compiled on Linux in the Debian 13
// chroot together with the generated carta.swift and Sources/CartaKit (scripts/swift-tests).
import Foundation
#if canImport(CartaKit)
import CartaKit
import carta
#endif

nonisolated(unsafe) var passed = 0
nonisolated(unsafe) var failed = 0

func test(_ name: String, _ body: () async throws -> Void) async {
    do {
        try await body()
        passed += 1
        print("ok   \(name)")
    } catch {
        failed += 1
        print("FAIL \(name): \(error)")
    }
}

struct Failure: Error, CustomStringConvertible {
    let description: String
}

func check(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw Failure(description: message()) }
}

/// The contract JSON without its timings (serde_json writes both sides in the same key order).
func canonical(_ json: String) -> String {
    json.trimmingCharacters(in: .whitespacesAndNewlines)
        .replacingOccurrences(of: #","timings_ms":\{[^}]*\}"#, with: "", options: .regularExpression)
}

final class Stages: ScanObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var stages: [ScanStage] = []
    func onStage(stage: ScanStage) { lock.lock(); stages.append(stage); lock.unlock() }
    var seen: [ScanStage] { lock.lock(); defer { lock.unlock() }; return stages }
}

final class MemoryKeyStore: KeyStoreCallback, @unchecked Sendable {
    private let lock = NSLock()
    private var secrets: [String: Data] = [:]
    func load(account: String) throws -> Data? { lock.lock(); defer { lock.unlock() }; return secrets[account] }
    func save(account: String, secret: Data) throws { lock.lock(); secrets[account] = secret; lock.unlock() }
    func delete(account: String) throws -> Bool { lock.lock(); defer { lock.unlock() }; return secrets.removeValue(forKey: account) != nil }
    func createKey(alias: String) throws -> Data? { nil }
    func publicKey(alias: String) throws -> Data? { nil }
    func sign(alias: String, message: Data) throws -> Data { throw CartaError.Offload(reason: "no hardware key") }
    func deleteKey(alias: String) throws {}
}

let env = ProcessInfo.processInfo.environment
let sample = try Data(contentsOf: URL(fileURLWithPath: env["CARTA_SAMPLE"]!))
let expected = try String(contentsOfFile: env["CARTA_EXPECTED_JSON"]!, encoding: .utf8)
let carta = try Carta(profile: "swift-tests", keyStore: MemoryKeyStore())

await test("the sample scan is the same JSON as the CLI") {
    let result = try await carta.scan(sample)
    try check(canonical(result.json) == canonical(expected), "\(result.json)\n!=\n\(expected)")
    try check(result.documentType == "passport", result.documentType)
}

await test("the blocking scan and the observer see the stages in order") {
    let stages = Stages()
    let result = try carta.scanBlocking(sample, observer: stages)
    try check(canonical(result.json) == canonical(expected), "differs")
    try check(stages.seen == [.decoded, .textRead, .parsed, .done], "\(stages.seen)")
}

await test("a cancelled token makes the scan throw Cancelled") {
    let token = CancelToken()
    token.cancel()
    do {
        _ = try carta.scanBlocking(sample, cancel: token)
        throw Failure(description: "no error")
    } catch CartaError.Cancelled {}
}

await test("cancelling the task mid-scan cancels the scan's token") {
    let token = CancelToken()
    let stages = Stages()
    let task = Task { try await carta.scan(sample, observer: stages, token: token) }
    var waited = 0
    while !stages.seen.contains(.decoded) && waited < 30_000 {
        try await Task.sleep(nanoseconds: 1_000_000)
        waited += 1
    }
    try check(stages.seen.contains(.decoded), "the scan never started")
    try check(!token.isCancelled(), "cancelled too early")
    task.cancel()
    _ = try? await task.value
    try check(token.isCancelled(), "the task was cancelled but the scan's token was not")
}

await test("bad input is a typed error whose message holds no content") {
    let secret = Data("ROSSI MARIO RSSMRA87E14H501Z".utf8)
    do {
        _ = try await carta.scan(secret)
        throw Failure(description: "no error")
    } catch let CartaError.InvalidInput(reason) {
        try check(!reason.contains("ROSSI") && !reason.contains("RSSMRA"), reason)
    }
    do {
        _ = try await carta.scan(CameraFrame(data: Data(count: 10), width: 100, height: 100, stride: 400, format: .rgba))
        throw Failure(description: "no error")
    } catch CartaError.InvalidInput {}
}

await test("text scans read fields") {
    let result = try await carta.scanText("Cognome: ROSSI\nNome: MARIO\nData di nascita: 14/05/1987")
    let fields = Dictionary(uniqueKeysWithValues: result.fields.map { ($0.name, $0.value) })
    try check(fields["surname"] == "ROSSI" && fields["birth_date"] == "1987-05-14", "\(fields)")
    try check(result.egress.isEmpty && result.offload == nil, "egress")
}

await test("the app's key store is used and a bad pairing URI is a typed error without the token") {
    try check(try carta.paired(.edge) == nil, "paired")
    try check(try !carta.unpair(.cloud), "unpaired something")
    do {
        _ = try carta.pair("carta://pair?host=127.0.0.1&fp=sha256:00&token=SECRET123")
        throw Failure(description: "no error")
    } catch let CartaError.Offload(reason) {
        try check(!reason.contains("SECRET123"), reason)
    }
}

print("swift: \(passed) passed, \(failed) failed")
exit(failed == 0 ? 0 : 1)
