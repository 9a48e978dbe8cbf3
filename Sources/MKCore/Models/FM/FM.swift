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
public final class FMModel: Model {
  public static let kind = ModelKind(
    name: "fm", summary: "factorization machine over users, items, item tags (side=) and numeric columns (load features=), by Adam or SGD",
    reference: "ŷ = w₀ + Σ wⱼxⱼ + Σ_{i<j} ⟨vᵢ,vⱼ⟩xᵢxⱼ; Rendle 2010 (ICDM)",
    options: FMLearner.options(rank: 10, lambda: 0.1, lr: 0.005, iters: 6, batch: 256, initStd: 0.05),
    fit: { input in
      let (info, net) = try FMLearner.fit(kind: "fm", input, hidden: nil)
      return FMModel(info: info, net: net)
    },
    decode: { r, info in
      let layout = try r.layout()
      let fm = try r.fm()
      guard fm.columnCount == layout.columnCount else { throw MKError(.io, "'\(r.path)': FM parameters do not match the layout") }
      return FMModel(info: info, net: FMNet(fm: fm, mlp: nil, layout: layout))
    })

  public let info: FitInfo
  public let net: FMNet

  init(info: FitInfo, net: FMNet) {
    self.info = info
    self.net = net
  }

  public var parameters: FMParameters { net.fm }
  public var layout: FeatureLayout { net.layout }

  public func score(user: Int32, item: Int32) -> Float {
    var out: Float = 0
    [user].withUnsafeBufferPointer { u in [item].withUnsafeBufferPointer { i in
      withUnsafeMutablePointer(to: &out) { scoreBatch(users: u, items: i, into: UnsafeMutableBufferPointer(start: $0, count: 1)) }
    } }
    return out
  }

  public func scoreBatch(users: UnsafeBufferPointer<Int32>, items: UnsafeBufferPointer<Int32>,
                         into out: UnsafeMutableBufferPointer<Float>) {
    net.score(users: users, items: items, into: out, binary: info.scale == .binary)
  }

  /// Each rating with its own numeric columns (`load features=`), see `FMNet.predict`.
  public func predict(_ data: Ratings) -> [Float] {
    net.predict(data, pairs: modelIndices(data), binary: info.scale == .binary, range: info.range)
  }

  public func checkPredictable(_ data: Ratings) throws { _ = try layout.numericColumns(of: data) }

  public var userEmbeddings: Matrix? { net.factorRows(0..<layout.userCount) }
  public var itemEmbeddings: Matrix? { net.factorRows(layout.userCount..<(layout.userCount + layout.itemCount)) }

  public func foldIn(_ ratings: [(item: Int32, value: Float)]) throws -> (Int32) -> Float {
    let known = ratings.filter { info.knows(item: $0.item) }
    guard !known.isEmpty else { throw MKError(.value, "none of the profile's items are known to this model") }
    let binary = info.scale == .binary
    return net.foldIn(known, objective: FMLearner.objective(info.options, layout: layout, binary: binary), binary: binary)
  }

  public func encode(to w: inout ModelWriter) {
    w.layout(net.layout)
    w.fm(net.fm)
  }
}
