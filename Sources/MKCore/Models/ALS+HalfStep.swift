extension ALSModel {
  /// One half-step: for every row r of `rows` (a user's ratings, or an item's), solves
  ///   (Σⱼ yⱼ yⱼᵀ + λ (n_r + n₀) I + λ_b e eᵀ) x_r = Σⱼ yⱼ tⱼ   (e = the bias coordinate)
  /// where yⱼ = [fixedⱼ's factors, 1] and tⱼ = rating − μ − fixedⱼ's bias (with biases), or
  /// yⱼ = fixedⱼ's factors and tⱼ = rating − μ (without). Rows with no ratings become zero.
  /// Rows run in parallel blocks; systems up to `SmallSystems.maxWidth` wide are built and
  /// solved by `SmallSystems`, wider ones by OpenBLAS `ssyrk`/`sgemv` and LAPACK `sposv`.
  /// Exposed for tests, which check it against an independent ridge solution.
  public static func halfStep(solving x: inout Matrix, fixed y: Matrix, rows: SparseRows, rank k: Int, bias: Bool,
                              lambda: Float, prior: Float = 0, biasLambda: Float, mu: Float,
                              forceLAPACK: Bool = false) {
    let width = k + (bias ? 1 : 0)
    let small = width <= SmallSystems.maxWidth && !forceLAPACK
    let maxLength = small ? 1 : (0..<rows.rowCount).reduce(0) { max($0, rows.length($1)) }
    let rowCount = min(rows.rowCount, x.rows)
    x.storage.withUnsafeMutableBufferPointer { xs in
      y.storage.withUnsafeBufferPointer { ys in
        rows.columns.withUnsafeBufferPointer { cols in
          rows.values.withUnsafeBufferPointer { vals in
            let xp = xs.baseAddress!, yp = ys.baseAddress!  // each block writes only its own rows of x
            let blocks = rows.balancedRanges(Parallel.workers * 8).map { $0.clamped(to: 0..<rowCount) }.filter { !$0.isEmpty }
            Parallel.forEach(blocks) { block, _ in
              // Per-block scratch: the system a, its right side b; for LAPACK, gathered
              // features g (n × width) and targets t.
              let stride = small ? SmallSystems.paddedWidth(width) : width
              let a = UnsafeMutablePointer<Float>.allocate(capacity: width * stride)
              let b = UnsafeMutablePointer<Float>.allocate(capacity: stride)
              let yj = UnsafeMutablePointer<Float>.allocate(capacity: 4 * stride)
              yj.update(repeating: 0, count: 4 * stride)
              let tj = UnsafeMutablePointer<Float>.allocate(capacity: 4)
              let g = UnsafeMutablePointer<Float>.allocate(capacity: max(1, maxLength) * width)
              let t = UnsafeMutablePointer<Float>.allocate(capacity: max(1, maxLength))
              defer { a.deallocate(); b.deallocate(); yj.deallocate(); tj.deallocate(); g.deallocate(); t.deallocate() }
              for r in block {
                let span = rows.range(r), n = span.count
                let out = xp + r * width
                guard n > 0 else {
                  out.update(repeating: 0, count: width)
                  continue
                }
                let solved: Bool
                if small {
                  a.update(repeating: 0, count: width * stride)
                  b.update(repeating: 0, count: stride)
                  // yⱼ = [qⱼ, 1] with biases, copied into zero-padded vectors, four at a time.
                  var filled = 0
                  for p in span {
                    let src = yp + Int(cols[p]) * width
                    let dst = yj + filled * stride
                    dst.update(from: src, count: k)
                    if bias { dst[k] = 1 }
                    // (A scalar buffer, not a SIMD4 written lane by lane: that stalls store forwarding.)
                    tj[filled] = bias ? vals[p] - mu - src[k] : vals[p] - mu
                    filled += 1
                    if filled == 4 {
                      SmallSystems.addOuterProducts4(yj, count: width, times: SIMD4(tj[0], tj[1], tj[2], tj[3]),
                                                     to: a, b, stride: stride)
                      filled = 0
                    }
                  }
                  for m in 0..<filled {
                    SmallSystems.addOuterProduct(yj + m * stride, count: width, times: tj[m], to: a, b, stride: stride)
                  }
                  addRidge(a, width: stride, rank: k, bias: bias, reg: lambda * (Float(n) + prior), biasLambda: biasLambda)
                  solved = SmallSystems.choleskySolve(a, b, count: width, stride: stride)
                } else {
                  var row = 0
                  for p in span {
                    let src = yp + Int(cols[p]) * width
                    let dst = g + row * width
                    dst.update(from: src, count: k)
                    if bias {
                      dst[k] = 1
                      t[row] = vals[p] - mu - src[k]
                    } else {
                      t[row] = vals[p] - mu
                    }
                    row += 1
                  }
                  BLAS.syrkAtA(g, n: n, k: width, lda: width, alpha: 1, beta: 0, a)
                  BLAS.gemvT(g, n: n, k: width, lda: width, x: t, alpha: 1, beta: 0, b)
                  addRidge(a, width: width, rank: k, bias: bias, reg: lambda * (Float(n) + prior), biasLambda: biasLambda)
                  solved = BLAS.posv(a, b, k: width)
                }
                if solved {
                  out.update(from: b, count: width)
                } else {
                  // Singular only when λ = 0 and the row has too few ratings: keep zeros.
                  out.update(repeating: 0, count: width)
                }
              }
            }
          }
        }
      }
    }
  }

  /// λ(n + n₀) on the factor diagonal, λ_b on the bias's; `width` is the row length of `a`.
  @inline(__always)
  private static func addRidge(_ a: UnsafeMutablePointer<Float>, width: Int, rank k: Int, bias: Bool, reg: Float,
                               biasLambda: Float) {
    for c in 0..<k { a[c * width + c] += reg }
    if bias { a[k * width + k] += biasLambda }
  }
}
