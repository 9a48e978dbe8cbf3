/// The metrics (from `Metric.all`) that fit a test set, and the subsets of a test set that
/// the BALSE comparison table reports.
public enum Evaluate {
  /// The metrics `eval` reports on `data`, from `Metric.all`: auc, acc, nll, rmse and ndcg on
  /// 0/1 outcomes; rmse, mae and ndcg on ratings.
  public static func metrics(for data: Ratings) -> [Metric] {
    Metric.all.filter { $0.isReported(on: data) }
  }

  public static func metricNames(for data: Ratings) -> [String] { metrics(for: data).map(\.name) }

  /// A column of the comparison table: which test ratings it keeps.
  public enum Subset: Equatable {
    /// Every test rating.
    case all
    /// The test ratings on the items least rated in training (at least once), taking items from
    /// the least rated up until at least `n` test ratings are gathered (the paper's "1000 least
    /// rated"); cold items are left to `.cold`.
    case least(Int)
    /// The test ratings on items with no training rating.
    case cold

    public var name: String {
      switch self {
      case .all: return "all"
      case .least(let n): return "least \(n)"
      case .cold: return "cold"
      }
    }
  }

  /// Positions in `test` kept by `subset`, judged by the training counts `model` recorded, so
  /// it works for models opened from files too.
  public static func rows(of test: Ratings, _ subset: Subset, trainedAs model: Model) -> [Int32] {
    switch subset {
    case .all:
      return (0..<Int32(test.count)).map { $0 }
    case .cold, .least:
      let map = model.translate(test.universe.items, modelMap: model.info.itemIds, known: model.info.itemCount)
      let counts = model.info.itemCounts
      func trainCount(_ k: Int) -> Int32 {
        let i = map(test.item(k))
        return i < 0 ? 0 : counts[Int(i)]
      }
      if case .cold = subset {
        return (0..<test.count).filter { trainCount($0) == 0 }.map { Int32($0) }
      }
      guard case .least(let n) = subset else { return [] }
      // Group test ratings by item, order items by training count (then item index).
      var byItem: [Int32: [Int32]] = [:]
      for k in 0..<test.count { byItem[test.item(k), default: []].append(Int32(k)) }
      let items = byItem.keys.sorted { a, b in
        let ca = trainCount(Int(byItem[a]![0])), cb = trainCount(Int(byItem[b]![0]))
        return (ca, a) < (cb, b)
      }
      // Cold items (no training rating) are the `.cold` column, not part of this one, as in
      // `Ratings.subset(which: .least)`.
      var out: [Int32] = []
      for i in items where out.count < n && trainCount(Int(byItem[i]![0])) > 0 { out += byItem[i]! }
      return out.sorted()
    }
  }
}
