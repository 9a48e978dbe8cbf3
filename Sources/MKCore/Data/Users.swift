/// Side information about users (`users PATH`): a row of attributes per user, keyed by the
/// universe's user index, as a sparse user × column matrix ready for the FM design.
///
/// Each source column is categorical or numeric. A categorical column (MovieLens's gender,
/// occupation, zip) becomes one column per level, `gender=F`, with value 1 (one-hot); a
/// numeric column (age) one column standardized over the table's rows, x' = (x − μ) / σ, so
/// that it is of the order of the one-hot columns; a missing value has no entry (for a
/// numeric column: the mean). Users listed here but never rated are still interned in the
/// universe, so that a model can place them by their attributes alone.
public final class Users {
  public let universe: Universe
  /// Universe user index of each row.
  public let user: [Int32]
  /// The source columns (`age`, `gender`, …) and whether each was read as numbers.
  public let attributes: [String]
  public let numeric: [Bool]
  /// The design's columns: `age` for a numeric attribute, `gender=F` for a level.
  public let columnNames: [String]
  /// Row r's entries: indices into `columnNames` and their values.
  public let values: SparseRows
  public let name: String
  /// The file the table was read from, as given.
  public let path: String
  /// The 1-based line of the file each row came from.
  public let lines: [Int]
  private var rowOfUser: [Int32: Int] = [:]

  public init(universe: Universe, user: [Int32], attributes: [String], numeric: [Bool], columnNames: [String],
              values: SparseRows, name: String, path: String? = nil, lines: [Int] = []) {
    precondition(values.rowCount == user.count && attributes.count == numeric.count)
    precondition(lines.isEmpty || lines.count == user.count)
    self.universe = universe
    self.user = user
    self.attributes = attributes
    self.numeric = numeric
    self.columnNames = columnNames
    self.values = values
    self.name = name
    self.path = path ?? name
    self.lines = lines
    for (r, u) in user.enumerated() where rowOfUser[u] == nil { rowOfUser[u] = r }
  }

  public var count: Int { user.count }

  /// The row holding universe user `u`, if the table lists it.
  public func row(ofUser u: Int32) -> Int? { rowOfUser[u] }
  /// The line of the file that listed universe user `u`.
  public func line(ofUser u: Int32) -> Int? {
    guard let r = rowOfUser[u], r < lines.count else { return nil }
    return lines[r]
  }

  /// The user × column matrix over model users 0..<userCount of `target` (this table's own
  /// universe, or another one matched by raw user id); users the table does not list get an
  /// empty row. The one builder of the FM design's user-attribute group.
  public func attributeMatrix(universe target: Universe? = nil, userCount: Int) -> SparseRows {
    let target = target ?? universe
    var rowOf = [Int](repeating: -1, count: userCount)
    for r in 0..<count {
      let u: Int32? = universe === target ? user[r] : target.users.lookup(universe.users[user[r]])
      if let u, u >= 0, Int(u) < userCount, rowOf[Int(u)] < 0 { rowOf[Int(u)] = r }
    }
    var offsets = [0], cols: [Int32] = [], vals: [Float] = []
    for u in 0..<userCount {
      if rowOf[u] >= 0 {
        for p in values.range(rowOf[u]) where values.values[p] != 0 {
          cols.append(values.columns[p])
          vals.append(values.values[p])
        }
      }
      offsets.append(cols.count)
    }
    return SparseRows(offsets: offsets, columns: cols, values: vals)
  }
}
