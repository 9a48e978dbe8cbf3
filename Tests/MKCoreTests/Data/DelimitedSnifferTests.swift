import XCTest
@testable import MKCore

/// The separator and header guesses of `DelimitedSniffer`, on bytes, without files.
final class DelimitedSnifferTests: XCTestCase {
  private func separator(_ text: String) throws -> FieldSeparator {
    try DelimitedSniffer.separator(Array(text.utf8), file: "s.csv")
  }

  func testSeparatorSeenTheSameNumberOfTimesOnEveryLine() throws {
    XCTAssertEqual(try separator("196\t242\t3\t881250949\n186\t302\t3\t891717742\n"), .byte(9))
    XCTAssertEqual(try separator("user;item;rating\n1;2;3\n"), .byte(59))
    XCTAssertEqual(try separator("user|item|rating\n1|2|3\n"), .byte(124))
    // Commas inside quotes are not separators: semicolon is the one that is regular.
    XCTAssertEqual(try separator("\"a,b\";x;1\n\"c\";y;2\n"), .byte(59))
  }

  func testSeparatorFallsBackToWhitespaceThenToAnyCandidate() throws {
    XCTAssertEqual(try separator("u1  i1  3.5\nu2 i2 4\n"), .whitespace)
    // Comma counts differ between lines and tokens too: the first candidate on line 1 wins.
    XCTAssertEqual(try separator("a,b,c\nd,e\n"), .byte(44))
  }

  func testSeparatorSkipsBOMAndBlankLines() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("\n  \nuser,item,rating\r\n1,2,3\r\n".utf8)
    XCTAssertEqual(try DelimitedSniffer.separator(bytes, file: "s.csv"), .byte(44))
  }

  func testSeparatorErrors() {
    let empty = thrownMKError(try separator("\n \n"))
    XCTAssertEqual(empty?.message, "'s.csv' is empty: no ratings")
    XCTAssertEqual(empty?.location?.line, 1)
    let single = thrownMKError(try separator("onlyone\nfield\n"))
    XCTAssertEqual(single?.message, "cannot tell how the fields of the first line are separated")
    XCTAssertNotNil(single?.hint)
  }

  func testHeaderGuess() {
    let known = RatingColumns.knownNames
    XCTAssertTrue(DelimitedSniffer.looksLikeHeader(["user_id", "work_id", "choice", "date"], nil, knownNames: known))
    XCTAssertTrue(DelimitedSniffer.looksLikeHeader(["userId", "movieId", "Rating"], ["1", "2", "3"], knownNames: known))
    // Unknown names over numbers: a header.
    XCTAssertTrue(DelimitedSniffer.looksLikeHeader(["who", "what", "stars"], ["a", "x", "5"], knownNames: known))
    // All numbers: data.
    XCTAssertFalse(DelimitedSniffer.looksLikeHeader(["196", "242", "3"], ["186", "302", "3"], knownNames: known))
    // Names over names, none known: data (ids may be words).
    XCTAssertFalse(DelimitedSniffer.looksLikeHeader(["alice", "dune", "like"], ["bob", "dune", "dislike"], knownNames: known))
    // A second line of another width says nothing.
    XCTAssertFalse(DelimitedSniffer.looksLikeHeader(["who", "what", "stars"], ["a", "5"], knownNames: known))
  }

  func testTextsOfNextRecordDoesNotMoveTheReader() {
    let (reader, _) = firstRecord("who,what\n\"a, b\",x\n")
    XCTAssertEqual(DelimitedSniffer.textsOfNextRecord(reader), ["a, b", "x"])
    XCTAssertEqual(reader.line, 1)
    let (last, _) = firstRecord("who,what\n")
    XCTAssertNil(DelimitedSniffer.textsOfNextRecord(last))
  }
}
