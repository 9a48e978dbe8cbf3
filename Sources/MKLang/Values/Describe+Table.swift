import MKCore

extension RatingsDescription {
  /// `describe DATA` as a table of (statistic, value) rows, displayed as the description's text
  /// (histogram bars and all) but read by members and `export`:
  /// `(describe d).value.density`, `(describe d).value.ratings_per_user_median`.
  var table: Table {
    var t = Table(title: "describe \(name)", columns: [Table.Column("statistic", alignment: .left), Table.Column("value")])
    func add(_ name: String, _ v: Double) { t.append([.text(name), .number(v)]) }
    add("ratings", Double(ratings))
    add("users", Double(users))
    add("items", Double(items))
    add("density", density)
    let values: String
    switch scale {
    case .mangakiWords: values = "Mangaki words"
    case .binary: values = "0/1 outcomes"
    case .numeric: values = "numbers"
    }
    t.append([.text("values"), .text(values)])
    for (what, c) in [("ratings per user", perUser), ("ratings per item", perItem)] {
      add("\(what) min", Double(c.min))
      add("\(what) median", c.median)
      add("\(what) mean", c.mean)
      add("\(what) max", Double(c.max))
    }
    if let range = timeRange {
      add("first time", Double(range.lowerBound))
      add("last time", Double(range.upperBound))
    }
    for b in histogram { add("count \(b.label)", Double(b.count)) }
    t.preformatted = description
    return t
  }
}

extension ItemsDescription {
  /// `describe ITEMS` as a table of (statistic, value) rows, displayed as the description's
  /// text: `(describe works).value.tags_per_item_mean`.
  var table: Table {
    var t = Table(title: "describe \(name)", columns: [Table.Column("statistic", alignment: .left), Table.Column("value")])
    func add(_ name: String, _ v: Double) { t.append([.text(name), .number(v)]) }
    add("items", Double(items))
    add("tags", Double(tags))
    add("items tagged", Double(tagged))
    add("tags per item min", Double(perItem.min))
    add("tags per item median", perItem.median)
    add("tags per item mean", perItem.mean)
    add("tags per item max", Double(perItem.max))
    for (tag, n) in common { add("items with \(tag)", Double(n)) }
    t.preformatted = description
    return t
  }
}
