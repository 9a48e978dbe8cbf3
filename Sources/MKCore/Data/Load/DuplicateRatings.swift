import Dispatch
import Foundation

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

  /// Whether some (user, item) pair is on two rows: the check every load of rating data makes,
  /// so it runs on all cores, and `pairLeaders` (one core) says which rows only for the files
  /// that do repeat a pair.
  ///
  /// Each part of the rows lists its items grouped by user (a stable counting sort); then each
  /// range of users (of about equal rows) reads its users' lists across the parts, marking
  /// each item with the last user that rated it. O(rows + users × parts) time, 4 bytes a row
  /// and 8 a user a part, no hashing. Indices must lie in `0..<userCount` and `0..<itemCount`.
  static func hasRepeatedPair(users: [Int32], items: [Int32], userCount: Int, itemCount: Int) -> Bool {
    let n = users.count
    guard n > 1 else { return false }
    let parts = n < 1 << 16 ? 1 : Parallel.workers
    struct Grouped {
      /// The part's rows of user u are `items[offsets[u]..<offsets[u + 1]]`.
      var offsets: [Int32]
      var items: [Int32]
    }
    let grouped = inParallel(parts) { part -> Grouped in
      let rows = n * part / parts..<n * (part + 1) / parts
      var offsets = [Int32](repeating: 0, count: userCount + 1)
      for k in rows { offsets[Int(users[k]) + 1] += 1 }
      for u in 0..<userCount { offsets[u + 1] += offsets[u] }
      var next = offsets
      var listed = [Int32](repeating: 0, count: rows.count)
      for k in rows {
        let u = Int(users[k])
        listed[Int(next[u])] = items[k]
        next[u] += 1
      }
      return Grouped(offsets: offsets, items: listed)
    }
    // The first user of each range: where the rows before it pass an equal share.
    func rowsBefore(_ u: Int) -> Int { grouped.reduce(0) { $0 + Int($1.offsets[u]) } }
    let firstUsers = (0...parts).map { r -> Int in
      let share = n * r / parts
      var lo = 0, hi = userCount
      while lo < hi {
        let mid = (lo + hi) / 2
        if rowsBefore(mid) < share { lo = mid + 1 } else { hi = mid }
      }
      return r == parts ? userCount : lo
    }
    let found = inParallel(parts) { r -> Bool in
      var lastUser = [Int32](repeating: -1, count: itemCount)
      for u in firstUsers[r]..<firstUsers[r + 1] {
        let mark = Int32(u)
        for g in grouped {
          for p in Int(g.offsets[u])..<Int(g.offsets[u + 1]) {
            let i = Int(g.items[p])
            if lastUser[i] == mark { return true }
            lastUser[i] = mark
          }
        }
      }
      return false
    }
    return found.contains(true)
  }

  /// `body(0)`, …, `body(count - 1)` run on all cores, their results in order.
  private static func inParallel<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
    if count == 1 { return [body(0)] }
    let results = Results<T>(count)
    DispatchQueue.concurrentPerform(iterations: count) { i in results.set(i, body(i)) }
    return results.values
  }

  /// The results of `inParallel`'s tasks, each set once under a lock.
  private final class Results<T> {
    private let lock = NSLock()
    private var slots: [T?]
    init(_ count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: T) { lock.withLock { slots[i] = value } }
    var values: [T] { lock.withLock { slots.map { $0! } } }
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
          DuplicateRatings.hasRepeatedPair(users: users, items: items, userCount: userCount, itemCount: itemCount),
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
