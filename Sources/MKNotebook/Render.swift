import Foundation
import MKCore
import MKLang

/// A notebook after running it cell by cell, ready to write as a page (`html()`) or as
/// Markdown with SVG files beside it (`markdown(svgStem:)`).
///
/// Comment blocks are prose (Markdown, the `#` of each line taken off); statements with no
/// blank line or comment between them form one code cell, shown with the results its
/// statements displayed. A failing cell shows its error; the cells after it are marked not run.
public struct RenderedNotebook {
  public enum Status: Equatable {
    case ran
    /// The error, formatted as `mk run` prints it (place, line, caret, hint).
    case failed(String)
    case notRun
  }

  public struct Cell {
    public var statements: [StatementSource]
    /// What each statement displayed, in order (parallel to `statements`).
    public var outputs: [[Value]]
    public var status: Status = .ran
    /// The statement that failed, when the cell failed.
    public var failedStatement: Int?
    /// The wall time the cell took to run, when it ran.
    public var seconds: Double?
    /// The errors of the failing statement, when the cell failed (a notebook's error output).
    public var errors: [MKError] = []

    public init(statements: [StatementSource]) {
      self.statements = statements
      self.outputs = Array(repeating: [], count: statements.count)
    }

    public var source: String { statements.map(\.text).joined(separator: "\n") }
    public var firstLine: Int { statements.first?.firstLine ?? 0 }

    /// The statements in runs that end where a statement displayed something, failed, or the
    /// cell ends: each run is shown with its results right below it.
    public var runs: [(range: Range<Int>, ran: Bool)] {
      var out: [(Range<Int>, Bool)] = []
      var start = 0
      for k in statements.indices {
        let ran = status != .notRun && (failedStatement.map { k <= $0 } ?? true)
        let nextRan = k + 1 < statements.count && status != .notRun && (failedStatement.map { k + 1 <= $0 } ?? true)
        if !outputs[k].isEmpty || k == failedStatement || k == statements.count - 1 || ran != nextRan {
          out.append((start..<(k + 1), ran))
          start = k + 1
        }
      }
      return out
    }
  }

  public enum Block {
    /// Markdown text.
    case prose(String)
    case code(Cell)
  }

  /// The notebook's path as given.
  public var file: String
  /// The notebook's text, which errors point into.
  public var source: String = ""
  public var blocks: [Block]
  /// Syntax errors (nothing ran) or the runtime error that stopped the notebook.
  public var errors: [MKError]

  /// 0 when every cell ran, 1 when one failed (the page is written all the same).
  public var exitStatus: Int32 { errors.isEmpty ? 0 : 1 }

  /// The first heading of the prose, else the file's name.
  public var title: String {
    for case .prose(let text) in blocks {
      for line in text.split(separator: "\n") {
        if let (_, t) = Markdown.heading(line.trimmingCharacters(in: .whitespaces)), !t.isEmpty { return t }
      }
    }
    return URL(fileURLWithPath: file).lastPathComponent
  }

  public var cells: [Cell] {
    blocks.compactMap { if case .code(let c) = $0 { return c }; return nil }
  }
}

/// Runs a notebook statement by statement through one `Session` and keeps each result as a
/// value, so tables can become HTML tables and plots SVG pictures (`mk render`).
public struct NotebookRenderer {
  public var options: Session.Options

  public init(options: Session.Options = Session.Options()) {
    self.options = options
  }

  /// Reads and renders the notebook at `path`.
  /// - Throws: `NotebookRunner.ReadError` when the file cannot be read.
  public func render(path: String, workingDirectory: String? = nil) throws -> RenderedNotebook {
    render(source: try NotebookRunner.read(path), file: path, workingDirectory: workingDirectory)
  }

  /// Runs `source` (named `file` in errors) in a fresh session and collects its cells, as
  /// nbconvert does: cell after cell until one fails. A statement that does not parse or
  /// check (an unknown verb, kind, option or choice) fails when its turn comes, so the cells
  /// before it run and show their outputs; only the cells after the failing one are not run.
  /// Relative paths resolve from `workingDirectory`, else from the notebook's folder.
  public func render(source: String, file: String, workingDirectory: String? = nil) -> RenderedNotebook {
    let session = Session(options: options)
    session.workingDirectory = workingDirectory ?? NotebookRunner.folder(of: file)
    let (parsed, syntaxErrors) = session.parse(source, file: file)
    var statements = parsed
    // Lines no statement covers (the parser dropped them) become statements that fail with
    // their syntax error when reached.
    let covered = Set(parsed.flatMap { Array($0.firstLine...$0.lastLine) })
    let dropped = Self.lines(source).filter { !covered.contains($0.firstLine) }
    var failing: [Int: [MKError]] = [:]
    for e in syntaxErrors {
      let line = e.location?.line ?? Int.max
      let at = dropped.last { $0.firstLine <= line } ?? dropped.first
      if let at { failing[at.firstLine, default: []].append(e) }
    }
    statements += dropped
    statements.sort { $0.firstLine < $1.firstLine }
    var blocks = Self.blocks(source, statements)
    // A syntax error no line holds (none was dropped) fails the last cell.
    if dropped.isEmpty, !syntaxErrors.isEmpty,
       let lastCell = blocks.indices.last(where: { if case .code = blocks[$0] { return true }; return false }),
       case .code(let cell) = blocks[lastCell], let last = cell.statements.last {
      failing[last.firstLine] = syntaxErrors
    }

    var stopped = false
    var errors: [MKError] = []
    for b in blocks.indices {
      guard case .code(var cell) = blocks[b] else { continue }
      if stopped {
        cell.status = .notRun
        blocks[b] = .code(cell)
        continue
      }
      let start = Clock.now
      for (k, s) in cell.statements.enumerated() {
        let errs = failing[s.firstLine] ?? session.runShowing(s, file: file) { cell.outputs[k].append($0) }
        if !errs.isEmpty {
          cell.status = .failed(errs.map { Session.format($0, source: source, color: false) }.joined(separator: "\n"))
          cell.failedStatement = k
          cell.errors = errs
          errors = errs
          stopped = true
          break
        }
        if session.exited { stopped = true; break }
      }
      cell.seconds = Clock.seconds(since: start)
      blocks[b] = .code(cell)
    }
    return RenderedNotebook(file: file, source: source, blocks: blocks, errors: errors)
  }

  /// Each line that is neither blank nor a comment, as a statement: the cells of a notebook
  /// that does not parse.
  static func lines(_ source: String) -> [StatementSource] {
    sourceLines(source).enumerated().compactMap { k, line in
      let t = line.trimmingCharacters(in: .whitespaces)
      return t.isEmpty || t.hasPrefix("#") ? nil : StatementSource(text: line, firstLine: k + 1, lastLine: k + 1)
    }
  }

  static func sourceLines(_ source: String) -> [String] {
    source.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
  }

  /// Prose and code blocks in source order. A blank line ends a block; a comment line ends a
  /// code cell and starts (or continues) prose.
  static func blocks(_ source: String, _ statements: [StatementSource]) -> [RenderedNotebook.Block] {
    let lines = sourceLines(source)
    let starting = Dictionary(statements.map { ($0.firstLine, $0) }, uniquingKeysWith: { a, _ in a })
    var blocks: [RenderedNotebook.Block] = []
    var prose: [String] = []
    var code: [StatementSource] = []
    func flush() {
      if !prose.isEmpty { blocks.append(.prose(prose.joined(separator: "\n"))) }
      if !code.isEmpty { blocks.append(.code(RenderedNotebook.Cell(statements: code))) }
      prose = []
      code = []
    }
    var i = 1
    while i <= lines.count {
      if let s = starting[i] {
        if !prose.isEmpty { flush() }
        code.append(s)
        i = max(i + 1, s.lastLine + 1)
        continue
      }
      let t = lines[i - 1].trimmingCharacters(in: .whitespaces)
      if t.isEmpty {
        flush()
      } else if t.hasPrefix("#") {
        if !code.isEmpty { flush() }
        var text = t.dropFirst()
        if text.first == " " { text = text.dropFirst() }
        prose.append(String(text))
      }
      i += 1
    }
    flush()
    return blocks
  }
}
