/// The order in which the Gibbs sampler stores the design's rows.
///
/// A column's draw visits the residual and q cache of each of its rows, and on a real design
/// those rows are scattered: an item's attempts, a skill's, spread over the whole file. Once the
/// caches outgrow the core's cache each visit waits on memory. Sorted by their columns, group
/// by group from the group with the fewest columns, the rows of a column sit together: on a
/// knowledge-tracing design (skills, win and fail counts, items) every skill's rows are one run
/// and every item's a few, so the draws stream through memory instead of jumping.
///
/// The order changes only where rows live inside the sampler (and so the order of the floating
/// sums over a column's rows): a seed still gives one chain, whatever the core count.
enum RowLocality {
  /// `order[k]` is the design row stored at position k: rows sorted by their first column in
  /// each group, the group with the fewest columns first (ties: the earlier group), then by
  /// design row. Groups in `skip` (dense numeric groups) are not keys. Linear time: one stable
  /// counting sort per group, from the last key to the first, each on all cores (the keys, then
  /// StableCountingSort.swift).
  static func order(rows: SparseRows, groups: [Range<Int>], skip: [Bool]) -> [Int32] {
    let n = rows.rowCount
    var order = (0..<n).map { Int32($0) }
    let keys = groups.indices.filter { !skip[$0] && groups[$0].count > 1 }
      .sorted { (groups[$0].count, $0) < (groups[$1].count, $1) }
    guard !keys.isEmpty, n > 1 else { return order }
    var key = [Int32](repeating: 0, count: n)
    var next = [Int32](repeating: 0, count: n)
    rows.offsets.withUnsafeBufferPointer { ro in
      rows.columns.withUnsafeBufferPointer { rc in
        for g in keys.reversed() {
          let cols = groups[g], none = Int32(cols.count)  // rows without a column of g sort last
          let lo = Int32(cols.lowerBound), hi = Int32(cols.upperBound)
          // The key of the row at each position of the current order, on all cores.
          order.withUnsafeBufferPointer { current in
            key.withUnsafeMutableBufferPointer { kb in
              let key = kb.baseAddress!
              Parallel.forEachBlock(n) { range, _ in
                for position in range {
                  let r = Int(current[position])
                  var k = none
                  for t in ro[r]..<ro[r + 1] where rc[t] >= lo && rc[t] < hi {
                    k = rc[t] - lo
                    break
                  }
                  key[position] = k
                }
              }
            }
          }
          order.withUnsafeBufferPointer { current in
            key.withUnsafeBufferPointer { kb in
              next.withUnsafeMutableBufferPointer { out in
                _ = StableCountingSort.permute(count: n, keys: kb.baseAddress!, keyCount: cols.count + 1,
                                               values: current.baseAddress!, into: out.baseAddress!)
              }
            }
          }
          swap(&order, &next)
        }
      }
    }
    return order
  }
}
