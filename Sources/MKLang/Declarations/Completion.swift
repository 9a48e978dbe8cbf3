import Foundation
import MKCore

/// Tab completion, read from the verb declarations.
///
/// A candidate replaces the text from `Session.wordStart(line:cursor:)` to the cursor: the
/// identifier being typed, or everything after an open string's quote (a path).
extension Session {
  /// Completion candidates for the word ending at `cursor` (UTF-8 offset) in `line`: verbs at statement start, variables, model kinds after `fit`, option names (`rank=`) of the verb (and kind) being typed, fixed-choice words; file paths inside an open string quote.
  public func completions(line: String, cursor: Int) -> [String] {
    let (before, word, quoted) = Session.split(line: line, cursor: cursor)
    if quoted { return pathCompletions(word) }
    var candidates: [String] = []
    let names = variables.map(\.name)
    if before.hasSuffix(".") {
      // x.me -> members of x
      let base = String(before.dropLast().reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }.reversed())
      if let v = variable(base) { candidates = Members.of(v).map(\.name) }
      return filter(candidates, word)
    }
    var lexer = Lexer(before, file: "")
    var tokens = lexer.tokenize().filter { if case .error = $0.kind { return false }; return $0.kind != .end }
    if let nl = tokens.lastIndex(where: { $0.kind == .newline }) { tokens.removeFirst(nl + 1) }
    // Drop assignment targets: `a, b =`.
    var k = 0
    while k + 1 < tokens.count, case .name = tokens[k].kind, tokens[k + 1].kind == .comma { k += 2 }
    if k + 1 < tokens.count, case .name = tokens[k].kind, tokens[k + 1].kind == .equals { tokens.removeFirst(k + 2) }
    guard let first = tokens.first else { return filter(Array(verbs.keys) + names, word) }
    guard case .name(let verbName) = first.kind, let verb = verbs[verbName] else { return filter(names, word) }
    // Bind what has been typed so far: positional count, the word in a fixed-choice slot.
    var positional = 0, depth = 0
    k = 1
    var slotWords: [String: String] = [:]
    var lastOption: String?
    while k < tokens.count {
      let t = tokens[k]
      switch t.kind {
      case .leftParen, .leftBracket: depth += 1
      case .rightParen, .rightBracket: depth -= 1
      default: break
      }
      if depth == 0, case .name(let n) = t.kind, k + 1 < tokens.count, tokens[k + 1].kind == .equals {
        lastOption = n; k += 2; continue
      }
      if depth == 0 || (depth == 1 && (t.kind == .leftParen || t.kind == .leftBracket)) {
        if lastOption != nil { lastOption = nil } else {
          if positional < verb.slots.count, case .name(let n) = t.kind { slotWords[verb.slots[positional].name] = n }
          positional += 1
        }
      }
      k += 1
    }
    var options = verb.options
    if let dep = verb.dependentOptions, let w = slotWords[dep.slot] { options += dep.options(w) ?? [] }
    if before.hasSuffix("="), let key = lastOption, let o = options.first(where: { $0.name == key }) {
      return filter(o.type.choices + names, word)
    }
    if positional < verb.slots.count {
      let slot = verb.slots[positional]
      candidates += slot.type.choices
      if case .word = slot.type { candidates += Array(verbs.keys) + ModelRegistry.names }
      if slot.type.choices.isEmpty { candidates += names }
    }
    candidates += options.filter { o in !tokens.contains { $0.kind == .name(o.name) } }.map { $0.name + "=" }
    return filter(candidates, word)
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
    let path = resolvePath(dir.isEmpty ? "." : dir)
    guard let entries = try? fm.contentsOfDirectory(atPath: path) else { return [] }
    return entries.filter { $0.hasPrefix(base) && (base.hasPrefix(".") || !$0.hasPrefix(".")) }.map { name in
      var isDir: ObjCBool = false
      fm.fileExists(atPath: (path as NSString).appendingPathComponent(name), isDirectory: &isDir)
      return dir + name + (isDir.boolValue ? "/" : "")
    }.sorted()
  }
}
