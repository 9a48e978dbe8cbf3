import Foundation

/// libFM / libSVM files (`load PATH format=libfm`): one row a line, `target col:value ...`,
/// columns numbered from 0 as libFM numbers them, with the groups of the columns in
/// `PATH.meta` when that file exists (libFM's `-meta` format: line i holds the group id of
/// column i). Without a meta file every column is in one group, `features`, as libFM puts
/// them without `-meta`.
///
/// The rows become a bare design: data whose only features are its encoded groups (scheme
/// `libfm`: no user or item columns), which the FM kinds and `lr` fit and predict like any
/// encoded data, and which the verbs that need users and items refuse
/// (`Ratings.requireUsersAndItems`). Each group is named `g` and its meta id (`g0`, `g1`, …);
/// its columns are the file's columns of that id in ascending order, named by their index in
/// the file, so a test file read with the same meta lines up with the training file column
/// for column, and one read without meta is matched by column index. Groups come in
/// ascending id order, so a file whose groups are contiguous blocks in id order (what `write
/// … format=libfm` writes) keeps its column order exactly.
///
/// Targets are numbers; when every target is 0 or 1, or every target is -1 or 1 (libFM's
/// classification labels), the data is binary, -1 read as 0. Every row is one rating of the
/// same placeholder user and item (`placeholderId`), in a universe of its own, so loading a
/// design adds no user or item to the session's data.
enum LibFMFile {
  /// The one user and item id every row of a design has.
  static let placeholderId = "libfm row"

  static func load(path: String, bytes: [UInt8]) throws -> (ratings: Ratings, report: Ratings.LoadReport) {
    let name = URL(fileURLWithPath: path).lastPathComponent
    let metaPath = path + ".meta"
    let meta = FileManager.default.fileExists(atPath: metaPath) ? try readMeta(metaPath) : nil

    func fail(_ message: String, _ line: Int, _ column: Int, _ hint: String) -> MKError {
      MKError(.data, message, at: SourceLocation(file: path, line: line, column: column), hint: hint)
    }
    var targets: [Float] = []
    var entryRow: [Int32] = [], entryColumn: [Int32] = [], entryValue: [Float] = []
    var maxColumn = -1, blank = 0
    var seenInRow: [Int: Int] = [:]  // column -> its token's byte column, for duplicate errors
    var line = 0, start = 0
    let n = bytes.count
    while start < n {
      var end = start
      while end < n && bytes[end] != 10 { end += 1 }
      line += 1
      var stop = end
      if let hash = bytes[start..<end].firstIndex(of: 35) { stop = hash }  // '#' starts a comment (svmlight)
      while stop > start && (bytes[stop - 1] == 13 || bytes[stop - 1] == 32 || bytes[stop - 1] == 9) { stop -= 1 }
      defer { start = end + 1 }
      // Tokens: runs of bytes other than space and tab.
      var tokens: [Range<Int>] = []
      var k = start
      while k < stop {
        while k < stop && (bytes[k] == 32 || bytes[k] == 9) { k += 1 }
        let t = k
        while k < stop && bytes[k] != 32 && bytes[k] != 9 { k += 1 }
        if k > t { tokens.append(t..<k) }
      }
      guard let first = tokens.first else { blank += 1; continue }
      func text(_ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }
      func column(_ r: Range<Int>) -> Int { r.lowerBound - start + 1 }
      guard let target = Float(text(first)), target.isFinite else {
        throw fail("the target '\(ShownText.shown(text(first)))' on line \(line) is not a number", line, column(first),
                   "a libFM line is `target col:value col:value ...`, the target a number (a rating, or 0/1, -1/1)")
      }
      let row = Int32(targets.count)
      targets.append(target)
      seenInRow.removeAll(keepingCapacity: true)
      for token in tokens.dropFirst() {
        let pair = text(token)
        let parts = pair.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let c = Int(parts[0]), let v = Float(parts[1]), v.isFinite else {
          let hint = pair.hasPrefix("qid:") ? "qid: (ranking groups of svmlight) has no meaning in a libFM design; remove it"
            : "each feature is `col:value`: a column index from 0 and a number, e.g. 17:1 or 3:0.25"
          throw fail("'\(ShownText.shown(pair))' on line \(line) is not col:value", line, column(token), hint)
        }
        guard c >= 0, c < Int(Int32.max) else {
          throw fail("column \(c) on line \(line) is out of range", line, column(token), "columns are numbered from 0")
        }
        if let meta, c >= meta.groups.count {
          throw fail("column \(c) on line \(line) is beyond the \(meta.groups.count) columns of '\(metaPath)'", line, column(token),
                     "the meta file gives one line (a group id) per column; add the missing columns or fix the index")
        }
        if let other = seenInRow[c] {
          throw fail("column \(c) appears twice on line \(line) (also at column \(other))", line, column(token),
                     "each column may appear once a row")
        }
        seenInRow[c] = column(token)
        maxColumn = max(maxColumn, c)
        if v != 0 { entryRow.append(row); entryColumn.append(Int32(c)); entryValue.append(v) }
      }
    }
    guard !targets.isEmpty else {
      throw MKError.data("'\(path)' is empty: no libFM rows", file: path, line: 1,
                         hint: "a libFM line is `target col:value col:value ...`")
    }

    // Binary: every target 0 or 1, or every target -1 or 1.
    let zeroOne = targets.allSatisfy { $0 == 0 || $0 == 1 }, plusMinus = targets.allSatisfy { $0 == -1 || $0 == 1 }
    let binary = zeroOne || plusMinus
    if plusMinus { for r in targets.indices where targets[r] == -1 { targets[r] = 0 } }

    // Groups: the meta's ids in ascending order, each column at its rank among its group's.
    let groupOf: [Int], ids: [Int]
    if let meta { groupOf = meta.groups; ids = Array(Set(meta.groups)).sorted() } else {
      groupOf = [Int](repeating: 0, count: maxColumn + 1); ids = [0]
    }
    let slot = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
    var local = [Int32](repeating: 0, count: groupOf.count)
    var levels = [[String]](repeating: [], count: ids.count)
    for (c, g) in groupOf.enumerated() {
      let s = slot[g]!
      local[c] = Int32(levels[s].count)
      levels[s].append(String(c))
    }
    var perGroup = [(rows: [Int32], columns: [Int32], values: [Float])](repeating: ([], [], []), count: ids.count)
    for e in entryRow.indices {
      let c = Int(entryColumn[e]), s = slot[groupOf[c]]!
      perGroup[s].rows.append(entryRow[e]); perGroup[s].columns.append(local[c]); perGroup[s].values.append(entryValue[e])
    }
    let groups = ids.indices.map { s in
      Encoding.Group(name: meta == nil ? "features" : "g\(ids[s])", kind: .multiHot, width: levels[s].count,
                     rows: SparseRows(rowCount: targets.count, rows: perGroup[s].rows, columns: perGroup[s].columns,
                                      values: perGroup[s].values),
                     levels: levels[s])
    }
    let source = meta == nil
      ? "\(groupOf.count) columns in one group (no \(URL(fileURLWithPath: metaPath).lastPathComponent))"
      : "\(groupOf.count) columns in \(ids.count) groups of \(URL(fileURLWithPath: metaPath).lastPathComponent)"
    let encoding = Encoding(scheme: .libfm, skillNames: [], skillSource: source, groups: groups)
    let universe = Universe()
    let id = universe.users.intern(placeholderId)
    _ = universe.items.intern(placeholderId)
    let zeros = [Int32](repeating: id, count: targets.count)
    let store = RatingStore(user: zeros, item: zeros, value: targets)
    let scale: Ratings.Scale = binary ? .binary : .numeric
    let ratings = Ratings(universe: universe, store: store, name: name, scale: scale, encoding: encoding)
    var report = Ratings.LoadReport(
      path: path, rowsRead: targets.count, duplicatesDropped: 0, blankLinesSkipped: blank, separator: .byte(32),
      header: nil, userColumn: 0, itemColumn: 0, ratingColumn: 0, timeColumn: nil, scale: scale)
    report.libfmSummary = "read \(targets.count) libFM rows from '\(path)' (\(source); "
      + (binary ? (plusMinus ? "-1/1 targets as 0/1 outcomes" : "0/1 outcomes") : "numbers") + ")"
    return (ratings, report)
  }

  /// The group id of each column, from a `-meta` file: one whole number a line, line i for
  /// column i − 1 (blank lines at the end are not columns; one elsewhere is an error).
  static func readMeta(_ path: String) throws -> (groups: [Int], path: String) {
    let bytes = try readDataFile(path)
    var groups: [Int] = []
    var lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
    while let last = lines.last, String(decoding: last, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      lines.removeLast()
    }
    for (k, raw) in lines.enumerated() {
      let text = String(decoding: raw, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
      guard let g = Int(text), g >= 0, g < 1_000_000 else {
        throw MKError(.data, "'\(ShownText.shown(text))' on line \(k + 1) of '\(path)' is not a group id",
                      at: SourceLocation(file: path, line: k + 1, column: 1),
                      hint: "a libFM meta file holds one whole number (a group id from 0) per line, line i for column i-1")
      }
      groups.append(g)
    }
    return (groups, path)
  }
}
