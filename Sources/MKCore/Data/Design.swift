/// The sparse design matrix that factorization machines read (FM, DeepFM, Bayesian FM, and
/// later logistic regression and knowledge tracing).
///
/// One row per rating; columns in named groups: `user` (one-hot), `item` (one-hot), with
/// side information `tags` (the item's tags or genres from `items`, each row's group
/// normalized to sum 1, as is usual for libFM), and with numeric columns of the ratings file
/// (`load features=[age, hour]`) `features`, one column per numeric column. Columns are
/// numbered in the model's index space: user u is column u, item i is column U + i, tag t is
/// column U + I + t, feature c is column U + I + T + c, where U, I and T are the model's user,
/// item and tag counts. A user or item unknown to the model (-1) has no column in its row, so
/// only the other features speak for it: a cold-start item with tags is still placed by its tags.
///
/// Numeric features are standardized by default, x' = (x − μ) / σ with the mean μ and the
/// (population) standard deviation σ of the TRAINING ratings, kept in the layout so that test
/// rows are scaled the same way. Why: an FM multiplies a feature's value into both its linear
/// and its pairwise terms, and the one-hot columns have value 1; an unscaled age near 40 or a
/// Unix time near 10⁹ would take gradient steps that many times larger than the ids' and its
/// λ would mean something else entirely. Standardized, every column is of order 1, and x' = 0
/// is the training mean — the value a pair without a rating row (`recommend`, `predict USER
/// ITEM`) gets. A constant column (σ = 0) is only centered.
public struct FeatureLayout {
  /// A named block of columns: hyperpriors and regularization are per group.
  public struct Group: Equatable {
    public let name: String
    public let columns: Range<Int>
  }

  /// A numeric column of the ratings (`load features=`) and its training statistics.
  public struct Numeric: Equatable {
    public let name: String
    /// Mean and population standard deviation over the training ratings.
    public let mean: Float
    public let std: Float
    public init(name: String, mean: Float, std: Float) {
      self.name = name
      self.mean = mean
      self.std = std
    }
  }

  public let userCount: Int
  public let itemCount: Int
  /// Names of the side-feature columns (empty without `side=`).
  public let tagNames: [String]
  /// Row i: the side features of model item i, values summing to 1.
  public let itemTags: SparseRows
  /// The numeric columns of the ratings, in column order (empty without `load features=`).
  public let numeric: [Numeric]
  /// Whether numeric values enter the design standardized, (x − mean) / std.
  public let standardized: Bool

  public init(userCount: Int, itemCount: Int, tagNames: [String], itemTags: SparseRows,
              numeric: [Numeric] = [], standardized: Bool = true) {
    precondition(itemTags.rowCount == itemCount || tagNames.isEmpty)
    self.userCount = userCount
    self.itemCount = itemCount
    self.tagNames = tagNames
    self.itemTags = itemTags
    self.numeric = numeric
    self.standardized = standardized
  }

  /// This layout with the numeric columns of `training` (all its `featureNames`), their mean
  /// and standard deviation taken over its ratings.
  public func withNumeric(of training: Ratings, standardize: Bool) -> FeatureLayout {
    var out: [Numeric] = []
    for (c, name) in training.featureNames.enumerated() {
      var sum = 0.0, sq = 0.0
      let n = training.count
      for k in 0..<n { let x = Double(training.feature(c, k)); sum += x; sq += x * x }
      let mean = n == 0 ? 0 : sum / Double(n)
      let variance = n == 0 ? 0 : max(0, sq / Double(n) - mean * mean)
      out.append(Numeric(name: name, mean: Float(mean), std: Float(variance.squareRoot())))
    }
    return FeatureLayout(userCount: userCount, itemCount: itemCount, tagNames: tagNames, itemTags: itemTags,
                         numeric: out, standardized: standardize)
  }

  /// The same columns for `userCount` users (fold-in appends one).
  public func with(userCount: Int) -> FeatureLayout {
    FeatureLayout(userCount: userCount, itemCount: itemCount, tagNames: tagNames, itemTags: itemTags,
                  numeric: numeric, standardized: standardized)
  }

  /// The layout for a model over `userCount` users and `itemCount` items of `universe`, with
  /// the tags of `side` (looked up by universe item index) when given.
  public static func make(userCount: Int, itemCount: Int, side: Items?) -> FeatureLayout {
    guard let side else {
      return FeatureLayout(userCount: userCount, itemCount: itemCount, tagNames: [],
                           itemTags: SparseRows(rowCount: itemCount, rows: [], columns: [], values: []))
    }
    var rows: [Int32] = [], cols: [Int32] = [], vals: [Float] = []
    for i in 0..<itemCount {
      guard let r = side.row(ofItem: Int32(i)) else { continue }
      let span = side.tags.range(r)
      guard !span.isEmpty else { continue }
      let weight = 1 / Float(span.count)
      for p in span {
        rows.append(Int32(i))
        cols.append(side.tags.columns[p])
        vals.append(weight)
      }
    }
    return FeatureLayout(userCount: userCount, itemCount: itemCount, tagNames: side.tagNames,
                         itemTags: SparseRows(rowCount: itemCount, rows: rows, columns: cols, values: vals))
  }

  public var hasSide: Bool { !tagNames.isEmpty }
  public var hasNumeric: Bool { !numeric.isEmpty }
  /// First column of the `features` group.
  public var numericBase: Int { userCount + itemCount + tagNames.count }
  public var columnCount: Int { numericBase + numeric.count }
  public var numericNames: [String] { numeric.map(\.name) }

  /// The column groups, in column order.
  public var groups: [Group] {
    var g = [Group(name: "user", columns: 0..<userCount),
             Group(name: "item", columns: userCount..<(userCount + itemCount))]
    if hasSide { g.append(Group(name: "tags", columns: (userCount + itemCount)..<numericBase)) }
    if hasNumeric { g.append(Group(name: "features", columns: numericBase..<columnCount)) }
    return g
  }

  /// Index in `groups` of the group holding `column`.
  @inline(__always) public func group(of column: Int) -> Int {
    if column < userCount { return 0 }
    if column < userCount + itemCount { return 1 }
    let side = hasSide
    if side && column < numericBase { return 2 }
    return side ? 3 : 2
  }

  /// The design's value of numeric feature `c` for the raw value `x`: standardized or as is.
  @inline(__always) public func scaled(_ c: Int, _ x: Float) -> Float {
    guard standardized else { return x }
    let f = numeric[c]
    return f.std > 0 ? (x - f.mean) / f.std : x - f.mean
  }

  /// Appends the active features (column, value) of the pair (user, item), model indices,
  /// -1 for unknown. Numeric features, when the layout has them, take their training mean:
  /// this is the pair without a rating row (`recommend`, `predict USER ITEM`).
  @inline(__always)
  public func features(user: Int32, item: Int32, into out: inout [(column: Int32, value: Float)]) {
    features(user: user, item: item, numeric: nil, into: &out)
  }

  /// Appends the active features of one rating: (user, item) as above and `numeric`, the
  /// rating's raw values of the layout's numeric columns in order (nil: their training means).
  /// Zero values are left out, as in any sparse row.
  @inline(__always)
  public func features(user: Int32, item: Int32, numeric values: UnsafeBufferPointer<Float>?,
                       into out: inout [(column: Int32, value: Float)]) {
    if user >= 0 && Int(user) < userCount { out.append((user, 1)) }
    if item >= 0 && Int(item) < itemCount {
      out.append((Int32(userCount) + item, 1))
      if hasSide {
        let base = Int32(userCount + itemCount)
        for p in itemTags.range(Int(item)) { out.append((base + itemTags.columns[p], itemTags.values[p])) }
      }
    }
    guard hasNumeric else { return }
    let base = Int32(numericBase)
    for c in 0..<numeric.count {
      let x = scaled(c, values.map { $0[c] } ?? numeric[c].mean)
      if x != 0 { out.append((base + Int32(c), x)) }
    }
  }

  /// The raw values of this layout's numeric columns in `data`, column by column in `data`'s
  /// order; empty when the layout has none.
  /// - Throws: when `data` lacks a column the model was fitted with.
  public func numericColumns(of data: Ratings) throws -> [[Float]] {
    guard hasNumeric else { return [] }
    let have = data.featureNames
    return try numeric.map { f in
      guard let c = have.firstIndex(of: f.name) else {
        let names = numericNames.joined(separator: ", ")
        throw MKError(.value, "the model was fitted with features [\(names)]; '\(data.name)' lacks '\(f.name)'",
                      hint: "load it with features=[\(names)]")
      }
      return data.featureColumn(c)
    }
  }
}

/// Rows of features for a list of (user, item) pairs, with their targets.
public struct DesignMatrix {
  public let layout: FeatureLayout
  /// Row k: the active columns and values of pair k.
  public let rows: SparseRows
  /// The rating (or 0/1 outcome) of each row; zeros when built only to predict.
  public let target: [Float]

  /// The design of `pairs` (model indices; -1 unknown) under `layout`, with `numeric` the raw
  /// values of the layout's numeric columns, one array per column in layout order (from
  /// `layout.numericColumns(of:)`); empty gives every pair the training means.
  public init(layout: FeatureLayout, users: [Int32], items: [Int32], numeric: [[Float]] = [], target: [Float]? = nil) {
    precondition(users.count == items.count)
    precondition(numeric.isEmpty || (numeric.count == layout.numeric.count && numeric.allSatisfy { $0.count == users.count }))
    let perRow = numeric.isEmpty ? 0 : numeric.count
    var row = [Float](repeating: 0, count: perRow)
    var offsets = [Int](repeating: 0, count: users.count + 1)
    var cols: [Int32] = [], vals: [Float] = []
    cols.reserveCapacity(users.count * 3)
    vals.reserveCapacity(users.count * 3)
    var scratch: [(column: Int32, value: Float)] = []
    for k in 0..<users.count {
      scratch.removeAll(keepingCapacity: true)
      if perRow > 0 {
        for c in 0..<perRow { row[c] = numeric[c][k] }
        row.withUnsafeBufferPointer { layout.features(user: users[k], item: items[k], numeric: $0, into: &scratch) }
      } else {
        layout.features(user: users[k], item: items[k], into: &scratch)
      }
      for f in scratch { cols.append(f.column); vals.append(f.value) }
      offsets[k + 1] = cols.count
    }
    self.layout = layout
    self.rows = SparseRows(offsets: offsets, columns: cols, values: vals)
    self.target = target ?? [Float](repeating: 0, count: users.count)
  }

  /// The design of training data: its own universe's indices are the model's, and its numeric
  /// columns those of the layout (made from it by `withNumeric(of:)`).
  public init(training data: Ratings, layout: FeatureLayout) {
    self.init(layout: layout, users: data.userIndices, items: data.itemIndices,
              numeric: (try? layout.numericColumns(of: data)) ?? [], target: data.values)
  }

  public var count: Int { target.count }
}

extension ModelWriter {
  public mutating func layout(_ l: FeatureLayout) {
    int(l.userCount)
    int(l.itemCount)
    strings(l.tagNames)
    sparse(l.itemTags)
    strings(l.numeric.map(\.name))
    floats(l.numeric.map(\.mean))
    floats(l.numeric.map(\.std))
    int(l.standardized ? 1 : 0)
  }
}

extension ModelReader {
  public mutating func layout() throws -> FeatureLayout {
    let users = try int(), items = try int()
    let names = try strings()
    let tags = try sparse()
    let numericNames = try strings(), means = try floats(), stds = try floats(), standardized = try int()
    guard users >= 0, items >= 0, names.isEmpty || tags.rowCount == items,
          means.count == numericNames.count, stds.count == numericNames.count, standardized == 0 || standardized == 1 else {
      throw MKError(.io, "'\(path)': feature layout does not match its data")
    }
    let numeric = numericNames.indices.map { FeatureLayout.Numeric(name: numericNames[$0], mean: means[$0], std: stds[$0]) }
    return FeatureLayout(userCount: users, itemCount: items, tagNames: names, itemTags: tags,
                         numeric: numeric, standardized: standardized == 1)
  }
}
