import MKCore
@testable import MKLang
import XCTest

/// Input that once passed silently or reached the terminal raw: non-finite literals, reserved
/// words and repeated names as variables, control characters and huge text in messages.
final class HygieneTests: XCTestCase {
  func testANumberLiteralMustBeFinite() {
    let s = testSession()
    assertError(error(s, "x = 1e400"), "number '1e400' is too large (the largest is about 1.8e308)", at: (1, 5, 5))
    XCTAssertNil(s.variable("x"))
    assertError(error(s, "x = -1e309"), "number '1e309' is too large (the largest is about 1.8e308)")
    mkRun(s, "y = 1.7e308\nz = 1e-400")
    XCTAssertEqual(s.variable("y")?.summary, "1.7e+308")
    XCTAssertEqual(s.variable("z")?.summary, "0")
  }

  func testReservedWordsAreNotVariableNames() {
    let s = Session()
    for verb in ["help", "split", "load", "fit", "items", "print", "assert", "vars"] {
      assertError(error(s, "\(verb) = 2"), "cannot assign to '\(verb)': '\(verb)' is a verb", at: (1, 1, verb.count))
    }
    for word in ["exit", "quit", "time", "head", "true", "false"] {
      assertError(error(s, "\(word) = 2"), "cannot assign to '\(word)': '\(word)' is a reserved word")
    }
    assertError(error(s, "a, split = halves 4"), "cannot assign to 'split': 'split' is a verb", at: (1, 4, 5))
    XCTAssertEqual(s.variables.count, 0)
    XCTAssertEqual(mkRun(s, "helper = 2\ntimes = 3\nheads = 4").errors.count, 0, "only the words themselves")
  }

  func testTheSameNameTwiceOnTheLeftIsAnError() {
    let s = testSession()
    assertError(error(s, "a, a = halves 4"), "the name 'a' is given twice on the left of '='", at: (1, 4, 1))
    assertError(error(s, "a, b, a = halves 4"), "the name 'a' is given twice on the left of '='", at: (1, 7, 1))
    XCTAssertNil(s.variable("a"))
    XCTAssertEqual(mkRun(s, "a, b = halves 4").errors.count, 0)
  }

  func testControlCharactersInMessagesAreEscaped() {
    let s = testSession()
    // An unknown verb (help's argument) and an unknown model kind written as strings with ESC.
    for source in ["help \"\u{1B}[2J\u{1B}]0;pwned\u{07}\"", "fit \"\u{1B}[31mred\" r", "size r by=\"\u{1B}[1mx\""] {
      let errors = mkRun(s, source).errors
      XCTAssertEqual(errors.count, 1, source)
      guard let e = errors.first else { continue }
      let shown = Session.format(e, source: source, color: false)
      XCTAssertFalse(shown.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, shown)
      XCTAssertTrue(shown.contains("\\e["), shown)
    }
    // A raw control character in the source: the lexer's message and the source line.
    let source = "x = 1 \u{1B}[2J"
    let shown = Session.format(error(s, source)!, source: source, color: false)
    XCTAssertEqual(shown, "t.mk:1:7: error: unexpected character '\\e'\nx = 1 \\e[2J\n      ^~")
  }

  func testQuotedTextIsCutToEightyCharacters() {
    let s = testSession()
    let long = String(repeating: "v", count: 50_000)
    let e = error(s, "x = \(long) + 1")
    XCTAssertEqual(e?.message, "unknown variable '\(String(repeating: "v", count: 79))…'")
    let kind = error(s, "fit \"\(long)\" r")
    XCTAssertLessThan(kind?.message.count ?? .max, 200, kind?.message ?? "")
    XCTAssertTrue(kind?.message.contains("…") ?? false)
  }

  func testALongSourceLineIsShownAsAWindowAroundTheCaret() {
    let s = testSession()
    let source = "x = " + Array(repeating: "1", count: 20_000).joined(separator: " + ") + " )"
    let shown = Session.format(error(s, source)!, source: source, color: false)
    let lines = shown.split(separator: "\n").map(String.init)
    XCTAssertEqual(lines.count, 3)
    XCTAssertLessThanOrEqual(lines[1].count, Session.excerptWidth + 2)
    XCTAssertTrue(lines[1].hasPrefix("…") && lines[1].hasSuffix("+ 1 )"), lines[1])
    // The caret is under the ')'.
    XCTAssertEqual(lines[2].count, lines[1].count)
    XCTAssertTrue(lines[2].hasSuffix(" ^"))
    // A short line is shown whole, as before.
    XCTAssertEqual(Session.excerpt("abc", column: 2, length: 1).text, "abc")
  }
}

/// A notebook's statement is bounded as a REPL entry is: 1 MiB.
final class StatementLimitTests: XCTestCase {
  func testAStatementPastOneMebibyteIsRefusedAndTheNextRuns() {
    let s = Session()
    let long = "x = [" + String(repeating: "1, ", count: 400_000) + "1]"
    XCTAssertGreaterThan(long.utf8.count, 1 << 20)
    let r = mkRun(s, "a = 1\n" + long + "\nb = 2\nprint b")
    XCTAssertEqual(r.errors.count, 1)
    XCTAssertTrue(r.errors.first?.message.contains("longer than the limit of 1 MiB") ?? false, "\(r.errors)")
    XCTAssertEqual(r.errors.first?.location?.line, 2)
    XCTAssertNil(s.variable("x"), "nothing of it ran")
  }

  func testAStatementUnderTheLimitRuns() {
    let s = Session()
    let r = mkRun(s, "x = [" + String(repeating: "1, ", count: 100_000) + "1]\nprint x.count")
    XCTAssertEqual(r.errors.map(\.message), [])
    XCTAssertEqual(r.out, ["100001"])
  }
}
