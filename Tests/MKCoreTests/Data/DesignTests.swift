import XCTest
import MKCore

final class DesignTests: XCTestCase {
  func testColumnsGroupsAndNormalizedTags() throws {
    let u = Universe()
    let data = makeRatings([("a", "x", 5), ("b", "y", 3), ("a", "z", 1)], universe: u)
    // Items: x has tags t1,t2; y has t2; z has none; w is a cold item with tag t1.
    let names = ["t1", "t2"]
    let itemIdx = ["x", "y", "z", "w"].map { u.items.intern($0) }
    let side = Items(universe: u, item: itemIdx, title: ["X", "Y", "Z", "W"], tagNames: names,
                     tags: SparseRows(rowCount: 4, rows: [0, 0, 1, 3], columns: [0, 1, 1, 0], values: [1, 1, 1, 1]),
                     name: "items")
    let layout = FeatureLayout.make(userCount: u.users.count, itemCount: u.items.count, side: side)
    XCTAssertEqual(layout.groups.map(\.name), ["user", "item", "tags"])
    XCTAssertEqual(layout.groups.map(\.columns), [0..<2, 2..<6, 6..<8])
    let design = DesignMatrix(training: data, layout: layout)
    func row(_ k: Int) -> [String] {
      design.rows.range(k).map { "\(design.rows.columns[$0]):\(design.rows.values[$0])" }
    }
    XCTAssertEqual(row(0), ["0:1.0", "2:1.0", "6:0.5", "7:0.5"])
    XCTAssertEqual(row(1), ["1:1.0", "3:1.0", "7:1.0"])
    XCTAssertEqual(row(2), ["0:1.0", "4:1.0"])
    XCTAssertEqual(design.target, [5, 3, 1])
    // An unknown user and the cold item: only the item and its tag remain.
    let cold = DesignMatrix(layout: layout, users: [-1], items: [itemIdx[3]])
    XCTAssertEqual(cold.rows.range(0).map { cold.rows.columns[$0] }, [5, 6])
  }
}
