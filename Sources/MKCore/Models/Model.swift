/// The contract every model kind fulfils.
///
/// A kind implements only scoring for its own dense indices (`score(user:item:)`, where -1
/// means "not known to the model"); the extension in `Model+Predict.swift` does the rest once
/// for all kinds: it maps raw ids and other universes to the model's indices, falls back for
/// unknown users and items, clips to the rating scale, and scores in batches.
public protocol Model: AnyObject {
  /// The registry entry: name, options, fit, decode.
  static var kind: ModelKind { get }
  /// Fields every fitted model has (options, ids, scale, history, ...).
  var info: FitInfo { get }

  /// Prediction for user `user` and item `item` (model indices; -1 when unknown).
  /// Unclipped; binary models return a probability.
  func score(user: Int32, item: Int32) -> Float

  /// `score` for many pairs at once (model indices, -1 unknown); kinds override it with a
  /// tight loop where per-pair dispatch would dominate.
  func scoreBatch(users: UnsafeBufferPointer<Int32>, items: UnsafeBufferPointer<Int32>,
                  into out: UnsafeMutableBufferPointer<Float>)

  /// Row r = user r's embedding, for models that have one.
  var userEmbeddings: Matrix? { get }
  /// Whether the model reads item side features (`side=`), so that a refit needs them too.
  var readsSideFeatures: Bool { get }

  /// The column groups of the design the model reads (factorization machines), else none.
  var featureGroups: [FeatureLayout.Group] { get }

  /// Row r = item r's embedding, for models that have one.
  var itemEmbeddings: Matrix? { get }

  /// A scorer for a new user described only by some ratings (a `profile`), without refitting.
  func foldIn(_ ratings: [(item: Int32, value: Float)]) throws -> (Int32) -> Float

  /// Writes the kind-specific parameters (the shared `info` is written by the caller).
  func encode(to w: inout ModelWriter)

  /// Whether the model can place item `item` (a model index): by default, whether it was rated
  /// in training; side-feature models (lasso) also cover unrated items they have features for.
  func covers(item: Int32) -> Bool

  /// Predictions for every rating of `data`, in its order, clipped. The default
  /// (`Model+Predict.swift`) scores (user, item) pairs; kinds that read more of a rating —
  /// the numeric columns of `load features=` — override it.
  func predict(_ data: Ratings) -> [Float]

  /// Throws when `data` lacks what the model reads from each rating besides its user and
  /// item (fm, deepfm and bayesfm fitted with `load features=`). Callers that take data from a user
  /// (`eval`, `compare`, `metric`) check before `predict(data)`. By default, nothing to check.
  func checkPredictable(_ data: Ratings) throws
}

extension Model {
  public func scoreBatch(users: UnsafeBufferPointer<Int32>, items: UnsafeBufferPointer<Int32>,
                         into out: UnsafeMutableBufferPointer<Float>) {
    for j in 0..<out.count { out[j] = score(user: users[j], item: items[j]) }
  }

  public var userEmbeddings: Matrix? { nil }
  public var itemEmbeddings: Matrix? { nil }
  /// Whether the model reads item side features, so that a refit (`blend`) needs them too.
  public var readsSideFeatures: Bool { false }
  public var featureGroups: [FeatureLayout.Group] { [] }
  public func covers(item: Int32) -> Bool { info.knows(item: item) }
  public func checkPredictable(_ data: Ratings) throws {}
  public var kindName: String { Self.kind.name }
}

/// A model kind in the registry: what `fit KIND`, `help fit` and `open` read.
public struct ModelKind {
  public let name: String
  public let summary: String
  /// The paper or formula, shown by `help fit KIND`.
  public let reference: String
  public let options: [OptionSpec]
  public let fit: (FitInput) throws -> Model
  public let decode: (inout ModelReader, FitInfo) throws -> Model

  public init(name: String, summary: String, reference: String, options: [OptionSpec],
              fit: @escaping (FitInput) throws -> Model,
              decode: @escaping (inout ModelReader, FitInfo) throws -> Model) {
    self.name = name
    self.summary = summary
    self.reference = reference
    self.options = options
    self.fit = fit
    self.decode = decode
  }
}

/// Everything `fit` hands a model kind.
public struct FitInput {
  public let data: Ratings
  public let options: OptionValues
  /// Validation data for per-iteration curves (`valid=`).
  public let valid: Ratings?
  /// Item side features (`side=`).
  public let side: Items?
  public let progress: Progress

  public init(data: Ratings, options: OptionValues, valid: Ratings? = nil, side: Items? = nil,
              progress: Progress = .silent) {
    self.data = data
    self.options = options
    self.valid = valid
    self.side = side
    self.progress = progress
  }

  /// The `seed` option, or 0 when the kind has none.
  public var seed: UInt64 { options.values["seed"] == nil ? 0 : UInt64(truncatingIfNeeded: options.int("seed")) }
}

/// Per-iteration metrics recorded during training (`M.history`).
public struct History {
  public var columns: [String]
  public var rows: [[Double]]

  public init(columns: [String], rows: [[Double]] = []) {
    self.columns = columns
    self.rows = rows
  }

  public static let empty = History(columns: [])
  public var isEmpty: Bool { rows.isEmpty }
  public mutating func append(_ row: [Double]) { rows.append(row) }
  /// The last value of a column.
  public func last(_ column: String) -> Double? {
    guard let c = columns.firstIndex(of: column), let r = rows.last else { return nil }
    return r[c]
  }
}

/// Fields shared by every fitted model.
public final class FitInfo {
  public let kind: String
  public let options: OptionValues
  /// The ids behind the model's indices: for a model fitted in this session, the universe's
  /// maps themselves (they may grow afterwards; indices past `userCount` are unknown).
  public let userIds: IdMap
  public let itemIds: IdMap
  /// Number of users and items the model has parameters for.
  public let userCount: Int
  public let itemCount: Int
  public let scale: Ratings.Scale
  public let range: ClosedRange<Float>
  public let globalMean: Float
  /// Items each user rated in training (excluded by `recommend`).
  public let seen: SparseRows
  /// Training ratings per item (R_j in BALSE; "most rated" in plots).
  public let itemCounts: [Int32]
  public let trainedOn: String
  public let trainCount: Int
  public var history: History
  public var seconds: Double
  /// The side table it was fitted with (`side=`), kept in the session so `blend` can refit the
  /// kind; not saved (a saved lasso keeps its own item × tag matrix).
  public var side: Items?

  public init(kind: String, options: OptionValues, userIds: IdMap, itemIds: IdMap, userCount: Int,
              itemCount: Int, scale: Ratings.Scale, range: ClosedRange<Float>, globalMean: Float,
              seen: SparseRows, itemCounts: [Int32], trainedOn: String, trainCount: Int,
              history: History = .empty, seconds: Double = 0) {
    self.kind = kind
    self.options = options
    self.userIds = userIds
    self.itemIds = itemIds
    self.userCount = userCount
    self.itemCount = itemCount
    self.scale = scale
    self.range = range
    self.globalMean = globalMean
    self.seen = seen
    self.itemCounts = itemCounts
    self.trainedOn = trainedOn
    self.trainCount = trainCount
    self.history = history
    self.seconds = seconds
  }

  /// The shared fields for a model about to be fitted on `input.data`.
  public convenience init(kind: String, input: FitInput) {
    let d = input.data
    let seen = d.byUser
    let counts = d.itemCounts.map { Int32($0) }
    self.init(kind: kind, options: input.options, userIds: d.universe.users, itemIds: d.universe.items,
              userCount: d.userCount, itemCount: d.itemCount, scale: d.scale, range: d.range,
              globalMean: Float(d.mean), seen: seen, itemCounts: counts, trainedOn: d.name, trainCount: d.count)
  }

  /// Whether a user index has training ratings.
  @inline(__always) public func knows(user u: Int32) -> Bool {
    u >= 0 && Int(u) < userCount && Int(u) < seen.rowCount && seen.length(Int(u)) > 0
  }
  /// Whether an item index has training ratings.
  @inline(__always) public func knows(item i: Int32) -> Bool {
    i >= 0 && Int(i) < itemCount && itemCounts[Int(i)] > 0
  }
}
