import MKCore
import MKLang
import XCTest

/// Hostile nesting and long chains. Each of these once overflowed the stack (exit 139, no error
/// line) in the parser, the evaluator or when the syntax tree was freed; they run in-process, so
/// a regression crashes this test run.
final class NestingTests: XCTestCase {
  private let tooDeep = "the expression nests more than 256 levels deep"

  private func chain(_ op: String, _ n: Int) -> String {
    Array(repeating: "1", count: n).joined(separator: " \(op) ")
  }

  func testDeepParenthesesAreASyntaxErrorAtTheTokenPastTheLimit() {
    let s = testSession()
    let source = "x = " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
    assertError(error(s, source), tooDeep, at: (1, 5 + 256, 1))
    XCTAssertNil(s.variable("x"))
  }

  func testNestingUpToTheLimitRuns() {
    let s = testSession()
    let n = 256   // Parser.maxDepth
    mkRun(s, "x = " + String(repeating: "(", count: n) + "2" + String(repeating: ")", count: n))
    XCTAssertEqual(s.variable("x")?.summary, "2")
    mkRun(s, "y = " + String(repeating: "[", count: n) + "3" + String(repeating: "]", count: n))
    XCTAssertNotNil(s.variable("y"))
  }

  func testDeepListsAreASyntaxError() {
    let source = "x = " + String(repeating: "[", count: 3000) + "1" + String(repeating: "]", count: 3000)
    assertError(error(testSession(), source), tooDeep, at: (1, 5 + 256, 1))
  }

  func testManyUnaryMinusesAreASyntaxError() {
    let source = "x = " + String(repeating: "- ", count: 58_000) + "1"
    assertError(error(testSession(), source), tooDeep, at: (1, 5 + 2 * 256, 1))
  }

  func testLongMemberChainsAreASyntaxError() {
    let source = "x = r" + String(repeating: ".items", count: 4600)
    assertError(error(testSession(), source), tooDeep)
  }

  func testTheSessionGoesOnAfterANestingError() {
    let s = testSession()
    let r = mkRun(s, "x = " + String(repeating: "(", count: 5000) + "1\nprint 7")
    XCTAssertEqual(r.errors.count, 1)
    XCTAssertEqual(mkRun(s, "print 7").out, ["7"])
  }

  func testALongSumEvaluates() {
    let s = testSession()
    let source = "x = " + chain("+", 4600)
    XCTAssertGreaterThan(source.utf8.count, 18_000)
    XCTAssertEqual(mkRun(s, source).errors.count, 0)
    XCTAssertEqual(s.variable("x")?.summary, "4600")
  }

  func testLongProductsDifferencesAndComparisonsEvaluate() {
    let s = testSession()
    mkRun(s, "p = " + chain("*", 4600) + "\nd = 10000 - " + chain("-", 4600) + "\nc = " + chain("/", 4600) + " < 2")
    XCTAssertEqual(s.variable("p")?.summary, "1")
    XCTAssertEqual(s.variable("d")?.summary, "5400")   // left to right: 10000 - 4600
    XCTAssertEqual(s.variable("c")?.summary, "true")
    // A chain of comparisons runs left to right, and fails as soon as it compares a bool.
    let e = error(s, "b = " + chain("<", 4600))
    assertError(e, "cannot compare a bool and a number with '<'", at: (1, 11, 1))
  }

  func testALongSumInsideAssert() {
    let s = testSession()
    XCTAssertEqual(mkRun(s, "assert " + chain("+", 4600) + " == 4600").errors.count, 0)
    let e = error(s, "assert " + chain("+", 4600) + " == 4601")
    XCTAssertTrue(e?.message.contains("4600") ?? false, "\(String(describing: e?.message))")
  }

  /// Big enough that a left-deep tree of 400,000 terms overflowed the stack when it was freed.
  func testAHugeTreeWithASyntaxErrorIsFreedWithoutRunning() {
    let s = testSession()
    let source = "x = " + chain("+", 250_000) + " )\nprint 1"
    let r = mkRun(s, source)
    XCTAssertEqual(r.errors.count, 1)
    assertError(r.errors.first, "unexpected ')'")
    XCTAssertNil(s.variable("x"))
  }

  func testAHugeSumRuns() {
    let s = testSession()
    XCTAssertEqual(mkRun(s, "x = " + chain("+", 87_000)).errors.count, 0)
    XCTAssertEqual(s.variable("x")?.summary, "87000")
  }

  func testAListValueNestedStatementByStatementStopsAtTheLimit() {
    // 100,000 times `a = [a]` once built a value whose display and teardown overflowed the stack.
    let s = testSession()
    let source = "a = 1\n" + String(repeating: "a = [a]\n", count: 100_000)
    let r = mkRun(s, source)
    assertError(r.errors.first, "the list would nest more than 256 levels deep", at: (258, 5, 1))
    XCTAssertEqual(s.variable("a")?.summary.count, 256 * 2 + 1)
    XCTAssertEqual(mkRun(s, "print 7").out, ["7"])
  }

  func testOperatorsKeepTheirPrecedenceAndAssociativity() {
    let s = testSession()
    mkRun(s, "a = 2 + 3 * 4 - 6 / 2 / 3\nb = 1 + 2 < 4 - 0\nc = -2 * 3 + -(1 + 1)")
    XCTAssertEqual(s.variable("a")?.summary, "13")
    XCTAssertEqual(s.variable("b")?.summary, "true")
    XCTAssertEqual(s.variable("c")?.summary, "-8")
  }
}
