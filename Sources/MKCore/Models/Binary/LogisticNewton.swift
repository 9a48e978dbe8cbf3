import Foundation

/// L2-regularized logistic regression on a sparse design, solved to convergence by truncated
/// Newton (Newton–CG, as liblinear's and scikit-learn's `newton-cg` solvers): it minimizes
///
///   f(w, b) = Σᵣ [log(1 + e^{zᵣ}) − yᵣ zᵣ] + ½ Σⱼ λⱼ wⱼ²,   zᵣ = b + Σⱼ xᵣⱼ wⱼ,
///
/// plus ½ λ_b b² when `interceptLambda` is set (liblinear penalizes its bias column like any
/// weight), the intercept being absent when `intercept` is false. Each iteration
/// solves H s = −g by conjugate gradient preconditioned with diag(H), where
///   g = Xᵀ(p − y) + λ ⊙ w,   H v = Xᵀ D X v + λ ⊙ v,   D = diag(p(1 − p)),
/// to a relative residual min(0.5, √‖g‖) (Eisenstat–Walker forcing: superlinear near the
/// optimum), then backtracks along s until f decreases enough (Armijo). It stops when
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

  /// z = b + X w, one row per task.
  func margins(_ w: [Double], _ b: Double, into z: inout [Double]) {
    let n = rowCount
    z.withUnsafeMutableBufferPointer { zb in
      let out = zb.baseAddress!  // each block writes only its own rows
      rows.columns.withUnsafeBufferPointer { c in
        rows.values.withUnsafeBufferPointer { x in
          w.withUnsafeBufferPointer { wb in
            Parallel.forEachBlock(n) { range, _ in
              for r in range {
                var s = b
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

  /// f at the margins z.
  func objective(_ w: [Double], _ b: Double, margins z: [Double]) -> Double {
    var penalty = 0.5 * interceptLambda * b * b
    for j in 0..<columnCount { penalty += 0.5 * lambda[j] * w[j] * w[j] }
    return z.withUnsafeBufferPointer { zb in
      targets.withUnsafeBufferPointer { y in rowSum { Self.loss(zb[$0], y[$0]) } }
    } + penalty
  }

  /// Minimizes f from (w, b); returns the solution and one record per Newton iteration.
  /// `onStep` runs after each iteration (progress, Ctrl-C: it may throw).
  func solve(from start: [Double]? = nil, intercept b0: Double = 0,
             onStep: (Int, Step) throws -> Void = { _, _ in }) rethrows -> (w: [Double], b: Double, steps: [Step]) {
    let m = columnCount, n = rowCount
    var w = start ?? [Double](repeating: 0, count: m), b = intercept ? b0 : 0
    var z = [Double](repeating: 0, count: n), d = z, residual = z, xv = z
    var g = [Double](repeating: 0, count: m), hv = g, precond = g
    var steps: [Step] = []
    margins(w, b, into: &z)
    var f = objective(w, b, margins: z)
    var g0: Double?
    for it in 1...max(1, maxIterations) {
      // Gradient and curvature at w.
      for r in 0..<n {
        let p = Self.sigmoid(z[r])
        residual[r] = p - targets[r]
        d[r] = max(p * (1 - p), 1e-12)
      }
      transposeTimes(residual, into: &g)
      for j in 0..<m { g[j] += lambda[j] * w[j] }
      let gb = intercept ? residual.withUnsafeBufferPointer { rb in rowSum { rb[$0] } } + interceptLambda * b : 0
      let gnorm = (g.reduce(0) { $0 + $1 * $1 } + gb * gb).squareRoot()
      if g0 == nil { g0 = gnorm }
      if gnorm <= tolerance * max(1, g0!) {
        let step = Step(objective: f, gradientNorm: gnorm, cgIterations: 0)
        steps.append(step)
        try onStep(it, step)
        break
      }
      // diag(H) = Σᵣ dᵣ xᵣⱼ² + λⱼ, the preconditioner.
      transposeTimes(d, squared: true, into: &precond)
      for j in 0..<m { precond[j] = max(precond[j] + lambda[j], 1e-12) }
      let db = intercept ? max(d.withUnsafeBufferPointer { db in rowSum { db[$0] } } + interceptLambda, 1e-12) : 1
      // Preconditioned CG on H s = −g (the intercept as one more coordinate).
      func hessianTimes(_ v: [Double], _ vb: Double, into out: inout [Double]) -> Double {
        margins(v, vb, into: &xv)
        for r in 0..<n { xv[r] *= d[r] }
        transposeTimes(xv, into: &out)
        for j in 0..<m { out[j] += lambda[j] * v[j] }
        return intercept ? xv.withUnsafeBufferPointer { xb in rowSum { xb[$0] } } + interceptLambda * vb : 0
      }
      var s = [Double](repeating: 0, count: m), sb = 0.0
      var rr = g.map { -$0 }, rb = -gb
      var zz = (0..<m).map { rr[$0] / precond[$0] }, zb = rb / db
      var pp = zz, pb = zb
      var rz = zip(rr, zz).reduce(0) { $0 + $1.0 * $1.1 } + rb * zb
      let target = min(0.5, gnorm.squareRoot()) * gnorm
      var cg = 0
      while cg < 250 {
        cg += 1
        let hb = hessianTimes(pp, pb, into: &hv)
        let php = zip(pp, hv).reduce(0) { $0 + $1.0 * $1.1 } + pb * hb
        guard php > 0 else { break }
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
      // Armijo backtracking along s.
      let slope = zip(g, s).reduce(0) { $0 + $1.0 * $1.1 } + gb * sb
      var t = 1.0, trial = w, trialZ = z, fNew = f
      var accepted = false
      for _ in 0..<30 {
        for j in 0..<m { trial[j] = w[j] + t * s[j] }
        margins(trial, b + t * sb, into: &trialZ)
        fNew = objective(trial, b + t * sb, margins: trialZ)
        if fNew <= f + 1e-4 * t * slope { accepted = true; break }
        t *= 0.5
      }
      let step = Step(objective: accepted ? fNew : f, gradientNorm: gnorm, cgIterations: cg)
      steps.append(step)
      try onStep(it, step)
      guard accepted else { break }  // no decrease left at double precision: converged
      let change = f - fNew
      w = trial
      b += t * sb
      z = trialZ
      f = fNew
      if change <= 1e-15 * max(1, abs(f)) { break }
    }
    return (w, b, steps)
  }
}
