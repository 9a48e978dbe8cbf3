// swift-tools-version:6.0
// mk: a notebook-style REPL and small language for recommender-systems research.
import PackageDescription

// Language mode 5: the engine's parallel loops share buffers between Dispatch workers by
// design (each worker writes its own disjoint block), which Swift 6's strict checking
// cannot prove; we keep that reasoning local and documented instead.
//
// Release builds are plain -O (SwiftPM's default): Swift's bounds, overflow and exclusivity
// checks stay on, so a bad index traps instead of corrupting memory. They used to be
// -Ounchecked with exclusivity checks off; bench/README.md ("What safety cost") measures what
// that was worth per hot kernel. Any unchecked arithmetic lives inside a kernel, never here.
let settings: [SwiftSetting] = []

let package = Package(
  name: "mk",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "mk", targets: ["mk"]),
    .library(name: "MKCore", targets: ["MKCore"]),
    // For the libFuzzer package in Fuzz/, which depends on this one by path (scripts/sanitize).
    .library(name: "MKLang", targets: ["MKLang"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
  ],
  targets: [
    // MARK: - System libraries (C shims, not API)
    .systemLibrary(
      name: "CBLAS", path: "Sources/CBLAS",
      providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(
      name: "CZlib", path: "Sources/CZlib",
      providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(
      name: "CEditline", path: "Sources/CEditline", pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]),

    // The hot loops that need AVX2/FMA (checked at run time), which Swift built for baseline
    // x86-64 cannot emit: Sources/CKernels/include/mk_kernels.h; and the reader's split of
    // plain lines, 16 bytes at a time: mk_lines.h.
    .target(name: "CKernels", path: "Sources/CKernels"),

    // MARK: - The engine, the language, notebooks, the executable
    .target(name: "MKCore", dependencies: ["CBLAS", "CZlib", "CKernels"], swiftSettings: settings),
    .target(name: "MKLang", dependencies: ["MKCore"], swiftSettings: settings),
    .target(name: "MKNotebook", dependencies: ["MKLang"], swiftSettings: settings),
    .executableTarget(
      name: "mk",
      dependencies: [
        "MKLang", "MKNotebook", "CEditline",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: settings),

    // MARK: - Benchmarks (bench/README.md)
    .executableTarget(name: "mk-bench", dependencies: ["MKCore"], path: "bench/mk-bench", swiftSettings: settings),
    .executableTarget(name: "mk-bench-bayesfm", dependencies: ["MKCore"], path: "bench/mk-bench-bayesfm", swiftSettings: settings),

    // MARK: - Tests
    // Helpers the test targets share (an XML tree for checking the SVG and XHTML mk writes).
    .target(name: "MKTestSupport", path: "Tests/MKTestSupport"),
    .testTarget(name: "MKCoreTests", dependencies: ["MKCore", "MKTestSupport"], exclude: ["Fixtures"]),  // old model files, read via #filePath
    .testTarget(name: "MKLangTests", dependencies: ["MKLang", "MKTestSupport"], exclude: ["Cases", "Golden"]),  // .mk cases and golden plots, read via #filePath
    .testTarget(name: "MKNotebookTests", dependencies: ["MKNotebook", "MKTestSupport"]),
    .testTarget(name: "mkTests", dependencies: ["mk"]),  // drives the built mk binary
  ],
  swiftLanguageModes: [.v5]
)
