// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "privcheck",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "privcheck", targets: ["privcheck"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    ],
    targets: [
        // Z3, through the system library (Debian: libz3-dev).
        .systemLibrary(
            name: "CZ3",
            pkgConfig: "z3",
            providers: [.apt(["libz3-dev"])]
        ),
        .target(name: "Z3Bridge", dependencies: ["CZ3"]),

        // The shared vocabulary, the engine, and the symbolic side.
        .target(name: "CheckerCore"),
        .target(
            name: "MemoryModel",
            dependencies: ["CheckerCore", .product(name: "Yams", package: "Yams")],
            resources: [.copy("Scopes")]
        ),
        .target(name: "Prover", dependencies: ["Z3Bridge", "MemoryModel", "CheckerCore", "PropertyLanguage"]),
        .target(name: "PropertyLanguage", dependencies: ["CheckerCore", "MemoryModel"]),
        .target(name: "Explorer", dependencies: ["CheckerCore"]),
        .target(name: "Minimizer"),

        // Composition and the command line.
        .target(name: "Harness", dependencies: ["MemoryModel", "CheckerCore", "Prover", "PropertyLanguage", "Explorer", "Minimizer"]),
        .executableTarget(
            name: "privcheck",
            dependencies: ["Harness", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // Tests: one target per module, plus the CLI end to end (HarnessTests).
        .testTarget(name: "Z3BridgeTests", dependencies: ["Z3Bridge"]),
        .testTarget(name: "CheckerCoreTests", dependencies: ["CheckerCore"]),
        .testTarget(name: "MemoryModelTests", dependencies: ["MemoryModel", "CheckerCore"]),
        .testTarget(name: "ProverTests", dependencies: ["Prover", "MemoryModel", "Z3Bridge", "CheckerCore", "PropertyLanguage"]),
        .testTarget(name: "HarnessTests", dependencies: ["Harness", "MemoryModel", "CheckerCore", "PropertyLanguage", "Prover"]),
        .testTarget(name: "PropertyLanguageTests", dependencies: ["PropertyLanguage", "MemoryModel", "CheckerCore"]),
        .testTarget(name: "ExplorerTests", dependencies: ["Explorer", "CheckerCore"]),
        .testTarget(name: "MinimizerTests", dependencies: ["Minimizer"]),
    ]
)
