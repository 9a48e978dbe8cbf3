import MKCore

// MARK: - HTML and Markdown displays, for `mk render`

extension Table {
  /// An XHTML table: the title as caption, a header row, numbers right-aligned, the best value
  /// of a column in bold.
  public func html(digits: Int = 4) -> String {
    if let preformatted { return "<pre class=\"text\">\(XML.escape(preformatted))</pre>" }
    let best = bestRows
    var out = "<table>"
    if !title.isEmpty { out += "<caption>\(XML.escape(title))</caption>" }
    out += "<thead><tr>" + columns.map { c in
      "<th class=\"\(c.alignment == .left ? "left" : "right")\">\(XML.escape(c.header))</th>"
    }.joined() + "</tr></thead><tbody>"
    let (shown, more) = displayedRows
    for (r, row) in shown.enumerated() {
      out += "<tr>"
      for c in columns.indices {
        let text = c < row.count ? Table.text(row[c], digits: digits) : ""
        let cell = best[c] == r ? "<strong>\(XML.escape(text))</strong>" : XML.escape(text)
        out += "<td class=\"\(columns[c].alignment == .left ? "left" : "right")\">\(cell)</td>"
      }
      out += "</tr>"
    }
    out += "</tbody></table>"
    return more.isEmpty ? out : out + "<p class=\"more\">\(XML.escape(more))</p>"
  }

  /// A GitHub-flavoured Markdown table; the best value of a column in bold.
  public func markdown(digits: Int = 4) -> String {
    if let preformatted {
      let ticks = preformatted.contains("```") ? "~~~~" : "```"
      return ticks + "\n" + preformatted + "\n" + ticks
    }
    let best = bestRows
    func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
    var lines: [String] = []
    if !title.isEmpty { lines.append("*\(esc(title))*\n") }
    lines.append("| " + columns.map { esc($0.header) }.joined(separator: " | ") + " |")
    lines.append("|" + columns.map { $0.alignment == .left ? " :--- |" : " ---: |" }.joined())
    let (shown, more) = displayedRows
    for (r, row) in shown.enumerated() {
      lines.append("| " + columns.indices.map { c in
        let text = esc(c < row.count ? Table.text(row[c], digits: digits) : "")
        return best[c] == r && !text.isEmpty ? "**\(text)**" : text
      }.joined(separator: " | ") + " |")
    }
    if !more.isEmpty { lines.append("\n" + more) }
    return lines.joined(separator: "\n")
  }

  static func text(_ cell: Cell, digits: Int) -> String {
    switch cell {
    case .text(let t): return t
    case .number(let d): return formatNumber(d, digits: digits)
    }
  }
}

extension Value {
  /// The value as an XHTML fragment: tables as tables, plots as inline SVG, the rest as the
  /// text the terminal shows, in a `<pre>`.
  public func html(digits: Int = 4) -> String {
    switch self {
    case .table(let t): return t.html(digits: digits)
    case .plot(let f, _): return "<figure class=\"plot\">" + f.svg() + "</figure>"
    case .tuple(let vs): return vs.map { $0.html(digits: digits) }.joined(separator: "\n")
    default: return "<pre class=\"text\">\(XML.escape(display(digits: digits)))</pre>"
    }
  }
}
