import Foundation

/// Minibatch training of an `FMNet` (`fm` and `deepfm`): each epoch visits the training rows
/// in a seeded random order, in batches of `batch` rows, and steps the parameters along
/// ∂J_B/∂θ (see `FMObjective`) by
///   sgd:  θ ← θ − lr · g
///   adam: m ← β₁m + (1−β₁)g,  s ← β₂s + (1−β₂)g²,  θ ← θ − lr · m̂ / (√ŝ + ε)
///         (Kingma & Ba, ICLR 2015; β₁ = 0.9, β₂ = 0.999, ε = 1e-8, bias-corrected by the step count),
/// the FM's weights and factors only where the batch touched them (lazy Adam: a column's
/// moments move only when it is active), the MLP densely. With `valid=`, the epoch with the
/// best validation metric (RMSE, or NLL on 0/1 outcomes) is kept, and training stops after
/// `patience` epochs without improvement.
///
/// Batches are processed one after another, each on all cores (`FMNet.step`): the rows'
/// forward passes in fixed chunks, then the sparse gradient and the optimizer step split by
/// owner of FM columns, each owner adding its columns' terms in row order and stepping them.
/// Each batch's rows are gathered into contiguous buffers a batch ahead (`FMBatchStream`),
/// prefetching the table rows the step will touch.
/// While training, the FM's columns live in one row each (`FMColumnTable`: parameters,
/// gradient, moments), written back to the model after each epoch. An epoch costs
/// O(k · nonzeros) (the steps touch only the batch's columns), and a seed gives the same
/// numbers on any machine and any number of cores; scoring (the per-epoch metrics) runs on
/// all cores.
public enum FMLearner {
  public enum Solver: String, CaseIterable { case adam, sgd }

  /// The objective of the options: loss by the data, λ per group of `layout`, and with
  /// `deep` (deepfm) the MLP's penalty and dropout.
  static func objective(_ o: FMOptions, deep: DeepFMOptions?, layout: FeatureLayout, binary: Bool) throws -> FMObjective {
    FMObjective(loss: binary ? .logistic : .squared, groupLambda: try o.groupLambdas(layout),
                mlpLambda: Float(deep?.lambdaMLP ?? 0), dropout: Float(deep?.dropout ?? 0))
  }

  /// Fits an FMNet to `input` (an MLP with these hidden widths for DeepFM): w₀ is the training
  /// mean (its logit on 0/1 outcomes) and stays fixed, so a pair with no known feature falls back
  /// to the global mean; factors start N(0, init²) on columns active in training, zero elsewhere.
  /// `layout` replaces the design made from the data (`FeatureLayout.make(training:...)`);
  /// without `fmTerms` (`deep`) the net is the MLP alone on the field embeddings.
  public static func fit(kind: String, _ input: FitInput, _ o: FMOptions, deep: DeepFMOptions? = nil,
                         layout given: FeatureLayout? = nil, fmTerms: Bool = true) throws -> (FitInfo, FMNet) {
    Parallel.configureBLAS()  // one BLAS thread: the minibatch gemms are small
    let hidden = deep?.layers
    let info = FitInfo(kind: kind, input: input)
    let binary = info.scale == .binary
    let layout = given ?? FeatureLayout.make(training: input.data, userCount: info.userCount, itemCount: info.itemCount,
                                             side: input.side, users: input.users, standardize: o.standardize)
    let objective = try objective(o, deep: deep, layout: layout, binary: binary)
    let k = o.rank, batch = o.batch
    if let hidden {
      let width = layout.groups.count * k
      let cells = width * (hidden.first ?? 1) + zip(hidden, hidden.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }
      guard cells <= 50_000_000, batch * (hidden.max() ?? 1) <= 200_000_000 else {
        throw MKError(.value, "deepfm layers=[\(hidden.map(String.init).joined(separator: ","))] with rank=\(k) and batch=\(batch) need too much memory",
                      hint: "use narrower layers, a lower rank or a smaller batch")
      }
    }
    let trainDesign = DesignMatrix(training: input.data, layout: layout)
    var rng = RandomStream(seed: input.seed)
    var fm = FMParameters(columns: layout.columnCount, rank: k)
    let mean = info.globalMean
    fm.bias = binary ? Float(Foundation.log(Double(max(min(mean, 0.999), 0.001)) / (1 - Double(max(min(mean, 0.999), 0.001))))) : mean
    var active = [Bool](repeating: false, count: layout.columnCount)
    for c in trainDesign.rows.columns { active[Int(c)] = true }
    let std = Float(o.initStd)
    for j in 0..<layout.columnCount where active[j] {
      for f in 0..<k { fm.factors.storage[j * k + f] = std * Float(rng.normal()) }
    }
    // Alone (deep), the MLP starts at full output scale: there is no FM for it to start close to.
    let mlp = hidden.map { MLP(input: layout.groups.count * k, hidden: $0, rng: &rng, outputScale: fmTerms ? 0.1 : 1) }
    var net = FMNet(fm: fm, mlp: mlp, layout: layout, fmTerms: fmTerms)
    var valid: DesignMatrix?
    if let v = input.valid {
      let probe = FMProbe(info: info)
      let (users, items) = probe.modelIndices(v)
      try layout.checkRows(of: v)
      valid = DesignMatrix(layout: layout, ratings: v, pairs: (users, items), target: v.values)
    }
    info.history = try train(&net, kind: kind, on: trainDesign, valid: valid, options: o, objective: objective,
                             binary: binary, range: info.range, rng: &rng, progress: input.progress)
    return (info, net)
  }

  /// The predictions the metrics see: clipped ratings, or σ(ŷ) on 0/1 outcomes.
  static func predictions(_ net: FMNet, _ design: DesignMatrix, binary: Bool, range: ClosedRange<Float>) -> [Float] {
    var p = net.raw(design)
    if binary { for j in 0..<p.count { p[j] = 1 / (1 + expf(-p[j])) } } else {
      for j in 0..<p.count { p[j] = min(max(p[j], range.lowerBound), range.upperBound) }
    }
    return p
  }

  /// The epochs: minibatch steps, per-epoch history, early stopping on `valid`.
  static func train(_ net: inout FMNet, kind: String, on design: DesignMatrix, valid: DesignMatrix?, options o: FMOptions,
                    objective: FMObjective, binary: Bool, range: ClosedRange<Float>, rng: inout RandomStream,
                    progress: Progress, owners: Int = Parallel.workers) throws -> History {
    let solver = o.solver
    let lr = Float(o.lr), epochs = o.iters, batch = min(o.batch, design.count)
    let metric = binary ? "nll" : "rmse"
    var curve = TrainingCurve(kind: kind, iterations: epochs, progress: progress,
                              train: ["train_loss", "train_\(metric)"],
                              valid: valid == nil ? [] : ["valid_\(metric)"] + (binary ? ["valid_auc"] : []),
                              hint: "lower lr or raise lambda")
    func score(_ d: DesignMatrix, _ n: FMNet) -> Double {
      let p = predictions(n, d, binary: binary, range: range)
      return binary ? Metrics.nll(p, d.target) : Metrics.rmse(p, d.target)
    }

    // The FM columns live in the table while training (`FMColumnTable`); `net.fm` is written
    // back after each epoch, for the metrics and early stopping.
    let table = FMColumnTable(net.fm, moments: solver == .adam, owners: owners)  // bits do not depend on `owners`
    let scratch = FMScratch(net, capacity: batch)
    let stream = FMBatchStream(design: design, batchSize: batch, table: table)
    design.adviseHugePages()
    var mlpGradient = [Float](repeating: 0, count: net.mlp?.weights.count ?? 0)
    var mlpMoments = solver == .adam ? AdamMoments(count: mlpGradient.count) : nil
    var steps = 0
    var dropoutRNG: RandomStream? = objective.dropout > 0 ? RandomStream(seed: rng.next(), stream: 1) : nil
    var order = [Int32](0..<Int32(design.count))
    var stopping = EarlyStopping<FMNet>(patience: o.patience, enabled: valid != nil)
    var stop = false
    for epoch in 1...epochs {
      guard try curve.proceed() else { break }
      rng.shuffle(&order)
      var lossSum = 0.0
      order.withUnsafeBufferPointer { ob in
        stream.forEach(ob) { rows in
          steps += 1
          let update: FMColumnTable.Update = solver == .adam ? .adam(rate: Adam.rate(lr: lr, step: steps)) : .sgd(lr: lr)
          lossSum += net.step(rows: rows, objective: objective, table: table, update: update, scratch: scratch,
                              mlpGradient: &mlpGradient, rng: &dropoutRNG)
          if net.mlp != nil { stepMLP(&net.mlp!, &mlpGradient, &mlpMoments, update) }
        }
      }
      table.store(into: &net.fm)
      var row = [lossSum / Double(design.count), score(design, net)]
      if let valid {
        let p = predictions(net, valid, binary: binary, range: range)
        let m = binary ? Metrics.nll(p, valid.target) : Metrics.rmse(p, valid.target)
        row.append(m)
        if binary { row.append(Metrics.auc(p, valid.target)) }
        stop = stopping.observe(epoch, metric: m) { net }
      }
      try curve.record(epoch, row)
      if stop { break }
    }
    var history = curve.history
    if let kept = stopping.kept(marking: &history) { net = kept }
    return history
  }

  /// The MLP's step along its gradient of the batch (every weight, Adam or SGD as the FM's
  /// columns); zeros the gradient for the next batch.
  static func stepMLP(_ mlp: inout MLP, _ gradient: inout [Float], _ moments: inout AdamMoments?,
                      _ update: FMColumnTable.Update) {
    switch update {
    case .adam(let rate): moments!.step(&mlp.weights, &gradient, rate: rate)
    case .sgd(let lr):
      for t in 0..<gradient.count { mlp.weights[t] -= lr * gradient[t]; gradient[t] = 0 }
    }
  }
}

/// A stand-in model used only to map another data set's ids to model indices before the
/// real model exists (`valid=`).
final class FMProbe: Model {
  static let kind = MeanModel.kind
  let info: FitInfo
  init(info: FitInfo) { self.info = info }
  func score(user: Int32, item: Int32) -> Float { info.globalMean }
  func foldIn(_ ratings: [(item: Int32, value: Float)]) throws -> (Int32) -> Float { { _ in self.info.globalMean } }
  func encode(to w: inout ModelWriter) {}
}

extension FMNet {
  /// Folds a new user in: a user column is appended and only its weight and factors are fitted
  /// to the profile by full-batch Adam on the model's own objective (the rest stays fixed).
  /// Returns a scorer for model item indices (-1 unknown), σ applied on binary data.
  func foldIn(_ ratings: [(item: Int32, value: Float)], objective: FMObjective, binary: Bool, steps: Int = 300,
              lr: Float = 0.05) -> (Int32) -> Float {
    let U = layout.userCount, k = fm.rank
    let grown = layout.with(userCount: U + 1)
    // The new user's column: after the user group's others (U when that group comes first).
    let userGroup = layout.identityGroup(.user).map { layout.groups[$0].columns } ?? 0..<U
    let column = userGroup.upperBound
    var w = fm.weights, v = fm.factors.storage
    w.insert(0, at: column)
    v.insert(contentsOf: [Float](repeating: 0, count: k), at: column * k)
    var net = FMNet(fm: FMParameters(bias: fm.bias, weights: w, factors: Matrix(rows: w.count, columns: k, storage: v)),
                    mlp: mlp, layout: grown)
    let design = DesignMatrix(layout: grown, users: ratings.map { _ in Int32(U) }, items: ratings.map(\.item),
                              target: ratings.map(\.value))
    var g = FMGradient(net)
    let scratch = FMScratch(net, capacity: max(1, design.count))
    var none: RandomStream? = nil
    var o = objective
    o.dropout = 0
    let rows = (0..<Int32(design.count)).map { $0 }
    var m = [Float](repeating: 0, count: k + 1), s = m
    for t in 1...steps {
      rows.withUnsafeBufferPointer { rb in
        _ = net.gradient(rb, of: design, objective: o, into: &g, scratch: scratch, rng: &none)
      }
      let rate = lr * Float((1 - Foundation.pow(0.999, Double(t))).squareRoot() / (1 - Foundation.pow(0.9, Double(t))))
      for q in 0...k {
        let grad = q == 0 ? g.w[column] : g.v[column * k + q - 1]
        m[q] = 0.9 * m[q] + 0.1 * grad
        s[q] = 0.999 * s[q] + 0.001 * grad * grad
        let step = rate * m[q] / (s[q].squareRoot() + 1e-8)
        if q == 0 { net.fm.weights[column] -= step } else { net.fm.factors.storage[column * k + q - 1] -= step }
      }
      g.clear(rank: k)
    }
    let fitted = net
    return { item in
      var out: Float = 0
      [Int32(U)].withUnsafeBufferPointer { u in [item].withUnsafeBufferPointer { i in
        withUnsafeMutablePointer(to: &out) { fitted.score(users: u, items: i, into: UnsafeMutableBufferPointer(start: $0, count: 1), binary: binary) }
      } }
      return out
    }
  }
}

