import XCTest
@testable import MKCore

/// The Gibbs sampler draws the columns of one color at once: they must never share a row, and
/// every column must be drawn exactly once a sweep.
final class ColumnScheduleTests: XCTestCase {
  /// Random designs of three groups: one-hot, overlapping sets of 1–4 columns, and a group drawn
  /// in order; checked for every worker count.
  func testColumnsOfOneColorNeverShareARow() {
    var rng = RandomStream(seed: 21)
    for trial in 0..<20 {
      let widths = [30, 12 + trial, 5]
      var starts = [0]
      for w in widths { starts.append(starts.last! + w) }
      let groups = (0..<3).map { starts[$0]..<starts[$0 + 1] }
      let rowCount = 200
      var rowIndex: [Int] = [], columns: [Int32] = [], values: [Float] = []
      for r in 0..<rowCount {
        var cols = [Int32(Int(rng.next() % UInt64(widths[0])))]
        let k = 1 + Int(rng.next() % 4)
        var set = Set<Int32>()
        while set.count < k { set.insert(Int32(starts[1] + Int(rng.next() % UInt64(widths[1])))) }
        cols += set.sorted()
        cols.append(Int32(starts[2] + Int(rng.next() % 5)))
        for c in cols { rowIndex.append(r); columns.append(c); values.append(1) }
      }
      let rows = SparseRows(rowCount: rowCount, rows: rowIndex.map(Int32.init), columns: columns, values: values)
      var colOf: [Int32] = []
      for r in 0..<rowCount { for _ in rows.range(r) { colOf.append(Int32(r)) } }
      let csc = SparseRows(rowCount: starts[3], rows: rows.columns, columns: colOf, values: rows.values)
      for workers in [1, 2, 8] {
        let s = ColumnSchedule(rows: rows, columnOffsets: csc.offsets, groups: groups,
                               inOrder: [false, false, true], workers: workers)
        XCTAssertEqual(s.colorCounts[0], 1, "a one-hot group is one color")
        XCTAssertEqual(s.colorCounts[2], 5, "a group drawn in order: one column a color")
        XCTAssertGreaterThan(s.colorCounts[1], 1)
        XCTAssertEqual(s.order.map(Int.init).sorted(), Array(0..<starts[3]), "every column drawn once")
        for (g, group) in groups.enumerated() {
          var covered: [Int] = []
          for blocks in s.classes[g] {
            var rowsTaken = Set<Int32>()
            for block in blocks {
              for position in block {
                covered.append(position)
                let i = Int(s.order[position])
                XCTAssertTrue(group.contains(i))
                for t in csc.range(i) {
                  XCTAssertTrue(rowsTaken.insert(csc.columns[t]).inserted, "trial \(trial): column \(i) shares row \(csc.columns[t]) within its color")
                }
              }
            }
          }
          XCTAssertEqual(covered.sorted(), Array(group))
        }
      }
    }
  }
}
