extension FMNet {
  /// One minibatch step of the learner on the design rows `batch`, gathered into `scratch`
  /// (tests; the learner gathers ahead, `FMBatchStream`, and calls `step(rows:)`).
  func step(_ batch: UnsafeBufferPointer<Int32>, of design: DesignMatrix, objective o: FMObjective, table: FMColumnTable,
            update: FMColumnTable.Update, scratch s: FMScratch, mlpGradient: inout [Float], rng: inout RandomStream?)
    -> Double {
    s.batch.gather(batch, of: design, owners: table.owners, prefetch: table)
    return step(rows: s.batch.rows, objective: o, table: table, update: update, scratch: s, mlpGradient: &mlpGradient, rng: &rng)
  }

  /// One minibatch step of the learner on the gathered rows (`FMBatch`, gathered for
  /// `table.owners`): the passes of `gradient` on the learner's own table of the FM columns
  /// (`FMColumnTable`: its rows are read, and its gradient sections written, where `gradient`
  /// uses `fm` and an `FMGradient`), each owner stepping its columns (`update`) as soon as it has
  /// added their gradient, on the same core (its columns are read and written by it alone), so
  /// a batch costs two dispatches, not three. The MLP's gradient of the batch is added to
  /// `mlpGradient` for the caller to step. The FM's parameters in `fm` are not touched
  /// (`FMColumnTable.store` writes them back). Returns the batch's summed loss Σ ℓ.
  func step(rows: FMBatchRows, objective o: FMObjective, table: FMColumnTable, update: FMColumnTable.Update,
            scratch s: FMScratch, mlpGradient: inout [Float], rng: inout RandomStream?) -> Double {
    let n = rows.count
    guard n > 0 else { return 0 }
    let params = table.parameters
    let loss = forwardPass(rows, objective: o, params: params, scratch: s, rng: &rng)
    _ = addGradientByOwner(rows, objective: o, params: params, gradient: table.gradient, lists: table.lists, scratch: s) {
      owner in table.step(owner: owner, update)
    }
    if mlp != nil { _ = mlpGradient.withUnsafeMutableBufferPointer { addMLPGradient(rows: n, objective: o, scratch: s, into: $0) } }
    return loss
  }
}
