/// DeepFM (Guo, Tang, Ye, Li & He, "DeepFM: A Factorization-Machine based Neural Network for
/// CTR Prediction", IJCAI 2017): the factorization machine of `fm` plus a multilayer
/// perceptron over the concatenated field embeddings, which share the FM's factors:
///
///   ŷ = FM(x) + MLP([e_user, e_item, e_tags, e_features]),   e_g = Σ_{j ∈ group g} xⱼ vⱼ,
///
/// (tags with `side=`, features with the numeric columns of `load features=`). ReLU hidden layers (`layers=[64,32]`), dropout while training, no bias terms (see `MLP`),
/// trained jointly with the FM by minibatch Adam (each layer one BLAS gemm per batch). On 0/1
/// outcomes ŷ is a logit and the prediction σ(ŷ).
public final class DeepFMModel: FMNetModel {
  public static let kind = ModelKind(
    name: "deepfm", summary: "factorization machine plus an MLP over its field embeddings (DeepFM)",
    reference: "ŷ = FM(x) + MLP([e_user, e_item, e_tags, e_features]); Guo et al. 2017 (IJCAI); features: numeric columns of load features=",
    options: DeepFMOptions.self,
    fit: { input, options in
      let (info, net) = try FMLearner.fit(kind: "deepfm", input, options.fm, deep: options)
      return DeepFMModel(info: info, net: net)
    },
    decode: { r, info, _ in DeepFMModel(info: info, net: try r.fmNet(withMLP: true, info: info)) })

  public let info: FitInfo
  public let net: FMNet

  init(info: FitInfo, net: FMNet) {
    self.info = info
    self.net = net
  }
}
