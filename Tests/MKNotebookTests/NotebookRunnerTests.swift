import Foundation
import MKCore
import MKNotebook
import XCTest

/// The runner on small notebooks that use only forms LANGUAGE.md guarantees.
final class NotebookRunnerTests: XCTestCase {
  func testRunsTopToBottomAndCollectsOutputs() {
    let result = NotebookRunner().run(source: "x = 1 + 2\nprint x\nprint (x * 2)\n", file: "file.mk")
    XCTAssertEqual(result.errors, [])
    XCTAssertEqual(result.outputs, ["3", "6"])
    XCTAssertEqual(result.exitStatus, 0)
  }

  func testEmitSeesEachOutputInOrder() {
    var seen: [String] = []
    let result = NotebookRunner().run(source: "print 1\nprint 2\n", file: "file.mk") { seen.append($0) }
    XCTAssertEqual(seen, ["1", "2"])
    XCTAssertEqual(seen, result.outputs)
  }

  func testStopsAtTheFirstRuntimeErrorWithItsPlace() {
    let result = NotebookRunner().run(source: "print 1\nassert 1 > 2\nprint 3\n", file: "file.mk")
    XCTAssertEqual(result.outputs, ["1"], "statements before the error ran, none after it")
    XCTAssertEqual(result.exitStatus, 1)
    XCTAssertEqual(result.errors.count, 1)
    let message = result.formattedErrors().first ?? ""
    XCTAssertTrue(message.contains("file.mk:2:"), message)
    XCTAssertTrue(message.contains("assert 1 > 2"), "shows the source line: \(message)")
    XCTAssertTrue(message.contains("^"), "shows a caret: \(message)")
  }

  func testReadsTheFileAndNamesErrorsByItsPath() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mk-runner-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("file.mk").path
    try "x = 1 + 2\nprint x\nnosuchverb\n".write(toFile: path, atomically: true, encoding: .utf8)

    let result = try NotebookRunner().run(path: path)
    XCTAssertEqual(result.outputs, ["3"])
    XCTAssertEqual(result.exitStatus, 1)
    XCTAssertEqual(result.errors.first?.location?.file, path)
    XCTAssertEqual(result.errors.first?.location?.line, 3)
  }

  func testAMissingFileIsAReadErrorNotARun() {
    XCTAssertThrowsError(try NotebookRunner().run(path: "/no/such/notebook.mk")) { error in
      XCTAssertTrue(error is NotebookRunner.ReadError)
      XCTAssertTrue("\(error)".contains("no such file"), "\(error)")
    }
  }
}
