/// A feature layout in a model file.
///
/// Format 2 (model files of version 2): the user and item counts, then the groups in order,
/// each with its name, kind, source, width, table (per user or item groups that have one),
/// the ratings' columns it reads with their training mean and std, and whether it is
/// standardized; from version 3, a category group's level names. Format 1 (model files of version 1) had four fixed groups: user and item
/// counts, tag names and the item × tag matrix, the numeric columns' names, means and stds,
/// and one standardized flag; it is still read, into the same groups.
extension ModelWriter {
  public mutating func layout(_ l: FeatureLayout) {
    int(l.userCount)
    int(l.itemCount)
    int(l.groups.count)
    for g in l.features {
      string(g.name)
      string(g.kind.rawValue)
      string(g.source.rawValue)
      int(g.width)
      bool(g.table != nil)
      if let t = g.table { sparse(t) }
      strings(g.columns.map(\.name))
      floats(g.columns.map(\.mean))
      floats(g.columns.map(\.std))
      bool(g.standardized)
      strings(g.levels)
    }
  }
}

extension ModelReader {
  public mutating func layout() throws -> FeatureLayout {
    version < 2 ? try layoutVersion1() : try layoutVersion2()
  }

  private mutating func layoutVersion2() throws -> FeatureLayout {
    func bad() -> MKError { MKError(.io, "'\(path)': feature layout does not match its data") }
    let users = try int(), items = try int(), count = try count()
    guard users >= 0, items >= 0 else { throw bad() }
    var groups: [FeatureGroup] = []
    for _ in 0..<count {
      let name = try string()
      guard let kind = FeatureGroup.Kind(rawValue: try string()), let source = FeatureGroup.Source(rawValue: try string())
      else { throw bad() }
      let width = try int()
      let table = try bool() ? try sparse() : nil
      let names = try strings(), means = try floats(), stds = try floats()
      let standardized = try bool()
      let levels = version >= 3 ? try strings() : []
      let rows = source == .user ? users : items
      guard width >= 0, means.count == names.count, stds.count == names.count,
            source == .row || source == .encoded ? table == nil : (table?.rowCount ?? width) == rows,
            table.map({ t in t.columns.allSatisfy { $0 >= 0 && Int($0) < width } }) ?? true,
            levels.isEmpty || (levels.count == width && ((source == .row && kind == .oneHot) || source == .encoded))
      else { throw bad() }
      let columns = names.indices.map { FeatureGroup.Column(name: names[$0], mean: means[$0], std: stds[$0]) }
      groups.append(FeatureGroup(name: name, kind: kind, source: source, width: width, table: table, columns: columns,
                                 standardized: standardized, levels: levels))
    }
    return FeatureLayout(userCount: users, itemCount: items, groups: groups)
  }

  private mutating func layoutVersion1() throws -> FeatureLayout {
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
