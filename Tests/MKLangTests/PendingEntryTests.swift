import MKCore
import MKLang
import XCTest

/// How the REPL gathers the lines of one entry, one line at a time.
final class PendingEntryTests: XCTestCase {
  private func completes(_ lines: [String]) throws -> [Bool] {
    var entry = PendingEntry()
    return try lines.map { try entry.append($0) }
  }

  func testBracketsKeepTheEntryOpenUntilTheyClose() throws {
    XCTAssertEqual(try completes(["x = [1,", "(2 +", "3)", "]"]), [false, false, false, true])
    XCTAssertEqual(try completes(["print 1"]), [true])
  }

  func testBracketsInStringsAndCommentsDoNotCount() throws {
    XCTAssertEqual(try completes(["x = \"[(\" # ( [", "print x"]), [true, true])
    XCTAssertEqual(try completes(["x = [\"]\",", "1]"]), [false, true])
  }

  func testATrailingBackslashContinues() throws {
    XCTAssertEqual(try completes(["y = 1 + \\", "2"]), [false, true])
  }

  func testAnExtraClosingBracketDoesNotReopen() throws {
    XCTAssertEqual(try completes(["x = (1", "))", "print 2"]), [false, true, true])
  }

  func testTheTextJoinsTheLines() throws {
    var entry = PendingEntry()
    _ = try entry.append("x = [1,")
    _ = try entry.append("2]")
    XCTAssertEqual(entry.text, "x = [1,\n2]")
  }

  func testAnEntryPastOneMebibyteIsRefusedAndCleared() throws {
    var entry = PendingEntry()
    let half = "x = [" + String(repeating: "1,", count: PendingEntry.maxBytes / 4)
    XCTAssertFalse(try entry.append(half))
    XCTAssertThrowsError(try entry.append(String(repeating: "2,", count: PendingEntry.maxBytes / 4 + 1))) { e in
      XCTAssertEqual((e as? MKError)?.message,
                     "the entry is longer than the limit of 1 MiB (1048576 bytes); it was not run")
    }
    XCTAssertTrue(entry.isEmpty)
    XCTAssertTrue(try entry.append("print 1"))
  }
}
