import Foundation

/// Embeddings seen in 2-D: a model's item (or user) factors projected on their first two
/// principal axes (`PCA`), and the items at both ends of each axis — "visualizing all anime" and
/// "interpreting the components" of the Mangaki talk (Vie et al., *Deep Recommender Systems*).
public enum EmbeddingPlot {
  public enum Side: String { case items, users }

  /// At most this many points are drawn (the most rated), so an SVG stays a few megabytes.
  public static let maxPoints = 20_000

  /// The embedded rows the model learned from data, with their training rating counts.
  public static func rows(of model: any Model, _ side: Side) throws -> (matrix: Matrix, rows: [Int], counts: [Int]) {
    let info = model.info
    guard let e = side == .items ? model.itemEmbeddings : model.userEmbeddings else {
      throw MKError(.model, "a \(model.kindName) model has no \(side == .items ? "item" : "user") embeddings to plot",
                    hint: "use a factor model: als, sgd")
    }
    var rows: [Int] = [], counts: [Int] = []
    for r in 0..<e.rows {
      switch side {
      case .items where info.knows(item: Int32(r)):
        rows.append(r)
        counts.append(Int(info.itemCounts[r]))
      case .users where info.knows(user: Int32(r)):
        rows.append(r)
        counts.append(info.seen.length(r))
      default: continue
      }
    }
    guard rows.count >= 2 else {
      throw MKError(.value, "the model has \(rows.count) \(side.rawValue) with embeddings; a plot needs at least 2")
    }
    return (e, rows, counts)
  }

  /// Indices into `rows` by decreasing count, ties by row: "the most rated first".
  static func byCount(_ counts: [Int]) -> [Int] {
    counts.indices.sorted { (counts[$0], -$0) > (counts[$1], -$1) }
  }

  /// The scatter of `side`'s embeddings on the first two principal axes.
  /// - Parameters:
  ///   - name: the full name of a model index (a title, or the raw id).
  ///   - labelled: how many of the most-rated points carry a visible label.
  ///   - group: the legend group of a model index (-1: none), when `groups` is not empty.
  public static func scatter(_ model: any Model, side: Side, title: String, name: (Int32) -> String,
                             labelled: Int, groups: [String] = [], group: (Int32) -> Int = { _ in -1 }) throws -> Scatter {
    let (e, rows, counts) = try rows(of: model, side)
    let pca = try PCA(e, rows: rows)
    let order = byCount(counts)
    let kept = Array(order.prefix(maxPoints))
    let labels = Set(kept.prefix(labelled))
    // Dots first (in row order), then labelled points from the most rated down.
    let drawn = kept.filter { !labels.contains($0) }.sorted() + kept.prefix(labelled)
    let points = drawn.map { k -> Scatter.Point in
      let xy = pca.project(e, row: rows[k])
      return Scatter.Point(x: xy[0], y: xy[1], name: name(Int32(rows[k])), labelled: labels.contains(k),
                           group: groups.isEmpty ? -1 : group(Int32(rows[k])))
    }
    let explained = pca.explained + [0, 0]
    func axis(_ c: Int) -> String {
      "component \(c + 1) (\(formatPercent(explained[c])) of variance)"
    }
    return Scatter(title: title, xTitle: axis(0), yTitle: axis(1), points: points, groups: groups)
  }

  /// One principal axis and the items at both of its ends.
  public struct Component {
    /// The fraction of variance along the axis.
    public var explained: Double
    /// Model indices with the lowest coordinates, the lowest first.
    public var low: [Int32]
    /// Model indices with the highest coordinates, the highest first.
    public var high: [Int32]
  }

  /// The first `count` principal axes of `side`'s embeddings, each with the `n` points at
  /// either end; only points with at least `minCount` training ratings are listed (a rarely
  /// rated item's embedding is mostly its initialisation and regularisation).
  public static func components(_ model: any Model, side: Side = .items, count: Int, n: Int, minCount: Int = 1) throws -> [Component] {
    let (e, rows, counts) = try rows(of: model, side)
    let pca = try PCA(e, rows: rows)
    let listed = rows.indices.filter { counts[$0] >= minCount }
    guard !listed.isEmpty else {
      throw MKError(.value, "no \(side.rawValue) have at least \(minCount) ratings", hint: "lower min=")
    }
    let explained = pca.explained
    return (0..<min(count, pca.axes.count)).map { c in
      let coordinate = Dictionary(uniqueKeysWithValues: listed.map { ($0, pca.project(e, row: rows[$0], count: c + 1)[c]) })
      let sorted = listed.sorted { (coordinate[$0]!, rows[$0]) < (coordinate[$1]!, rows[$1]) }
      return Component(explained: explained[c], low: sorted.prefix(n).map { Int32(rows[$0]) },
                       high: sorted.reversed().prefix(n).map { Int32(rows[$0]) })
    }
  }

  /// "34.2%".
  public static func formatPercent(_ f: Double) -> String {
    String(format: "%.1f%%", 100 * f)
  }
}
