import Foundation
import MKCore
import MKLang
import MKTestSupport
import XCTest

/// Every `Notebooks/*.mk` is an acceptance test: it must run top to bottom without an error
/// (its own `assert`s included). Each runs in a fresh temporary folder holding a link to the
/// project's `Samples/`, so files a notebook saves land there and not in the checkout, beside
/// a link `shared` to the project's `../shared` (the real data some notebooks read as
/// `../shared/data/…`; missing, those notebooks fail under CI and are skipped elsewhere).
final class NotebooksTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  func testEveryNotebookRunsCleanly() throws {
    let folder = Self.root.appendingPathComponent("Notebooks")
    let notebooks = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mk") }.sorted()
    XCTAssertTrue(notebooks.contains("tour.mk"))
    let shared = Self.root.deletingLastPathComponent().appendingPathComponent("shared")
    let haveShared = FileManager.default.fileExists(atPath: shared.appendingPathComponent("data").path)
    for name in notebooks {
      let source = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      if source.contains("\"../shared/"), !haveShared {
        let message = "\(name) reads ../shared/data, which is missing beside the project"
        if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(message) } else { print("skipped: \(message)") }
        continue
      }
      let top = FileManager.default.temporaryDirectory.appendingPathComponent("mk-notebook-\(UUID())")
      let work = top.appendingPathComponent("project")
      try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: top) }
      try FileManager.default.createSymbolicLink(at: work.appendingPathComponent("Samples"),
                                                 withDestinationURL: Self.root.appendingPathComponent("Samples"))
      if haveShared {
        try FileManager.default.createSymbolicLink(at: top.appendingPathComponent("shared"), withDestinationURL: shared)
      }
      let session = Session()
      session.workingDirectory = work.path
      var outputs: [String] = []
      let errors = session.run(source, file: "Notebooks/\(name)") { outputs.append($0) }
      XCTAssertEqual(errors.map { Session.format($0, source: source, color: false) }, [], name)
      XCTAssertFalse(outputs.isEmpty, "\(name) displays nothing")
      // Every SVG a notebook writes parses as XML.
      for file in try FileManager.default.contentsOfDirectory(atPath: work.path) where file.hasSuffix(".svg") {
        let root = try XMLNode.parse(try String(contentsOf: work.appendingPathComponent(file), encoding: .utf8))
        XCTAssertEqual(root.name, "svg", "\(name): \(file)")
      }
    }
  }
}
