/// The sampler's pure pieces, beside its state (Sampler.swift): the score of one design row
/// under a sample, and the seed of each (sweep, phase) stream.
extension BayesFMSampler {
  /// ŷ of one design row under the current sample, with the factors stored factor-major
  /// (v[f·columns + i]); `sums` receives each q_f = Σᵢ v_{i,f} xᵢ.
  @inline(__always)
  static func rowScore(_ span: Range<Int>, _ rc: UnsafePointer<Int32>?, _ rv: UnsafePointer<Float>?,
                       w: UnsafePointer<Float>, v: UnsafePointer<Float>, columns p: Int, rank k: Int, bias b0: Float,
                       sums: (Int, Float) -> Void = { _, _ in }) -> Float {
    var yhat = b0, pair: Float = 0
    for t in span { yhat += w[Int(rc![t])] * rv![t] }  // an empty span (no known feature) reads nothing
    for f in 0..<k {
      var s: Float = 0, s2: Float = 0
      for t in span {
        let x = v[f * p + Int(rc![t])] * rv![t]
        s += x
        s2 += x * x
      }
      sums(f, s)
      pair += s * s - s2
    }
    return yhat + 0.5 * pair
  }

  /// A 64-bit seed for (seed, sweep, phase): splitmix64 of their combination.
  static func mix(_ seed: UInt64, _ sweep: Int, _ phase: Int) -> UInt64 {
    let tag = (UInt64(truncatingIfNeeded: sweep) << 16) ^ UInt64(truncatingIfNeeded: phase)
    var z = seed &+ 0x9E37_79B9_7F4A_7C15 &* (tag &+ 1)
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
