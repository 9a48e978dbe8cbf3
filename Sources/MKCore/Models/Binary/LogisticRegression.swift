import Foundation

/// L2-regularized logistic regression on the design fm reads (`FeatureLayout`: one-hot users
/// and items, item tags with `side=`, the ratings' numeric columns, and any encoded group the
/// data carries), solved to convergence by Newton–CG (`LogisticNewton`):
///
///   minimize  Σᵣ [log(1 + e^{zᵣ}) − yᵣ zᵣ] + (λ/2) ‖w‖²,   zᵣ = b + Σⱼ xᵣⱼ wⱼ,   P(y = 1) = σ(z),
///
/// the intercept b unpenalized unless `penalize_intercept` adds (λ/2) b². liblinear and
/// scikit-learn minimize C Σ loss + ½‖w‖², the same solution for λ = 1/C; liblinear appends its
/// bias as a column of ones penalized like the others, which `penalize_intercept=true`
/// reproduces exactly (scikit-learn's lbfgs and newton-cg leave it unpenalized, the default
/// here). An `lr` is an FM of rank 0, so it is
/// an `FMNetModel`: scoring, per-row columns on predict and the model file are fm's.
public final class LRModel: FMNetModel {
  public struct Options: ModelOptions {
    public var lambda = 1.0
    public var iters = 100
    public var tolerance = 1e-8
    public var penalizeIntercept = false
    public init() {}

    public static let declaration: [ModelOption<Options>] = [
      .double("lambda", \.lambda, 0...1e6, "L2 penalty (λ/2)‖w‖² on a summed log-loss; λ = 1/C of liblinear and scikit-learn; the intercept only with penalize_intercept"),
      .int("iters", \.iters, 1...10_000, "most Newton iterations (it stops earlier at convergence)"),
      .double("tol", \.tolerance, 1e-15...1, "convergence: gradient norm below tol × its initial norm"),
      .bool("penalize_intercept", \.penalizeIntercept, "add (λ/2)b² for the intercept b, as liblinear does (default: unpenalized)"),
      .items("side", "item side features (tags or genres) as a group of columns"),
    ]
  }

  public static let kind = ModelKind(
    name: "lr", summary: "L2 logistic regression on the one-hot (or encoded) design, solved to convergence by Newton-CG (binary data)",
    reference: "P(y=1) = σ(b + Σ wⱼxⱼ), minimizing Σ log-loss + (λ/2)‖w‖² (intercept unpenalized unless penalize_intercept=true); λ = 1/C of liblinear",
    options: Options.self,
    fit: { input, options in try LRModel.fit(input, options) },
    decode: { r, info, _ in
      let net = try r.fmNet(withMLP: false, info: info)
      guard net.fm.rank == 0 else { throw MKError(.io, "'\(r.path)': lr weights have factors (rank \(net.fm.rank))") }
      return LRModel(info: info, net: net)
    })

  public let info: FitInfo
  public let net: FMNet

  init(info: FitInfo, net: FMNet) {
    self.info = info
    self.net = net
  }

  /// The intercept b.
  public var intercept: Float { net.fm.bias }
  /// One weight per column of the design.
  public var weights: [Float] { net.fm.weights }

  /// The user weights as a one-column matrix (`M.users`).
  public var userEmbeddings: Matrix? { weightColumn(.user) }
  /// The item weights as a one-column matrix (`M.items`).
  public var itemEmbeddings: Matrix? { weightColumn(.item) }

  private func weightColumn(_ source: FeatureGroup.Source) -> Matrix? {
    layout.identityGroup(source).map { g in
      let columns = layout.groups[g].columns
      return Matrix(rows: columns.count, columns: 1, storage: Array(net.fm.weights[columns]))
    }
  }

  /// The Newton problem of a design: its rows, the targets and λ on every column.
  static func problem(_ design: DesignMatrix, lambda: Double, options o: Options) -> LogisticNewton {
    var solver = LogisticNewton(rows: design.rows, columnCount: design.layout.columnCount, targets: design.target,
                                lambda: [Double](repeating: lambda, count: design.layout.columnCount), intercept: true)
    solver.maxIterations = o.iters
    solver.tolerance = o.tolerance
    if o.penalizeIntercept { solver.interceptLambda = lambda }
    return solver
  }

  static func fit(_ input: FitInput, _ o: Options) throws -> LRModel {
    try BinaryOutcomes.require(input.data, kind: "lr")
    let info = FitInfo(kind: "lr", input: input)
    let layout = FeatureLayout.make(training: input.data, userCount: info.userCount, itemCount: info.itemCount,
                                    side: input.side, standardize: true)
    let design = DesignMatrix(training: input.data, layout: layout)
    let solver = problem(design, lambda: o.lambda, options: o)
    let n = Double(design.count)
    var curve = TrainingCurve(kind: "lr", iterations: o.iters, progress: input.progress,
                              train: ["train_loss", "gradient_norm", "cg_steps"])
    let solution = try solver.solve(intercept: BinaryOutcomes.logit(Double(info.globalMean))) { it, step in
      try curve.begin()
      try curve.record(it, [step.objective / n, step.gradientNorm, Double(step.cgIterations)])
    }
    info.history = curve.history
    let fm = FMParameters(bias: Float(solution.b), weights: solution.w.map { Float($0) },
                          factors: Matrix(rows: layout.columnCount, columns: 0))
    return LRModel(info: info, net: FMNet(fm: fm, mlp: nil, layout: layout))
  }

  /// A new user's weight w, fitted by Newton on the profile with every other weight fixed:
  /// minimize Σⱼ log-loss(zⱼ + w) + (λ/2) w², zⱼ the item's margin without a user.
  public func foldIn(_ ratings: [(item: Int32, value: Float)]) throws -> (Int32) -> Float {
    let known = ratings.filter { info.knows(item: $0.item) }
    guard !known.isEmpty else { throw MKError(.value, "none of the profile's items are known to this model") }
    let lambda = info.options.typed(Options.self).lambda
    let margins = known.map { Double(rawScore(item: $0.item)) }
    var w = 0.0
    for _ in 0..<100 {
      var g = lambda * w, h = lambda
      for (j, r) in known.enumerated() {
        let p = LogisticNewton.sigmoid(margins[j] + w)
        g += p - Double(r.value)
        h += p * (1 - p)
      }
      let step = g / max(h, 1e-12)
      w -= step
      if abs(step) < 1e-10 { break }
    }
    let weight = w
    return { [self] item in Float(LogisticNewton.sigmoid(Double(self.rawScore(item: item)) + weight)) }
  }

  /// The margin b + Σ wⱼxⱼ of an item's features alone (no user).
  private func rawScore(item: Int32) -> Float {
    var out: Float = 0
    [Int32(-1)].withUnsafeBufferPointer { u in [item].withUnsafeBufferPointer { i in
      withUnsafeMutablePointer(to: &out) { net.score(users: u, items: i, into: UnsafeMutableBufferPointer(start: $0, count: 1), binary: false) }
    } }
    return out
  }
}
