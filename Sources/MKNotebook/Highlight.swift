import MKCore
import MKLang

/// Syntax highlighting for a rendered page, from the language's own lexer: each token becomes
/// a `<span class="tok-…">` (verbs, option names, numbers, strings, keywords), the text
/// between tokens stays as written, and a `#` there starts a comment to the end of the line.
/// The spans only wrap the source: the code's text is exactly what the notebook says.
enum Highlight {
  /// Words that are neither verbs nor variables.
  static let keywords: Set<String> = ["true", "false", "exit", "quit", "time"]

  /// `code` as escaped XHTML with token spans.
  static func html(_ code: String, verbs: [String: Verb] = Verbs.byName) -> String {
    let lines = code.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
    var lexer = Lexer(code, file: "")
    let tokens = lexer.tokenize()
    // Tokens by line, as (start, end, class) ranges of characters.
    var marks = [[(Int, Int, String?)]](repeating: [], count: lines.count)
    var inCommand = false
    for (k, t) in tokens.enumerated() {
      let line = t.location.line - 1
      guard line >= 0, line < lines.count else { continue }
      let start = t.location.column - 1, end = min(lines[line].count, start + t.location.length)
      guard start >= 0, start < end else { continue }
      var cls: String?
      switch t.kind {
      case .name(let n):
        let next = k + 1 < tokens.count ? tokens[k + 1].kind : .end
        if inCommand && next == .equals {
          cls = "tok-option"
        } else if keywords.contains(n) {
          cls = "tok-keyword"
        } else if verbs[n] != nil && next != .equals && next != .dot {
          cls = "tok-verb"
          inCommand = true
        }
      case .number: cls = "tok-number"
      case .string: cls = "tok-string"
      case .newline: inCommand = false
      case .error: cls = nil
      default: cls = nil
      }
      if cls != nil { marks[line].append((start, end, cls)) }
    }
    var out: [String] = []
    for (l, chars) in lines.enumerated() {
      var html = "", pos = 0
      func gap(_ upTo: Int) {
        guard pos < upTo else { return }
        let text = String(chars[pos..<upTo])
        if let hash = text.firstIndex(of: "#") {
          html += XML.escape(String(text[..<hash]))
          html += "<span class=\"tok-comment\">" + XML.escape(String(text[hash...])) + "</span>"
        } else {
          html += XML.escape(text)
        }
      }
      for (start, end, cls) in marks[l] where start >= pos {
        gap(start)
        html += "<span class=\"\(cls!)\">" + XML.escape(String(chars[start..<end])) + "</span>"
        pos = end
      }
      gap(chars.count)
      pos = chars.count
      out.append(html)
    }
    return out.joined(separator: "\n")
  }

  static let css = """
    .tok-verb { color: #1d4f91; font-weight: 600; } .tok-option { color: #7a4a00; }
    .tok-number { color: #0b7a3e; } .tok-string { color: #a3204a; } .tok-keyword { color: #6b3fa0; font-weight: 600; }
    .tok-comment { color: #7b8794; font-style: italic; }
    .cell-time { float: right; color: #9aa5b1; font-size: 12px; font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; }
    """
}
