import MKCore

/// A data set's rows as a table (`head`): ids as the data writes them, the value, and the
/// columns it carries besides (time, categorical fields, numeric features).
enum DataRows {
  static func head(_ data: Ratings, n: Int) -> Table {
    if data.isBareDesign { return designHead(data, n: n) }
    var columns = [Table.Column("user", alignment: .left), Table.Column("item", alignment: .left),
                   Table.Column(data.isBinary ? "correct" : "rating")]
    if data.hasTime { columns.append(Table.Column("time", alignment: .left)) }
    let fields = data.categoryNames
    let levels = fields.map { data.universe.categories(named: $0) }
    columns += fields.map { Table.Column($0, alignment: .left) }
    columns += data.featureNames.map { Table.Column($0) }
    let shown = min(n, data.count)
    var table = Table(title: "first \(shown) of \(data.count) rows of \(data.name)", columns: columns)
    for k in 0..<shown {
      var row: [Table.Cell] = [.text(data.universe.users[data.user(k)]), .text(data.universe.items[data.item(k)]),
                               .number(Double(data.value(k)))]
      if data.hasTime { row.append(.text(data.time(k).map(Timestamp.format) ?? "")) }
      for (c, map) in levels.enumerated() {
        let code = data.category(c, k)
        row.append(.text(code >= 0 && Int(code) < map.count ? map[code] : ""))
      }
      for c in data.featureNames.indices { row.append(.number(Double(data.feature(c, k)))) }
      table.append(row)
    }
    return table
  }

  /// A libFM design's rows: the target, then each group's entries as `column:value` with the
  /// file's column numbers (the group's level names), as the file writes them.
  private static func designHead(_ data: Ratings, n: Int) -> Table {
    let groups = data.encoding?.groups ?? []
    let shown = min(n, data.count)
    var table = Table(title: "first \(shown) of \(data.count) rows of \(data.name)",
                      columns: [Table.Column(data.isBinary ? "correct" : "target")] + groups.map { Table.Column($0.name, alignment: .left) })
    for k in 0..<shown {
      var row: [Table.Cell] = [.number(Double(data.value(k)))]
      for g in groups {
        let r = data.row(k)
        row.append(.text(g.rows.range(r).map { p in
          let c = Int(g.rows.columns[p])
          return "\(g.levels.map { c < $0.count ? $0[c] : String(c) } ?? String(c)):\(formatNumber(Double(g.rows.values[p])))"
        }.joined(separator: " ")))
      }
      table.append(row)
    }
    return table
  }
}
