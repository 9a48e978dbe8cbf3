import XCTest
@testable import MKCore

/// The sampler's row order: a permutation in which the rows of each column of the smallest
/// group form one run, sorted within it by the next group's columns.
final class RowLocalityTests: XCTestCase {
  func testRowsOfASkillFormOneRunSortedByItem() {
    var rng = RandomStream(seed: 4)
    let items = 0..<40, skills = 40..<46, dense = 46..<48
    var rowIndex: [Int32] = [], columns: [Int32] = [], values: [Float] = []
    let n = 500
    var itemOf = [Int](repeating: 0, count: n), skillOf = [Int](repeating: 0, count: n)
    for r in 0..<n {
      itemOf[r] = rng.below(items.count)
      skillOf[r] = rng.below(skills.count)
      for c in [items.lowerBound + itemOf[r], skills.lowerBound + skillOf[r], 46, 47] {
        rowIndex.append(Int32(r)); columns.append(Int32(c)); values.append(1)
      }
    }
    let rows = SparseRows(rowCount: n, rows: rowIndex, columns: columns, values: values)
    let order = RowLocality.order(rows: rows, groups: [items, skills, dense], skip: [false, false, true]).map(Int.init)
    XCTAssertEqual(order.sorted(), Array(0..<n))
    let keys = order.map { (skillOf[$0], itemOf[$0], $0) }
    for k in 1..<n { XCTAssertTrue(keys[k - 1] < keys[k], "position \(k): \(keys[k - 1]) before \(keys[k])") }
  }
}
