/// The sparse design matrix that factorization machines read (FM, DeepFM, Bayesian FM, and
/// later logistic regression and knowledge tracing).
///
/// One row per rating; columns in a list of named groups (`FeatureGroup`), numbered in list
/// order: group g holds columns `groups[g].columns`. What the data carries builds the list
/// (`FeatureLayout.make`, Design+Standard.swift): `user` and `item` one-hot, with side
/// information `tags` (the item's tags or genres, each row's group normalized to sum 1, as is
/// usual for libFM), and with numeric columns of the ratings (`load features=[age, hour]`)
/// `features`, one column per numeric column, then one one-hot group per categorical column
/// (`load fields=[country]`), in that order. The learners only iterate over
/// the groups (a penalty, a hyperprior, a field of DeepFM per group), so a new group — a
/// categorical column, a user side table, win and fail counts — is added here alone.
///
/// A user or item unknown to the model (-1) has no entries from its groups, so only the other
/// features speak for it: a cold-start item with tags is still placed by its tags.
///
/// Numeric features are standardized by default, x' = (x − μ) / σ with the mean μ and the
/// (population) standard deviation σ of the TRAINING ratings, kept in the group so that test
/// rows are scaled the same way. Why: an FM multiplies a feature's value into both its linear
/// and its pairwise terms, and the one-hot columns have value 1; an unscaled age near 40 or a
/// Unix time near 10⁹ would take gradient steps that many times larger than the ids' and its
/// λ would mean something else entirely. Standardized, every column is of order 1, and x' = 0
/// is the training mean — the value a pair without a rating row (`recommend`, `predict USER
/// ITEM`) gets. A constant column (σ = 0) is only centered.
public struct FeatureLayout {
  /// A group placed in the design: its definition and its block of columns.
  public struct Group {
    public let feature: FeatureGroup
    public let columns: Range<Int>
    /// Per-row groups: where the group's raw values start among the ratings' columns the
    /// layout reads (`rowColumnNames`); encoded groups: its index in `encodedGroupNames`.
    let rowValueStart: Int
    public var name: String { feature.name }
    public var kind: FeatureGroup.Kind { feature.kind }
    public var source: FeatureGroup.Source { feature.source }
  }

  public let userCount: Int
  public let itemCount: Int
  /// The column groups, in column order.
  public let groups: [Group]
  public let columnCount: Int
  /// The ratings' columns the per-row groups read, in group order: what `rowColumns(of:)`
  /// returns and `DesignMatrix` takes.
  public let rowColumnNames: [String]
  /// The encoded groups (`encode`) the layout reads from each rating, in group order: what
  /// `encodedTables(of:)` returns and `DesignMatrix` takes.
  public let encodedGroupNames: [String]
  /// The end column of each group, for `group(of:)` in the learners' inner loops.
  private let groupEnds: [Int]

  /// A layout of `groups` in this order over `userCount` users and `itemCount` items; a group
  /// per user or item has a table row (or one-hot column) for each.
  public init(userCount: Int, itemCount: Int, groups features: [FeatureGroup]) {
    var placed: [Group] = [], start = 0, names: [String] = [], encoded: [String] = []
    for f in features {
      let count = f.source == .user ? userCount : itemCount
      precondition(f.isPerRow || (f.table?.rowCount ?? f.width) == count, "group '\(f.name)' has a row per \(f.source)")
      placed.append(Group(feature: f, columns: start..<(start + f.width),
                          rowValueStart: f.source == .encoded ? encoded.count : names.count))
      start += f.width
      if f.source == .row { names += f.columns.map(\.name) }
      if f.source == .encoded { encoded.append(f.name) }
    }
    self.userCount = userCount
    self.itemCount = itemCount
    self.groups = placed
    self.columnCount = start
    self.rowColumnNames = names
    self.encodedGroupNames = encoded
    self.groupEnds = placed.map(\.columns.upperBound)
  }

  public var features: [FeatureGroup] { groups.map(\.feature) }

  /// This layout with `group` added after the others (or in place of the group of its name).
  public func adding(_ group: FeatureGroup) -> FeatureLayout {
    var list = features
    if let g = list.firstIndex(where: { $0.name == group.name }) { list[g] = group } else { list.append(group) }
    return FeatureLayout(userCount: userCount, itemCount: itemCount, groups: list)
  }

  /// The same groups for `userCount` users (fold-in appends one, without side entries).
  public func with(userCount: Int) -> FeatureLayout {
    FeatureLayout(userCount: userCount, itemCount: itemCount,
                  groups: features.map { $0.source == .user ? $0.resized(to: userCount) : $0 })
  }

  /// Index in `groups` of the group named `name`.
  public func group(named name: String) -> Int? { groups.firstIndex { $0.name == name } }

  /// Index in `groups` of the one-hot group of the user's (or item's) own column.
  public func identityGroup(_ source: FeatureGroup.Source) -> Int? {
    groups.firstIndex { $0.source == source && $0.feature.isIdentity }
  }

  /// Index in `groups` of the group holding `column`.
  @inline(__always) public func group(of column: Int) -> Int {
    var g = 0
    while g + 1 < groupEnds.count && column >= groupEnds[g] { g += 1 }
    return g
  }

  /// Appends the active features (column, value) of the pair (user, item), model indices,
  /// -1 for unknown. Per-row groups read what a pair without a rating row has: numeric
  /// columns their training mean (`recommend`, `predict USER ITEM`), counts nothing.
  @inline(__always)
  public func features(user: Int32, item: Int32, into out: inout [(column: Int32, value: Float)]) {
    features(user: user, item: item, numeric: nil, into: &out)
  }

  /// Appends the active features of one rating: (user, item) as above and `numeric`, the
  /// rating's raw values of `rowColumnNames` in order (nil: a pair without a rating row).
  /// `identity` says whether the user's and the item's own one-hot columns are present (a
  /// model leaves out those it never learned; their side entries stay). Zero values are left
  /// out, as in any sparse row.
  /// `encoded` holds the rating's entries of the encoded groups (`encodedTables(of:)`, row
  /// `row`); nil: a pair without a rating row, which has none.
  @inline(__always)
  public func features(user: Int32, item: Int32, numeric values: UnsafeBufferPointer<Float>?,
                       encoded: (tables: [SparseRows], row: Int)? = nil,
                       identity: (user: Bool, item: Bool) = (true, true),
                       into out: inout [(column: Int32, value: Float)]) {
    let knownUser = user >= 0 && Int(user) < userCount, knownItem = item >= 0 && Int(item) < itemCount
    for g in groups {
      let f = g.feature, base = Int32(g.columns.lowerBound)
      switch f.source {
      case .user, .item:
        let isUser = f.source == .user
        guard isUser ? knownUser : knownItem else { continue }
        let e = isUser ? user : item
        if let t = f.table {
          for p in t.range(Int(e)) { out.append((base + t.columns[p], t.values[p])) }
        } else if isUser ? identity.user : identity.item {
          out.append((base + e, 1))
        }
      case .row:
        let start = g.rowValueStart
        switch f.kind {
        case .oneHot:
          guard let code = values?[start], let k = Int(exactly: code), k >= 0, k < f.width else { continue }
          out.append((base + Int32(k), 1))
        case .numeric, .counts, .multiHot:
          for c in 0..<f.width {
            guard let raw = values.map({ $0[start + c] }) ?? f.missingValue(c) else { continue }
            let x = f.kind == .numeric ? f.scaled(c, raw) : raw
            if x != 0 { out.append((base + Int32(c), x)) }
          }
        }
      case .encoded:
        guard let encoded else { continue }
        let t = encoded.tables[g.rowValueStart], width = Int32(f.width)
        for p in t.range(encoded.row) where t.columns[p] < width && t.values[p] != 0 {
          out.append((base + t.columns[p], t.values[p]))
        }
      }
    }
  }

  /// Whether item `item` has entries from a table of its own (tags), beside its one-hot column.
  public func hasSideEntries(item: Int32) -> Bool {
    guard item >= 0, Int(item) < itemCount else { return false }
    return groups.contains { $0.source == .item && ($0.feature.table?.length(Int(item)) ?? 0) > 0 }
  }

  /// The most entries a pair without a rating row can have (scratch sizes).
  public var maxPairEntries: Int {
    groups.reduce(0) { n, g in
      let f = g.feature
      switch f.source {
      case .row: return n + (f.kind == .numeric ? f.width : 0)
      case .encoded: return n
      case .user, .item:
        guard let t = f.table else { return n + 1 }
        return n + (0..<t.rowCount).reduce(0) { max($0, t.length($1)) }
      }
    }
  }

  /// The raw values of `rowColumnNames` in `data`, column by column in `data`'s order; empty
  /// when the layout has no per-row group. A numeric or counts group reads `data`'s numeric
  /// columns (`featureNames`); a category group its categorical column (`categoryNames`),
  /// each code as a Float (exact below 2²⁴), translated by level name when the group names
  /// its levels, -1 where the data's level is missing or unknown to the model.
  /// - Throws: when `data` lacks a column the model was fitted with.
  public func rowColumns(of data: Ratings) throws -> [[Float]] {
    guard !rowColumnNames.isEmpty else { return [] }
    var out: [[Float]] = []
    for g in groups where g.source == .row {
      for column in g.feature.columns {
        let f = g.feature
        if f.isField || (f.isCategory && data.categoryNames.contains(column.name)) {
          out.append(try categoryCodes(column.name, of: data, levels: f.levels))
        } else {
          out.append(try numericColumn(column.name, of: data))  // numbers, or codes kept as numbers
        }
      }
    }
    return out
  }

  private func numericColumn(_ name: String, of data: Ratings) throws -> [Float] {
    guard let c = data.featureNames.firstIndex(of: name) else {
      let names = groups.filter { $0.source == .row && !$0.feature.isField }.flatMap { $0.feature.columns.map(\.name) }
        .joined(separator: ", ")
      throw MKError(.value, "the model was fitted with features [\(names)]; '\(data.name)' lacks '\(name)'",
                    hint: "load it with features=[\(names)]")
    }
    return data.featureColumn(c)
  }

  private func categoryCodes(_ name: String, of data: Ratings, levels: [String]) throws -> [Float] {
    guard let c = data.categoryNames.firstIndex(of: name) else {
      let names = groups.filter { $0.feature.isField }.flatMap { $0.feature.columns.map(\.name) }.joined(separator: ", ")
      throw MKError(.value, "the model was fitted with fields [\(names)]; '\(data.name)' lacks '\(name)'",
                    hint: "load it with fields=[\(names)]")
    }
    let codes = data.categoryColumn(c)
    guard !levels.isEmpty else { return codes.map { Float($0) } }
    // The data's level k is the model's level named the same, when there is one.
    let dataLevels = data.universe.categories(named: name)
    var modelCode: [String: Int32] = [:]
    for (k, l) in levels.enumerated() { modelCode[l] = Int32(k) }
    let translated = (0..<dataLevels.count).map { modelCode[dataLevels[$0]] ?? -1 }
    return codes.map { $0 >= 0 && Int($0) < translated.count ? Float(translated[Int($0)]) : -1 }
  }
}

extension FeatureLayout {
  /// Whether the design reads more of a rating than its user and item: numeric columns
  /// (`load features=`) or encoded groups (`encode`).
  public var readsRows: Bool { !rowColumnNames.isEmpty || !encodedGroupNames.isEmpty }

  /// The entries of the encoded groups for each rating of `data`, one table per name of
  /// `encodedGroupNames`, row k = rating k of `data`; empty when the layout has none.
  /// - Throws: when `data` is not encoded, or not with these groups.
  public func encodedTables(of data: Ratings) throws -> [SparseRows] {
    guard !encodedGroupNames.isEmpty else { return [] }
    let names = encodedGroupNames.joined(separator: ", ")
    guard let encoding = data.encoding else {
      throw MKError(.value, "the model was fitted on encoded data (groups \(names)); '\(data.name)' is not encoded",
                    hint: "encode it the same way: encode DATA as=… skills=…")
    }
    return try encodedGroupNames.map { name in
      guard let g = encoding.group(named: name) else {
        throw MKError(.value, "the model was fitted on encoded data (groups \(names)); '\(data.name)' has no group '\(name)' (it is encoded as=\(encoding.scheme.rawValue))",
                      hint: "encode it with the scheme the model was fitted on")
      }
      let levels = groups.first { $0.source == .encoded && $0.name == name }?.feature.levels ?? []
      // The data's skill s is the model's skill of the same name (-1: unknown to the model).
      let dataLevels = g.levels ?? encoding.skillNames
      var column: [Int32]?
      if !levels.isEmpty && levels != dataLevels {
        var modelColumn: [String: Int32] = [:]
        for (c, l) in levels.enumerated() { modelColumn[l] = Int32(c) }
        column = dataLevels.map { modelColumn[$0] ?? -1 }
      }
      if data.rows == nil && column == nil { return g.rows }
      var offsets = [0], cols: [Int32] = [], vals: [Float] = []
      offsets.reserveCapacity(data.count + 1)
      for k in 0..<data.count {
        for p in g.rows.range(data.row(k)) {
          let c = column.map { $0[Int(g.rows.columns[p])] } ?? g.rows.columns[p]
          if c >= 0 { cols.append(c); vals.append(g.rows.values[p]) }
        }
        offsets.append(cols.count)
      }
      return SparseRows(offsets: offsets, columns: cols, values: vals)
    }
  }

  /// Throws when `data` lacks what the design reads from each rating (its numeric columns or
  /// its encoding).
  public func checkRows(of data: Ratings) throws {
    _ = try rowColumns(of: data)
    _ = try encodedTables(of: data)
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
  /// values of the ratings' columns the layout's per-row groups read, one array per name of
  /// `layout.rowColumnNames` (from `layout.rowColumns(of:)`); empty gives every pair what a
  /// pair without a rating row reads (numeric columns: the training means). `identity` says
  /// per pair whether its user's and item's own one-hot columns are present (default: all).
  /// `encoded`, from `layout.encodedTables(of:)`, the pairs' entries of the encoded groups
  /// (row k for pair k); empty: none.
  public init(layout: FeatureLayout, users: [Int32], items: [Int32], numeric: [[Float]] = [],
              encoded: [SparseRows] = [], target: [Float]? = nil,
              identity: ((_ user: Int32, _ item: Int32) -> (user: Bool, item: Bool))? = nil) {
    precondition(users.count == items.count)
    precondition(numeric.isEmpty || (numeric.count == layout.rowColumnNames.count && numeric.allSatisfy { $0.count == users.count }))
    precondition(encoded.isEmpty || (encoded.count == layout.encodedGroupNames.count && encoded.allSatisfy { $0.rowCount == users.count }))
    let perRow = numeric.isEmpty ? 0 : numeric.count
    var row = [Float](repeating: 0, count: perRow)
    var offsets = [Int](repeating: 0, count: users.count + 1)
    var cols: [Int32] = [], vals: [Float] = []
    cols.reserveCapacity(users.count * 3)
    vals.reserveCapacity(users.count * 3)
    var scratch: [(column: Int32, value: Float)] = []
    for k in 0..<users.count {
      scratch.removeAll(keepingCapacity: true)
      let present = identity?(users[k], items[k]) ?? (true, true)
      let entries = encoded.isEmpty ? nil : (tables: encoded, row: k)
      if perRow > 0 {
        for c in 0..<perRow { row[c] = numeric[c][k] }
        row.withUnsafeBufferPointer {
          layout.features(user: users[k], item: items[k], numeric: $0, encoded: entries, identity: present, into: &scratch)
        }
      } else {
        layout.features(user: users[k], item: items[k], numeric: nil, encoded: entries, identity: present, into: &scratch)
      }
      for f in scratch { cols.append(f.column); vals.append(f.value) }
      offsets[k + 1] = cols.count
    }
    self.layout = layout
    self.rows = SparseRows(offsets: offsets, columns: cols, values: vals)
    self.target = target ?? [Float](repeating: 0, count: users.count)
  }

  /// The design of training data: its own universe's indices are the model's, and its per-row
  /// columns those of the layout (made from it, see `FeatureLayout.make(training:...)`).
  public init(training data: Ratings, layout: FeatureLayout) {
    self.init(layout: layout, users: data.userIndices, items: data.itemIndices,
              numeric: (try? layout.rowColumns(of: data)) ?? [], encoded: (try? layout.encodedTables(of: data)) ?? [],
              target: data.values)
  }

  /// The design of the ratings of `data` at model indices `pairs` (-1 unknown), each rating
  /// with what the layout reads from it (numeric columns, encoded groups); where `data` lacks
  /// them (see `FeatureLayout.checkRows`), what a pair without a rating row reads.
  public init(layout: FeatureLayout, ratings data: Ratings, pairs: (users: [Int32], items: [Int32]),
              target: [Float]? = nil) {
    self.init(layout: layout, users: pairs.users, items: pairs.items,
              numeric: (try? layout.rowColumns(of: data)) ?? [], encoded: (try? layout.encodedTables(of: data)) ?? [],
              target: target)
  }

  /// A design from ready rows under `layout`.
  init(layout: FeatureLayout, prebuiltRows rows: SparseRows, target: [Float]) {
    self.layout = layout
    self.rows = rows
    self.target = target
  }

  public var count: Int { target.count }
}

