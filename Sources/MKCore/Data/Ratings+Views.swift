/// Lazily built views of a `Ratings`. A class so that an immutable `Ratings` can fill it once.
final class ViewCache {
  var byUser: SparseRows?
  var byItem: SparseRows?
  var range: ClosedRange<Float>?
}

extension Ratings {
  /// Ratings grouped by user (CSR): row u lists the items u rated and the values.
  /// Sized to the universe's user count at the time of the first call.
  public var byUser: SparseRows {
    if let v = cache.byUser, v.rowCount >= userCount { return v }
    let v = SparseRows(rowCount: userCount, rows: userIndices, columns: itemIndices, values: values)
    cache.byUser = v
    return v
  }

  /// Ratings grouped by item (CSC): row i lists the users who rated item i and the values.
  public var byItem: SparseRows {
    if let v = cache.byItem, v.rowCount >= itemCount { return v }
    let v = SparseRows(rowCount: itemCount, rows: itemIndices, columns: userIndices, values: values)
    cache.byItem = v
    return v
  }

  /// Number of ratings of each item (indexed by the universe's item index).
  public var itemCounts: [Int] {
    let v = byItem
    return (0..<itemCount).map { $0 < v.rowCount ? v.length($0) : 0 }
  }

  /// Number of ratings by each user.
  public var userCounts: [Int] {
    let v = byUser
    return (0..<userCount).map { $0 < v.rowCount ? v.length($0) : 0 }
  }
}
