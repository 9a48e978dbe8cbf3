import Foundation

/// L2-regularized logistic regression on a sparse design, solved to convergence by truncated
/// Newton (Newton–CG, as liblinear's and scikit-learn's `newton-cg` solvers): it minimizes
///
///   f(w, b) = Σᵣ [log(1 + e^{zᵣ}) − yᵣ zᵣ] + ½ Σⱼ λⱼ wⱼ²,   zᵣ = b + Σⱼ xᵣⱼ wⱼ,
///
/// plus ½ λ_b b² when `interceptLambda` is set (liblinear penalizes its bias column like any
/// weight), the intercept being absent when `intercept` is false. Two generalizations serve
/// the 2PL's Gauss–Newton steps (`IRTModel`): a fixed `offset` per row added to zᵣ, and a
/// `center` per column, the penalty then being ½ λⱼ (wⱼ − cⱼ)². Each iteration
/// solves H s = −g by conjugate gradient preconditioned with diag(H), where
///   g = Xᵀ(p − y) + λ ⊙ w,   H v = Xᵀ D X v + λ ⊙ v,   D = diag(p(1 − p)),
/// to a relative residual min(0.5, √(‖g‖/‖g₀‖)) (Eisenstat–Walker forcing: superlinear near
/// the optimum), then backtracks along s until f decreases enough (Armijo). It stops when
/// ‖g‖ ≤ tolerance · max(1, ‖g₀‖).
///
/// `lr` (the one-hot or encoded design), `irt` (1PL, and the ability/difficulty step of the 2PL)
/// use it. Work is per row (X v) and per column (Xᵀ u, on the transposed design built once),
/// each output written by one task; sums over rows are taken in fixed blocks added in order,
/// so the result is the same on any number of cores.
struct LogisticNewton {
  /// The design's rows and their transpose (row j = column j of the design).
  let rows: SparseRows
  let byColumn: SparseRows
  let targets: [Double]
  /// λⱼ of each column.
  let lambda: [Double]
  let intercept: Bool
  /// λ_b on the intercept (0: unpenalized).
  var interceptLambda = 0.0
  var tolerance = 1e-8
  var maxIterations = 100
  /// A fixed part of each row's margin (empty: none).
  var offset: [Double] = []
  /// The point each weight is shrunk towards (empty: 0).
  var center: [Double] = []
  /// Adds Σᵣ (pᵣ − yᵣ) ∇²zᵣ v to H v, for margins that are not linear in w (the 2PL's full
  /// Newton step); `residual` holds pᵣ − yᵣ. nil: z is linear, H = XᵀDX + Λ.
  var curvature: ((_ v: [Double], _ residual: [Double], _ out: inout [Double]) -> Void)? = nil
  /// CG's relative residual; nil: min(0.5, √(‖g‖/‖g₀‖)), loose far from the optimum and
  /// ever tighter near it (Eisenstat–Walker), which makes Newton–CG superlinear.
  var forcing: Double? = nil

  /// One Newton iteration's record.
  struct Step {
    let objective: Double
    let gradientNorm: Double
    let cgIterations: Int
  }

  init(rows: SparseRows, columnCount: Int, targets: [Float], lambda: [Double], intercept: Bool) {
    precondition(lambda.count == columnCount && targets.count == rows.rowCount)
    self.rows = rows
    var rowOf = [Int32](repeating: 0, count: rows.nonzeros)
    for r in 0..<rows.rowCount { for p in rows.range(r) { rowOf[p] = Int32(r) } }
    byColumn = SparseRows(rowCount: columnCount, rows: rows.columns, columns: rowOf, values: rows.values)
    self.targets = targets.map(Double.init)
    self.lambda = lambda
    self.intercept = intercept
  }

  var columnCount: Int { lambda.count }
  var rowCount: Int { rows.rowCount }

  /// Blocks for sums over rows: fixed by the row count, never by the cores.
  private static let sumBlocks = 64

  /// z = b + X w (+ the offsets, with `withOffset`), one row per task.
  func margins(_ w: [Double], _ b: Double, withOffset: Bool = true, into z: inout [Double]) {
    let n = rowCount, shifted = withOffset && !offset.isEmpty
    z.withUnsafeMutableBufferPointer { zb in
      let out = zb.baseAddress!  // each block writes only its own rows
      rows.columns.withUnsafeBufferPointer { c in
        rows.values.withUnsafeBufferPointer { x in
          w.withUnsafeBufferPointer { wb in
            Parallel.forEachBlock(n) { range, _ in
              for r in range {
                var s = shifted ? b + offset[r] : b
                for p in rows.offsets[r]..<rows.offsets[r + 1] { s += Double(x[p]) * wb[Int(c[p])] }
                out[r] = s
              }
            }
          }
        }
      }
    }
  }

  /// Xᵀ u (with `squared`, (X ⊙ X)ᵀ u), one column per task.
  func transposeTimes(_ u: [Double], squared: Bool = false, into out: inout [Double]) {
    let ranges = byColumn.balancedRanges(Parallel.workers * 4)
    out.withUnsafeMutableBufferPointer { ob in
      let o = ob.baseAddress!  // each range writes only its own columns
      byColumn.columns.withUnsafeBufferPointer { c in
        byColumn.values.withUnsafeBufferPointer { x in
          u.withUnsafeBufferPointer { ub in
            Parallel.forEach(ranges) { range, _ in
              for j in range {
                var s = 0.0
                for p in byColumn.offsets[j]..<byColumn.offsets[j + 1] {
                  let v = Double(x[p])
                  s += (squared ? v * v : v) * ub[Int(c[p])]
                }
                o[j] = s
              }
            }
          }
        }
      }
    }
  }

  /// Σᵣ term(r), in fixed blocks added in order.
  func rowSum(_ term: (Int) -> Double) -> Double {
    let n = rowCount, blocks = Self.sumBlocks
    var partial = [Double](repeating: 0, count: blocks)
    partial.withUnsafeMutableBufferPointer { pb in
      let p = pb.baseAddress!
      Parallel.forEachBlock(n, blocks: blocks) { range, b in
        var s = 0.0
        for r in range { s += term(r) }
        p[b] = s
      }
    }
    return partial.reduce(0, +)
  }

  /// log(1 + e^z) − y z, stable for any z.
  @inline(__always) static func loss(_ z: Double, _ y: Double) -> Double {
    max(z, 0) - y * z + Foundation.log1p(Foundation.exp(-abs(z)))
  }

  @inline(__always) static func sigmoid(_ z: Double) -> Double {
    z >= 0 ? 1 / (1 + Foundation.exp(-z)) : Foundation.exp(z) / (1 + Foundation.exp(z))
  }

  /// wⱼ − cⱼ, what the penalty shrinks.
  @inline(__always) func shrunk(_ w: [Double], _ j: Int) -> Double { center.isEmpty ? w[j] : w[j] - center[j] }

  /// f at the margins z.
  func objective(_ w: [Double], _ b: Double, margins z: [Double]) -> Double {
    var penalty = 0.5 * interceptLambda * b * b
    for j in 0..<columnCount { let e = shrunk(w, j); penalty += 0.5 * lambda[j] * e * e }
    return z.withUnsafeBufferPointer { zb in
      targets.withUnsafeBufferPointer { y in rowSum { Self.loss(zb[$0], y[$0]) } }
    } + penalty
  }

  /// `solve` without a per-step callback.
  func solve(from start: [Double]? = nil, intercept b0: Double = 0) -> (w: [Double], b: Double, steps: [Step]) {
    solve(from: start, intercept: b0) { _, _ in }
  }

  /// Minimizes f from (w, b); returns the solution and one record per Newton iteration.
  /// `onStep` runs after each iteration (progress, Ctrl-C: it may throw).
  func solve(from start: [Double]? = nil, intercept b0: Double = 0,
             onStep: (Int, Step) throws -> Void) rethrows -> (w: [Double], b: Double, steps: [Step]) {
    let m = columnCount, n = rowCount
    var w = start ?? [Double](repeating: 0, count: m), b = intercept ? b0 : 0
    var z = [Double](repeating: 0, count: n)
    var steps: [Step] = []
    margins(w, b, into: &z)
    var f = objective(w, b, margins: z)
    var g0: Double?
    for it in 1...max(1, maxIterations) {
      let dir = direction(w: w, intercept: b, margins: z, initialNorm: g0)
      if g0 == nil { g0 = dir.gradientNorm }
      if dir.gradientNorm <= tolerance * max(1, g0!) {
        let step = Step(objective: f, gradientNorm: dir.gradientNorm, cgIterations: 0)
        steps.append(step)
        try onStep(it, step)
        break
      }
      // Armijo backtracking along the step.
      let slope = dir.slope
      var t = 1.0, trial = w, trialZ = z, fNew = f
      var accepted = false
      for _ in 0..<30 {
        for j in 0..<m { trial[j] = w[j] + t * dir.step[j] }
        margins(trial, b + t * dir.interceptStep, into: &trialZ)
        fNew = objective(trial, b + t * dir.interceptStep, margins: trialZ)
        if fNew <= f + 1e-4 * t * slope { accepted = true; break }
        t *= 0.5
      }
      let step = Step(objective: accepted ? fNew : f, gradientNorm: dir.gradientNorm, cgIterations: dir.cgIterations)
      steps.append(step)
      try onStep(it, step)
      guard accepted else { break }  // no decrease left at double precision: converged
      let change = f - fNew
      w = trial
      b += t * dir.interceptStep
      z = trialZ
      f = fNew
      if change <= 1e-15 * max(1, abs(f)) { break }
    }
    return (w, b, steps)
  }

  /// A Newton step at w (margins z): preconditioned CG on H s = −g, to the forcing residual,
  /// stopped early at a direction of non-positive curvature (possible only with `curvature`,
  /// and flagged); when that happens at once, the preconditioned steepest descent. `initialNorm` is ‖g₀‖ for
  /// the forcing term (nil: this is the first point). Also returns ‖g‖ and gᵀs.
  func direction(w: [Double], intercept b: Double = 0, margins z: [Double], initialNorm: Double? = nil)
    -> (step: [Double], interceptStep: Double, gradientNorm: Double, slope: Double, cgIterations: Int, negativeCurvature: Bool) {
    let m = columnCount, n = rowCount
    var d = [Double](repeating: 0, count: n), residual = d, xv = d
    var g = [Double](repeating: 0, count: m), hv = g, precond = g
    for r in 0..<n {
      let p = Self.sigmoid(z[r])
      residual[r] = p - targets[r]
      d[r] = max(p * (1 - p), 1e-12)
    }
    transposeTimes(residual, into: &g)
    for j in 0..<m { g[j] += lambda[j] * shrunk(w, j) }
    let gb = intercept ? residual.withUnsafeBufferPointer { rb in rowSum { rb[$0] } } + interceptLambda * b : 0
    let gnorm = (g.reduce(0) { $0 + $1 * $1 } + gb * gb).squareRoot()
    // diag(H) = Σᵣ dᵣ xᵣⱼ² + λⱼ, the preconditioner.
    transposeTimes(d, squared: true, into: &precond)
    for j in 0..<m { precond[j] = max(precond[j] + lambda[j], 1e-12) }
    let db = intercept ? max(d.withUnsafeBufferPointer { db in rowSum { db[$0] } } + interceptLambda, 1e-12) : 1
    func hessianTimes(_ v: [Double], _ vb: Double, into out: inout [Double]) -> Double {
      margins(v, vb, withOffset: false, into: &xv)
      for r in 0..<n { xv[r] *= d[r] }
      transposeTimes(xv, into: &out)
      for j in 0..<m { out[j] += lambda[j] * v[j] }
      curvature?(v, residual, &out)
      return intercept ? xv.withUnsafeBufferPointer { xb in rowSum { xb[$0] } } + interceptLambda * vb : 0
    }
    var s = [Double](repeating: 0, count: m), sb = 0.0
    var rr = g.map { -$0 }, rb = -gb
    var zz = (0..<m).map { rr[$0] / precond[$0] }, zb = rb / db
    var pp = zz, pb = zb
    var rz = zip(rr, zz).reduce(0) { $0 + $1.0 * $1.1 } + rb * zb
    let target = (forcing ?? min(0.5, (gnorm / max(initialNorm ?? gnorm, 1e-300)).squareRoot())) * gnorm
    var cg = 0, negative = false
    while cg < 250 && gnorm > 0 {
      cg += 1
      let hb = hessianTimes(pp, pb, into: &hv)
      let php = zip(pp, hv).reduce(0) { $0 + $1.0 * $1.1 } + pb * hb
      guard php > 0 else {
        negative = true
        if cg == 1 { s = pp; sb = pb }
        break
      }
      let alpha = rz / php
      for j in 0..<m { s[j] += alpha * pp[j]; rr[j] -= alpha * hv[j] }
      sb += alpha * pb
      rb -= alpha * hb
      let rnorm = (rr.reduce(0) { $0 + $1 * $1 } + rb * rb).squareRoot()
      if rnorm <= target { break }
      for j in 0..<m { zz[j] = rr[j] / precond[j] }
      zb = rb / db
      let rzNew = zip(rr, zz).reduce(0) { $0 + $1.0 * $1.1 } + rb * zb
      let beta = rzNew / rz
      rz = rzNew
      for j in 0..<m { pp[j] = zz[j] + beta * pp[j] }
      pb = zb + beta * pb
    }
    if !intercept { sb = 0 }
    let slope = zip(g, s).reduce(0) { $0 + $1.0 * $1.1 } + gb * sb
    return (s, sb, gnorm, slope, cg, negative)
  }
}
