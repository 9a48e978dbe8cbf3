import Foundation

/// Accuracy metrics. Sums accumulate in Double.
public enum Metrics {
  public static func rmse(_ predicted: [Float], _ actual: [Float]) -> Double {
    guard !actual.isEmpty else { return .nan }
    var s = 0.0
    for k in 0..<actual.count { let e = Double(predicted[k]) - Double(actual[k]); s += e * e }
    return (s / Double(actual.count)).squareRoot()
  }

  public static func mae(_ predicted: [Float], _ actual: [Float]) -> Double {
    guard !actual.isEmpty else { return .nan }
    var s = 0.0
    for k in 0..<actual.count { s += abs(Double(predicted[k]) - Double(actual[k])) }
    return s / Double(actual.count)
  }

  /// Area under the ROC curve for 0/1 outcomes: the probability that a random positive scores
  /// above a random negative (ties count half). O(n log n) by ranking.
  public static func auc(_ predicted: [Float], _ actual: [Float]) -> Double {
    let order = (0..<actual.count).sorted { predicted[$0] < predicted[$1] }
    var rankSum = 0.0, positives = 0.0
    var k = 0
    while k < order.count {
      var j = k
      while j + 1 < order.count && predicted[order[j + 1]] == predicted[order[k]] { j += 1 }
      let midRank = Double(k + j) / 2 + 1
      for t in k...j where actual[order[t]] > 0.5 { rankSum += midRank; positives += 1 }
      k = j + 1
    }
    let negatives = Double(actual.count) - positives
    guard positives > 0, negatives > 0 else { return .nan }
    return (rankSum - positives * (positives + 1) / 2) / (positives * negatives)
  }

  /// Share of outcomes on the right side of 0.5.
  public static func accuracy(_ predicted: [Float], _ actual: [Float]) -> Double {
    guard !actual.isEmpty else { return .nan }
    var right = 0
    for k in 0..<actual.count where (predicted[k] >= 0.5) == (actual[k] > 0.5) { right += 1 }
    return Double(right) / Double(actual.count)
  }

  /// Mean negative log-likelihood of 0/1 outcomes, probabilities clamped to [1e-7, 1 − 1e-7].
  public static func nll(_ predicted: [Float], _ actual: [Float]) -> Double {
    guard !actual.isEmpty else { return .nan }
    var s = 0.0
    for k in 0..<actual.count {
      let p = min(max(Double(predicted[k]), 1e-7), 1 - 1e-7)
      s -= actual[k] > 0.5 ? log(p) : log(1 - p)
    }
    return s / Double(actual.count)
  }

  /// Mean NDCG@k over users with some gain: each user's test items ranked by predicted score,
  /// gain = 2^rating − 1 relative to the user's lowest rating on the scale (so the lowest rating
  /// gains 0), discount log2(rank + 1), normalized by the ideal ranking. Tied predictions count
  /// their expected DCG over every order of the tie: each position of a tied group gets the
  /// group's mean gain (McSherry & Najork, "Computing information retrieval performance measures
  /// efficiently in the presence of tied scores", ECIR 2008), so the score does not depend on the
  /// order of the rows. Users whose ideal DCG is 0 (every test rating at the bottom of the scale)
  /// have nothing to rank and are skipped; NaN when no user is left.
  public static func ndcg(_ predicted: [Float], _ data: Ratings, k: Int) -> Double {
    let lo = Double(data.range.lowerBound)
    var perUser = [[(pred: Float, gain: Double)]](repeating: [], count: data.byUser.rowCount)
    for r in 0..<data.count {
      perUser[Int(data.user(r))].append((predicted[r], pow(2, Double(data.value(r)) - lo) - 1))
    }
    var total = 0.0, users = 0
    for list in perUser where !list.isEmpty {
      let depth = min(k, list.count)
      let ideal = list.map(\.gain).sorted(by: >)
      var idcg = 0.0
      for r in 0..<depth { idcg += ideal[r] * discount(r) }
      guard idcg > 0 else { continue }
      let ranked = list.sorted { $0.pred > $1.pred }
      var dcg = 0.0, start = 0
      while start < depth {
        var end = start + 1
        while end < ranked.count && ranked[end].pred == ranked[start].pred { end += 1 }
        var gain = 0.0
        for t in start..<end { gain += ranked[t].gain }
        gain /= Double(end - start)
        for r in start..<min(end, depth) { dcg += gain * discount(r) }
        start = end
      }
      users += 1
      total += dcg / idcg
    }
    return users == 0 ? .nan : total / Double(users)
  }

  private static func discount(_ rank: Int) -> Double { 1 / log2(Double(rank) + 2) }
}
