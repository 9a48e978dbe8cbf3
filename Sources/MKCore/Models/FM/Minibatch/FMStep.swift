extension FMNet {
  /// One minibatch step of the learner on the design rows `batch`: the passes of `gradient`
  /// on the learner's own table of the FM columns (`FMColumnTable`: its rows are read, and its
  /// gradient sections written, where `gradient` uses `fm` and an `FMGradient`), each owner
  /// stepping its columns (`update`) as soon as it has added their gradient, on the same core
  /// (its columns are read and written by it alone), so a batch costs two dispatches, not
  /// three. The MLP's gradient of the batch is added to `mlpGradient` for the caller to step.
  /// The FM's parameters in `fm` are not touched (`FMColumnTable.store` writes them back).
  /// Returns the batch's summed loss Σ ℓ.
  func step(_ batch: UnsafeBufferPointer<Int32>, of design: DesignMatrix, objective o: FMObjective, table: FMColumnTable,
            update: FMColumnTable.Update, scratch s: FMScratch, mlpGradient: inout [Float], rng: inout RandomStream?)
    -> Double {
    let n = batch.count
    guard n > 0 else { return 0 }
    let params = table.parameters
    let loss = forwardPass(batch, of: design, objective: o, params: params, reach: table.stride - 1, scratch: s, rng: &rng)
    _ = addGradientByOwner(batch, of: design, objective: o, params: params, gradient: table.gradient, lists: table.lists,
                           scratch: s) { owner in table.step(owner: owner, update) }
    if mlp != nil { _ = mlpGradient.withUnsafeMutableBufferPointer { addMLPGradient(rows: n, objective: o, scratch: s, into: $0) } }
    return loss
  }
}
