/// Mangaki's item rankings, computed from ratings alone.
///
/// - `top`: items with at least `min` ratings, by mean rating (Mangaki's "top").
/// - `pearls`: little-known gems. An item is a pearl when it has between `minCount` and
///   `maxCount` ratings (Mangaki: 30...126) and its dislike/like ratio is at most 5/42. On
///   Mangaki's words, likes are `like` and `favorite`, dislikes are `dislike`; on a numeric
///   scale lo...hi, a like is a rating in the top 30% of the scale (≥ hi − 0.3·(hi − lo),
///   4 and 5 on 1–5) and a dislike one in the bottom 30% (≤ lo + 0.3·(hi − lo), 1 and 2 on
///   1–5). Pearls are ranked by like share, then by mean.
/// - `popular`: items by number of ratings.
/// - `controversial`: items with at least `min` ratings by the standard deviation of their
///   ratings (the items people disagree on most).
public enum ItemRankings {
  public struct Entry: Equatable {
    public let item: Int32
    public let count: Int
    public let mean: Double
    public let likes: Int
    public let dislikes: Int
    public let std: Double
  }

  /// Per-item statistics of `data`, for every item with at least one rating.
  public static func statistics(_ data: Ratings) -> [Entry] {
    let byItem = data.byItem
    let (likeAt, dislikeAt) = thresholds(data)
    var out: [Entry] = []
    for i in 0..<byItem.rowCount where byItem.length(i) > 0 {
      var s = 0.0, s2 = 0.0, likes = 0, dislikes = 0
      for p in byItem.range(i) {
        let v = byItem.values[p]
        s += Double(v); s2 += Double(v) * Double(v)
        if v >= likeAt { likes += 1 }
        if v <= dislikeAt { dislikes += 1 }
      }
      let n = Double(byItem.length(i)), mean = s / n
      out.append(Entry(item: Int32(i), count: byItem.length(i), mean: mean, likes: likes, dislikes: dislikes,
                       std: max(0, s2 / n - mean * mean).squareRoot()))
    }
    return out
  }

  /// Rating at or above which a rating is a like, and at or below which it is a dislike.
  public static func thresholds(_ data: Ratings) -> (like: Float, dislike: Float) {
    switch data.scale {
    case .mangakiWords: return (2, -2)          // like (2) and favorite (4); dislike (-2)
    case .binary: return (1, 0)
    case .numeric:
      let r = data.range, span = r.upperBound - r.lowerBound
      return (r.upperBound - 0.3 * span, r.lowerBound + 0.3 * span)
    }
  }

  public static func top(_ data: Ratings, n: Int, min minCount: Int) -> [Entry] {
    let stats = statistics(data).filter { $0.count >= minCount }
    return Array(stats.sorted { ($0.mean, $0.count, -$0.item) > ($1.mean, $1.count, -$1.item) }.prefix(n))
  }

  public static func pearls(_ data: Ratings, n: Int, minCount: Int = 30, maxCount: Int = 126,
                            ratio: Double = 5.0 / 42.0) -> [Entry] {
    let stats = statistics(data).filter { e in
      e.count >= minCount && e.count <= maxCount && e.likes > 0 && Double(e.dislikes) <= ratio * Double(e.likes)
    }
    func share(_ e: Entry) -> Double { Double(e.likes) / Double(e.count) }
    return Array(stats.sorted { (share($0), $0.mean, -$0.item) > (share($1), $1.mean, -$1.item) }.prefix(n))
  }

  public static func popular(_ data: Ratings, n: Int) -> [Entry] {
    Array(statistics(data).sorted { ($0.count, $0.mean, -$0.item) > ($1.count, $1.mean, -$1.item) }.prefix(n))
  }

  public static func controversial(_ data: Ratings, n: Int, min minCount: Int) -> [Entry] {
    let stats = statistics(data).filter { $0.count >= minCount }
    return Array(stats.sorted { ($0.std, $0.count, -$0.item) > ($1.std, $1.count, -$1.item) }.prefix(n))
  }
}
