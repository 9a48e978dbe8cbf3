import MKCore
import MKLang
import XCTest

final class InterpreterTests: XCTestCase {
  private func show(_ s: Session, _ source: String, line: UInt = #line) -> [String] {
    let r = mkRun(s, source)
    XCTAssertEqual(r.errors.map(\.message), [], line: line)
    return r.out
  }

  func testArithmeticAndPrecedence() {
    let s = testSession()
    XCTAssertEqual(show(s, "1 + 2 * 3\n(1 + 2) * 3\n-2 - -3\n10 / 4\n- (2 * 3)\n1 - 2 - 3"), ["7", "9", "1", "2.5000", "-6", "-4"])
    XCTAssertEqual(show(s, "x = 1 + 2\nx * x"), ["9"])
    XCTAssertEqual(show(s, "1e-3\n0.1"), ["0.0010", "0.1000"])
  }

  func testComparison() {
    let s = testSession()
    XCTAssertEqual(show(s, "1 < 2\n2 <= 1\n3 > 2\n2 >= 3\n1 + 1 == 2\n\"a\" != \"b\"\ntrue == false"),
                   ["true", "false", "true", "false", "true", "true", "false"])
  }

  func testStringsAndLists() {
    let s = testSession()
    XCTAssertEqual(show(s, #""a \"q\" \\ b""#), [#"a "q" \ b"#])
    XCTAssertEqual(show(s, "x = 2\n[1, x, \"s\", [true]]"), [#"[1, 2, "s", [true]]"#])
    XCTAssertEqual(show(s, #"show subsets=[all, least=1000, cold]"#), [#"[all, least=1000, cold]"#])
    XCTAssertEqual(show(s, #"show anything=["Steins;Gate"=favorite, "Toy Story (1995)"=5]"#),
                   [#"["Steins;Gate"=favorite, "Toy Story (1995)"=5]"#])
    XCTAssertEqual(show(s, "[\n  1,\n  2,\n]\n[1, 2] \\\n  .count"), ["[1, 2]", "2"])
  }

  func testCommandsAndNesting() {
    let s = testSession()
    XCTAssertEqual(show(s, "size r\nsize r 2\nsize r (1 + 1)\n(size r) + 1\nx = (size r (size r)) - 6\nx"), ["4", "8", "8", "5", "10"])
    XCTAssertEqual(show(s, "size r -2"), ["-8"])
    XCTAssertEqual(show(s, "a, b = halves 5\na + b"), ["5"])
    XCTAssertEqual(show(s, "halves 5"), ["2.5000\n2.5000"])
    XCTAssertEqual(show(s, "size r by=item n=4"), ["4"])
  }

  func testAVerbIsNeverAVariable() {
    // LANGUAGE.md: every verb is a reserved word (this once made `size` a variable).
    let s = testSession()
    assertError(error(s, "size = size r"), "cannot assign to 'size': 'size' is a verb", at: (1, 1, 4))
    XCTAssertNil(s.variable("size"))
    XCTAssertEqual(show(s, "x = size r\nx"), ["4"])
  }

  func testFixedChoiceWordIsNotAVariable() {
    let s = testSession()
    XCTAssertEqual(show(s, "item = 3\nuser = 7\nsize r by=item"), ["4"])
    XCTAssertEqual(show(s, "mean = fit mean r\nmean.kind"), ["mean"])
  }

  func testMembers() {
    let s = testSession()
    XCTAssertEqual(show(s, "r.count\nr.users\nr.itemCount\nr.mean\nr.max\n[1, 2, 3].last\n\"abc\".length"),
                   ["4", "3", "3", "3", "5", "3", "3"])
    XCTAssertEqual(show(s, "m = fit mean r\nm.kind\nm.hyperparameters.rows"), ["mean", "0"])
    let e = mkRun(s, "r.cont").errors.first
    assertError(e, "ratings has no member 'cont' (did you mean 'count'?)", at: (1, 3, 4))
    XCTAssertEqual(e?.hint?.hasPrefix("members of ratings: count, users"), true)
    assertError(mkRun(s, "m.users").errors.first, "a mean model has no user embeddings", at: (1, 3, 5))
  }

  func testPrint() {
    let s = testSession()
    XCTAssertEqual(show(s, "print 3\nprint 0.91234\nprint 0.91234 digits=2\nprint 1 + 2\nprint \"hi\"\nprint (size r)"),
                   ["3", "0.9123", "0.91", "3", "hi", "4"])
  }

  func testAssignmentsDisplayNothing() {
    let s = testSession()
    XCTAssertEqual(show(s, "# a comment\nx = 3  # trailing\n\n"), [])
  }

  func testVars() {
    let s = testSession()
    XCTAssertEqual(show(s, "x = 3\nname = \"a\""), [])
    XCTAssertEqual(s.variables.map(\.name), ["r", "x", "name"])
    XCTAssertEqual(s.variables.map(\.summary)[1...], ["3", "\"a\""])
    let out = show(s, "vars")[0]
    XCTAssertEqual(out, """
      name  type     value
      ----  -------  --------------------------------------
      r     ratings  ratings r: 4 ratings, 3 users, 3 items
      x     number   3
      name  string   "a"
      """)
  }

  func testTable() {
    var t = Table(title: "compare", columns: [Table.Column("model", alignment: .left), Table.Column("rmse", best: .lowest)])
    t.append([.text("als"), .number(0.91234)])
    t.append([.text("mean"), .number(1.1)])
    XCTAssertEqual(t.render(), """
      compare
      model    rmse
      -----  -------
      als    0.9123*
      mean   1.1000
      """)
  }

  func testStatements() throws {
    let s = testSession()
    let src = "# prose\nx = 1\n\ny = [1,\n  2]\nz = x \\\n + 1\n"
    let st = try s.statements(src, file: "n.mk")
    XCTAssertEqual(st, [StatementSource(text: "x = 1", firstLine: 2, lastLine: 2),
                        StatementSource(text: "y = [1,\n  2]", firstLine: 4, lastLine: 5),
                        StatementSource(text: "z = x \\\n + 1", firstLine: 6, lastLine: 7)])
    for stmt in st { XCTAssertEqual(s.run(stmt, file: "n.mk") { _ in }.count, 0) }
    let e = s.run(StatementSource(text: "q = nope", firstLine: 9, lastLine: 9), file: "n.mk") { _ in }
    XCTAssertEqual(e.first?.location?.line, 9)
    XCTAssertThrowsError(try s.statements("x = (", file: "n.mk"))
  }
}
