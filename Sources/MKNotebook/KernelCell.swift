import MKCore
import MKLang

/// One Jupyter cell, run as `mk render` runs one of its cells: statement by statement in the
/// kernel's session, so the statements before a bad one run and show their outputs, and the
/// bad one (a runtime error, or a statement that does not parse or check) fails the cell.
public enum KernelCell {
  public struct Output {
    public var bundle: [String: String]
    /// The last output of the cell's last statement: Jupyter's `execute_result` (`Out[n]`);
    /// every other output is `display_data`.
    public var isResult: Bool
  }

  /// Runs `source` (named `file` in errors, `In[3]`) and hands each output to `emit` as soon
  /// as it is known whether it is the result. `interrupted` is asked after each statement:
  /// a fit stopped by Ctrl-C keeps its model (`keepsInterruptedFits`) and returns normally, so
  /// this is where the rest of the cell stops.
  /// - Returns: the errors: a failing statement's, the syntax errors of the lines after the
  ///   statements that ran, or "interrupted"; empty when the cell ran to its end.
  public static func run(_ source: String, file: String, in session: Session, interrupted: () -> Bool = { false },
                         emit: (Output) -> Void) -> [MKError] {
    let (statements, syntaxErrors) = session.parse(source, file: file)
    let firstBadLine = syntaxErrors.isEmpty ? Int.max : (syntaxErrors.compactMap { $0.location?.line }.min() ?? 0)
    let runnable = statements.filter { $0.lastLine < firstBadLine }
    var held: [String: String]?
    func release(asResult: Bool) {
      if let bundle = held { emit(Output(bundle: bundle, isResult: asResult)) }
      held = nil
    }
    for (k, statement) in runnable.enumerated() {
      let isLast = k == runnable.count - 1 && syntaxErrors.isEmpty
      let errors = session.runShowing(statement, file: file) { value in
        for bundle in JupyterOutput.bundles(value) {
          release(asResult: false)
          if isLast { held = bundle } else { emit(Output(bundle: bundle, isResult: false)) }
        }
      }
      if !errors.isEmpty {
        release(asResult: false)
        return errors
      }
      if session.exited { break }
      if !isLast && interrupted() {
        let next = k + 1 < runnable.count ? runnable[k + 1].firstLine : firstBadLine
        return [MKError(.interrupted, "interrupted: the cell stopped after line \(statement.lastLine)",
                        at: SourceLocation(file: file, line: next, column: 0),
                        hint: "the statements from line \(next) on did not run")]
      }
    }
    release(asResult: true)
    return syntaxErrors
  }
}
