import Foundation
import MKCore

/// The Markdown a notebook's comments are written in, turned into XHTML: headings (`#` to
/// `######`), paragraphs, `-`/`*`/`+` and `1.` lists, `*emphasis*` and `_emphasis_`,
/// `**strong**`, `` `code` ``, `[links](https://...)` and backslash escapes. Everything else is
/// text: every character of the input is escaped, so prose can never inject markup, and only
/// http, https, mailto and relative links become links.
public enum Markdown {
  public static func html(_ text: String) -> String {
    var out: [String] = []
    var paragraph: [String] = []
    var list: (ordered: Bool, items: [String])?

    func flushParagraph() {
      if !paragraph.isEmpty { out.append("<p>" + inline(paragraph.joined(separator: " ")) + "</p>") }
      paragraph = []
    }
    func flushList() {
      if let l = list {
        let tag = l.ordered ? "ol" : "ul"
        out.append("<\(tag)>" + l.items.map { "<li>" + inline($0) + "</li>" }.joined() + "</\(tag)>")
      }
      list = nil
    }

    for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = String(raw)
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty {
        flushParagraph()
        flushList()
        continue
      }
      if let (level, title) = heading(trimmed) {
        flushParagraph()
        flushList()
        out.append("<h\(level)>" + inline(title) + "</h\(level)>")
        continue
      }
      if let (ordered, item) = listItem(trimmed) {
        flushParagraph()
        if list == nil || list!.ordered != ordered {
          flushList()
          list = (ordered, [])
        }
        list!.items.append(item)
        continue
      }
      if list != nil && line.first?.isWhitespace == true {  // an indented line continues the item
        list!.items[list!.items.count - 1] += " " + trimmed
        continue
      }
      flushList()
      paragraph.append(trimmed)
    }
    flushParagraph()
    flushList()
    return out.joined(separator: "\n")
  }

  /// `## Title` → (2, "Title").
  static func heading(_ line: String) -> (Int, String)? {
    let hashes = line.prefix { $0 == "#" }.count
    guard (1...6).contains(hashes) else { return nil }
    let rest = line.dropFirst(hashes)
    guard rest.isEmpty || rest.first == " " else { return nil }
    return (hashes, rest.trimmingCharacters(in: .whitespaces))
  }

  /// `- item` → (false, "item"); `3. item` → (true, "item").
  static func listItem(_ line: String) -> (Bool, String)? {
    if let f = line.first, "-*+".contains(f), line.dropFirst().first == " " {
      return (false, String(line.dropFirst(2)))
    }
    let digits = line.prefix { $0.isASCII && $0.isNumber }
    if !digits.isEmpty, digits.count <= 9 {
      let rest = line.dropFirst(digits.count)
      if rest.hasPrefix(". ") { return (true, String(rest.dropFirst(2))) }
    }
    return nil
  }

  /// Inline markup over escaped text.
  public static func inline(_ text: String) -> String {
    let c = Array(text)
    var out = ""
    var i = 0
    func find(_ s: String, from: Int) -> Int? {
      let p = Array(s)
      var j = from
      while j + p.count <= c.count {
        if c[j] == "\\" { j += 2; continue }
        if Array(c[j..<(j + p.count)]) == p { return j }
        j += 1
      }
      return nil
    }
    while i < c.count {
      let ch = c[i]
      if ch == "\\", i + 1 < c.count, "\\`*_[]()#-+.!".contains(c[i + 1]) {
        out += XML.escape(String(c[i + 1]))
        i += 2
        continue
      }
      if ch == "`", let end = c[(i + 1)...].firstIndex(of: "`") {
        out += "<code>" + XML.escape(String(c[(i + 1)..<end])) + "</code>"
        i = end + 1
        continue
      }
      if ch == "*", i + 1 < c.count, c[i + 1] == "*", let end = find("**", from: i + 2), end > i + 2 {
        out += "<strong>" + inline(String(c[(i + 2)..<end])) + "</strong>"
        i = end + 2
        continue
      }
      if ch == "*" || ch == "_" {
        // `_` only at a word's edges: snake_case stays text.
        let openOK = i + 1 < c.count && !c[i + 1].isWhitespace && (ch == "*" || i == 0 || !(c[i - 1].isLetter || c[i - 1].isNumber))
        if openOK, let end = find(String(ch), from: i + 1), end > i + 1, !c[end - 1].isWhitespace,
           ch == "*" || end + 1 >= c.count || !(c[end + 1].isLetter || c[end + 1].isNumber) {
          out += "<em>" + inline(String(c[(i + 1)..<end])) + "</em>"
          i = end + 1
          continue
        }
      }
      if ch == "[", let close = find("]", from: i + 1), close + 1 < c.count, c[close + 1] == "(",
         let paren = c[(close + 2)...].firstIndex(of: ")") {
        let url = String(c[(close + 2)..<paren]).trimmingCharacters(in: .whitespaces)
        if safe(url) {
          out += "<a href=\"\(XML.escape(url))\">" + inline(String(c[(i + 1)..<close])) + "</a>"
          i = paren + 1
          continue
        }
      }
      out += XML.escape(String(ch))
      i += 1
    }
    return out
  }

  /// http(s), mailto, or a relative address (no scheme): never `javascript:`.
  static func safe(_ url: String) -> Bool {
    guard !url.isEmpty, !url.contains(where: { $0.isWhitespace }) else { return false }
    let lower = url.lowercased()
    if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") { return true }
    let beforeSlash = url.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    return !beforeSlash.contains(":")
  }
}
