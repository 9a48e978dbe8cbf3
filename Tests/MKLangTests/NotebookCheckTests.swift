import Foundation
import MKCore
@testable import MKLang
import XCTest

/// The whole-text check before anything runs (`Checker`), the habits the parser reads
/// (`time`, `exit`, `?VERB`) and environment variables in paths.
final class NotebookCheckTests: XCTestCase {
  /// A kind typo on one line, an option typo on another and a bad choice on a third: all
  /// three are reported, in source order, and nothing ran (no output, no variable set).
  func testEveryKindOptionAndChoiceErrorIsReportedBeforeAnythingRuns() {
    let s = Session()
    let source = """
      print 1
      r = generate users=20 items=10 ratings=100 seed=1
      m = fit alss r
      m2 = fit als r rnak=3
      train, test = split r by=usr
      cv als r folds=3 rank=[2, 3] lamda=0.1
      print (rmse (fit sgdd r) r)
      """
    let (out, errors) = mkRun(s, source)
    XCTAssertEqual(out, [], "nothing ran")
    XCTAssertNil(s.variable("r"), "nothing ran")
    XCTAssertEqual(errors.map(\.message), [
      "unknown model kind 'alss' (did you mean 'als'?)",
      "unknown option 'rnak' for fit als (did you mean 'rank'?)",
      "by=usr is not one of random, user, item, time (did you mean 'user'?)",
      "unknown option 'lamda' for cv als (did you mean 'lambda'?)",
      "unknown model kind 'sgdd' (did you mean 'sgd'?)",
    ])
    XCTAssertEqual(errors.map { $0.location!.line }, [3, 4, 5, 6, 7])
    XCTAssertEqual(errors.map { $0.location!.column }, [9, 16, 26, 30, 18])
  }

  /// The check and the binder (reached through a variable the check cannot see into) give
  /// the same messages: the check adds no second wording.
  func testTheCheckSaysWhatTheBinderSays() {
    let pairs = [("m = fit alss r", "k = \"alss\"\nm = fit k r"),
                 ("a, b = split r by=usr", "w = \"usr\"\na, b = split r by=w")]
    for (direct, indirect) in pairs {
      let checked = testSession().check(direct, file: "t.mk").errors
      XCTAssertEqual(checked.count, 1, direct)
      XCTAssertEqual(testSession().check(indirect, file: "t.mk").errors.count, 0, indirect)
      let bound = error(testSession(), indirect)
      XCTAssertEqual(checked.first?.message, bound?.message, direct)
      XCTAssertEqual(bound?.location?.line, 2)
    }
  }

  /// A variable in a fixed-choice slot is left to the binder; a variable's value is not known
  /// before it runs, and neither are the options of a kind it names.
  func testVariablesInChoiceSlotsAreNotFlagged() {
    let s = Session()
    let (out, errors) = mkRun(s, """
      r = generate users=20 items=10 ratings=100 seed=1
      k = "als"
      m = fit k r rank=2 iters=1
      print m.kind
      """)
    XCTAssertEqual(errors.map(\.message), [])
    XCTAssertEqual(out, ["als"])
    // A later assignment does not make an earlier use a variable.
    let late = Session().check("m = fit kk r\nkk = 1\n", file: "t.mk").errors
    XCTAssertEqual(late.count, 1)
    XCTAssertTrue(late.first?.message.hasPrefix("unknown model kind 'kk'") == true, "\(late)")
  }

  /// `time STATEMENT` runs the statement (its assignment happens) and then shows a wall time
  /// at least as long as the fit it timed took by the model's own clock.
  func testTimeRunsTheStatementAndShowsItsWallTime() throws {
    let s = Session()
    let (out, errors) = mkRun(s, """
      r = generate users=300 items=200 ratings=20000 seed=1
      time m = fit als r rank=8 iters=3
      print m.seconds digits=6
      """)
    XCTAssertEqual(errors.map(\.message), [])
    XCTAssertEqual(out.count, 2, "\(out)")
    let shown = try XCTUnwrap(out.first)
    XCTAssertTrue(shown.hasPrefix("wall time: ") && shown.hasSuffix(" s"), shown)
    let wall = try XCTUnwrap(Double(shown.dropFirst("wall time: ".count).dropLast(2)))
    let fit = try XCTUnwrap(Double(out[1]))
    XCTAssertGreaterThan(fit, 0)
    XCTAssertGreaterThanOrEqual(wall + 0.0005, fit, "the wall time covers the fit (rounded to 1 ms)")
    if case .model? = s.variable("m") {} else { XCTFail("time m = … assigns m") }
    // A displayed result shows before its time.
    let (shownFirst, _) = mkRun(s, "time 1 + 2")
    XCTAssertEqual(shownFirst.first, "3")
    XCTAssertTrue(shownFirst.last?.hasPrefix("wall time: ") == true)
  }

  func testExitStopsTheTextAndMarksTheSession() {
    let s = Session()
    let (out, errors) = mkRun(s, "print 1\nquit\nprint 2\n")
    XCTAssertEqual(out, ["1"])
    XCTAssertEqual(errors.map(\.message), [])
    XCTAssertTrue(s.exited)
    // exit with an argument is no exit: it is an unknown verb.
    XCTAssertEqual(Session().check("exit 0", file: "t.mk").errors.first?.message.hasPrefix("unknown verb 'exit'"), true)
  }

  func testHelpShortcutsAreHelp() {
    let help = mkRun(Session(), "help fit als").out
    XCTAssertFalse(help.isEmpty)
    XCTAssertEqual(mkRun(Session(), "?fit als").out, help)
    XCTAssertEqual(mkRun(Session(), "fit als?").out, help)
    XCTAssertEqual(mkRun(Session(), "?").out, mkRun(Session(), "help").out)
  }

  func testEnvironmentVariablesInPaths() throws {
    let env = ["MK_DATA": "/data/sets", "X_1": "a"]
    XCTAssertEqual(try Session.expandingVariables("$MK_DATA/ml-100k/u.data", environment: env), "/data/sets/ml-100k/u.data")
    XCTAssertEqual(try Session.expandingVariables("${MK_DATA}/u.data", environment: env), "/data/sets/u.data")
    XCTAssertEqual(try Session.expandingVariables("${X_1}b/$X_1.csv", environment: env), "ab/a.csv")
    XCTAssertEqual(try Session.expandingVariables("cost$ and $5", environment: env), "cost$ and $5")
    XCTAssertThrowsError(try Session.expandingVariables("$NOPE/u.data", environment: env)) { e in
      XCTAssertEqual((e as? MKError)?.message, "the environment variable NOPE in the path '$NOPE/u.data' is not set")
    }
    XCTAssertThrowsError(try Session.expandingVariables("${MK_DATA/u.data", environment: env))
    // Through load: the error points at the path.
    setenv("MK_TEST_UNSET_VARIABLE_X", "", 1)
    unsetenv("MK_TEST_UNSET_VARIABLE_X")
    let e = error(Session(), "r = load \"$MK_TEST_UNSET_VARIABLE_X/u.data\"")
    XCTAssertEqual(e?.location?.column, 10)
    XCTAssertTrue(e?.hint?.contains("export MK_TEST_UNSET_VARIABLE_X=") == true, e?.hint ?? "")
    // And a set one is read.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mk-env-\(UUID())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try "user,item,rating\na,x,4\nb,y,2\n".write(to: dir.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
    setenv("MK_TEST_DATA_DIR", dir.path, 1)
    defer { unsetenv("MK_TEST_DATA_DIR") }
    let (out, errors) = mkRun(Session(), "r = load \"${MK_TEST_DATA_DIR}/r.csv\"\nprint r.count")
    XCTAssertEqual(errors.map(\.message), [])
    XCTAssertEqual(out, ["2"])
  }
}
