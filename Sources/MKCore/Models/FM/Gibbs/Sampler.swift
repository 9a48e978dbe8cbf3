/// One Gibbs chain of Bayesian factorization machines over a design matrix: the MCMC of
/// Freudenthaler, Rendle & Schmidt-Thieme (2011) as libFM runs it (Rendle, TIST 2012, §4.3).
///
/// Each sweep draws every parameter from its conditional given all the others. A model
/// parameter θ enters ŷ linearly, ŷ(x) = g_θ(x) + θ h_θ(x), with
///   h_{w₀} = 1,  h_{wᵢ} = xᵢ,  h_{v_{i,f}} = xᵢ (q_f(x) − v_{i,f} xᵢ),  q_f(x) = Σⱼ v_{j,f} xⱼ,
/// so with the residuals eₙ = yₙ − ŷₙ its conditional is normal:
///   precision  P = α Σₙ hₙ² + λ_θ,   mean  (α Σₙ hₙ (eₙ + θ hₙ) + λ_θ μ_θ) / P,
/// the sums running over the rows where xᵢ ≠ 0 only. After each draw the residuals and the
/// per-row caches q_f are updated in place, so a sweep costs O(k · nnz) (libFM's scheme); like
/// libFM, each sweep starts by recomputing both from the parameters (one more O(k · nnz) pass),
/// so the Float32 rounding of the in-place updates never accumulates across sweeps.
/// A column without training data has no likelihood term: it is set to its group's prior means
/// (μ_w, μ_{v,f}) after each hyperparameter draw, so it predicts at the group's mean, not at 0.
/// Then per group and factor (μ, λ) from the Normal-Gamma posterior and α from its Gamma
/// (Hyperpriors.swift).
///
/// Binary data (probit, Albert & Chib 1993): y = 1 iff z > 0 with z ~ N(ŷ, 1); each sweep
/// draws the latent zₙ from N(ŷₙ, 1) truncated to the observed side and uses it as the target,
/// with α fixed at 1.
///
/// The hyperprior groups are the design's groups (`layout.groups`), whatever they are.
///
/// Parallelism: the columns of a group in which every row has at most one nonzero (the
/// one-hot user and item groups) touch disjoint rows, so their parameters are conditionally
/// independent given everything else and are drawn in parallel blocks. Other groups (tags
/// overlap rows; dense groups such as the numeric `features` columns share nearly every row)
/// are drawn in order. Every column draws from its own stream derived from
/// (seed, sweep, phase, column) and every sum has a fixed order, so a seed gives the same
/// chain whatever the core count.
public final class BayesFMSampler {
  public struct Configuration {
    public var rank: Int
    public var seed: UInt64
    public var initStd: Double
    public var binary: Bool
    public var priors = BayesFMPriors()
    /// Known noise precision α instead of sampling it (closed-form checks; probit uses 1).
    public var fixedNoisePrecision: Double?
    /// Known group hyperparameters (one per group) instead of sampling them.
    public var fixedHyper: [GroupHyper]?

    public init(rank: Int, seed: UInt64, initStd: Double = 0.1, binary: Bool = false) {
      self.rank = rank
      self.seed = seed
      self.initStd = initStd
      self.binary = binary
    }
  }

  public let rowCount: Int
  public let columnCount: Int
  public let rank: Int
  public let groups: [FeatureLayout.Group]
  /// Whether each group's columns touch disjoint rows (drawn in parallel).
  public let parallelGroups: [Bool]
  let config: Configuration
  /// Column blocks balanced by nonzeros, per parallel group.
  private let blocks: [[Range<Int>]]
  /// The columns of each group without training data (held at the group's prior means).
  private let emptyColumns: [[Int]]

  // The design, by column (CSC) for the draws and by row (CSR) for the caches.
  private let colOffsets: UnsafeMutablePointer<Int>
  private let colRows: UnsafeMutablePointer<Int32>
  private let colValues: UnsafeMutablePointer<Float>
  private let rowOffsets: UnsafeMutablePointer<Int>
  private let rowColumns: UnsafeMutablePointer<Int32>
  private let rowValues: UnsafeMutablePointer<Float>
  private let nonzeros: Int

  /// Observed targets, and the targets the draws fit (= observed, or probit's latent z).
  private let observed: UnsafeMutablePointer<Float>
  private let target: UnsafeMutablePointer<Float>
  /// eₙ = targetₙ − ŷₙ.
  private let residual: UnsafeMutablePointer<Float>
  /// q[f · N + n] = Σᵢ v_{i,f} x_{n,i}: factor-major so a factor's draws read one array.
  private let q: UnsafeMutablePointer<Float>

  public private(set) var bias: Double
  /// wᵢ.
  private let w: UnsafeMutablePointer<Float>
  /// v[f · p + i] = v_{i,f}: factor-major, like q.
  private let v: UnsafeMutablePointer<Float>
  public private(set) var alpha: Double
  public private(set) var hyper: [GroupHyper]
  public private(set) var sweeps = 0

  /// Row blocks for row-wise passes: fixed, so streams and sums do not depend on the cores.
  static let rowBlocks = 64

  public init(design: DesignMatrix, configuration c: Configuration) {
    config = c
    rank = c.rank
    rowCount = design.count
    columnCount = design.layout.columnCount
    let groups = design.layout.groups
    self.groups = groups
    let n = rowCount, p = columnCount, k = rank
    let rows = design.rows
    nonzeros = rows.nonzeros

    func copy<T>(_ a: [T]) -> UnsafeMutablePointer<T> {
      let ptr = UnsafeMutablePointer<T>.allocate(capacity: max(1, a.count))
      a.withUnsafeBufferPointer { if let b = $0.baseAddress { ptr.initialize(from: b, count: a.count) } }
      return ptr
    }
    rowOffsets = copy(rows.offsets)
    rowColumns = copy(rows.columns)
    rowValues = copy(rows.values)
    var rowOf = [Int32](repeating: 0, count: rows.nonzeros)
    for r in 0..<n { for t in rows.range(r) { rowOf[t] = Int32(r) } }
    let csc = SparseRows(rowCount: p, rows: rows.columns, columns: rowOf, values: rows.values)
    colOffsets = copy(csc.offsets)
    colRows = copy(csc.columns)
    colValues = copy(csc.values)

    // One-hot groups: no row has two nonzeros among the group's columns.
    var oneHot = [Bool](repeating: true, count: groups.count)
    let layout = design.layout
    var seen = [Int](repeating: 0, count: groups.count)
    for r in 0..<n {
      for g in 0..<groups.count { seen[g] = 0 }
      for t in rows.range(r) { seen[layout.group(of: Int(rows.columns[t]))] += 1 }
      for g in 0..<groups.count where seen[g] > 1 { oneHot[g] = false }
    }
    // Dense groups (numeric columns): even when one of their columns has nonzeros on a row the
    // others are zero on, nothing is gained by blocks of them, so they are always drawn in order.
    for g in groups.indices where groups[g].feature.isDense { oneHot[g] = false }
    parallelGroups = oneHot
    let workers = Parallel.workers
    blocks = groups.indices.map { g in
      guard oneHot[g] else { return [groups[g].columns] }
      // Contiguous column blocks holding similar numbers of nonzeros (plus one per column).
      let cols = groups[g].columns, parts = workers * 4
      let total = csc.offsets[cols.upperBound] - csc.offsets[cols.lowerBound] + cols.count
      var out: [Range<Int>] = [], start = cols.lowerBound
      for i in cols {
        let done = csc.offsets[i + 1] - csc.offsets[cols.lowerBound] + (i + 1 - cols.lowerBound)
        if done * parts >= total * (out.count + 1) || i + 1 == cols.upperBound {
          out.append(start..<(i + 1))
          start = i + 1
        }
      }
      return out
    }

    emptyColumns = groups.map { g in g.columns.filter { csc.offsets[$0 + 1] == csc.offsets[$0] } }
    observed = copy(design.target)
    target = copy(design.target)
    residual = copy([Float](repeating: 0, count: n))
    q = copy([Float](repeating: 0, count: n * k))
    w = copy([Float](repeating: 0, count: p))
    v = copy([Float](repeating: 0, count: p * k))
    alpha = c.fixedNoisePrecision ?? 1
    hyper = c.fixedHyper ?? groups.map { _ in GroupHyper(rank: k) }

    // Start: w₀ at the mean target (probit: 0), w = 0, v ~ N(0, initStd²) on columns with data.
    var mean = 0.0
    for r in 0..<n { mean += Double(design.target[r]) }
    bias = c.binary || n == 0 ? 0 : mean / Double(n)
    for i in 0..<p where colOffsets[i + 1] > colOffsets[i] {
      var rng = RandomStream(seed: Self.mix(c.seed, 0, 0), stream: UInt64(i))
      for f in 0..<k { v[f * p + i] = Float(c.initStd * rng.normal()) }
    }
    refreshCaches()
    if c.binary {  // the latent targets start at ŷ; the first sweep draws them
      for r in 0..<n { target[r] -= residual[r]; residual[r] = 0 }
    }
  }

  deinit {
    for ptr in [colOffsets, rowOffsets] { ptr.deallocate() }
    for ptr in [colRows, rowColumns] { ptr.deallocate() }
    for ptr in [colValues, rowValues, observed, target, residual, q, w, v] { ptr.deallocate() }
  }

  /// Recomputes q and the residuals from the parameters (at the start of every sweep, and to
  /// check drift).
  public func refreshCaches() {
    let k = rank, p = columnCount, n = rowCount, b0 = Float(bias)
    let (ro, rc, rv, w, v, q, e, y) = (rowOffsets, rowColumns, rowValues, w, v, q, residual, target)
    Parallel.forEachBlock(n, blocks: Self.rowBlocks) { range, _ in
      for r in range {
        let yhat = Self.rowScore(ro[r]..<ro[r + 1], rc, rv, w: w, v: v, columns: p, rank: k, bias: b0) { f, s in
          q[f * n + r] = s
        }
        e[r] = y[r] - yhat
      }
    }
  }

  /// The largest difference between the running residuals and freshly computed ones.
  public func residualDrift() -> Float {
    let saved = Array(UnsafeBufferPointer(start: residual, count: rowCount))
    refreshCaches()
    var m: Float = 0
    for r in 0..<rowCount { m = max(m, abs(saved[r] - residual[r])) }
    return m
  }

  // MARK: - One sweep

  /// Draws every parameter once: the probit's latent targets or α, w₀, then per group its
  /// hyperparameters and weights, then per factor f the hyperparameters and v_{·,f}.
  public func sweep() {
    sweeps += 1
    let it = sweeps, k = rank
    refreshCaches()
    var hyperRng = RandomStream(seed: Self.mix(config.seed, it, 1), stream: 0)
    if config.binary {
      drawLatentTargets(sweep: it)
    } else if config.fixedNoisePrecision == nil {
      alpha = config.priors.drawNoisePrecision(count: rowCount, squaredError: rowSum { e, _ in Double(e) * Double(e) },
                                               rng: &hyperRng)
    }
    drawBias(sweep: it)
    for g in groups.indices {
      if config.fixedHyper == nil {
        let (s, s2, m) = columnMoments(g, factor: nil)
        (hyper[g].muW, hyper[g].lambdaW) = config.priors.drawNormalGamma(count: m, sum: s, sumOfSquares: s2, rng: &hyperRng)
      }
      for i in emptyColumns[g] { w[i] = Float(hyper[g].muW) }
      drawColumns(g, factor: nil, sweep: it)
    }
    for f in 0..<k {
      if config.fixedHyper == nil {
        for g in groups.indices {
          let (s, s2, m) = columnMoments(g, factor: f)
          (hyper[g].muV[f], hyper[g].lambdaV[f]) = config.priors.drawNormalGamma(count: m, sum: s, sumOfSquares: s2, rng: &hyperRng)
        }
      }
      for g in groups.indices { for i in emptyColumns[g] { v[f * columnCount + i] = Float(hyper[g].muV[f]) } }
      for g in groups.indices { drawColumns(g, factor: f, sweep: it) }
    }
  }

  /// Σₙ body(eₙ, n) in fixed blocks, summed in block order.
  private func rowSum(_ body: @escaping (Float, Int) -> Double) -> Double {
    let nb = Self.rowBlocks, e = residual
    let partial = UnsafeMutablePointer<Double>.allocate(capacity: nb)
    partial.initialize(repeating: 0, count: nb)
    defer { partial.deallocate() }
    Parallel.forEachBlock(rowCount, blocks: nb) { range, b in
      var s = 0.0
      for r in range { s += body(e[r], r) }
      partial[b] = s
    }
    var s = 0.0
    for b in 0..<nb { s += partial[b] }
    return s
  }

  private func drawLatentTargets(sweep it: Int) {
    let (y, z, e, seed) = (observed, target, residual, config.seed)
    Parallel.forEachBlock(rowCount, blocks: Self.rowBlocks) { range, b in
      var rng = RandomStream(seed: Self.mix(seed, it, 2), stream: UInt64(b))
      for r in range {
        let yhat = Double(z[r] - e[r])
        let zr = rng.probitLatent(mean: yhat, positive: y[r] > 0.5)
        z[r] = Float(zr)
        e[r] = Float(zr - yhat)
      }
    }
  }

  private func drawBias(sweep it: Int) {
    let n = Double(rowCount), a = alpha, pr = config.priors
    let sumE = rowSum { e, _ in Double(e) }
    let precision = a * n + pr.biasPrecision
    guard precision > 0 else { return }
    let mean = (a * (sumE + bias * n) + pr.biasPrecision * pr.biasMean) / precision
    var rng = RandomStream(seed: Self.mix(config.seed, it, 3), stream: 0)
    let new = mean + rng.normal() / precision.squareRoot()
    let d = Float(new) - Float(bias)
    bias = Double(Float(new))
    let e = residual
    Parallel.forEachBlock(rowCount, blocks: Self.rowBlocks) { range, _ in for r in range { e[r] -= d } }
  }

  /// (Σθ, Σθ², count) over the group's columns that have data, θ = wᵢ or v_{i,f}.
  private func columnMoments(_ g: Int, factor: Int?) -> (Double, Double, Int) {
    let base = factor.map { $0 * columnCount } ?? 0
    let theta = factor == nil ? w : v + base
    var s = 0.0, s2 = 0.0, m = 0
    for i in groups[g].columns where colOffsets[i + 1] > colOffsets[i] {
      let t = Double(theta[i])
      s += t
      s2 += t * t
      m += 1
    }
    return (s, s2, m)
  }

  /// Draws wᵢ (factor nil) or v_{i,f} for every column of group g that has data.
  private func drawColumns(_ g: Int, factor: Int?, sweep it: Int) {
    let (co, cr, cv, e, p, n) = (colOffsets, colRows, colValues, residual, columnCount, rowCount)
    let a = alpha, seed = config.seed
    if let f = factor {
      let mu = hyper[g].muV[f], lambda = hyper[g].lambdaV[f]
      let vf = v + f * p, qf = q + f * n
      Parallel.forEach(blocks[g]) { range, _ in
        for i in range where co[i + 1] > co[i] {
          var rng = RandomStream(seed: Self.mix(seed, it, 5 + f), stream: UInt64(i))
          let old = vf[i]
          var shh = 0.0, she = 0.0
          for t in co[i]..<co[i + 1] {
            let r = Int(cr[t]), x = cv[t]
            let h = Double(x * (qf[r] - old * x))
            shh += h * h
            she += h * Double(e[r])
          }
          let precision = a * shh + lambda
          let mean = (a * (she + Double(old) * shh) + lambda * mu) / precision
          let new = Float(mean + rng.normal() / precision.squareRoot())
          let d = new - old
          for t in co[i]..<co[i + 1] {
            let r = Int(cr[t]), x = cv[t]
            let h = x * (qf[r] - old * x)
            e[r] -= d * h
            qf[r] += d * x
          }
          vf[i] = new
        }
      }
    } else {
      let mu = hyper[g].muW, lambda = hyper[g].lambdaW, w = self.w
      Parallel.forEach(blocks[g]) { range, _ in
        for i in range where co[i + 1] > co[i] {
          var rng = RandomStream(seed: Self.mix(seed, it, 4), stream: UInt64(i))
          let old = w[i]
          var sxx = 0.0, sxe = 0.0
          for t in co[i]..<co[i + 1] {
            let x = Double(cv[t])
            sxx += x * x
            sxe += x * Double(e[Int(cr[t])])
          }
          let precision = a * sxx + lambda
          let mean = (a * (sxe + Double(old) * sxx) + lambda * mu) / precision
          let new = Float(mean + rng.normal() / precision.squareRoot())
          let d = new - old
          for t in co[i]..<co[i + 1] { e[Int(cr[t])] -= d * cv[t] }
          w[i] = new
        }
      }
    }
  }

  // MARK: - Reading the chain

  /// ŷₙ of the current sample for each training row (probit: the latent mean).
  @inline(__always) public func trainingScore(_ r: Int) -> Float { target[r] - residual[r] }

  /// wᵢ of the current sample.
  public var weights: [Float] { Array(UnsafeBufferPointer(start: w, count: columnCount)) }

  /// The current sample as FM parameters (row i of the factors = vᵢ).
  public var parameters: FMParameters {
    var m = Matrix(rows: columnCount, columns: rank)
    for i in 0..<columnCount { for f in 0..<rank { m[i, f] = v[f * columnCount + i] } }
    return FMParameters(bias: Float(bias), weights: weights, factors: m)
  }

  /// Writes the current sample into a kept-samples table: row i, slot s holds [wᵢ, vᵢ].
  func store(into table: UnsafeMutablePointer<Float>, rowStride: Int, slot s: Int) {
    let k = rank, p = columnCount, v = self.v, w = self.w
    Parallel.forEachBlock(p, blocks: 16) { range, _ in
      for i in range {
        let dst = table + i * rowStride + s * (k + 1)
        dst[0] = w[i]
        for f in 0..<k { dst[1 + f] = v[f * p + i] }
      }
    }
  }

  /// ŷ of the current sample for every row of another design (e.g. `valid=`), added to
  /// `sums` (probit: Φ(ŷ) is added).
  func accumulate(_ d: DesignMatrix, into sums: UnsafeMutablePointer<Double>, binary: Bool) {
    let k = rank, p = columnCount, b0 = Float(bias), w = self.w, v = self.v
    d.rows.offsets.withUnsafeBufferPointer { ro in
      d.rows.columns.withUnsafeBufferPointer { rc in
        d.rows.values.withUnsafeBufferPointer { rv in
          Parallel.forEachBlock(d.count, blocks: Self.rowBlocks) { range, _ in
            for r in range {
              let y = Double(Self.rowScore(ro[r]..<ro[r + 1], rc.baseAddress, rv.baseAddress, w: w, v: v,
                                           columns: p, rank: k, bias: b0))
              sums[r] += binary ? normalCDF(y) : y
            }
          }
        }
      }
    }
  }
}
