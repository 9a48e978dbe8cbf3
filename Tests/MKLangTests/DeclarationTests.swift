import MKCore
import MKLang
import XCTest

/// Walks every verb declaration, and checks `help` and completion, which read them.
final class DeclarationTests: XCTestCase {
  func testDeclarationsAreConsistent() {
    var names = Set<String>()
    for verb in Verbs.all {
      XCTAssertTrue(names.insert(verb.name).inserted, "duplicate verb \(verb.name)")
      XCTAssertTrue(Verbs.families.contains(verb.family), "\(verb.name): unknown family \(verb.family)")
      XCTAssertFalse(verb.summary.isEmpty, verb.name)
      XCTAssertFalse(verb.examples.isEmpty, "\(verb.name) has no example")
      var optional = false
      for slot in verb.slots {
        XCTAssertFalse(optional && !slot.optional, "\(verb.name): required \(slot.name) after an optional slot")
        optional = optional || slot.optional
      }
      var kinds = [[VerbOption]]([verb.options])
      if let dep = verb.dependentOptions {
        XCTAssertTrue(verb.slots.contains { $0.name == dep.slot }, verb.name)
        kinds += ModelRegistry.names.map { dep.options($0) ?? [] }
      }
      for options in kinds {
        XCTAssertEqual(Set(options.map(\.name)).count, options.count, "\(verb.name): duplicate option")
        for o in options { checkDefault(o, verb.name) }
      }
      for example in verb.examples {
        let parsed = Parser.parse(example, file: "example", verbs: Verbs.byName)
        XCTAssertEqual(parsed.errors.map(\.message), [], "\(verb.name): \(example)")
        XCTAssertFalse(parsed.incomplete, example)
      }
    }
  }

  private func checkDefault(_ o: VerbOption, _ verb: String) {
    guard let d = o.defaultValue else { return }
    switch (o.type, d) {
    case (.int(let r), .number(let x)): XCTAssertTrue(x == x.rounded() && r.contains(Int(x)), "\(verb) \(o.name)")
    case (.double(let r), .number(let x)): XCTAssertTrue(r.contains(x), "\(verb) \(o.name)")
    case (.choice(let cs), .word(let w)): XCTAssertTrue(cs.contains(w), "\(verb) \(o.name)")
    case (.bool, .bool), (.number, .number), (.string, .string), (.path, .string), (.list, .list): break
    default: XCTFail("\(verb) \(o.name): default \(d.summary) does not fit \(o.type.description)")
    }
  }

  func testHelpForAVerbWhole() {
    let s = Session()
    XCTAssertEqual(mkRun(s, "help print").out, ["""
      usage: print X [digits=N]

      write a value's display on its own line (numbers as digits alone)

      arguments:
        X  the value, or an expression (a value)

      options:
        digits=N  decimals for numbers that are not whole (a whole number in 0...17; default 4)

      examples:
        print x
        print ratings.count
        print 0.91234 digits=2
        print 1 + 2
      """])
  }

  func testHelpIndexAndKinds() {
    let s = Session()
    let index = mkRun(s, "help").out[0]
    XCTAssertTrue(index.contains("session\n  assert"), index)
    XCTAssertTrue(index.contains("models\n  blend"), index)
    XCTAssertTrue(index.contains("\n  fit "), index)
    XCTAssertEqual(mkRun(s, "help fit mean").out, mkRun(s, "help mean").out)
    XCTAssertTrue(mkRun(s, "help mean").out[0].hasPrefix("usage: fit mean DATA\n\nmean: the global mean rating"))
    assertError(mkRun(s, "help splt").errors.first, "unknown verb 'splt' (did you mean 'split'?)", at: (1, 6, 4))
    assertError(mkRun(s, "help qqqq").errors.first, "unknown verb 'qqqq'", at: (1, 6, 4))
    assertError(mkRun(s, "help fit maen").errors.first, "unknown model kind 'maen' (did you mean 'mean'?)", at: (1, 10, 4))
  }

  func testCompletions() throws {
    let s = testSession()
    s.setVariable("train", s.variable("r")!)
    s.setVariable("three", .number(3))
    func c(_ line: String) -> [String] { s.completions(line: line, cursor: line.utf8.count) }
    XCTAssertEqual(c("he"), ["head", "help"])
    XCTAssertEqual(c("tr"), ["train"])
    XCTAssertEqual(c("x = si"), ["similar", "size"])
    XCTAssertEqual(c("m = fit me"), ["mean"])
    XCTAssertEqual(c("size r b"), ["by="])
    XCTAssertEqual(c("size r by=it"), ["item"])
    // SCALE is a number: the number variable, not the ratings r and train.
    XCTAssertEqual(c("size r n=2 "), ["by=", "rate=", "three"])
    XCTAssertEqual(c("r.co"), ["count"])
    XCTAssertEqual(c("help fi"), ["fit"])
    XCTAssertEqual(c("size t"), ["train"])
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mklang-completion-\(getpid())")
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("Samples"), withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: dir.appendingPathComponent("Samples/ratings.csv").path, contents: Data())
    defer { try? FileManager.default.removeItem(at: dir) }
    s.workingDirectory = dir.path
    XCTAssertEqual(c("x = load \"Sa"), ["Samples/"])
    XCTAssertEqual(c("x = load \"Samples/ra"), ["Samples/ratings.csv"])
    XCTAssertEqual(Session.wordStart(line: "x = load \"Samples/ra", cursor: 20), 10)
    XCTAssertEqual(Session.wordStart(line: "size r by=it", cursor: 12), 10)
  }
}
