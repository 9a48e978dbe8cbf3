import Foundation

/// Per-user LASSO on item tags: the cold-start model of the Mangaki BALSE paper.
///
/// Vie, Laïly & Pauwels, "Using posters to recommend anime and mangas in a cold-start scenario"
/// (ICDAR 2017, §3.2). Every user u gets an L1-regularized linear model over the item's tags
/// T_j (a 0/1 row of the side table, plus a constant 1): r̂_uj = P_u · T_j = b_u + Σ_g w_ug t_jg.
/// Each user's (b_u, w_u) minimizes
///   (1 / 2n_u) Σ_{j rated by u} (r_uj − b_u − w_u·t_j)² + α ‖w_u‖₁
/// (the intercept b_u is not penalized; the scaling is scikit-learn's `Lasso`, so `alpha`
/// means the same there). With `bias=false` there is no per-user intercept and the model fits
/// r − μ (μ the global mean): r̂ = μ + w_u·t_j.
///
/// Fitting: cyclic coordinate descent (Friedman, Hastie & Tibshirani 2010, "Regularization
/// paths for generalized linear models via coordinate descent"), one coordinate at a time by
/// the soft-threshold w_g ← S((1/n)Σ x_g r + z_g w_g, α) / z_g with z_g = (1/n)Σ x_g², the
/// intercept by the mean residual, residuals kept up to date; sweeps over the nonzero
/// coefficients until they settle, then a full sweep to check. Warm starts along a short path
/// α_max → α (5 geometric steps, α_max the smallest α giving w = 0). Only the tags present among
/// a user's rated items enter their problem (the others stay 0: their gradient is 0 ≤ α). Users
/// are solved in parallel blocks, each with its own scratch; nothing random, so results do not
/// depend on the core count.
///
/// Items are looked up by model index in the item × tag matrix taken from `side=`, which is saved
/// with the model: it scores every item the side table lists, rated or not (cold start).
/// Fallbacks: a user with no training ratings gets the average user (the mean of the fitted
/// users' intercepts and weights) applied to the item's tags; an item with no tags (or unknown)
/// gets the user's intercept b_u; a user and an item both unknown get the global mean.
public final class LassoModel: Model {
  public var readsSideFeatures: Bool { true }

  public struct Options: ModelOptions {
    public var alpha = 0.01
    public var bias = true
    public var iters = 1000
    public var tol = 1e-6
    public init() {}

    public static let declaration: [ModelOption<Options>] = [
      .double("alpha", \.alpha, 0...1e6, "L1 penalty α on each user's tag weights"),
      .bool("bias", \.bias, "fit a per-user intercept (else ratings are centred on the global mean)"),
      .int("iters", \.iters, 1...1_000_000, "at most this many coordinate-descent sweeps per user and step of the α path"),
      .double("tol", \.tol, 0...1, "stop when no coefficient moves more than this (scaled by its column's RMS)"),
      .items("side", "the items' tags (required), e.g. side=works"),
    ]
  }

  public static let kind = ModelKind(
    name: "lasso", summary: "per-user sparse linear regression on item tags (cold start)",
    reference: "r̂ = b_u + w_u·t_j, min (1/2n)Σ(r − r̂)² + α‖w_u‖₁ per user; Vie et al. 2017 (BALSE)",
    options: Options.self,
    fit: { input, options in try LassoModel.fit(input, options) },
    decode: { r, info, _ in
      let names = try r.strings()
      let tags = try r.sparse()
      let intercepts = try r.floats()
      let weights = try r.sparse()
      let meanIntercept = try r.float()
      let meanWeights = try r.floats()
      guard tags.rowCount == info.itemCount, intercepts.count == info.userCount, weights.rowCount == info.userCount,
            meanWeights.count == names.count,
            tags.columns.allSatisfy({ $0 >= 0 && Int($0) < names.count }),
            weights.columns.allSatisfy({ $0 >= 0 && Int($0) < names.count }) else {
        throw MKError(.io, "lasso model file: its tag and weight blocks do not match its users and items")
      }
      return LassoModel(info: info, tagNames: names, itemTags: tags, intercepts: intercepts, weights: weights,
                        meanIntercept: meanIntercept, meanWeights: meanWeights)
    })

  public let info: FitInfo
  /// Names of the tag columns.
  public let tagNames: [String]
  /// Row i = model item i's tags (columns sorted), for every item the side table listed.
  public let itemTags: SparseRows
  /// b_u (μ + 0 with `bias=false`, so that scoring is the same either way).
  public let intercepts: [Float]
  /// Row u = user u's nonzero tag weights w_u (columns sorted).
  public let weights: SparseRows
  /// The average user, for users without training ratings.
  public let meanIntercept: Float
  public let meanWeights: [Float]

  init(info: FitInfo, tagNames: [String], itemTags: SparseRows, intercepts: [Float], weights: SparseRows,
       meanIntercept: Float, meanWeights: [Float]) {
    self.info = info
    self.tagNames = tagNames
    self.itemTags = itemTags
    self.intercepts = intercepts
    self.weights = weights
    self.meanIntercept = meanIntercept
    self.meanWeights = meanWeights
  }

  // MARK: - Fit

  static func fit(_ input: FitInput, _ o: Options) throws -> LassoModel {
    guard let side = input.side else {
      throw MKError(.usage, "lasso needs the items' tags: side= is missing",
                    hint: "load them and pass them: works = items \"works.csv\", then fit lasso train side=works")
    }
    guard !side.tagNames.isEmpty, side.tags.nonzeros > 0 else {
      throw MKError(.value, "the side table '\(side.name)' has no tags, so lasso has nothing to regress on",
                    hint: "give an item table with tags or genre flags")
    }
    let info = FitInfo(kind: "lasso", input: input)
    let itemTags = side.tagMatrix(universe: input.data.universe, itemCount: info.itemCount, sortedColumns: true)
    let alpha = o.alpha, bias = o.bias, maxSweeps = o.iters, tol = o.tol
    let mu = Double(info.globalMean)
    let byUser = input.data.byUser
    let users = info.userCount, tagCount = side.tagNames.count

    // Per user: ratings and the nonzeros of their design (an upper bound on their weights).
    var designSize = [Int](repeating: 0, count: users + 1)
    for u in 0..<min(users, byUser.rowCount) {
      var s = 0
      for p in byUser.range(u) { s += itemTags.length(Int(byUser.columns[p])) }
      designSize[u + 1] = s
    }
    var slotStart = [Int](repeating: 0, count: users + 1)
    for u in 0..<users { slotStart[u + 1] = slotStart[u] + designSize[u + 1] }
    let totalSlots = slotStart[users]
    let outCol = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, totalSlots))
    let outVal = UnsafeMutablePointer<Float>.allocate(capacity: max(1, totalSlots))
    let outCount = UnsafeMutablePointer<Int>.allocate(capacity: max(1, users))
    let outIntercept = UnsafeMutablePointer<Double>.allocate(capacity: max(1, users))
    let outSweeps = UnsafeMutablePointer<Int>.allocate(capacity: max(1, users))
    defer { outCol.deallocate(); outVal.deallocate(); outCount.deallocate(); outIntercept.deallocate(); outSweeps.deallocate() }
    outCount.initialize(repeating: 0, count: max(1, users))
    outSweeps.initialize(repeating: 0, count: max(1, users))
    outIntercept.initialize(repeating: mu, count: max(1, users))

    // Users in a few waves, so Ctrl-C and the progress bar respond during a long fit.
    let waves = min(max(1, users), 10)
    for wave in 0..<waves {
      try input.progress.checkCancelled()
      let lo = users * wave / waves, hi = users * (wave + 1) / waves
      Parallel.forEachBlock(hi - lo) { range, _ in
        let block = (lo + range.lowerBound)..<(lo + range.upperBound)
        var maxN = 1, maxNNZ = 1
        for u in block where u < byUser.rowCount {
          maxN = max(maxN, byUser.length(u)); maxNNZ = max(maxNNZ, designSize[u + 1])
        }
        var scratch = Scratch(rows: maxN, nonzeros: maxNNZ, tags: tagCount)
        defer { scratch.release() }
        for u in block where u < byUser.rowCount && byUser.length(u) > 0 {
          let n = scratch.load(user: u, byUser: byUser, itemTags: itemTags, offset: bias ? 0 : mu)
          let (b, sweeps) = solvePath(n: n, d: scratch.d, colStart: scratch.colStart, rowIndex: scratch.rowIndex,
                                      values: scratch.values, y: scratch.y, alpha: alpha, intercept: bias, tol: tol,
                                      maxSweeps: maxSweeps, w: scratch.w, resid: scratch.resid, colSq: scratch.colSq)
          var k = slotStart[u]
          for c in 0..<scratch.d where scratch.w[c] != 0 {
            outCol[k] = scratch.colTag[c]; outVal[k] = Float(scratch.w[c]); k += 1
          }
          outCount[u] = k - slotStart[u]
          outIntercept[u] = bias ? b : mu
          outSweeps[u] = sweeps
          scratch.reset()
        }
      }
      input.progress.step(wave + 1, of: waves)
    }

    // Compact the weights, sorted by tag, and average the fitted users.
    var offsets = [0], cols: [Int32] = [], vals: [Float] = []
    var sumW = [Double](repeating: 0, count: tagCount), sumB = 0.0, fitted = 0, sweeps = 0, nonzeros = 0
    for u in 0..<users {
      let s = slotStart[u], n = outCount[u]
      let pairs = (0..<n).map { (outCol[s + $0], outVal[s + $0]) }.sorted { $0.0 < $1.0 }
      for (c, v) in pairs { cols.append(c); vals.append(v); sumW[Int(c)] += Double(v) }
      offsets.append(cols.count)
      if u < byUser.rowCount && byUser.length(u) > 0 {
        fitted += 1; sumB += outIntercept[u]; sweeps += outSweeps[u]; nonzeros += n
      }
    }
    let intercepts = (0..<users).map { Float(outIntercept[$0]) }
    let meanW = sumW.map { Float(fitted == 0 ? 0 : $0 / Double(fitted)) }
    let model = LassoModel(info: info, tagNames: side.tagNames, itemTags: itemTags, intercepts: intercepts,
                           weights: SparseRows(offsets: offsets, columns: cols, values: vals),
                           meanIntercept: Float(fitted == 0 ? mu : sumB / Double(fitted)), meanWeights: meanW)
    info.history = History(columns: ["users", "mean_sweeps", "mean_nonzeros", "train_rmse"],
                           rows: [[Double(fitted), Double(sweeps) / Double(max(1, fitted)),
                                   Double(nonzeros) / Double(max(1, fitted)),
                                   Metrics.rmse(model.predict(input.data), input.data.values)]])
    return model
  }

  // MARK: - Predict

  /// Σ_g w_g t_jg by merging two sorted sparse rows.
  @inline(__always) static func dot(_ a: SparseRows, _ ra: Int, _ t: SparseRows, _ rt: Int) -> Float {
    var p = a.offsets[ra], q = t.offsets[rt]
    let pe = a.offsets[ra + 1], qe = t.offsets[rt + 1]
    var s: Float = 0
    while p < pe && q < qe {
      let cp = a.columns[p], cq = t.columns[q]
      if cp == cq { s += a.values[p] * t.values[q]; p += 1; q += 1 } else if cp < cq { p += 1 } else { q += 1 }
    }
    return s
  }

  /// Whether the user has a fitted model of their own.
  @inline(__always) func fitted(_ u: Int32) -> Bool { info.knows(user: u) }

  public func score(user: Int32, item: Int32) -> Float {
    let knownItem = item >= 0 && Int(item) < itemTags.rowCount
    if fitted(user) {
      return intercepts[Int(user)] + (knownItem ? Self.dot(weights, Int(user), itemTags, Int(item)) : 0)
    }
    guard knownItem, itemTags.length(Int(item)) > 0 else { return info.globalMean }
    var s = meanIntercept
    for p in itemTags.range(Int(item)) { s += meanWeights[Int(itemTags.columns[p])] * itemTags.values[p] }
    return s
  }

  /// An item the side table described can be scored even if nobody rated it.
  public func covers(item: Int32) -> Bool {
    item >= 0 && Int(item) < itemTags.rowCount && (itemTags.length(Int(item)) > 0 || info.knows(item: item))
  }

  /// A new user's LASSO, fitted on their profile with the model's options.
  public func foldIn(_ ratings: [(item: Int32, value: Float)]) throws -> (Int32) -> Float {
    let o = info.options.typed(Options.self)
    let bias = o.bias, mu = Double(info.globalMean)
    let tagCount = tagNames.count
    let x = ratings.map { r -> [Double] in
      var row = [Double](repeating: 0, count: tagCount)
      if r.item >= 0 && Int(r.item) < itemTags.rowCount {
        for p in itemTags.range(Int(r.item)) { row[Int(itemTags.columns[p])] = Double(itemTags.values[p]) }
      }
      return row
    }
    let y = ratings.map { Double($0.value) - (bias ? 0 : mu) }
    let (b, w) = Self.solve(x: x, y: y, alpha: o.alpha, intercept: bias,
                            tol: o.tol, maxSweeps: o.iters)
    let intercept = Float(bias ? b : mu), weights = w.map(Float.init), tags = itemTags
    return { i in
      var s = intercept
      if i >= 0 && Int(i) < tags.rowCount {
        for p in tags.range(Int(i)) { s += weights[Int(tags.columns[p])] * tags.values[p] }
      }
      return s
    }
  }

  public func encode(to w: inout ModelWriter) {
    w.strings(tagNames)
    w.sparse(itemTags)
    w.floats(intercepts)
    w.sparse(weights)
    w.float(meanIntercept)
    w.floats(meanWeights)
  }

  // MARK: - Explain

  /// A user's tag weights, strongest first: (tag name, weight) for the `n` most positive and
  /// the `n` most negative. Nil when the user has no fitted model.
  public func strongestTags(user: Int32, n: Int) -> (likes: [(String, Float)], dislikes: [(String, Float)])? {
    guard fitted(user) else { return nil }
    let row = weights.range(Int(user)).map { (tagNames[Int(weights.columns[$0])], weights.values[$0]) }
    let likes = row.filter { $0.1 > 0 }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(n)
    let dislikes = row.filter { $0.1 < 0 }.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(n)
    return (Array(likes), Array(dislikes))
  }
}
