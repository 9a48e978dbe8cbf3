/// Per-iteration metrics recorded during training (`M.history`).
public struct History {
  public var columns: [String]
  public var rows: [[Double]]
  /// Set when Ctrl-C stopped the fit: the model is that of the last row's iteration.
  public var interrupted = false
  /// The iterations the fit was asked for, when it was interrupted (for "3 of 20").
  public var planned: Int?
  /// With early stopping (`valid=`), the iteration whose model the fit returned: the one
  /// with the best validation metric, which may be earlier than the last row (`EarlyStopping`).
  public var kept: Int?

  public init(columns: [String], rows: [[Double]] = []) {
    self.columns = columns
    self.rows = rows
  }

  public static let empty = History(columns: [])
  public var isEmpty: Bool { rows.isEmpty }
  public mutating func append(_ row: [Double]) { rows.append(row) }
  /// "early stopping kept iteration 7 of 12 (valid_rmse 0.9102)", when `kept` is set.
  public var keptNote: String? {
    guard let kept, let c = columns.firstIndex(where: { $0.hasPrefix("valid_") }),
          let row = rows.first(where: { $0.first == Double(kept) }) else { return nil }
    let value = (row[c] * 10_000).rounded() / 10_000
    return "early stopping kept iteration \(kept) of \(rows.count) (\(columns[c]) \(value))"
  }

  /// The last value of a column.
  public func last(_ column: String) -> Double? {
    guard let c = columns.firstIndex(of: column), let r = rows.last else { return nil }
    return r[c]
  }
}

/// The loop bookkeeping every iterative kind shares (ALS sweeps, SGD and FM epochs, Gibbs
/// sweeps): the history's columns, one row per iteration, the progress bar, Ctrl-C between
/// iterations, and the divergence check, so a kind's loop holds only its own arithmetic.
///
/// ```swift
/// var curve = TrainingCurve(kind: "sgd", iterations: iters, progress: input.progress,
///                           train: ["train_rmse"], valid: input.valid == nil ? [] : ["valid_rmse"])
/// for it in 1...iters {
///   guard try curve.proceed() else { break }   // Ctrl-C at the REPL keeps this model
///   … one epoch …
///   try curve.record(it, [trainRMSE] + validRMSE)
/// }
/// info.history = curve.history
/// ```
public struct TrainingCurve {
  public let kind: String
  public private(set) var history: History
  let iterations: Int
  let progress: Progress
  /// The column that must stay finite, and what to suggest when it does not.
  let watched: Int
  let hint: String

  /// Columns: `iter`, then `train` (the first one watched for divergence), then `valid` (empty
  /// without validation data), then `extra`.
  public init(kind: String, iterations: Int, progress: Progress, train: [String], valid: [String] = [],
              extra: [String] = [], hint: String = "raise lambda") {
    precondition(!train.isEmpty)
    self.kind = kind
    self.history = History(columns: ["iter"] + train + valid + extra)
    self.iterations = iterations
    self.progress = progress
    self.watched = 1
    self.hint = hint
  }

  /// Call before each iteration: throws when the user asked to stop.
  public func begin() throws { try progress.checkCancelled() }

  /// Call before each iteration of a loop whose state after any finished iteration is a
  /// model: true to go on. When the user asked to stop at the REPL (`keepsInterruptedFits`)
  /// after at least one iteration, it marks the history interrupted and returns false, so the
  /// loop ends and the fit returns the model of the last finished iteration; otherwise
  /// (`mk run`, or nothing finished yet) it throws `MKError.interrupted` as `begin` does.
  public mutating func proceed() throws -> Bool {
    guard progress.isInterrupted else { return true }
    guard progress.keepsInterruptedFits, !history.isEmpty else { throw MKError.interrupted }
    history.interrupted = true
    history.planned = iterations
    return false
  }

  /// Records iteration `iteration` (from 1) with the values of the columns after `iter`,
  /// reports progress, and throws when the watched column is not finite: the model diverged.
  public mutating func record(_ iteration: Int, _ values: [Double]) throws {
    precondition(values.count == history.columns.count - 1, "\(kind): \(values.count) values for \(history.columns)")
    let row = [Double(iteration)] + values
    history.append(row)
    progress.step(iteration, of: iterations, metrics: Array(zip(history.columns.dropFirst(), values)))
    guard row[watched].isFinite else {
      throw MKError(.model, "\(kind) diverged at iteration \(iteration): its \(history.columns[watched]) is not finite", hint: hint)
    }
  }
}
