/// The sampler's refresh: the residuals and q caches recomputed from the parameters, row by
/// row (at the start of a sweep, so the Float32 rounding of the draws' in-place updates never
/// accumulates across sweeps; see the type's comment).
///
/// A fit reads the training predictions after every sweep, one more pass over the records; with
/// `refreshCaches(visiting:)` it reads them chunk by chunk just before the refresh overwrites
/// the chunk, so the two passes share one trip through memory, and the next sweep skips its
/// refresh (`cachesFresh`). Nothing changes between the end of a sweep and the start of the
/// next, so the chain keeps its bits.
import CKernels

extension BayesFMSampler {
  /// Rows a visit reads before the refresh rewrites them: their records stay in the core's
  /// cache in between (256 records of k + 1 ≤ 17 floats: 17 KB).
  static let refreshChunk = 256
  /// The widest rank the AVX2 refresh kernel takes (mk_kernels.h).
  static let avx2RefreshRank = 16

  /// Recomputes q and the residuals from the parameters, and per row block Σ e and Σ e²
  /// (`residualSums`).
  public func refreshCaches() { refreshCaches(visiting: { _, _ in }) }

  /// `refreshCaches()`, calling `visit(rows, block)` on each chunk of rows (positions in the
  /// sampler's order) before they are refreshed: the chunks of a row block (`rowBlocks` of
  /// them, fixed) in order on one thread, so a visit can sum over its block in row order.
  func refreshCaches(visiting visit: (Range<Int>, Int) -> Void) {
    let k = rank, p = columnCount, n = rowCount, b0 = Float(bias)
    let (ro, rc, w, v, vt, cache, y) = (rowOffsets, rowColumns, w, v, vt, cache, target)
    let rv = rowValues, sums2 = residualSums, avx2 = usesAVX2Refresh
    // The factors column-major first: a row then reads each of its columns' k factors from
    // one place instead of k places p apart.
    Parallel.forEachBlock(p, blocks: 16) { range, _ in
      for i in range { for f in 0..<k { vt[i * k + f] = v[f * p + i] } }
    }
    sums2.update(repeating: 0, count: 2 * Self.rowBlocks)
    Parallel.forEachBlock(n, blocks: Self.rowBlocks) { range, b in
      let sums = UnsafeMutablePointer<Float>.allocate(capacity: max(1, 2 * k))
      defer { sums.deallocate() }
      var sumE = 0.0, sumE2 = 0.0
      var start = range.lowerBound
      while start < range.upperBound {
        let chunk = start..<min(range.upperBound, start + Self.refreshChunk)
        visit(chunk, b)
        if avx2 {
          mk_gibbs_refresh_avx2(ro, rc, rv, vt, w, Int32(k), b0, y, cache, chunk.lowerBound, chunk.upperBound,
                                &sumE, &sumE2)
        } else {
          Self.refreshRows(chunk, rowOffsets: ro, columns: rc, values: rv, vt: vt, w: w, rank: k, bias: b0, target: y,
                           cache: cache, sums: sums, sumE: &sumE, sumE2: &sumE2)
        }
        start = chunk.upperBound
      }
      sums2[b] = sumE
      sums2[Self.rowBlocks + b] = sumE2
    }
    cachesFresh = true
  }

  /// The refresh of `rows`: each record (e, q_1 … q_k) from the parameters (`vt` column-major),
  /// e and e² added to the sums row by row. `sums` is scratch of 2k floats.
  /// mk_gibbs_refresh_avx2 computes the same in the same order.
  static func refreshRows(_ rows: Range<Int>, rowOffsets ro: UnsafePointer<UInt32>, columns rc: UnsafePointer<Int32>,
                          values rv: UnsafePointer<Float>?, vt: UnsafePointer<Float>, w: UnsafePointer<Float>,
                          rank k: Int, bias b0: Float, target y: UnsafePointer<Float>, cache: UnsafeMutablePointer<Float>,
                          sums: UnsafeMutablePointer<Float>, sumE: inout Double, sumE2: inout Double) {
    let m = k + 1
    // Per factor: Σ v x and Σ (v x)², kept apart so the loop over factors has no chain of
    // dependent additions (it vectorizes).
    let squares = sums + k
    for r in rows {
      var linear = b0
      sums.update(repeating: 0, count: 2 * k)
      for t in Int(ro[r])..<Int(ro[r + 1]) {
        let c = Int(rc[t]), x = rv?[t] ?? 1, vc = vt + c * k
        linear += w[c] * x
        for f in 0..<k {
          let a = vc[f] * x
          sums[f] += a
          squares[f] += a * a
        }
      }
      var pair: Float = 0
      let record = cache + r * m
      for f in 0..<k {
        pair += sums[f] * sums[f] - squares[f]
        record[1 + f] = sums[f]
      }
      let e = y[r] - (linear + 0.5 * pair)
      record[0] = e
      sumE += Double(e)
      sumE2 += Double(e) * Double(e)
    }
  }
}
