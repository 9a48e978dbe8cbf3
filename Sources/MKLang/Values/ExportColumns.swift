import MKCore

/// What `export` writes: named columns whose cells are read one at a time, so that a data set
/// of millions of ratings is formatted straight from its store, never copied into a table.
struct ExportColumns {
  var title: String
  /// The headers as displayed (`.md`, `.tex`).
  var headers: [String]
  /// The headers as words, the table's member names (`.csv`, `.tsv`, `.json`).
  var names: [String]
  var alignments: [Table.Alignment]
  /// The row of each column's best value, bold in `.md` and `.tex` as in displays.
  var best: [Int?]
  var rowCount: Int
  /// The cell at (row, column).
  var cell: (Int, Int) -> Table.Cell

  /// Every row of a table.
  init(_ t: Table) {
    self.init(t, rows: t.rows.count)
  }

  /// The first `rows` rows of a table.
  init(_ t: Table, rows: Int) {
    title = t.title
    headers = t.columns.map(\.header)
    names = t.memberNames
    alignments = t.columns.map(\.alignment)
    best = t.bestRows
    rowCount = rows
    let cells = t.rows
    cell = { r, c in c < cells[r].count ? cells[r][c] : .text("") }
  }

  /// A data set as loaded: user, item, rating (`correct` for 0/1 outcomes, so that `load`
  /// reads it back as such), time in seconds since the epoch when the data has times, then
  /// the numeric (`features=`) and categorical (`fields=`) columns kept with each rating.
  init(_ r: Ratings) {
    let users = r.universe.users, items = r.universe.items
    var headers = ["user", "item", r.isBinary ? "correct" : "rating"]
    var cells: [(Int) -> Table.Cell] = [
      { .text(users[r.user($0)]) }, { .text(items[r.item($0)]) }, { .float(r.value($0)) },
    ]
    if r.hasTime {
      headers.append("time")
      cells.append { k in .number(Double(r.time(k) ?? 0)) }
    }
    for (c, name) in r.featureNames.enumerated() {
      headers.append(name)
      cells.append { .float(r.feature(c, $0)) }
    }
    for (c, name) in r.categoryNames.enumerated() {
      headers.append(name)
      let levels = r.universe.categories(named: name)
      cells.append { k in
        let level = r.category(c, k)
        return .text(level >= 0 && Int(level) < levels.count ? levels[level] : "")
      }
    }
    title = "ratings \(r.name)"
    self.headers = headers
    names = Table(headers: headers).memberNames
    alignments = headers.map { _ in .left }
    best = headers.map { _ in nil }
    rowCount = r.count
    cell = { k, c in cells[c](k) }
  }
}
