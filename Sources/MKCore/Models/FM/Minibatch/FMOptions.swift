/// The options of the minibatch FM learner, shared by `fm` and `deepfm` (whose options hold
/// these plus the MLP's). The per-group penalty is one option, `lambda_groups=[item=0.5,
/// tags=0.01]`, whose names are the design's groups, checked when the design is built; the
/// older `lambda_user`, `lambda_item`, `lambda_tags`, `lambda_features` are aliases of its
/// entries.
public struct FMOptions: ModelOptions {
  public var rank = 10
  public var lambda = 0.1
  /// λ by group name; a group not named takes `lambda`.
  public var lambdaGroups: [String: Double] = [:]
  public var standardize = true
  public var lr = 0.005
  public var iters = 6
  public var batch = 256
  public var solver = FMLearner.Solver.adam
  public var initStd = 0.05
  public var seed = 0
  public var patience = 5
  public init() {}

  public static let declaration: [ModelOption<FMOptions>] = entries(\.self)

  /// The shared entries, over the `FMOptions` held at `base` in `O` (so `deepfm` can declare
  /// them over its own options).
  static func entries<O>(_ base: WritableKeyPath<O, FMOptions>) -> [ModelOption<O>] {
    func at<T>(_ key: WritableKeyPath<FMOptions, T>) -> WritableKeyPath<O, T> { base.appending(path: key) }
    let groups = at(\.lambdaGroups)
    return [
      .int("rank", at(\.rank), 1...1000, "number of latent dimensions k"),
      .double("lambda", at(\.lambda), 0...1000, "L2 penalty λ on each active feature's weight and factors (per rating)"),
      .named("lambda_groups", groups, 0...1000, "λ per group of the design, e.g. [item=0.5, tags=0.01] (groups not named: lambda)"),
      .alias("lambda_user", entry: "user", of: groups, 0...1000, "λ for the user group (lambda_groups=[user=…])"),
      .alias("lambda_item", entry: "item", of: groups, 0...1000, "λ for the item group (lambda_groups=[item=…])"),
      .alias("lambda_tags", entry: "tags", of: groups, 0...1000, "λ for the tags group of side= (lambda_groups=[tags=…])"),
      .alias("lambda_features", entry: "features", of: groups, 0...1000,
             "λ for the features group: numeric columns of load features= (lambda_groups=[features=…])"),
      .bool("standardize", at(\.standardize), "scale the numeric columns of load features= to training mean 0 and std 1 (test data the same way)"),
      .double("lr", at(\.lr), 1e-6...10, "learning rate"),
      .int("iters", at(\.iters), 1...10000, "epochs over the training ratings"),
      .int("batch", at(\.batch), 1...1_000_000, "ratings per minibatch"),
      .choice("solver", at(\.solver), "adam or sgd"),
      .double("init", at(\.initStd), 0...10, "standard deviation of the initial factors"),
      .seed(at(\.seed)),
      .patience(at(\.patience)),
      .sides("side", "item side features (tags or genres: group tags), user side information (`users PATH`: group attributes), or both as [ITEMS, USERS]"),
      .earlyStoppingValidation,
    ]
  }

  /// λ of each group of `layout`, in its order.
  /// - Throws: when `lambda_groups` names a group the design does not have.
  func groupLambdas(_ layout: FeatureLayout) throws -> [Float] {
    let names = layout.groups.map(\.name)
    for name in lambdaGroups.keys.sorted() where !names.contains(name) {
      throw MKError.notAmong("lambda_groups names '\(name)', which is not a group of this design", name, among: names,
                             kind: .value, hint: "its groups: " + names.joined(separator: ", "))
    }
    return names.map { Float(lambdaGroups[$0] ?? lambda) }
  }
}

/// `deepfm`'s options: the FM learner's, with more epochs, and the MLP's.
public struct DeepFMOptions: ModelOptions {
  public var fm = FMOptions()
  public var layers = [64, 32]
  public var dropout = 0.1
  public var lambdaMLP = 0.01
  public var seed: Int { fm.seed }
  public init() { fm.iters = 14 }

  public static let declaration: [ModelOption<DeepFMOptions>] = FMOptions.entries(\.fm) + [
    .ints("layers", \.layers, 1...4096, count: 1...8, "widths of the hidden ReLU layers"),
    .double("dropout", \.dropout, 0...0.9, "share of hidden units dropped while training"),
    .double("lambda_mlp", \.lambdaMLP, 0...1000, "L2 penalty on the MLP's weights (per batch)"),
  ]
}
