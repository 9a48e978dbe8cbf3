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
/// libFM, each sweep starts by recomputing both from the parameters (one more O(k · nnz) pass,
/// which a fit shares with its read of the training predictions: Sampler+Refresh.swift), so
/// the Float32 rounding of the in-place updates never accumulates across sweeps.
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
    /// Whether the AVX2 kernels (CKernels: the block Gram and row update, the refresh) run
    /// where the CPU has them; they give the Swift kernels' bits, so this only chooses the
    /// speed (tests compare the two).
    public var vectorKernels = true

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
  /// The columns of each group without training data (held at the group's prior means).
  private let emptyColumns: [[Int]]

  // The design, by column (CSC) for the draws and by row (CSR) for the caches, the rows in
  // the sampler's order (RowLocality.swift). Row offsets are 32-bit (the fit refuses designs
  // past UInt32.max nonzeros); values are not stored when every one is 1 (one-hot designs:
  // users, items, fields), which halves the design.
  let colOffsets: UnsafeMutablePointer<Int>
  let colRows: UnsafeMutablePointer<Int32>
  /// nil when every design value is 1 (`unitValues`).
  let colValues: UnsafeMutablePointer<Float>?
  let rowOffsets: UnsafeMutablePointer<UInt32>
  let rowColumns: UnsafeMutablePointer<Int32>
  let rowValues: UnsafeMutablePointer<Float>?
  /// Whether every design value is 1, so none is stored (x = 1 gives the same bits).
  let unitValues: Bool
  private let nonzeros: Int
  /// The most nonzeros the sampler takes (its row offsets are 32-bit).
  public static let maxNonzeros = Int(UInt32.max)

  /// Observed targets, and the targets the draws fit (probit's latent z; the observed ones
  /// themselves otherwise, one buffer), in the sampler's row order.
  private let observed: UnsafeMutablePointer<Float>
  let target: UnsafeMutablePointer<Float>
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
  /// Whether the block Gram and row update run the AVX2 kernels (CKernels, same bits as the
  /// Swift ones).
  let usesAVX2Gram: Bool
  /// Whether the refresh runs its AVX2 kernel (CKernels, same bits as the Swift one).
  let usesAVX2Refresh: Bool
  /// Whether the records hold what a refresh would compute from the parameters: set by a
  /// refresh, cleared by every draw. A sweep then skips its opening refresh (the fit refreshes
  /// while it reads the training predictions, Sampler+Refresh.swift).
  var cachesFresh = false
  /// vt[i · k + f] = v_{i,f}: the factors column-major, for the row-wise refresh.
  let vt: UnsafeMutablePointer<Float>

  public private(set) var bias: Double
  /// wᵢ.
  let w: UnsafeMutablePointer<Float>
  /// v[f · p + i] = v_{i,f}: factor-major, like q.
  let v: UnsafeMutablePointer<Float>
  public private(set) var alpha: Double
  public private(set) var hyper: [GroupHyper]
  public private(set) var sweeps = 0
  /// Σₙ eₙ and Σₙ eₙ² per row block, from the last refresh (or latent draw): the noise and
  /// bias draws read them instead of passing over the records again.
  let residualSums: UnsafeMutablePointer<Double>

  /// Row blocks for row-wise passes: fixed, so streams and sums do not depend on the cores.
  static let rowBlocks = 64

  /// `design` is consumed: the sampler keeps its own copy of the rows in its order, and the
  /// design's arrays are released as soon as that copy is made (a large fit's peak memory).
  public init(design: consuming DesignMatrix, configuration c: Configuration) {
    config = c
    rank = c.rank
    rowCount = design.count
    columnCount = design.layout.columnCount
    let groups = design.layout.groups
    self.groups = groups
    let n = rowCount, p = columnCount, k = rank
    let nnz = design.rows.nonzeros
    nonzeros = nnz
    precondition(nnz <= Self.maxNonzeros && n < Int(Int32.max), "design too large for the sampler (the fit checks)")
    let dense = groups.map(\.feature.isDense)
    let source = design.rows, targets = design.target
    // The rows in an order where each column's rows sit together (RowLocality.swift).
    let local = RowLocality.order(rows: source, groups: groups.map(\.columns), skip: dense)
    let unit = source.values.allSatisfy { $0 == 1 }
    unitValues = unit

    // By row, in that order, built straight into the sampler's buffers, on all cores: the
    // rows' lengths, their running sum (the offsets), then each block copies its rows.
    let ro = UnsafeMutablePointer<UInt32>.allocate(capacity: n + 1)
    let rc = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, nnz))
    let rv: UnsafeMutablePointer<Float>? = unit ? nil : .allocate(capacity: max(1, nnz))
    let y = UnsafeMutablePointer<Float>.allocate(capacity: max(1, n))
    ro[0] = 0
    source.offsets.withUnsafeBufferPointer { so in
      local.withUnsafeBufferPointer { order in
        Parallel.forEachBlock(n) { range, _ in
          for position in range {
            let r = Int(order[position])
            ro[position + 1] = UInt32(so[r + 1] - so[r])
          }
        }
        for position in 0..<n { ro[position + 1] += ro[position] }
        source.columns.withUnsafeBufferPointer { sc in
          source.values.withUnsafeBufferPointer { sv in
            targets.withUnsafeBufferPointer { ty in
              Parallel.forEachBlock(n) { range, _ in
                for position in range {
                  let r = Int(order[position]), start = so[r], t = Int(ro[position])
                  let length = so[r + 1] - start
                  (rc + t).update(from: sc.baseAddress! + start, count: length)
                  if let rv { (rv + t).update(from: sv.baseAddress! + start, count: length) }
                  y[position] = ty[r]
                }
              }
            }
          }
        }
      }
    }
    let columnOffsets = Self.columnOffsets(columns: rc, count: nnz, columnCount: p)
    // Dense groups (numeric columns): even when one of their columns has nonzeros on a row the
    // others are zero on, nothing is gained by coloring them, so they are always drawn in order.
    // The schedule depends on which columns share rows, not on the rows' order.
    schedule = ColumnSchedule(rows: source, columnOffsets: columnOffsets, groups: groups.map(\.columns),
                              inOrder: dense, workers: Parallel.workers)
    _ = consume local
    _ = consume source
    _ = consume targets
    _ = consume design

    // By column: a stable counting sort of the nonzeros above by column (on all cores), so
    // each column's rows are in order.
    let co = UnsafeMutablePointer<Int>.allocate(capacity: p + 1)
    co.initialize(from: columnOffsets, count: p + 1)
    let cr = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, nnz))
    let cv: UnsafeMutablePointer<Float>? = unit ? nil : .allocate(capacity: max(1, nnz))
    _ = StableCountingSort.sort(count: nnz, keys: rc, keyCount: p) { range, next in
      // The row holding the block's first nonzero: the last r with ro[r] ≤ its index.
      var lo = 0, hi = n
      while lo < hi {
        let mid = (lo + hi + 1) / 2
        if Int(ro[mid]) <= range.lowerBound { lo = mid } else { hi = mid - 1 }
      }
      var r = lo, rowEnd = Int(ro[r + 1])
      for t in range {
        while t >= rowEnd { r += 1; rowEnd = Int(ro[r + 1]) }
        let col = Int(rc[t]), q = next[col]
        cr[q] = Int32(r)
        if let cv, let rv { cv[q] = rv[t] }
        next[col] = q + 1
      }
    }
    rowOffsets = ro
    rowColumns = rc
    rowValues = rv
    colOffsets = co
    colRows = cr
    colValues = cv
    order = .allocate(capacity: max(1, p))
    order.initialize(from: schedule.order, count: p)

    emptyColumns = groups.map { g in g.columns.filter { columnOffsets[$0 + 1] == columnOffsets[$0] } }
    observed = y
    if c.binary {
      target = .allocate(capacity: max(1, n))
      target.initialize(from: y, count: n)
    } else {
      target = y
    }
    stride = k + 1
    // Not zeroed: the refresh below writes every float of it (on all cores, so the pages are
    // first touched there too).
    cache = .allocate(capacity: max(1, n * (k + 1)))
    drawsBlocks = c.blockDraws ?? (k <= Self.blockRankLimit)
    usesAVX2Gram = c.vectorKernels && k + 1 <= Self.avx2GramWidth && SmallSystems.hasAVX2FMA
    usesAVX2Refresh = c.vectorKernels && k <= Self.avx2RefreshRank && SmallSystems.hasAVX2FMA
    func zeros(_ count: Int) -> UnsafeMutablePointer<Float> {
      let ptr = UnsafeMutablePointer<Float>.allocate(capacity: max(1, count))
      ptr.initialize(repeating: 0, count: max(1, count))
      return ptr
    }
    vt = zeros(p * k)
    w = zeros(p)
    v = zeros(p * k)
    residualSums = .allocate(capacity: 2 * Self.rowBlocks)
    residualSums.initialize(repeating: 0, count: 2 * Self.rowBlocks)
    alpha = c.fixedNoisePrecision ?? 1
    hyper = c.fixedHyper ?? groups.map { _ in GroupHyper(rank: k) }

    // Start: w₀ at the mean target (probit: 0), w = 0, v ~ N(0, initStd²) on columns with data.
    var mean = 0.0
    for r in 0..<n { mean += Double(y[r]) }
    bias = c.binary || n == 0 ? 0 : mean / Double(n)
    for i in 0..<p where co[i + 1] > co[i] {
      var rng = RandomStream(seed: Self.mix(c.seed, 0, 0), stream: UInt64(i))
      for f in 0..<k { v[f * p + i] = Float(c.initStd * rng.normal()) }
    }
    refreshCaches()
    if c.binary {  // the latent targets start at ŷ; the first sweep draws them
      for r in 0..<n { target[r] -= cache[r * stride]; cache[r * stride] = 0 }
      cachesFresh = false  // a refresh would give e = z − ŷ, not exactly 0
    }
  }

  /// CSC offsets of `count` column ids (columns 0..<columnCount): per block of nonzeros a
  /// count per column, on all cores, then summed in order.
  static func columnOffsets(columns: UnsafePointer<Int32>, count: Int, columnCount p: Int) -> [Int] {
    let blocks = StableCountingSort.blockCount(count: count, keyCount: p)
    var counts = [Int](repeating: 0, count: blocks * p + 1)
    counts.withUnsafeMutableBufferPointer { cb in
      let base = cb.baseAddress!
      Parallel.forEachBlock(count, blocks: blocks) { range, b in
        let mine = base + b * p
        for t in range { mine[Int(columns[t])] += 1 }
      }
    }
    var offsets = [Int](repeating: 0, count: p + 1)
    for i in 0..<p {
      var c = 0
      for b in 0..<blocks { c += counts[b * p + i] }
      offsets[i + 1] = offsets[i] + c
    }
    return offsets
  }

  deinit {
    if target != observed { target.deallocate() }
    colOffsets.deallocate()
    rowOffsets.deallocate()
    for ptr in [colRows, rowColumns, order] { ptr.deallocate() }
    for ptr in [colValues, rowValues].compactMap({ $0 }) { ptr.deallocate() }
    for ptr in [observed, cache, vt, w, v] { ptr.deallocate() }
    residualSums.deallocate()
  }

  /// Σ e (or Σ e² with `squares`) over the rows, from the block sums of the last pass that
  /// wrote the residuals, in block order.
  private func residualSum(squares: Bool) -> Double {
    let base = residualSums + (squares ? Self.rowBlocks : 0)
    var s = 0.0
    for b in 0..<Self.rowBlocks { s += base[b] }
    return s
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
    if !cachesFresh { refreshCaches() }
    cachesFresh = false
    var hyperRng = RandomStream(seed: Self.mix(config.seed, it, 1), stream: 0)
    if config.binary {
      drawLatentTargets(sweep: it)
    } else if config.fixedNoisePrecision == nil {
      alpha = config.priors.drawNoisePrecision(count: rowCount, squaredError: residualSum(squares: true),
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

  private func drawLatentTargets(sweep it: Int) {
    let (y, z, e, m, seed, sums) = (observed, target, cache, stride, config.seed, residualSums)
    sums.update(repeating: 0, count: Self.rowBlocks)
    Parallel.forEachBlock(rowCount, blocks: Self.rowBlocks) { range, b in
      var rng = RandomStream(seed: Self.mix(seed, it, 2), stream: UInt64(b))
      var sumE = 0.0
      for r in range {
        let yhat = Double(z[r] - e[r * m])
        let zr = rng.probitLatent(mean: yhat, positive: y[r] > 0.5)
        z[r] = Float(zr)
        e[r * m] = Float(zr - yhat)
        sumE += Double(e[r * m])
      }
      sums[b] = sumE
    }
  }

  private func drawBias(sweep it: Int) {
    let n = Double(rowCount), a = alpha, pr = config.priors
    let sumE = residualSum(squares: false)
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
    let (co, cr, e, m, p) = (colOffsets, colRows, cache, stride, columnCount)
    let unit = unitValues, cv = colValues ?? cache  // read only when !unit
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
            let e0 = e + Int(cr[t]) * m, x0: Float = unit ? 1 : cv[t], e1 = e + Int(cr[t + 1]) * m, x1: Float = unit ? 1 : cv[t + 1]
            let h0 = Double(x0 * (e0[1 + f] - old * x0)), h1 = Double(x1 * (e1[1 + f] - old * x1))
            shh0 += h0 * h0
            she0 += h0 * Double(e0[0])
            shh1 += h1 * h1
            she1 += h1 * Double(e1[0])
            t += 2
          }
          if t < end {
            let er = e + Int(cr[t]) * m, x: Float = unit ? 1 : cv[t]
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
            let er = e + Int(cr[t]) * m, x: Float = unit ? 1 : cv[t]
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
            let x = Double(unit ? 1 : cv[t])
            sxx += x * x
            sxe += x * Double(e[Int(cr[t]) * m])
          }
          let precision = a * sxx + lambda
          let mean = (a * (sxe + Double(old) * sxx) + lambda * mu) / precision
          let new = Float(mean + rng.gaussian() / precision.squareRoot())
          let d = new - old
          for t in co[i]..<co[i + 1] { e[Int(cr[t]) * m] -= d * (unit ? 1 : cv[t]) }
          w[i] = new
        }
      } }
    }
  }

  // MARK: - Reading the chain

  /// ŷₙ of the current sample for the training row at `position` in the sampler's order
  /// (probit: the latent mean).
  @inline(__always) public func trainingScore(atPosition k: Int) -> Float {
    target[k] - cache[k * stride]
  }

  /// The observed target of the training row at `position` in the sampler's order.
  @inline(__always) public func observedTarget(atPosition k: Int) -> Float { observed[k] }

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
