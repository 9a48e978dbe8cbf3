import XCTest
@testable import mk

/// The pure parts of the REPL: fitting the session's completions to libedit's word, and the
/// progress bar's text.
final class CompletionTests: XCTestCase {
  private func adapt(_ candidate: String, line: String) -> String? {
    // libedit's word: the bytes after the last break character.
    let before = Array(line.utf8)
    let start = before.lastIndex { LineEditor.wordBreaks.utf8.contains($0) }.map { $0 + 1 } ?? 0
    return Completion.adapt(candidate, before: before, word: Array(before[start...]))
  }

  func testACandidateForTheSameWordIsKept() {
    XCTAssertEqual(adapt("print", line: "pri"), "print")
    XCTAssertEqual(adapt("train", line: "fit als tr"), "train")
  }

  func testACandidateForALongerWordLosesTheHeadLibeditKeeps() {
    XCTAssertEqual(adapt("als.items", line: "print als.it"), "als.items")
    XCTAssertEqual(adapt("by=user", line: "split r by=us"), "user")
  }

  func testACandidateForAShorterWordKeepsLibeditsHead() {
    XCTAssertEqual(adapt("items", line: "print als.it"), "als.items")
  }

  func testAnEmptyWordTakesTheWholeCandidate() {
    XCTAssertEqual(adapt("als", line: "fit "), "als")
  }

  func testAnUnrelatedCandidateIsDropped() {
    XCTAssertNil(adapt("load", line: "fit xy"))
  }

  func testWhatFollowsASingleMatch() {
    XCTAssertEqual(Completion.suffix(for: ["train"], quoted: false), Int32(UInt8(ascii: " ")))
    XCTAssertEqual(Completion.suffix(for: ["ratings.csv"], quoted: true), Int32(UInt8(ascii: "\"")))
    XCTAssertEqual(Completion.suffix(for: ["Samples/"], quoted: true), 0)
    XCTAssertEqual(Completion.suffix(for: ["rank="], quoted: false), 0)
    XCTAssertEqual(Completion.suffix(for: ["train", "test"], quoted: false), 0)
  }

  func testTheProgressBarFitsItsWidth() {
    let line = ProgressBar.render("fitting als", 8, 15, [("train_rmse", 0.81234)],
                                  elapsed: .milliseconds(2100), width: 80)
    XCTAssertTrue(line.hasPrefix("fitting als █"), line)
    XCTAssertTrue(line.contains(" 8/15  53%  train_rmse 0.8123  2.1s"), line)
    // 7 steps left at 2.1 s per 8: 1.84 s.
    XCTAssertTrue(line.hasSuffix("  ETA 1.8s"), line)
    XCTAssertFalse(ProgressBar.render("x", 0, 15, [], elapsed: .zero, width: 80).contains("ETA"))
    XCTAssertLessThan(line.count, 80)
    XCTAssertLessThan(ProgressBar.render("fitting als", 1, 2, [], elapsed: .zero, width: 20).count, 20)
  }
}
