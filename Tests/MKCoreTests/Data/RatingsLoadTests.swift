import Foundation
import MKCore
import XCTest

final class RatingsLoadTests: XCTestCase {
  // MARK: - Shared data sets

  func testMovieLens100K() throws {
    let path = try testDataPath("ml-100k/u.data")
    let (r, report) = try Ratings.loadWithReport(path: path, universe: Universe())
    XCTAssertEqual(r.count, 100_000)
    XCTAssertEqual(Set(r.userIndices).count, 943)
    XCTAssertEqual(Set(r.itemIndices).count, 1682)
    XCTAssertEqual(r.scale, .numeric)
    XCTAssertEqual(r.range, 1...5)
    XCTAssertEqual(report.separator, .byte(9))
    XCTAssertNil(report.header)
    XCTAssertEqual(report.timeColumn, 4)
    XCTAssertEqual(report.duplicatesDropped, 0)
    // First line: 196	242	3	881250949
    XCTAssertEqual(r.universe.users[r.user(0)], "196")
    XCTAssertEqual(r.universe.items[r.item(0)], "242")
    XCTAssertEqual(r.value(0), 3)
    XCTAssertEqual(r.time(0), 881_250_949)
    XCTAssertEqual(r.values.filter { $0 == 4 }.count, 34_174)
    let times = (0..<r.count).map { r.time($0)! }
    XCTAssertEqual(times.min(), 874_724_710)
    XCTAssertEqual(times.max(), 893_286_638)
    print("ml-100k u.data: \(Double(r.store.bytes) / Double(r.count)) bytes a rating")
    XCTAssertLessThanOrEqual(r.store.bytes / r.count, 16)
  }

  func testMovieLensFoldsShareUniverse() throws {
    let u = Universe()
    let base = try Ratings.load(path: try testDataPath("ml-100k/u1.base"), universe: u, format: .ml100k)
    let test = try Ratings.load(path: try testDataPath("ml-100k/u1.test"), universe: u)
    XCTAssertEqual(base.count, 80_000)
    XCTAssertEqual(test.count, 20_000)
    XCTAssertLessThanOrEqual(u.users.count, 943)
    XCTAssertLessThanOrEqual(u.items.count, 1682)
    XCTAssertEqual(test.universe.users[test.user(0)], "1")
    XCTAssertEqual(u.users.lookup("1"), test.user(0))
  }

  func testMangakiSeedWords() throws {
    let (r, report) = try Ratings.loadWithReport(
      path: try testDataPath("mangaki-seed/ratings.csv"), universe: Universe())
    XCTAssertEqual(r.count, 187)
    XCTAssertEqual(r.scale, .mangakiWords)
    XCTAssertEqual(report.header, ["user_id", "work_id", "choice", "date"])
    XCTAssertEqual(report.timeColumn, 4)
    XCTAssertEqual(r.values.filter { $0 == 2 }.count, 104)       // like
    XCTAssertEqual(r.values.filter { $0 == 4 }.count, 13)        // favorite
    XCTAssertEqual(r.values.filter { $0 == -2 }.count, 7)        // dislike
    XCTAssertEqual(r.values.filter { $0 == Float(0.1) }.count, 32)
    XCTAssertEqual(Set(r.userIndices).count, 26)
    XCTAssertEqual(Set(r.itemIndices).count, 10)
    XCTAssertEqual(r.time(0), 1_460_160_000)  // 2016-04-09T00:00:00Z
  }

  func testFractionSubtractionIsBinary() throws {
    let r = try Ratings.load(path: try testDataPath("fraction-subtraction/needed.csv"), universe: Universe())
    XCTAssertEqual(r.count, 10_720)
    XCTAssertEqual(r.scale, .binary)
    XCTAssertEqual(r.values.filter { $0 == 1 }.count, 5723)
  }

  func testMangakiMovieLensBinaryCRLF() throws {
    let r = try Ratings.load(path: try testDataPath("mangaki-movielens-binary/ratings-ml.csv"), universe: Universe())
    XCTAssertEqual(r.count, 99_855)
    XCTAssertEqual(r.values.filter { $0 == -1 }.count, 13_966)
  }

  // MARK: - Hostile files

  func load(_ text: String, _ name: String = "r.csv", universe: Universe = Universe(),
            header: Bool? = nil) throws -> (Ratings, Ratings.LoadReport) {
    let path = try write(Array(text.utf8), name)
    return try Ratings.loadWithReport(path: path, universe: universe, header: header)
  }

  func write(_ bytes: [UInt8], _ name: String) throws -> String {
    let dir = try temporaryFolder()
    let path = dir + "/" + name
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  func assertDataError(_ text: String, line: Int, contains words: [String],
                       file: StaticString = #filePath, fileLine: UInt = #line) {
    XCTAssertThrowsError(try load(text), file: file, line: fileLine) { e in
      guard let e = e as? MKError else { return XCTFail("not an MKError: \(e)", file: file, line: fileLine) }
      XCTAssertEqual(e.location?.line, line, "\(e)", file: file, line: fileLine)
      XCTAssertTrue(e.location?.file.hasSuffix("r.csv") ?? false, "\(e)", file: file, line: fileLine)
      XCTAssertNotNil(e.hint, file: file, line: fileLine)
      for w in words { XCTAssertTrue(e.description.contains(w), "'\(w)' not in \(e)", file: file, line: fileLine) }
    }
  }

  func testRaggedRow() {
    assertDataError("user,item,rating\n1,2,3\n1,3\n", line: 3, contains: ["line 3", "2 fields", "expected 3"])
  }

  func testEmptyFile() {
    assertDataError("", line: 1, contains: ["empty"])
    assertDataError("\n\n  \n", line: 1, contains: ["empty"])
  }

  func testHeaderOnly() {
    assertDataError("user,item,rating\n", line: 1, contains: ["header but no ratings"])
  }

  func testNonNumericRating() {
    assertDataError("user,item,rating\n1,2,3\n1,3,great\n", line: 3, contains: ["'great'", "line 3", "Mangaki word"])
  }

  func testMixedNumbersAndWords() {
    assertDataError("user,item,rating\n1,2,like\n1,3,4\n", line: 3, contains: ["line 2"])
  }

  func testBinaryMustBeZeroOrOne() {
    assertDataError("user,item,correct\n1,2,1\n1,3,2\n", line: 3, contains: ["0 or 1", "'2'"])
  }

  func testBadTime() {
    assertDataError("user,item,rating,date\n1,2,1,2016-04-09\n1,3,2,yesterday\n", line: 3, contains: ["'yesterday'"])
  }

  func testMissingFile() {
    XCTAssertThrowsError(try Ratings.load(path: "/no/such/ratings.csv", universe: Universe())) { e in
      let e = e as! MKError
      XCTAssertTrue(e.message.contains("cannot find '/no/such/ratings.csv'"), "\(e)")
      XCTAssertTrue(e.hint?.contains("check the path") ?? false)
    }
  }

  func testBOMAndCRLFAndMissingFinalNewline() throws {
    let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("userId,movieId,rating\r\n7,10,4.5\r\n\r\n8,10,1".utf8)
    let path = try write(bytes, "bom.csv")
    let (r, report) = try Ratings.loadWithReport(path: path, universe: Universe())
    XCTAssertEqual(report.header, ["userId", "movieId", "rating"])
    XCTAssertEqual(r.count, 2)
    XCTAssertEqual(r.universe.users[r.user(0)], "7")
    XCTAssertEqual(r.universe.items[r.item(1)], "10")
    XCTAssertEqual(r.values, [4.5, 1])
    XCTAssertEqual(report.blankLinesSkipped, 1)
  }

  func testLatin1Ids() throws {
    let bytes: [UInt8] = Array("user;item;score\n".utf8) + [0x4A, 0xE9, 0x72, 0xF4, 0x6D, 0x65]
      + Array(";Caf".utf8) + [0xE9] + Array(";3\n".utf8)
    let path = try write(bytes, "latin.csv")
    let r = try Ratings.load(path: path, universe: Universe())
    XCTAssertEqual(r.universe.users[r.user(0)], "Jérôme")
    XCTAssertEqual(r.universe.items[r.item(0)], "Café")
  }

  func testUTF8Ids() throws {
    let (r, _) = try load("user|item|rating\nJérôme|Cité|2\n")
    XCTAssertEqual(r.universe.users[r.user(0)], "Jérôme")
    XCTAssertEqual(r.universe.items[r.item(0)], "Cité")
  }

  func testQuotedFields() throws {
    let (r, _) = try load("user,work,rating\n\"Smith, J.\",\"Say \"\"hi\"\"\",like\n\"a\",b,\"dislike\"\n")
    XCTAssertEqual(r.count, 2)
    XCTAssertEqual(r.universe.users[r.user(0)], "Smith, J.")
    XCTAssertEqual(r.universe.items[r.item(0)], "Say \"hi\"")
    XCTAssertEqual(r.values, [2, -2])
    XCTAssertEqual(r.scale, .mangakiWords)
  }

  func testQuotedNewlineKeepsLineNumbers() {
    assertDataError("user,item,rating\n\"multi\nline\",2,3\n1,3,bad\n", line: 4, contains: ["'bad'", "line 4"])
  }

  func testDuplicatesKeepLast() throws {
    let (r, report) = try load("1,2,3\n1,3,4\n1,2,5\n2,2,1\n1,2,2\n")
    XCTAssertEqual(report.rowsRead, 5)
    XCTAssertEqual(report.duplicatesDropped, 2)
    XCTAssertEqual(r.count, 3)
    XCTAssertEqual(r.values, [4, 1, 2])  // file order, the last (1,2) kept
    XCTAssertLessThanOrEqual(r.store.user.capacity, 3 + 16)
  }

  func testHeaderlessWhitespaceWithTime() throws {
    let (r, report) = try load("u1  i1  3.5  2016-04-09\nu2  i1  -1  2016-04-10T12:00:00Z\n")
    XCTAssertEqual(report.separator, .whitespace)
    XCTAssertEqual(r.count, 2)
    XCTAssertEqual(r.values, [3.5, -1])
    XCTAssertEqual(r.time(1)! - r.time(0)!, 86_400 + 43_200)
  }

  func testExplicitColumns() throws {
    let path = try write(Array("rid,who,what,stars\n1,a,x,5\n2,b,y,4\n".utf8), "cols.csv")
    let r = try Ratings.load(path: path, universe: Universe(), userColumn: "who", itemColumn: "3", ratingColumn: "stars")
    XCTAssertEqual(r.universe.users[r.user(1)], "b")
    XCTAssertEqual(r.universe.items[r.item(1)], "y")
    XCTAssertEqual(r.values, [5, 4])
    XCTAssertThrowsError(try Ratings.load(path: path, universe: Universe(), userColumn: "nobody")) { e in
      XCTAssertTrue("\(e)".contains("no column 'nobody'"), "\(e)")
    }
  }

  func testIdsMatchAcrossFiles() throws {
    let u = Universe()
    let (a, _) = try load("x,1,1\ny,2,1\n", universe: u)
    let (b, _) = try load("y,2,5\nz,1,2\n", universe: u)
    XCTAssertEqual(a.user(1), b.user(0))
    XCTAssertEqual(a.item(0), b.item(1))
    XCTAssertEqual(u.users.count, 3)
  }

  func testHelpMentionsPolicy() {
    XCTAssertTrue(Ratings.loadPolicyHelp.contains("LAST"))
  }
}
