import MKCore
import MKLang
import XCTest

/// Every error kind, with its message and position.
final class ErrorTests: XCTestCase {
  func testSyntaxErrors() {
    let s = testSession()
    assertError(error(s, "x = \"abc"), "unterminated string", at: (1, 5, 4))
    assertError(error(s, "x = 1.2.3"), "bad number '1.2.3'", at: (1, 5, 5))
    assertError(error(s, "x = 3 $ 4"), "unexpected character '$'", at: (1, 7, 1))
    assertError(error(s, "x = 1 + 2)"), "unexpected ')'", at: (1, 10, 1))
    assertError(error(s, "x = size r n="), "expected a value after 'n='", at: (1, 12, 1))
    assertError(error(s, "x = [least=]"), "expected a value after 'least='", at: (1, 12, 1))
    assertError(error(s, "x = (1 + 2"), "expected ')' to close '(' at 1:5, got end of input", at: (1, 11, 1))
    assertError(error(s, "x = [1 2]"), "expected ',' or ']' in the list, got '2'", at: (1, 8, 1))
    assertError(error(s, "x ="), "expected a value after '='", at: (1, 4, 1))
    assertError(error(s, "size r 1 - 0.2"), "unexpected '-' in the arguments of size", at: (1, 10, 1))
  }

  func testUnclosedBracketAtEndOfNotebook() {
    let s = testSession()
    let r = mkRun(s, "x = 1\ny = [1,\n  2\n")
    XCTAssertEqual(r.errors.map(\.message), ["expected ']' to close '[' at 2:5, got end of input"])
    XCTAssertEqual(r.errors.first?.location?.line, 4)
    XCTAssertTrue(r.out.isEmpty)
    XCTAssertNil(s.variable("x"), "nothing runs when there is a syntax error")
  }

  func testEverySyntaxErrorIsReported() {
    let s = testSession()
    let r = mkRun(s, "x = 1\ny = \"oops\nz = 2 +\nprint x\nw = 1 ) \nsizze r")
    XCTAssertEqual(r.errors.map(\.message),
                   ["unterminated string", "unexpected end of line", "unexpected ')'", "unknown verb 'sizze' (did you mean 'size'?)"])
    XCTAssertEqual(r.errors.map { $0.location!.line }, [2, 3, 5, 6])
  }

  func testUnknownVerb() {
    let s = testSession()
    assertError(error(s, "x = 1\nhelq split"), "unknown verb 'helq' (did you mean 'help'?)", at: (2, 1, 4))
    assertError(error(s, "x = (sise r)"), "unknown verb 'sise' (did you mean 'size'?)", at: (1, 6, 4))
  }

  func testUnknownOption() {
    let s = testSession()
    assertError(error(s, "size r m=2"), "unknown option 'm' for size (did you mean 'n'?)", at: (1, 8, 1))
    let e = error(s, "size r zzzz=2")
    XCTAssertEqual(e?.hint, "size takes: n, by, rate")
  }

  func testUnknownModelKind() {
    let s = testSession()
    let e = error(s, "m = fit alss r")
    XCTAssertTrue(e!.message.hasPrefix("unknown model kind 'alss'"), e!.message)
    XCTAssertEqual(e?.location?.column, 9)
    XCTAssertEqual(e?.location?.length, 4)
    assertError(error(s, "m = fit maen r"), "unknown model kind 'maen' (did you mean 'mean'?)", at: (1, 9, 4))
    assertError(error(s, "m = fit mean r rank=3"), "unknown option 'rank' for fit mean", at: (1, 16, 4))
  }

  func testUnknownVariable() {
    let s = testSession()
    s.setVariable("ratings", .number(1))
    assertError(error(s, "x = size ratngs"), "unknown variable 'ratngs' (did you mean 'ratings'?)", at: (1, 10, 6))
    assertError(error(s, "x = 1 + qqq"), "unknown variable 'qqq'", at: (1, 9, 3))
    assertError(error(s, "show subsets=[all, cld]"), "unknown variable 'cld' (did you mean 'cold'?)", at: (1, 20, 3))
  }

  func testOutOfRangeAndWrongType() {
    let s = testSession()
    assertError(error(s, "size r n=1e9"), "n=1e9 is out of range 1...10", at: (1, 10, 3))
    assertError(error(s, "size r n=2.5"), "n must be a whole number, got 2.5", at: (1, 10, 3))
    assertError(error(s, "size r rate=-2"), "rate=-2 is out of range 0...1", at: (1, 13, 2))
    assertError(error(s, "size r by=items"), "by=items is not one of user, item (did you mean 'item'?)", at: (1, 11, 5))
    assertError(error(s, "size 3"), "size expects ratings for DATA, got a number", at: (1, 6, 1))
    assertError(error(s, "size r n=r"), "size expects a whole number in 1...10 for n, got ratings", at: (1, 10, 1))
    assertError(error(s, "size r 1 2"), "size takes 2 arguments (DATA SCALE), got more", at: (1, 10, 1))
    assertError(error(s, "x = size"), "size needs DATA (ratings)", at: (1, 5, 4))
    assertError(error(s, "x = r + 1"), "'+' needs numbers on both sides, got ratings and a number", at: (1, 7, 1))
  }

  func testTargetCountMismatch() {
    let s = testSession()
    assertError(error(s, "a, b, c = halves 4"), "halves returns 2 values, but 3 names are given", at: (1, 1, 7))
    assertError(error(s, "a, b = size r"), "size returns one value, but 2 names are given", at: (1, 1, 4))
  }

  func testAssertion() {
    let s = testSession()
    XCTAssertTrue(mkRun(s, "assert 1 < 2").errors.isEmpty)
    let e = error(s, "x = 0.98123\nassert x < 0.95 \"too high\"")
    XCTAssertEqual(e?.kind, .assertion)
    assertError(e, "assertion failed: 0.9812 < 0.95: too high", at: (2, 8, 8))
    assertError(error(s, "assert (size r) == 5"), "assertion failed: 4 == 5")
    assertError(error(s, "assert false"), "assertion failed")
  }

  func testRuntimeErrorStopsAfterEarlierStatementsRan() {
    let s = testSession()
    let r = mkRun(s, "a = 1\nb = nope\nc = 3")
    XCTAssertEqual(r.errors.count, 1)
    XCTAssertNotNil(s.variable("a"))
    XCTAssertNil(s.variable("c"))
  }

  func testFormat() {
    let s = testSession()
    let source = "x = 1\nm = fit maen r"
    let e = mkRun(s, source, file: "tour.mk").errors[0]
    XCTAssertEqual(Session.format(e, source: source, color: false),
                   "tour.mk:2:9: error: unknown model kind 'maen' (did you mean 'mean'?)\nm = fit maen r\n        ^~~~")
    let h = mkRun(s, "size r zzzz=2", file: "a.mk").errors[0]
    XCTAssertEqual(Session.format(h, source: "size r zzzz=2", color: false),
                   "a.mk:1:8: error: unknown option 'zzzz' for size\nsize r zzzz=2\n       ^~~~\nhint: size takes: n, by, rate")
    XCTAssertTrue(Session.format(h, source: "size r zzzz=2", color: true).contains("\u{1B}["))
  }
}
