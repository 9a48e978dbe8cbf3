import Foundation

/// A summary of an `Items` table (`describe works`): its size, its tags, how many tags each
/// item carries, and the tags most items carry.
public struct ItemsDescription: CustomStringConvertible {
  public var name: String
  public var items: Int
  /// Distinct tags (columns of a wide table).
  public var tags: Int
  /// Items with at least one tag.
  public var tagged: Int
  /// Tags per item, over every item (untagged ones count 0).
  public var perItem: RatingsDescription.Counts
  /// The most common tags and how many items carry each, most common first (ties by name).
  public var common: [(tag: String, items: Int)]

  public var description: String {
    var s = "\(name): \(items) items, \(tags) tags, \(tagged) items tagged\n"
    let c = perItem
    s += String(format: "tags per item: min %d, median %g, mean %.1f, max %d\n", c.min, c.median, c.mean, c.max)
    if !common.isEmpty {
      s += "most common tags:\n"
      let width = common.map { $0.tag.count }.max() ?? 0
      let top = common.first?.items ?? 0
      for (tag, n) in common {
        let bar = top == 0 ? 0 : Int((30 * Double(n) / Double(top)).rounded())
        s += "  " + tag + String(repeating: " ", count: width - tag.count) + "  " + String(repeating: "#", count: bar) + " \(n)\n"
      }
    }
    return String(s.dropLast())
  }
}

extension Items {
  /// Sizes, tags per item and the `top` most common tags.
  public func describe(top: Int = 10) -> ItemsDescription {
    var perTag = [Int](repeating: 0, count: tagNames.count)
    var lengths = [Int](repeating: 0, count: count)
    for r in 0..<min(count, tags.rowCount) {
      lengths[r] = tags.length(r)
      for k in tags.range(r) where Int(tags.columns[k]) < perTag.count { perTag[Int(tags.columns[k])] += 1 }
    }
    let sorted = lengths.sorted()
    let m = sorted.count / 2
    let median = sorted.isEmpty ? 0 : sorted.count % 2 == 1 ? Double(sorted[m]) : Double(sorted[m - 1] + sorted[m]) / 2
    let counts = RatingsDescription.Counts(
      min: sorted.first ?? 0, median: median,
      mean: sorted.isEmpty ? 0 : Double(sorted.reduce(0, +)) / Double(sorted.count), max: sorted.last ?? 0)
    let common = perTag.indices.filter { perTag[$0] > 0 }
      .sorted { perTag[$0] != perTag[$1] ? perTag[$0] > perTag[$1] : tagNames[$0] < tagNames[$1] }
      .prefix(top).map { (tag: tagNames[$0], items: perTag[$0]) }
    return ItemsDescription(name: name, items: count, tags: tagNames.count, tagged: lengths.filter { $0 > 0 }.count,
                            perItem: counts, common: Array(common))
  }
}
