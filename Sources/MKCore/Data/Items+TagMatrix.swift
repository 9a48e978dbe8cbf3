extension Items {
  /// The item × tag matrix over model item indices 0..<itemCount of `universe` (this table's
  /// own universe, or another one matched by raw item id; items the table does not list get
  /// an empty row). A tag listed twice for one item counts once, with its first value; a zero
  /// value is no entry. Each
  /// row keeps the order the table lists its tags in, or with `sortedColumns` increasing tag
  /// order (what a merge of sorted rows needs, as lasso's).
  ///
  /// The one builder of this matrix, for the FM design's `tags` group and for lasso: an item
  /// listed twice in the table takes its first row.
  public func tagMatrix(universe target: Universe? = nil, itemCount: Int, sortedColumns: Bool = false) -> SparseRows {
    let target = target ?? universe
    var rowOf = [Int](repeating: -1, count: itemCount)
    for r in 0..<count {
      let i: Int32? = universe === target ? item[r] : target.items.lookup(universe.items[item[r]])
      if let i, i >= 0, Int(i) < itemCount, rowOf[Int(i)] < 0 { rowOf[Int(i)] = r }
    }
    var offsets = [0], cols: [Int32] = [], vals: [Float] = []
    var seen = [Bool](repeating: false, count: tagNames.count)
    for i in 0..<itemCount {
      let start = cols.count
      if rowOf[i] >= 0 {
        for p in tags.range(rowOf[i]) {
          let c = tags.columns[p]
          guard !seen[Int(c)], tags.values[p] != 0 else { continue }
          seen[Int(c)] = true
          cols.append(c)
          vals.append(tags.values[p])
        }
        for c in cols[start...] { seen[Int(c)] = false }
        if sortedColumns {
          let row = zip(cols[start...], vals[start...]).sorted { $0.0 < $1.0 }
          for (q, e) in row.enumerated() { cols[start + q] = e.0; vals[start + q] = e.1 }
        }
      }
      offsets.append(cols.count)
    }
    return SparseRows(offsets: offsets, columns: cols, values: vals)
  }
}
