/// A small table for displays: `compare`, `M.history`, `M.hyperparameters`, `describe`.
///
/// Cells are text or numbers; numbers are formatted with four decimals (integers as
/// integers). A column may mark its best value (the lowest RMSE, the highest AUC).
public struct Table {
  public enum Cell {
    case text(String)
    case number(Double)
  }

  public enum Alignment { case left, right }
  /// Which value of a column is best, if any.
  public enum Best { case lowest, highest }

  public struct Column {
    public var header: String
    public var alignment: Alignment
    public var best: Best?
    public init(_ header: String, alignment: Alignment = .right, best: Best? = nil) {
      self.header = header
      self.alignment = alignment
      self.best = best
    }
  }

  public var title: String
  public var columns: [Column]
  public var rows: [[Cell]]
  /// At most this many rows are shown (a long table such as `M.items`), followed by a line
  /// saying how many more there are; members and `export` see every row. nil: all.
  public var shownRows: Int?
  /// A display that is text rather than the grid (`describe`'s histogram bars); members and
  /// `export` still see the cells. nil: the grid.
  public var preformatted: String?

  public init(title: String = "", columns: [Column], rows: [[Cell]] = [], shownRows: Int? = nil) {
    self.title = title
    self.columns = columns
    self.rows = rows
    self.shownRows = shownRows
  }

  /// The rows a display shows, and the line that says what it leaves out ("" when nothing).
  public var displayedRows: (rows: ArraySlice<[Cell]>, more: String) {
    guard let n = shownRows, rows.count > n else { return (rows[...], "") }
    return (rows.prefix(n), "… \(rows.count - n) more rows (export writes them all)")
  }

  /// A table of texts with left-aligned headers: `Table(title:, headers: ["name", "value"])`.
  public init(title: String = "", headers: [String], rows: [[Cell]] = []) {
    self.init(title: title, columns: headers.map { Column($0, alignment: .left) }, rows: rows)
  }

  public mutating func append(_ row: [Cell]) { rows.append(row) }

  /// The row index of each column's best number, where the column asks for one.
  public var bestRows: [Int?] {
    columns.indices.map { c in
      guard let best = columns[c].best else { return nil }
      var pick: (Int, Double)?
      for (r, row) in rows.enumerated() {
        guard c < row.count, case .number(let v) = row[c], !v.isNaN else { continue }
        if pick == nil || (best == .lowest ? v < pick!.1 : v > pick!.1) { pick = (r, v) }
      }
      return pick?.0
    }
  }

  /// Aligned plain text: title, header, a rule, rows; the best value of a column is marked
  /// with `*` (bold as well when `color`).
  public func render(digits: Int = 4, color: Bool = false) -> String {
    if let preformatted { return preformatted }
    let best = bestRows
    let marks = columns.contains { $0.best != nil }
    var text: [[String]] = [columns.map { marks && $0.best != nil ? $0.header + " " : $0.header }]
    let (shown, more) = displayedRows
    for (r, row) in shown.enumerated() {
      text.append(columns.indices.map { c in
        let cell = c < row.count ? row[c] : .text("")
        var s: String
        switch cell {
        case .text(let t): s = t
        case .number(let d): s = formatNumber(d, digits: digits)
        }
        if marks && columns[c].best != nil { s += best[c] == r ? "*" : " " }
        return s
      })
    }
    let widths = columns.indices.map { c in text.map { $0[c].count }.max() ?? 0 }
    var lines: [String] = []
    if !title.isEmpty { lines.append(title) }
    for (r, row) in text.enumerated() {
      let cells = columns.indices.map { c -> String in
        let pad = String(repeating: " ", count: widths[c] - row[c].count)
        var s = columns[c].alignment == .left ? row[c] + pad : pad + row[c]
        if color, r > 0, best[c] == r - 1 { s = "\u{1B}[1m" + s + "\u{1B}[0m" }
        return s
      }
      var line = cells.joined(separator: "  ")
      while line.hasSuffix(" ") { line.removeLast() }
      lines.append(line)
      if r == 0 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
    }
    if !more.isEmpty { lines.append(more) }
    return lines.joined(separator: "\n")
  }
}
