import Foundation

/// BALSE: two models blended by a gate on the item's rating count.
///
/// Vie, Laïly & Pauwels, "Using posters to recommend anime and mangas in a cold-start scenario"
/// (ICDAR 2017, §3.3, "Blended Alternate Least Squares with Explanation"):
///   r̂_uj = σ(β (R_j − γ)) · A_uj + (1 − σ(β (R_j − γ))) · B_uj
/// where R_j is item j's number of training ratings, A is typically ALS (good on popular
/// items) and B a LASSO on tags (good on rare and cold ones); A and B are clipped to the rating
/// scale before blending.
///
/// Fitting (`blend A B DATA`): A's and B's kinds are refitted with their own options on a random
/// `1 − holdout` of DATA (with `cold=F`, by default 0.1, a share F of the items is first held
/// out whole, as `split ... cold=` does, so that the gate sees items with R_j = 0 as the cold
/// test items are); β and γ minimize the mean squared error of the blend on the held-out
/// rest by gradient descent with a backtracking step (on the rescaled count R/s, s the mean
/// count over the held-out ratings, so both parameters have unit scale; started from the best
/// points of a grid, see `Gate.fit`); then A and B are refitted on all of DATA, and R_j is
/// counted there. The gate is applied to counts in all of DATA, so it is learned on counts in
/// the same units: an item's count in the refit part scaled by DATA's ratings of the items the
/// part has over the part's ratings (about 1/(1 − holdout)); an item held out whole counts 0
/// either way. Only the gate is random (the holdout draw, from `seed`); the refits use the
/// parts' own seeds.
///
/// The model file holds β, γ and both parts as complete nested model files (each with its own
/// header and checksum), so `open` rebuilds the parts with their own kinds.
public final class BlendModel: Model {
  public struct Options: ModelOptions {
    public var holdout = 0.3
    public var cold = 0.1
    public var iters = 500
    public var seed = 0
    public init() {}

    public static let declaration: [ModelOption<Options>] = [
      .double("holdout", \.holdout, 0.01...0.99, "share of the data held out to learn the gate"),
      .double("cold", \.cold, 0...0.9, "share of the items held out whole with the holdout, so the gate sees R = 0"),
      .int("iters", \.iters, 1...100_000, "gradient steps on the gate from each start"),
      .int("seed", \.seed, 0...Int(Int32.max), "random seed of the holdout draw"),
    ]
  }

  public static let kind = ModelKind(
    name: "blend", summary: "BALSE: two models gated by the item's rating count (made by the blend verb)",
    reference: "r̂ = σ(β(R_j − γ))·A + (1 − σ)·B, β, γ by gradient descent on a holdout; Vie et al. 2017",
    options: Options.self,
    fit: { _, _ in
      throw MKError(.usage, "a blend is made from two fitted models, not by fit",
                    hint: "write: balse = blend als lasso train holdout=0.3")
    },
    decode: { r, info, _ in
      let beta = try r.double(), gamma = try r.double()
      let a = try ModelFile.decode(try r.blob(), path: "part A of a blend")
      let b = try ModelFile.decode(try r.blob(), path: "part B of a blend")
      return BlendModel(info: info, a: a, b: b, beta: beta, gamma: gamma)
    })

  public let info: FitInfo
  /// The gated parts: A weighs σ(β(R − γ)), B the rest.
  public let a: Model
  public let b: Model
  public let beta: Double
  public let gamma: Double
  /// σ(β(R_j − γ)) for every model item; `coldWeight` for items outside the model.
  let itemWeight: [Float]
  let coldWeight: Float
  /// Blend index → part index (nil: the same index, when a part shares the blend's id maps).
  let usersA: [Int32]?, itemsA: [Int32]?, usersB: [Int32]?, itemsB: [Int32]?

  init(info: FitInfo, a: Model, b: Model, beta: Double, gamma: Double) {
    self.info = info
    self.a = a
    self.b = b
    self.beta = beta
    self.gamma = gamma
    itemWeight = info.itemCounts.map { Float(Gate.weight(Double($0), beta: beta, gamma: gamma)) }
    coldWeight = Float(Gate.weight(0, beta: beta, gamma: gamma))
    func table(_ map: IdMap, _ count: Int, _ part: IdMap, _ partCount: Int) -> [Int32]? {
      if map === part && partCount >= count { return nil }
      return (0..<count).map { i in
        guard let j = part.lookup(map[i]), Int(j) < partCount else { return -1 }
        return j
      }
    }
    usersA = table(info.userIds, info.userCount, a.info.userIds, a.info.userCount)
    itemsA = table(info.itemIds, info.itemCount, a.info.itemIds, a.info.itemCount)
    usersB = table(info.userIds, info.userCount, b.info.userIds, b.info.userCount)
    itemsB = table(info.itemIds, info.itemCount, b.info.itemIds, b.info.itemCount)
  }

  // MARK: - Fit

  /// Refits `a`'s and `b`'s kinds on part of `data`, learns the gate on the rest, refits on all.
  /// - Parameters:
  ///   - side: item features for a part whose kind takes `side=`, overriding the table the part
  ///     was fitted with (needed for a part opened from a file).
  /// - Throws: `MKError` when a part cannot be refitted (a blend inside a blend, missing side
  ///   items) or the holdout leaves nothing on either side.
  public static func fit(a: Model, b: Model, data: Ratings, options: Options = Options(), side: Items? = nil,
                         progress: Progress = .silent) throws -> BlendModel {
    let start = Clock.now
    let holdout = options.holdout, iters = options.iters
    let seed = UInt64(truncatingIfNeeded: options.seed)
    guard data.count >= 2 else { throw MKError(.value, "blend needs at least 2 ratings to hold some out, \(data.name) has \(data.count)") }
    let cold = options.cold
    let (part, held) = try data.split(fraction: 1 - holdout, by: .random, seed: seed, cold: cold > 0 ? cold : nil)
    guard part.count > 0, held.count > 0 else {
      throw MKError(.value, "holdout=\(holdout) leaves no ratings on one side of \(data.name) (\(data.count) ratings)")
    }
    try progress.checkCancelled()
    let a1 = try refit(a, "A", on: part, side: side), b1 = try refit(b, "B", on: part, side: side)
    progress.step(1, of: 4)
    let r = held.values, pa = a1.predict(held), pb = b1.predict(held)
    let heldCounts = gateCounts(part: part, all: data, at: held)
    let (beta, gamma, history) = Gate.fit(counts: heldCounts, a: pa, b: pb, r: r, iters: iters)
    try progress.checkCancelled()
    progress.step(2, of: 4)
    let a2 = try refit(a, "A", on: data, side: side)
    progress.step(3, of: 4)
    let b2 = try refit(b, "B", on: data, side: side)
    progress.step(4, of: 4)
    let info = FitInfo(kind: "blend", input: FitInput(data: data, options: FitOptions(kind: "blend", options)))
    info.history = history
    info.seconds = Clock.seconds(since: start)
    return BlendModel(info: info, a: a2, b: b2, beta: beta, gamma: gamma)
  }

  /// The rating count of each rating's item in `at`, counted in `part` and put in `all`'s units:
  /// scaled by the ratio of `all`'s ratings of the items `part` has to `part`'s ratings, so
  /// counts the gate is learned on and the counts of `all` it is applied to agree on average
  /// (an item with no rating in `part` counts 0).
  public static func gateCounts(part: Ratings, all: Ratings, at held: Ratings) -> [Double] {
    let counts = part.itemCounts
    func inPart(_ i: Int32) -> Int { Int(i) < counts.count ? counts[Int(i)] : 0 }
    var covered = 0
    for i in all.itemIndices where inPart(i) > 0 { covered += 1 }
    let scale = part.count > 0 ? Double(covered) / Double(part.count) : 1
    return held.itemIndices.map { Double(inPart($0)) * scale }
  }

  /// The part's kind fitted again with its own options on `data`.
  static func refit(_ m: Model, _ name: String, on data: Ratings, side: Items?) throws -> Model {
    guard let kind = ModelRegistry.kind(named: m.kindName), kind.name != BlendModel.kind.name else {
      throw MKError(.value, "blend cannot refit \(name), a \(m.kindName) model", hint: "blend two fitted models such as als and lasso")
    }
    // Refit as it was fitted: with side features only when the part reads them.
    let items = m.readsSideFeatures ? (side ?? m.info.side) : nil
    if m.readsSideFeatures && items == nil {
      throw MKError(.value, "blend must refit \(name) (\(kind.name)) with its side items, and \(name) does not have them "
                      + "(it was opened from a file)", hint: "pass them: blend A B DATA side=ITEMS")
    }
    if m.readsUserSide && m.info.users == nil {
      throw MKError(.value, "blend must refit \(name) (\(kind.name)) with its user table, and \(name) does not have it "
                      + "(it was opened from a file)", hint: "blend models fitted in this session")
    }
    return try ModelRegistry.fit(kind.name, FitInput(data: data, options: m.info.options, side: items,
                                                     users: m.readsUserSide ? m.info.users : nil))
  }

  // MARK: - Predict

  @inline(__always) func weight(_ item: Int32) -> Float {
    item >= 0 && Int(item) < itemWeight.count ? itemWeight[Int(item)] : coldWeight
  }
  @inline(__always) static func map(_ i: Int32, _ table: [Int32]?, _ count: Int) -> Int32 {
    guard let table else { return i }
    return i >= 0 && Int(i) < table.count ? table[Int(i)] : -1
  }

  public func score(user: Int32, item: Int32) -> Float {
    let sa = a.clip(a.score(user: Self.map(user, usersA, info.userCount), item: Self.map(item, itemsA, info.itemCount)))
    let sb = b.clip(b.score(user: Self.map(user, usersB, info.userCount), item: Self.map(item, itemsB, info.itemCount)))
    let w = weight(item)
    return w * sa + (1 - w) * sb
  }

  /// Both parts score the batch in their own tight loops, then the gate mixes them.
  public func scoreBatch(users: UnsafeBufferPointer<Int32>, items: UnsafeBufferPointer<Int32>,
                         into out: UnsafeMutableBufferPointer<Float>) {
    let n = out.count
    let u = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n), i = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
    let sb = UnsafeMutableBufferPointer<Float>.allocate(capacity: n)
    defer { u.deallocate(); i.deallocate(); sb.deallocate() }
    for (part, uTable, iTable, into) in [(a, usersA, itemsA, out), (b, usersB, itemsB, sb)] {
      for j in 0..<n { u[j] = Self.map(users[j], uTable, info.userCount); i[j] = Self.map(items[j], iTable, info.itemCount) }
      part.scoreBatch(users: UnsafeBufferPointer(u), items: UnsafeBufferPointer(i), into: into)
    }
    for j in 0..<n {
      let w = weight(items[j])
      out[j] = w * a.clip(out[j]) + (1 - w) * b.clip(sb[j])
    }
  }

  /// Each part predicts `data` itself, so a part reading more of a rating than its pair (the
  /// numeric columns of `load features=`) sees it; the gate mixes them.
  public func predict(_ data: Ratings) -> [Float] {
    let pa = a.predict(data), pb = b.predict(data), items = modelIndices(data).items
    return (0..<pa.count).map { j in
      let w = weight(items[j])
      return clip(w * a.clip(pa[j]) + (1 - w) * b.clip(pb[j]))
    }
  }

  public func checkPredictable(_ data: Ratings) throws {
    try a.checkPredictable(data)
    try b.checkPredictable(data)
  }

  public func covers(item: Int32) -> Bool {
    a.covers(item: Self.map(item, itemsA, info.itemCount)) || b.covers(item: Self.map(item, itemsB, info.itemCount))
  }

  /// Folds the profile into both parts and gates their scores.
  public func foldIn(_ ratings: [(item: Int32, value: Float)]) throws -> (Int32) -> Float {
    let fa = try a.foldIn(ratings.compactMap { r in
      let i = Self.map(r.item, itemsA, info.itemCount); return i >= 0 ? (i, r.value) : nil })
    let fb = try b.foldIn(ratings.compactMap { r in
      let i = Self.map(r.item, itemsB, info.itemCount); return i >= 0 ? (i, r.value) : nil })
    return { [self] item in
      let w = self.weight(item)
      return w * self.a.clip(fa(Self.map(item, self.itemsA, self.info.itemCount)))
        + (1 - w) * self.b.clip(fb(Self.map(item, self.itemsB, self.info.itemCount)))
    }
  }

  public func encode(to w: inout ModelWriter) {
    w.double(beta)
    w.double(gamma)
    w.blob(ModelFile.encode(a))
    w.blob(ModelFile.encode(b))
  }

  /// The gate at `points` rating counts from 0 to the largest training count: (R, weight of A).
  public func gateCurve(points: Int = 41) -> [(count: Double, weight: Double)] {
    let top = Double(info.itemCounts.max() ?? 0)
    var rs = Array(Set((0..<points).map { (top * Double($0) / Double(max(1, points - 1))).rounded() }))
    if gamma > 0 && gamma < top { rs.append(gamma) }
    rs.sort()
    return rs.map { ($0, Gate.weight($0, beta: beta, gamma: gamma)) }
  }
}

/// The gate σ(β(R − γ)) of a blend, its squared-error loss and gradient, and its fit.
public enum Gate {
  /// σ(β(R − γ)), computed without overflow.
  @inline(__always) public static func weight(_ count: Double, beta: Double, gamma: Double) -> Double {
    let z = beta * (count - gamma)
    return z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
  }

  /// L(β, γ) = (1/N) Σ (σ_k a_k + (1 − σ_k) b_k − r_k)², σ_k = σ(β(R_k − γ)), and its gradient:
  /// ∂L/∂β = (2/N) Σ e_k (a_k − b_k) σ_k(1 − σ_k) (R_k − γ), ∂L/∂γ = −(2/N) Σ e_k (a_k − b_k) σ_k(1 − σ_k) β.
  public static func loss(beta: Double, gamma: Double, counts: [Double], a: [Float], b: [Float], r: [Float])
    -> (loss: Double, dBeta: Double, dGamma: Double) {
    var l = 0.0, gb = 0.0, gg = 0.0
    for k in 0..<r.count {
      let s = weight(counts[k], beta: beta, gamma: gamma)
      let ak = Double(a[k]), bk = Double(b[k])
      let e = s * ak + (1 - s) * bk - Double(r[k])
      l += e * e
      let common = e * (ak - bk) * s * (1 - s)
      gb += common * (counts[k] - gamma)
      gg -= common * beta
    }
    let n = Double(max(1, r.count))
    return (l / n, 2 * gb / n, 2 * gg / n)
  }

  /// The loss grouped by distinct count: with d = a − b and e₀ = b − r, a group sharing R
  /// contributes σ² Σd² + 2σ Σd·e₀ + Σe₀², so the descent costs O(distinct counts) a step
  /// instead of O(held-out ratings). Same value and gradient as `loss`.
  public struct Groups {
    public let counts: [Double]
    let dd: [Double], de: [Double], ee: [Double]
    let n: Double

    public init(counts: [Double], a: [Float], b: [Float], r: [Float]) {
      var index: [Double: Int] = [:]
      var cs: [Double] = [], dd: [Double] = [], de: [Double] = [], ee: [Double] = []
      for k in 0..<r.count {
        let g: Int
        if let i = index[counts[k]] { g = i } else {
          g = cs.count; index[counts[k]] = g; cs.append(counts[k]); dd.append(0); de.append(0); ee.append(0)
        }
        let d = Double(a[k]) - Double(b[k]), e0 = Double(b[k]) - Double(r[k])
        dd[g] += d * d; de[g] += d * e0; ee[g] += e0 * e0
      }
      self.counts = cs; self.dd = dd; self.de = de; self.ee = ee
      n = Double(max(1, r.count))
    }

    public func loss(beta: Double, gamma: Double) -> (loss: Double, dBeta: Double, dGamma: Double) {
      var l = 0.0, gb = 0.0, gg = 0.0
      for g in 0..<counts.count {
        let s = weight(counts[g], beta: beta, gamma: gamma)
        l += s * s * dd[g] + 2 * s * de[g] + ee[g]
        let dl = (2 * s * dd[g] + 2 * de[g]) * s * (1 - s)
        gb += dl * (counts[g] - gamma)
        gg -= dl * beta
      }
      return (max(0, l) / n, gb / n, gg / n)
    }
  }

  /// β and γ by gradient descent with a backtracking step on the rescaled counts R/s (s = their
  /// mean), in the coordinates (β, βγ). The loss is not convex (a sigmoid can saturate early or late), so the descent starts
  /// from the three best points of a grid — γ in {0, ½, 1, 2, 3, 5, 10, 20, 50, 100, 200, 500} and
  /// at the 10th…90th percentiles of the counts, β in {0.01, 0.03, 0.1, 0.3, 1, 3} per rating — and
  /// the run reaching the lowest loss wins. Returns β and γ in count units, and the winning run's
  /// curve (iter, holdout_rmse, beta, gamma) every 10 steps.
  public static func fit(counts: [Double], a: [Float], b: [Float], r: [Float], iters: Int)
    -> (beta: Double, gamma: Double, history: History) {
    let s = max(1, counts.reduce(0, +) / Double(max(1, counts.count)))
    let groups = Groups(counts: counts.map { $0 / s }, a: a, b: b, r: r)
    let sorted = counts.sorted()
    var gammas: [Double] = [0, 0.5, 1, 2, 3, 5, 10, 20, 50, 100, 200, 500]
    for q in [0.1, 0.25, 0.5, 0.75, 0.9] where !sorted.isEmpty { gammas.append(sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))]) }
    var grid: [(loss: Double, beta: Double, gamma: Double)] = []
    for g in gammas {
      for bt in [0.01, 0.03, 0.1, 0.3, 1, 3] {
        grid.append((groups.loss(beta: bt * s, gamma: g / s).loss, bt * s, g / s))
      }
    }
    grid.sort { ($0.loss, $0.gamma, $0.beta) < ($1.loss, $1.gamma, $1.beta) }
    // Descent on (β, c = βγ): σ(βR − c) is linear in its parameters, far better conditioned
    // than (β, γ), whose valley bends when β is small.
    func lossC(_ beta: Double, _ c: Double) -> (loss: Double, dBeta: Double, dC: Double) {
      let gamma = beta == 0 ? 0 : c / beta
      let l = groups.loss(beta: beta, gamma: gamma)
      // With γ = c/β: ∂L/∂c = ∂L/∂γ / β and ∂L/∂β at fixed c = ∂L/∂β|γ − ∂L/∂γ · γ/β.
      if beta == 0 { return (l.loss, l.dBeta, 0) }
      return (l.loss, l.dBeta - l.dGamma * gamma / beta, l.dGamma / beta)
    }
    var best: (loss: Double, beta: Double, gamma: Double, history: History)?
    for startPoint in grid.prefix(3) {
      var beta = startPoint.beta, c = startPoint.beta * startPoint.gamma
      var current = lossC(beta, c)
      var step = 1.0
      var history = History(columns: ["iter", "holdout_rmse", "beta", "gamma"])
      var steps = 0
      for it in 0..<iters {
        let g2 = current.dBeta * current.dBeta + current.dC * current.dC
        if g2 < 1e-20 { break }
        // Backtracking (Armijo): halve the step until the loss drops enough; then try a longer one next time.
        var accepted = false
        while step > 1e-12 {
          let nb = beta - step * current.dBeta, nc = c - step * current.dC
          let next = lossC(nb, nc)
          if nb != 0 && next.loss <= current.loss - 1e-4 * step * g2 {
            beta = nb; c = nc; current = next; accepted = true
            step = min(step * 2, 1e6)
            break
          }
          step /= 2
        }
        if !accepted { break }
        steps = it + 1
        if it % 10 == 0 { history.append([Double(steps), current.loss.squareRoot(), beta / s, c / beta * s]) }
      }
      if history.rows.last?.first != Double(steps) {
        history.append([Double(steps), current.loss.squareRoot(), beta / s, c / beta * s])
      }
      if best == nil || current.loss < best!.loss { best = (current.loss, beta, c / beta, history) }
    }
    let b = best!
    return (b.beta / s, b.gamma * s, b.history)
  }
}
