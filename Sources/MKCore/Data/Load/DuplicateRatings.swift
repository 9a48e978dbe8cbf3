/// What a load does when a (user, item) pair appears on several lines (`load … duplicates=`).
public enum DuplicatePolicy: String, CaseIterable {
  /// The last line wins (later ratings overwrite earlier ones, as on Mangaki): rating data's default.
  case last
  /// The first line wins.
  case first
  /// One rating, the mean of the pair's values, at the place (time, features) of its last line.
  case mean
  /// Every line is kept, in file order: binary outcome data's default (every attempt counts).
  case all

  /// The policy a file gets without `duplicates=`: every attempt of 0/1 outcomes, else the last rating.
  public static func defaultPolicy(binary: Bool) -> DuplicatePolicy { binary ? .all : .last }

  /// What the load report says was kept of each repeated pair.
  var keptWords: String {
    switch self {
    case .last: return "kept the last rating of each"
    case .first: return "kept the first rating of each"
    case .mean: return "kept the mean rating of each"
    case .all: return "kept every rating"
    }
  }
}

/// De-duplication of a loaded file under a `DuplicatePolicy`.
enum DuplicateRatings {
  /// For each row, the first row of its (user, item) pair (itself when it is the first); nil
  /// when no pair repeats.
  ///
  /// Groups rows by user with a counting sort (stable, so each user's rows stay in file order),
  /// then marks, for each item, the user and row that first rated it: O(rows + users + items)
  /// time, no hashing. Indices must lie in `0..<userCount` and `0..<itemCount`.
  static func pairLeaders(users: [Int32], items: [Int32], userCount: Int, itemCount: Int) -> [Int32]? {
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
    var firstRow = [Int32](repeating: 0, count: itemCount)
    var leader: [Int32]? = nil
    for u in 0..<userCount {
      for p in Int(offsets[u])..<Int(offsets[u + 1]) {
        let k = order[p]
        let i = Int(items[Int(k)])
        if lastUser[i] == Int32(u) {
          if leader == nil { leader = (0..<Int32(n)).map { $0 } }
          leader![Int(k)] = firstRow[i]
        } else {
          lastUser[i] = Int32(u)
          firstRow[i] = k
        }
      }
    }
    return leader
  }

  /// Rows that a later row with the same (user, item) replaces; nil when there are none.
  static func replacedRows(users: [Int32], items: [Int32], userCount: Int, itemCount: Int) -> [Bool]? {
    guard let leader = pairLeaders(users: users, items: items, userCount: userCount, itemCount: itemCount)
    else { return nil }
    return droppedRows(leader: leader, keepFirst: false)
  }

  /// Rows dropped when each pair keeps its first row (`keepFirst`) or its last.
  static func droppedRows(leader: [Int32], keepFirst: Bool) -> [Bool] {
    let n = leader.count
    if keepFirst { return (0..<n).map { leader[$0] != Int32($0) } }
    // The last row of each pair: scanning backwards, the first row seen of each leader.
    var drop = [Bool](repeating: true, count: n)
    var seen = [Bool](repeating: false, count: n)
    for k in stride(from: n - 1, through: 0, by: -1) {
      let l = Int(leader[k])
      if !seen[l] { seen[l] = true; drop[k] = false }
    }
    return drop
  }

  /// The mean value of each row's pair, for every row.
  static func pairMeans(values: [Float], leader: [Int32]) -> [Float] {
    let n = values.count
    var sum = [Double](repeating: 0, count: n), count = [Int32](repeating: 0, count: n)
    for k in 0..<n { let l = Int(leader[k]); sum[l] += Double(values[k]); count[l] += 1 }
    return (0..<n).map { k in let l = Int(leader[k]); return Float(sum[l] / Double(count[l])) }
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
    resolveDuplicates(.last, userCount: userCount, itemCount: itemCount)
  }

  /// Applies `policy` to repeated (user, item) pairs, keeping file order; returns how many
  /// rows were dropped.
  @discardableResult
  mutating func resolveDuplicates(_ policy: DuplicatePolicy, userCount: Int, itemCount: Int) -> Int {
    guard policy != .all,
          let leader = DuplicateRatings.pairLeaders(users: users, items: items, userCount: userCount, itemCount: itemCount)
    else { return 0 }
    if policy == .mean { values = DuplicateRatings.pairMeans(values: values, leader: leader) }
    let drop = DuplicateRatings.droppedRows(leader: leader, keepFirst: policy == .first)
    let before = count
    users = DuplicateRatings.compacted(users, dropping: drop)
    items = DuplicateRatings.compacted(items, dropping: drop)
    values = DuplicateRatings.compacted(values, dropping: drop)
    times = times.map { DuplicateRatings.compacted($0, dropping: drop) }
    for c in features.indices { features[c] = DuplicateRatings.compacted(features[c], dropping: drop) }
    for c in categories.indices { categories[c] = DuplicateRatings.compacted(categories[c], dropping: drop) }
    return before - count
  }
}
