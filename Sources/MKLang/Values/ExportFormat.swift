import MKCore

/// The file formats `export` writes, named by the path's extension.
///
/// Numbers are written at full precision unless `digits` is given: whole numbers as digits,
/// others as the shortest decimal that reads back as the same 64-bit number (`0.1`,
/// `0.12345678901234568`, `1e-05`); `nan`, `inf` and `-inf` in text formats, `null` in JSON.
/// `.csv`, `.tsv` and `.json` name columns by their member names (`least_50`), so that a
/// pandas frame and an mk table agree; `.md` and `.tex` keep the displayed headers and title
/// and put each column's best value in bold, as displays do.
enum ExportFormat: String, CaseIterable {
  case csv, tsv, json, md, tex

  /// The format of `path`'s extension, or nil.
  static func of(path: String) -> ExportFormat? {
    ExportFormat(rawValue: fileExtension(path).lowercased())
  }

  /// The extension of the last path component, without the dot ("" when it has none).
  static func fileExtension(_ path: String) -> String {
    let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
    return String(name[name.index(after: dot)...])
  }

  func text(_ x: ExportColumns, digits: Int?) -> String {
    let writer = ExportWriter(columns: x, digits: digits)
    switch self {
    case .csv: return writer.delimited(",")
    case .tsv: return writer.delimited("\t")
    case .json: return writer.json()
    case .md: return writer.markdown()
    case .tex: return writer.latex()
    }
  }
}

/// Formats `ExportColumns` in each format; one function a format.
struct ExportWriter {
  let columns: ExportColumns
  let digits: Int?

  /// A number as text formats write it.
  func number(_ d: Double) -> String {
    if let digits { return formatNumber(d, digits: digits) }
    return ExportWriter.fullPrecision(d)
  }

  /// Whole numbers as digits; others the shortest decimal that reads back as `d`.
  static func fullPrecision(_ d: Double) -> String {
    if d.isNaN { return "nan" }
    if d.isInfinite { return d < 0 ? "-inf" : "inf" }
    if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
    return d.description
  }

  func text(_ cell: Table.Cell) -> String {
    switch cell {
    case .text(let t): return t
    case .number(let d): return number(d)
    }
  }

  // MARK: - CSV and TSV

  /// RFC 4180: a field holding the separator, a quote, a line break or edge spaces is quoted,
  /// its quotes doubled; lines end with LF (Python's csv, pandas and R read it).
  func delimited(_ sep: Character) -> String {
    func field(_ s: String) -> String {
      let needs = s.contains(sep) || s.contains("\"") || s.contains("\n") || s.contains("\r")
        || s.first == " " || s.last == " "
      return needs ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    var out = columns.names.map(field).joined(separator: String(sep)) + "\n"
    let n = columns.names.count
    for r in 0..<columns.rowCount {
      for c in 0..<n {
        if c > 0 { out.append(sep) }
        switch columns.cell(r, c) {
        case .text(let t): out += field(t)
        case .number(let d): out += number(d)
        }
      }
      out += "\n"
    }
    return out
  }

  // MARK: - JSON

  /// An array of records, one a row, keyed by the column names in order; numbers as numbers
  /// (null when not finite, which JSON cannot write), text as strings.
  func json() -> String {
    let keys = columns.names.map { ExportWriter.jsonString($0) + ": " }
    var out = "["
    for r in 0..<columns.rowCount {
      out += r == 0 ? "\n  {" : ",\n  {"
      for c in keys.indices {
        if c > 0 { out += ", " }
        out += keys[c]
        switch columns.cell(r, c) {
        case .text(let t): out += ExportWriter.jsonString(t)
        case .number(let d): out += d.isFinite ? number(d) : "null"
        }
      }
      out += "}"
    }
    return out + (columns.rowCount == 0 ? "]\n" : "\n]\n")
  }

  static func jsonString(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where u.value < 0x20:
        let hex = String(u.value, radix: 16)
        out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: out.unicodeScalars.append(u)
      }
    }
    return out + "\""
  }

  // MARK: - Markdown

  /// A GitHub-flavoured table under the title in italics; the best value of a column in bold.
  func markdown() -> String {
    func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
    var lines: [String] = []
    if !columns.title.isEmpty { lines.append("*\(esc(columns.title))*\n") }
    lines.append("| " + columns.headers.map(esc).joined(separator: " | ") + " |")
    lines.append("|" + columns.alignments.map { $0 == .left ? " :--- |" : " ---: |" }.joined())
    for r in 0..<columns.rowCount {
      lines.append("| " + columns.headers.indices.map { c in
        let t = esc(text(columns.cell(r, c)))
        return columns.best[c] == r && !t.isEmpty ? "**\(t)**" : t
      }.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: - LaTeX

  /// A `tabular` with `\hline` rules (no package needed), the title as a comment above it;
  /// text escaped for LaTeX, `±` as `$\pm$`, the best value of a column in `\textbf`.
  func latex() -> String {
    let spec = columns.alignments.map { $0 == .left ? "l" : "r" }.joined()
    var lines: [String] = []
    if !columns.title.isEmpty { lines.append("% " + columns.title.replacingOccurrences(of: "\n", with: " ")) }
    lines.append("\\begin{tabular}{\(spec)}")
    lines.append("\\hline")
    lines.append(columns.headers.map(ExportWriter.latexEscape).joined(separator: " & ") + " \\\\")
    lines.append("\\hline")
    for r in 0..<columns.rowCount {
      lines.append(columns.headers.indices.map { c in
        let t = ExportWriter.latexEscape(text(columns.cell(r, c)))
        return columns.best[c] == r && !t.isEmpty ? "\\textbf{\(t)}" : t
      }.joined(separator: " & ") + " \\\\")
    }
    lines.append("\\hline")
    lines.append("\\end{tabular}")
    return lines.joined(separator: "\n") + "\n"
  }

  static func latexEscape(_ s: String) -> String {
    var out = ""
    for ch in s {
      switch ch {
      case "\\": out += "\\textbackslash{}"
      case "&", "%", "$", "#", "_", "{", "}": out += "\\" + String(ch)
      case "~": out += "\\textasciitilde{}"
      case "^": out += "\\textasciicircum{}"
      case "±": out += "$\\pm$"
      case "\n": out += " "
      default: out.append(ch)
      }
    }
    return out
  }
}
