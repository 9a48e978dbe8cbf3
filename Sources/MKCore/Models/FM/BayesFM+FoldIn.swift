/// Folding a new user into a fitted `bayesfm` without refitting.
///
/// Given one kept sample (items' parameters, noise precision α, the user group's prior), a
/// new user's θ = (w_u, v_u) enters ŷ linearly: for a rated item j with item-side features,
///   ŷ_j = c_j + w_u + ⟨v_u, s_j⟩,   c_j = ŷ of the item's features alone,  s_j,f = Σ v_{i,f} xᵢ,
/// the item's features being its one-hot column, its side entries (tags) and what the per-row
/// groups give a pair without a rating row (a profile has none): numeric columns at their
/// training means, which standardized are 0 and drop out. So its conditional posterior is
/// Bayesian linear regression with features h_j = (1, s_j):
///   precision A = α Σ h_j h_jᵀ + diag(λ),   mean A⁻¹ (α Σ h_j (r_j − c_j) + diag(λ) μ).
/// Ratings: the prediction for an item averages, over kept samples, c + hᵀ(posterior mean),
/// which is exactly the predictive mean since ŷ is linear in θ. Binary (probit): a short
/// data-augmentation chain per sample (latent z_j, then θ | z) and Φ(ŷ) averaged over its draws.
extension BayesFMModel {
  public func foldIn(_ ratings: [(item: Int32, value: Float)]) throws -> (Int32) -> Float {
    let known = ratings.filter { hasFeatures(item: $0.item) }
    guard !known.isEmpty else { throw MKError(.value, "none of the profile's items are known to this model") }
    let k = rank, d = k + 1, kept = keptCount
    let draws = binary ? 10 : 1, sweeps = binary ? 20 : 1
    var thetas = [Double](repeating: 0, count: kept * draws * d)
    var rng = RandomStream(seed: info.options.seed, stream: 0xF01D)
    var sv = [Double](repeating: 0, count: k)
    var h = [Double](repeating: 0, count: known.count * d), c = [Double](repeating: 0, count: known.count)
    var a = [Double](repeating: 0, count: d * d), b = [Double](repeating: 0, count: d)
    var theta = [Double](repeating: 0, count: d), z = [Double](repeating: 0, count: d)
    // The user group's prior in each chain row: μ_w, λ_w, μ_v…, λ_v… after α and the groups before.
    let hyper = 1 + (layout.identityGroup(.user) ?? 0) * (2 + 2 * k)
    for s in 0..<kept {
      let alpha = binary ? 1 : Double(chain[s, 0])
      var mu = [Double(chain[s, hyper])], lambda = [Double(chain[s, hyper + 1])]
      for f in 0..<k { mu.append(Double(chain[s, hyper + 2 + f])); lambda.append(Double(chain[s, hyper + 2 + k + f])) }
      for (j, r) in known.enumerated() {
        c[j] = itemPart(r.item, sample: s, sums: &sv)
        h[j * d] = 1
        for f in 0..<k { h[j * d + 1 + f] = sv[f] }
      }
      for q in 0..<(d * d) { a[q] = 0 }
      for j in 0..<known.count {
        for x in 0..<d { for y in 0..<d { a[x * d + y] += alpha * h[j * d + x] * h[j * d + y] } }
      }
      for x in 0..<d { a[x * d + x] += lambda[x] }
      guard Self.cholesky(&a, d) else { continue }
      for x in 0..<d { theta[x] = mu[x] }
      for sweep in 0..<sweeps {
        for x in 0..<d { b[x] = lambda[x] * mu[x] }
        for (j, r) in known.enumerated() {
          var target = Double(r.value)
          if binary {
            var mean = c[j]
            for x in 0..<d { mean += h[j * d + x] * theta[x] }
            target = rng.probitLatent(mean: mean, positive: r.value > 0.5)
          }
          for x in 0..<d { b[x] += alpha * h[j * d + x] * (target - c[j]) }
        }
        Self.solve(a, &b, d)  // b = posterior mean
        if binary {
          for x in 0..<d { z[x] = rng.normal() }
          Self.solveUpper(a, &z, d)  // Lᵀ⁻¹ ε has covariance A⁻¹
          for x in 0..<d { theta[x] = b[x] + z[x] }
        } else {
          for x in 0..<d { theta[x] = b[x] }
        }
        let slot = sweep - (sweeps - draws)
        if slot >= 0 { for x in 0..<d { thetas[(s * draws + slot) * d + x] = theta[x] } }
      }
    }
    return { [self] item in
      var sums = [Double](repeating: 0, count: k)
      var acc = 0.0
      for s in 0..<kept {
        let base = self.itemPart(item, sample: s, sums: &sums)
        for t in 0..<draws {
          let th = (s * draws + t) * d
          var y = base + thetas[th]
          for f in 0..<k { y += sums[f] * thetas[th + 1 + f] }
          acc += self.binary ? normalCDF(y) : y
        }
      }
      return Float(acc / Double(kept * draws))
    }
  }

  /// Whether an item has any column in the model (trained, or with side entries: tags).
  private func hasFeatures(item: Int32) -> Bool {
    guard item >= 0, Int(item) < info.itemCount else { return false }
    return info.knows(item: item) || layout.hasSideEntries(item: item)
  }

  /// ŷ of kept sample s for the item's features alone (w₀, weights, pairwise among them), and
  /// in `sums` Σ v_{i,f} xᵢ over them; numeric columns at their training means count here.
  private func itemPart(_ item: Int32, sample s: Int, sums: inout [Double]) -> Double {
    let k = rank, stride = samples.columns
    var entries: [(column: Int32, value: Float)] = []
    layout.features(user: -1, item: item, numeric: nil, identity: (false, true), into: &entries)
    let cols = entries.map { (Int($0.column), Double($0.value)) }
    var y = Double(biases[s]), pair = 0.0
    for (i, x) in cols { y += Double(samples.storage[i * stride + s * d(k)]) * x }
    for f in 0..<k {
      var sum = 0.0, sq = 0.0
      for (i, x) in cols {
        let t = Double(samples.storage[i * stride + s * d(k) + 1 + f]) * x
        sum += t
        sq += t * t
      }
      sums[f] = sum
      pair += sum * sum - sq
    }
    return y + 0.5 * pair
  }

  @inline(__always) private func d(_ k: Int) -> Int { k + 1 }

  /// In-place Cholesky A = L Lᵀ of a small SPD matrix (row-major, lower triangle holds L).
  static func cholesky(_ a: inout [Double], _ n: Int) -> Bool {
    for j in 0..<n {
      var s = a[j * n + j]
      for p in 0..<j { s -= a[j * n + p] * a[j * n + p] }
      guard s > 0 else { return false }
      let l = s.squareRoot()
      a[j * n + j] = l
      for i in (j + 1)..<max(j + 1, n) {
        var t = a[i * n + j]
        for p in 0..<j { t -= a[i * n + p] * a[j * n + p] }
        a[i * n + j] = t / l
      }
    }
    return true
  }

  /// Solves (L Lᵀ) x = b in place, L from `cholesky`.
  static func solve(_ l: [Double], _ b: inout [Double], _ n: Int) {
    for i in 0..<n {
      var t = b[i]
      for p in 0..<i { t -= l[i * n + p] * b[p] }
      b[i] = t / l[i * n + i]
    }
    solveUpper(l, &b, n)
  }

  /// Solves Lᵀ x = b in place.
  static func solveUpper(_ l: [Double], _ b: inout [Double], _ n: Int) {
    for i in stride(from: n - 1, through: 0, by: -1) {
      var t = b[i]
      for p in (i + 1)..<max(i + 1, n) { t -= l[p * n + i] * b[p] }
      b[i] = t / l[i * n + i]
    }
  }
}
