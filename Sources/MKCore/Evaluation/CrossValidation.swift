/// k-fold cross-validation of one model kind with one set of options: each fold is held out in
/// turn, the kind is fitted on the others, and every metric that applies is measured on the
/// fold. Reported as the mean over folds and a 95% interval for it, mean ± t·s/√k (Student's
/// t with k − 1 degrees of freedom, s the folds' standard deviation), with the fit time.
public enum CrossValidation {
  public struct Result {
    /// The metrics measured, in `Evaluate.metrics(for:)` order.
    public let metrics: [Metric]
    /// values[m][f]: metric m on fold f.
    public let values: [[Double]]
    /// Seconds each fold's fit took.
    public let fitSeconds: [Double]

    /// Mean and half-width of the 95% interval of metric `m`.
    public func summary(_ m: Int) -> (mean: Double, halfWidth: Double) { CrossValidation.interval(values[m]) }
  }

  /// Fits `kind` with `options` on all folds but one, for each fold, and measures it there.
  /// `folds` are positions in `data` (from `Ratings.folds`), disjoint.
  public static func run(kind: String, data: Ratings, folds: [[Int32]], options: FitOptions, side: Items?,
                         users: Users? = nil, progress: Progress) throws -> Result {
    let metrics = Evaluate.metrics(for: data)
    var values = [[Double]](repeating: [], count: metrics.count), seconds: [Double] = []
    var inFold = [Int](repeating: 0, count: data.count)
    for (f, fold) in folds.enumerated() { for k in fold { inFold[Int(k)] = f } }
    for (f, fold) in folds.enumerated() {
      try progress.checkCancelled()
      let train = data.subset((0..<Int32(data.count)).filter { inFold[Int($0)] != f }, name: "fold \(f + 1) train of \(data.name)")
      let test = data.subset(fold, name: "fold \(f + 1) of \(data.name)")
      let model = try ModelRegistry.fit(kind, FitInput(data: train, options: options, side: side, users: users,
                                                       progress: progress.relabel("cv \(kind) fold \(f + 1)/\(folds.count)")))
      seconds.append(model.info.seconds)
      let predicted = try model.checkedPredict(test)
      for (m, metric) in metrics.enumerated() {
        values[m].append(try metric.value(predicted: predicted, test: test, options: metric.defaultOptions))
      }
    }
    return Result(metrics: metrics, values: values, fitSeconds: seconds)
  }

  /// Mean and half-width of the 95% Student-t interval of the mean of `xs` (0 for one value).
  public static func interval(_ xs: [Double]) -> (mean: Double, halfWidth: Double) {
    let n = xs.count
    guard n > 0 else { return (.nan, .nan) }
    let mean = xs.reduce(0, +) / Double(n)
    guard n > 1 else { return (mean, 0) }
    let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
    return (mean, studentT975(degreesOfFreedom: n - 1) * (variance / Double(n)).squareRoot())
  }

  /// The 0.975 quantile of Student's t distribution (two-sided 95%).
  public static func studentT975(degreesOfFreedom df: Int) -> Double {
    let table: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                           2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                           2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
    if df >= 1 && df <= table.count { return table[df - 1] }
    // Beyond 30: the normal quantile with the first Cornish-Fisher correction, z + (z³ + z) / 4df.
    let z = 1.959964
    return z + (z * z * z + z) / (4 * Double(df))
  }
}
