/// Matrix factorization by alternating least squares with weighted-λ regularization.
///
/// Zhou, Wilkinson, Schreiber & Pan, "Large-scale parallel collaborative filtering for the
/// Netflix Prize" (AAIM 2008). Minimizes
///   Σ (r − μ − bᵤ − bᵢ − pᵤ·qᵢ)² + λ (Σᵤ (nᵤ + n₀) ‖pᵤ‖² + Σᵢ (nᵢ + n₀) ‖qᵢ‖²) + λ_b (Σᵤ bᵤ² + Σᵢ bᵢ²)
/// where nᵤ, nᵢ count the ratings of user u and item i, and the pseudo-count n₀ (`prior`)
/// keeps rarely rated items from fitting their one or two ratings exactly (biases only with `bias=true`; they
/// take their own unweighted penalty `bias_lambda`·b² instead of λ·n·b², since shrinking every
/// bias by the same fraction λ/(1+λ) hurts accuracy).
/// Each half-step fixes one side and solves, for every user (item), the (k+1)×(k+1) ridge
/// system (YᵀY + λ (nᵤ + n₀) I) x = Yᵀ t by Cholesky, in parallel blocks (`ALS+HalfStep`:
/// SIMD kernels up to width 64, an OpenBLAS Gram of the gathered factors above), or with
/// `solver=cg` by a few conjugate-gradient steps warm-started from the previous sweep.
///
/// Storage: `userFactors` row u = [pᵤ, bᵤ] and `itemFactors` row i = [qᵢ, bᵢ] (the bias column
/// only with `bias=true`); users and items without training ratings keep zeros, so they fall
/// back to μ + the other side's bias.
public final class ALSModel: Model {
  public struct Options: ModelOptions {
    public var rank = 20
    public var lambda = 0.1
    public var prior = 30.0
    public var iters = 15
    public var bias = true
    public var biasLambda = 2.0
    public var initStd = 0.1
    public var seed = 0
    public var solver = Solver.cholesky
    public var cgSteps = 3
    /// `engine=spark`: Spark MLlib solves the factors (Spark/SparkALS.swift).
    public var engine = ALSEngine.native
    public var master = "local[*]"
    public var partitions = 0
    public var patience = 5
    public init() {}
    /// Spark's ALS has no pseudo-count (Spark/SparkALS.swift): under `engine=spark`, `prior`
    /// defaults to 0; a `prior` the user gives is kept (and refused by the Spark fit).
    public mutating func settleDefaults(given: Set<String>) {
      if engine == .spark && !given.contains("prior") { prior = 0 }
    }

    public static let declaration: [ModelOption<Options>] = [
      .int("rank", \.rank, 1...1000, "number of latent dimensions k"),
      .double("lambda", \.lambda, 0...1e4, "weighted-λ regularization (times each user's/item's rating count)"),
      .double("prior", \.prior, 0...1e6, "pseudo-count added to each user's and item's rating count in the λ penalty"),
      .int("iters", \.iters, 1...10000, "alternating sweeps (users then items)"),
      .bool("bias", \.bias, "learn user and item biases"),
      .double("bias_lambda", \.biasLambda, 0...1e6, "ridge penalty on each bias (not weighted by counts)"),
      .double("init", \.initStd, 0...10, "standard deviation of the initial item factors"),
      .seed(\.seed),
      .choice("solver", \.solver, "cholesky: each row's system solved exactly; cg: cg_steps conjugate-gradient steps "
                + "from the previous sweep's row (faster at wide ranks, approximate: see bench/README.md)"),
      .int("cg_steps", \.cgSteps, 1...1000, "conjugate-gradient steps per row and half-step with solver=cg"),
      .patience(\.patience),
      .earlyStoppingValidation,
    ] + ALSEngine.options
  }

  public static let kind = ModelKind(
    name: "als", summary: "matrix factorization by alternating least squares (weighted-λ)",
    reference: "r̂ = μ + b_u + b_i + p_u·q_i; Zhou et al. 2008, ALS-WR",
    options: Options.self,
    fit: { input, options in try ALSModel.fit(input, options) },
    decode: { r, info, options in
      let users = try r.matrix(), items = try r.matrix(), width = options.rank + (options.bias ? 1 : 0)
      guard users.rows == info.userCount, items.rows == info.itemCount, users.columns == width, items.columns == width else {
        throw MKError(.io, "'\(r.path)': ALS factors (\(users.rows)×\(users.columns), \(items.rows)×\(items.columns)) do not match "
                        + "rank=\(options.rank) bias=\(options.bias) and \(info.userCount) users, \(info.itemCount) items")
      }
      return ALSModel(info: info, options: options, userFactors: users, itemFactors: items)
    })

  public let info: FitInfo
  public let options: Options
  public var rank: Int { options.rank }
  public var bias: Bool { options.bias }
  /// Row u = [pᵤ, bᵤ?].
  public let userFactors: Matrix
  /// Row i = [qᵢ, bᵢ?].
  public let itemFactors: Matrix

  init(info: FitInfo, options: Options, userFactors: Matrix, itemFactors: Matrix) {
    self.info = info
    self.options = options
    self.userFactors = userFactors
    self.itemFactors = itemFactors
  }

  // MARK: - Fit

  static func fit(_ input: FitInput, _ o: Options) throws -> ALSModel {
    if o.engine == .spark { return try SparkALS.fit(input, o) }
    Parallel.configureBLAS()
    let info = FitInfo(kind: "als", input: input)
    let k = o.rank, bias = o.bias, lambda = Float(o.lambda), iters = o.iters
    let biasLambda = Float(o.biasLambda), prior = Float(o.prior)
    let width = k + (bias ? 1 : 0)
    var rng = RandomStream(seed: input.seed)
    let std = Float(o.initStd)
    var items = Matrix(rows: info.itemCount, columns: width)
    for i in 0..<info.itemCount where info.itemCounts[i] > 0 {
      for c in 0..<k { items[i, c] = std * Float(rng.normal()) }
    }
    var users = Matrix(rows: info.userCount, columns: width)
    let byUser = input.data.byUser, byItem = input.data.byItem
    let mu = info.globalMean
    var curve = TrainingCurve(kind: "als", iterations: iters, progress: input.progress,
                              train: ["train_rmse"], valid: input.valid == nil ? [] : ["valid_rmse"])
    let validActual = input.valid?.values
    // Ids mapped once; every sweep scores the same pairs.
    let probe = ALSModel(info: info, options: o, userFactors: users, itemFactors: items)
    let validPairs = input.valid.map { probe.modelIndices($0) }
    let clip: ClosedRange<Float>? = info.scale == .binary ? nil : info.range
    var stopping = EarlyStopping<(users: Matrix, items: Matrix)>(patience: o.patience, enabled: input.valid != nil)
    for it in 1...iters {
      guard try curve.proceed() else { break }
      halfStep(solving: &users, fixed: items, rows: byUser, rank: k, bias: bias,
               lambda: lambda, prior: prior, biasLambda: biasLambda, mu: mu, solver: o.solver, cgSteps: o.cgSteps)
      halfStep(solving: &items, fixed: users, rows: byItem, rank: k, bias: bias,
               lambda: lambda, prior: prior, biasLambda: biasLambda, mu: mu, solver: o.solver, cgSteps: o.cgSteps)
      // A snapshot model scores this sweep; it shares the buffers until the next sweep writes.
      let snapshot = ALSModel(info: info, options: o, userFactors: users, itemFactors: items)
      var values = [trainingRMSE(users: users, items: items, byUser: byUser, rank: k, bias: bias, mu: mu, clip: clip)]
      if let pairs = validPairs, let va = validActual { values.append(Metrics.rmse(snapshot.predict(indices: pairs), va)) }
      try curve.record(it, values)
      // The factors are values: the kept copy is shared until the next sweep writes.
      if stopping.observe(it, metric: values.last ?? .nan, state: { (users, items) }) { break }
    }
    var history = curve.history
    if let kept = stopping.kept(marking: &history) { (users, items) = kept }
    info.history = history
    return ALSModel(info: info, options: o, userFactors: users, itemFactors: items)
  }

  // MARK: - Predict

  public func score(user: Int32, item: Int32) -> Float {
    let knownU = user >= 0 && Int(user) < userFactors.rows
    let knownI = item >= 0 && Int(item) < itemFactors.rows
    var s = info.globalMean
    if bias {
      if knownU { s += userFactors[Int(user), rank] }
      if knownI { s += itemFactors[Int(item), rank] }
    }
    if knownU && knownI {
      s += userFactors.storage.withUnsafeBufferPointer { u in
        itemFactors.storage.withUnsafeBufferPointer { v in
          let w = userFactors.columns, pu = Int(user) * w, qi = Int(item) * w
          var d: Float = 0
          for c in 0..<rank { d += u[pu + c] * v[qi + c] }
          return d
        }
      }
    }
    return s
  }

  /// Tight loop over raw buffers for `predict` (the per-pair `score` pays for dispatch). Known
  /// pairs go eight at a time: each pair's dot product still adds its terms in order (the same
  /// bits as `score`), but eight independent sums run side by side instead of one chain of k
  /// dependent additions — the training RMSE every sweep records was a quarter of a rank-64 fit.
  public func scoreBatch(users: UnsafeBufferPointer<Int32>, items: UnsafeBufferPointer<Int32>,
                         into out: UnsafeMutableBufferPointer<Float>) {
    let w = userFactors.columns, mu = info.globalMean, k = rank, bias = self.bias
    let nu = Int32(userFactors.rows), ni = Int32(itemFactors.rows)
    userFactors.storage.withUnsafeBufferPointer { up in
      itemFactors.storage.withUnsafeBufferPointer { vp in
        let u0 = up.baseAddress!, v0 = vp.baseAddress!
        let lanes = 8
        var pu = [UnsafePointer<Float>](repeating: u0, count: lanes), qi = pu
        var d = [Float](repeating: 0, count: lanes)
        var j = 0
        while j < out.count {
          let end = min(j + lanes, out.count)
          var allKnown = end - j == lanes
          for l in 0..<(end - j) where allKnown {
            let u = users[j + l], i = items[j + l]
            allKnown = u >= 0 && u < nu && i >= 0 && i < ni
            pu[l] = u0 + Int(u) * w
            qi[l] = v0 + Int(i) * w
          }
          if allKnown {
            pu.withUnsafeBufferPointer { p in
              qi.withUnsafeBufferPointer { q in
                d.withUnsafeMutableBufferPointer { d in
                  var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
                  var s4: Float = 0, s5: Float = 0, s6: Float = 0, s7: Float = 0
                  let p0 = p[0], p1 = p[1], p2 = p[2], p3 = p[3], p4 = p[4], p5 = p[5], p6 = p[6], p7 = p[7]
                  let q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3], q4 = q[4], q5 = q[5], q6 = q[6], q7 = q[7]
                  for c in 0..<k {
                    s0 += p0[c] * q0[c]; s1 += p1[c] * q1[c]; s2 += p2[c] * q2[c]; s3 += p3[c] * q3[c]
                    s4 += p4[c] * q4[c]; s5 += p5[c] * q5[c]; s6 += p6[c] * q6[c]; s7 += p7[c] * q7[c]
                  }
                  d[0] = s0; d[1] = s1; d[2] = s2; d[3] = s3; d[4] = s4; d[5] = s5; d[6] = s6; d[7] = s7
                }
              }
            }
            for l in 0..<lanes {
              var s = mu
              if bias { s += pu[l][k]; s += qi[l][k] }
              out[j + l] = s + d[l]
            }
          } else {
            for jj in j..<end { out[jj] = scoreOne(users[jj], items[jj], u0, v0, w: w, mu: mu, nu: nu, ni: ni) }
          }
          j = end
        }
      }
    }
  }

  /// One pair of `scoreBatch`, for unknown ids and the tail.
  @inline(__always)
  private func scoreOne(_ u: Int32, _ i: Int32, _ u0: UnsafePointer<Float>, _ v0: UnsafePointer<Float>, w: Int, mu: Float,
                        nu: Int32, ni: Int32) -> Float {
    let k = rank
    let knownU = u >= 0 && u < nu, knownI = i >= 0 && i < ni
    var s = mu
    let pu = u0 + Int(u) * w, qi = v0 + Int(i) * w
    if bias {
      if knownU { s += pu[k] }
      if knownI { s += qi[k] }
    }
    if knownU && knownI {
      var d: Float = 0
      for c in 0..<k { d += pu[c] * qi[c] }
      s += d
    }
    return s
  }

  public var userEmbeddings: Matrix? { bias ? dropLastColumn(userFactors) : userFactors }
  public var itemEmbeddings: Matrix? { bias ? dropLastColumn(itemFactors) : itemFactors }

  public func foldIn(_ ratings: [(item: Int32, value: Float)]) throws -> (Int32) -> Float {
    let known = ratings.filter { $0.item >= 0 && Int($0.item) < itemFactors.rows }
    guard !known.isEmpty else {
      throw MKError(.value, "none of the profile's items are known to this model")
    }
    // The same ridge system as a user half-step, for one new row.
    var x = Matrix(rows: 1, columns: itemFactors.columns)
    let rows = SparseRows(rowCount: 1, rows: known.map { _ in 0 }, columns: known.map(\.item), values: known.map(\.value))
    ALSModel.halfStep(solving: &x, fixed: itemFactors, rows: rows, rank: rank, bias: bias,
                      lambda: Float(options.lambda), prior: Float(options.prior),
                      biasLambda: Float(options.biasLambda),
                      mu: info.globalMean)
    let folded = ALSModel(info: info, options: options, userFactors: x, itemFactors: itemFactors)
    return { item in folded.score(user: 0, item: item) }
  }

  public func encode(to w: inout ModelWriter) {
    w.matrix(userFactors)
    w.matrix(itemFactors)
  }
}

/// The first `columns − 1` columns of a matrix (factors without their bias column).
func dropLastColumn(_ m: Matrix) -> Matrix {
  var out = Matrix(rows: m.rows, columns: m.columns - 1)
  for r in 0..<m.rows { for c in 0..<(m.columns - 1) { out[r, c] = m[r, c] } }
  return out
}
