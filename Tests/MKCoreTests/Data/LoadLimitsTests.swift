import Foundation
@testable import MKCore
import XCTest

/// The loaders against careless and hostile files: stated size limits, fields quoted short and
/// escaped in messages, CR-only line endings, two roles on one column, and u.item's shape.
final class LoadLimitsTests: XCTestCase {
  // MARK: - Helpers

  private func write(_ bytes: [UInt8], _ name: String = "r.csv") throws -> String {
    let dir = try temporaryFolder()
    addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  private func write(_ text: String, _ name: String = "r.csv") throws -> String {
    try write(Array(text.utf8), name)
  }

  /// The `MKError` that loading `path` as ratings throws, with its line checked.
  private func ratingsError(_ path: String, line: Int, userColumn: String? = nil, itemColumn: String? = nil,
                            ratingColumn: String? = nil, timeColumn: String? = nil,
                            file: StaticString = #filePath, fileLine: UInt = #line) -> MKError? {
    let e = thrownMKError(try Ratings.load(path: path, universe: Universe(), userColumn: userColumn,
                                           itemColumn: itemColumn, ratingColumn: ratingColumn, timeColumn: timeColumn),
                          file: file, line: fileLine)
    XCTAssertEqual(e?.location?.line, line, "\(String(describing: e))", file: file, line: fileLine)
    XCTAssertEqual(e?.location?.file, path, file: file, line: fileLine)
    return e
  }

  // MARK: - Limits

  func testAFieldOver64KiBIsAnErrorThatQuotesItShort() throws {
    let big = String(repeating: "x", count: 70_000)
    let path = try write("user,item,rating\n1,2,3\n1,\(big),4\n")
    let e = ratingsError(path, line: 3)
    let text = e.map { "\($0)" } ?? ""
    XCTAssertTrue(text.contains("field 2 on line 3"), text)
    XCTAssertTrue(text.contains("64 KiB"), text)
    XCTAssertLessThan(text.count, 600, "the field is not quoted whole")
  }

  func testAnUnclosedQuoteIsAFieldError() throws {
    // An unclosed quote makes the rest of the file (here 1 MiB) one field.
    var bytes = Array("user,item,rating\n1,\"".utf8)
    bytes += [UInt8](repeating: 65, count: 1 << 20)
    let path = try write(bytes)
    let e = ratingsError(path, line: 2)
    XCTAssertTrue(e?.message.contains("1 MiB long ('AAAA") ?? false, "\(String(describing: e))")
    XCTAssertTrue(e?.hint?.contains("unclosed") ?? false)
    XCTAssertLessThan(e?.description.count ?? .max, 600, "the field is not quoted whole")
  }

  func testTheLimitsAreSixteenMiBALineAndSixtyFourKiBAField() throws {
    XCTAssertEqual(DelimitedReader.maxRecordBytes, 16 << 20)
    XCTAssertEqual(DelimitedReader.maxFieldBytes, 64 << 10)
    // The record limit, with smaller limits: fields under theirs, the line over its.
    let text = "1,2,3\n" + Array(repeating: String(repeating: "7", count: 90), count: 20).joined(separator: ",") + "\n1,2\n"
    var reader = DelimitedReader(bytes: Array(text.utf8), separator: .byte(44), file: "r.csv")
    reader.recordLimit = 1_000
    reader.fieldLimit = 100
    var fields: [FieldSpan] = []
    XCTAssertTrue(try reader.next(&fields))
    let e = thrownMKError(try reader.next(&fields))
    XCTAssertEqual(e?.location?.line, 2)
    XCTAssertTrue(e?.message.contains("line 2 is 2 KiB long; mk reads lines of at most 1000 bytes") ?? false,
                  "\(String(describing: e))")
    XCTAssertTrue(try reader.next(&fields), "the reader goes on after the long record")
    XCTAssertEqual(DelimitedReader.size(16 << 20), "16 MiB")
  }

  func testManyFieldsOfAnASSISTmentsLineStayFine() throws {
    // An ASSISTments sequence line: about 6 KB in 1,146 fields.
    let extra = (0..<1_143).map { _ in "0" }.joined(separator: ",")
    var text = "user,item,rating," + (0..<1_143).map { "c\($0)" }.joined(separator: ",") + "\n"
    for u in 0..<5 { text += "\(u),\(u + 1),1,\(extra)\n" }
    let r = try Ratings.load(path: try write(text), universe: Universe())
    XCTAssertEqual(r.count, 5)
  }

  // MARK: - Messages

  func testControlCharactersOfABadFieldAreEscaped() throws {
    let path = try write("user,item,rating\n1,2,3\n1,3,\u{1B}[31mred\u{07}\n")
    let e = ratingsError(path, line: 3)
    let text = e.map { "\($0)" } ?? ""
    XCTAssertFalse(text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 7 }, text)
    XCTAssertTrue(text.contains("\\u{1B}[31mred\\u{7}"), text)
  }

  func testShownTextCutsAndEscapes() {
    XCTAssertEqual(ShownText.shown("a\tb\nc\u{9B}\u{202E}"), "a\\tb\\nc\\u{9B}\\u{202E}")
    let long = String(repeating: "é", count: 500)
    let s = ShownText.shown(Array(long.utf8), 0, long.utf8.count)
    XCTAssertEqual(s, String(repeating: "é", count: 80) + "…")
    XCTAssertEqual(ShownText.shown(Array("short".utf8), 0, 5), "short")
  }

  func testHeaderNamesInAMessageAreEscaped() throws {
    let path = try write("user,item,\u{1B}]0;owned\u{07}\n1,2,3\n")
    let e = thrownMKError(try Ratings.load(path: path, universe: Universe(), ratingColumn: "nope"))
    let text = e.map { "\($0)" } ?? ""
    XCTAssertFalse(text.unicodeScalars.contains { $0.value == 0x1B }, text)
    XCTAssertTrue(text.contains("\\u{1B}]0;owned"), text)
  }

  func testTheLoadReportEscapesHeaderNames() throws {
    let path = try write("user,item,\u{1B}[2Jscore\n1,2,3\n")
    let report = try Ratings.loadWithReport(path: path, universe: Universe(), ratingColumn: "3").report
    XCTAssertTrue(report.description.contains("rating=\\u{1B}[2Jscore"), report.description)
  }

  // MARK: - Line endings

  func testCROnlyLineEndingsAreLines() throws {
    let path = try write("user,item,rating\r1,2,3\r1,3,4\r2,2,5\r")
    let r = try Ratings.load(path: path, universe: Universe())
    XCTAssertEqual(r.count, 3)
    let bad = try write("user,item,rating\r1,2,3\r1,3,x\r")
    _ = ratingsError(bad, line: 3)
  }

  func testLineFeedsKeepCRLFAndMendLoneCRs() {
    XCTAssertEqual(withLineFeeds(Array("a\r\nb\rc\r".utf8)), Array("a\r\nb\nc\n".utf8))
    XCTAssertEqual(withLineFeeds(Array("a\nb\r\n".utf8)), Array("a\nb\r\n".utf8))
    XCTAssertEqual(withLineFeeds([]), [])
  }

  // MARK: - Column roles

  func testTwoRolesOnOneColumnAreRefused() throws {
    let path = try write("user,item,rating\n1,2,3\n1,3,4\n2,2,5\n")
    let e = ratingsError(path, line: 1, userColumn: "1", itemColumn: "1", ratingColumn: "1")
    XCTAssertTrue(e?.message.contains("user= and item= both name column 1 ('user')") ?? false, "\(String(describing: e))")
    // Without header, item is column 2 by position: user=2 would read every rating as user = item.
    let plain = try write("1,2,3\n1,3,4\n")
    let p = ratingsError(plain, line: 1, userColumn: "2")
    XCTAssertTrue(p?.message.contains("item (by position)") ?? false, "\(String(describing: p))")
    XCTAssertTrue(p?.hint?.contains("item=COL") ?? false)
    let t = ratingsError(path, line: 1, timeColumn: "rating")
    XCTAssertTrue(t?.message.contains("rating (by name) and time= both name column 3") ?? false, "\(String(describing: t))")
    // Different columns in any order are fine.
    let r = try Ratings.load(path: path, universe: Universe(), userColumn: "2", itemColumn: "1")
    XCTAssertEqual(r.count, 3)
  }

  // MARK: - MovieLens u.item

  private let toyStory = "1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|"
  private func flags(_ values: [Int]) -> String { values.map(String.init).joined(separator: "|") }

  func testUItemWithFiveGenreColumnsMissingIsAnError() throws {
    let f = flags([0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0])
    let path = try write(toyStory + f + "\n2|GoldenEye (1995)|01-Jan-1995||http://x|" + f + "\n", "u.item")
    let e = thrownMKError(try Items.load(path: path, universe: Universe()))
    XCTAssertEqual(e?.location?.line, 1)
    XCTAssertTrue(e?.message.contains("14 genre flags") ?? false, "\(String(describing: e))")
    XCTAssertTrue(e?.message.contains("19") ?? false, "\(String(describing: e))")
  }

  func testUItemWithAFlagOfSevenIsAnError() throws {
    var v = [Int](repeating: 0, count: 19)
    v[3] = 7
    let ok = flags([Int](repeating: 0, count: 19))
    for (first, line) in [(flags(v), 1), (ok, 2)] {
      let second = line == 1 ? ok : flags(v)
      let path = try write(toyStory + first + "\n2|GoldenEye (1995)|01-Jan-1995||http://x|" + second + "\n", "u.item")
      let e = thrownMKError(try Items.load(path: path, universe: Universe()))
      XCTAssertEqual(e?.location?.line, line, "\(String(describing: e))")
      XCTAssertTrue(e?.message.contains("genre flag '7' (Animation)") ?? false, "\(String(describing: e))")
    }
  }

  func testUItemTakesTheGenreCountOfUGenre() throws {
    let path = try write(toyStory + "0|1|1\n", "u.item")
    try "none|0\nfun|1\nsad|2\n\n".write(toFile: (path as NSString).deletingLastPathComponent + "/u.genre",
                                       atomically: true, encoding: .utf8)
    let u = Universe()
    let items = try Items.load(path: path, universe: u)
    XCTAssertEqual(items.tagNames, ["none", "fun", "sad"])
    XCTAssertEqual(items.tagList(u.items.lookup("1")!), ["fun", "sad"])
  }
}
