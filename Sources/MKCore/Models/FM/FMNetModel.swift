/// What `fm` and `deepfm` share beyond their parameters: both are an `FMNet` (an FM, with or
/// without an MLP, over a `FeatureLayout`), so scoring, prediction with per-row columns,
/// embeddings and fold-in are written once here.
public protocol FMNetModel: Model {
  var net: FMNet { get }
  /// The minibatch learner's options the model was fitted with (fold-in reuses its objective).
  var learnerOptions: (fm: FMOptions, deep: DeepFMOptions?) { get }
}

extension FMNetModel {
  public var layout: FeatureLayout { net.layout }
  public var readsSideFeatures: Bool { layout.hasSide }
  public var featureGroups: [FeatureLayout.Group] { layout.groups }

  /// fm's options, or deepfm's (with an MLP).
  public var learnerOptions: (fm: FMOptions, deep: DeepFMOptions?) {
    if net.mlp == nil { return (info.options.typed(FMOptions.self), nil) }
    let o = info.options.typed(DeepFMOptions.self)
    return (o.fm, o)
  }

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

  public func checkPredictable(_ data: Ratings) throws { try layout.checkRows(of: data) }

  public var userEmbeddings: Matrix? { layout.identityGroup(.user).map { net.factorRows(layout.groups[$0].columns) } }
  public var itemEmbeddings: Matrix? { layout.identityGroup(.item).map { net.factorRows(layout.groups[$0].columns) } }

  public func foldIn(_ ratings: [(item: Int32, value: Float)]) throws -> (Int32) -> Float {
    let known = ratings.filter { info.knows(item: $0.item) }
    guard !known.isEmpty else { throw MKError(.value, "none of the profile's items are known to this model") }
    let binary = info.scale == .binary
    let (fm, deep) = learnerOptions
    let objective = try FMLearner.objective(fm, deep: deep, layout: layout, binary: binary)
    return net.foldIn(known, objective: objective, binary: binary)
  }
}

extension FMNetModel {
  /// The layout, the FM's parameters and (deepfm) the MLP.
  public func encode(to w: inout ModelWriter) {
    w.layout(net.layout)
    w.fm(net.fm)
    if let mlp = net.mlp { w.mlp(mlp) }
  }
}

extension ModelReader {
  /// An `FMNet` as `FMNetModel.encode` wrote it, checked before use: the parameters cover the
  /// layout's columns, the layout the model's users and items, the MLP its field embeddings.
  mutating func fmNet(withMLP: Bool, fmTerms: Bool = true, info: FitInfo) throws -> FMNet {
    let layout = try layout()
    let fm = try fm()
    let mlp = withMLP ? try mlp() : nil
    guard fm.columnCount == layout.columnCount, layout.userCount <= info.userCount, layout.itemCount <= info.itemCount,
          mlp.map({ $0.sizes[0] == layout.groups.count * fm.rank }) ?? true else {
      throw MKError(.io, "'\(path)': \(withMLP ? "DeepFM" : "FM") parameters do not match the layout")
    }
    return FMNet(fm: fm, mlp: mlp, layout: layout, fmTerms: fmTerms)
  }
}
