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
  let compute: (_ predicted: [Float], _ test: Ratings, _ options: MetricOptions) -> Double

  public init(_ name: String, _ direction: Direction, _ outcomes: Outcomes, options: [OptionSpec] = [],
              shownOption: String? = nil, _ summary: String,
              compute: @escaping (_ predicted: [Float], _ test: Ratings, _ options: MetricOptions) -> Double) {
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
  public var defaultOptions: MetricOptions { MetricOptions(specs: options) }

  /// The name in `eval`'s table: "rmse", "ndcg@10".
  public func label(_ options: MetricOptions) -> String {
    guard let shownOption else { return name }
    return "\(name)@\(options.values[shownOption].map(\.description) ?? "")"
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
  public func value(predicted: [Float], test: Ratings, options: MetricOptions? = nil) throws -> Double {
    try check(test)
    precondition(predicted.count == test.count, "one prediction per test rating")
    guard test.count > 0 else { return .nan }
    return compute(predicted, test, options ?? defaultOptions)
  }

  /// The metric of `model` on `test`.
  public func value(of model: Model, on test: Ratings, options: MetricOptions? = nil) throws -> Double {
    try check(test)
    return try value(predicted: try model.checkedPredict(test), test: test, options: options)
  }
}

/// A metric's option values by name, defaults filled in: few and plain (ndcg's `k`), so a
/// dictionary over the metric's `OptionSpec`s rather than a typed struct per metric.
public struct MetricOptions {
  public private(set) var values: [String: OptionValue]

  /// The defaults of `specs`.
  public init(specs: [OptionSpec]) {
    values = [:]
    for spec in specs {
      if let d = spec.defaultValue { values[spec.name] = d }
    }
  }

  /// The defaults of `specs`, overridden by `given`, each validated by its declaration.
  public init(specs: [OptionSpec], given: [String: OptionValue]) throws {
    self.init(specs: specs)
    for (name, v) in given {
      guard let spec = specs.first(where: { $0.name == name }) else { continue }
      values[name] = try spec.validate(v)
    }
  }

  /// Sets a value already validated against its spec (by the language's binder).
  public mutating func set(_ name: String, _ v: OptionValue) { values[name] = v }

  /// A whole-number option; 0 when absent (the metric declares the options it reads).
  public func int(_ name: String) -> Int {
    switch values[name] {
    case .int(let i)?: return i
    case .double(let d)?: return Int(d)
    default: return 0
    }
  }
}
