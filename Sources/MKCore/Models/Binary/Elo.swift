import Foundation

/// The Elo rating system applied to students and items (Pelánek, "Applications of the Elo
/// rating system in adaptive educational systems", Computers & Education 2016): the attempts
/// are replayed once, in time order (stably: equal times keep data order; data order without
/// a time column), and each one first predicts, then moves both ratings by the error,
///
///   p = σ(θ_u − d_i)   (scale=chess: p = 1 / (1 + 10^((d_i − θ_u)/400))),
///   θ_u += k (r − p),   d_i −= k (r − p),
///
/// the K factor being the learning rate of one stochastic-gradient step on the log-loss.
/// Every rating starts at 0. The final ratings are the model's parameters, and predictions
/// use them; a user or item never seen keeps the starting 0. `history` holds the online
/// (prequential) log-loss and AUC of the predictions made before each update. Binary data only.
public final class EloModel: Model {
  public enum Scale: String, CaseIterable { case logistic, chess }

  public struct Options: ModelOptions {
    public var k: Double? = nil
    public var scale = Scale.logistic
    public init() {}

    public static let declaration: [ModelOption<Options>] = [
      .double("k", \.k, 0...10_000, "K factor, the step of each update (default 0.4 on the logistic scale, 32 on the chess scale)"),
      .choice("scale", \.scale, "logistic: p = σ(θ − d); chess: p = 1/(1 + 10^((d − θ)/400))"),
    ]

    /// The K factor in use.
    public var factor: Double { k ?? (scale == .chess ? 32 : 0.4) }
  }

  public static let kind = ModelKind(
    name: "elo", summary: "Elo ratings of users and items, updated online in time order (binary data)",
    reference: "p = σ(θ_u − d_i), then θ_u += k(r − p), d_i −= k(r − p); scale=chess: p = 1/(1 + 10^((d − θ)/400)) (Elo 1978; Pelánek 2016)",
    options: Options.self,
    fit: { input, options in try EloModel.fit(input, options) },
    decode: { r, info, _ in
      let theta = try r.floats(), d = try r.floats()
      guard theta.count == info.userCount, d.count == info.itemCount, (theta + d).allSatisfy(\.isFinite) else {
        throw MKError(.io, "'\(r.path)': elo ratings do not match \(info.userCount) users, \(info.itemCount) items")
      }
      return EloModel(info: info, userRating: theta, itemRating: d)
    })

  public let info: FitInfo
  /// θ_u of each model user, after the last attempt.
  public let userRating: [Float]
  /// d_i of each model item, after the last attempt.
  public let itemRating: [Float]
  let scale: Scale

  init(info: FitInfo, userRating: [Float], itemRating: [Float]) {
    self.info = info
    self.userRating = userRating
    self.itemRating = itemRating
    scale = info.options.typed(Options.self).scale
  }

  /// P(correct) for ratings θ and d on `scale`.
  @inline(__always) static func probability(_ theta: Double, _ d: Double, scale: Scale) -> Double {
    switch scale {
    case .logistic: return LogisticNewton.sigmoid(theta - d)
    case .chess: return 1 / (1 + Foundation.pow(10, (d - theta) / 400))
    }
  }

  public func score(user: Int32, item: Int32) -> Float {
    let theta = user >= 0 && Int(user) < userRating.count ? userRating[Int(user)] : 0
    let d = item >= 0 && Int(item) < itemRating.count ? itemRating[Int(item)] : 0
    return Float(Self.probability(Double(theta), Double(d), scale: scale))
  }

  /// Ratings as one-column matrices (`M.users`, `M.items`).
  public var userEmbeddings: Matrix? { Matrix(rows: userRating.count, columns: 1, storage: userRating) }
  public var itemEmbeddings: Matrix? { Matrix(rows: itemRating.count, columns: 1, storage: itemRating) }

  public func encode(to w: inout ModelWriter) {
    w.floats(userRating)
    w.floats(itemRating)
  }

  /// The order Elo replays `data` in: by time, stably, when it has times; else data order.
  static func replayOrder(_ data: Ratings) -> [Int] {
    let order = Array(0..<data.count)
    guard data.hasTime else { return order }
    let times = order.map { data.time($0) ?? 0 }
    return order.sorted { times[$0] != times[$1] ? times[$0] < times[$1] : $0 < $1 }
  }

  static func fit(_ input: FitInput, _ o: Options) throws -> EloModel {
    try BinaryOutcomes.require(input.data, kind: "elo")
    let info = FitInfo(kind: "elo", input: input)
    let data = input.data, k = o.factor
    var theta = [Double](repeating: 0, count: info.userCount), d = [Double](repeating: 0, count: info.itemCount)
    var curve = TrainingCurve(kind: "elo", iterations: 1, progress: input.progress, train: ["online_nll", "online_auc"],
                              hint: "lower k")
    try curve.begin()
    let order = replayOrder(data)
    var online = [Float](repeating: 0, count: order.count), actual = online
    for (t, row) in order.enumerated() {
      let u = Int(data.user(row)), i = Int(data.item(row)), r = Double(data.value(row))
      let p = probability(theta[u], d[i], scale: o.scale)
      online[t] = Float(p)
      actual[t] = Float(r)
      theta[u] += k * (r - p)
      d[i] -= k * (r - p)
    }
    try curve.record(1, [Metrics.nll(online, actual), Metrics.auc(online, actual)])
    info.history = curve.history
    return EloModel(info: info, userRating: theta.map { Float($0) }, itemRating: d.map { Float($0) })
  }

  /// A new user rated by replaying the profile in its order (items fixed, starting at 0).
  public func foldIn(_ ratings: [(item: Int32, value: Float)]) throws -> (Int32) -> Float {
    let known = ratings.filter { info.knows(item: $0.item) }
    guard !known.isEmpty else { throw MKError(.value, "none of the profile's items are known to this model") }
    let k = info.options.typed(Options.self).factor
    var theta = 0.0
    for (i, r) in known {
      theta += k * (Double(r) - Self.probability(theta, Double(itemRating[Int(i)]), scale: scale))
    }
    let rating = theta
    return { [self] item in
      let d = item >= 0 && Int(item) < self.itemRating.count ? Double(self.itemRating[Int(item)]) : 0
      return Float(Self.probability(rating, d, scale: self.scale))
    }
  }
}
