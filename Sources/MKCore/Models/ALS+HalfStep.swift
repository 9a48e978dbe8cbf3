extension ALSModel {
  /// How each row's system is solved: exactly by Cholesky, or by a few preconditioned
  /// conjugate-gradient steps started from the row's value after the previous sweep.
  public enum Solver: String, CaseIterable, Sendable { case cholesky, cg }

  /// How a Cholesky half-step builds its systems. `automatic` uses `simd` up to
  /// `SmallSystems.maxWidth` and `blocked` above; `lapack` (the former wide path: `ssyrk` on
  /// the full width, `sgemv`, LAPACK `sposv`) is kept as a reference for tests and benchmarks,
  /// as is `blockedAVX2`: `blocked` with the 8-lane Gram kernel where the CPU has AVX-512 (the
  /// same bits, slower).
  public enum HalfStepPath: Sendable { case automatic, simd, blocked, blockedAVX2, lapack }

  /// One half-step: for every row r of `rows` (a user's ratings, or an item's), solves
  ///   (Σⱼ yⱼ yⱼᵀ + λ (n_r + n₀) I + λ_b e eᵀ) x_r = Σⱼ yⱼ tⱼ   (e = the bias coordinate)
  /// where yⱼ = [fixedⱼ's factors, 1] and tⱼ = rating − μ − fixedⱼ's bias (with biases), or
  /// yⱼ = fixedⱼ's factors and tⱼ = rating − μ (without). Rows with no ratings become zero.
  /// Rows run in parallel blocks; each row's arithmetic depends on that row alone, so the
  /// result does not depend on the number of cores. `solver: .cg` reads `x`'s rows as the
  /// starting points. Exposed for tests, which check it against an independent ridge solution.
  public static func halfStep(solving x: inout Matrix, fixed y: Matrix, rows: SparseRows, rank k: Int, bias: Bool,
                              lambda: Float, prior: Float = 0, biasLambda: Float, mu: Float,
                              solver: Solver = .cholesky, cgSteps: Int = 3, path: HalfStepPath = .automatic) {
    let width = k + (bias ? 1 : 0)
    let chosen: HalfStepPath = path != .automatic ? path : (width <= SmallSystems.maxWidth ? .simd : .blocked)
    let maxLength = (0..<rows.rowCount).reduce(0) { max($0, rows.length($1)) }
    let rowCount = min(rows.rowCount, x.rows)
    x.storage.withUnsafeMutableBufferPointer { xs in
      y.storage.withUnsafeBufferPointer { ys in
        rows.columns.withUnsafeBufferPointer { cols in
          rows.values.withUnsafeBufferPointer { vals in
            // Each block writes only its own rows of x.
            let step = HalfStepRows(x: xs.baseAddress!, y: ys.baseAddress!, columns: cols.baseAddress!,
                                    values: vals.baseAddress!, offsets: rows.offsets, rank: k, bias: bias,
                                    lambda: lambda, prior: prior, biasLambda: biasLambda, mu: mu,
                                    maxLength: maxLength)
            let blocks = rows.balancedRanges(Parallel.workers * 8).map { $0.clamped(to: 0..<rowCount) }.filter { !$0.isEmpty }
            Parallel.forEach(blocks) { block, _ in
              switch (solver, chosen) {
              case (.cg, _): step.conjugateGradient(block, steps: cgSteps)
              case (.cholesky, .simd), (.cholesky, .automatic): step.simd(block)
              case (.cholesky, .blocked): step.blocked(block)
              case (.cholesky, .blockedAVX2): step.blocked(block, avx512: false)
              case (.cholesky, .lapack): step.lapack(block)
              }
            }
          }
        }
      }
    }
  }
}

/// One half-step's inputs as raw pointers, shared read-only by the parallel blocks (each
/// block writes only its own rows of `x`), and the row solvers over them.
struct HalfStepRows {
  let x: UnsafeMutablePointer<Float>
  let y: UnsafePointer<Float>
  let columns: UnsafePointer<Int32>
  let values: UnsafePointer<Float>
  let offsets: [Int]
  let rank: Int, bias: Bool
  let lambda: Float, prior: Float, biasLambda: Float, mu: Float
  /// The longest row: the size of the gathered blocks.
  let maxLength: Int

  var width: Int { rank + (bias ? 1 : 0) }
  @inline(__always) func span(_ r: Int) -> Range<Int> { offsets[r]..<offsets[r + 1] }
  /// λ (n + n₀): the ridge on a row's factor coordinates.
  @inline(__always) func ridge(_ n: Int) -> Float { lambda * (Float(n) + prior) }
  /// The target of rating p against the fixed row `src`: rating − μ (− the fixed side's bias).
  @inline(__always) func target(_ p: Int, _ src: UnsafePointer<Float>) -> Float {
    bias ? values[p] - mu - src[rank] : values[p] - mu
  }

  /// Copies rating p's fixed row into `dst` as yⱼ (its factors, then 1 with biases) and
  /// returns the rating's target.
  @inline(__always) func copyFixedRow(_ p: Int, into dst: UnsafeMutablePointer<Float>) -> Float {
    let src = y + Int(columns[p]) * width
    dst.update(from: src, count: rank)
    if bias { dst[rank] = 1 }
    return target(p, src)
  }

  /// Writes a row's solution, or zeros when its system was singular (λ = 0 and too few
  /// ratings) or the row has no ratings.
  @inline(__always) func store(_ r: Int, _ solution: UnsafePointer<Float>?) {
    let out = x + r * width
    if let s = solution { out.update(from: s, count: width) } else { out.update(repeating: 0, count: width) }
  }

  /// λ(n + n₀) on the factor diagonal, λ_b on the bias's; `stride` is the row length of `a`.
  @inline(__always)
  func addRidge(_ a: UnsafeMutablePointer<Float>, stride: Int, n: Int) {
    let reg = ridge(n)
    for c in 0..<rank { a[c * stride + c] += reg }
    if bias { a[rank * stride + rank] += biasLambda }
  }

  /// Systems up to `SmallSystems.maxWidth` wide: rank-one updates four ratings at a time and
  /// the SIMD Cholesky, no library calls (see `SmallSystems` for why).
  func simd(_ block: Range<Int>) {
    let width = self.width, stride = SmallSystems.paddedWidth(width)
    let a = UnsafeMutablePointer<Float>.allocate(capacity: width * stride)
    let b = UnsafeMutablePointer<Float>.allocate(capacity: stride)
    let yj = UnsafeMutablePointer<Float>.allocate(capacity: 4 * stride)
    yj.update(repeating: 0, count: 4 * stride)
    let tj = UnsafeMutablePointer<Float>.allocate(capacity: 4)
    defer { a.deallocate(); b.deallocate(); yj.deallocate(); tj.deallocate() }
    for r in block {
      let span = self.span(r), n = span.count
      guard n > 0 else { store(r, nil); continue }
      a.update(repeating: 0, count: width * stride)
      b.update(repeating: 0, count: stride)
      // yⱼ = [qⱼ, 1] with biases, copied into zero-padded vectors, four at a time.
      var filled = 0
      for p in span {
        // (A scalar buffer, not a SIMD4 written lane by lane: that stalls store forwarding.)
        tj[filled] = copyFixedRow(p, into: yj + filled * stride)
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
      addRidge(a, stride: stride, n: n)
      store(r, SmallSystems.choleskySolve(a, b, count: width, stride: stride) ? b : nil)
    }
  }

  /// The former wide path, kept as a reference: the rows gathered with their bias column,
  /// `ssyrk` and `sgemv` on the full width, LAPACK `sposv`.
  func lapack(_ block: Range<Int>) {
    let width = self.width
    let a = UnsafeMutablePointer<Float>.allocate(capacity: width * width)
    let b = UnsafeMutablePointer<Float>.allocate(capacity: width)
    let g = UnsafeMutablePointer<Float>.allocate(capacity: max(1, maxLength) * width)
    let t = UnsafeMutablePointer<Float>.allocate(capacity: max(1, maxLength))
    defer { a.deallocate(); b.deallocate(); g.deallocate(); t.deallocate() }
    for r in block {
      let span = self.span(r), n = span.count
      guard n > 0 else { store(r, nil); continue }
      var row = 0
      for p in span {
        t[row] = copyFixedRow(p, into: g + row * width)
        row += 1
      }
      BLAS.syrkAtA(g, n: n, k: width, lda: width, alpha: 1, beta: 0, a)
      BLAS.gemvT(g, n: n, k: width, lda: width, x: t, alpha: 1, beta: 0, b)
      addRidge(a, stride: width, n: n)
      store(r, BLAS.posv(a, b, k: width) ? b : nil)
    }
  }
}
