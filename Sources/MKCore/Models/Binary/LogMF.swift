/// Logistic matrix factorization: binary outcomes as
///
///   P(y = 1) = σ(w₀ + b_u + b_i + ⟨p_u, q_i⟩),
///
/// fitted by minibatch Adam on the log-likelihood with an L2 penalty (each rating's user and
/// item parameters shrunk by λ each time they are active). It is the factorization machine on
/// the user and item columns alone, so it runs on fm's learner (`FMLearner`, `FMNet`): b_u, b_i
/// are the FM's weights and p_u, q_i its factors; w₀ is the logit of the training mean and
/// stays fixed. Binary data only; side features and encoded groups are left out by design
/// (`fm` reads them).
public final class LogMFModel: FMNetModel {
  public struct Options: ModelOptions {
    public var fm = FMOptions()
    public var seed: Int { fm.seed }
    public init() {
      fm.rank = 10
      fm.lambda = 0.1
      fm.lr = 0.01
      fm.iters = 20
    }

    public static let declaration: [ModelOption<Options>] = FMOptions.entries(\.fm).filter {
      ["rank", "lambda", "lr", "iters", "batch", "init", "seed", "patience", "valid"].contains($0.name)
    }
  }

  public static let kind = ModelKind(
    name: "logmf", summary: "logistic matrix factorization σ(b_u + b_i + u·v) by minibatch Adam (binary data)",
    reference: "P(y=1) = σ(w₀ + b_u + b_i + ⟨p_u,q_i⟩), maximum likelihood with L2; Johnson 2014 (logistic MF), the FM of users and items",
    options: Options.self,
    fit: { input, options in
      try BinaryOutcomes.require(input.data, kind: "logmf")
      let d = input.data
      let layout = FeatureLayout.make(userCount: d.userCount, itemCount: d.itemCount, side: nil)
      let (info, net) = try FMLearner.fit(kind: "logmf", input, options.fm, layout: layout)
      return LogMFModel(info: info, net: net)
    },
    decode: { r, info, _ in
      let net = try r.fmNet(withMLP: false, info: info)
      guard net.layout.groups.map(\.name) == ["user", "item"] else {
        throw MKError(.io, "'\(r.path)': logmf reads users and items only, this file has groups \(net.layout.groups.map(\.name))")
      }
      return LogMFModel(info: info, net: net)
    })

  public let info: FitInfo
  public let net: FMNet

  init(info: FitInfo, net: FMNet) {
    self.info = info
    self.net = net
  }

  public var learnerOptions: (fm: FMOptions, deep: DeepFMOptions?) { (info.options.typed(Options.self).fm, nil) }

  /// The user biases b_u and item biases b_i.
  public var userBias: [Float] { bias(.user) }
  public var itemBias: [Float] { bias(.item) }

  private func bias(_ source: FeatureGroup.Source) -> [Float] {
    layout.identityGroup(source).map { Array(net.fm.weights[layout.groups[$0].columns]) } ?? []
  }
}
