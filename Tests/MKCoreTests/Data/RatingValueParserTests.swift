import XCTest
@testable import MKCore

/// Value parsing of the ratings loader: numbers, Mangaki words, 0/1 outcomes, times, features.
final class RatingValueParserTests: XCTestCase {
  /// Parses field `column` of each line of `lines` as a rating, line numbers from 1.
  private func ratings(_ lines: [String], binary: Bool = false) throws -> ([Float], Ratings.Scale) {
    var parser = RatingValueParser(file: "r.csv", binary: binary)
    var out: [Float] = []
    for (k, text) in lines.enumerated() {
      let (reader, fields) = firstRecord(text)
      out.append(try parser.rating(fields[0], in: reader, line: k + 1))
    }
    return (out, parser.scale)
  }

  func testNumbersAndWords() throws {
    let (numbers, numeric) = try ratings(["4.5", "-1", "3e0"])
    XCTAssertEqual(numbers, [4.5, -1, 3])
    XCTAssertEqual(numeric, .numeric)
    let (words, scale) = try ratings(["like", "LOVE", "Favorite", "wontsee"])
    XCTAssertEqual(words, [2, 4, 4, -0.5])
    XCTAssertEqual(scale, .mangakiWords)
  }

  func testAFileKeepsToOneKindOfRating() {
    let e = thrownMKError(try ratings(["1", "2", "like"]))
    XCTAssertEqual(e?.message, "rating 'like' on line 3 is a Mangaki word, but line 1 used a number")
    XCTAssertEqual(e?.location?.line, 3)
    XCTAssertEqual(thrownMKError(try ratings(["dislike", "4"]))?.message,
                   "rating '4' on line 2 is a number, but line 1 used a Mangaki word")
    XCTAssertEqual(thrownMKError(try ratings(["great"]))?.message,
                   "rating 'great' on line 1 is not a number nor a Mangaki word")
    XCTAssertEqual(thrownMKError(try ratings(["1e39"]))?.message,
                   "rating '1e39' on line 1 is too large: ratings are stored as 32-bit floats")
  }

  func testCorrectIsZeroOrOne() throws {
    let (values, scale) = try ratings(["0", "1", "1"], binary: true)
    XCTAssertEqual(values, [0, 1, 1])
    XCTAssertEqual(scale, .binary)
    XCTAssertEqual(thrownMKError(try ratings(["1", "2"], binary: true))?.message,
                   "'correct' must be 0 or 1, found '2' on line 2")
    // Words are not outcomes.
    XCTAssertEqual(thrownMKError(try ratings(["like"], binary: true))?.hint, "a column named correct holds 0/1 outcomes")
  }

  func testTimesAreSecondsFromTheFirstTime() throws {
    var parser = RatingValueParser(file: "r.csv", binary: false)
    var out: [Int32] = []
    for (k, text) in ["2016-04-09", "1460246400", "2016-04-09T13:59:48Z"].enumerated() {
      let (reader, fields) = firstRecord(text)
      out.append(try parser.time(fields[0], in: reader, line: k + 1))
    }
    XCTAssertEqual(parser.timeBase, 1_460_160_000)
    XCTAssertEqual(out, [0, 86_400, 13 * 3600 + 59 * 60 + 48])
    let (far, farFields) = firstRecord("2100-01-01")
    XCTAssertEqual(thrownMKError(try parser.time(farFields[0], in: far, line: 4))?.message,
                   "time on line 4 is more than 68 years away from the time on line 1")
    let (bad, badFields) = firstRecord("yesterday")
    XCTAssertEqual(thrownMKError(try parser.time(badFields[0], in: bad, line: 5))?.message,
                   "time 'yesterday' on line 5 is neither Unix seconds nor an ISO-8601 date")
  }

  func testFeaturesAreNumbers() throws {
    let parser = RatingValueParser(file: "r.csv", binary: false)
    let (reader, fields) = firstRecord("31,,old")
    XCTAssertEqual(try parser.feature(fields[0], named: "age", in: reader, line: 2), 31)
    XCTAssertEqual(thrownMKError(try parser.feature(fields[1], named: "age", in: reader, line: 2))?.message,
                   "empty value for feature 'age' on line 2")
    XCTAssertEqual(thrownMKError(try parser.feature(fields[2], named: "age", in: reader, line: 2))?.message,
                   "feature 'age' is 'old' on line 2, not a number")
  }
}
