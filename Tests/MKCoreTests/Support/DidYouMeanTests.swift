import MKCore
import XCTest

/// The one shape of "unknown X (did you mean …)" errors.
final class DidYouMeanTests: XCTestCase {
  private let kinds = ["mean", "als", "sgd"]

  func testASuggestionFollowsTheMessageAndDropsTheListHint() {
    let e = MKError.unknown("option", "rnak", among: ["rank", "lambda"], for: "fit als", listHint: "fit als takes: rank, lambda")
    XCTAssertEqual(e.message, "unknown option 'rnak' for fit als (did you mean 'rank'?)")
    XCTAssertEqual(e.kind, .name)
    XCTAssertNil(e.hint)
  }

  func testWithoutASuggestionTheListHintShows() {
    let e = MKError.unknown("model kind", "qqqq", among: kinds, listHint: "kinds: mean, als, sgd")
    XCTAssertEqual(e.message, "unknown model kind 'qqqq'")
    XCTAssertEqual(e.hint, "kinds: mean, als, sgd")
  }

  func testAHintShowsEitherWay() {
    let loc = SourceLocation(file: "t.mk", line: 2, column: 5, length: 3)
    let e = MKError.notAmong("no tag 'scifi' in works", "scifi", among: ["sci-fi", "drama"], kind: .name, at: loc,
                             hint: "titles must match exactly")
    XCTAssertEqual(e.message, "no tag 'scifi' in works (did you mean 'sci-fi'?)")
    XCTAssertEqual(e.hint, "titles must match exactly")
    XCTAssertEqual(e.location, loc)
  }

  func testTheSuggestionCanBeTheHint() {
    let e = MKError.unknown("model kind", "sdg", among: kinds, listHint: "kinds: mean, als, sgd", suggestion: .hint)
    XCTAssertEqual(e.message, "unknown model kind 'sdg'")
    XCTAssertEqual(e.hint, "did you mean 'sgd'?")
    let none = MKError.notAmong("by=qqqq is not one of random, user", "qqqq", among: ["random", "user"], kind: .value,
                                suggestion: .hint)
    XCTAssertEqual(none.kind, .value)
    XCTAssertNil(none.hint)
  }
}
