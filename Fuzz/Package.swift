// swift-tools-version:6.0
// libFuzzer targets for mk's parsers and loaders (scripts/sanitize fuzz SECONDS).
//
// A package of its own, depending on mk by path, so that `swift build` and `scripts/test` in
// the project never see these targets: each defines LLVMFuzzerTestOneInput and has no main,
// so it links only with `-sanitize=fuzzer`. Build: `swift build --package-path Fuzz -c release
// --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing` (scripts/sanitize
// does this, and says why the one combined flag).
import PackageDescription

let package = Package(
  name: "mk-fuzz",
  dependencies: [.package(name: "mk", path: "..")],
  targets: [
    .target(name: "FuzzSupport", path: "Sources/FuzzSupport"),
    // The language: lexer, parser, and the binder on every command (no verb is run).
    .executableTarget(name: "fuzz-language", dependencies: [.product(name: "MKLang", package: "mk")]),
    // The ratings loader (delimited text, sniffed separator, header and columns).
    .executableTarget(name: "fuzz-ratings", dependencies: [.product(name: "MKCore", package: "mk"), "FuzzSupport"]),
    // The items loader (CSV with tags, MovieLens u.item).
    .executableTarget(name: "fuzz-items", dependencies: [.product(name: "MKCore", package: "mk"), "FuzzSupport"]),
    // Model file decoding: the input is a payload, wrapped in a valid header and checksum.
    .executableTarget(name: "fuzz-model", dependencies: [.product(name: "MKCore", package: "mk")]),
  ],
  swiftLanguageModes: [.v5]
)
