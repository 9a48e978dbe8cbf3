/// Compressed sparse rows: `offsets[r]..<offsets[r+1]` index `columns` and `values` of row r.
public struct SparseRows {
  public let offsets: [Int]
  public let columns: [Int32]
  public let values: [Float]

  public var rowCount: Int { offsets.count - 1 }
  public var nonzeros: Int { columns.count }
  @inline(__always) public func range(_ r: Int) -> Range<Int> { offsets[r]..<offsets[r + 1] }
  @inline(__always) public func length(_ r: Int) -> Int { offsets[r + 1] - offsets[r] }

  /// Splits rows 0..<rowCount into about `parts` contiguous ranges holding similar numbers of
  /// nonzeros (plus one per row), so parallel work per range is balanced even when a few
  /// rows (popular items) hold most of the data.
  public func balancedRanges(_ parts: Int) -> [Range<Int>] {
    let n = rowCount
    guard n > 0 else { return [] }
    let total = nonzeros + n
    var out: [Range<Int>] = []
    var start = 0
    for p in 1...max(1, parts) {
      let target = total * p / max(1, parts)
      // Smallest end with offsets[end] + end ≥ target.
      var lo = start, hi = n
      while lo < hi {
        let mid = (lo + hi) / 2
        if offsets[mid] + mid >= target { hi = mid } else { lo = mid + 1 }
      }
      let end = p == parts ? n : max(lo, start)
      if end > start { out.append(start..<end); start = end }
    }
    if start < n { out.append(start..<n) }
    return out
  }

  /// Builds rows from triples by counting sort: O(nnz + rows), stable in input order.
  public init(rowCount: Int, rows: [Int32], columns: [Int32], values: [Float]) {
    var offsets = [Int](repeating: 0, count: rowCount + 1)
    for r in rows { offsets[Int(r) + 1] += 1 }
    for r in 0..<rowCount { offsets[r + 1] += offsets[r] }
    var next = offsets
    var cols = [Int32](repeating: 0, count: rows.count)
    var vals = [Float](repeating: 0, count: rows.count)
    for k in 0..<rows.count {
      let r = Int(rows[k])
      let p = next[r]
      cols[p] = columns[k]
      vals[p] = values[k]
      next[r] = p + 1
    }
    self.offsets = offsets
    self.columns = cols
    self.values = vals
  }

  public init(offsets: [Int], columns: [Int32], values: [Float]) {
    self.offsets = offsets
    self.columns = columns
    self.values = values
  }
}
