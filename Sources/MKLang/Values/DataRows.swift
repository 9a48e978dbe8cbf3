import MKCore

/// A data set's rows as a table (`head`): ids as the data writes them, the value, and the
/// columns it carries besides (time, categorical fields, numeric features).
enum DataRows {
  static func head(_ data: Ratings, n: Int) -> Table {
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
}
