/// One Gibbs chain of Bayesian factorization machines over a design matrix: the MCMC of
/// Freudenthaler, Rendle & Schmidt-Thieme (2011) as libFM runs it (Rendle, TIST 2012, §4.3).
///
/// Each sweep draws every parameter from its conditional given all the others. A model
/// parameter θ enters ŷ linearly, ŷ(x) = g_θ(x) + θ h_θ(x), with
///   h_{w₀} = 1,  h_{wᵢ} = xᵢ,  h_{v_{i,f}} = xᵢ (q_f(x) − v_{i,f} xᵢ),  q_f(x) = Σⱼ v_{j,f} xⱼ,
/// so with the residuals eₙ = yₙ − ŷₙ its conditional is normal:
///   precision  P = α Σₙ hₙ² + λ_θ,   mean  (α Σₙ hₙ (eₙ + θ hₙ) + λ_θ μ_θ) / P,
/// the sums running over the rows where xᵢ ≠ 0 only. Up to rank `blockRankLimit` each column's
/// (wᵢ, vᵢ) is drawn at once from its joint conditional (Sampler+Blocks.swift), otherwise one
/// coordinate at a time as libFM does. After each draw the residuals and the
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
/// Parallelism: columns that share no row are conditionally independent given everything
/// else, so each group's columns are colored (ColumnSchedule.swift) and each color is drawn in
/// parallel blocks: one color for the one-hot user and item groups, a few for tags or
/// knowledge-tracing skills and counts. Dense groups (the numeric `features` columns share
/// nearly every row) are drawn in order. Every column draws from its own stream derived from
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
    /// Block draws (true) or one coordinate at a time (false); nil: by rank (`blockRankLimit`).
    public var blockDraws: Bool?

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
  /// Colors per group: columns of one color are drawn at once (1 for a one-hot group; the
  /// column count for a group drawn in order).
  public var colorCounts: [Int] { schedule.colorCounts }
  let config: Configuration
  /// The drawing order of the columns and which are drawn at once.
  let schedule: ColumnSchedule
  let order: UnsafeMutablePointer<Int32>
  /// Where the sampler stores each design row (RowLocality.swift).
  private let positionOfRow: UnsafeMutablePointer<Int32>
  /// The columns of each group without training data (held at the group's prior means).
  private let emptyColumns: [[Int]]

  // The design, by column (CSC) for the draws and by row (CSR) for the caches.
  let colOffsets: UnsafeMutablePointer<Int>
  let colRows: UnsafeMutablePointer<Int32>
  let colValues: UnsafeMutablePointer<Float>
  private let rowOffsets: UnsafeMutablePointer<Int>
  private let rowColumns: UnsafeMutablePointer<Int32>
  private let rowValues: UnsafeMutablePointer<Float>
  private let nonzeros: Int

  /// Observed targets, and the targets the draws fit (= observed, or probit's latent z).
  private let observed: UnsafeMutablePointer<Float>
  private let target: UnsafeMutablePointer<Float>
  /// Per row n a record of `stride` = k + 1 floats: cache[n·stride] = eₙ = targetₙ − ŷₙ, then
  /// cache[n·stride + 1 + f] = q_f(n) = Σᵢ v_{i,f} x_{n,i}. A draw visiting row n finds the
  /// residual and every q_f in one place (one cache line at k ≤ 15): a large design's rows
  /// miss the core's cache, and a scattered layout paid one miss per array.
  let cache: UnsafeMutablePointer<Float>
  let stride: Int
  /// Whether each column's (wᵢ, vᵢ) is drawn jointly (ranks up to `blockRankLimit`), or one
  /// coordinate at a time as libFM does.
  public let drawsBlocks: Bool
  /// The widest rank drawn in blocks: a block costs (k+1)² a nonzero and (k+1)³/3 a column,
  /// against 2(k+1) cache visits a nonzero one coordinate at a time. Measured (bench/README.md,
  /// "bayesfm draws"): at rank 10 on 2.7M ratings blocks take 0.68 s a sweep against 0.77; at
  /// rank 20 on ASSISTments iswf 12.1 s for 100 sweeps against 6.1.
  public static let blockRankLimit = 12
  /// vt[i · k + f] = v_{i,f}: the factors column-major, for the row-wise refresh.
  private let vt: UnsafeMutablePointer<Float>

  public private(set) var bias: Double
  /// wᵢ.
  let w: UnsafeMutablePointer<Float>
  /// v[f · p + i] = v_{i,f}: factor-major, like q.
  let v: UnsafeMutablePointer<Float>
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
    nonzeros = design.rows.nonzeros
    let dense = groups.map(\.feature.isDense)
    // The rows in an order where each column's rows sit together (RowLocality.swift).
    let local = RowLocality.order(rows: design.rows, groups: groups.map(\.columns), skip: dense)
    var position = [Int32](repeating: 0, count: n)
    for (k, r) in local.enumerated() { position[Int(r)] = Int32(k) }
    let rows: SparseRows = {
      var rowIndex: [Int32] = [], columns: [Int32] = [], values: [Float] = []
      rowIndex.reserveCapacity(design.rows.nonzeros)
      columns.reserveCapacity(design.rows.nonzeros)
      values.reserveCapacity(design.rows.nonzeros)
      for (k, r) in local.enumerated() {
        for t in design.rows.range(Int(r)) {
          rowIndex.append(Int32(k))
          columns.append(design.rows.columns[t])
          values.append(design.rows.values[t])
        }
      }
      return SparseRows(rowCount: n, rows: rowIndex, columns: columns, values: values)
    }()
    let targets = local.map { design.target[Int($0)] }

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

    // Dense groups (numeric columns): even when one of their columns has nonzeros on a row the
    // others are zero on, nothing is gained by coloring them, so they are always drawn in order.
    schedule = ColumnSchedule(rows: rows, columnOffsets: csc.offsets, groups: groups.map(\.columns),
                              inOrder: dense, workers: Parallel.workers)
    order = copy(schedule.order)
    positionOfRow = copy(position)

    emptyColumns = groups.map { g in g.columns.filter { csc.offsets[$0 + 1] == csc.offsets[$0] } }
    observed = copy(targets)
    target = copy(targets)
    stride = k + 1
    cache = copy([Float](repeating: 0, count: n * (k + 1)))
    drawsBlocks = c.blockDraws ?? (k <= Self.blockRankLimit)
    vt = copy([Float](repeating: 0, count: p * k))
    w = copy([Float](repeating: 0, count: p))
    v = copy([Float](repeating: 0, count: p * k))
    alpha = c.fixedNoisePrecision ?? 1
    hyper = c.fixedHyper ?? groups.map { _ in GroupHyper(rank: k) }

    // Start: w₀ at the mean target (probit: 0), w = 0, v ~ N(0, initStd²) on columns with data.
    var mean = 0.0
    for r in 0..<n { mean += Double(targets[r]) }
    bias = c.binary || n == 0 ? 0 : mean / Double(n)
    for i in 0..<p where colOffsets[i + 1] > colOffsets[i] {
      var rng = RandomStream(seed: Self.mix(c.seed, 0, 0), stream: UInt64(i))
      for f in 0..<k { v[f * p + i] = Float(c.initStd * rng.normal()) }
    }
    refreshCaches()
    if c.binary {  // the latent targets start at ŷ; the first sweep draws them
      for r in 0..<n { target[r] -= cache[r * stride]; cache[r * stride] = 0 }
    }
  }

  deinit {
    for ptr in [colOffsets, rowOffsets] { ptr.deallocate() }
    for ptr in [colRows, rowColumns, order, positionOfRow] { ptr.deallocate() }
    for ptr in [colValues, rowValues, observed, target, cache, vt, w, v] { ptr.deallocate() }
  }

  /// Recomputes q and the residuals from the parameters (at the start of every sweep, and to
  /// check drift).
  public func refreshCaches() {
    let k = rank, p = columnCount, n = rowCount, b0 = Float(bias)
    let (ro, rc, rv, w, v, vt, cache, m, y) = (rowOffsets, rowColumns, rowValues, w, v, vt, cache, stride, target)
    // The factors column-major first: a row then reads each of its columns' k factors from
    // one place instead of k places p apart.
    Parallel.forEachBlock(p, blocks: 16) { range, _ in
      for i in range { for f in 0..<k { vt[i * k + f] = v[f * p + i] } }
    }
    Parallel.forEachBlock(n, blocks: Self.rowBlocks) { range, _ in
      // Per factor: Σ v x and Σ (v x)², kept apart so the loop over factors has no chain of
      // dependent additions (it vectorizes).
      let sums = UnsafeMutablePointer<Float>.allocate(capacity: max(1, 2 * k))
      defer { sums.deallocate() }
      let squares = sums + k
      for r in range {
        var linear = b0
        sums.update(repeating: 0, count: 2 * k)
        for t in ro[r]..<ro[r + 1] {
          let c = Int(rc[t]), x = rv[t], vc = vt + c * k
          linear += w[c] * x
          for f in 0..<k {
            let a = vc[f] * x
            sums[f] += a
            squares[f] += a * a
          }
        }
        var pair: Float = 0
        let record = cache + r * m
        for f in 0..<k {
          pair += sums[f] * sums[f] - squares[f]
          record[1 + f] = sums[f]
        }
        record[0] = y[r] - (linear + 0.5 * pair)
      }
    }
  }

  /// The largest difference between the running residuals and freshly computed ones.
  public func residualDrift() -> Float {
    let saved = (0..<rowCount).map { cache[$0 * stride] }
    refreshCaches()
    var m: Float = 0
    for r in 0..<rowCount { m = max(m, abs(saved[r] - cache[r * stride])) }
    return m
  }

  // MARK: - One sweep

  /// Draws every parameter once: the probit's latent targets or α, w₀, then the groups'
  /// hyperparameters and weights and factors. In blocks: every group's hyperparameters, then
  /// each column's (wᵢ, vᵢ) jointly. One coordinate at a time (libFM's order): per group its
  /// (μ_w, λ_w) and weights, then per factor f the groups' (μ_f, λ_f) and v_{·,f}.
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
    if drawsBlocks {
      for g in groups.indices {
        drawHyper(g, factor: nil, rng: &hyperRng)
        for f in 0..<k { drawHyper(g, factor: f, rng: &hyperRng) }
      }
      for g in groups.indices { drawBlocks(g, sweep: it) }
      return
    }
    for g in groups.indices {
      drawHyper(g, factor: nil, rng: &hyperRng)
      drawColumns(g, factor: nil, sweep: it)
    }
    for f in 0..<k {
      for g in groups.indices { drawHyper(g, factor: f, rng: &hyperRng) }
      for g in groups.indices { drawColumns(g, factor: f, sweep: it) }
    }
  }

  /// Draws group g's (μ, λ) of the weights (factor nil) or of factor f, unless they are fixed,
  /// and sets the group's columns without data to the new mean.
  private func drawHyper(_ g: Int, factor: Int?, rng: inout RandomStream) {
    if config.fixedHyper == nil {
      let (s, s2, m) = columnMoments(g, factor: factor)
      let draw = config.priors.drawNormalGamma(count: m, sum: s, sumOfSquares: s2, rng: &rng)
      if let f = factor { (hyper[g].muV[f], hyper[g].lambdaV[f]) = draw } else { (hyper[g].muW, hyper[g].lambdaW) = draw }
    }
    if let f = factor {
      for i in emptyColumns[g] { v[f * columnCount + i] = Float(hyper[g].muV[f]) }
    } else {
      for i in emptyColumns[g] { w[i] = Float(hyper[g].muW) }
    }
  }

  /// Σₙ body(eₙ, n) in fixed blocks, summed in block order.
  private func rowSum(_ body: @escaping (Float, Int) -> Double) -> Double {
    let nb = Self.rowBlocks, e = cache, m = stride
    let partial = UnsafeMutablePointer<Double>.allocate(capacity: nb)
    partial.initialize(repeating: 0, count: nb)
    defer { partial.deallocate() }
    Parallel.forEachBlock(rowCount, blocks: nb) { range, b in
      var s = 0.0
      for r in range { s += body(e[r * m], r) }
      partial[b] = s
    }
    var s = 0.0
    for b in 0..<nb { s += partial[b] }
    return s
  }

  private func drawLatentTargets(sweep it: Int) {
    let (y, z, e, m, seed) = (observed, target, cache, stride, config.seed)
    Parallel.forEachBlock(rowCount, blocks: Self.rowBlocks) { range, b in
      var rng = RandomStream(seed: Self.mix(seed, it, 2), stream: UInt64(b))
      for r in range {
        let yhat = Double(z[r] - e[r * m])
        let zr = rng.probitLatent(mean: yhat, positive: y[r] > 0.5)
        z[r] = Float(zr)
        e[r * m] = Float(zr - yhat)
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
    let (e, m) = (cache, stride)
    Parallel.forEachBlock(rowCount, blocks: Self.rowBlocks) { range, _ in for r in range { e[r * m] -= d } }
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

  /// Draws wᵢ (factor nil) or v_{i,f} for every column of group g that has data, one
  /// coordinate at a time (ranks above `blockRankLimit`).
  private func drawColumns(_ g: Int, factor: Int?, sweep it: Int) {
    let (co, cr, cv, e, m, p) = (colOffsets, colRows, colValues, cache, stride, columnCount)
    let a = alpha, seed = config.seed
    if let f = factor {
      let mu = hyper[g].muV[f], lambda = hyper[g].lambdaV[f]
      let vf = v + f * p, order = self.order
      for blocks in schedule.classes[g] { Parallel.forEach(blocks) { range, _ in
        for position in range {
          let i = Int(order[position])
          guard co[i + 1] > co[i] else { continue }
          var rng = RandomStream(seed: Self.mix(seed, it, 5 + f), stream: UInt64(i))
          let old = vf[i]
          // Two rows a step into two pairs of sums: the additions' latency, not the loads,
          // bounds this loop once the rows are local.
          var shh0 = 0.0, she0 = 0.0, shh1 = 0.0, she1 = 0.0
          var t = co[i]
          let end = co[i + 1]
          while t + 1 < end {
            let e0 = e + Int(cr[t]) * m, x0 = cv[t], e1 = e + Int(cr[t + 1]) * m, x1 = cv[t + 1]
            let h0 = Double(x0 * (e0[1 + f] - old * x0)), h1 = Double(x1 * (e1[1 + f] - old * x1))
            shh0 += h0 * h0
            she0 += h0 * Double(e0[0])
            shh1 += h1 * h1
            she1 += h1 * Double(e1[0])
            t += 2
          }
          if t < end {
            let er = e + Int(cr[t]) * m, x = cv[t]
            let h = Double(x * (er[1 + f] - old * x))
            shh0 += h * h
            she0 += h * Double(er[0])
          }
          let shh = shh0 + shh1, she = she0 + she1
          let precision = a * shh + lambda
          let mean = (a * (she + Double(old) * shh) + lambda * mu) / precision
          let new = Float(mean + rng.gaussian() / precision.squareRoot())
          let d = new - old
          for t in co[i]..<co[i + 1] {
            let er = e + Int(cr[t]) * m, x = cv[t]
            let h = x * (er[1 + f] - old * x)
            er[0] -= d * h
            er[1 + f] += d * x
          }
          vf[i] = new
        }
      } }
    } else {
      let mu = hyper[g].muW, lambda = hyper[g].lambdaW, w = self.w, order = self.order
      for blocks in schedule.classes[g] { Parallel.forEach(blocks) { range, _ in
        for position in range {
          let i = Int(order[position])
          guard co[i + 1] > co[i] else { continue }
          var rng = RandomStream(seed: Self.mix(seed, it, 4), stream: UInt64(i))
          let old = w[i]
          var sxx = 0.0, sxe = 0.0
          for t in co[i]..<co[i + 1] {
            let x = Double(cv[t])
            sxx += x * x
            sxe += x * Double(e[Int(cr[t]) * m])
          }
          let precision = a * sxx + lambda
          let mean = (a * (sxe + Double(old) * sxx) + lambda * mu) / precision
          let new = Float(mean + rng.gaussian() / precision.squareRoot())
          let d = new - old
          for t in co[i]..<co[i + 1] { e[Int(cr[t]) * m] -= d * cv[t] }
          w[i] = new
        }
      } }
    }
  }

  // MARK: - Reading the chain

  /// ŷₙ of the current sample for each training row (probit: the latent mean).
  @inline(__always) public func trainingScore(_ r: Int) -> Float {
    let k = Int(positionOfRow[r])
    return target[k] - cache[k * stride]
  }

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
