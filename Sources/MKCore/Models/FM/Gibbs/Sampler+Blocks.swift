/// The block draw of the Gibbs sampler (ranks up to `blockRankLimit`): each column's
/// θᵢ = (wᵢ, v_{i,1}, …, v_{i,k}) at once from its joint conditional, as Bayesian PMF draws a
/// user's whole vector (Salakhutdinov & Mnih 2008).
///
/// ŷ is linear in θᵢ given everything else: ŷₙ = gₙ + θᵢ·hₙ with h₀ = xᵢ and
/// h_{1+f} = xᵢ (q_f(n) − v_{i,f} xᵢ) (the pairwise term's square in v_{i,f} cancels), so the
/// conditional is Gaussian with precision P = α Σ hₙhₙᵀ + Λ and mean P⁻¹ (α Σ hₙ(eₙ + θᵢ·hₙ) + Λμ).
/// One pass over the column's rows accumulates the Gram and the right-hand side, a Cholesky
/// P = LLᵀ gives the draw θ = L⁻ᵀ(L⁻¹ rhs + z), z ~ N(0, I), and a second pass updates the
/// rows. Against one coordinate at a time this visits each row twice a sweep instead of
/// 2(k + 1) times, and mixes better: the coordinates of one vector, strongly correlated in the
/// posterior, move together.
import CKernels

extension BayesFMSampler {
  /// Rows a float Gram gathers before it is added into the double one: float rank-one updates
  /// vectorize, and 64 of them lose no accuracy worth having.
  static let gramChunk = 64
  /// The widest block (k + 1) the AVX2 Gram kernel takes (mk_kernels.h).
  static let avx2GramWidth = 16

  func drawBlocks(_ g: Int, sweep it: Int) {
    let (co, cr, cache, m, p, k) = (colOffsets, colRows, cache, stride, columnCount, rank)
    let unit = unitValues, cv = colValues ?? cache, avx2 = usesAVX2Gram  // cv read only when !unit
    // The AVX2 row update gathers the records by 32-bit offsets.
    let avx2Update = avx2 && rowCount * m <= Int(Int32.max)
    let a = alpha, seed = config.seed, order = self.order, w = self.w, v = self.v
    let prior = hyper[g]
    let lambda = [prior.lambdaW] + prior.lambdaV, mu = [prior.muW] + prior.muV
    for blocks in schedule.classes[g] { Parallel.forEach(blocks) { range, _ in
      let floats = UnsafeMutablePointer<Float>.allocate(capacity: 4 * m + m * m)
      let doubles = UnsafeMutablePointer<Double>.allocate(capacity: 2 * m * m + 2 * m)
      defer { floats.deallocate(); doubles.deallocate() }
      let theta = floats, delta = floats + 2 * m  // floats + m: blockGram's scratch
      let gram = doubles, chol = doubles + m * m, c = doubles + 2 * m * m, y = c + m
      for position in range {
        let i = Int(order[position]), start = co[i], end = co[i + 1]
        guard end > start else { continue }
        theta[0] = w[i]
        for f in 0..<k { theta[1 + f] = v[f * p + i] }

        // G = Σ h hᵀ and c = Σ h e over the column's rows.
        if avx2 {
          Self.blockGramAVX2(cache, m, rows: cr + start, values: unit ? nil : UnsafePointer(cv + start), count: end - start,
                             theta: theta, gram: gram, c: c)
        } else {
          Self.blockGram(cache, m, rows: cr + start, values: unit ? nil : UnsafePointer(cv + start), count: end - start,
                         theta: theta, gram: gram, c: c, scratch: floats + m)
        }

        // P = αG + Λ (lower triangle), rhs = α(c + Gθ) + Λμ.
        for r in 0..<m {
          var gTheta = 0.0
          for s in 0..<m { gTheta += gram[r * m + s] * Double(theta[s]) }
          y[r] = a * (c[r] + gTheta) + lambda[r] * mu[r]
          for s in 0...r { chol[r * m + s] = a * gram[r * m + s] }
          chol[r * m + r] += lambda[r]
        }
        Self.choleskyLower(chol, m, floor: lambda)
        // y ← L⁻¹ rhs + z, then θ = L⁻ᵀ y.
        var rng = RandomStream(seed: Self.mix(seed, it, 4), stream: UInt64(i))
        for r in 0..<m {
          var s = y[r]
          for l in 0..<r { s -= chol[r * m + l] * y[l] }
          y[r] = s / chol[r * m + r]
        }
        for r in 0..<m { y[r] += rng.gaussian() }
        for r in Swift.stride(from: m - 1, through: 0, by: -1) {
          var s = y[r]
          for l in (r + 1)..<m { s -= chol[l * m + r] * y[l] }
          y[r] = s / chol[r * m + r]
        }
        for r in 0..<m { delta[r] = Float(y[r]) - theta[r] }

        // eₙ −= Δ·hₙ (h at the old θ: ŷ is linear in θᵢ), q_f(n) += Δ_f xᵢ.
        if avx2Update {
          Self.blockUpdateAVX2(cache, m, rows: cr + start, values: unit ? nil : UnsafePointer(cv + start),
                               count: end - start, theta: theta, delta: delta)
        } else {
          Self.blockUpdate(cache, m, rows: cr + start, values: unit ? nil : UnsafePointer(cv + start), count: end - start,
                           theta: theta, delta: delta)
        }
        w[i] = Float(y[0])
        for f in 0..<k { v[f * p + i] = Float(y[1 + f]) }
      }
    } }
  }

  /// G = Σ h hᵀ (all m × m entries) and c = Σ h e over `count` rows of the records, h of the
  /// row at θ (see the type's comment; x = 1 where `values` is nil), summed in float over
  /// chunks of `gramChunk` rows, each chunk added into the doubles. `scratch` holds
  /// 3m + m² floats. mk_gibbs_block_gram_avx2 computes the same sums in the same order.
  static func blockGram(_ cache: UnsafePointer<Float>, _ m: Int, rows: UnsafePointer<Int32>, values: UnsafePointer<Float>?,
                        count: Int, theta: UnsafePointer<Float>, gram: UnsafeMutablePointer<Double>,
                        c: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Float>) {
    let k = m - 1, h = scratch, cf = scratch + 2 * m, gf = scratch + 3 * m
    gram.update(repeating: 0, count: m * m)
    c.update(repeating: 0, count: m)
    var t = 0
    while t < count {
      let chunkEnd = min(count, t + gramChunk)
      gf.update(repeating: 0, count: m * m)
      cf.update(repeating: 0, count: m)
      while t < chunkEnd {
        let record = cache + Int(rows[t]) * m, x = values?[t] ?? 1, e = record[0]
        h[0] = x
        for f in 0..<k { h[1 + f] = x * (record[1 + f] - theta[1 + f] * x) }
        for r in 0..<m {
          let hr = h[r], row = gf + r * m
          cf[r] += hr * e
          for s in 0..<m { row[s] += hr * h[s] }
        }
        t += 1
      }
      for j in 0..<(m * m) { gram[j] += Double(gf[j]) }
      for r in 0..<m { c[r] += Double(cf[r]) }
    }
  }

  /// The rows' update after a block draw: for each of `count` rows, eₙ −= Δ·hₙ (h at the old
  /// θ) and q_f(n) += Δ_f xᵢ (x = 1 where `values` is nil).
  static func blockUpdate(_ cache: UnsafeMutablePointer<Float>, _ m: Int, rows: UnsafePointer<Int32>,
                          values: UnsafePointer<Float>?, count: Int, theta: UnsafePointer<Float>,
                          delta: UnsafePointer<Float>) {
    let k = m - 1
    for t in 0..<count {
      let record = cache + Int(rows[t]) * m, x = values?[t] ?? 1
      var dot = delta[0] * x
      for f in 0..<k { dot += delta[1 + f] * (x * (record[1 + f] - theta[1 + f] * x)) }
      record[0] -= dot
      for f in 0..<k { record[1 + f] += delta[1 + f] * x }
    }
  }

  /// `blockUpdate` by the AVX2 kernel of CKernels: the same bits, eight rows at a time (a row a
  /// lane, so their sums' chains overlap). Only where `SmallSystems.hasAVX2FMA`, m ≤
  /// `avx2GramWidth` and every record's offset fits in an Int32.
  @inline(__always)
  static func blockUpdateAVX2(_ cache: UnsafeMutablePointer<Float>, _ m: Int, rows: UnsafePointer<Int32>,
                              values: UnsafePointer<Float>?, count: Int, theta: UnsafePointer<Float>,
                              delta: UnsafePointer<Float>) {
    mk_gibbs_block_update_avx2(cache, Int32(m), rows, values, count, theta, delta)
  }

  /// `blockGram` by the AVX2 kernel of CKernels: the same bits, 8 lanes at a time, prefetching
  /// the records ahead. Only where `SmallSystems.hasAVX2FMA` and m ≤ `avx2GramWidth`.
  @inline(__always)
  static func blockGramAVX2(_ cache: UnsafePointer<Float>, _ m: Int, rows: UnsafePointer<Int32>, values: UnsafePointer<Float>?,
                            count: Int, theta: UnsafePointer<Float>, gram: UnsafeMutablePointer<Double>,
                            c: UnsafeMutablePointer<Double>) {
    mk_gibbs_block_gram_avx2(cache, Int32(m), rows, values, count, theta, Int32(gramChunk), gram, c)
  }

  /// In-place Cholesky of the lower triangle of the m×m matrix `a` (row-major). P = αG + Λ is
  /// positive definite; should rounding make a pivot nonpositive, it is replaced by the prior's
  /// precision of that coordinate (the pivot's value without data).
  static func choleskyLower(_ a: UnsafeMutablePointer<Double>, _ m: Int, floor: [Double]) {
    for j in 0..<m {
      var d = a[j * m + j]
      for l in 0..<j { d -= a[j * m + l] * a[j * m + l] }
      let pivot = (d > 0 ? d : max(floor[j], 1e-12)).squareRoot()
      a[j * m + j] = pivot
      for r in (j + 1)..<m {
        var s = a[r * m + j]
        for l in 0..<j { s -= a[r * m + l] * a[j * m + l] }
        a[r * m + j] = s / pivot
      }
    }
  }
}
