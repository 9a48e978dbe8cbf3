import Foundation
import MKLang
import XCTest

/// The Python reader of `docs/model-files.md`, run as written there by
/// `scripts/check-mkm-reader`, reads an ALS model mk saved: the factors equal the embeddings
/// mk exports (as float32, bit for bit), the predictions equal mk's, a damaged file is refused.
/// Needs python3 with numpy; without them the test is skipped, saying so (CI machines may
/// lack numpy: this is the one check allowed to skip there).
final class ModelFileReaderTests: XCTestCase {
  func testThePythonReaderOfTheDocsLoadsALSFactors() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    guard run(["python3", "-c", "import numpy"]).status == 0 else {
      throw XCTSkip("python3 with numpy is not available: the .mkm reader of docs/model-files.md is not checked"
                      + (ProcessInfo.processInfo.environment["CI"] == "true" ? " (CI=true)" : ""))
    }
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mk-mkm-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    for bias in [true, false] {
      let s = Session()
      s.workingDirectory = dir.path
      let r = mkRun(s, """
        d = generate users=60 items=40 ratings=1500 seed=1
        train, test = split d 0.8 seed=2
        als = fit als train rank=4 iters=4 seed=1 bias=\(bias)
        save als "als.mkm"
        export (predict als test) "p.csv"
        export als.items "i.csv"
        export als.users "u.csv"
        """)
      XCTAssertEqual(r.errors.map(\.description), [])
      let check = run([root.appendingPathComponent("scripts/check-mkm-reader").path,
                       root.appendingPathComponent("docs/model-files.md").path] + ["als.mkm", "p.csv", "i.csv", "u.csv"]
                        .map { dir.appendingPathComponent($0).path })
      XCTAssertEqual(check.status, 0, check.output)
      XCTAssertTrue(check.output.hasPrefix("ok: 40 items, 60 users, 300 predictions"), check.output)
    }
  }

  /// Runs a command found on PATH; its exit status and its stdout and stderr together.
  private func run(_ arguments: [String]) -> (status: Int32, output: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = arguments
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = pipe
    do { try p.run() } catch { return (127, "\(error)") }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}
