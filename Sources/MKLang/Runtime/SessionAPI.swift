import Foundation
import MKCore

/// A statement's source text and the lines it spans, for notebook rendering.
public struct StatementSource: Equatable {
  public var text: String
  public var firstLine: Int
  public var lastLine: Int
  public init(text: String, firstLine: Int, lastLine: Int) {
    self.text = text
    self.firstLine = firstLine
    self.lastLine = lastLine
  }
}

/// One language session: variables, the universe of users and items, and the one path that
/// runs text (the REPL and `mk run` both call `run`).
public final class Session {
  public struct Options {
    public var color: Bool = false
    public var interactive: Bool = false
    public var terminalWidth: Int = 80
    public var progress: MKCore.Progress.Reporter? = nil
    /// Ctrl-C during a fit keeps the model of its last finished iteration (the REPL, the
    /// kernel) instead of stopping with an error (`mk run`).
    public var keepsInterruptedFits: Bool = false
    public init() {}
  }

  public var options: Options
  /// Users and items by raw id, shared by every data set loaded in this session.
  public let universe = Universe()
  /// Relative paths given to verbs resolve against this directory.
  public var workingDirectory: String = FileManager.default.currentDirectoryPath
  /// The verbs this session knows: `Verbs.all`, plus any `register`ed.
  public private(set) var verbs: [String: Verb] = Verbs.byName

  private var values: [String: Value] = [:]
  private var order: [String] = []
  /// The last value a statement displayed: `_`.
  public internal(set) var lastValue: Value?
  /// Set when `exit` or `quit` ran: the REPL leaves, a notebook stops (successfully).
  public internal(set) var exited = false

  public init(options: Options = Options()) {
    self.options = options
  }

  // MARK: - Running

  /// Parses and runs `source` (a whole notebook or one REPL entry). Each displayed result is passed to `emit` as text (no trailing newline).
  /// Returns the errors: all syntax errors (nothing is run then), or the first runtime error (statements before it have run). Empty = success.
  public func run(_ source: String, file: String, emit: (String) -> Void) -> [MKError] {
    run(source, file: file, firstLine: 1, emit: emit)
  }

  /// Runs one statement from `statements(_:file:)`; errors carry the notebook's line numbers.
  public func run(_ statement: StatementSource, file: String, emit: (String) -> Void) -> [MKError] {
    run(statement.text, file: file, firstLine: statement.firstLine, show: { emit(self.display($0)) })
  }

  /// Runs one statement, handing each displayed result over as a value (text that `print`
  /// writes arrives as `.text`): `mk render` draws tables as HTML and plots as SVG.
  public func runShowing(_ statement: StatementSource, file: String, show: (Value) -> Void) -> [MKError] {
    run(statement.text, file: file, firstLine: statement.firstLine, show: show)
  }

  /// A value's display in this session: its colors and terminal width.
  public func display(_ v: Value) -> String { v.display(color: options.color, width: options.terminalWidth) }

  private func run(_ source: String, file: String, firstLine: Int, emit: (String) -> Void) -> [MKError] {
    run(source, file: file, firstLine: firstLine, show: { emit(self.display($0)) })
  }

  private func run(_ source: String, file: String, firstLine: Int, show: (Value) -> Void) -> [MKError] {
    let (statements, errors) = check(source, file: file, firstLine: firstLine)
    if !errors.isEmpty { return errors }
    return withoutActuallyEscaping(show) { show in
      let interpreter = Interpreter(session: self, emit: { show(.text($0)) })
      for p in statements {
        MKCore.Progress.clearInterrupt()
        var statement = p.statement
        var timed = false
        while case .timed(let inner, _) = statement { statement = inner; timed = true }
        if case .exit = statement {
          exited = true
          return []
        }
        let start = Clock.now
        do {
          if let v = try interpreter.execute(statement) {
            lastValue = v
            show(v)
          }
        } catch let e as MKError {
          return [e]
        } catch {
          return [MKError(.internalError, "\(error)", at: p.statement.location)]
        }
        if timed { show(.text("wall time: " + Self.duration(Clock.seconds(since: start)))) }
      }
      return []
    }
  }

  /// Parses `source` and checks it without running anything: every syntax error, unknown
  /// verb, model kind, option name and fixed choice, in source order (`Checker`).
  public func check(_ source: String, file: String, firstLine: Int = 1) -> (statements: [ParsedStatement], errors: [MKError]) {
    let parsed = Parser.parse(source, file: file, firstLine: firstLine, verbs: verbs)
    var checker = Checker(verbs: verbs, known: Set(values.keys).union(["_"]))
    let errors = (parsed.errors + checker.check(parsed.statements)).enumerated().sorted { a, b in
      let l = a.element.location, r = b.element.location
      return (l?.line ?? 0, l?.column ?? 0, a.offset) < (r?.line ?? 0, r?.column ?? 0, b.offset)
    }.map(\.element)
    return (parsed.statements, errors)
  }

  /// A wall time as `time` shows it: `0.042 s`, `3.21 s`, `2 min 5.0 s`.
  public static func duration(_ seconds: Double) -> String {
    if seconds < 1 { return String(format: "%.3f s", seconds) }
    if seconds < 60 { return String(format: "%.2f s", seconds) }
    let minutes = Int(seconds / 60)
    return String(format: "%d min %.1f s", minutes, seconds - Double(minutes) * 60)
  }

  /// True while `text` ends inside an open ( or [ or after a trailing backslash: the REPL should read another line.
  public static func needsMoreInput(_ text: String) -> Bool {
    var lexer = Lexer(text, file: "")
    _ = lexer.tokenize()
    return !lexer.openBrackets.isEmpty || lexer.endsWithContinuation
  }

  /// Per-statement run for notebook rendering: parses `source` into statements with their source text and line ranges.
  /// - Throws: the first syntax error.
  public func statements(_ source: String, file: String) throws -> [StatementSource] {
    let (statements, errors) = parse(source, file: file)
    if let e = errors.first { throw e }
    return statements
  }

  /// The statements of `source` that parse, with their text and lines, and the syntax
  /// errors of the others (the renderer runs the first and fails where the second are).
  public func parse(_ source: String, file: String) -> (statements: [StatementSource], errors: [MKError]) {
    let parsed = Parser.parse(source, file: file, verbs: verbs)
    let lines = source.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
    let statements = parsed.statements.map { p in
      let text = lines[(p.firstLine - 1)..<min(p.lastLine, lines.count)].joined(separator: "\n")
      return StatementSource(text: text, firstLine: p.firstLine, lastLine: p.lastLine)
    }
    return (statements, parsed.errors)
  }

  // MARK: - Variables and verbs

  /// Variables in the order they were first assigned, with one-line summaries.
  public var variables: [(name: String, summary: String)] {
    order.map { ($0, values[$0]!.summary) }
  }

  public func variable(_ name: String) -> Value? { values[name] }

  public func setVariable(_ name: String, _ value: Value) {
    if values[name] == nil { order.append(name) }
    values[name] = value
  }

  /// The most recently assigned variable holding this very model (for table row labels).
  public func name(of model: any Model) -> String? {
    order.reversed().first { n in
      if case .model(let m)? = values[n] { return m === model }
      return false
    }
  }

  /// Adds (or replaces) a verb for this session only: tests and plug-ins.
  public func register(_ verb: Verb) { verbs[verb.name] = verb }

  /// The verb called `name`, or an "unknown verb" error with a suggestion.
  public func verb(named name: String, at location: SourceLocation? = nil) throws -> Verb {
    if let v = verbs[name] { return v }
    throw MKError.unknown("verb", name, among: Array(verbs.keys), at: location, listHint: "'help' lists the verbs")
  }

  /// `path` with its environment variables (`$MK_DATA`, `${MK_DATA}`) replaced, resolved
  /// against `workingDirectory` unless absolute. A relative path stays as written while the
  /// session works in the process's own folder, so messages show the path the user typed.
  /// - Throws: when a variable the path names is not set.
  public func resolvePath(_ path: String) throws -> String {
    let path = try Self.expandingVariables(path)
    if path.hasPrefix("/") { return path }
    if path.hasPrefix("~") { return NSString(string: path).expandingTildeInPath }
    if workingDirectory == FileManager.default.currentDirectoryPath { return path }
    return URL(fileURLWithPath: workingDirectory).appendingPathComponent(path).path
  }

  /// `$NAME` and `${NAME}` replaced by the environment's values (`$` before anything else
  /// stays as written).
  static func expandingVariables(_ path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
    guard path.contains("$") else { return path }
    let chars = Array(path)
    var out = "", k = 0
    func isNameChar(_ c: Character) -> Bool { c == "_" || (c.isASCII && (c.isLetter || c.isNumber)) }
    while k < chars.count {
      guard chars[k] == "$", k + 1 < chars.count else { out.append(chars[k]); k += 1; continue }
      var name = "", next = k + 1
      if chars[next] == "{" {
        guard let close = chars[(next + 1)...].firstIndex(of: "}") else {
          throw MKError(.value, "unclosed '${' in path '\(MessageText.quoted(path))'", hint: "write ${NAME}")
        }
        name = String(chars[(next + 1)..<close])
        next = close + 1
      } else {
        while next < chars.count, isNameChar(chars[next]) { name.append(chars[next]); next += 1 }
      }
      guard !name.isEmpty, let first = name.first, !first.isNumber, name.allSatisfy(isNameChar) else {
        out.append(chars[k]); k += 1; continue
      }
      guard let value = environment[name] else {
        throw MKError(.value, "the environment variable \(name) in the path '\(MessageText.quoted(path))' is not set",
                      hint: "set it before starting mk (export \(name)=/path/to/folder), or write the path out")
      }
      out += value
      k = next
    }
    return out
  }

  // MARK: - Error display

  /// file:line:col: error: message, the source line, a caret, the hint. `source` is the text the error points into.
  /// The user's text is shown with control characters escaped (`MessageText`), and a long
  /// source line as a window of `excerptWidth` characters around the caret.
  public static func format(_ error: MKError, source: String, color: Bool) -> String {
    func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    var out = ""
    if let loc = error.location { out += paint(MessageText.escaped("\(loc): "), "1") }
    out += paint("error:", "1;31") + " " + paint(MessageText.escaped(error.message, keepingNewlines: true), "1")
    if let loc = error.location, loc.column > 0 {
      let lines = source.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
      if loc.line >= 1 && loc.line <= lines.count {
        var text = String(lines[loc.line - 1])
        if text.hasSuffix("\r") { text.removeLast() }
        let e = excerpt(text, column: loc.column, length: loc.length)
        out += "\n" + e.text + "\n" + e.pad + paint("^" + String(repeating: "~", count: e.caret - 1), "1;32")
      }
    }
    if let hint = error.hint { out += "\n" + paint("hint:", "1;36") + " " + MessageText.escaped(hint, keepingNewlines: true) }
    return out
  }

  /// The widest source line an error shows whole; a longer one is cut around the caret.
  static let excerptWidth = 100

  /// A source line as shown under an error: escaped, cut to `excerptWidth` characters around
  /// the caret (with `…` where cut); the padding that puts the caret under `column`, and the
  /// caret's length.
  static func excerpt(_ line: String, column: Int, length: Int) -> (text: String, pad: String, caret: Int) {
    let chars = Array(line)
    let start = min(max(0, column - 1), chars.count)
    var lo = 0, hi = chars.count
    if chars.count > excerptWidth {
      lo = max(0, min(start - excerptWidth / 3, chars.count - excerptWidth))
      hi = min(chars.count, lo + excerptWidth)
    }
    let shown = chars[lo..<hi].map { MessageText.escaped(String($0), keepingTabs: true) }
    var text = lo > 0 ? "…" : "", pad = lo > 0 ? " " : ""
    text += shown.joined() + (hi < chars.count ? "…" : "")
    for piece in shown[0..<(start - lo)] {
      pad += piece == "\t" ? "\t" : String(repeating: " ", count: piece.count)
    }
    let end = min(hi, start + max(1, length))
    let caret = shown[(start - lo)..<(end - lo)].reduce(0) { $0 + $1.count }
    return (text, pad, max(1, caret))
  }

}
