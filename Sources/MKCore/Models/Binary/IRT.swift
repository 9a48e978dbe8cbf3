import Foundation

/// Item response theory: the probability that user u answers item i correctly,
///
///   1PL (Rasch):  P = σ(θ_u − d_i),        2PL:  P = σ(a_i (θ_u − d_i)),
///
/// with ability θ_u, difficulty d_i and (2PL) discrimination a_i, fitted by maximum a
/// posteriori: minimize Σ log-loss + (λ/2)(‖θ‖² + ‖d‖²) [+ (λ/2)‖a − 1‖² for the 2PL], i.e.
/// Gaussian priors N(0, 1/λ) on abilities and difficulties and N(1, 1/λ) on discriminations.
/// The 1PL is a logistic regression on the user and item columns (x_u = 1, x_i = −1), solved
/// to convergence by Newton–CG (`LogisticNewton`). The 2PL is bilinear (not convex), so from
/// the 1PL's solution it takes Newton–CG steps on all parameters at once (`newtonStep`), with
/// an Armijo line search on the true objective, falling back to the Gauss–Newton step where
/// the Hessian is not positive definite (so it is drawn to minima, not saddle points), until
/// the gradient vanishes; alternating (θ, d) and a, or
/// Gauss–Newton alone, converge linearly and far more slowly. Binary data only. A user (item) unknown to the model has
/// ability (difficulty) 0, the prior mean, and discrimination 1.
public final class IRTModel: Model {
  public struct Options: ModelOptions {
    public var lambda = 1.0
    public var iters = 100
    public var params = 1
    public var tolerance = 1e-8
    public init() {}

    public static let declaration: [ModelOption<Options>] = [
      .double("lambda", \.lambda, 0...1e6, "L2 penalty: priors N(0, 1/λ) on abilities and difficulties (and N(1, 1/λ) on discriminations)"),
      .int("iters", \.iters, 1...10_000, "most Newton iterations; it stops earlier at convergence"),
      .int("params", \.params, 1...2, "1: Rasch σ(θ_u − d_i); 2: σ(a_i(θ_u − d_i)) with a discrimination per item"),
      .double("tol", \.tolerance, 1e-15...1, "convergence: gradient norm below tol × its initial norm"),
    ]
  }

  public static let kind = ModelKind(
    name: "irt", summary: "item response theory: 1PL σ(θ_u − d_i), or params=2 the 2PL σ(a_i(θ_u − d_i)) (binary data)",
    reference: "P(correct) = σ(a_i(θ_u − d_i)), a = 1 for the 1PL (Rasch 1960); MAP with Gaussian priors, Newton-CG",
    options: Options.self,
    fit: { input, options in try IRTModel.fit(input, options) },
    decode: { r, info, o in
      let theta = try r.floats(), d = try r.floats(), a = try r.floats()
      guard theta.count == info.userCount, d.count == info.itemCount, a.count == (o.params == 2 ? d.count : 0),
            (theta + d + a).allSatisfy(\.isFinite) else {
        throw MKError(.io, "'\(r.path)': irt parameters do not match \(info.userCount) users, \(info.itemCount) items, params=\(o.params)")
      }
      return IRTModel(info: info, ability: theta, difficulty: d, discrimination: a)
    })

  public let info: FitInfo
  /// θ_u of each model user.
  public let ability: [Float]
  /// d_i of each model item.
  public let difficulty: [Float]
  /// a_i of each model item (2PL); empty for the 1PL, where every a_i is 1.
  public let discrimination: [Float]

  init(info: FitInfo, ability: [Float], difficulty: [Float], discrimination: [Float]) {
    self.info = info
    self.ability = ability
    self.difficulty = difficulty
    self.discrimination = discrimination
  }

  @inline(__always) func a(_ i: Int32) -> Float {
    discrimination.isEmpty || i < 0 || Int(i) >= discrimination.count ? 1 : discrimination[Int(i)]
  }

  @inline(__always) func logit(user u: Int32, item i: Int32) -> Float {
    let theta = u >= 0 && Int(u) < ability.count ? ability[Int(u)] : 0
    let d = i >= 0 && Int(i) < difficulty.count ? difficulty[Int(i)] : 0
    return a(i) * (theta - d)
  }

  public func score(user: Int32, item: Int32) -> Float {
    Float(LogisticNewton.sigmoid(Double(logit(user: user, item: item))))
  }

  /// Abilities as a one-column matrix (`M.users`).
  public var userEmbeddings: Matrix? { Matrix(rows: ability.count, columns: 1, storage: ability) }
  /// Difficulties, and for the 2PL discriminations, one column each (`M.items`).
  public var itemEmbeddings: Matrix? {
    guard !discrimination.isEmpty else { return Matrix(rows: difficulty.count, columns: 1, storage: difficulty) }
    var m = Matrix(rows: difficulty.count, columns: 2)
    for i in 0..<difficulty.count { m[i, 0] = difficulty[i]; m[i, 1] = discrimination[i] }
    return m
  }

  public func encode(to w: inout ModelWriter) {
    w.floats(ability)
    w.floats(difficulty)
    w.floats(discrimination)
  }

  /// A new user's ability by Newton on the profile, the items fixed: minimize
  /// Σⱼ log-loss(a_j(θ − d_j)) + (λ/2) θ².
  public func foldIn(_ ratings: [(item: Int32, value: Float)]) throws -> (Int32) -> Float {
    let known = ratings.filter { info.knows(item: $0.item) }
    guard !known.isEmpty else { throw MKError(.value, "none of the profile's items are known to this model") }
    let lambda = info.options.typed(Options.self).lambda
    let theta = Self.newton1D(start: 0, prior: 0, lambda: lambda, count: known.count) { j in
      let i = known[j].item
      return (Double(self.a(i)), -Double(self.a(i)) * Double(self.difficulty[Int(i)]), Double(known[j].value))
    }
    return { [self] item in
      let d = item >= 0 && Int(item) < self.difficulty.count ? self.difficulty[Int(item)] : 0
      return Float(LogisticNewton.sigmoid(Double(self.a(item)) * (theta - Double(d))))
    }
  }

  // MARK: - Fit

  static func fit(_ input: FitInput, _ o: Options) throws -> IRTModel {
    try BinaryOutcomes.require(input.data, kind: "irt")
    let info = FitInfo(kind: "irt", input: input)
    let data = input.data, n = data.count, U = info.userCount, I = info.itemCount
    let users = data.userIndices, items = data.itemIndices, y = data.values
    // Row r: θ_u at column u, d_i at column U + i.
    var offsets = [Int](repeating: 0, count: n + 1), columns = [Int32](repeating: 0, count: 2 * n)
    for r in 0..<n {
      offsets[r + 1] = 2 * (r + 1)
      columns[2 * r] = users[r]
      columns[2 * r + 1] = Int32(U) + items[r]
    }
    func problem(_ a: [Double]?) -> LogisticNewton {
      var values = [Float](repeating: 0, count: 2 * n)
      for r in 0..<n {
        let ai = Float(a?[Int(items[r])] ?? 1)
        values[2 * r] = ai
        values[2 * r + 1] = -ai
      }
      var s = LogisticNewton(rows: SparseRows(offsets: offsets, columns: columns, values: values), columnCount: U + I,
                             targets: y, lambda: [Double](repeating: o.lambda, count: U + I), intercept: false)
      s.tolerance = o.tolerance
      s.maxIterations = o.iters
      return s
    }
    let rows = Double(n)
    var curve = TrainingCurve(kind: "irt", iterations: o.iters, progress: input.progress, train: ["train_loss"])
    guard o.params == 2 else {
      let solution = try problem(nil).solve { it, step in
        try curve.begin()
        try curve.record(it, [step.objective / rows])
      }
      info.history = curve.history
      let w = solution.w.map { Float($0) }
      return IRTModel(info: info, ability: Array(w[0..<U]), difficulty: Array(w[U...]), discrimination: [])
    }
    // 2PL: from the 1PL's solution, Newton steps on all parameters (Gauss–Newton where the
    // Hessian is indefinite).
    let onePL = try problem(nil).solve()
    var theta = Array(onePL.w[0..<U]), d = Array(onePL.w[U...]), a = [Double](repeating: 1, count: I)
    var f = twoPLObjective(theta, d, a, users: users, items: items, y: y, lambda: o.lambda)
    var g0: Double?
    iterations: for it in 1...o.iters {
      try curve.begin()
      var accepted = false, norm = 0.0, change = 0.0
      for full in [true, false] {
        let step = newtonStep(theta, d, a, users: users, items: items, y: y, lambda: o.lambda, full: full, initialNorm: g0)
        norm = step.gradientNorm
        if g0 == nil { g0 = norm }
        if norm <= o.tolerance * max(1, g0!) { try curve.record(it, [f / rows]); break iterations }
        // Where the Hessian is not positive definite the full step may lead to a saddle point:
        // the Gauss–Newton step (always a descent direction) instead.
        guard step.slope < 0, !(full && step.negativeCurvature) else { continue }
        // Armijo backtracking on the true objective.
        var t = 1.0
        for _ in 0..<30 {
          let next = (zip(theta, step.theta).map { $0 + t * $1 }, zip(d, step.d).map { $0 + t * $1 },
                      zip(a, step.a).map { $0 + t * $1 })
          let fNew = twoPLObjective(next.0, next.1, next.2, users: users, items: items, y: y, lambda: o.lambda)
          if fNew <= f + 1e-4 * t * step.slope {
            (theta, d, a) = next
            change = f - fNew
            f = fNew
            accepted = true
            break
          }
          t *= 0.5
        }
        if accepted { break }
      }
      try curve.record(it, [f / rows])
      if !accepted || change <= 1e-15 * max(1, abs(f)) { break }
    }
    info.history = curve.history
    return IRTModel(info: info, ability: theta.map { Float($0) }, difficulty: d.map { Float($0) },
                    discrimination: a.map { Float($0) })
  }

  /// The 2PL's objective: Σᵣ log-loss(a_i(θ_u − d_i)) + (λ/2)(‖θ‖² + ‖d‖² + ‖a − 1‖²).
  static func twoPLObjective(_ theta: [Double], _ d: [Double], _ a: [Double], users: [Int32], items: [Int32], y: [Float],
                             lambda: Double) -> Double {
    var f = 0.0
    for r in 0..<y.count {
      let i = Int(items[r])
      f += LogisticNewton.loss(a[i] * (theta[Int(users[r])] - d[i]), Double(y[r]))
    }
    for v in theta { f += 0.5 * lambda * v * v }
    for v in d { f += 0.5 * lambda * v * v }
    for v in a { f += 0.5 * lambda * (v - 1) * (v - 1) }
    return f
  }

  /// A Newton step of the 2PL at (θ, d, a). The margin zᵣ = a_i(θ_u − d_i), linearized in all
  /// parameters, zᵣ + a_i δθ_u − a_i δd_i + (θ_u − d_i) δa_i, is a logistic regression in δ
  /// (rows of three columns, the current margins as offsets, each penalty centred so that it
  /// applies to θ + δθ, d + δd and a + δa − 1) whose gradient at δ = 0 is the 2PL's and whose
  /// Hessian JᵀDJ + λI is the Gauss–Newton (Fisher-scoring) one. `full` adds the term the
  /// linearization leaves out, Σᵣ (pᵣ − yᵣ) ∇²zᵣ (∂²z/∂a_i∂θ_u = 1, ∂²z/∂a_i∂d_i = −1): the
  /// true Hessian, which converges quadratically near the optimum but may be indefinite (CG
  /// then stops at the first direction of negative curvature). Returns the step, ‖g‖ and gᵀδ.
  static func newtonStep(_ theta: [Double], _ d: [Double], _ a: [Double], users: [Int32], items: [Int32], y: [Float],
                         lambda: Double, full: Bool, initialNorm: Double?)
    -> (theta: [Double], d: [Double], a: [Double], gradientNorm: Double, slope: Double, negativeCurvature: Bool) {
    let n = y.count, U = theta.count, I = d.count
    var offsets = [Int](repeating: 0, count: n + 1), columns = [Int32](repeating: 0, count: 3 * n)
    var values = [Float](repeating: 0, count: 3 * n), margin = [Double](repeating: 0, count: n)
    for r in 0..<n {
      let u = Int(users[r]), i = Int(items[r]), gap = theta[u] - d[i]
      offsets[r + 1] = 3 * (r + 1)
      columns[3 * r] = Int32(u); columns[3 * r + 1] = Int32(U + i); columns[3 * r + 2] = Int32(U + I + i)
      values[3 * r] = Float(a[i]); values[3 * r + 1] = Float(-a[i]); values[3 * r + 2] = Float(gap)
      margin[r] = a[i] * gap
    }
    var linear = LogisticNewton(rows: SparseRows(offsets: offsets, columns: columns, values: values), columnCount: U + 2 * I,
                                targets: y, lambda: [Double](repeating: lambda, count: U + 2 * I), intercept: false)
    linear.offset = margin
    linear.center = theta.map { -$0 } + d.map { -$0 } + a.map { 1 - $0 }
    linear.forcing = 1e-3  // accurate steps: each outer iteration rebuilds the problem
    if full {
      linear.curvature = { v, residual, out in
        for r in 0..<n {
          let u = Int(users[r]), i = Int(items[r]), e = residual[r]
          out[u] += e * v[U + I + i]
          out[U + i] -= e * v[U + I + i]
          out[U + I + i] += e * (v[u] - v[U + i])
        }
      }
    }
    let step = linear.direction(w: [Double](repeating: 0, count: U + 2 * I), margins: margin, initialNorm: initialNorm)
    let delta = step.step
    return (Array(delta[0..<U]), Array(delta[U..<(U + I)]), Array(delta[(U + I)...]), step.gradientNorm, step.slope,
            step.negativeCurvature)
  }

  /// argmin over x of Σⱼ log-loss(sⱼ x + cⱼ, yⱼ) + (λ/2)(x − prior)², by Newton with step halving;
  /// `term(j)` gives (sⱼ, cⱼ, yⱼ).
  static func newton1D(start: Double, prior: Double, lambda: Double, count: Int,
                       _ term: (Int) -> (slope: Double, offset: Double, y: Double)) -> Double {
    func f(_ x: Double) -> Double {
      var s = 0.5 * lambda * (x - prior) * (x - prior)
      for j in 0..<count { let t = term(j); s += LogisticNewton.loss(t.slope * x + t.offset, t.y) }
      return s
    }
    var x = start, fx = f(x)
    for _ in 0..<100 {
      var g = lambda * (x - prior), h = lambda
      for j in 0..<count {
        let t = term(j), p = LogisticNewton.sigmoid(t.slope * x + t.offset)
        g += (p - t.y) * t.slope
        h += p * (1 - p) * t.slope * t.slope
      }
      guard h > 1e-12, abs(g) > 1e-12 else { break }
      var step = g / h, next = x - step, fn = f(next)
      var halvings = 0
      while fn > fx && halvings < 30 { step *= 0.5; next = x - step; fn = f(next); halvings += 1 }
      guard fn <= fx else { break }
      x = next
      fx = fn
      if abs(step) < 1e-12 * max(1, abs(x)) { break }
    }
    return x
  }
}
