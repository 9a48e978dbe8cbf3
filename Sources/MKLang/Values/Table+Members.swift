// MARK: - A table's columns and cells as members: `t.rmse`, `t.rmse.als`

extension Table {
  /// Members every table has; a column with one of these names is reached only by export.
  public static let reservedMembers = ["rows", "columns"]

  /// The name of each column as a word, for `t.NAME` and for the headers of `.csv`, `.tsv`
  /// and `.json` exports: `least 50 (53)` → `least_50` (a count in parentheses is the
  /// display's, not the column's name), `± rmse` → `rmse_ci` (cv's 95% half-width),
  /// `fit s` → `fit_s`, `#` → `rank`. Names that would repeat get `_2`, `_3`.
  public var memberNames: [String] {
    var seen: [String: Int] = [:]
    return columns.enumerated().map { c, column in
      let base = Table.memberName(column.header, position: c)
      seen[base, default: 0] += 1
      return seen[base]! == 1 ? base : base + "_\(seen[base]!)"
    }
  }

  /// One header as a word; `position` (from 0) names a header that has no letters or digits.
  public static func memberName(_ header: String, position: Int) -> String {
    var h = header.trimmingSpaces
    if h == "#" { return "rank" }
    var suffix = ""
    if h.hasPrefix("±") {
      h = String(h.dropFirst()).trimmingSpaces
      suffix = "_ci"
    }
    // A trailing "(N)" is the display's count of rows behind the column (compare's subsets).
    if h.hasSuffix(")"), let open = h.lastIndex(of: "("), open != h.startIndex {
      let inside = h[h.index(after: open)..<h.index(before: h.endIndex)]
      if !inside.isEmpty, inside.allSatisfy(\.isNumber) { h = String(h[..<open]).trimmingSpaces }
    }
    let word = asWord(h)
    if word.isEmpty { return "column_\(position + 1)" + suffix }
    return (word.first!.isNumber ? "c" + word : word) + suffix
  }

  /// Runs of anything but letters, digits and `_` become one `_`, trimmed at both ends, so the
  /// result lexes as a name: `"Toy Story (1995)"` → `Toy_Story_1995`.
  static func asWord(_ s: String) -> String {
    var out = ""
    var gap = false
    for ch in s {
      if ch.isLetter || ch.isNumber || ch == "_" {
        if gap && !out.isEmpty { out.append("_") }
        out.append(ch)
        gap = false
      } else {
        gap = true
      }
    }
    return out
  }

  /// The row labels: the first column's cells when every one is text (a model's name in
  /// `compare`, an option in `M.hyperparameters`); nil when the first column holds numbers.
  public var rowLabels: [String]? {
    guard !columns.isEmpty, !rows.isEmpty else { return nil }
    var labels: [String] = []
    labels.reserveCapacity(rows.count)
    for row in rows {
      guard let first = row.first, case .text(let t) = first else { return nil }
      labels.append(t)
    }
    return labels
  }

  /// Column `c` as a list, each element keyed by its row's label when the table has labels,
  /// so that `t.rmse.als` is a member of the list (the labels' own column is a plain list).
  public func column(_ c: Int) -> Value {
    let labels = c == 0 ? nil : rowLabels
    return .list(rows.enumerated().map { r, row in
      let cell = c < row.count ? row[c] : .text("")
      let value: Value
      switch cell {
      case .text(let t): value = .string(t)
      case .number(let d): value = .number(d)
      }
      return Value.Element(key: labels?[r], value)
    })
  }

  /// The members of a table beyond the reserved ones: one a column.
  var columnMembers: [Member] {
    memberNames.enumerated().compactMap { c, name in
      guard !Table.reservedMembers.contains(name) else { return nil }
      let header = columns[c].header
      return Member(name, "the column '\(header)' (t.\(name).LABEL: the cell in the row of that label)") { v in
        guard case .table(let t) = v, c < t.columns.count else { return .nothing }
        return t.column(c)
      }
    }
  }
}

extension Table.Cell {
  /// A 32-bit value (a rating, a prediction, an embedding) as the shortest decimal that reads
  /// back as the same Float: `0.1`, not `0.10000000149011612`, so exports show what the data
  /// holds and re-read equal.
  public static func float(_ f: Float) -> Table.Cell { .number(decimal(f)) }
}

/// A Float as the Double of its shortest decimal (`0.1` for 0.1f): how `predict` and tables
/// hand 32-bit results to the language, so a number reads the same in every place it shows.
public func decimal(_ f: Float) -> Double {
  guard f.isFinite else { return Double(f) }
  return Double(f.description) ?? Double(f)
}

extension String {
  var trimmingSpaces: String {
    var s = Substring(self)
    while s.first == " " { s.removeFirst() }
    while s.last == " " { s.removeLast() }
    return String(s)
  }
}
