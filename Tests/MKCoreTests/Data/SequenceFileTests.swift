import Foundation
@testable import MKCore
import XCTest

/// `load PATH format=sequences`: 3-line (DKT) and 4-line (AKT) knowledge-tracing files.
final class SequenceFileTests: XCTestCase {
  func write(_ text: String, _ name: String) throws -> String {
    let path = try temporaryFolder(name) + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  func testThreeLineBlocksAreUnnamedStudentsWhoseIdsAreItemsAndSkills() throws {
    let path = try write("3\n5,5,7\n1,0,1\n\n2\r\n7,9\r\n0,0\r\n", "kt3.csv")
    let u = Universe()
    let (r, report) = try Ratings.loadWithReport(path: path, universe: u, format: .sequences)
    XCTAssertEqual(r.count, 5)
    XCTAssertTrue(r.isBinary)
    XCTAssertEqual((0..<5).map { u.users[r.user($0)] }, ["kt3.csv#1", "kt3.csv#1", "kt3.csv#1", "kt3.csv#2", "kt3.csv#2"])
    XCTAssertEqual((0..<5).map { u.items[r.item($0)] }, ["5", "5", "7", "7", "9"])
    XCTAssertEqual(r.values, [1, 0, 1, 0, 0])
    XCTAssertEqual(r.categoryNames, ["skill"])
    let skills = u.categories(named: "skill")
    XCTAssertEqual(r.categoryColumn(0).map { skills[$0] }, ["5", "5", "7", "7", "9"])
    XCTAssertEqual(report.students, 2)
    XCTAssertEqual(report.sequenceLines, 3)
    XCTAssertEqual(report.duplicatesDropped, 0, "the repeated attempt at 5 is kept")
    // auto recognizes the shape.
    XCTAssertEqual(try Ratings.load(path: path, universe: Universe()).count, 5)
  }

  func testFourLineBlocksNameTheirStudentAndKeepProblemsAsItems() throws {
    let path = try write("1,8001\n11,12,11\n3,4,3\n1,1,0\n2,8002\n12\n4\n0\n", "kt4.csv")
    let u = Universe()
    let r = try Ratings.load(path: path, universe: u, format: .sequences)
    XCTAssertEqual((0..<4).map { u.users[r.user($0)] }, ["8001", "8001", "8001", "8002"])
    XCTAssertEqual((0..<4).map { u.items[r.item($0)] }, ["11", "12", "11", "12"])
    let skills = u.categories(named: "skill")
    XCTAssertEqual((0..<4).map { skills[r.category(0, $0)] }, ["3", "4", "3", "4"])
    XCTAssertEqual(r.values, [1, 1, 0, 0])
    // A subset gathers its own rows of the column.
    let sub = r.subset([3, 0], name: "s")
    XCTAssertEqual(sub.categoryColumn(0).map { skills[$0] }, ["4", "3"])
    XCTAssertEqual(sub.category(0, 1), r.category(0, 0))
  }

  func testAutoLeavesShortRatingLinesToTheRatingsReader() throws {
    // Two numbers a line is not a sequence file's first block: the ratings reader says why.
    let path = try write("1,2\n3,4\n5,6\n7,8\n", "pairs.csv")
    XCTAssertFalse(SequenceFile.looksLikeOne(Array("1,2\n3,4\n5,6\n7,8\n".utf8)))
    XCTAssertTrue(SequenceFile.looksLikeOne(Array("2\n5,6\n1,0\n".utf8)))
    XCTAssertFalse(SequenceFile.looksLikeOne(Array("3\n5,6\n1,0\n".utf8)), "the count disagrees")
    let e = thrownMKError(try Ratings.load(path: path, universe: Universe()))
    XCTAssertEqual(e?.message, "line 1 has 2 fields; a rating needs user, item and rating")
  }

  func testStudentsOfTwoFilesAreNeverMerged() throws {
    let u = Universe()
    let a = try Ratings.load(path: try write("1\n5\n1\n", "a.csv"), universe: u, format: .sequences)
    let b = try Ratings.load(path: try write("1\n5\n0\n", "b.csv"), universe: u, format: .sequences)
    XCTAssertNotEqual(a.user(0), b.user(0))
    XCTAssertEqual(a.item(0), b.item(0), "items are matched by id across files")
    XCTAssertEqual(a.category(0, 0), b.category(0, 0), "and so are skills")
  }

  /// Found by fuzz-ratings: a count past UInt64 read as a number trapped in the conversion.
  func testAHugeCountIsAnErrorNotATrap() throws {
    for count in ["211111111111111111111111111111111111", "1e30", "18446744073709551616", "-3", "2.5"] {
      let path = try write("\(count)\n7,9\n0,0\n", "huge.csv")
      XCTAssertThrowsError(try Ratings.load(path: path, universe: Universe(), format: .sequences), count) { e in
        XCTAssertTrue("\(e)".contains("line 1"), "\(e)")
      }
    }
  }

  func testBadBlocksNameTheFileLineAndColumn() throws {
    func error(_ text: String) throws -> MKError? {
      let path = try write(text, "bad.csv")
      return thrownMKError(try Ratings.load(path: path, universe: Universe(), format: .sequences))
    }
    let mismatch = try error("1,7\n11,12\n3,4,5\n1,0\n")
    XCTAssertEqual(mismatch?.message, "line 3 has 3 values, but line 4 has 2 answers (block 1, line 1)")
    XCTAssertEqual(mismatch?.location?.line, 3)
    let count = try error("3\n5,6\n1,0\n")
    XCTAssertEqual(count?.message, "line 1 counts 3 attempts, but the block lists 2")
    let answer = try error("2\n5,6\n1,0\n2\n5,6\n1,2\n")
    XCTAssertEqual(answer?.message, "answer '2' (attempt 2) on line 6 is not 0 or 1")
    XCTAssertEqual(answer?.location, SourceLocation(file: answer!.location!.file, line: 6, column: 3))
    let cut = try error("2\n5,6\n1,0\n2\n5,6\n")
    XCTAssertEqual(cut?.message, "block 2 (line 4) is cut short: the file ends after 2 of its 3 lines")
    XCTAssertEqual(cut?.location?.line, 5)
    let mixed = try error("1\n5\n1\n1,9\n5\n5\n1\n")
    XCTAssertEqual(mixed?.message, "line 4 starts a 4-line block, but line 1 started a 3-line one")
    let empty = try error("\n\n")
    XCTAssertEqual(empty?.message.hasSuffix("is empty: no students"), true)
  }

  /// The published counts: AKT's assist2009_pid fold 1 (train + valid + test: 4,151
  /// students, 325,637 attempts, 16,891 problems, 110 skills, students disjoint across the
  /// three files) and DKT's skill files (4,217 students, 328,291 attempts, 124 skills).
  func testASSISTments2009LoadsWithThePublishedCounts() throws {
    let u = Universe()
    var students: [Set<Int32>] = [], attempts = 0
    for part in ["train1", "valid1", "test1"] {
      let path = try testDataPath("assist2009/assist2009_pid_\(part).csv")
      let start = Date()
      let (r, report) = try Ratings.loadWithReport(path: path, universe: u, format: .sequences)
      let seconds = Date().timeIntervalSince(start)
      print("assist2009_pid_\(part): \(report.students) students, \(r.count) attempts in \(String(format: "%.3f", seconds)) s")
      XCTAssertEqual(report.sequenceLines, 4)
      XCTAssertEqual(Set(r.userIndices).count, report.students, "one block a student")
      students.append(Set(r.userIndices))
      // 12 bytes an attempt and 4 for its skill, without unused capacity.
      XCTAssertLessThanOrEqual(r.store.bytes, r.count * 16 + r.count / 8 + 5 * 64)
      attempts += r.count
    }
    XCTAssertEqual(students[0].union(students[1]).union(students[2]).count, 4_151)
    XCTAssertEqual(students.map(\.count).reduce(0, +), 4_151, "the three files' students are disjoint")
    XCTAssertEqual(attempts, 325_637)
    XCTAssertEqual(u.categories(named: "skill").count, 110)
    XCTAssertLessThanOrEqual(u.items.count, 16_891)
    // SOURCE.md: the union of test1..5 is 4,150 students and 325,589 attempts.
    var testStudents = Set<String>(), testAttempts = 0
    for k in 1...5 {
      let r = try Ratings.load(path: try testDataPath("assist2009/assist2009_pid_test\(k).csv"), universe: u)
      testStudents.formUnion(r.userIndices.map { u.users[$0] })
      testAttempts += r.count
    }
    XCTAssertEqual(testStudents.count, 4_150)
    XCTAssertEqual(testAttempts, 325_589, "the test folds are disjoint")

    let v = Universe()
    var dkt: [Ratings] = []
    for part in ["train", "test"] {
      dkt.append(try Ratings.load(path: try testDataPath("assist2009-skills/skill_id_\(part).csv"), universe: v))
    }
    XCTAssertEqual(dkt.map(\.count).reduce(0, +), 328_291)
    XCTAssertEqual(v.users.count, 4_217)
    XCTAssertEqual(v.categories(named: "skill").count, 124)
    XCTAssertEqual(v.items.count, 124, "a 3-line file's ids are its items and its skills")
    XCTAssertEqual(v.users[dkt[1].user(0)], "skill_id_test.csv#1")
  }
}
