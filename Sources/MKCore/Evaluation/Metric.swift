import Foundation

/// One accuracy metric, declared once. The metric verbs (`rmse M TEST`, `ndcg M TEST k=5`),
/// `eval`, `compare`, `Evaluate` and `help` all read `Metric.all`: adding a metric is one
/// entry there (its arithmetic goes in `Metrics`).
public struct Metric {
  /// Which way is better; `compare` stars the best cell of each column by it.
  public enum Direction { case lowerIsBetter, higherIsBetter }

  /// The data a metric is made for. `eval` reports the metrics made for its test data. A
  /// `.binary` metric reads each outcome as 0 or 1, so it refuses other data; a `.ratings`
  /// metric is a distance, still defined on 0/1 data, so `mae clf quiz` answers (eval leaves
  /// it out there).
  public enum Outcomes { case binary, ratings, both }

  public let name: String
  public let direction: Direction
  public let outcomes: Outcomes
  /// Options of the metric verb (ndcg's `k`); `eval` and `compare` use their defaults.
  public let options: [OptionSpec]
  /// The option `eval` shows after an `@` in the metric's row ("ndcg@10").
  public let shownOption: String?
  /// The help line of the metric verb.
  public let summary: String
  /// The metric of predictions against the ratings of `test`, in its order (`options` are
  /// validated against `options`, defaults filled in). `test` is not empty.
  let compute: (_ predicted: [Float], _ test: Ratings, _ options: OptionValues) -> Double

  public init(_ name: String, _ direction: Direction, _ outcomes: Outcomes, options: [OptionSpec] = [],
              shownOption: String? = nil, _ summary: String,
              compute: @escaping (_ predicted: [Float], _ test: Ratings, _ options: OptionValues) -> Double) {
    self.name = name
    self.direction = direction
    self.outcomes = outcomes
    self.options = options
    self.shownOption = shownOption
    self.summary = summary
    self.compute = compute
  }

  // MARK: - The table

  /// Every metric, in the order `eval` lists them (outcome metrics first on 0/1 data).
  public static let all: [Metric] = [
    Metric("auc", .higherIsBetter, .binary, "area under the ROC curve on 0/1 outcomes") { p, test, _ in
      Metrics.auc(p, test.values)
    },
    Metric("acc", .higherIsBetter, .binary, "accuracy on 0/1 outcomes (predicted probability ≥ 0.5 means 1)") { p, test, _ in
      Metrics.accuracy(p, test.values)
    },
    Metric("nll", .lowerIsBetter, .binary, "mean negative log-likelihood on 0/1 outcomes") { p, test, _ in
      Metrics.nll(p, test.values)
    },
    Metric("rmse", .lowerIsBetter, .both, "root mean squared error of a model on test ratings") { p, test, _ in
      Metrics.rmse(p, test.values)
    },
    Metric("mae", .lowerIsBetter, .ratings, "mean absolute error of a model on test ratings") { p, test, _ in
      Metrics.mae(p, test.values)
    },
    Metric("ndcg", .higherIsBetter, .both,
           options: [OptionSpec("k", .int(1...100_000), default: .int(10), "the cut-off rank")], shownOption: "k",
           "mean NDCG@k: each user's test items ranked by the model, gains 2^rating − 1") { p, test, options in
      Metrics.ndcg(p, test, k: options.int("k"))
    },
  ]

  public static let names = all.map(\.name)

  public static func named(_ name: String) -> Metric? { all.first { $0.name == name } }

  /// The first metric reported on ratings (`binary` false) or on 0/1 outcomes: what
  /// `compare` uses when no `metric=` is given.
  public static func firstReported(binary: Bool) -> Metric {
    all.first { $0.isReported(binary: binary) }!
  }

  // MARK: - Using a metric

  /// Whether `eval` reports this metric on `data`.
  public func isReported(on data: Ratings) -> Bool { isReported(binary: data.isBinary) }

  /// Whether `eval` reports this metric on 0/1 outcomes (`binary`) or on ratings.
  public func isReported(binary: Bool) -> Bool {
    switch outcomes {
    case .both: return true
    case .binary: return binary
    case .ratings: return !binary
    }
  }

  /// The metric's options at their defaults.
  public var defaultOptions: OptionValues {
    // Defaults are declared inside their ranges (checked by the tests), so this cannot throw.
    try! OptionValues(specs: options, given: [:], kind: name)
  }

  /// The name in `eval`'s table: "rmse", "ndcg@10".
  public func label(_ options: OptionValues) -> String {
    guard let shownOption else { return name }
    return "\(name)@\(options.values[shownOption].map(String.init(describing:)) ?? "")"
  }

  /// Throws when the metric is not defined on `data` (a 0/1 metric on ratings).
  public func check(_ data: Ratings) throws {
    guard outcomes == .binary, !data.isBinary else { return }
    let has: String
    switch data.scale {
    case .mangakiWords: has = "has Mangaki ratings (dislike...favorite)"
    default:
      let r = data.range
      has = "has ratings " + String(format: "%g...%g", Double(r.lowerBound), Double(r.upperBound))
    }
    throw MKError(.value, "\(name) needs 0/1 outcomes; '\(data.name)' \(has)",
                  hint: "use rmse or mae; binary data comes from a `correct` column or `generate binary=true`")
  }

  /// The metric of `predicted` (in `test`'s order) against `test`; nan when `test` is empty.
  public func value(predicted: [Float], test: Ratings, options: OptionValues? = nil) throws -> Double {
    try check(test)
    precondition(predicted.count == test.count, "one prediction per test rating")
    guard test.count > 0 else { return .nan }
    return compute(predicted, test, options ?? defaultOptions)
  }

  /// The metric of `model` on `test`.
  public func value(of model: Model, on test: Ratings, options: OptionValues? = nil) throws -> Double {
    try check(test)
    return try value(predicted: try model.checkedPredict(test), test: test, options: options)
  }
}
