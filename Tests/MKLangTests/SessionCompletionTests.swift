import MKCore
import MKLang
import XCTest

/// Tab completion on the parser and the verb declarations: the slot under the cursor decides
/// what is offered, inside lists, parentheses and member chains too.
final class SessionCompletionTests: XCTestCase {
  /// Models als and sgd, data sets train, test and d, an item table works, a number n3, a table h.
  private static let session: Session = {
    let s = Session()
    let r = mkRun(s, """
      d = generate users=40 items=30 ratings=600 tags=4 seed=1
      works = d.items
      train, test = split d 0.8 seed=1
      als = fit als train rank=2 iters=2
      sgd = fit sgd train rank=2
      n3 = 3
      h = als.history
      """)
    precondition(r.errors.isEmpty, "\(r.errors)")
    return s
  }()

  private func c(_ line: String) -> [String] {
    Self.session.completions(line: line, cursor: line.utf8.count)
  }

  func testAfterAListTheNextSlot() {
    XCTAssertEqual(c("compare [als, sgd] te"), ["test"])
    XCTAssertEqual(c("compare [als, sgd] "), ["d", "metric=", "subsets=", "test", "train"])
  }

  func testInsideAListTheElementType() {
    XCTAssertEqual(c("compare [als, s"), ["sgd"])
    XCTAssertEqual(c("compare ["), ["als", "sgd"])
    XCTAssertEqual(c("compare [als, sgd] test subsets=[all, l"), ["least"])
  }

  func testInsideParenthesesTheInnerCommand() {
    XCTAssertEqual(c("(rmse als te"), ["test"])
    XCTAssertEqual(c("print (rmse als te"), ["test"])
    XCTAssertEqual(c("x = (rmse (fit als tr"), ["train"])
    XCTAssertEqual(c("assert (rmse als test) < n"), ["n3"])
    // Just inside `(`: a verb, or a value of the slot's type; no options.
    XCTAssertEqual(c("rmse (f"), ["fit"])
    XCTAssertEqual(c("rmse (s"), ["save", "sgd", "similar", "split", "subset"])
  }

  func testMembers() {
    let model = Members.model.map(\.name)
    let members = c("als.")
    for m in model { XCTAssertTrue(members.contains(m), "\(m) in \(members)") }
    XCTAssertTrue(members.contains("rank"), "the model's options are members: \(members)")
    XCTAssertEqual(c("als.hi"), ["history"])
    XCTAssertEqual(c("print als.hi"), ["history"])
    XCTAssertEqual(c("als.history.ro"), ["rows"])
    XCTAssertEqual(c("d.items.ta"), ["tags"])
    XCTAssertEqual(c("nothing.a"), [])
  }

  func testOptionValues() {
    XCTAssertEqual(c("plot als what="), ["items", "users"])
    XCTAssertEqual(c("fit als train bias="), ["false", "true"])
    XCTAssertEqual(c("fit als train solver="), ["cg", "cholesky"])
    XCTAssertEqual(c("fit als train valid="), ["d", "test", "train"])
    XCTAssertEqual(c("plot als labels="), ["works"])
  }

  func testSlotsAndOptions() {
    XCTAssertEqual(c("fit als tr"), ["train"])
    XCTAssertEqual(c("fit b"), ["baseline", "bayesfm", "blend"])
    XCTAssertEqual(c("fit als train ra"), ["rank="])
    XCTAssertEqual(c("fit als train rank=2 "), ["bias=", "bias_lambda=", "cg_steps=", "engine=", "init=", "iters=", "lambda=",
                                                "master=", "partitions=", "patience=", "prior=", "seed=", "solver=", "valid="])
    XCTAssertEqual(c("fit als train rank=2 ra"), [])
  }

  func testTypedSlotsOfferVariablesOfTheirType() {
    XCTAssertEqual(c("describe "), ["d", "test", "train", "works"], "ratings or items")
    XCTAssertEqual(c("rmse "), ["als", "sgd"])
    XCTAssertEqual(c("split d "), ["by=", "cold=", "group=", "n3", "seed="])
    XCTAssertEqual(c("plot "), ["als", "color=", "h", "labels=", "n=", "sgd", "svg=", "what="])
    XCTAssertFalse(c("describe a").contains("als"))
  }

  func testStatementStarts() {
    XCTAssertEqual(c("te"), ["test"])
    XCTAssertEqual(c("x = sg"), ["sgd"])
    XCTAssertEqual(c("x = n3 + n"), ["n3"])
    XCTAssertEqual(c("fit als train # tr"), [])
    XCTAssertEqual(c("x = 1\nfit als tr"), ["train"], "only the statement being typed counts")
  }

  /// Every prefix of long statements, cut at every byte: no crash, and every candidate
  /// continues the text the REPL replaces.
  func testEveryPrefixCompletes() {
    let statements = [
      "cmp = compare [als, sgd, (fit mean train)] test subsets=[all, least=100, cold] metric=rmse # a comment",
      #"x = load "Samples/ratings \"quoted\" é.csv" format=auto features=[a, b, "c"] user=1 item=2"#,
      "assert ((rmse als test) + -1.5 * n3) / 2 <= als.history.rows && ]) [ ( , = . \\ \"open",
      "print [[als.kind, [sgd, [d.items.tags.count]]], fit, help fit als] digits=3\nfit als tr",
      String(repeating: "(", count: 120) + "rmse als " + String(repeating: "[a, ", count: 50),
    ]
    for text in statements {
      for cursor in 0...text.utf8.count { checkCompletes(text, cursor) }
    }
  }

  /// A very long line completes, at its end and at a few places inside.
  func testAVeryLongLineCompletes() {
    let text = "x = " + String(repeating: "n3 + ", count: 3000) + "n"
    XCTAssertEqual(c(text), ["n3"])
    for cursor in stride(from: 0, through: text.utf8.count, by: 997) { checkCompletes(text, cursor) }
    let deep = String(repeating: "[", count: 5000) + "a"
    XCTAssertEqual(c(deep), [], "nesting too deep to parse: nothing offered, no crash")
    XCTAssertEqual(c("x = " + String(repeating: "n3 + ", count: 20_000) + "n"), [])
  }

  private func checkCompletes(_ text: String, _ cursor: Int, line: UInt = #line) {
    let before = Array(text.utf8.prefix(cursor))
    let start = Session.wordStart(line: text, cursor: cursor)
    XCTAssertLessThanOrEqual(start, before.count, line: line)
    let word = String(decoding: before[min(start, before.count)...], as: UTF8.self)
    for candidate in Self.session.completions(line: text, cursor: cursor) {
      XCTAssertTrue(candidate.hasPrefix(word), "\(candidate) for \(String(decoding: before, as: UTF8.self))", line: line)
    }
  }
}
