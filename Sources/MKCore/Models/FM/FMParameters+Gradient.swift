/// The gradient of one FM prediction, for the learners that step FMParameters (`fm`, `deepfm`).
///
/// With s_f = Σᵢ v_{i,f} xᵢ (what `predict(sums:)` returns),
///   ∂ŷ/∂w₀ = 1,   ∂ŷ/∂wⱼ = xⱼ,   ∂ŷ/∂v_{j,f} = xⱼ (s_f − v_{j,f} xⱼ)
/// (Rendle 2010, eq. 4); the cost is O(k · nnz(x)) like the prediction.
extension FMParameters {
  /// Adds d · ∂ŷ/∂θ for one row to `gw` (one float per column) and `gv` (k floats per
  /// column). `v` points at `factors.storage`, `sums` at the row's s_f.
  @inline(__always)
  public static func addGradient(columns: UnsafeBufferPointer<Int32>, values: UnsafeBufferPointer<Float>,
                                 sums: UnsafePointer<Float>, d: Float, factors v: UnsafePointer<Float>, rank k: Int,
                                 gw: UnsafeMutablePointer<Float>, gv: UnsafeMutablePointer<Float>) {
    for p in 0..<columns.count {
      let j = Int(columns[p]), x = values[p], dx = d * x
      gw[j] += dx
      let vj = v + j * k, gj = gv + j * k
      for f in 0..<k { gj[f] += dx * (sums[f] - vj[f] * x) }
    }
  }
}
