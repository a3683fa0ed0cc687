// swift-tools-version:6.0
import PackageDescription
import Foundation

/// The CPU the numeric kernels are compiled for.
///
/// The kernels use `SIMD16<Float>`; without a CPU target the compiler lowers
/// every fused multiply-add to a scalar libm call and training runs ~100x
/// slower. `native` targets the machine doing the build, which is the machine
/// running charrnn when it is built from source. Set `CHARRNN_TARGET_CPU` to
/// another LLVM CPU name (`znver4`, `haswell`, `neoverse-n1`, ...) to build for
/// a different machine, or to `generic` for a portable but slow binary.
let targetCPU = ProcessInfo.processInfo.environment["CHARRNN_TARGET_CPU"] ?? "native"
let cpuFlags: [SwiftSetting] = targetCPU == "generic" ? [] : [.unsafeFlags(["-target-cpu", targetCPU])]

/// The engine is optimised even in debug builds so `swift test` trains at a
/// usable speed; the front end keeps the debugger-friendly defaults.
let engineSettings: [SwiftSetting] = cpuFlags + [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "charrnn",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "charrnn", targets: ["charrnn"]),
        .library(name: "CharRNN", targets: ["CharRNN"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        // `assets` links to the package's assets/ folder: the Time Machine and
        // the trained default model ship with every build (see BundledAssets).
        .target(
            name: "CharRNN", dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            exclude: ["assets/SOURCE.md"],
            resources: [.copy("assets/timemachine.txt"), .copy("assets/d2l-rnn.safetensors")],
            swiftSettings: engineSettings),
        .systemLibrary(
            name: "CNCursesW",
            providers: [.apt(["libncursesw5-dev"]), .brew(["ncurses"])]
        ),
        .target(name: "TerminalKit", dependencies: ["CNCursesW"], swiftSettings: cpuFlags),
        .target(name: "CharRNNTerminal", dependencies: ["CharRNN", "TerminalKit"], swiftSettings: cpuFlags),
        .executableTarget(
            name: "charrnn",
            dependencies: [
                "CharRNN", "CharRNNTerminal", "TerminalKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: cpuFlags
        ),
        .target(name: "CharRNNTestSupport", dependencies: ["CharRNN"], path: "Tests/CharRNNTestSupport", swiftSettings: engineSettings),
        .testTarget(
            name: "CharRNNTests", dependencies: ["CharRNN", "CharRNNTestSupport"], exclude: ["JAXFixtures"], swiftSettings: engineSettings),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
        .testTarget(
            name: "CharRNNTerminalTests", dependencies: ["CharRNNTerminal", "TerminalKit", "CharRNN", "CharRNNTestSupport"],
            exclude: ["Golden", "Fixtures"]
        ),
        .testTarget(name: "charrnnTests", dependencies: ["CharRNN", "CharRNNTestSupport"], exclude: ["Python"]),
    ],
    swiftLanguageModes: [.v6]
)
