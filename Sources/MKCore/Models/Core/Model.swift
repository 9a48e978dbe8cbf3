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
  /// Whether the model's design reads a user table (`side=[…, people]`).
  public var readsUserSide: Bool { featureGroups.contains { $0.source == .user && !$0.feature.isIdentity } }
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
  /// The declared options, defaults filled in (help, completion, the binder).
  public let options: [OptionSpec]
  /// Options by name, validated against the declaration (tests, model files).
  public let parseOptions: ([String: OptionValue]) throws -> FitOptions
  /// Options the language has validated as it bound them (`OptionSpec.validate`).
  public let validatedOptions: ([String: OptionValue]) -> FitOptions
  public let fit: (FitInput) throws -> Model
  public let decode: (inout ModelReader, FitInfo) throws -> Model

  /// A kind whose options are `O`: its fit and decode receive them typed.
  public init<O: ModelOptions>(name: String, summary: String, reference: String, options: O.Type,
                               fit: @escaping (FitInput, O) throws -> Model,
                               decode: @escaping (inout ModelReader, FitInfo, O) throws -> Model) {
    self.name = name
    self.summary = summary
    self.reference = reference
    self.options = O.specs
    self.parseOptions = { FitOptions(kind: name, try O.parse($0, kind: name)) }
    self.validatedOptions = { FitOptions(kind: name, O.applying(validated: $0)) }
    self.fit = { input in try fit(input, input.options.typed()) }
    self.decode = { reader, info in try decode(&reader, info, info.options.typed()) }
  }

  /// The kind's default options.
  public var defaults: FitOptions { validatedOptions([:]) }

  /// Whether the kind declares an option of this name.
  public func declares(_ option: String) -> Bool { options.contains { $0.name == option } }
}
