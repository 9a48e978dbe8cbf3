/// Early stopping on a validation metric (`valid=DATA patience=N`), shared by every
/// iterative kind that takes it (fm, deepfm, logmf, als, sgd): after each iteration the kind
/// hands over the metric (lower is better: RMSE, or NLL on 0/1 outcomes) and a way to copy its
/// state; the state of the best iteration so far is kept, and the loop ends once `patience`
/// iterations in a row failed to improve on it. The fit then returns the kept state, and the
/// history says which iteration that was (`History.kept`), so `M.history` shows both the
/// iterations run and the one whose model is returned.
///
/// Without validation data (`enabled` false) it keeps nothing and never stops a loop.
public struct EarlyStopping<State> {
  public let patience: Int
  public let enabled: Bool
  public private(set) var best: (iteration: Int, metric: Double, state: State)?
  private var sinceBest = 0

  public init(patience: Int, enabled: Bool) {
    self.patience = patience
    self.enabled = enabled
  }

  /// Records iteration `iteration`'s validation metric; `state` is called only when it is the
  /// best so far. Returns true when the loop should stop. A non-finite metric never counts as
  /// an improvement.
  public mutating func observe(_ iteration: Int, metric: Double, state: () -> State) -> Bool {
    guard enabled else { return false }
    if metric.isFinite && (best == nil || metric < best!.metric) {
      best = (iteration, metric, state())
      sinceBest = 0
    } else {
      sinceBest += 1
    }
    return sinceBest >= patience
  }

  /// The kept state, when validation data was given and an iteration finished; marks
  /// `history` with the kept iteration.
  public func kept(marking history: inout History) -> State? {
    guard let best else { return nil }
    history.kept = best.iteration
    return best.state
  }
}
