import MKCore
import XCTest

/// `Items.tagMatrix`, the one item × tag builder of the FM design's tags and of lasso.
final class TagMatrixTests: XCTestCase {
  /// Items x (tags t2, t0, t2 again), y (none), w (t1), listed out of order; z is not listed.
  func sample() -> (Universe, Items) {
    let u = Universe()
    let idx = ["x", "y", "z", "w"].map { u.items.intern($0) }
    let side = Items(universe: u, item: [idx[3], idx[0], idx[1]], title: ["W", "X", "Y"], tagNames: ["t0", "t1", "t2"],
                     tags: SparseRows(offsets: [0, 1, 4, 4], columns: [1, 2, 0, 2], values: [1, 1, 1, 1]), name: "items")
    return (u, side)
  }

  func row(_ m: SparseRows, _ r: Int) -> [String] { m.range(r).map { "\(m.columns[$0]):\(m.values[$0])" } }

  func testADuplicatedTagCountsOnceInListedOrSortedOrder() {
    let (u, side) = sample()
    let listed = side.tagMatrix(itemCount: u.items.count)
    XCTAssertEqual(listed.rowCount, 4)
    XCTAssertEqual(row(listed, 0), ["2:1.0", "0:1.0"])
    XCTAssertEqual(row(listed, 1), [])
    XCTAssertEqual(row(listed, 2), [])
    XCTAssertEqual(row(listed, 3), ["1:1.0"])
    let sorted = side.tagMatrix(itemCount: u.items.count, sortedColumns: true)
    XCTAssertEqual(row(sorted, 0), ["0:1.0", "2:1.0"])
    // The FM design weighs x's two distinct tags ½ each (not ⅓, ⅔ as when t2 counted twice).
    let layout = FeatureLayout.make(userCount: 0, itemCount: u.items.count, side: side)
    XCTAssertEqual(row(layout.itemTags, 0), ["2:0.5", "0:0.5"])
    XCTAssertEqual(layout.groups.map(\.name), ["user", "item", "tags"])
  }

  func testAnotherUniverseIsMatchedByRawItemId() {
    let (_, side) = sample()
    let other = Universe()
    for id in ["w", "q", "x"] { _ = other.items.intern(id) }
    let m = side.tagMatrix(universe: other, itemCount: 3)
    XCTAssertEqual((0..<3).map { row(m, $0) }, [["1:1.0"], [], ["2:1.0", "0:1.0"]])
    // Items past itemCount are left out.
    XCTAssertEqual(side.tagMatrix(universe: other, itemCount: 1).nonzeros, 1)
  }
}
