import Foundation
import MKCore
import MKLang
import MKNotebook
import MKTestSupport
import XCTest

/// Every `Notebooks/*.mk` is an acceptance test: it must run top to bottom without an error
/// (its own `assert`s included). Each runs from a copy in a fresh temporary project, laid out
/// as the checkout is (`Notebooks/`, a link to `Samples/`, `../shared` beside it), so its
/// paths resolve from its own folder and the files it saves land there, not in the checkout.
final class NotebooksTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  func testEveryNotebookRunsCleanly() throws {
    let folder = Self.root.appendingPathComponent("Notebooks")
    let notebooks = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".mk") }.sorted()
    XCTAssertTrue(notebooks.contains("tour.mk"))
    for name in notebooks {
      let work = FileManager.default.temporaryDirectory.appendingPathComponent("mk-notebook-\(UUID())")
      try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(at: work) }
      let project = work.appendingPathComponent("project"), notebooks = project.appendingPathComponent("Notebooks")
      try FileManager.default.createDirectory(at: notebooks, withIntermediateDirectories: true)
      try FileManager.default.createSymbolicLink(at: project.appendingPathComponent("Samples"),
                                                 withDestinationURL: Self.root.appendingPathComponent("Samples"))
      try FileManager.default.createSymbolicLink(at: work.appendingPathComponent("shared"),
                                                 withDestinationURL: Self.root.deletingLastPathComponent().appendingPathComponent("shared"))
      let source = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      let copy = notebooks.appendingPathComponent(name)
      try source.write(to: copy, atomically: true, encoding: .utf8)
      var outputs: [String] = []
      let result = try NotebookRunner().run(path: copy.path) { outputs.append($0) }
      let errors = result.errors
      XCTAssertEqual(errors.map { Session.format($0, source: source, color: false) }, [], name)
      XCTAssertFalse(outputs.isEmpty, "\(name) displays nothing")
      // Every SVG a notebook writes parses as XML.
      for file in try FileManager.default.contentsOfDirectory(atPath: notebooks.path) where file.hasSuffix(".svg") {
        let root = try XMLNode.parse(try String(contentsOf: notebooks.appendingPathComponent(file), encoding: .utf8))
        XCTAssertEqual(root.name, "svg", "\(name): \(file)")
      }
    }
  }
}
