import Foundation

/// The LASSO solver behind `LassoModel`: per user, coordinate descent on
/// ½‖y − b − Xw‖²/n + α‖w‖₁ over the tags that user meets, down a warm-started α path.
extension LassoModel {

  /// Per-block scratch: one user's problem as a column-sparse design over the tags they meet.
  struct Scratch {
    let localOf: UnsafeMutablePointer<Int32>   // tag → local column, -1 when absent
    let colTag: UnsafeMutablePointer<Int32>    // local column → tag
    let colStart: UnsafeMutablePointer<Int32>  // d + 1 offsets into rowIndex/values
    let colFill: UnsafeMutablePointer<Int32>
    let rowIndex: UnsafeMutablePointer<Int32>
    let values: UnsafeMutablePointer<Double>
    let y: UnsafeMutablePointer<Double>
    let resid: UnsafeMutablePointer<Double>
    let w: UnsafeMutablePointer<Double>
    let colSq: UnsafeMutablePointer<Double>
    var d = 0
    let cap: Int

    init(rows: Int, nonzeros: Int, tags: Int) {
      let cap = max(1, min(tags, nonzeros))
      self.cap = cap
      localOf = .allocate(capacity: max(1, tags)); localOf.initialize(repeating: -1, count: max(1, tags))
      colTag = .allocate(capacity: cap)
      colStart = .allocate(capacity: cap + 1)
      colFill = .allocate(capacity: cap + 1)
      rowIndex = .allocate(capacity: nonzeros)
      values = .allocate(capacity: nonzeros)
      y = .allocate(capacity: rows)
      resid = .allocate(capacity: rows)
      w = .allocate(capacity: cap)
      colSq = .allocate(capacity: cap)
    }

    func release() {
      for p in [localOf, colTag, colStart, colFill, rowIndex] as [UnsafeMutablePointer<Int32>] { p.deallocate() }
      for p in [values, y, resid, w, colSq] { p.deallocate() }
    }

    /// Fills the design for user `u` (rows = their rated items in CSR order); returns n.
    mutating func load(user u: Int, byUser: SparseRows, itemTags: SparseRows, offset: Double) -> Int {
      let range = byUser.range(u)
      let n = range.count
      d = 0
      // Pass 1: local columns and their counts.
      for p in range {
        let j = Int(byUser.columns[p])
        for q in itemTags.range(j) {
          let g = Int(itemTags.columns[q])
          if localOf[g] < 0 { localOf[g] = Int32(d); colTag[d] = Int32(g); colFill[d] = 0; d += 1 }
          colFill[Int(localOf[g])] += 1
        }
      }
      colStart[0] = 0
      for c in 0..<d { colStart[c + 1] = colStart[c] + colFill[c]; colFill[c] = colStart[c] }
      // Pass 2: rows in order, so each column's rows are increasing.
      for (r, p) in range.enumerated() {
        y[r] = Double(byUser.values[p]) - offset
        let j = Int(byUser.columns[p])
        for q in itemTags.range(j) {
          let c = Int(localOf[Int(itemTags.columns[q])])
          let k = Int(colFill[c])
          rowIndex[k] = Int32(r); values[k] = Double(itemTags.values[q]); colFill[c] += 1
        }
      }
      for c in 0..<d { w[c] = 0 }
      return n
    }

    /// Clears the tag → column map for the next user.
    func reset() {
      for c in 0..<d { localOf[Int(colTag[c])] = -1 }
    }
  }

  /// Solves one LASSO problem along the path α_max → α with warm starts.
  ///
  /// The design is column-sparse: column c holds rows `rowIndex[colStart[c]..<colStart[c+1]]`
  /// with `values`. On return `w` holds the weights and the result is the intercept (0 without
  /// one) and the number of sweeps. `resid` and `colSq` are scratch of sizes n and d.
  static func solvePath(n: Int, d: Int, colStart: UnsafePointer<Int32>, rowIndex: UnsafePointer<Int32>,
                        values: UnsafePointer<Double>, y: UnsafePointer<Double>, alpha: Double, intercept: Bool,
                        tol: Double, maxSweeps: Int, w: UnsafeMutablePointer<Double>,
                        resid: UnsafeMutablePointer<Double>, colSq: UnsafeMutablePointer<Double>) -> (Double, Int) {
    let invN = 1 / Double(n)
    var b = 0.0
    if intercept {
      for i in 0..<n { b += y[i] }
      b *= invN
    }
    for i in 0..<n { resid[i] = y[i] - b }
    var alphaMax = 0.0
    for c in 0..<d {
      w[c] = 0
      var g = 0.0, s = 0.0
      for k in Int(colStart[c])..<Int(colStart[c + 1]) {
        let x = values[k]
        g += x * resid[Int(rowIndex[k])]; s += x * x
      }
      colSq[c] = s * invN
      alphaMax = max(alphaMax, abs(g * invN))
    }
    if alpha >= alphaMax || d == 0 { return (b, 0) }  // only the intercept
    let steps = 5
    var sweeps = 0
    let start = max(alpha, alphaMax * 0.999)
    for s in 1...steps {
      let a = s == steps ? alpha : start * pow(alpha / start, Double(s) / Double(steps))
      sweeps += coordinateDescent(n: n, d: d, colStart: colStart, rowIndex: rowIndex, values: values, alpha: a,
                                  intercept: intercept, tol: tol, maxSweeps: maxSweeps, w: w, b: &b, resid: resid,
                                  colSq: colSq)
    }
    return (b, sweeps)
  }

  /// Cyclic coordinate descent at one α from the current (w, b, resid): sweeps over the nonzero
  /// coefficients until they settle, then a full sweep; done when a full sweep moves nothing by
  /// more than `tol` (a move Δ in column c counts as |Δ|·√z_c, its change of the fit's RMS).
  static func coordinateDescent(n: Int, d: Int, colStart: UnsafePointer<Int32>, rowIndex: UnsafePointer<Int32>,
                                values: UnsafePointer<Double>, alpha: Double, intercept: Bool, tol: Double,
                                maxSweeps: Int, w: UnsafeMutablePointer<Double>, b: inout Double,
                                resid: UnsafeMutablePointer<Double>, colSq: UnsafePointer<Double>) -> Int {
    let invN = 1 / Double(n)
    var sweeps = 0
    func sweep(activeOnly: Bool) -> Double {
      var moved = 0.0
      for c in 0..<d {
        let old = w[c]
        if activeOnly && old == 0 { continue }
        let z = colSq[c]
        if z <= 0 { continue }
        let lo = Int(colStart[c]), hi = Int(colStart[c + 1])
        var g = 0.0
        for k in lo..<hi { g += values[k] * resid[Int(rowIndex[k])] }
        let rho = g * invN + z * old
        let new = rho > alpha ? (rho - alpha) / z : rho < -alpha ? (rho + alpha) / z : 0
        let delta = new - old
        if delta != 0 {
          w[c] = new
          for k in lo..<hi { resid[Int(rowIndex[k])] -= values[k] * delta }
          moved = max(moved, abs(delta) * z.squareRoot())
        }
      }
      if intercept {
        var m = 0.0
        for i in 0..<n { m += resid[i] }
        m *= invN
        if m != 0 {
          b += m
          for i in 0..<n { resid[i] -= m }
          moved = max(moved, abs(m))
        }
      }
      sweeps += 1
      return moved
    }
    while sweeps < maxSweeps {
      if sweep(activeOnly: false) <= tol { break }
      while sweeps < maxSweeps && sweep(activeOnly: true) > tol {}
    }
    return sweeps
  }

  /// One dense LASSO problem, solved by the kernel `fit` uses (for tests and profiles):
  /// minimizes (1/2n)‖y − b − Xw‖² + α‖w‖₁ (b = 0 when `intercept` is false).
  public static func solve(x: [[Double]], y: [Double], alpha: Double, intercept: Bool = true, tol: Double = 1e-10,
                           maxSweeps: Int = 100_000) -> (intercept: Double, weights: [Double]) {
    let n = y.count, d = x.first?.count ?? 0
    guard n > 0 else { return (0, [Double](repeating: 0, count: d)) }
    var colStart: [Int32] = [0], rows: [Int32] = [], vals: [Double] = []
    for c in 0..<d {
      for r in 0..<n where x[r][c] != 0 { rows.append(Int32(r)); vals.append(x[r][c]) }
      colStart.append(Int32(rows.count))
    }
    var w = [Double](repeating: 0, count: d), resid = [Double](repeating: 0, count: n), sq = [Double](repeating: 0, count: d)
    let b = w.withUnsafeMutableBufferPointer { wp in
      resid.withUnsafeMutableBufferPointer { rp in
        sq.withUnsafeMutableBufferPointer { sp in
          solvePath(n: n, d: d, colStart: colStart, rowIndex: rows, values: vals, y: y, alpha: alpha, intercept: intercept,
                    tol: tol, maxSweeps: maxSweeps, w: wp.baseAddress!, resid: rp.baseAddress!, colSq: sp.baseAddress!).0
        }
      }
    }
    return (b, w)
  }
}
