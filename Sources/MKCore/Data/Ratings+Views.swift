import Foundation

/// Lazily built views of a `Ratings`: the gathered columns of a split and the CSR/CSC views,
/// each built once, on first use. A class so that an immutable `Ratings` can fill it.
///
/// A split is an index set over its parent, so its dense `userIndices`, `itemIndices` and
/// `values` are gathered through `rows`; `FitInfo`, the views and every model's fit read them,
/// so they are gathered here once and kept (12 bytes a rating, as long as the split lives).
/// One recursive lock guards every field: views are usually filled from one thread before a
/// parallel loop, but nothing stops two threads asking at once, and building a view reads the
/// gathered columns under the same lock.
final class ViewCache: @unchecked Sendable {
  private let lock = NSRecursiveLock()
  private var byUser: SparseRows?
  private var byItem: SparseRows?
  private var range: ClosedRange<Float>?
  private var userIndices: [Int32]?
  private var itemIndices: [Int32]?
  private var values: [Float]?
  private var features: [Int: [Float]] = [:]
  private var categories: [Int: [Int32]] = [:]

  /// The cached value at `key` when there is one and `isCurrent` accepts it, else `build()`
  /// kept for the next call. `build` runs under the lock, so it runs once per value.
  private func value<T>(_ key: ReferenceWritableKeyPath<ViewCache, T?>, isCurrent: (T) -> Bool = { _ in true },
                        build: () -> T) -> T {
    lock.lock()
    defer { lock.unlock() }
    if let v = self[keyPath: key], isCurrent(v) { return v }
    let v = build()
    self[keyPath: key] = v
    return v
  }

  func userIndices(_ build: () -> [Int32]) -> [Int32] { value(\.userIndices, build: build) }
  func itemIndices(_ build: () -> [Int32]) -> [Int32] { value(\.itemIndices, build: build) }
  func values(_ build: () -> [Float]) -> [Float] { value(\.values, build: build) }
  func range(_ build: () -> ClosedRange<Float>) -> ClosedRange<Float> { value(\.range, build: build) }
  /// The CSR view, rebuilt when the universe has grown past `userCount` rows since.
  func byUser(userCount: Int, _ build: () -> SparseRows) -> SparseRows {
    value(\.byUser, isCurrent: { $0.rowCount >= userCount }, build: build)
  }
  func byItem(itemCount: Int, _ build: () -> SparseRows) -> SparseRows {
    value(\.byItem, isCurrent: { $0.rowCount >= itemCount }, build: build)
  }
  /// The CSC view if it was built (and is current), without building it.
  func builtByItem(itemCount: Int) -> SparseRows? {
    lock.lock()
    defer { lock.unlock() }
    return byItem.flatMap { $0.rowCount >= itemCount ? $0 : nil }
  }
  func feature(_ c: Int, _ build: () -> [Float]) -> [Float] {
    lock.lock()
    defer { lock.unlock() }
    if let v = features[c] { return v }
    let v = build()
    features[c] = v
    return v
  }
  func category(_ c: Int, _ build: () -> [Int32]) -> [Int32] {
    lock.lock()
    defer { lock.unlock() }
    if let v = categories[c] { return v }
    let v = build()
    categories[c] = v
    return v
  }
}

extension Ratings {
  // MARK: - Gathered columns

  /// Values as one contiguous array, in this set's order (the store's own array when this set
  /// is all of it; gathered once for a split).
  public var values: [Float] {
    guard let rows else { return store.value }
    return cache.values { gather(store.value, rows) }
  }

  /// Users as one contiguous array of universe indices, in this set's order.
  public var userIndices: [Int32] {
    guard let rows else { return store.user }
    return cache.userIndices { gather(store.user, rows) }
  }

  /// Items as one contiguous array of universe indices, in this set's order.
  public var itemIndices: [Int32] {
    guard let rows else { return store.item }
    return cache.itemIndices { gather(store.item, rows) }
  }

  /// Numeric feature `c` (an index in `featureNames`) as one contiguous array, in this set's order.
  public func featureColumn(_ c: Int) -> [Float] {
    guard let rows else { return store.features[c] }
    return cache.feature(c) { gather(store.features[c], rows) }
  }

  /// Categorical column `c` (an index in `categoryNames`) as one contiguous array of level
  /// codes (-1 missing), in this set's order.
  public func categoryColumn(_ c: Int) -> [Int32] {
    guard let rows else { return store.categories[c] }
    return cache.category(c) { gather(store.categories[c], rows) }
  }

  // MARK: - Grouped views

  /// Ratings grouped by user (CSR): row u lists the items u rated and the values.
  /// Sized to the universe's user count at the time of the first call.
  public var byUser: SparseRows {
    let n = userCount
    return cache.byUser(userCount: n) {
      SparseRows(rowCount: n, rows: userIndices, columns: itemIndices, values: values)
    }
  }

  /// Ratings grouped by item (CSC): row i lists the users who rated item i and the values.
  public var byItem: SparseRows {
    let n = itemCount
    return cache.byItem(itemCount: n) {
      SparseRows(rowCount: n, rows: itemIndices, columns: userIndices, values: values)
    }
  }

  /// Number of ratings of each item (indexed by the universe's item index). Read from the CSC
  /// view when it is built; otherwise counted without building it.
  public var itemCounts: [Int] {
    if let v = cache.builtByItem(itemCount: itemCount) {
      return (0..<itemCount).map { $0 < v.rowCount ? v.length($0) : 0 }
    }
    var counts = [Int](repeating: 0, count: itemCount)
    for i in itemIndices { counts[Int(i)] += 1 }
    return counts
  }

  /// Number of ratings by each user.
  public var userCounts: [Int] {
    let v = byUser
    return (0..<userCount).map { $0 < v.rowCount ? v.length($0) : 0 }
  }
}

/// `column[rows[k]]` for every k: one column of a split, gathered from its parent's store.
private func gather<T>(_ column: [T], _ rows: [Int32]) -> [T] {
  rows.map { column[Int($0)] }
}
