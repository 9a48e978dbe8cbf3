/// The order in which the Gibbs sampler draws a group's columns, and which of them it may draw
/// at the same time.
///
/// Two columns that never share a row are conditionally independent given everything else:
/// the conditional of column i reads the residuals and q caches of its own rows only, and its
/// draw writes only those. So a group's columns are colored (greedy, Welsh–Powell: most
/// neighbours first) so that no two columns of one color share a row, and each color is drawn
/// in parallel blocks balanced by nonzeros. A one-hot group (users, items: one column per row)
/// is one color. Knowledge-tracing skills and their win/fail counts, or an item's tags, share
/// rows only between the few columns that co-occur, and take a handful of colors.
///
/// The chain does not depend on the blocks or the core count: every column draws from its own
/// random stream, and columns drawn at once touch disjoint rows.
struct ColumnSchedule {
  /// Columns in drawing order: each group's own positions (its column range) hold its columns
  /// sorted by (color, column).
  let order: [Int32]
  /// Per group, per color, the blocks of positions in `order` drawn in parallel.
  let classes: [[[Range<Int>]]]

  /// Colors per group (1 for a one-hot group; the column count for a group drawn in order).
  var colorCounts: [Int] { classes.map(\.count) }

  /// Co-occurring pairs to examine before a group is drawn in order instead: bounds the
  /// setup time on groups whose rows hold many columns each (a dense tag set).
  static let maxPairs = 20_000_000
  /// Nonzeros below which a color's columns are drawn inline: dispatching costs more.
  static let minParallelNonzeros = 2048

  /// `rows` is the design by row, `columnOffsets` its CSC offsets (nonzeros of column i are
  /// `columnOffsets[i]..<columnOffsets[i+1]`), `groups` the groups' column ranges (contiguous,
  /// covering every column), `inOrder[g]` whether group g is always drawn in
  /// order (dense numeric groups: nearly every row holds all of their columns).
  init(rows: SparseRows, columnOffsets: [Int], groups: [Range<Int>], inOrder: [Bool], workers: Int) {
    var order = [Int32](repeating: 0, count: columnOffsets.count - 1)
    var classes: [[[Range<Int>]]] = []
    let pairs = Self.cooccurrences(rows: rows, groups: groups, skip: inOrder)
    for (g, cols) in groups.enumerated() {
      let nnz = { (i: Int) in columnOffsets[i + 1] - columnOffsets[i] }
      guard let neighbours = pairs[g] else {
        // In order: one column a color, each drawn alone.
        for i in cols { order[i] = Int32(i) }
        classes.append(cols.map { [$0..<($0 + 1)] })
        continue
      }
      let color = Self.greedyColors(count: cols.count, neighbours: neighbours)
      let colorCount = (color.max() ?? -1) + 1
      var members = [[Int]](repeating: [], count: colorCount)
      for c in cols.indices { members[color[c - cols.lowerBound]].append(c) }
      var position = cols.lowerBound
      var groupClasses: [[Range<Int>]] = []
      for list in members {
        let start = position
        for c in list { order[position] = Int32(c); position += 1 }
        groupClasses.append(Self.balancedBlocks(start..<position, order: order, nonzeros: nnz, parts: workers * 4))
      }
      classes.append(groupClasses)
    }
    self.order = order
    self.classes = classes
  }

  /// Per group, each column's neighbours (indices within the group) through shared rows; nil
  /// for a group drawn in order. Rows holding the same set of a group's columns add their
  /// edges once.
  private static func cooccurrences(rows: SparseRows, groups: [Range<Int>], skip: [Bool]) -> [[Set<Int32>]?] {
    var result: [[Set<Int32>]?] = groups.indices.map { skip[$0] ? nil : [Set<Int32>](repeating: [], count: groups[$0].count) }
    var distinct = [Set<[Int32]>](repeating: [], count: groups.count)
    var pairCount = [Int](repeating: 0, count: groups.count)
    var scratch = [[Int32]](repeating: [], count: groups.count)
    // Group of each column, for one pass over the rows.
    let columnCount = groups.map(\.upperBound).max() ?? 0
    var groupOf = [Int32](repeating: -1, count: columnCount)
    for (g, cols) in groups.enumerated() where !skip[g] { for i in cols { groupOf[i] = Int32(g) } }
    for r in 0..<rows.rowCount {
      for g in groups.indices { scratch[g].removeAll(keepingCapacity: true) }
      for t in rows.range(r) {
        let i = Int(rows.columns[t])
        guard i < columnCount, groupOf[i] >= 0 else { continue }
        let g = Int(groupOf[i])
        scratch[g].append(Int32(i - groups[g].lowerBound))
      }
      for g in groups.indices where scratch[g].count > 1 && result[g] != nil {
        let set = scratch[g].sorted()
        guard distinct[g].insert(set).inserted else { continue }
        pairCount[g] += set.count * (set.count - 1) / 2
        if pairCount[g] > maxPairs { result[g] = nil; distinct[g] = []; continue }
        for a in set { for b in set where a != b { result[g]![Int(a)].insert(b) } }
      }
    }
    return result
  }

  /// Welsh–Powell: columns by decreasing degree (then index), each given the smallest color
  /// none of its neighbours has.
  private static func greedyColors(count: Int, neighbours: [Set<Int32>]) -> [Int] {
    let byDegree = (0..<count).sorted { (neighbours[$0].count, $1) > (neighbours[$1].count, $0) }
    var color = [Int](repeating: -1, count: count)
    var taken = [Bool]()
    for c in byDegree {
      taken = [Bool](repeating: false, count: neighbours[c].count + 1)
      for n in neighbours[c] where color[Int(n)] >= 0 && color[Int(n)] < taken.count { taken[color[Int(n)]] = true }
      color[c] = taken.firstIndex(of: false) ?? taken.count
    }
    return color
  }

  /// Contiguous blocks of `positions` holding similar numbers of nonzeros (plus one per
  /// column); a single block when the color is too small to pay for a dispatch.
  private static func balancedBlocks(_ positions: Range<Int>, order: [Int32], nonzeros: (Int) -> Int, parts: Int) -> [Range<Int>] {
    guard !positions.isEmpty else { return [] }
    let total = positions.reduce(0) { $0 + nonzeros(Int(order[$1])) + 1 }
    guard total >= minParallelNonzeros, parts > 1, positions.count > 1 else { return [positions] }
    var out: [Range<Int>] = [], start = positions.lowerBound, done = 0
    for pos in positions {
      done += nonzeros(Int(order[pos])) + 1
      if done * parts >= total * (out.count + 1) || pos + 1 == positions.upperBound {
        out.append(start..<(pos + 1))
        start = pos + 1
      }
    }
    return out
  }
}
