/// An immutable set of (user, item, value[, time]) triples over a `Universe`.
///
/// Storage is parallel arrays (`RatingStore`, 12 bytes a rating, 16 with time). A split or subset
/// is the parent's store plus a list of row numbers, never a copy. CSR (by user) and CSC (by
/// item) views, and a split's gathered columns (`userIndices`, `itemIndices`, `values`), are
/// built once, on first use, and cached (see `Ratings+Views.swift`).
public final class Ratings {
  /// How values are written in the source: plain numbers, Mangaki's words, or 0/1 outcomes.
  public enum Scale: String, Equatable {
    case numeric, mangakiWords, binary
  }

  public let universe: Universe
  public let store: RatingStore
  /// Rows of `store` in this set; nil means all of them.
  public let rows: [Int32]?
  /// Where this set came from: a path, or "train of ratings", for displays and errors.
  public let name: String
  public let scale: Scale
  /// Side information that came with the data (`generate ... tags=`), if any.
  public let items: Items?
  /// Knowledge-tracing features (`encode DATA as=…`), indexed by store row, if encoded.
  public let encoding: Encoding?

  let cache = ViewCache()

  public init(universe: Universe, store: RatingStore, rows: [Int32]? = nil, name: String,
              scale: Scale, items: Items? = nil, encoding: Encoding? = nil) {
    self.universe = universe
    self.store = store
    self.rows = rows
    self.name = name
    self.scale = scale
    self.items = items
    self.encoding = encoding
  }

  public var count: Int { rows?.count ?? store.count }
  public var isBinary: Bool { scale == .binary }
  public var hasTime: Bool { store.time != nil }
  /// Users and items known to the universe (not only those rated here).
  public var userCount: Int { universe.users.count }
  public var itemCount: Int { universe.items.count }

  @inline(__always) public func row(_ k: Int) -> Int { rows.map { Int($0[k]) } ?? k }
  @inline(__always) public func user(_ k: Int) -> Int32 { store.user[row(k)] }
  @inline(__always) public func item(_ k: Int) -> Int32 { store.item[row(k)] }
  @inline(__always) public func value(_ k: Int) -> Float { store.value[row(k)] }
  /// Names of the numeric columns kept with each rating (`load features=`).
  public var featureNames: [String] { store.featureNames }
  /// Value of numeric feature `c` (an index in `featureNames`) for rating k.
  @inline(__always) public func feature(_ c: Int, _ k: Int) -> Float { store.features[c][row(k)] }
  /// Names of the categorical columns kept with each rating (`load fields=`, a sequence
  /// file's `skill`); their levels are `universe.categories(named:)`.
  public var categoryNames: [String] { store.categoryNames }
  /// Level of categorical column `c` (an index in `categoryNames`) for rating k; -1 missing.
  @inline(__always) public func category(_ c: Int, _ k: Int) -> Int32 { store.categories[c][row(k)] }
  /// Seconds since the epoch, when the data has a time column.
  public func time(_ k: Int) -> Int64? {
    guard let t = store.time else { return nil }
    return store.timeBase + Int64(t[row(k)])
  }

  /// A subset of these ratings: `ks` are positions in this set (0..<count).
  public func subset(_ ks: [Int32], name: String) -> Ratings {
    let parentRows: [Int32]
    if let rows { parentRows = ks.map { rows[Int($0)] } } else { parentRows = ks }
    return Ratings(universe: universe, store: store, rows: parentRows, name: name, scale: scale, items: items,
                   encoding: encoding)
  }

  /// Mean of the values, accumulated in Double.
  public var mean: Double {
    guard count > 0 else { return 0 }
    var s = 0.0
    for k in 0..<count { s += Double(value(k)) }
    return s / Double(count)
  }

  /// Smallest and largest value (the rating scale predictions are clipped to).
  public var range: ClosedRange<Float> {
    cache.range {
      var lo = Float.infinity, hi = -Float.infinity
      for k in 0..<count { let v = value(k); lo = min(lo, v); hi = max(hi, v) }
      return count == 0 ? 0...0 : lo...hi
    }
  }
}

/// Parallel arrays holding loaded ratings. 12 bytes a rating, plus 4 with a time column
/// (seconds relative to `timeBase`), plus 4 per numeric feature column (`load features=`),
/// plus 4 per categorical column (`load fields=`).
public final class RatingStore {
  public let user: [Int32]
  public let item: [Int32]
  public let value: [Float]
  public let time: [Int32]?
  public let timeBase: Int64
  /// Names of the numeric columns kept per rating (`load features=[age, hour]`), in order.
  public let featureNames: [String]
  /// features[c][row]: the value of column `featureNames[c]` for each rating, column-major so
  /// one feature is one contiguous array.
  public let features: [[Float]]
  /// Names of the categorical columns kept per rating (`load fields=[country]`), in order.
  public let categoryNames: [String]
  /// categories[c][row]: the level (an index of `Universe.categories(named: categoryNames[c])`,
  /// shared by every file of the session) of each rating, -1 when missing; column-major.
  public let categories: [[Int32]]

  public init(user: [Int32], item: [Int32], value: [Float], time: [Int32]? = nil, timeBase: Int64 = 0,
              featureNames: [String] = [], features: [[Float]] = [],
              categoryNames: [String] = [], categories: [[Int32]] = []) {
    precondition(user.count == item.count && item.count == value.count)
    precondition(featureNames.count == features.count && features.allSatisfy { $0.count == value.count })
    precondition(categoryNames.count == categories.count && categories.allSatisfy { $0.count == value.count })
    self.user = user
    self.item = item
    self.value = value
    self.time = time
    self.timeBase = timeBase
    self.featureNames = featureNames
    self.features = features
    self.categoryNames = categoryNames
    self.categories = categories
  }

  public var count: Int { value.count }

  /// Bytes held by the arrays (capacity, not count), for memory reports.
  public var bytes: Int {
    user.capacity * 4 + item.capacity * 4 + value.capacity * 4 + (time?.capacity ?? 0) * 4
      + features.reduce(0) { $0 + $1.capacity * 4 } + categories.reduce(0) { $0 + $1.capacity * 4 }
  }
}
