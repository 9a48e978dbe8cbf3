import Foundation

/// `encode DATA as=…`: knowledge-tracing features counted from each user's history.
///
/// Every count uses only the attempts strictly before the one encoded, in time order per
/// user (by the time column when the data has one, ties and data without time in data
/// order), so a model fitted on encoded data predicts an attempt from the history before it
/// and never from a later attempt. The counts are over the data encoded: encode all of a
/// data set, then split it or `cv` it; or encode a test file of its own students.
public enum KnowledgeTracingEncoder {
  /// The skills of each attempt: row k (a position in the data encoded) lists its skill
  /// columns and weights (1 for a 0/1 Q-matrix or a skill column).
  public struct SkillMap {
    public let names: [String]
    public let rows: SparseRows
    /// "skills of q.csv" or "column skill", for displays and messages.
    public let source: String
    /// The categorical column of the data they come from, if any.
    public let column: String?

    public init(names: [String], rows: SparseRows, source: String, column: String? = nil) {
      self.names = names
      self.rows = rows
      self.source = source
      self.column = column
    }

    /// Each attempt's item's skills from a Q-matrix (`items` read as weighted tags).
    public static func qMatrix(_ q: Items, for data: Ratings) -> SkillMap {
      let byItem = q.tagMatrix(universe: data.universe, itemCount: data.itemCount)
      var offsets = [0], cols: [Int32] = [], vals: [Float] = []
      offsets.reserveCapacity(data.count + 1)
      for k in 0..<data.count {
        let i = Int(data.item(k))
        if i < byItem.rowCount {
          for p in byItem.range(i) { cols.append(byItem.columns[p]); vals.append(byItem.values[p]) }
        }
        offsets.append(cols.count)
      }
      return SkillMap(names: q.tagNames, rows: SparseRows(offsets: offsets, columns: cols, values: vals),
                      source: "skills of \(q.name)")
    }

    /// One skill per attempt from codes (-1: none) whose names are `levels`.
    public static func column(_ name: String, codes: [Int32], levels: [String]) -> SkillMap {
      var offsets = [0], cols: [Int32] = [], vals: [Float] = []
      offsets.reserveCapacity(codes.count + 1)
      for c in codes {
        if c >= 0 && Int(c) < levels.count { cols.append(c); vals.append(1) }
        offsets.append(cols.count)
      }
      return SkillMap(names: levels, rows: SparseRows(offsets: offsets, columns: cols, values: vals),
                      source: "skills of column \(name)", column: name)
    }
  }

  /// The windows of das3h's counts, in seconds (the last: all of the history).
  public static let windows: [(name: String, seconds: Int64)] = [
    ("1h", 3600), ("1d", 86_400), ("1w", 7 * 86_400), ("1mo", 30 * 86_400), ("all", .max),
  ]

  /// `data` with the features of `scheme` attached (same store, rows and universe).
  /// - Throws: when the data are not 0/1 outcomes, when the scheme needs skills and `skills`
  ///   is nil, or das3h without a time column.
  public static func encode(_ data: Ratings, as scheme: Encoding.Scheme, skills: SkillMap?) throws -> Ratings {
    try data.requireUsersAndItems(for: "encode", hint: "a libFM design is already a design: fit it as it is")
    guard data.isBinary else {
      throw MKError(.value, "encode needs 0/1 outcomes, and '\(data.name)' holds ratings",
                    hint: "load attempts with a 'correct' column of 0 and 1")
    }
    if scheme == .das3h && !data.hasTime {
      throw MKError(.value, "encode as=das3h counts attempts in time windows, and '\(data.name)' has no time column",
                    hint: "load a file with a time column, or encode as=iswf")
    }
    var groups: [Encoding.Group] = []
    var names: [String] = [], source = "", column: String?
    if scheme.needsSkills {
      guard let skills else {
        throw MKError(.value, "encode as=\(scheme.rawValue) needs the skills of each attempt, and '\(data.name)' has no skill column",
                      hint: "give skills=Q (an items table of item → skills, a Q-matrix) or skills=COLUMN")
      }
      precondition(skills.rows.rowCount == data.count)
      names = skills.names
      source = skills.source
      column = skills.column
      groups = counts(data, scheme: scheme, skills: skills)
    }
    let encoding = Encoding(scheme: scheme, skillNames: names, skillSource: source, skillColumn: column, groups: groups)
    return Ratings(universe: data.universe, store: data.store, rows: data.rows,
                   name: "\(data.name) as \(scheme.rawValue)", scale: data.scale, items: data.items, encoding: encoding)
  }

  /// Positions 0..<count of `data` in time order per user: users in index order, each user's
  /// attempts by time (stable: ties keep data order), or in data order without time.
  static func chronological(_ data: Ratings) -> [Int32] {
    let n = data.count, users = data.userIndices
    var start = [Int](repeating: 0, count: data.userCount + 1)
    for u in users { start[Int(u) + 1] += 1 }
    for u in 0..<data.userCount { start[u + 1] += start[u] }
    var order = [Int32](repeating: 0, count: n), next = start
    for k in 0..<n {
      let u = Int(users[k])
      order[next[u]] = Int32(k)
      next[u] += 1
    }
    guard data.hasTime else { return order }
    let times = (0..<n).map { data.time($0) ?? 0 }
    for u in 0..<data.userCount where start[u + 1] - start[u] > 1 {
      // A stable sort of one user's attempts by time: (time, position) is a total order.
      order[start[u]..<start[u + 1]].sort { (times[Int($0)], $0) < (times[Int($1)], $1) }
    }
    return order
  }

  /// The per-attempt groups of a scheme that reads skills.
  private static func counts(_ data: Ratings, scheme: Encoding.Scheme, skills: SkillMap) -> [Encoding.Group] {
    let width = skills.names.count, map = skills.rows
    let windowed = scheme == .das3h
    // Per group, one slot per (attempt, skill of the attempt): slot p = map.offsets[k] + j.
    // A count of 0 is no entry; the rows are compacted at the end.
    let groupNames: [String] = windowed
      ? ["skills"] + windows.flatMap { ["wins_\($0.name)", "attempts_\($0.name)"] }
      : ["skills", "wins", "fails"]
    var slots = [[Float]](repeating: [Float](repeating: 0, count: map.nonzeros), count: groupNames.count)
    for p in 0..<map.nonzeros { slots[0][p] = map.values[p] }

    let values = data.values, users = data.userIndices
    let order = chronological(data)
    var wins = [Float](repeating: 0, count: width), tries = [Float](repeating: 0, count: width)
    var touched: [Int32] = [], isTouched = [Bool](repeating: false, count: width)
    // das3h: each skill's earlier attempts of the current user, their times and running wins,
    // and per window the first of them still inside it.
    var history = [[(time: Int64, wins: Float)]](repeating: [], count: windowed ? width : 0)
    var first = [[Int]](repeating: [Int](repeating: 0, count: windowed ? width : 0), count: windows.count)
    var previousUser: Int32 = -1
    for k32 in order {
      let k = Int(k32), u = users[k]
      if u != previousUser {
        for s in touched {
          let s = Int(s)
          wins[s] = 0; tries[s] = 0; isTouched[s] = false
          if windowed {
            history[s].removeAll(keepingCapacity: true)
            for w in windows.indices { first[w][s] = 0 }
          }
        }
        touched.removeAll(keepingCapacity: true)
        previousUser = u
      }
      let won: Float = values[k] >= 0.5 ? 1 : 0
      let t = windowed ? (data.time(k) ?? 0) : 0
      for p in map.range(k) where map.values[p] != 0 {
        let s = Int(map.columns[p])
        if windowed {
          let h = history[s]
          for (w, window) in windows.enumerated() {
            var f = first[w][s]
            if window.seconds != .max { while f < h.count && t - h[f].time >= window.seconds { f += 1 } }
            first[w][s] = f
            let before: Float = f == 0 ? 0 : h[f - 1].wins
            let attempts = Float(h.count - f), winsIn = (h.last?.wins ?? 0) - before
            slots[1 + 2 * w][p] = Foundation.log(1 + winsIn)
            slots[2 + 2 * w][p] = Foundation.log(1 + attempts)
          }
          history[s].append((t, (h.last?.wins ?? 0) + won))
        } else {
          slots[1][p] = wins[s]
          slots[2][p] = tries[s] - wins[s]
        }
        if !isTouched[s] { isTouched[s] = true; touched.append(Int32(s)) }
        wins[s] += won
        tries[s] += 1
      }
    }
    return groupNames.indices.map { g in
      Encoding.Group(name: groupNames[g], kind: g == 0 ? .multiHot : .counts, width: width,
                     rows: storeRows(map, slots[g], of: data))
    }
  }

  /// The nonzero slots as rows indexed by store row (rows of the store outside `data` empty).
  private static func storeRows(_ map: SparseRows, _ slot: [Float], of data: Ratings) -> SparseRows {
    let storeCount = data.store.count
    var length = [Int](repeating: 0, count: storeCount)
    for k in 0..<data.count { for p in map.range(k) where slot[p] != 0 { length[data.row(k)] += 1 } }
    var offsets = [Int](repeating: 0, count: storeCount + 1)
    for r in 0..<storeCount { offsets[r + 1] = offsets[r] + length[r] }
    var cols = [Int32](repeating: 0, count: offsets[storeCount]), vals = [Float](repeating: 0, count: offsets[storeCount])
    for k in 0..<data.count {
      var q = offsets[data.row(k)]
      for p in map.range(k) where slot[p] != 0 {
        cols[q] = map.columns[p]
        vals[q] = slot[p]
        q += 1
      }
    }
    return SparseRows(offsets: offsets, columns: cols, values: vals)
  }
}
