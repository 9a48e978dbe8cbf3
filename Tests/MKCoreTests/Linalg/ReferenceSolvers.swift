/// Plain-loop reference versions of the BLAS/LAPACK-backed kernels, written independently of
/// them, for tests that check the fast paths agree.
enum Reference {
  /// Solves A x = b (n × n, row-major) by Gaussian elimination with partial pivoting, in Double.
  static func solve(_ a: [Double], _ b: [Double], n: Int) -> [Double] {
    var m = a, x = b
    for col in 0..<n {
      var pivot = col
      for r in col..<n where abs(m[r * n + col]) > abs(m[pivot * n + col]) { pivot = r }
      if pivot != col {
        for c in 0..<n { m.swapAt(col * n + c, pivot * n + c) }
        x.swapAt(col, pivot)
      }
      for r in (col + 1)..<n {
        let f = m[r * n + col] / m[col * n + col]
        for c in col..<n { m[r * n + c] -= f * m[col * n + c] }
        x[r] -= f * x[col]
      }
    }
    for r in stride(from: n - 1, through: 0, by: -1) {
      var s = x[r]
      for c in (r + 1)..<n { s -= m[r * n + c] * x[c] }
      x[r] = s / m[r * n + r]
    }
    return x
  }
}
