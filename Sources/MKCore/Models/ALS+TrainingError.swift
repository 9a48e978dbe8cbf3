import CKernels

extension ALSModel {
  /// The training RMSE `fit` records every sweep, over the ratings grouped by user: each
  /// user's factor row is read once and stays in cache while its items' rows stream by (the
  /// item matrix is the smaller one), where scoring the ratings in file order reads two random
  /// rows a rating — at rank 64 on 9.5M ratings that took a quarter of the fit. Each
  /// prediction has `score`'s bits and is clipped as `predict` clips; the squares are summed
  /// in Double per user, and the users' sums in a fixed order of blocks, so the result does
  /// not depend on the number of cores (it can differ from `Metrics.rmse` over `predict` in
  /// the last bits: the order of the additions). Where the CPU has AVX2 (and `vectorKernel`),
  /// `mk_als_training_squares_avx2` sums each block with the same bits, eight dot products at
  /// a time in the lanes, where this loop runs them as scalars: at rank 64 it was a tenth of
  /// the fit.
  static func trainingRMSE(users: Matrix, items: Matrix, byUser rows: SparseRows, rank k: Int, bias: Bool, mu: Float,
                           clip: ClosedRange<Float>?, vectorKernel: Bool = true) -> Double {
    let count = rows.nonzeros
    guard count > 0 else { return .nan }
    precondition(rows.rowCount <= users.rows, "trainingRMSE: the training users are the model's")
    let blocks = rows.balancedRanges(64).filter { !$0.isEmpty }
    var partial = [Double](repeating: 0, count: blocks.count)
    let w = users.columns, itemRows = Int32(items.rows)
    let lo = clip?.lowerBound ?? -.infinity, hi = clip?.upperBound ?? .infinity
    users.storage.withUnsafeBufferPointer { up in
      items.storage.withUnsafeBufferPointer { vp in
        rows.columns.withUnsafeBufferPointer { cols in
          rows.values.withUnsafeBufferPointer { vals in
            partial.withUnsafeMutableBufferPointer { sums in
              let u0 = up.baseAddress!, v0 = vp.baseAddress!, sumsOut = sums.baseAddress!
              let avx2 = vectorKernel && SmallSystems.hasAVX2FMA
              rows.offsets.withUnsafeBufferPointer { offsets in
                Parallel.forEach(blocks) { block, b in
                  if avx2 {
                    sumsOut[b] = mk_als_training_squares_avx2(u0, v0, Int32(w), Int32(k), bias ? 1 : 0, mu, lo, hi,
                                                              offsets.baseAddress!, cols.baseAddress!, vals.baseAddress!,
                                                              itemRows, Int32(block.lowerBound), Int32(block.upperBound))
                    return
                  }
                  var total = 0.0
                  var q = [UnsafePointer<Float>](repeating: v0, count: 8)
                  for u in block {
                    let pu = u0 + u * w
                    let span = rows.offsets[u]..<rows.offsets[u + 1]
                    var p = span.lowerBound
                    // Eight ratings at a time: eight independent sums, each in score's order.
                    while p + 8 <= span.upperBound {
                      var known = true
                      for l in 0..<8 {
                        let i = cols[p + l]
                        known = known && i >= 0 && i < itemRows
                        q[l] = v0 + Int(max(0, min(i, itemRows - 1))) * w
                      }
                      guard known else { break }
                      var s0: Float = 0, s1: Float = 0, s2: Float = 0, s3: Float = 0
                      var s4: Float = 0, s5: Float = 0, s6: Float = 0, s7: Float = 0
                      let q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3], q4 = q[4], q5 = q[5], q6 = q[6], q7 = q[7]
                      for c in 0..<k {
                        let x = pu[c]
                        s0 += x * q0[c]; s1 += x * q1[c]; s2 += x * q2[c]; s3 += x * q3[c]
                        s4 += x * q4[c]; s5 += x * q5[c]; s6 += x * q6[c]; s7 += x * q7[c]
                      }
                      // The prediction as `score` adds it up: μ, the biases, then the dot product.
                      func square(_ qi: UnsafePointer<Float>, _ dot: Float, _ value: Float) -> Double {
                        var s = mu
                        if bias { s += pu[k]; s += qi[k] }
                        let e = Double(min(max(s + dot, lo), hi)) - Double(value)
                        return e * e
                      }
                      total += square(q0, s0, vals[p]); total += square(q1, s1, vals[p + 1])
                      total += square(q2, s2, vals[p + 2]); total += square(q3, s3, vals[p + 3])
                      total += square(q4, s4, vals[p + 4]); total += square(q5, s5, vals[p + 5])
                      total += square(q6, s6, vals[p + 6]); total += square(q7, s7, vals[p + 7])
                      p += 8
                    }
                    while p < span.upperBound {
                      let i = cols[p]
                      var s = mu
                      if i >= 0 && i < itemRows {
                        let qi = v0 + Int(i) * w
                        if bias { s += pu[k]; s += qi[k] }
                        var d: Float = 0
                        for c in 0..<k { d += pu[c] * qi[c] }
                        s += d
                      } else if bias {
                        s += pu[k]
                      }
                      let e = Double(min(max(s, lo), hi)) - Double(vals[p])
                      total += e * e
                      p += 1
                    }
                  }
                  sumsOut[b] = total
                }
              }
            }
          }
        }
      }
    }
    return (partial.reduce(0, +) / Double(count)).squareRoot()
  }
}
