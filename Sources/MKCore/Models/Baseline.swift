/// Baseline predictor: r̂ᵤᵢ = μ + bᵤ + bᵢ.
///
/// Biases are fitted by alternating regularized least squares (Koren, "Factor in the
/// neighbors", 2008, §2.1): bᵢ = Σᵤ (r − μ − bᵤ) / (λᵢ + nᵢ), then bᵤ = Σᵢ (r − μ − bᵢ) / (λᵤ + nᵤ),
/// repeated `iters` times. Unknown users or items, and rows of the universe with no rating in
/// the training data (a cold split's test items), get a zero bias, for any λ including 0.
public final class BaselineModel: Model {
  public struct Options: ModelOptions {
    public var lambda = 3.0
    public var userLambda = 5.0
    public var iters = 10
    public init() {}

    public static let declaration: [ModelOption<Options>] = [
      .double("lambda", \.lambda, 0...1e6, "shrinkage of item biases towards 0 (ratings' worth)"),
      .double("user_lambda", \.userLambda, 0...1e6, "shrinkage of user biases towards 0"),
      .int("iters", \.iters, 1...1000, "alternating passes"),
    ]
  }

  public static let kind = ModelKind(
    name: "baseline", summary: "global mean + regularized user and item biases",
    reference: "r̂ = μ + b_u + b_i, biases by alternating ridge steps (Koren 2008)",
    options: Options.self,
    fit: { input, options in try BaselineModel.fit(input, options) },
    decode: { r, info, _ in
      let bu = try r.floats(), bi = try r.floats()
      guard bu.count <= info.userCount, bi.count <= info.itemCount else {
        throw MKError(.io, "'\(r.path)': baseline biases do not match \(info.userCount) users, \(info.itemCount) items")
      }
      return BaselineModel(info: info, userBias: bu, itemBias: bi)
    })

  public let info: FitInfo
  public let userBias: [Float]
  public let itemBias: [Float]

  init(info: FitInfo, userBias: [Float], itemBias: [Float]) {
    self.info = info
    self.userBias = userBias
    self.itemBias = itemBias
  }

  static func fit(_ input: FitInput, _ o: Options) throws -> BaselineModel {
    let info = FitInfo(kind: "baseline", input: input)
    let (bu, bi) = try fitBiases(input.data, mu: Double(info.globalMean), itemLambda: o.lambda,
                                 userLambda: o.userLambda, iters: o.iters,
                                 progress: input.progress)
    let model = BaselineModel(info: info, userBias: bu, itemBias: bi)
    info.history = History(columns: ["iter", "train_rmse"],
                           rows: [[Double(o.iters), Metrics.rmse(model.predict(input.data), input.data.values)]])
    return model
  }

  /// Regularized user and item biases around `mu`, shared with other models' initializations.
  public static func fitBiases(_ data: Ratings, mu: Double, itemLambda: Double, userLambda: Double, iters: Int,
                               progress: Progress = .silent) throws -> (user: [Float], item: [Float]) {
    let byUser = data.byUser, byItem = data.byItem
    var bu = [Double](repeating: 0, count: byUser.rowCount)
    var bi = [Double](repeating: 0, count: byItem.rowCount)
    for it in 0..<iters {
      try progress.checkCancelled()
      for i in 0..<byItem.rowCount {
        var s = 0.0
        for p in byItem.range(i) { s += Double(byItem.values[p]) - mu - bu[Int(byItem.columns[p])] }
        bi[i] = shrunk(s, itemLambda + Double(byItem.length(i)))
      }
      for u in 0..<byUser.rowCount {
        var s = 0.0
        for p in byUser.range(u) { s += Double(byUser.values[p]) - mu - bi[Int(byUser.columns[p])] }
        bu[u] = shrunk(s, userLambda + Double(byUser.length(u)))
      }
      progress.step(it + 1, of: iters)
    }
    return (bu.map { Float($0) }, bi.map { Float($0) })
  }

  /// A residual sum over its shrunk count; 0 with nothing to average (no rating and λ = 0).
  private static func shrunk(_ sum: Double, _ denominator: Double) -> Double {
    denominator > 0 ? sum / denominator : 0
  }

  public func score(user: Int32, item: Int32) -> Float {
    var s = info.globalMean
    if user >= 0 && Int(user) < userBias.count { s += userBias[Int(user)] }
    if item >= 0 && Int(item) < itemBias.count { s += itemBias[Int(item)] }
    return s
  }

  public func foldIn(_ ratings: [(item: Int32, value: Float)]) throws -> (Int32) -> Float {
    var s = 0.0
    for (i, v) in ratings { s += Double(v) - Double(score(user: -1, item: i)) }
    let userLambda = info.options.typed(Options.self).userLambda
    let bu = Float(Self.shrunk(s, userLambda + Double(ratings.count)))
    return { [self] i in self.score(user: -1, item: i) + bu }
  }

  public func encode(to w: inout ModelWriter) {
    w.floats(userBias)
    w.floats(itemBias)
  }
}
