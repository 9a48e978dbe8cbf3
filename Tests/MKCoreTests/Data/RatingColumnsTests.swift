import XCTest
@testable import MKCore

/// Column resolution of the ratings loader: options against the header, known names, position.
final class RatingColumnsTests: XCTestCase {
  private func columns(_ header: [String]?, fields: Int? = nil, user: String? = nil, item: String? = nil,
                       rating: String? = nil, time: String? = nil, features: [String] = []) throws -> RatingColumns {
    try RatingColumns(header: header, fieldCount: fields ?? header?.count ?? 3, user: user, item: item,
                      rating: rating, time: time, features: features, file: "r.csv", line: 1)
  }

  func testKnownHeaderNamesInAnyOrderAndCase() throws {
    let c = try columns(["date", "Work_ID", "user_id", "choice"])
    XCTAssertEqual([c.user, c.item, c.rating], [2, 1, 3])
    XCTAssertEqual(c.time, 0)
    XCTAssertFalse(c.isBinary)
    XCTAssertTrue(try columns(["user", "item", "correct"]).isBinary)
  }

  func testWithoutHeaderColumnsArePositional() throws {
    let four = try columns(nil, fields: 4)
    XCTAssertEqual([four.user, four.item, four.rating], [0, 1, 2])
    XCTAssertEqual(four.time, 3)
    XCTAssertNil(try columns(nil, fields: 3).time)
    // A header of names it does not know reads the same way.
    let unknown = try columns(["who", "what", "stars", "when"])
    XCTAssertEqual([unknown.user, unknown.item, unknown.rating, unknown.time], [0, 1, 2, 3])
  }

  func testOptionsByNameOrNumber() throws {
    let c = try columns(["rid", "who", "what", "stars"], user: "WHO", item: "3", rating: "stars")
    XCTAssertEqual([c.user, c.item, c.rating], [1, 2, 3])
    XCTAssertNil(c.time)
  }

  func testUnknownColumnListsTheHeader() {
    let e = thrownMKError(try columns(["rid", "who", "what", "stars"], user: "nobody"))
    XCTAssertEqual(e?.message, "no column 'nobody' for user= in the header (columns: 'rid', 'who', 'what', 'stars')")
    XCTAssertEqual(e?.hint, "give a column name from the header or a column number from 1 to 4")
    XCTAssertEqual(e?.location?.line, 1)
    let headerless = thrownMKError(try columns(nil, fields: 3, rating: "9"))
    XCTAssertEqual(headerless?.message, "no column '9' for rating=: the file has no header")
  }

  func testMissingRoleInAKnownHeader() {
    let e = thrownMKError(try columns(["user", "movie", "stars"]))
    XCTAssertEqual(e?.message, "no rating column in the header (columns: 'user', 'movie', 'stars')")
    XCTAssertEqual(e?.hint, "name it with rating=COL")
  }

  func testTooFewFields() {
    let e = thrownMKError(try columns(nil, fields: 2))
    XCTAssertEqual(e?.message, "line 1 has 2 fields; a rating needs user, item and rating")
  }

  func testFeatures() throws {
    let c = try columns(["user", "item", "rating", "Age", "hour"], features: ["age", "5"])
    XCTAssertEqual(c.features, [3, 4])
    XCTAssertEqual(c.featureNames, ["Age", "hour"])
    // Without header, a features= column is not also taken as the time column by position.
    let headerless = try columns(nil, fields: 5, features: ["4"])
    XCTAssertEqual(headerless.features, [3])
    XCTAssertEqual(headerless.featureNames, ["4"])
    XCTAssertNil(headerless.time)
    XCTAssertEqual(try columns(nil, fields: 5, time: "4", features: ["4"]).time, 3)
  }

  func testFeatureErrors() {
    let header = ["user", "item", "rating", "age"]
    XCTAssertEqual(thrownMKError(try columns(header, features: ["rating"]))?.message,
                   "features= cannot hold the rating column 'rating': the model would read the answer")
    XCTAssertEqual(thrownMKError(try columns(header, features: ["age", "4"]))?.message,
                   "column '4' appears twice in features=")
    XCTAssertEqual(thrownMKError(try columns(header, features: ["height"]))?.message,
                   "no column 'height' for features= in the header (columns: 'user', 'item', 'rating', 'age')")
  }
}
