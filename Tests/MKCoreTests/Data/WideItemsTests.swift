import Foundation
@testable import MKCore
import XCTest

/// `items PATH` on a wide table `item,col1,col2,…` (a Q-matrix): weighted tags, the source line
/// of each item, and the check that a table has tags.
final class WideItemsTests: XCTestCase {
  func testTheFractionSubtractionQMatrixLoadsAsWeightedSkills() throws {
    let path = try testDataPath("fraction-subtraction/q_matrix.derived.csv")
    let u = Universe()
    let q = try Items.load(path: path, universe: u)
    XCTAssertEqual(q.count, 20)
    XCTAssertEqual(q.tagNames, (1...8).map { "skill\($0)" })
    // Line 2: item 0 is 0,0,0,1,0,1,1,0 -> skills 4, 6, 7.
    let item0 = try XCTUnwrap(u.items.lookup("0"))
    XCTAssertEqual(q.tagList(item0), ["skill4", "skill6", "skill7"])
    XCTAssertEqual(q.line(ofItem: item0), 2)
    XCTAssertEqual(q.line(ofItem: try XCTUnwrap(u.items.lookup("19"))), 21)
    XCTAssertNil(q.line(ofItem: 999))
    // Independent count: the ones of the file's body.
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let ones = text.split(separator: "\n").dropFirst().map { $0.split(separator: ",").dropFirst().filter { $0 == "1" }.count }
    XCTAssertEqual(q.tags.nonzeros, ones.reduce(0, +))
    XCTAssertNoThrow(try q.requireTags(for: "encode skills="))
  }

  func testNumericWeightsAndZerosAbsent() throws {
    let path = try temporaryFolder() + "/w.csv"
    try "item,title,a,b,c\nx,The X,0.5,0,2\ny,The Y,0,0,0\nx,The X again,1,0,0\n".write(toFile: path, atomically: true, encoding: .utf8)
    let u = Universe()
    let t = try Items.load(path: path, universe: u)
    XCTAssertEqual(t.tagNames, ["a", "b", "c"])
    let x = try XCTUnwrap(u.items.lookup("x")), y = try XCTUnwrap(u.items.lookup("y"))
    XCTAssertEqual(t.label(x), "The X again", "an item listed twice: the last line wins")
    XCTAssertEqual(t.line(ofItem: x), 4)
    XCTAssertEqual(t.tagList(x), ["a"])
    XCTAssertEqual(t.tagList(y), [])
    let m = t.tagMatrix(itemCount: u.items.count)
    XCTAssertEqual(Array(m.values[m.range(Int(x))]), [1])
    let first = try temporaryFolder() + "/v.csv"
    try "item,a,b\nx,0.5,2\n".write(toFile: first, atomically: true, encoding: .utf8)
    let v = try Items.load(path: first, universe: Universe())
    XCTAssertEqual(Array(v.tags.values), [0.5, 2])
  }

  func testANonNumberInAWideTableNamesTheLineAndColumn() throws {
    let path = try temporaryFolder() + "/bad.csv"
    try "item_id,skill1,skill2\n0,1,0\n1,yes,0\n".write(toFile: path, atomically: true, encoding: .utf8)
    let e = thrownMKError(try Items.load(path: path, universe: Universe()))
    XCTAssertEqual(e?.message, "'skill1' is 'yes' on line 3, not a number")
    XCTAssertEqual(e?.location?.line, 3)
  }

  func testATableOfTitlesOnlyLoadsButIsRefusedWhereTagsAreNeeded() throws {
    let path = try temporaryFolder() + "/titles.csv"
    try "item,title\nx,The X\ny,The Y\n".write(toFile: path, atomically: true, encoding: .utf8)
    let u = Universe()
    let t = try Items.load(path: path, universe: u)
    XCTAssertEqual(t.count, 2)
    XCTAssertTrue(t.tagNames.isEmpty)
    let e = thrownMKError(try t.requireTags(for: "encode skills="))
    XCTAssertEqual(e?.message, "encode skills= needs item tags, but '\(path)' has none: it lists titles only")
    let data = makeRatings([("a", "x", 4), ("b", "y", 2)], universe: u)
    for kind in ["fm", "lasso"] {
      let fit = thrownMKError(try ModelRegistry.fit(kind, FitInput(data: data, options: try options(kind), side: t)))
      XCTAssertEqual(fit?.message, "\(kind == "lasso" ? "lasso" : "fm side=") needs item tags, but '\(path)' has none: it lists titles only")
    }
  }
}
