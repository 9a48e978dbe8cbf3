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
