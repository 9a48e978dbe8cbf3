/// The sparse design matrix that factorization machines read (FM, DeepFM, Bayesian FM, and
/// later logistic regression and knowledge tracing).
///
/// One row per rating; columns in named groups: `user` (one-hot), `item` (one-hot), and with
/// side information `tags` (the item's tags or genres from `items`, each row's group
/// normalized to sum 1, as is usual for libFM). Columns are numbered in the model's index
/// space: user u is column u, item i is column U + i, tag t is column U + I + t, where U and I
/// are the model's user and item counts. A user or item unknown to the model (-1) has no
/// column in its row, so only the other features speak for it: a cold-start item with tags is
/// still placed by its tags.
public struct FeatureLayout {
  /// A named block of columns: hyperpriors and regularization are per group.
  public struct Group: Equatable {
    public let name: String
    public let columns: Range<Int>
  }

  public let userCount: Int
  public let itemCount: Int
  /// Names of the side-feature columns (empty without `side=`).
  public let tagNames: [String]
  /// Row i: the side features of model item i, values summing to 1.
  public let itemTags: SparseRows

  public init(userCount: Int, itemCount: Int, tagNames: [String], itemTags: SparseRows) {
    precondition(itemTags.rowCount == itemCount || tagNames.isEmpty)
    self.userCount = userCount
    self.itemCount = itemCount
    self.tagNames = tagNames
    self.itemTags = itemTags
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
  public var columnCount: Int { userCount + itemCount + tagNames.count }

  /// The column groups, in column order.
  public var groups: [Group] {
    var g = [Group(name: "user", columns: 0..<userCount),
             Group(name: "item", columns: userCount..<(userCount + itemCount))]
    if hasSide { g.append(Group(name: "tags", columns: (userCount + itemCount)..<columnCount)) }
    return g
  }

  /// Index in `groups` of the group holding `column`.
  @inline(__always) public func group(of column: Int) -> Int {
    column < userCount ? 0 : column < userCount + itemCount ? 1 : 2
  }

  /// Appends the active features (column, value) of the pair (user, item), model indices,
  /// -1 for unknown.
  @inline(__always)
  public func features(user: Int32, item: Int32, into out: inout [(column: Int32, value: Float)]) {
    if user >= 0 && Int(user) < userCount { out.append((user, 1)) }
    if item >= 0 && Int(item) < itemCount {
      out.append((Int32(userCount) + item, 1))
      if hasSide {
        let base = Int32(userCount + itemCount)
        for p in itemTags.range(Int(item)) { out.append((base + itemTags.columns[p], itemTags.values[p])) }
      }
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

  /// The design of `pairs` (model indices; -1 unknown) under `layout`.
  public init(layout: FeatureLayout, users: [Int32], items: [Int32], target: [Float]? = nil) {
    precondition(users.count == items.count)
    var offsets = [Int](repeating: 0, count: users.count + 1)
    var cols: [Int32] = [], vals: [Float] = []
    cols.reserveCapacity(users.count * 3)
    vals.reserveCapacity(users.count * 3)
    var scratch: [(column: Int32, value: Float)] = []
    for k in 0..<users.count {
      scratch.removeAll(keepingCapacity: true)
      layout.features(user: users[k], item: items[k], into: &scratch)
      for f in scratch { cols.append(f.column); vals.append(f.value) }
      offsets[k + 1] = cols.count
    }
    self.layout = layout
    self.rows = SparseRows(offsets: offsets, columns: cols, values: vals)
    self.target = target ?? [Float](repeating: 0, count: users.count)
  }

  /// The design of training data: its own universe's indices are the model's.
  public init(training data: Ratings, layout: FeatureLayout) {
    self.init(layout: layout, users: data.userIndices, items: data.itemIndices, target: data.values)
  }

  public var count: Int { target.count }
}

extension ModelWriter {
  public mutating func layout(_ l: FeatureLayout) {
    int(l.userCount)
    int(l.itemCount)
    strings(l.tagNames)
    sparse(l.itemTags)
  }
}

extension ModelReader {
  public mutating func layout() throws -> FeatureLayout {
    let users = try int(), items = try int()
    let names = try strings()
    let tags = try sparse()
    guard users >= 0, items >= 0, names.isEmpty || tags.rowCount == items else {
      throw MKError(.io, "'\(path)': feature layout does not match its data")
    }
    return FeatureLayout(userCount: users, itemCount: items, tagNames: names, itemTags: tags)
  }
}
