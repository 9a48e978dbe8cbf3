import Foundation
import MKCore

/// The things a variable can hold.
public enum Value {
  case number(Double)
  case string(String)
  case bool(Bool)
  /// A bare word where a slot takes words (`all`, `favorite`, `user`).
  case word(String)
  case list([Element])
  /// Several results of one verb (`train, test = split ...`).
  case tuple([Value])
  case ratings(Ratings)
  case items(Items)
  /// User side information (`users PATH`).
  case users(Users)
  case model(any Model)
  case table(Table)
  /// A new user described by a few ratings (`profile`), for `recommend`.
  case profile(Profile)
  /// Preformatted text (help, descriptions).
  case text(String)
  /// A figure: drawn as ASCII at the terminal's width when displayed, as SVG in a rendered
  /// notebook; `file` is the SVG path as written in `svg=`, when the verb wrote one.
  case plot(Figure, file: String?)
  case nothing

  /// A list element, with its key when written `key=value`.
  public struct Element {
    public var key: String?
    public var value: Value
    public init(key: String? = nil, _ value: Value) {
      self.key = key
      self.value = value
    }
  }

  /// A model option's value.
  public init(_ v: OptionValue) {
    switch v {
    case .int(let i): self = .number(Double(i))
    case .double(let d): self = .number(d)
    case .bool(let b): self = .bool(b)
    case .string(let s): self = .word(s)
    case .ints(let list): self = .list(list.map { Element(.number(Double($0))) })
    case .named(let pairs): self = .list(pairs.map { Element(key: $0.name, .number($0.value)) })
    }
  }

  /// The type's name in `vars`, member tables and errors: "number", "ratings".
  public var typeName: String {
    switch self {
    case .number: return "number"
    case .string: return "string"
    case .bool: return "bool"
    case .word: return "word"
    case .list: return "list"
    case .tuple: return "tuple"
    case .ratings: return "ratings"
    case .items: return "items"
    case .users: return "users"
    case .model: return "model"
    case .table: return "table"
    case .profile: return "profile"
    case .text: return "text"
    case .plot: return "plot"
    case .nothing: return "nothing"
    }
  }

  /// "a number", "ratings", for "split expects ratings for DATA, got a number".
  public var article: String {
    switch self {
    case .ratings, .items, .users, .nothing, .text: return typeName
    case .tuple(let vs): return "\(vs.count) values"
    default: return "a \(typeName)"
    }
  }

  // MARK: - Displays

  /// One line: in lists, `vars` and tuples.
  public var summary: String {
    switch self {
    case .number(let d): return formatNumber(d)
    case .string(let s): return quote(s)
    case .bool(let b): return b ? "true" : "false"
    case .word(let w): return w
    case .list(let es):
      return "[" + es.map { e in (e.key.map { quoteKey($0) + "=" } ?? "") + e.value.summary }
        .joined(separator: ", ") + "]"
    case .tuple(let vs): return vs.map(\.summary).joined(separator: ", ")
    case .ratings(let r) where r.isBareDesign:
      return "design \(r.name): \(r.count) rows" + (r.isBinary ? ", binary" : "") + (r.encoding.map { "; \($0.summary)" } ?? "")
    case .ratings(let r):
      return "ratings \(r.name): \(r.count) ratings, \(r.userCounts.filter { $0 > 0 }.count) users, "
        + "\(r.itemCounts.filter { $0 > 0 }.count) items" + (r.isBinary ? ", binary" : "")
        + (r.encoding.map { "; encoded \($0.summary)" } ?? "")
    case .items(let it): return "items \(it.name): \(it.count) items, \(it.tagNames.count) tags"
    case .users(let us):
      return "users \(us.name): \(us.count) users, \(us.attributes.count) attributes (\(us.columnNames.count) columns)"
    case .model(let m):
      let opts = m.info.options.pairs.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
      return "model \(m.kindName)\(opts.isEmpty ? "" : " " + opts) on \(m.info.trainedOn)"
    case .table(let t): return "table \(t.title.isEmpty ? "" : t.title + ": ")\(t.rows.count) rows × \(t.columns.count) columns"
    case .text(let s):
      let first = s.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
      return s.contains("\n") ? first + " …" : first
    case .profile(let p):
      return "profile: " + p.entries.map { "\(quoteKey($0.label))=\(formatNumber(Double($0.value)))" }.joined(separator: ", ")
    case .plot(let f, let file): return "plot \(quote(f.title))" + (file.map { " (svg: \($0))" } ?? "")
    case .nothing: return "nothing"
    }
  }

  /// The full display, when a value is shown alone. Numbers are digits alone: integers as
  /// integers, others with `digits` decimals; plots are drawn `width` columns wide.
  public func display(digits: Int = 4, color: Bool = false, width: Int = 80) -> String {
    switch self {
    case .number(let d): return formatNumber(d, digits: digits)
    case .string(let s): return s
    case .tuple(let vs): return vs.map { $0.display(digits: digits, color: color, width: width) }.joined(separator: "\n")
    case .plot(let f, let file): return f.ascii(width: width) + (file.map { "\nsvg written to \($0)" } ?? "")
    case .table(let t): return t.render(digits: digits, color: color)
    case .text(let s): return s
    case .ratings(let r):
      var lines = [summary]
      lines.append("mean \(formatNumber(r.mean)), range \(formatNumber(Double(r.range.lowerBound)))…\(formatNumber(Double(r.range.upperBound)))")
      if let it = r.items { lines.append("with " + Value.items(it).summary) }
      return lines.joined(separator: "\n")
    case .model(let m):
      var lines = [summary]
      let h = m.info.history
      if !h.isEmpty { lines.append("\(h.rows.count) iterations; last: " + h.columns.map { "\($0) \(formatNumber(h.last($0) ?? .nan))" }.joined(separator: ", ")) }
      if h.interrupted {
        lines.append("interrupted: the model of iteration \(h.rows.count)" + (h.planned.map { " of \($0)" } ?? ""))
      }
      if let kept = h.keptNote { lines.append(kept) }
      if !m.featureGroups.isEmpty {
        lines.append("design groups: " + m.featureGroups.map { "\($0.name) (\($0.columns.count))" }.joined(separator: ", "))
      }
      lines.append("fitted in \(formatNumber(m.info.seconds, digits: 2)) s on \(m.info.trainCount) ratings")
      return lines.joined(separator: "\n")
    case .list(let es) where es.contains(where: { if case .model = $0.value { return true }; return false }):
      return es.map { ($0.key.map { $0 + ": " } ?? "") + $0.value.summary }.joined(separator: "\n")
    default: return summary
    }
  }
}

// MARK: - Number and string formatting

/// Integers as integers; others with `digits` decimals (four unless asked).
public func formatNumber(_ d: Double, digits: Int = 4) -> String {
  if d.isNaN { return "nan" }
  if d.isInfinite { return d < 0 ? "-inf" : "inf" }
  if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
  if abs(d) >= 1e15 { return String(format: "%g", d) }  // not 300 digits for 1e300
  return String(format: "%.\(max(0, min(digits, 17)))f", d)
}

func quote(_ s: String) -> String {
  "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}

/// A list key as it would be written: a word bare, anything else quoted.
func quoteKey(_ s: String) -> String {
  let isWord = s.first.map { $0.isLetter || $0 == "_" } == true && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
  return isWord ? s : quote(s)
}
