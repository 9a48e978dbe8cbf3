/// Biased matrix factorization by stochastic gradient descent (Funk 2006; Koren, Bell &
/// Volinsky 2009): r̂ = μ + bᵤ + bᵢ + pᵤ·qᵢ. Each epoch visits the training ratings in a
/// seeded random order and, with e = r − r̂, steps
///   bᵤ += lr (e − λ bᵤ),  bᵢ += lr (e − λ bᵢ),
///   pᵤ += lr (e qᵢ − λ pᵤ),  qᵢ += lr (e pᵤ − λ qᵢ).
/// One thread: a sequential pass is what makes the result reproducible for a seed.
public final class SGDModel: Model {
  public struct Options: ModelOptions {
    public var rank = 50
    public var lambda = 0.1
    public var lr = 0.01
    public var iters = 30
    public var initStd = 0.1
    public var seed = 0
    public var patience = 5
    public init() {}

    public static let declaration: [ModelOption<Options>] = [
      .int("rank", \.rank, 1...1000, "number of latent dimensions k"),
      .double("lambda", \.lambda, 0...100, "L2 regularization of factors and biases"),
      .double("lr", \.lr, 1e-6...1, "learning rate"),
      .int("iters", \.iters, 1...10000, "epochs over the training ratings"),
      .double("init", \.initStd, 0...10, "standard deviation of the initial factors"),
      .seed(\.seed),
      .patience(\.patience),
      .earlyStoppingValidation,
    ]
  }

  public static let kind = ModelKind(
    name: "sgd", summary: "biased matrix factorization by stochastic gradient descent",
    reference: "r̂ = μ + b_u + b_i + p_u·q_i; Funk 2006, Koren et al. 2009",
    options: Options.self,
    fit: { input, options in try SGDModel.fit(input, options) },
    decode: { r, info, options in
      let bu = try r.floats(), bi = try r.floats(), p = try r.matrix(), q = try r.matrix()
      guard bu.count == info.userCount, bi.count == info.itemCount, p.rows == info.userCount, q.rows == info.itemCount,
            p.columns == options.rank, q.columns == options.rank else {
        throw MKError(.io, "'\(r.path)': SGD biases and factors do not match rank=\(options.rank) and \(info.userCount) users, \(info.itemCount) items")
      }
      return SGDModel(info: info, rank: options.rank, userBias: bu, itemBias: bi, userFactors: p, itemFactors: q)
    })

  public let info: FitInfo
  public let rank: Int
  public private(set) var userBias: [Float]
  public private(set) var itemBias: [Float]
  public private(set) var userFactors: Matrix
  public private(set) var itemFactors: Matrix

  init(info: FitInfo, rank: Int, userBias: [Float], itemBias: [Float], userFactors: Matrix, itemFactors: Matrix) {
    self.info = info
    self.rank = rank
    self.userBias = userBias
    self.itemBias = itemBias
    self.userFactors = userFactors
    self.itemFactors = itemFactors
  }

  static func fit(_ input: FitInput, _ o: Options) throws -> SGDModel {
    let info = FitInfo(kind: "sgd", input: input)
    let k = o.rank, lambda = Float(o.lambda), lr = Float(o.lr), iters = o.iters
    var rng = RandomStream(seed: input.seed)
    let std = Float(o.initStd)
    var p = Matrix(rows: info.userCount, columns: k), q = Matrix(rows: info.itemCount, columns: k)
    for j in 0..<p.storage.count { p.storage[j] = std * Float(rng.normal()) }
    for j in 0..<q.storage.count { q.storage[j] = std * Float(rng.normal()) }
    let model = SGDModel(info: info, rank: k, userBias: [Float](repeating: 0, count: info.userCount),
                         itemBias: [Float](repeating: 0, count: info.itemCount), userFactors: p, itemFactors: q)
    let data = input.data
    let users = data.userIndices, items = data.itemIndices, values = data.values
    var order = [Int32](0..<Int32(data.count))
    let mu = info.globalMean
    var curve = TrainingCurve(kind: "sgd", iterations: iters, progress: input.progress, train: ["train_rmse"],
                              valid: input.valid == nil ? [] : ["valid_rmse"], hint: "lower lr or raise lambda")
    typealias Parameters = (userBias: [Float], itemBias: [Float], userFactors: Matrix, itemFactors: Matrix)
    var stopping = EarlyStopping<Parameters>(patience: o.patience, enabled: input.valid != nil)
    for it in 1...iters {
      guard try curve.proceed() else { break }
      rng.shuffle(&order)
      model.epoch(order: order, users: users, items: items, values: values, mu: mu, lr: lr, lambda: lambda)
      var row = [Metrics.rmse(model.predict(data), values)]
      if let valid = input.valid { row.append(Metrics.rmse(model.predict(valid), valid.values)) }
      try curve.record(it, row)
      if stopping.observe(it, metric: row.last ?? .nan, state: {
        (model.userBias, model.itemBias, model.userFactors, model.itemFactors)
      }) { break }
    }
    var history = curve.history
    if let kept = stopping.kept(marking: &history) {
      (model.userBias, model.itemBias, model.userFactors, model.itemFactors) = kept
    }
    info.history = history
    return model
  }

  /// One pass over the ratings in `order`. Symbols as in the type's doc comment.
  private func epoch(order: [Int32], users: [Int32], items: [Int32], values: [Float], mu: Float, lr: Float,
                     lambda: Float) {
    let k = rank
    userFactors.storage.withUnsafeMutableBufferPointer { pp in
      itemFactors.storage.withUnsafeMutableBufferPointer { qp in
        userBias.withUnsafeMutableBufferPointer { bu in
          itemBias.withUnsafeMutableBufferPointer { bi in
            for j in order {
              let r = Int(j), u = Int(users[r]), i = Int(items[r])
              let pu = pp.baseAddress! + u * k, qi = qp.baseAddress! + i * k
              var dot: Float = 0
              for c in 0..<k { dot += pu[c] * qi[c] }
              let e = values[r] - (mu + bu[u] + bi[i] + dot)
              bu[u] += lr * (e - lambda * bu[u])
              bi[i] += lr * (e - lambda * bi[i])
              for c in 0..<k {
                let puc = pu[c], qic = qi[c]
                pu[c] += lr * (e * qic - lambda * puc)
                qi[c] += lr * (e * puc - lambda * qic)
              }
            }
          }
        }
      }
    }
  }

  public func score(user: Int32, item: Int32) -> Float {
    let knownU = info.knows(user: user), knownI = info.knows(item: item)
    var s = info.globalMean
    if knownU { s += userBias[Int(user)] }
    if knownI { s += itemBias[Int(item)] }
    if knownU && knownI { s += userFactors.dot(row: Int(user), itemFactors, row: Int(item)) }
    return s
  }

  public var userEmbeddings: Matrix? { userFactors }
  public var itemEmbeddings: Matrix? { itemFactors }

  /// Folds a new user in by ridge regression on the item factors (the ALS user step with
  /// λ·n), with the user bias as an extra unknown.
  public func foldIn(_ ratings: [(item: Int32, value: Float)]) throws -> (Int32) -> Float {
    let known = ratings.filter { info.knows(item: $0.item) }
    guard !known.isEmpty else { throw MKError(.value, "none of the profile's items are known to this model") }
    var y = Matrix(rows: itemFactors.rows, columns: rank + 1)
    for i in 0..<itemFactors.rows {
      for c in 0..<rank { y[i, c] = itemFactors[i, c] }
      y[i, rank] = itemBias[i]
    }
    var x = Matrix(rows: 1, columns: rank + 1)
    let lambda = Float(info.options.typed(Options.self).lambda)
    let rows = SparseRows(rowCount: 1, rows: known.map { _ in 0 }, columns: known.map(\.item), values: known.map(\.value))
    ALSModel.halfStep(solving: &x, fixed: y, rows: rows, rank: rank, bias: true,
                      lambda: lambda, biasLambda: lambda,
                      mu: info.globalMean)
    return { [self] item in
      guard self.info.knows(item: item) else { return self.info.globalMean + x[0, self.rank] }
      var s = self.info.globalMean + x[0, self.rank] + self.itemBias[Int(item)]
      for c in 0..<self.rank { s += x[0, c] * self.itemFactors[Int(item), c] }
      return s
    }
  }

  public func encode(to w: inout ModelWriter) {
    w.floats(userBias)
    w.floats(itemBias)
    w.matrix(userFactors)
    w.matrix(itemFactors)
  }
}
