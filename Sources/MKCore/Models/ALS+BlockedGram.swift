import CKernels

extension HalfStepRows {
  /// Wide systems (k > 64): each row's fixed-side factors are gathered (prefetching: the
  /// rows are read at random) into one contiguous block G (n × k), and its Gram GᵀG comes from
  /// one OpenBLAS `ssyrk` (BLAS-3: the block is reused k times from cache, in the library's
  /// AVX2/FMA kernels, which Swift compiled for baseline x86-64 cannot emit). The bias column
  /// of the system (Gᵀ1, n) and the right side (Gᵀt, Σt) are summed while each gathered row is
  /// in cache, so the Gram is on the k factor columns only (k = 64: whole vectors in the
  /// library's kernels). The solve is `SmallSystems.choleskySolveFast`, not LAPACK's `sposv`,
  /// which costs ~10 µs on a 65×65 system here (its potrf is blocked for large matrices):
  /// as much as the Gram of a typical row. Rows with fewer ratings than unknowns solve the
  /// smaller dual system instead (`dual`). bench/README.md ("ALS at wide ranks") measures it.
  func blocked(_ block: Range<Int>, avx512: Bool = SmallSystems.hasAVX512) {
    if SmallSystems.hasAVX2FMA { return fusedGram(block, avx512: avx512) }
    let k = rank, width = self.width, stride = SmallSystems.paddedWidth(width)
    let kp = SmallSystems.paddedWidth(k), vectors = kp / 8
    let a = UnsafeMutablePointer<Float>.allocate(capacity: width * stride)
    let b = UnsafeMutablePointer<Float>.allocate(capacity: stride)
    let colSum = UnsafeMutablePointer<Float>.allocate(capacity: stride)
    // G's rows are `stride` floats apart: the fixed rows' k factors, their bias (column k,
    // read for the targets; ssyrk uses columns 0..<k only), zeros after (written once here).
    let g = UnsafeMutablePointer<Float>.allocate(capacity: max(1, maxLength) * stride)
    g.update(repeating: 0, count: max(1, maxLength) * stride)
    defer { a.deallocate(); b.deallocate(); colSum.deallocate(); g.deallocate() }
    let bRaw = UnsafeMutableRawPointer(b), sumRaw = UnsafeMutableRawPointer(colSum)
    for r in block {
      let span = self.span(r), n = span.count
      guard n > 0 else { store(r, nil); continue }
      mk_gather_rows(g, Int32(stride), y, Int32(width), columns + span.lowerBound, Int32(n), Int32(width))
      if n < width && dualApplies(n) {
        if dual(g, span: span, stride: stride, m: a, t: b, x: colSum) { store(r, colSum); continue }
        // Not positive definite in float (it cannot be in exact arithmetic): the primal system.
        mk_gather_rows(g, Int32(stride), y, Int32(width), columns + span.lowerBound, Int32(n), Int32(width))
      }
      b.update(repeating: 0, count: stride)
      colSum.update(repeating: 0, count: stride)
      var targetSum: Float = 0
      for (row, p) in span.enumerated() {
        let gRow = g + row * stride
        let t = bias ? values[p] - mu - gRow[k] : values[p] - mu
        targetSum += t
        // Σ tⱼ gⱼ and Σ gⱼ over the first kp columns (with biases, lane k holds the fixed
        // side's bias: b[k] is set below and colSum[k] is not read).
        let tv = SIMD8<Float>(repeating: t), gRaw = UnsafeRawPointer(gRow)
        for v in 0..<vectors {
          let o = v * 32
          let gv = gRaw.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
          bRaw.storeBytes(of: bRaw.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) + gv * tv,
                          toByteOffset: o, as: SIMD8<Float>.self)
          sumRaw.storeBytes(of: sumRaw.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) + gv,
                            toByteOffset: o, as: SIMD8<Float>.self)
        }
      }
      // Zeroed every row: the Cholesky kernel leaves values left of the diagonal, which
      // ssyrk (upper triangle only) would not overwrite.
      a.update(repeating: 0, count: width * stride)
      BLAS.syrkAtA(g, n: n, k: k, lda: stride, alpha: 1, beta: 0, a, ldc: stride)
      if bias {
        for c in 0..<k { a[c * stride + k] = colSum[c] }
        a[k * stride + k] = Float(n)
        b[k] = targetSum
      }
      addRidge(a, stride: stride, n: n)
      store(r, SmallSystems.choleskySolveFast(a, b, count: width, stride: stride) ? b : nil)
    }
  }

  /// `blocked` where the CPU has AVX2 and FMA: each row's system comes from one pass of
  /// `mk_als_gram_avx2`, which gathers the fixed rows (with their 1 and target appended) 64 at
  /// a time into an L1-resident block and sums the upper triangle and the right side over it in
  /// register tiles, leaving the right side in column w; `mk_cholesky_solve_augmented_avx2`
  /// solves it from there (up-looking, ~1.7× the speed of the right-looking kernel at width
  /// 65). OpenBLAS's `ssyrk` re-packs its operands on every call, and the Swift loop summing
  /// the right side ran on SSE. Rows with fewer ratings than unknowns still take the dual
  /// system. With `avx512` (where the CPU has it), `mk_als_gram_avx512` sums the same chains in
  /// 16-lane vectors: half the multiply-adds, the same bits. bench/README.md ("ALS at wide
  /// ranks") measures it.
  func fusedGram(_ block: Range<Int>, avx512: Bool) {
    let k = rank, width = self.width
    // One column more than the system for the targets (the right side comes out in column w).
    let stride = SmallSystems.paddedWidth(width + 1)
    // The Gram kernel writes rows in sixes: up to 5 rows past the system's.
    let a = UnsafeMutablePointer<Float>.allocate(capacity: (stride + 6) * stride)
    let b = UnsafeMutablePointer<Float>.allocate(capacity: stride)
    let x = UnsafeMutablePointer<Float>.allocate(capacity: stride)
    // 8 floats past the last row: the Gram kernel's tiles read rows' entries in sixes, so at
    // widths just under the stride the last tile reads up to 5 floats past the row's end.
    let gCount = max(64, width) * stride + 8
    let gRaw = UnsafeMutableRawPointer.allocate(byteCount: gCount * 4, alignment: 32)
    let g = gRaw.bindMemory(to: Float.self, capacity: gCount)
    g.update(repeating: 0, count: gCount)
    // The AVX-512 kernel's own scratch: its gathered chunk and its sums, 64-byte aligned.
    let wideCounts = avx512 ? (mk_als_gram_avx512_scratch(Int32(k), 0), mk_als_gram_avx512_scratch(Int32(k), 1)) : (0, 0)
    let wideRaw = UnsafeMutableRawPointer.allocate(byteCount: Int(wideCounts.0 + wideCounts.1) * 4, alignment: 64)
    let wideG = wideRaw.bindMemory(to: Float.self, capacity: Int(wideCounts.0 + wideCounts.1))
    let wideS = wideG + Int(wideCounts.0)
    defer { a.deallocate(); b.deallocate(); x.deallocate(); gRaw.deallocate(); wideRaw.deallocate() }
    for r in block {
      let span = self.span(r), n = span.count
      guard n > 0 else { store(r, nil); continue }
      if n < width && dualApplies(n) {
        mk_gather_rows(g, Int32(stride), y, Int32(width), columns + span.lowerBound, Int32(n), Int32(width))
        if dual(g, span: span, stride: stride, m: a, t: b, x: x) { store(r, x); continue }
        // Not positive definite in float (it cannot be in exact arithmetic): the primal system.
      }
      // The next row's ratings, for the kernel to prefetch their fixed rows while it sums.
      let next = r + 1 < block.upperBound ? self.span(r + 1) : span.upperBound..<span.upperBound
      if avx512 {
        mk_als_gram_avx512(y, width, bias ? y + k : nil, width, Int32(k), bias ? 1 : 0, columns + span.lowerBound,
                           values + span.lowerBound, mu, Int32(n), columns + next.lowerBound, Int32(next.count),
                           wideG, wideS, a, Int32(stride))
      } else {
        mk_als_gram_avx2(y, Int32(width), Int32(k), bias ? 1 : 0, columns + span.lowerBound, values + span.lowerBound,
                         mu, Int32(n), columns + next.lowerBound, Int32(next.count), g, a, Int32(stride))
      }
      addRidge(a, stride: stride, n: n)
      store(r, mk_cholesky_solve_augmented_avx2(a, Int32(width), Int32(stride), b) != 0 ? b : nil)
    }
  }

  /// The dual system applies when the ridge D (λ(n + n₀) on the factors, λ_b on the bias) is
  /// positive definite.
  @inline(__always) func dualApplies(_ n: Int) -> Bool { ridge(n) > 0 && (!bias || biasLambda > 0) }

  /// A row with fewer ratings than unknowns (n < w: half the users of a MovieLens-like set at
  /// rank 64): (YᵀY + D) x = Yᵀt has the same solution as x = D⁻¹Yᵀs with
  /// (I + Y D⁻¹ Yᵀ) s = t (as (YᵀY + D) D⁻¹Yᵀ = Yᵀ(Y D⁻¹Yᵀ + I)), an n × n system: its Gram
  /// costs n²k instead of nk², its Cholesky n³/3 instead of w³/3, and I + Y D⁻¹Yᵀ is at least as
  /// well conditioned as the primal (its eigenvalues are ≥ 1). `g` holds the gathered rows
  /// (their bias in column k, set to Y's 1 here); `m` gets the n × n system, `t` the targets,
  /// `x` the solution. False when the float Cholesky fails.
  func dual(_ g: UnsafeMutablePointer<Float>, span: Range<Int>, stride: Int, m: UnsafeMutablePointer<Float>,
            t: UnsafeMutablePointer<Float>, x: UnsafeMutablePointer<Float>) -> Bool {
    let k = rank, n = span.count, sn = SmallSystems.paddedWidth(n), reg = ridge(n)
    t.update(repeating: 0, count: sn)
    for (row, p) in span.enumerated() {
      let gRow = g + row * stride
      t[row] = bias ? values[p] - mu - gRow[k] : values[p] - mu
      if bias { gRow[k] = 1 }
    }
    m.update(repeating: 0, count: n * sn)
    BLAS.syrkAAt(g, n: n, k: k, lda: stride, alpha: 1 / reg, beta: 0, m, ldc: sn)
    let biasTerm: Float = bias ? 1 / biasLambda : 0
    for i in 0..<n {
      let row = m + i * sn
      if bias { for j in i..<n { row[j] += biasTerm } }
      row[i] += 1
    }
    guard SmallSystems.choleskySolveFast(m, t, count: n, stride: sn) else { return false }
    // x = D⁻¹ Yᵀ s, over whole vectors of the padded width (column k is the bias's).
    x.update(repeating: 0, count: stride)
    let xRaw = UnsafeMutableRawPointer(x)
    for row in 0..<n {
      let sv = SIMD8<Float>(repeating: t[row]), gRaw = UnsafeRawPointer(g + row * stride)
      for v in 0..<(stride / 8) {
        let o = v * 32
        xRaw.storeBytes(of: xRaw.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
                          + gRaw.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) * sv,
                        toByteOffset: o, as: SIMD8<Float>.self)
      }
    }
    for c in 0..<k { x[c] /= reg }
    if bias { x[k] /= biasLambda }
    return true
  }
}
