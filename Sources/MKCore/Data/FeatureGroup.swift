/// One named group of columns of the sparse design (`FeatureLayout`): what kind of values it
/// holds and where they come from. The learners (fm, deepfm, bayesfm) see only the list of
/// groups — a penalty or a hyperprior per group, a field per group — so a new group is made
/// here, in the data layer, and nothing else changes.
///
/// Sources: per user or per item, a group is either the entity's own one-hot column (no
/// table) or a row of a table indexed by the model's user or item index (an item's tags); per
/// rating row, it reads named numeric columns of the ratings (`load features=`), so test data
/// must carry the same columns. A user or item unknown to the model (-1) gets no entries from
/// its groups.
public struct FeatureGroup {
  public enum Kind: String, Equatable, CaseIterable {
    /// One column per value, value 1: the user's, the item's, or a per-row category code.
    case oneHot = "one-hot"
    /// Several columns with weights (an item's tags, each row summing to 1).
    case multiHot = "multi-hot"
    /// One column per numeric column of the ratings, standardized or raw.
    case numeric
    /// Nonnegative counts read as they are (win and fail counts of knowledge tracing).
    case counts
  }

  public enum Source: String, Equatable, CaseIterable {
    case user, item, row
    /// Per row, sparse entries from the data's encoding (`encode`): the group of that name.
    case encoded
  }

  /// A numeric column of the ratings that a per-row group reads, with its training statistics.
  public struct Column: Equatable {
    public let name: String
    /// Mean and population standard deviation over the training ratings.
    public let mean: Float
    public let std: Float
    public init(name: String, mean: Float = 0, std: Float = 0) {
      self.name = name
      self.mean = mean
      self.std = std
    }
  }

  public let name: String
  public let kind: Kind
  public let source: Source
  /// Number of columns.
  public let width: Int
  /// Per user or item: row e holds entity e's entries (column within the group, value); nil
  /// for the entity's own one-hot column.
  public let table: SparseRows?
  /// Per row: the ratings' columns read (numeric and counts: one a design column; oneHot: one
  /// column holding the category code 0..<width).
  public let columns: [Column]
  /// Numeric groups: whether values enter as (x − mean) / std (a constant column is centered).
  public let standardized: Bool
  /// Per-row categories: the level of each code 0..<width at fit time, so that data whose
  /// session numbered the levels otherwise (a model opened from a file) is read by level name;
  /// empty: codes are read as they are.
  public let levels: [String]

  init(name: String, kind: Kind, source: Source, width: Int, table: SparseRows? = nil, columns: [Column] = [],
       standardized: Bool = false, levels: [String] = []) {
    self.name = name
    self.kind = kind
    self.source = source
    self.width = width
    self.table = table
    self.columns = columns
    self.standardized = standardized
    self.levels = levels
  }

  /// The one-hot column of each of `count` users or items.
  public static func identity(_ name: String, of source: Source, count: Int) -> FeatureGroup {
    precondition(source == .user || source == .item)
    return FeatureGroup(name: name, kind: .oneHot, source: source, width: count)
  }

  /// Weighted columns per user or item from `table` (row = model index, `width` columns),
  /// each nonempty row scaled to sum 1, as is usual for libFM.
  public static func multiHot(_ name: String, of source: Source, table: SparseRows, width: Int) -> FeatureGroup {
    precondition(source == .user || source == .item)
    var values = table.values
    for r in 0..<table.rowCount {
      let span = table.range(r)
      var sum: Float = 0
      for p in span { sum += values[p] }
      if sum != 0 { for p in span { values[p] /= sum } }
    }
    return FeatureGroup(name: name, kind: .multiHot, source: source, width: width,
                        table: SparseRows(offsets: table.offsets, columns: table.columns, values: values))
  }

  /// Columns per user or item from `table` taken as they are (row = model index, `width`
  /// columns): a user table's one-hot levels and standardized numbers (`users PATH`).
  public static func attributes(_ name: String, of source: Source, table: SparseRows, width: Int) -> FeatureGroup {
    precondition(source != .row)
    return FeatureGroup(name: name, kind: .multiHot, source: source, width: width, table: table)
  }

  /// One column per numeric column of the ratings, with the statistics of `training`.
  /// - Throws: when `training` lacks one of `names`.
  public static func numeric(_ name: String, columns names: [String], of training: Ratings,
                             standardize: Bool) throws -> FeatureGroup {
    let columns = try names.map { c -> Column in
      let values = try column(c, of: training)
      var sum = 0.0, sq = 0.0
      for x in values { sum += Double(x); sq += Double(x) * Double(x) }
      let n = values.count
      let mean = n == 0 ? 0 : sum / Double(n)
      let variance = n == 0 ? 0 : max(0, sq / Double(n) - mean * mean)
      return Column(name: c, mean: Float(mean), std: Float(variance.squareRoot()))
    }
    return FeatureGroup(name: name, kind: .numeric, source: .row, width: columns.count, columns: columns,
                        standardized: standardize)
  }

  /// A per-row category: the ratings' categorical column `column` (`load fields=`) holds a
  /// code 0..<count (-1, or a code past `count`: no column), one-hot. `levels`, when given,
  /// names each code (count of them), and data is then matched to them by name.
  public static func category(_ name: String, column: String, count: Int, levels: [String] = []) -> FeatureGroup {
    precondition(levels.isEmpty || levels.count == count)
    return FeatureGroup(name: name, kind: .oneHot, source: .row, width: count, columns: [Column(name: column)],
                        levels: levels)
  }

  /// Whether the group is a per-row category (its codes from a categorical column, or from a
  /// numeric column holding codes).
  public var isCategory: Bool { source == .row && kind == .oneHot }
  /// Whether the group is a categorical column of the ratings with named levels (`load
  /// fields=`), which test data must carry as a categorical column too.
  public var isField: Bool { isCategory && !levels.isEmpty }

  /// Per-row counts read from the ratings' columns `names`, one design column each, raw.
  public static func counts(_ name: String, columns names: [String]) -> FeatureGroup {
    FeatureGroup(name: name, kind: .counts, source: .row, width: names.count, columns: names.map { Column(name: $0) })
  }

  /// Per-row entries read from the encoding of the data (`encode`), its group `name`.
  /// `levels` names the columns (the skills), so that data encoded in another session is
  /// read by skill name.
  public static func encoded(_ name: String, kind: Kind, width: Int, levels: [String]) -> FeatureGroup {
    precondition(levels.count == width)
    return FeatureGroup(name: name, kind: kind, source: .encoded, width: width, levels: levels)
  }

  /// Whether the group is the user's or the item's own one-hot column.
  public var isIdentity: Bool { (source == .user || source == .item) && table == nil }
  /// Whether the group's values come with each rating row (numeric columns, encoded counts).
  public var isPerRow: Bool { source == .row || source == .encoded }
  /// Whether nearly every row has a value in each column (numeric columns): nothing is gained
  /// by drawing such columns in parallel blocks (`BayesFMSampler`).
  public var isDense: Bool { kind == .numeric }

  /// The design's value of column `c` of a numeric group for the raw value `x`.
  @inline(__always) public func scaled(_ c: Int, _ x: Float) -> Float {
    guard standardized else { return x }
    let f = columns[c]
    return f.std > 0 ? (x - f.mean) / f.std : x - f.mean
  }

  /// What a pair without a rating row reads for column `c` of a per-row group: numeric
  /// columns their training mean, counts and categories nothing.
  @inline(__always) func missingValue(_ c: Int) -> Float? { kind == .numeric ? columns[c].mean : nil }

  /// The same group for `count` entities of its source (fold-in appends a user without side
  /// entries).
  func resized(to count: Int) -> FeatureGroup {
    guard !isPerRow else { return self }
    let grown = table.map { t -> SparseRows in
      precondition(count >= t.rowCount)
      let last = t.offsets.last ?? 0
      return SparseRows(offsets: t.offsets + [Int](repeating: last, count: count - t.rowCount), columns: t.columns,
                        values: t.values)
    }
    return FeatureGroup(name: name, kind: kind, source: source, width: table == nil ? count : width, table: grown,
                        columns: columns, standardized: standardized, levels: levels)
  }

  /// The ratings' column `name` of `data`.
  /// - Throws: when `data` lacks it.
  static func column(_ name: String, of data: Ratings) throws -> [Float] {
    guard let c = data.featureNames.firstIndex(of: name) else {
      throw MKError(.value, "'\(data.name)' has no column '\(name)'", hint: "load it with features=[\(name)]")
    }
    return data.featureColumn(c)
  }
}
