import Foundation
import MKCore
import MKLang

/// What running a notebook produced.
public struct NotebookResult {
  /// The notebook's path as given, used in error locations (`tour.mk:7:18`).
  public var file: String
  /// The notebook's text, for formatting errors with their source line.
  public var source: String
  /// Each displayed result, in order, as the session rendered it (no trailing newline).
  public var outputs: [String]
  /// All syntax errors (nothing ran), or the one runtime error that stopped the notebook.
  public var errors: [MKError]

  /// 0 when the notebook ran to the end, 1 when it stopped on an error.
  public var exitStatus: Int32 { errors.isEmpty ? 0 : 1 }

  /// The errors as `file:line:col: error: ...` with the source line and a caret, one per error.
  public func formattedErrors(color: Bool = false) -> [String] {
    errors.map { Session.format($0, source: source, color: color) }
  }
}

/// Runs a `.mk` notebook top to bottom through one `Session`.
///
/// `mk run` uses it; `mk render` will build on the same result (outputs in order, errors with
/// their source). The runner does no terminal I/O: `emit` sees each output as it appears, so a
/// caller can stream them while a long notebook runs.
public struct NotebookRunner {
  /// Why a notebook could not be run at all (distinct from an error *in* the notebook).
  public struct ReadError: Error, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "cannot read notebook '\(path)': \(reason)" }
  }

  public var options: Session.Options

  public init(options: Session.Options = Session.Options()) {
    self.options = options
  }

  /// Reads the notebook at `path` and runs it.
  /// - Parameters:
  ///   - path: the notebook file; also the name errors are reported under.
  ///   - emit: called with each displayed result as soon as it is produced.
  /// - Returns: the outputs and errors.
  /// - Throws: `ReadError` when the file is missing, unreadable, or not UTF-8 text.
  public func run(path: String, emit: (String) -> Void = { _ in }) throws -> NotebookResult {
    run(source: try Self.read(path), file: path, emit: emit)
  }

  /// Runs `source` as a notebook named `file` in a fresh session. Relative paths resolve from
  /// `workingDirectory`, else from the notebook's folder (LANGUAGE.md, Running).
  public func run(source: String, file: String, workingDirectory: String? = nil,
                  emit: (String) -> Void = { _ in }) -> NotebookResult {
    let session = Session(options: options)
    session.workingDirectory = workingDirectory ?? Self.folder(of: file)
    var outputs: [String] = []
    let errors = session.run(source, file: file) { text in
      outputs.append(text)
      emit(text)
    }
    return NotebookResult(file: file, source: source, outputs: outputs, errors: errors)
  }

  /// The absolute folder a notebook's relative paths resolve from.
  public static func folder(of file: String) -> String {
    let cwd = FileManager.default.currentDirectoryPath
    let url = file.hasPrefix("/") ? URL(fileURLWithPath: file) : URL(fileURLWithPath: cwd).appendingPathComponent(file)
    return url.standardized.deletingLastPathComponent().path
  }

  /// The notebook's text, or a `ReadError` that says why there is none.
  public static func read(_ path: String) throws -> String {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw ReadError(path: path, reason: "no such file")
    }
    if isDirectory.boolValue { throw ReadError(path: path, reason: "is a directory") }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ReadError(path: path, reason: "permission denied")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw ReadError(path: path, reason: "not UTF-8 text")
    }
    return text
  }
}
