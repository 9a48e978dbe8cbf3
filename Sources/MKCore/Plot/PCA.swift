/// Principal component analysis of the rows of an embedding matrix.
///
/// With X the n × k matrix of the chosen rows and μ their mean, the covariance is
/// C = (X − 1μᵀ)ᵀ(X − 1μᵀ) / (n − 1), a k × k symmetric matrix accumulated in Double. Its
/// eigenvectors (LAPACK `dsyevr`, through `BLAS.symmetricEigen`) sorted by decreasing eigenvalue
/// are the principal axes; eigenvalue λ_c is the variance along axis c, and λ_c / Σλ its
/// explained variance. Pearson (1901); Jolliffe, *Principal Component Analysis* (2002).
///
/// Each axis has a sign fixed by a rule (its largest coordinate in absolute value is positive),
/// so the same embeddings always give the same picture, not a mirrored one.
public struct PCA {
  /// The mean of the rows (k).
  public let mean: [Double]
  /// Unit principal axes (each of length k), by decreasing variance.
  public let axes: [[Double]]
  /// The variance along each axis (the covariance's eigenvalues), decreasing, never negative.
  public let variances: [Double]

  /// The fraction of the total variance along each axis (all zero when there is none).
  public var explained: [Double] {
    let total = variances.reduce(0, +)
    return variances.map { total > 0 ? $0 / total : 0 }
  }

  /// Fits the axes of the rows `rows` of `matrix` (all rows when nil).
  /// - Throws: when fewer than two rows are chosen, a value is not finite, or LAPACK fails.
  public init(_ matrix: Matrix, rows: [Int]? = nil) throws {
    let k = matrix.columns
    let chosen = rows ?? Array(0..<matrix.rows)
    guard k >= 1 else { throw MKError(.value, "the embeddings have no dimensions to project") }
    guard chosen.count >= 2 else {
      throw MKError(.value, "a projection needs at least 2 embedded points, got \(chosen.count)")
    }
    var mean = [Double](repeating: 0, count: k)
    for r in chosen {
      for c in 0..<k {
        let v = Double(matrix[r, c])
        guard v.isFinite else { throw MKError(.value, "the embeddings contain NaN or infinity") }
        mean[c] += v
      }
    }
    for c in 0..<k { mean[c] /= Double(chosen.count) }
    // The upper triangle of C, then mirrored: O(n·k²/2) in Double.
    var cov = [Double](repeating: 0, count: k * k)
    var centred = [Double](repeating: 0, count: k)
    cov.withUnsafeMutableBufferPointer { c in
      for r in chosen {
        for a in 0..<k { centred[a] = Double(matrix[r, a]) - mean[a] }
        for a in 0..<k {
          let x = centred[a]
          for b in a..<k { c[a * k + b] += x * centred[b] }
        }
      }
      let scale = 1 / Double(chosen.count - 1)
      for a in 0..<k {
        for b in a..<k {
          c[a * k + b] *= scale
          c[b * k + a] = c[a * k + b]
        }
      }
    }
    guard let (values, vectors) = BLAS.symmetricEigen(cov, k: k) else {
      throw MKError(.internalError, "the eigen decomposition of the \(k) × \(k) covariance failed")
    }
    var axes: [[Double]] = []
    var variances: [Double] = []
    for j in stride(from: k - 1, through: 0, by: -1) {  // dsyevr returns ascending eigenvalues
      var v = Array(vectors[(j * k)..<((j + 1) * k)])
      var big = 0
      for c in 1..<max(1, k) where abs(v[c]) > abs(v[big]) + 1e-12 { big = c }
      if v[big] < 0 { v = v.map { -$0 } }
      axes.append(v)
      variances.append(max(0, values[j]))
    }
    self.mean = mean
    self.axes = axes
    self.variances = variances
  }

  /// The coordinates of row `r` of `matrix` on the first `count` axes (0 past the last axis).
  public func project(_ matrix: Matrix, row r: Int, count: Int = 2) -> [Double] {
    (0..<count).map { a in
      guard a < axes.count else { return 0 }
      var s = 0.0
      for c in 0..<mean.count { s += (Double(matrix[r, c]) - mean[c]) * axes[a][c] }
      return s
    }
  }
}
