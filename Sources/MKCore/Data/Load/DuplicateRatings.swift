/// De-duplication of a loaded file: when a (user, item) pair appears on several lines, the last
/// line wins (later ratings overwrite earlier ones, as on Mangaki).
enum DuplicateRatings {
  /// Rows that a later row with the same (user, item) replaces; nil when there are none.
  ///
  /// Groups rows by user with a counting sort, then marks, for each item, the user and row that
  /// last rated it: O(rows + users + items) time, no hashing. Indices must lie in
  /// `0..<userCount` and `0..<itemCount`.
  static func replacedRows(users: [Int32], items: [Int32], userCount: Int, itemCount: Int) -> [Bool]? {
    let n = users.count
    var offsets = [Int32](repeating: 0, count: userCount + 1)
    for u in users { offsets[Int(u) + 1] += 1 }
    for u in 0..<userCount { offsets[u + 1] += offsets[u] }
    var order = [Int32](repeating: 0, count: n)
    var next = offsets
    for k in 0..<n {
      let u = Int(users[k])
      order[Int(next[u])] = Int32(k)
      next[u] += 1
    }
    var lastUser = [Int32](repeating: -1, count: itemCount)
    var lastRow = [Int32](repeating: 0, count: itemCount)
    var drop: [Bool]? = nil
    for u in 0..<userCount {
      for p in Int(offsets[u])..<Int(offsets[u + 1]) {
        let k = order[p]
        let i = Int(items[Int(k)])
        if lastUser[i] == Int32(u) {
          if drop == nil { drop = [Bool](repeating: false, count: n) }
          drop![Int(lastRow[i])] = true
        }
        lastUser[i] = Int32(u)
        lastRow[i] = k
      }
    }
    return drop
  }

  /// `a` without the rows marked in `drop`, in an array of exactly the right size.
  static func compacted<T>(_ a: [T], dropping drop: [Bool]) -> [T] {
    let kept = drop.reduce(0) { $1 ? $0 : $0 + 1 }
    var out: [T] = []
    out.reserveCapacity(kept)
    for k in 0..<a.count where !drop[k] { out.append(a[k]) }
    return out
  }
}

extension RatingRows {
  /// Drops every rating that a later line of the same (user, item) replaces, keeping file order.
  mutating func keepLastOfEachPair(userCount: Int, itemCount: Int) {
    guard let drop = DuplicateRatings.replacedRows(users: users, items: items, userCount: userCount,
                                                   itemCount: itemCount) else { return }
    users = DuplicateRatings.compacted(users, dropping: drop)
    items = DuplicateRatings.compacted(items, dropping: drop)
    values = DuplicateRatings.compacted(values, dropping: drop)
    times = times.map { DuplicateRatings.compacted($0, dropping: drop) }
    for c in features.indices { features[c] = DuplicateRatings.compacted(features[c], dropping: drop) }
  }
}
