/// Factorization machine (Rendle, "Factorization Machines", ICDM 2010) over the sparse design
/// of user, item, (with `side=`) item tag and (with `load features=`) numeric columns:
///
///   ŷ(x) = w₀ + Σⱼ wⱼ xⱼ + Σ_{i<j} ⟨vᵢ, vⱼ⟩ xᵢ xⱼ,
///
/// computed in O(k · nnz) (`FMParameters`). Learned by minibatch Adam or SGD on the squared
/// loss (ratings) or the logistic loss (0/1 outcomes, where the prediction is σ(ŷ)), with an
/// L2 penalty per group (`FMObjective`, `FMLearner`). A user or item unknown to the model has
/// no column, so a cold item with tags is placed by its tags. Numeric columns of the ratings
/// are standardized with the training mean and std (`standardize=`, see `FeatureLayout`);
/// predicting data without them is an error.
public final class FMModel: FMNetModel {
  public static let kind = ModelKind(
    name: "fm", summary: "factorization machine over users, items, item tags (side=) and numeric columns (load features=), by Adam or SGD",
    reference: "ŷ = w₀ + Σ wⱼxⱼ + Σ_{i<j} ⟨vᵢ,vⱼ⟩xᵢxⱼ; Rendle 2010 (ICDM)",
    options: FMOptions.self,
    fit: { input, options in
      let (info, net) = try FMLearner.fit(kind: "fm", input, options)
      return FMModel(info: info, net: net)
    },
    decode: { r, info, _ in FMModel(info: info, net: try r.fmNet(withMLP: false, info: info)) })

  public let info: FitInfo
  public let net: FMNet

  init(info: FitInfo, net: FMNet) {
    self.info = info
    self.net = net
  }

  public var parameters: FMParameters { net.fm }
}
