import Foundation

/// Bayesian factorization machine, learned by Gibbs sampling (MCMC).
///
/// Freudenthaler, Rendle & Schmidt-Thieme, "Bayesian Factorization Machines" (NIPS 2011
/// workshop on sparse representation and low-rank approximation); Rendle, "Factorization
/// Machines with libFM" (ACM TIST 2012), §4.3. The model is the FM of `FMParameters`,
///   ŷ(x) = w₀ + Σᵢ wᵢ xᵢ + Σ_{i<j} ⟨vᵢ, vⱼ⟩ xᵢ xⱼ,
/// over the design of `FeatureLayout` (its groups: one-hot user and item, the item's tags with
/// `side=`, the numeric columns of `load features=`, standardized with the training mean and
/// std), with Gaussian priors whose means and precisions are per column group and per factor under
/// Normal-Gamma hyperpriors, and a Gamma prior on the noise precision (Hyperpriors.swift).
/// The sampler (Sampler.swift) draws each parameter from its conditional, O(k · nnz) per sweep;
/// binary data uses a probit link with truncated-normal latent targets, and predicts
/// P(y = 1) = Φ(ŷ).
///
/// Prediction is the posterior mean, the average of ŷ (probit: of Φ(ŷ)) over the samples
/// after `burnin`. libFM keeps only the running average for the rows it was given up front;
/// here the fitted model predicts anything later, so it keeps samples themselves: at most
/// `keep` of the iters − burnin samples, evenly spaced, ending with the last (left at its
/// default, no more than fit in 64 MB: `keptSamples`). The trade-off:
/// memory grows as keep · columns · (rank + 1) floats (ml-100k, rank 10, keep 200: 23 MB),
/// while predictions match the full running average exactly only when keep ≥ iters − burnin;
/// with fewer, they average a thinned chain — neighbouring Gibbs samples are strongly
/// correlated, so thinning costs little accuracy (bench/README.md measures it).
/// `history` records per sweep the training RMSE (probit: NLL) of the running average, the
/// same on `valid=`, and the noise level α^{-1/2}; during burn-in, of the current sample.
///
/// A pair with no feature known to the model (unknown user and item without tags) gets the
/// training mean; a cold item with tags is placed by its tags. `predict(data)` reads each
/// rating's numeric columns (data without them is an error, as for fm); a pair without a
/// rating row (`recommend`, fold-in) takes their training means.
public final class BayesFMModel: Model {
  public struct Options: ModelOptions {
    public var rank = 10
    public var iters = 200
    public var burnin = 10
    public var keep = 200
    public var initStd = 0.1
    public var seed = 0
    /// Whether `keep` was given: left at its default, the kept samples are capped by memory
    /// (`BayesFMModel.keptSamples`).
    public var keepGiven = false
    public init() {}
    public mutating func settleDefaults(given: Set<String>) { keepGiven = given.contains("keep") }

    public static let declaration: [ModelOption<Options>] = [
      .int("rank", \.rank, 0...1000, "number of latent dimensions k (0: Bayesian linear model)"),
      .int("iters", \.iters, 1...100_000, "Gibbs sweeps"),
      .int("burnin", \.burnin, 0...100_000, "first sweeps left out of the average"),
      .int("keep", \.keep, 1...100_000,
           "samples kept for predicting later (evenly spaced after burnin; left at 200, no more than fit in 64 MB)"),
      .double("init_std", \.initStd, 0...10, "standard deviation of the initial factors"),
      .seed(\.seed),
      .sides("side", "item table whose tags become features (group tags), a user table (group attributes), or [ITEMS, USERS]"),
      .validation,
    ]
  }

  public static let kind = ModelKind(
    name: "bayesfm", summary: "Bayesian factorization machine by Gibbs sampling (libFM's MCMC), side features with side=, numeric columns (load features=)",
    reference: "ŷ = w0 + Σ wᵢxᵢ + Σ_{i<j} ⟨vᵢ,vⱼ⟩xᵢxⱼ with per-group Normal-Gamma hyperpriors, averaged over samples; Freudenthaler, Rendle & Schmidt-Thieme 2011",
    options: Options.self,
    fit: { input, options in try BayesFMModel.fit(input, options) },
    decode: { r, info, _ in try BayesFMModel.decode(&r, info) })

  public let info: FitInfo
  public let layout: FeatureLayout
  public var readsSideFeatures: Bool { layout.hasSide }
  public var featureGroups: [FeatureLayout.Group] { layout.groups }
  public let rank: Int
  /// w₀ of each kept sample.
  public let biases: [Float]
  /// Row i = [wᵢ, vᵢ] of kept sample 0, then of sample 1, …: keptCount · (rank + 1) numbers.
  public let samples: Matrix
  /// Row s = [α, then per group μ_w, λ_w, μ_v…, λ_v…] of kept sample s (for `foldIn`).
  public let chain: Matrix
  /// The most entries a pair without a rating row has (`scoreBatch`'s scratch).
  private let pairWidth: Int
  /// What the per-row groups give a pair without a rating row: the nonzero design values of
  /// the numeric columns at their training means — none when standardized (the mean maps to
  /// 0), the raw means otherwise.
  let meanNumeric: [(column: Int32, value: Float)]

  init(info: FitInfo, layout: FeatureLayout, rank: Int, biases: [Float], samples: Matrix, chain: Matrix) {
    self.info = info
    self.layout = layout
    self.rank = rank
    self.biases = biases
    self.samples = samples
    self.chain = chain
    pairWidth = layout.maxPairEntries
    var defaults: [(column: Int32, value: Float)] = []
    layout.features(user: -1, item: -1, into: &defaults)  // no user or item: the per-row groups alone
    meanNumeric = defaults
  }

  public var keptCount: Int { biases.count }
  var binary: Bool { info.scale == .binary }

  // MARK: - Fit

  /// What the kept samples may take when `keep` is left at its default.
  static let defaultKeepBytes = 64 << 20

  /// The samples a fit keeps: `keep` of the iters − burnin; with `keep` left at its default,
  /// no more than fit in `defaultKeepBytes`, so that a large design is thinned rather than
  /// held many times over (8.6M ratings of 120k users and items at rank 10: 5.3 MB a sample,
  /// 200 samples 1.06 GB, capped to 12, and the fit peaks under 1 GiB; ml-100k keeps all 200,
  /// 23 MB).
  static func keptSamples(_ o: Options, columns p: Int) -> Int {
    let kept = min(o.keep, o.iters - o.burnin)
    guard !o.keepGiven else { return kept }
    let sampleBytes = max(1, p) * (o.rank + 1) * MemoryLayout<Float>.size
    return max(1, min(kept, defaultKeepBytes / sampleBytes))
  }

  /// `layout` replaces the design made from the data (`FeatureLayout.make(training:...)`).
  static func fit(_ input: FitInput, _ o: Options, layout given: FeatureLayout? = nil) throws -> BayesFMModel {
    let k = o.rank, iters = o.iters, burnin = o.burnin
    guard burnin < iters else {
      throw MKError(.value, "burnin=\(burnin) leaves no samples: it must be below iters=\(iters)", hint: "lower burnin or raise iters")
    }
    let info = FitInfo(kind: "bayesfm", input: input)
    let layout = given ?? FeatureLayout.make(training: input.data, userCount: info.userCount, itemCount: info.itemCount,
                                             side: input.side, users: input.users, standardize: true)
    let p = layout.columnCount, kept = keptSamples(o, columns: p), width = kept * (k + 1)
    let bytes = Double(p) * Double(width) * 4
    guard bytes < 8e9 else {
      throw MKError(.value, "keeping \(kept) samples of \(p) columns at rank \(k) would take \(Int(bytes / 1e9)) GB",
                    hint: "lower keep")
    }
    let binary = input.data.scale == .binary
    var config = BayesFMSampler.Configuration(rank: k, seed: input.seed, initStd: o.initStd, binary: binary)
    if binary { config.fixedNoisePrecision = 1 }
    // The design goes straight into the sampler, which keeps its own layout of it and lets the
    // design's arrays go (peak memory on a large fit).
    let design = DesignMatrix(training: input.data, layout: layout)
    guard design.rows.nonzeros <= BayesFMSampler.maxNonzeros else {
      throw MKError(.value, "the design has \(design.rows.nonzeros) nonzeros, more than bayesfm takes (\(BayesFMSampler.maxNonzeros))",
                    hint: "fit a sample of the ratings, or fewer features a rating")
    }
    let sampler = BayesFMSampler(design: consume design, configuration: config)

    var table = [Float](repeating: 0, count: p * width)
    var biases = [Float](repeating: 0, count: kept)
    let chainWidth = 1 + layout.groups.count * (2 + 2 * k)
    var chain = Matrix(rows: kept, columns: chainWidth)

    // The validation design, mapped once.
    let probe = BayesFMModel(info: info, layout: layout, rank: k, biases: [], samples: Matrix(rows: p, columns: 0),
                             chain: Matrix(rows: 0, columns: chainWidth))
    let validDesign = try input.valid.map { v -> DesignMatrix in
      try layout.checkRows(of: v)
      return DesignMatrix(layout: layout, ratings: v, pairs: probe.modelIndices(v))
    }
    let validEmpty = validDesign.map { d in (0..<d.count).map { d.rows.length($0) == 0 } }

    let metricName = binary ? "nll" : "rmse"
    var curve = TrainingCurve(kind: "bayesfm", iterations: iters, progress: input.progress, train: ["train_\(metricName)"],
                              valid: input.valid == nil ? [] : ["valid_\(metricName)"], extra: binary ? [] : ["noise"])
    let n = sampler.rowCount, lo = info.range.lowerBound, hi = info.range.upperBound
    // The running sum of the training predictions, per row in the sampler's order (its rows
    // stream through memory in that order).
    var trainSum = [Double](repeating: 0, count: n)
    var validSum = [Double](repeating: 0, count: validDesign?.count ?? 0)
    var current = [Double](repeating: 0, count: validDesign?.count ?? 0)
    var partial = [Double](repeating: 0, count: BayesFMSampler.rowBlocks)
    func metric(_ predicted: [Float], _ actual: [Float]) -> Double {
      binary ? Metrics.nll(predicted, actual) : Metrics.rmse(predicted, actual)
    }
    func finish(_ y: Double) -> Float { binary ? Float(y) : min(max(Float(y), lo), hi) }

    let samples = iters - burnin
    for t in 1...iters {
      try curve.begin()
      sampler.sweep()
      let s = t - burnin - 1, post = s >= 0, count = Double(max(s + 1, 1))
      // The running average of the training predictions and its loss (Metrics.rmse's or
      // .nll's terms), row by row in fixed blocks summed in block order: the result does not
      // depend on the cores, and no array of the averages is made. Before the last sweep the
      // sampler refreshes its records for the next sweep as it goes (one pass over them, not
      // two; Sampler+Refresh.swift).
      trainSum.withUnsafeMutableBufferPointer { sums in
        partial.withUnsafeMutableBufferPointer { part in
          part.update(repeating: 0)
          // Each block's loss goes on from where its last chunk left it, in row order.
          let visit = { (range: Range<Int>, b: Int) in
            var loss = part[b]
            for r in range {
              let y = Double(sampler.trainingScore(atPosition: r))
              let value = binary ? normalCDF(y) : y
              let predicted: Float
              if post {
                sums[r] += value
                predicted = finish(sums[r] / count)
              } else {
                predicted = finish(value)
              }
              let actual = sampler.observedTarget(atPosition: r)
              if binary {
                let p = min(max(Double(predicted), 1e-7), 1 - 1e-7)
                loss -= actual > 0.5 ? log(p) : log(1 - p)
              } else {
                let e = Double(predicted) - Double(actual)
                loss += e * e
              }
            }
            part[b] = loss
          }
          if t < iters {
            sampler.refreshCaches(visiting: visit)
          } else {
            Parallel.forEachBlock(n, blocks: BayesFMSampler.rowBlocks, visit)
          }
        }
      }
      let totalLoss = partial.reduce(0, +) / Double(n)
      let trainMetric = n == 0 ? .nan : binary ? totalLoss : totalLoss.squareRoot()
      if post, (s + 1) * kept / samples > s * kept / samples {
        let slot = (s + 1) * kept / samples - 1
        table.withUnsafeMutableBufferPointer { sampler.store(into: $0.baseAddress!, rowStride: width, slot: slot) }
        biases[slot] = Float(sampler.bias)
        var row = [Float(sampler.alpha)]
        for h in sampler.hyper { row += h.flat.map { Float($0) } }
        for c in 0..<chainWidth { chain[slot, c] = row[c] }
      }
      var row = [trainMetric]
      if let vd = validDesign, let empty = validEmpty, let valid = input.valid {
        for r in 0..<current.count { current[r] = 0 }
        current.withUnsafeMutableBufferPointer { sampler.accumulate(vd, into: $0.baseAddress!, binary: binary) }
        var predicted = [Float](repeating: 0, count: vd.count)
        for r in 0..<vd.count {
          if post { validSum[r] += current[r] }
          predicted[r] = empty[r] ? info.globalMean : finish(post ? validSum[r] / count : current[r])
        }
        row.append(metric(predicted, valid.values))
      }
      if !binary { row.append(1 / sampler.alpha.squareRoot()) }
      try curve.record(t, row)
    }
    info.history = curve.history
    return BayesFMModel(info: info, layout: layout, rank: k, biases: biases,
                        samples: Matrix(rows: p, columns: width, storage: table), chain: chain)
  }

  /// The design for pairs of model indices: every column of the layout the pair has, its own
  /// user and item columns included — a user or item without training ratings has its columns
  /// at its group's prior means (the sampler holds them there), so it predicts at the group's
  /// mean, as libFM's draws from the prior do on average — and, with `numeric` (from
  /// `layout.rowColumns(of:)`), the ratings' per-row columns (empty: what a pair without a
  /// rating row reads). Ids outside the layout (-1) have no columns.
  func design(for pairs: (users: [Int32], items: [Int32]), numeric: [[Float]] = []) -> DesignMatrix {
    DesignMatrix(layout: layout, users: pairs.users, items: pairs.items, numeric: numeric)
  }

  // MARK: - Predict

  /// The average over kept samples of ŷ (probit: Φ(ŷ)) for one row of features.
  @inline(__always)
  private func averaged(_ cols: UnsafePointer<Int32>, _ vals: UnsafePointer<Float>, count m: Int,
                        table: UnsafePointer<Float>, bias: UnsafePointer<Float>, sums: UnsafeMutablePointer<Float>) -> Float {
    if m == 0 { return info.globalMean }
    let kept = keptCount, k = rank, stride = samples.columns, binary = self.binary
    var acc = 0.0
    for s in 0..<kept {
      var y = bias[s]
      for f in 0..<(2 * k) { sums[f] = 0 }
      for j in 0..<m {
        let base = table + Int(cols[j]) * stride + s * (k + 1), x = vals[j]
        y += base[0] * x
        for f in 0..<k {
          let t = base[1 + f] * x
          sums[f] += t
          sums[k + f] += t * t
        }
      }
      var pair: Float = 0
      for f in 0..<k { pair += sums[f] * sums[f] - sums[k + f] }
      let yhat = Double(y + 0.5 * pair)
      acc += binary ? normalCDF(yhat) : yhat
    }
    return Float(acc / Double(kept))
  }

  /// Each rating with its own per-row columns (`load features=`); without per-row groups in
  /// the layout, the pairs' scores.
  public func predict(_ data: Ratings) -> [Float] {
    let pairs = modelIndices(data)
    guard layout.readsRows else { return predict(indices: pairs) }
    let d = DesignMatrix(layout: layout, ratings: data, pairs: pairs)
    var out = [Float](repeating: 0, count: d.count)
    let clips = !binary, lo = info.range.lowerBound, hi = info.range.upperBound, k = rank
    samples.storage.withUnsafeBufferPointer { table in
      biases.withUnsafeBufferPointer { bias in
        d.rows.offsets.withUnsafeBufferPointer { ro in
          d.rows.columns.withUnsafeBufferPointer { rc in
            d.rows.values.withUnsafeBufferPointer { rv in
              out.withUnsafeMutableBufferPointer { buf in
                let o = buf.baseAddress!  // each block writes only its own rows
                Parallel.forEachBlock(d.count) { range, _ in
                  let sums = UnsafeMutablePointer<Float>.allocate(capacity: max(1, 2 * k))
                  defer { sums.deallocate() }
                  for r in range {
                    let y = averaged(rc.baseAddress! + ro[r], rv.baseAddress! + ro[r], count: ro[r + 1] - ro[r],
                                     table: table.baseAddress!, bias: bias.baseAddress!, sums: sums)
                    o[r] = clips ? min(max(y, lo), hi) : y
                  }
                }
              }
            }
          }
        }
      }
    }
    return out
  }

  public func checkPredictable(_ data: Ratings) throws { try layout.checkRows(of: data) }

  public func score(user: Int32, item: Int32) -> Float {
    var out: Float = 0
    withUnsafePointer(to: user) { u in
      withUnsafePointer(to: item) { i in
        withUnsafeMutablePointer(to: &out) { o in
          scoreBatch(users: UnsafeBufferPointer(start: u, count: 1), items: UnsafeBufferPointer(start: i, count: 1),
                     into: UnsafeMutableBufferPointer(start: o, count: 1))
        }
      }
    }
    return out
  }

  /// Pairs without a rating row: numeric columns at their training means (0 standardized);
  /// the user's and item's own columns as in `design(for:)`.
  public func scoreBatch(users: UnsafeBufferPointer<Int32>, items: UnsafeBufferPointer<Int32>,
                         into out: UnsafeMutableBufferPointer<Float>) {
    let width = max(1, pairWidth), k = rank
    let cols = UnsafeMutablePointer<Int32>.allocate(capacity: width)
    let vals = UnsafeMutablePointer<Float>.allocate(capacity: width)
    let sums = UnsafeMutablePointer<Float>.allocate(capacity: max(1, 2 * k))
    defer { cols.deallocate(); vals.deallocate(); sums.deallocate() }
    var entries: [(column: Int32, value: Float)] = []
    entries.reserveCapacity(width)
    samples.storage.withUnsafeBufferPointer { table in
      biases.withUnsafeBufferPointer { bias in
        for j in 0..<out.count {
          let u = users[j], i = items[j]
          entries.removeAll(keepingCapacity: true)
          layout.features(user: u, item: i, numeric: nil, into: &entries)
          for (m, e) in entries.enumerated() { cols[m] = e.column; vals[m] = e.value }
          out[j] = averaged(cols, vals, count: entries.count, table: table.baseAddress!, bias: bias.baseAddress!, sums: sums)
        }
      }
    }
  }

  /// Posterior mean of the factors vᵢ over the kept samples, for `count` columns from `start`.
  private func meanFactors(start: Int, count: Int) -> Matrix? {
    guard rank > 0 else { return nil }
    var m = Matrix(rows: count, columns: rank)
    let kept = keptCount, k = rank
    for r in 0..<count {
      for s in 0..<kept {
        for f in 0..<k { m[r, f] += samples[start + r, s * (k + 1) + 1 + f] }
      }
      for f in 0..<k { m[r, f] /= Float(kept) }
    }
    return m
  }

  /// Posterior means of the users' factors (zeros for users without training ratings).
  public var userEmbeddings: Matrix? { meanFactors(of: layout.identityGroup(.user)) }
  /// Posterior means of the items' factors.
  public var itemEmbeddings: Matrix? { meanFactors(of: layout.identityGroup(.item)) }

  private func meanFactors(of group: Int?) -> Matrix? {
    group.flatMap { g in meanFactors(start: layout.groups[g].columns.lowerBound, count: layout.groups[g].columns.count) }
  }

  // MARK: - Persist

  public func encode(to w: inout ModelWriter) {
    w.layout(layout)
    w.int(rank)
    w.floats(biases)
    w.matrix(samples)
    w.matrix(chain)
  }

  static func decode(_ r: inout ModelReader, _ info: FitInfo) throws -> BayesFMModel {
    let layout = try r.layout()
    let k = try r.int()
    let biases = try r.floats(), samples = try r.matrix(), chain = try r.matrix()
    guard layout.userCount == info.userCount, layout.itemCount == info.itemCount, k >= 0, k <= 1000,
          samples.rows == layout.columnCount, samples.columns == biases.count * (k + 1),
          chain.rows == biases.count, chain.columns == 1 + layout.groups.count * (2 + 2 * k), !biases.isEmpty else {
      throw MKError(.io, "bayesfm model samples do not match its layout")
    }
    return BayesFMModel(info: info, layout: layout, rank: k, biases: biases, samples: samples, chain: chain)
  }
}
