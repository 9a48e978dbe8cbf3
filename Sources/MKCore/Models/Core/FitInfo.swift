/// Everything `fit` hands a model kind.
public struct FitInput {
  public let data: Ratings
  public let options: FitOptions
  /// Validation data for per-iteration curves (`valid=`).
  public let valid: Ratings?
  /// Item side features (`side=`).
  public let side: Items?
  /// User side features (`side=[works, people]`, a `users PATH` table).
  public let users: Users?
  public let progress: Progress

  public init(data: Ratings, options: FitOptions, valid: Ratings? = nil, side: Items? = nil, users: Users? = nil,
              progress: Progress = .silent) {
    self.data = data
    self.options = options
    self.valid = valid
    self.side = side
    self.users = users
    self.progress = progress
  }

  /// Whether kind `name` reads a user table (`side=[…, people]`): the FM kinds, which take it
  /// as a group of their design.
  public static func readsUserSide(_ name: String) -> Bool { ["fm", "deepfm", "bayesfm"].contains(name) }

  /// Whether kind `name` fits a bare design (`load format=libfm`, no users and items): the
  /// kinds that read only the design's groups, and the mean.
  public static func fitsBareDesigns(_ name: String) -> Bool { ["mean", "lr", "fm", "deepfm", "deep", "bayesfm"].contains(name) }

  /// The `seed` option, or 0 when the kind has none.
  public var seed: UInt64 { options.seed }
}

/// Fields shared by every fitted model.
public final class FitInfo {
  public let kind: String
  public let options: FitOptions
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
  /// The user table it was fitted with (`side=[…, people]`), kept in the session likewise.
  public var users: Users?

  public init(kind: String, options: FitOptions, userIds: IdMap, itemIds: IdMap, userCount: Int,
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
