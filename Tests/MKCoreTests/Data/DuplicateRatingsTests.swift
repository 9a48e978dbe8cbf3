import XCTest
@testable import MKCore

/// De-duplication of loaded rows: the last rating of a repeated (user, item) pair is kept.
final class DuplicateRatingsTests: XCTestCase {
  func testMarksEveryEarlierRatingOfARepeatedPair() {
    // Rows: (0,1) (0,2) (0,1) (1,1) (0,1): rows 0 and 2 are replaced by row 4.
    let drop = DuplicateRatings.replacedRows(users: [0, 0, 0, 1, 0], items: [1, 2, 1, 1, 1], userCount: 2, itemCount: 3)
    XCTAssertEqual(drop, [true, false, true, false, false])
  }

  func testNilWithoutDuplicates() {
    XCTAssertNil(DuplicateRatings.replacedRows(users: [0, 1, 0, 1], items: [0, 0, 1, 1], userCount: 2, itemCount: 2))
    XCTAssertNil(DuplicateRatings.replacedRows(users: [], items: [], userCount: 0, itemCount: 0))
  }

  func testRowsKeepTheLastRatingInFileOrder() {
    var rows = RatingRows(capacity: 5, hasTime: true, featureCount: 1)
    rows.users = [0, 0, 0, 1, 0]
    rows.items = [1, 2, 1, 1, 1]
    rows.values = [3, 4, 5, 1, 2]
    rows.times = [10, 20, 30, 40, 50]
    rows.features = [[0.1, 0.2, 0.3, 0.4, 0.5]]
    rows.keepLastOfEachPair(userCount: 2, itemCount: 3)
    XCTAssertEqual(rows.users, [0, 1, 0])
    XCTAssertEqual(rows.items, [2, 1, 1])
    XCTAssertEqual(rows.values, [4, 1, 2])
    XCTAssertEqual(rows.times, [20, 40, 50])
    XCTAssertEqual(rows.features, [[0.2, 0.4, 0.5]])
    XCTAssertEqual(rows.count, 3)
  }

  func testStoreHasNoUnusedCapacity() {
    var rows = RatingRows(capacity: 10_000, hasTime: false, featureCount: 0)
    rows.users = [0]; rows.items = [0]; rows.values = [1]
    rows.users.reserveCapacity(10_000)
    let store = rows.store(timeBase: 0, featureNames: [])
    XCTAssertLessThanOrEqual(store.user.capacity, 1 + 16)
    XCTAssertNil(store.time)
  }
}

/// `load … duplicates=last|first|mean|all`, and the defaults: the last rating of ratings,
/// every attempt of 0/1 outcomes.
final class DuplicatePolicyTests: XCTestCase {
  func rows() -> RatingRows {
    var rows = RatingRows(capacity: 5, hasTime: true, featureCount: 1, categoryCount: 1)
    rows.users = [0, 0, 0, 1, 0]
    rows.items = [1, 2, 1, 1, 1]
    rows.values = [3, 4, 5, 1, 2]
    rows.times = [10, 20, 30, 40, 50]
    rows.features = [[0.1, 0.2, 0.3, 0.4, 0.5]]
    rows.categories = [[7, 8, 9, 10, 11]]
    return rows
  }

  func testFirstKeepsTheFirstRowOfEachPair() {
    var r = rows()
    XCTAssertEqual(r.resolveDuplicates(.first, userCount: 2, itemCount: 3), 2)
    XCTAssertEqual(r.values, [3, 4, 1])
    XCTAssertEqual(r.times, [10, 20, 40])
    XCTAssertEqual(r.categories, [[7, 8, 10]])
  }

  func testMeanKeepsOneRowAtTheLastPlaceWithTheMean() {
    var r = rows()
    XCTAssertEqual(r.resolveDuplicates(.mean, userCount: 2, itemCount: 3), 2)
    XCTAssertEqual(r.users, [0, 1, 0])
    XCTAssertEqual(r.items, [2, 1, 1])
    XCTAssertEqual(r.values, [4, 1, Float(3 + 5 + 2) / 3])
    XCTAssertEqual(r.times, [20, 40, 50])
    XCTAssertEqual(r.features, [[0.2, 0.4, 0.5]])
    XCTAssertEqual(r.categories, [[8, 10, 11]])
  }

  func testLastAndAll() {
    var last = rows(), all = rows()
    XCTAssertEqual(last.resolveDuplicates(.last, userCount: 2, itemCount: 3), 2)
    XCTAssertEqual(last.values, [4, 1, 2])
    XCTAssertEqual(last.categories, [[8, 10, 11]])
    XCTAssertEqual(all.resolveDuplicates(.all, userCount: 2, itemCount: 3), 0)
    XCTAssertEqual(all.values, [3, 4, 5, 1, 2])
  }

  func testBinaryDataKeepsEveryAttemptByDefault() throws {
    let path = try testDataPath("ktm-dummy/data.csv")
    let (r, report) = try Ratings.loadWithReport(path: path, universe: Universe())
    XCTAssertEqual(r.count, 8, "user 2 answers item 1 twice: both attempts kept")
    XCTAssertEqual(report.duplicates, .all)
    XCTAssertEqual(report.duplicatesDropped, 0)
    XCTAssertEqual(r.values, [1, 0, 0, 1, 0, 1, 1, 1], "file order")
    let (last, lastReport) = try Ratings.loadWithReport(path: path, universe: Universe(), duplicates: .last)
    XCTAssertEqual(last.count, 7)
    XCTAssertEqual(last.values, [1, 0, 1, 0, 1, 1, 1])
    XCTAssertTrue(lastReport.description.contains("1 duplicate (user, item) pairs: kept the last rating of each"))
    let first = try Ratings.load(path: path, universe: Universe(), duplicates: .first)
    XCTAssertEqual(first.values, [1, 0, 0, 0, 1, 1, 1])
  }

  func testRatingsKeepTheLastByDefaultAndMeanOfOutcomesIsAnError() throws {
    let dir = try temporaryFolder()
    let ratings = dir + "/r.csv", outcomes = dir + "/o.csv"
    try "user,item,rating\na,x,1\na,x,4\nb,x,2\n".write(toFile: ratings, atomically: true, encoding: .utf8)
    try "user,item,correct\na,x,1\na,x,0\n".write(toFile: outcomes, atomically: true, encoding: .utf8)
    XCTAssertEqual(try Ratings.load(path: ratings, universe: Universe()).values, [4, 2])
    XCTAssertEqual(try Ratings.load(path: ratings, universe: Universe(), duplicates: .mean).values, [2.5, 2])
    XCTAssertEqual(try Ratings.load(path: ratings, universe: Universe(), duplicates: .all).values, [1, 4, 2])
    let e = thrownMKError(try Ratings.load(path: outcomes, universe: Universe(), duplicates: .mean))
    XCTAssertEqual(e?.message, "duplicates=mean cannot apply to '\(outcomes)': its ratings are 0/1 outcomes, and a mean of them is not one")
  }

  func testAnOutcomeOtherThanZeroOrOneNamesTheFileAndLine() throws {
    let path = try temporaryFolder() + "/two.csv"
    try "user,item,correct\na,x,1\na,y,2\n".write(toFile: path, atomically: true, encoding: .utf8)
    let e = thrownMKError(try Ratings.load(path: path, universe: Universe()))
    XCTAssertEqual(e?.location, SourceLocation(file: path, line: 3, column: 0))
    XCTAssertEqual(e?.message, "'correct' must be 0 or 1, found '2' on line 3")
  }
}
