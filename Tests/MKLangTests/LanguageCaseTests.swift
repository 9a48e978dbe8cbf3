import Foundation
import MKCore
import MKLang
import XCTest

/// Runs every `.mk` file under `Cases/` (STYLE §3.14, Crafting Interpreters' `.lox` tests).
///
/// A case states what it expects in its comments:
/// - `# expect: TEXT`: the next line of stdout, in order (a table is several lines). Together
///   they are the whole output: an unexpected extra line fails the case.
/// - `# error: LINE:COL: MESSAGE`: the first error the case gives, at that place; without one,
///   the case must run to the end without error.
///
/// Cases run in a fresh `Session` whose working directory is the project root, so
/// `load "Samples/anime/ratings.csv"` works; `$TMP` in a case becomes a fresh temporary folder
/// (and that folder becomes `$TMP` again in the output and the error).
/// Trailing blanks of output lines are ignored (tables pad their last column).
final class LanguageCaseTests: XCTestCase {
  static let casesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Cases")
  static let projectRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  func testEveryCase() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.casesFolder.path)
      .filter { $0.hasSuffix(".mk") }.sorted()
    XCTAssertGreaterThan(files.count, 20, "cases in \(Self.casesFolder.path)")
    for name in files { try check(name) }
  }

  /// Runs one case and reports every mismatch under the case's name.
  private func check(_ name: String) throws {
    let url = Self.casesFolder.appendingPathComponent(name)
    let original = try String(contentsOf: url, encoding: .utf8)
    let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("mk-case-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: tmp) }
    let source = original.replacingOccurrences(of: "$TMP", with: tmp.path)

    var expected: [String] = []
    var expectedError: String?
    for line in original.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
      if let r = line.range(of: "# expect:") {
        var text = String(line[r.upperBound...])
        if text.hasPrefix(" ") { text.removeFirst() }
        expected.append(trimmed(text))
      } else if let r = line.range(of: "# error:"), expectedError == nil {
        expectedError = String(line[r.upperBound...]).trimmingCharacters(in: .whitespaces)
      }
    }

    let session = Session()
    session.workingDirectory = Self.projectRoot.path
    var out: [String] = []
    let errors = session.run(source, file: name) { text in
      out += text.replacingOccurrences(of: tmp.path, with: "$TMP")
        .split(separator: "\n", omittingEmptySubsequences: false).map { trimmed(String($0)) }
    }

    for k in 0..<max(out.count, expected.count) {
      let got = k < out.count ? out[k] : "<no more output>"
      let want = k < expected.count ? expected[k] : "<no more output>"
      if got != want {
        XCTFail("\(name): output line \(k + 1): got \"\(got)\", expected \"\(want)\"\nwhole output:\n"
                  + out.joined(separator: "\n"))
        break
      }
    }
    // In the case itself: LINE:COL; in a data file it read: the file's path from the root and line.
    let first = errors.first.map { e -> String in
      let message = e.message.replacingOccurrences(of: tmp.path, with: "$TMP")
        .replacingOccurrences(of: Self.projectRoot.path + "/", with: "")
      guard let l = e.location else { return message }
      if l.file == name { return "\(l.line):\(l.column): \(message)" }
      return l.description.replacingOccurrences(of: Self.projectRoot.path + "/", with: "") + ": " + message
    }
    XCTAssertEqual(first, expectedError, "\(name): first error"
                     + (errors.first.map { "\n" + Session.format($0, source: source, color: false) } ?? ""))
    // Every error points into the source with a caret (or names a data file's line).
    for e in errors {
      let shown = Session.format(e, source: source, color: false)
      if e.location?.file == name { XCTAssertTrue(shown.contains("^"), "\(name): no caret in\n\(shown)") }
      XCTAssertNotNil(e.location, "\(name): error without a place: \(e.message)")
    }
  }

  private func trimmed(_ s: String) -> String {
    var s = s
    while s.last == " " { s.removeLast() }
    return s
  }
}
