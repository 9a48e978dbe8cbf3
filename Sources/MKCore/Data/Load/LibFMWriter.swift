/// `write DATA PATH format=libfm`: the design mk's factorization machines fit on DATA, as a
/// libFM/libSVM file, with its groups in `PATH.meta` (libFM's `-meta` format), so that libFM
/// (`-meta PATH.meta`) or myFM runs on the very same problem.
///
/// The design is the one `fit fm` and `fit bayesfm` build (`FeatureLayout.make(training:…)`):
/// the same columns in the same order (user one-hot over the session's users, item one-hot,
/// the tags of `side=`, the user table's attributes, the standardized `features`, one group
/// per field; encoded data its scheme's groups; a libFM design its own groups), each row's
/// entries in the order the learners read them, values printed so that they read back as the
/// same Float. Group g of the layout is id g in the meta file, one line per column, so the
/// groups are contiguous blocks in id order and `load … format=libfm` restores them, column
/// for column. With `train`, DATA is written as a model fitted on `train` reads it (`train`'s
/// columns, its numeric statistics): the way to write a test set beside its training set when
/// the design has numeric columns.
public enum LibFMWriter {
  /// The written design's shape, for the verb's message.
  public struct Summary {
    public let rows: Int
    public let columns: Int
    public let groups: [(name: String, width: Int)]
  }

  public static func write(_ data: Ratings, to path: String, side: Items?, users: Users?, train: Ratings? = nil) throws -> Summary {
    let base = train ?? data
    if let train, train.universe !== data.universe {
      throw MKError(.value, "'\(data.name)' and train= '\(train.name)' were loaded in different sessions",
                    hint: "load both in one session, so their users and items are numbered alike")
    }
    let layout = FeatureLayout.make(training: base, userCount: base.userCount, itemCount: base.itemCount, side: side,
                                    users: users, standardize: true)
    try layout.checkRows(of: data)
    let design = train == nil ? DesignMatrix(training: data, layout: layout)
      : DesignMatrix(layout: layout, ratings: data, pairs: (data.userIndices, data.itemIndices), target: data.values)
    var out: [UInt8] = []
    out.reserveCapacity(design.rows.nonzeros * 8 + design.count * 4)
    for r in 0..<design.count {
      append(design.target[r], to: &out)
      for p in design.rows.range(r) {
        out.append(32)
        out.append(contentsOf: String(design.rows.columns[p]).utf8)
        out.append(58)
        append(design.rows.values[p], to: &out)
      }
      out.append(10)
    }
    var meta: [UInt8] = []
    for (g, group) in layout.groups.enumerated() {
      let line = Array("\(g)\n".utf8)
      for _ in group.columns { meta.append(contentsOf: line) }
    }
    try AtomicFile.write(meta, to: path + ".meta")
    try AtomicFile.write(out, to: path)
    return Summary(rows: design.count, columns: layout.columnCount, groups: layout.groups.map { ($0.name, $0.columns.count) })
  }

  /// `v` as the shortest text that reads back as the same Float; whole numbers without ".0".
  static func append(_ v: Float, to out: inout [UInt8]) {
    if v == v.rounded() && abs(v) < 1e7 { out.append(contentsOf: String(Int(v)).utf8) } else {
      out.append(contentsOf: v.description.utf8)
    }
  }
}
