import Foundation
import MKCore
import MKLang
import MKNotebook
import MKTestSupport
import XCTest

/// Every `Notebooks/*.mk` is an acceptance test: it must run top to bottom without an error
/// (its own `assert`s included). Each runs from a copy in a fresh temporary project, laid out
/// as the checkout is (`Notebooks/`, a link to `Samples/`, a link `shared` to the project's
/// `../shared` beside it: the real data some notebooks read as `../../shared/data/…`; missing,
/// those notebooks fail under CI and are skipped elsewhere), so its paths resolve from its own
/// folder and the files it saves land there, not in the checkout.
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
      if source.contains("\"../../shared/"), !haveShared {
        let message = "\(name) reads ../shared/data, which is missing beside the project"
        if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(message) } else { print("skipped: \(message)") }
        continue
      }
      let top = FileManager.default.temporaryDirectory.appendingPathComponent("mk-notebook-\(UUID())")
      let work = top.appendingPathComponent("project")
      try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: top) }
      let notebookFolder = work.appendingPathComponent("Notebooks")
      try FileManager.default.createDirectory(at: notebookFolder, withIntermediateDirectories: true)
      try FileManager.default.createSymbolicLink(at: work.appendingPathComponent("Samples"),
                                                 withDestinationURL: Self.root.appendingPathComponent("Samples"))
      if haveShared {
        try FileManager.default.createSymbolicLink(at: top.appendingPathComponent("shared"), withDestinationURL: shared)
      }
      let copy = notebookFolder.appendingPathComponent(name)
      try source.write(to: copy, atomically: true, encoding: .utf8)
      var outputs: [String] = []
      let result = try NotebookRunner().run(path: copy.path) { outputs.append($0) }
      let errors = result.errors
      XCTAssertEqual(errors.map { Session.format($0, source: source, color: false) }, [], name)
      XCTAssertFalse(outputs.isEmpty, "\(name) displays nothing")
      // Every SVG a notebook writes parses as XML.
      for file in try FileManager.default.contentsOfDirectory(atPath: notebookFolder.path) where file.hasSuffix(".svg") {
        let root = try XMLNode.parse(try String(contentsOf: notebookFolder.appendingPathComponent(file), encoding: .utf8))
        XCTAssertEqual(root.name, "svg", "\(name): \(file)")
      }
    }
  }
}
