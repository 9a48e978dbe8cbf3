import Foundation
import MKCore

/// Tab completion, read from the parser and the verb declarations (see `CompletionPlace`).
///
/// A candidate replaces the text from `Session.wordStart(line:cursor:)` to the cursor: the
/// identifier being typed, or everything after an open string's quote (a path).
extension Session {
  /// Completion candidates for the word ending at `cursor` (UTF-8 offset) in `line`: verbs and
  /// variables where a statement starts; in a verb's slot, the values of the slot's type (model
  /// kinds, fixed choices, variables of that type; in a list, of its elements' type) and the
  /// options not yet given (`rank=`, the kind's as well after `fit KIND`); after `key=`, the
  /// option's values; after `x.`, the members of x; file paths inside an open string quote.
  public func completions(line: String, cursor: Int) -> [String] {
    let (before, word, quoted) = Session.split(line: line, cursor: cursor)
    if quoted { return pathCompletions(word) }
    guard let place = CompletionPlace.find(before: before, in: self) else { return [] }
    return filter(candidates(at: place), word)
  }

  private func candidates(at place: CompletionPlace) -> [String] {
    if let base = place.memberOf {
      guard let v = cheapValue(base) else { return [] }
      return Members.of(v).map(\.name)
    }
    var out = place.options.map { $0 + "=" } + place.words
    if place.commands { out += verbs.keys }
    if let type = place.type {
      out += type.choices
      if case .word = type { out += Array(verbs.keys) + ModelRegistry.names }
      out += variables.map(\.name).filter { variable($0).map(type.admits) ?? false }
    }
    return out
  }

  /// The value of a variable or of a chain of members (`m.history`), never running a command.
  private func cheapValue(_ e: Expr, depth: Int = 0) -> Value? {
    switch e {
    case .name(let n, _):
      return variable(n)
    case .member(let base, let name, let loc):
      guard depth < 8, let v = cheapValue(base, depth: depth + 1) else { return nil }
      return try? Members.get(name, of: v, at: loc)
    default:
      return nil
    }
  }

  /// The UTF-8 offset where the text that a completion replaces starts.
  public static func wordStart(line: String, cursor: Int) -> Int {
    let (before, _, _) = split(line: line, cursor: cursor)
    return before.utf8.count
  }

  /// The text before the word, the word, and whether it is inside an open string.
  private static func split(line: String, cursor: Int) -> (String, String, Bool) {
    let bytes = Array(line.utf8.prefix(max(0, cursor)))
    let prefix = String(decoding: bytes, as: UTF8.self)
    var inString = false, escaped = false, quoteEnd = prefix.startIndex
    var i = prefix.startIndex
    while i < prefix.endIndex {
      let c = prefix[i]
      if inString {
        if escaped { escaped = false } else if c == "\\" { escaped = true } else if c == "\"" { inString = false }
      } else if c == "\"" {
        inString = true
        quoteEnd = prefix.index(after: i)
      } else if c == "#" {
        break
      }
      i = prefix.index(after: i)
    }
    if inString { return (String(prefix[..<quoteEnd]), String(prefix[quoteEnd...]), true) }
    let word = String(prefix.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }.reversed())
    return (String(prefix.dropLast(word.count)), word, false)
  }

  private func filter(_ candidates: [String], _ word: String) -> [String] {
    Array(Set(candidates.filter { $0.hasPrefix(word) })).sorted()
  }

  /// Files and directories (with a trailing `/`) whose path starts with `fragment`.
  private func pathCompletions(_ fragment: String) -> [String] {
    let dir: String, base: String
    if let slash = fragment.lastIndex(of: "/") {
      dir = String(fragment[...slash])
      base = String(fragment[fragment.index(after: slash)...])
    } else {
      dir = ""
      base = fragment
    }
    let fm = FileManager.default
    guard let path = try? resolvePath(dir.isEmpty ? "." : dir),
          let entries = try? fm.contentsOfDirectory(atPath: path) else { return [] }
    return entries.filter { $0.hasPrefix(base) && (base.hasPrefix(".") || !$0.hasPrefix(".")) }.map { name in
      var isDir: ObjCBool = false
      fm.fileExists(atPath: (path as NSString).appendingPathComponent(name), isDirectory: &isDir)
      return dir + name + (isDir.boolValue ? "/" : "")
    }.sorted()
  }
}

extension ArgType {
  /// Whether a variable holding `v` fits a slot of this type, for completion. Fixed choices
  /// and words take no variables: their candidates are the words themselves.
  func admits(_ v: Value) -> Bool {
    switch (self, v) {
    case (.any, _), (.number, .number), (.int, .number), (.double, .number), (.bool, .bool),
      (.string, .string), (.path, .string), (.id, .string), (.id, .number), (.id, .word),
      (.ratings, .ratings), (.items, .items), (.users, .users), (.model, .model), (.table, .table), (.profile, .profile),
      (.list, .list):
      return true
    case (.either(let types), _):
      return types.contains { $0.admits(v) }
    default:
      return false
    }
  }
}
