import Foundation

/// A summary of a `Ratings`: sizes, density, value histogram, ratings per user and per item.
public struct RatingsDescription: CustomStringConvertible {
  /// Min, median, mean and max of a count (ratings per user, or per item).
  public struct Counts: Equatable {
    public var min: Int
    public var median: Double
    public var mean: Double
    public var max: Int

    public init(min: Int, median: Double, mean: Double, max: Int) {
      self.min = min
      self.median = median
      self.mean = mean
      self.max = max
    }
  }

  /// One bar of the value histogram: a word, a value, or a range of values.
  public struct Bin: Equatable {
    public var label: String
    public var count: Int

    public init(label: String, count: Int) {
      self.label = label
      self.count = count
    }
  }

  public var name: String
  /// Distinct users with at least one rating here.
  public var users: Int
  /// Distinct items with at least one rating here.
  public var items: Int
  public var ratings: Int
  /// ratings / (users × items).
  public var density: Double
  public var scale: Ratings.Scale
  /// Per word for Mangaki words; per value when at most 20 distinct values; else 10 bins.
  public var histogram: [Bin]
  public var perUser: Counts
  public var perItem: Counts
  /// Earliest and latest time (seconds since the epoch), when the data has a time column.
  public var timeRange: ClosedRange<Int64>?

  public var description: String {
    var s = "\(name): \(ratings) ratings, \(users) users, \(items) items"
    s += String(format: " (density %.2f%%)\n", density * 100)
    switch scale {
    case .mangakiWords: s += "values: Mangaki words\n"
    case .binary: s += "values: 0/1 outcomes\n"
    case .numeric: s += "values: numbers\n"
    }
    let width = histogram.map { $0.label.count }.max() ?? 0
    let top = histogram.map { $0.count }.max() ?? 0
    for b in histogram {
      let bar = top == 0 ? 0 : Int((30 * Double(b.count) / Double(top)).rounded())
      let pad = String(repeating: " ", count: width - b.label.count)
      s += "  \(pad)\(b.label)  \(String(repeating: "#", count: bar)) \(b.count)\n"
    }
    func line(_ what: String, _ c: Counts) -> String {
      String(format: "%@: min %d, median %g, mean %.1f, max %d\n", what, c.min, c.median, c.mean, c.max)
    }
    s += line("ratings per user", perUser)
    s += line("ratings per item", perItem)
    if let t = timeRange {
      s += "time: \(Timestamp.format(t.lowerBound)) to \(Timestamp.format(t.upperBound))\n"
    }
    return String(s.dropLast())
  }
}

extension Ratings {
  /// Sizes, density, value histogram, ratings per user and per item, and the time range.
  public func describe() -> RatingsDescription {
    let perUser = counts(userIndices, userCount)
    let perItem = counts(itemIndices, itemCount)
    let users = perUser.count, items = perItem.count
    var timeRange: ClosedRange<Int64>? = nil
    if hasTime, count > 0 {
      var lo = Int64.max, hi = Int64.min
      for k in 0..<count { let t = time(k)!; lo = min(lo, t); hi = max(hi, t) }
      timeRange = lo...hi
    }
    return RatingsDescription(
      name: name, users: users, items: items, ratings: count,
      density: users * items == 0 ? 0 : Double(count) / (Double(users) * Double(items)),
      scale: scale, histogram: histogram(), perUser: summary(perUser), perItem: summary(perItem),
      timeRange: timeRange)
  }

  /// Nonzero counts of each index.
  private func counts(_ indices: [Int32], _ n: Int) -> [Int] {
    var c = [Int](repeating: 0, count: n)
    for i in indices { c[Int(i)] += 1 }
    return c.filter { $0 > 0 }
  }

  private func summary(_ c: [Int]) -> RatingsDescription.Counts {
    guard !c.isEmpty else { return .init(min: 0, median: 0, mean: 0, max: 0) }
    let s = c.sorted()
    let m = s.count / 2
    let median = s.count % 2 == 1 ? Double(s[m]) : Double(s[m - 1] + s[m]) / 2
    return .init(min: s[0], median: median, mean: Double(count) / Double(s.count), max: s[s.count - 1])
  }

  private func histogram() -> [RatingsDescription.Bin] {
    var byValue: [Float: Int] = [:]
    for v in values { byValue[v, default: 0] += 1 }
    if scale == .mangakiWords {
      return MangakiWord.allCases.map { .init(label: $0.rawValue, count: byValue[$0.value] ?? 0) }
    }
    // Per value when each of a few values has its own label (1 ... 5), not for nearby reals (1.17, 1.17).
    let keys = byValue.keys.sorted()
    if keys.count <= 20, Set(keys.map(label)).count == keys.count {
      return keys.map { .init(label: label($0), count: byValue[$0]!) }
    }
    // In Double: hi - lo overflows Float for ratings near ±3e38, and Int(nan) traps.
    let lo = Double(range.lowerBound), hi = Double(range.upperBound)
    let step = (hi - lo) / 10
    var bins = [Int](repeating: 0, count: 10)
    for v in values { bins[step > 0 ? min(9, max(0, Int((Double(v) - lo) / step))) : 0] += 1 }
    return (0..<10).map { b in
      let a = Float(lo + Double(b) * step), z = b == 9 ? Float(hi) : Float(lo + Double(b + 1) * step)
      return .init(label: "[\(label(a)), \(label(z))\(b == 9 ? "]" : ")")", count: bins[b])
    }
  }

  private func label(_ v: Float) -> String {
    v == v.rounded() && abs(v) < 1e7 ? String(Int(v)) : String(format: "%.3g", Double(v))
  }
}
