/// Where the FM columns' weights and factors (or their gradients) sit in memory: wⱼ at
/// `w[j · wStride]`, vⱼ's k floats from `v + j · vStride`. `FMParameters` and `FMGradient` keep
/// two tables (strides 1 and k); the learner's `FMColumnTable` keeps both in one row a column
/// (both strides the row's). The forward and gradient kernels (`FMNet`) read and write
/// through a view, so the two layouts share one computation and give the same bits.
/// Valid only while the memory it points at is (views of the model's own arrays are only read).
struct FMColumnView {
  let w: UnsafeMutablePointer<Float>
  let wStride: Int
  let v: UnsafeMutablePointer<Float>
  let vStride: Int

  @inline(__always) func weight(_ j: Int) -> UnsafeMutablePointer<Float> { w + j * wStride }
  @inline(__always) func factors(_ j: Int) -> UnsafeMutablePointer<Float> { v + j * vStride }

  /// ŷ for one sparse row as `FMParameters.predict` computes it (the same operations in the
  /// same order, so the same bits), with Σⱼ v_{j,f} xⱼ of each f into `sums` (k floats).
  @inline(__always)
  func predict(bias: Float, columns: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Float>, rank k: Int,
               sums: UnsafeMutablePointer<Float>) -> Float {
    var linear = bias
    for p in 0..<columns.count { linear += w[Int(columns[p]) * wStride] * values[p] }
    var pairwise: Float = 0
    for f in 0..<k {
      var s: Float = 0, s2: Float = 0
      for p in 0..<columns.count {
        let x = v[Int(columns[p]) * vStride + f] * values[p]
        s += x
        s2 += x * x
      }
      sums[f] = s
      pairwise += s * s - s2
    }
    return linear + 0.5 * pairwise
  }
}

extension FMParameters {
  /// Runs `body` with a view of the weights and factors, only to be read.
  func withColumnView<R>(_ body: (FMColumnView) -> R) -> R {
    weights.withUnsafeBufferPointer { w in
      factors.storage.withUnsafeBufferPointer { v in
        // Only read through (the kernels write gradients, never parameters, through such a view).
        body(FMColumnView(w: UnsafeMutablePointer(mutating: w.baseAddress!), wStride: 1,
                          v: UnsafeMutablePointer(mutating: v.baseAddress!), vStride: rank))
      }
    }
  }
}
