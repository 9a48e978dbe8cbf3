import Foundation
import MKCore
import XCTest

final class SplitTests: XCTestCase {
  nonisolated(unsafe) static var cached: Ratings?

  /// ml-100k u.data, loaded once for the whole class.
  func data() throws -> Ratings {
    if let r = SplitTests.cached { return r }
    let r = try Ratings.load(path: try testDataPath("ml-100k/u.data"), universe: Universe())
    SplitTests.cached = r
    return r
  }

  func rows(_ r: Ratings) -> [Int] { (0..<r.count).map { r.row($0) } }

  func assertPartition(_ whole: Ratings, _ train: Ratings, _ test: Ratings,
                       file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(train.count + test.count, whole.count, file: file, line: line)
    let a = Set(rows(train)), b = Set(rows(test))
    XCTAssertTrue(a.isDisjoint(with: b), file: file, line: line)
    XCTAssertEqual(a.union(b), Set(rows(whole)), file: file, line: line)
  }

  func testRandom() throws {
    let r = try data()
    let (train, test) = try r.split(fraction: 0.8, seed: 1)
    XCTAssertEqual(train.count, 80_000)
    XCTAssertEqual(test.count, 20_000)
    assertPartition(r, train, test)
    XCTAssertEqual(train.name, "train of u.data")
    XCTAssertEqual(test.name, "test of u.data")
    let again = try r.split(fraction: 0.8, seed: 1)
    XCTAssertEqual(rows(again.test), rows(test))
    let other = try r.split(fraction: 0.8, seed: 2)
    XCTAssertNotEqual(rows(other.test), rows(test))
  }

  func testByUserKeepsEveryUser() throws {
    let r = try data()
    let (train, test) = try r.split(fraction: 0.8, by: .user, seed: 3)
    assertPartition(r, train, test)
    XCTAssertEqual(Set(train.userIndices), Set(r.userIndices))
    XCTAssertEqual(Double(test.count) / Double(r.count), 0.2, accuracy: 0.01)
    // A user with one rating stays in train.
    let tiny = r.subset([0, 1, 2], name: "tiny")
    let (tr, te) = try tiny.split(fraction: 0.5, by: .user, seed: 0)
    XCTAssertEqual(tr.count, 3)
    XCTAssertEqual(te.count, 0)
  }

  func testByItemIsCold() throws {
    let r = try data()
    let (train, test) = try r.split(fraction: 0.8, by: .item, seed: 4)
    assertPartition(r, train, test)
    XCTAssertTrue(Set(train.itemIndices).isDisjoint(with: Set(test.itemIndices)))
    XCTAssertEqual(Set(train.itemIndices).count, Int((0.8 * 1682).rounded()))
    XCTAssertEqual(test.subset(which: .cold, train: train).count, test.count)
  }

  func testColdThenRandom() throws {
    let r = try data()
    let (train, test) = try r.split(fraction: 0.8, seed: 5, cold: 0.15)
    assertPartition(r, train, test)
    let cold = test.subset(which: .cold, train: train)
    let coldItems = Set(cold.itemIndices)
    XCTAssertEqual(coldItems.count, Int((0.15 * 1682).rounded()), accuracy: 30)  // a few rare items end up cold by chance
    XCTAssertTrue(coldItems.isDisjoint(with: Set(train.itemIndices)))
    XCTAssertGreaterThan(test.count, cold.count)
  }

  func testByTime() throws {
    let r = try data()
    let (train, test) = try r.split(fraction: 0.8, by: .time)
    assertPartition(r, train, test)
    let lastTrain = (0..<train.count).map { train.time($0)! }.max()!
    let firstTest = (0..<test.count).map { test.time($0)! }.min()!
    XCTAssertLessThanOrEqual(lastTrain, firstTest)
  }

  func testTimeNeedsTimeColumn() throws {
    let dir = try temporaryFolder()
    try "1,2,3\n".write(toFile: dir + "/r.csv", atomically: true, encoding: .utf8)
    let r = try Ratings.load(path: dir + "/r.csv", universe: Universe())
    XCTAssertThrowsError(try r.split(by: .time)) { e in XCTAssertTrue("\(e)".contains("time column"), "\(e)") }
    XCTAssertThrowsError(try r.split(fraction: 1.5))
  }

  func testLeastRated() throws {
    let r = try data()
    let (train, test) = try r.split(fraction: 0.8, seed: 6)
    let least = test.subset(which: .least, train: train, n: 1000)
    XCTAssertGreaterThanOrEqual(least.count, 1000)
    let counts = train.itemCounts
    let inLeast = Set(least.itemIndices)
    let maxInLeast = inLeast.map { counts[Int($0)] }.max()!
    // Every test item rated less often in train (but seen) is included.
    for i in Set(test.itemIndices) where counts[Int(i)] > 0 && counts[Int(i)] < maxInLeast {
      XCTAssertTrue(inLeast.contains(i))
    }
    XCTAssertFalse(inLeast.contains { counts[Int($0)] == 0 })
  }

  func testSplitsOfSplits() throws {
    let r = try data()
    let (train, _) = try r.split(fraction: 0.5, seed: 7)
    let (a, b) = try train.split(fraction: 0.5, seed: 7)
    assertPartition(train, a, b)
    XCTAssertEqual(a.name, "train of train of u.data")
  }
}
