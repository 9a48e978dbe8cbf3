import Foundation
import MKCore
import MKLang

/// What a Jupyter front end is shown for mk's results: the one translation shared by the
/// kernel (`mk kernel-server`) and `mk render -o FILE.ipynb`, so a notebook run in Jupyter and
/// one rendered from the command line carry the same outputs.
public enum JupyterOutput {
  /// The mime bundles of one displayed value: tables as `text/html` + `text/plain`, plots as
  /// `image/svg+xml` + `text/plain` (the ASCII drawing, for consoles), anything else as
  /// `text/plain`. A tuple gives one bundle per element; `nothing` none.
  public static func bundles(_ value: Value, width: Int = 100) -> [[String: String]] {
    switch value {
    case .nothing:
      return []
    case .tuple(let values):
      return values.flatMap { bundles($0, width: width) }
    case .table(let t):
      return [["text/html": t.html(), "text/plain": value.display(width: width)]]
    case .plot(let figure, _):
      return [["image/svg+xml": figure.svg(), "text/plain": value.display(width: width)]]
    default:
      return [["text/plain": value.display(width: width)]]
    }
  }

  /// A Jupyter error: `ename` from the error's kind (`SyntaxError`, `NameError`, …), `evalue`
  /// its message, `traceback` the lines `mk run` prints (place, source line, caret, hint),
  /// with ANSI colors as Jupyter front ends expect in a traceback.
  public static func error(_ errors: [MKError], source: String) -> (ename: String, evalue: String, traceback: [String]) {
    let first = errors.first ?? MKError(.internalError, "unknown error")
    let lines = errors.flatMap { Session.format($0, source: source, color: true).components(separatedBy: "\n") }
    return (errorName(first.kind), first.message, lines)
  }

  /// `SyntaxError`, `ValueError`, … : names a Python user reads at a glance.
  public static func errorName(_ kind: MKError.Kind) -> String {
    switch kind {
    case .syntax: return "SyntaxError"
    case .name: return "NameError"
    case .type: return "TypeError"
    case .value: return "ValueError"
    case .data: return "DataError"
    case .io: return "IOError"
    case .model: return "ModelError"
    case .assertion: return "AssertionError"
    case .interrupted: return "Interrupted"
    case .usage: return "UsageError"
    case .internalError: return "InternalError"
    }
  }

  /// The kernelspec's and the notebook's `language_info`.
  public static func languageInfo(version: String) -> [String: Any] {
    ["name": "mk", "version": version, "file_extension": ".mk", "mimetype": "text/x-mk",
     "pygments_lexer": "text", "codemirror_mode": "text/plain"]
  }

  /// The notebook metadata's `kernelspec`, as `mk jupyter install` names the kernel.
  public static let kernelspec: [String: Any] = ["name": "mk", "display_name": "mk", "language": "mk"]
}
