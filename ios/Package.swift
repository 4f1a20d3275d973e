// swift-tools-version:5.9
// Carta for iOS and macOS: the XCFramework of libcarta_bindings (built by ./build-xcframework on
// a Mac), the generated Swift bindings (module `carta`) and CartaKit: the async wrapper and the
// Keychain / Secure Enclave key store.
import PackageDescription

let package = Package(
    name: "Carta",
    platforms: [.iOS(.v15), .macOS(.v12)],
    products: [
        .library(name: "CartaKit", targets: ["CartaKit"]),
    ],
    targets: [
        .binaryTarget(name: "cartaFFI", path: "build/cartaFFI.xcframework"),
        .target(name: "carta", dependencies: ["cartaFFI"], path: "build/Sources/carta"),
        .target(name: "CartaKit", dependencies: ["carta"], path: "Sources/CartaKit"),
        // The same checks as on Linux (scripts/swift-tests): `swift run CartaKitTests`.
        .executableTarget(name: "CartaKitTests", dependencies: ["CartaKit"], path: "Tests/CartaKitTests"),
    ]
)
