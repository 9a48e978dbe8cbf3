import MKCore
import MKLang
import XCTest

/// Runs `source` in `session`; returns what was displayed and the errors.
@discardableResult
func mkRun(_ session: Session, _ source: String, file: String = "t.mk") -> (out: [String], errors: [MKError]) {
  var out: [String] = []
  let errors = session.run(source, file: file) { out.append($0) }
  return (out, errors)
}

/// The one error `source` gives, or a test failure.
func error(_ session: Session, _ source: String, file: String = "t.mk",
           line: UInt = #line) -> MKError? {
  let r = mkRun(session, source, file: file)
  XCTAssertEqual(r.errors.count, 1, "errors: \(r.errors)", line: line)
  return r.errors.first
}

/// Asserts an error's message and position (line:column, length).
func assertError(_ e: MKError?, _ message: String, at position: (Int, Int, Int)? = nil,
                 line: UInt = #line) {
  guard let e else { return XCTFail("no error", line: line) }
  XCTAssertEqual(e.message, message, line: line)
  if let (l, c, n) = position {
    XCTAssertEqual(e.location?.line, l, "line", line: line)
    XCTAssertEqual(e.location?.column, c, "column", line: line)
    XCTAssertEqual(e.location?.length, n, "length", line: line)
  }
}

/// A session with a small rating set `r` (3 users, 3 items) and a few test verbs.
func testSession() -> Session {
  let s = Session()
  let triples: [(String, String, Float)] = [("u1", "i1", 4), ("u1", "i2", 2), ("u2", "i1", 5), ("u3", "i3", 1)]
  let store = RatingStore(user: triples.map { s.universe.users.intern($0.0) },
                          item: triples.map { s.universe.items.intern($0.1) },
                          value: triples.map(\.2))
  s.setVariable("r", .ratings(Ratings(universe: s.universe, store: store, name: "r", scale: .numeric)))
  s.register(Verb("size", family: "test", summary: "number of ratings",
                  slots: [Slot("DATA", .ratings, "the ratings"), Slot("SCALE", .number, optional: true, "a factor")],
                  options: [VerbOption("n", .int(1...10), default: .number(3), "a small number"),
                            VerbOption("by", .choice(["user", "item"]), default: .word("user"), "grouping"),
                            VerbOption("rate", .double(0...1), default: .number(0.5), "a fraction")],
                  examples: ["size r", "size r 2 n=4 by=item"]) { call in
    .number(Double(try call.ratings("DATA").count) * (call.has("SCALE") ? try call.number("SCALE") : 1))
  })
  s.register(Verb("halves", family: "test", summary: "two numbers",
                  slots: [Slot("X", .number, "a number")], examples: ["a, b = halves 4"]) { call in
    let x = try call.number("X")
    return .tuple([.number(x / 2), .number(x / 2)])
  })
  s.register(Verb("show", family: "test", summary: "a list's summary",
                  options: [VerbOption("subsets", .list(words: .only(["all", "least", "cold"])), "subsets"),
                            VerbOption("anything", .list(words: .any), "any words")],
                  examples: ["show subsets=[all, least=1000, cold]"]) { call in
    .string((call.value("subsets") ?? call.value("anything") ?? .nothing).summary)
  })
  return s
}
