/// The multilayer perceptron alone on the field embeddings: DeepFM without its FM part (the
/// "Deep" row of DeepFM's comparisons, Guo et al. 2017, and of knowledge-tracing results):
///
///   ŷ = w₀ + MLP([e_user, e_item, e_tags, e_features, …]),   e_g = Σ_{j ∈ group g} xⱼ vⱼ,
///
/// one field per group of the design (so it reads side features and encoded groups as fm
/// does), the embeddings vⱼ learned with the MLP by minibatch Adam (`FMLearner`, an `FMNet`
/// without FM terms). w₀ is the training mean (its logit on 0/1 outcomes) and stays fixed.
/// Works on ratings (squared loss) and on 0/1 outcomes (logistic loss, prediction σ(ŷ)).
public final class DeepModel: FMNetModel {
  public static let kind = ModelKind(
    name: "deep", summary: "a multilayer perceptron on the field embeddings alone (DeepFM without the FM part)",
    reference: "ŷ = w₀ + MLP([e_user, e_item, e_tags, e_features]), e_g = Σ_{j∈g} xⱼvⱼ; the Deep part of Guo et al. 2017 (IJCAI)",
    options: DeepFMOptions.self,
    fit: { input, options in
      let (info, net) = try FMLearner.fit(kind: "deep", input, options.fm, deep: options, fmTerms: false)
      return DeepModel(info: info, net: net)
    },
    decode: { r, info, _ in DeepModel(info: info, net: try r.fmNet(withMLP: true, fmTerms: false, info: info)) })

  public let info: FitInfo
  public let net: FMNet

  init(info: FitInfo, net: FMNet) {
    self.info = info
    self.net = net
  }
}
