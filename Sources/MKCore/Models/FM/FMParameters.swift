/// The parameters of a factorization machine (Rendle, "Factorization Machines", ICDM 2010),
/// shared by `fm`, the FM part of `deepfm`, and `bayesfm`; the learners (SGD/Adam steps, Gibbs
/// draws) live in their own files and update these.
///
///   ŷ(x) = w₀ + Σᵢ wᵢ xᵢ + Σ_{i<j} ⟨vᵢ, vⱼ⟩ xᵢ xⱼ
///
/// computed in O(k · nnz(x)) with the identity
///   Σ_{i<j} ⟨vᵢ, vⱼ⟩ xᵢ xⱼ = ½ Σ_f [(Σᵢ v_{i,f} xᵢ)² − Σᵢ v_{i,f}² xᵢ²].
public struct FMParameters: Equatable {
  /// Global bias w₀.
  public var bias: Float
  /// One weight wᵢ per column of the design.
  public var weights: [Float]
  /// Row i = vᵢ, the k factors of column i.
  public var factors: Matrix

  public init(columns: Int, rank: Int) {
    bias = 0
    weights = [Float](repeating: 0, count: columns)
    factors = Matrix(rows: columns, columns: rank)
  }

  public init(bias: Float, weights: [Float], factors: Matrix) {
    precondition(weights.count == factors.rows)
    self.bias = bias
    self.weights = weights
    self.factors = factors
  }

  public var rank: Int { factors.columns }
  public var columnCount: Int { weights.count }

  /// ŷ for one sparse row (`columns`, `values` of its active features). When `sums` is given
  /// (k floats), it receives Σᵢ v_{i,f} xᵢ for each f, which gradients and Gibbs updates reuse.
  @inline(__always)
  public func predict(columns: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Float>,
                      sums: UnsafeMutablePointer<Float>? = nil) -> Float {
    let k = rank
    var linear = bias
    for p in 0..<columns.count { linear += weights[Int(columns[p])] * values[p] }
    var pairwise: Float = 0
    factors.storage.withUnsafeBufferPointer { v in
      for f in 0..<k {
        var s: Float = 0, s2: Float = 0
        for p in 0..<columns.count {
          let x = v[Int(columns[p]) * k + f] * values[p]
          s += x
          s2 += x * x
        }
        sums?[f] = s
        pairwise += s * s - s2
      }
    }
    return linear + 0.5 * pairwise
  }

  /// ŷ for row `k` of a design matrix.
  public func predict(row r: Int, of design: DesignMatrix) -> Float {
    let span = design.rows.range(r)
    return design.rows.columns.withUnsafeBufferPointer { c in
      design.rows.values.withUnsafeBufferPointer { x in
        predict(columns: UnsafeBufferPointer(rebasing: c[span]), values: UnsafeBufferPointer(rebasing: x[span]))
      }
    }
  }

  /// ŷ for every row of a design, in parallel.
  public func predict(_ design: DesignMatrix) -> [Float] {
    var out = [Float](repeating: 0, count: design.count)
    out.withUnsafeMutableBufferPointer { buf in
      let p = buf.baseAddress!  // each block writes only its own rows
      Parallel.forEachBlock(design.count) { range, _ in
        for r in range { p[r] = self.predict(row: r, of: design) }
      }
    }
    return out
  }
}

extension ModelWriter {
  public mutating func fm(_ p: FMParameters) {
    float(p.bias)
    floats(p.weights)
    matrix(p.factors)
  }
}

extension ModelReader {
  public mutating func fm() throws -> FMParameters {
    let bias = try float(), weights = try floats(), factors = try matrix()
    guard weights.count == factors.rows else { throw MKError(.io, "'\(path)': FM weights and factors disagree") }
    return FMParameters(bias: bias, weights: weights, factors: factors)
  }
}
