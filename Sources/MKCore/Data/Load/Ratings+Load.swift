import Foundation

/// File formats `Ratings.load` reads.
public enum RatingsFormat: String, CaseIterable {
  /// Sniff the separator, the header and the columns.
  case auto
  /// Comma separated; header and columns sniffed.
  case csv
  /// Tab separated; header and columns sniffed.
  case tsv
  /// MovieLens 100K `u.data` / `u1.base`: tab separated `user item rating timestamp`, no header.
  case ml100k
  /// libFM's `rating index:value ...` lines: not supported yet (rejected with an error).
  case libfm
}

extension Ratings {
  // MARK: - Report

  /// What a load did: rows read, duplicates dropped, blank lines skipped, columns used.
  public struct LoadReport: Equatable, CustomStringConvertible {
    /// The path as given.
    public var path: String
    /// Data rows parsed (before duplicates were dropped).
    public var rowsRead: Int
    /// Earlier ratings of a (user, item) pair that a later row of the file replaced.
    public var duplicatesDropped: Int
    public var blankLinesSkipped: Int
    public var separator: FieldSeparator
    /// Column names, when the file had a header line.
    public var header: [String]?
    /// Columns read, numbered from 1.
    public var userColumn: Int
    public var itemColumn: Int
    public var ratingColumn: Int
    public var timeColumn: Int?
    public var scale: Scale
    /// Numeric feature columns kept per rating (`features=`), numbered from 1, and their names.
    public var featureColumns: [Int] = []
    public var featureNames: [String] = []

    /// Ratings kept.
    public var ratings: Int { rowsRead - duplicatesDropped }

    public var description: String {
      func col(_ c: Int) -> String {
        if let header, c - 1 < header.count { return header[c - 1] }
        return "\(c)"
      }
      var s = "read \(ratings) ratings from '\(path)' (\(separator) separated, "
      s += header == nil ? "no header" : "header"
      s += "; user=\(col(userColumn)) item=\(col(itemColumn)) rating=\(col(ratingColumn))"
      if let timeColumn { s += " time=\(col(timeColumn))" }
      if !featureNames.isEmpty { s += " features=[\(featureNames.joined(separator: ", "))]" }
      s += "; \(scale == .mangakiWords ? "Mangaki words" : scale == .binary ? "0/1 outcomes" : "numbers"))"
      if duplicatesDropped > 0 {
        s += "\n\(duplicatesDropped) duplicate (user, item) pairs: kept the last rating of each"
      }
      if blankLinesSkipped > 0 { s += "\nskipped \(blankLinesSkipped) blank lines" }
      return s
    }
  }

  /// How `load` reads a ratings file, for `help load`.
  public static let loadPolicyHelp = """
    load PATH [format=auto|csv|tsv|ml100k] [sep=","] [header=true] [user=COL] [item=COL]
         [rating=COL] [time=COL] [features=[COL, ...]]
    Reads one rating a line: user, item, rating, and optionally a time and numeric features.
    - format=auto looks at the first lines: the separator (tab, comma, semicolon, pipe, or
      whitespace), whether line 1 is a header (names where the data has numbers), and the
      columns. Names read: user/user_id/userId, item/item_id/work/work_id/movie/movieId,
      rating/choice/score/value/correct, time/timestamp/date (any case, with or without _).
      Without a header the columns are user, item, rating[, time]. ml100k is MovieLens
      u.data: tab separated user item rating timestamp. libfm is not supported yet.
    - COL is a header name or a column number counted from 1.
    - Ratings are numbers, or Mangaki's words: favorite 4, like 2, neutral 0.1, dislike -2,
      willsee 0.5, wontsee -0.5 (love = favorite). A file uses one or the other.
      A rating column named `correct` makes 0/1 outcomes (binary data); other values are errors.
    - Times are Unix seconds or ISO-8601 dates (2016-04-09, 2016-04-09T13:59:48Z).
    - features=[age, hour] keeps these numeric columns with each rating (header names or
      numbers from 1; a file without header names them by number, "5"). fm, deepfm and
      bayesfm read them as a `features` group of the design, one column each, standardized
      with the training mean and standard deviation; the test data must have columns of the
      same names. Every value must be a number (an empty or non-numeric value is an error
      naming the line).
      Memory: 4 bytes per rating per feature (1M ratings with 2 features: 8 MB more).
    - Duplicates: when a (user, item) pair appears more than once, the LAST line wins (later
      ratings overwrite earlier ones, as on Mangaki); the report says how many were dropped.
    - Users and items are matched by their raw ids across every file of the session, so
      `load "u1.base"` and `load "u1.test"` evaluate together.
    - Blank lines are skipped; a UTF-8 byte-order mark, CRLF endings, quoted CSV fields and
      latin-1 text are understood. Any other problem is an error naming the file and line.
    """

  // MARK: - Load

  /// Loads ratings from a delimited text file, interning users and items in `universe`.
  ///
  /// Duplicate (user, item) pairs keep the last occurrence; see `loadPolicyHelp` for the full
  /// rules and `loadWithReport` for the counts.
  /// - Parameters:
  ///   - path: the file to read.
  ///   - universe: the ids shared by every file of the session.
  ///   - format: `.auto` sniffs separator, header and columns.
  ///   - separator: overrides the separator: one character, `tab` or `whitespace`.
  ///   - header: whether line 1 names the columns; nil sniffs it.
  ///   - userColumn, itemColumn, ratingColumn, timeColumn: a header name or a 1-based number.
  ///   - featureColumns: numeric columns kept with each rating (header names or 1-based numbers).
  /// - Throws: `MKError` naming the file and line for every problem in the data.
  public static func load(
    path: String, universe: Universe, format: RatingsFormat = .auto, separator: String? = nil,
    header: Bool? = nil, userColumn: String? = nil, itemColumn: String? = nil,
    ratingColumn: String? = nil, timeColumn: String? = nil, featureColumns: [String] = []
  ) throws -> Ratings {
    try loadWithReport(
      path: path, universe: universe, format: format, separator: separator, header: header,
      userColumn: userColumn, itemColumn: itemColumn, ratingColumn: ratingColumn,
      timeColumn: timeColumn, featureColumns: featureColumns
    ).ratings
  }

  /// Loads ratings like `load`, and says what it did: rows read, duplicates dropped, columns.
  public static func loadWithReport(
    path: String, universe: Universe, format: RatingsFormat = .auto, separator: String? = nil,
    header: Bool? = nil, userColumn: String? = nil, itemColumn: String? = nil,
    ratingColumn: String? = nil, timeColumn: String? = nil, featureColumns: [String] = []
  ) throws -> (ratings: Ratings, report: LoadReport) {
    if format == .libfm {
      throw MKError(
        .value, "format=libfm is not supported yet",
        hint: "use format=auto, csv, tsv or ml100k: a libFM file does not say which features are users and which are items")
    }
    let bytes = try readDataFile(path)
    let sep: FieldSeparator
    if let separator {
      guard let s = FieldSeparator(option: separator) else {
        throw MKError(.value, "sep=\"\(separator)\" is not a separator",
                      hint: "give one character such as \",\" or \";\", or tab, or whitespace")
      }
      sep = s
    } else {
      switch format {
      case .csv: sep = .byte(44)
      case .tsv, .ml100k: sep = .byte(9)
      default: sep = try sniffSeparator(bytes, file: path)
      }
    }

    var reader = DelimitedReader(bytes: bytes, separator: sep)
    var fields: [FieldSpan] = []
    guard reader.next(&fields) else {
      throw MKError.data("'\(path)' is empty: no ratings", file: path, line: 1,
                         hint: "a ratings file has one rating a line: user, item, rating[, time]")
    }
    let firstLine = reader.line
    let firstTexts = fields.map { reader.text($0) }
    let hasHeader: Bool
    if let header {
      hasHeader = header
    } else if format == .ml100k {
      hasHeader = false
    } else {
      var peek = reader
      var second: [FieldSpan] = []
      let secondTexts = peek.next(&second) ? second.map { peek.text($0) } : nil
      hasHeader = looksLikeHeader(firstTexts, secondTexts)
    }
    let columns = try resolveColumns(
      header: hasHeader ? firstTexts : nil, fieldCount: fields.count,
      explicit: [userColumn, itemColumn, ratingColumn, timeColumn], file: path, line: firstLine)
    let expected = fields.count
    let (uc, ic, rc) = (columns.user, columns.item, columns.rating)
    let binary = hasHeader && normalized(firstTexts[rc]) == "correct"
    let fcs = try resolveFeatureColumns(featureColumns, header: hasHeader ? firstTexts : nil, fieldCount: fields.count,
                                        rating: rc, file: path, line: firstLine)
    let featureNames = fcs.map { hasHeader ? firstTexts[$0] : "\($0 + 1)" }
    // In a file without header, a column listed in features= is not the time column guessed by position.
    let tc = !hasHeader && timeColumn == nil && columns.time.map(fcs.contains) == true ? nil : columns.time

    var haveRecord = true
    if hasHeader {
      haveRecord = reader.next(&fields)
      if !haveRecord {
        throw MKError.data("'\(path)' has a header but no ratings", file: path, line: firstLine,
                           hint: "add ratings after the header line, one a line")
      }
    }

    // Exact capacity: at most one rating a line.
    let capacity = DelimitedReader.lineCount(bytes)
    var users: [Int32] = [], items: [Int32] = [], values: [Float] = []
    users.reserveCapacity(capacity); items.reserveCapacity(capacity); values.reserveCapacity(capacity)
    var times: [Int32] = []
    if tc != nil { times.reserveCapacity(capacity) }
    var feats = [[Float]](repeating: [], count: fcs.count)
    for c in feats.indices { feats[c].reserveCapacity(capacity) }
    var timeBase: Int64? = nil, timeBaseLine = 0
    var userIds = IdCache(map: universe.users), itemIds = IdCache(map: universe.items)
    var numberLine: Int? = nil, wordLine: Int? = nil

    while haveRecord {
      let line = reader.line
      guard fields.count == expected else {
        throw MKError.data(
          "line \(line) has \(fields.count) field\(fields.count == 1 ? "" : "s"), expected \(expected) as on line \(firstLine)",
          file: path, line: line,
          hint: "check for a missing or extra \(sep) separator; quote fields that contain it")
      }
      let uf = fields[uc], itf = fields[ic], rf = fields[rc]
      guard !uf.isEmpty else {
        throw MKError.data("empty user id on line \(line)", file: path, line: line, hint: "every rating needs a user")
      }
      guard !itf.isEmpty else {
        throw MKError.data("empty item id on line \(line)", file: path, line: line, hint: "every rating needs an item")
      }
      users.append(userIds.index(reader, uf))
      items.append(itemIds.index(reader, itf))

      // Value: a number, or a Mangaki word; 0/1 when binary.
      if let x = reader.number(rf) {
        if binary, x != 0, x != 1 {
          throw MKError.data("'correct' must be 0 or 1, found '\(reader.text(rf))' on line \(line)",
                             file: path, line: line, hint: "a column named correct holds 0/1 outcomes")
        }
        if let w = wordLine {
          throw MKError.data(
            "rating '\(reader.text(rf))' on line \(line) is a number, but line \(w) used a Mangaki word",
            file: path, line: line, hint: "a file's ratings are either all numbers or all Mangaki words")
        }
        guard Float(x).isFinite else {
          throw MKError.data("rating '\(reader.text(rf))' on line \(line) is too large: ratings are stored as 32-bit floats",
                             file: path, line: line, hint: "check the rating column (choose it with rating=COL)")
        }
        if numberLine == nil { numberLine = line }
        values.append(Float(x))
      } else if !binary, let w = MangakiWord.spellings.first(where: { reader.equals(rf, lowercased: $0.0) }) {
        if let n = numberLine {
          throw MKError.data(
            "rating '\(reader.text(rf))' on line \(line) is a Mangaki word, but line \(n) used a number",
            file: path, line: line, hint: "a file's ratings are either all numbers or all Mangaki words")
        }
        if wordLine == nil { wordLine = line }
        values.append(w.1.value)
      } else {
        let t = reader.text(rf)
        throw MKError.data(
          t.isEmpty ? "empty rating on line \(line)" : "rating '\(t)' on line \(line) is not a number nor a Mangaki word",
          file: path, line: line,
          hint: binary ? "a column named correct holds 0/1 outcomes"
            : "ratings are numbers or favorite, like, neutral, dislike, willsee, wontsee; choose the column with rating=COL")
      }

      if let tc {
        let tf = fields[tc]
        let seconds: Int64
        if let x = reader.number(tf), abs(x) < 1e15 {
          seconds = Int64(x.rounded())
        } else if let s = Timestamp.parse(bytes, tf.start, tf.end) {
          seconds = s
        } else {
          throw MKError.data("time '\(reader.text(tf))' on line \(line) is neither Unix seconds nor an ISO-8601 date",
                             file: path, line: line, hint: "write times as 874724710 or 2016-04-09T13:59:48Z, or choose the column with time=COL")
        }
        if timeBase == nil { timeBase = seconds; timeBaseLine = line }
        let d = seconds - timeBase!
        guard let d32 = Int32(exactly: d) else {
          throw MKError.data("time on line \(line) is more than 68 years away from the time on line \(timeBaseLine)",
                             file: path, line: line, hint: "check the time column: mk stores times to the second within 68 years")
        }
        times.append(d32)
      }
      for (c, fc) in fcs.enumerated() {
        let ff = fields[fc]
        guard let x = reader.number(ff), Float(x).isFinite else {
          let t = reader.text(ff)
          throw MKError.data(
            t.isEmpty ? "empty value for feature '\(featureNames[c])' on line \(line)"
              : "feature '\(featureNames[c])' is '\(t)' on line \(line), not a number",
            file: path, line: line, hint: "features= keeps numeric columns only; leave this column out of features=")
        }
        feats[c].append(Float(x))
      }
      haveRecord = reader.next(&fields)
    }

    let rowsRead = values.count
    let drop = duplicateRows(users: users, items: items, userCount: universe.users.count,
                             itemCount: universe.items.count)
    if let drop {
      users = compacted(users, dropping: drop)
      items = compacted(items, dropping: drop)
      values = compacted(values, dropping: drop)
      if tc != nil { times = compacted(times, dropping: drop) }
      for c in feats.indices { feats[c] = compacted(feats[c], dropping: drop) }
    } else {
      users = exactCapacity(users); items = exactCapacity(items); values = exactCapacity(values)
      if tc != nil { times = exactCapacity(times) }
      for c in feats.indices { feats[c] = exactCapacity(feats[c]) }
    }
    let scale: Scale = binary ? .binary : wordLine != nil ? .mangakiWords : .numeric
    let store = RatingStore(user: users, item: items, value: values, time: tc == nil ? nil : times,
                            timeBase: timeBase ?? 0, featureNames: featureNames, features: feats)
    let ratings = Ratings(universe: universe, store: store, name: URL(fileURLWithPath: path).lastPathComponent,
                          scale: scale)
    let report = LoadReport(
      path: path, rowsRead: rowsRead, duplicatesDropped: rowsRead - values.count,
      blankLinesSkipped: reader.blankLines, separator: sep, header: hasHeader ? firstTexts : nil,
      userColumn: uc + 1, itemColumn: ic + 1, ratingColumn: rc + 1, timeColumn: tc.map { $0 + 1 },
      scale: scale, featureColumns: fcs.map { $0 + 1 }, featureNames: featureNames)
    return (ratings, report)
  }
}

// MARK: - Helpers shared by the loaders

/// Reads a whole data file, or throws an error that says the file is missing.
func readDataFile(_ path: String) throws -> [UInt8] {
  var isDir: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
    throw MKError(.io, "cannot find '\(path)'",
                  hint: "check the path; relative paths start from \(FileManager.default.currentDirectoryPath)")
  }
  guard !isDir.boolValue else {
    throw MKError(.io, "'\(path)' is a folder, not a file", hint: "give the path of a file inside it")
  }
  guard let data = FileManager.default.contents(atPath: path) else {
    throw MKError(.io, "cannot read '\(path)'", hint: "check the file's permissions")
  }
  return [UInt8](data)
}

/// A column name reduced for matching: lowercase, without `_`, `-` and spaces.
func normalized(_ name: String) -> String {
  String(name.lowercased().unicodeScalars.filter { $0 != "_" && $0 != "-" && $0 != " " })
}

/// Interns ids, skipping the `String` for canonical numeric ids already seen.
struct IdCache {
  let map: IdMap
  var small: [Int32] = []
  var large: [UInt64: Int32] = [:]

  init(map: IdMap) { self.map = map }

  mutating func index(_ reader: DelimitedReader, _ f: FieldSpan) -> Int32 {
    guard let k = reader.canonicalInteger(f) else { return map.intern(reader.text(f)) }
    if k < 1 << 20 {
      let i = Int(k)
      if i < small.count, small[i] >= 0 { return small[i] }
      if i >= small.count {
        small.append(contentsOf: repeatElement(-1, count: max(i + 1, small.count * 2) - small.count))
      }
      let v = map.intern(String(k))
      small[i] = v
      return v
    }
    if let v = large[k] { return v }
    let v = map.intern(String(k))
    large[k] = v
    return v
  }
}

extension Ratings {
  static let columnAliases: [Set<String>] = [
    ["user", "userid", "uid", "userindex"],
    ["item", "itemid", "work", "workid", "movie", "movieid", "anime", "animeid", "itemindex"],
    ["rating", "choice", "score", "value", "correct"],
    ["time", "timestamp", "date"],
  ]
  static let roleNames = ["user", "item", "rating", "time"]

  /// Tells the separator from the first lines: the first of tab, comma, semicolon and pipe that
  /// appears the same number of times (outside quotes) on each, else whitespace.
  static func sniffSeparator(_ bytes: [UInt8], file: String) throws -> FieldSeparator {
    var lines: [ArraySlice<UInt8>] = []
    var p = DelimitedReader.bodyStart(bytes)
    while p < bytes.count, lines.count < 20 {
      var e = p
      while e < bytes.count, bytes[e] != 10 { e += 1 }
      let line = bytes[p..<e]
      if line.contains(where: { $0 != 32 && $0 != 9 && $0 != 13 }) { lines.append(line) }
      p = e + 1
    }
    guard !lines.isEmpty else {
      throw MKError.data("'\(file)' is empty: no ratings", file: file, line: 1,
                         hint: "a ratings file has one rating a line: user, item, rating[, time]")
    }
    func count(_ s: UInt8, _ line: ArraySlice<UInt8>) -> Int {
      var n = 0, quoted = false
      for b in line { if b == 34 { quoted.toggle() } else if b == s, !quoted { n += 1 } }
      return n
    }
    let candidates: [UInt8] = [9, 44, 59, 124]
    for s in candidates {
      let c = count(s, lines[0])
      if c > 0, lines.allSatisfy({ count(s, $0) == c }) { return .byte(s) }
    }
    func tokens(_ line: ArraySlice<UInt8>) -> Int {
      var n = 0, inToken = false
      for b in line {
        let space = b == 32 || b == 9 || b == 13
        if !space, !inToken { n += 1 }
        inToken = !space
      }
      return n
    }
    let t = tokens(lines[0])
    if t >= 2, lines.allSatisfy({ tokens($0) == t }) { return .whitespace }
    for s in candidates where count(s, lines[0]) > 0 { return .byte(s) }
    if t >= 2 { return .whitespace }
    throw MKError.data("cannot tell how the fields of the first line are separated", file: file, line: 1,
                       hint: "give sep=\",\" (or tab, \";\", \"|\", whitespace); a rating needs user, item and rating")
  }

  /// Line 1 is a header when it names a known column, or has a name where line 2 has a number.
  static func looksLikeHeader(_ first: [String], _ second: [String]?) -> Bool {
    let isNumber = { (s: String) in Double(s.trimmingCharacters(in: .whitespaces)) != nil }
    if first.allSatisfy(isNumber) { return false }
    if first.contains(where: { n in columnAliases.contains { $0.contains(normalized(n)) } }) { return true }
    guard let second, second.count == first.count else { return false }
    return zip(first, second).contains { !isNumber($0) && isNumber($1) }
  }

  /// Which column holds the user, item, rating and time (0-based).
  static func resolveColumns(
    header: [String]?, fieldCount: Int, explicit: [String?], file: String, line: Int
  ) throws -> (user: Int, item: Int, rating: Int, time: Int?) {
    var cols: [Int?] = [nil, nil, nil, nil]
    let listed = header.map { $0.map { "'\($0)'" }.joined(separator: ", ") } ?? ""
    for role in 0..<4 {
      guard let want = explicit[role] else { continue }
      if let header, let j = header.firstIndex(where: { $0.lowercased() == want.lowercased() })
          ?? header.firstIndex(where: { normalized($0) == normalized(want) }) {
        cols[role] = j
      } else if let k = Int(want), (1...fieldCount).contains(k) {
        cols[role] = k - 1
      } else {
        let name = roleNames[role]
        throw MKError.data(
          header != nil ? "no column '\(want)' for \(name)= in the header (columns: \(listed))"
            : "no column '\(want)' for \(name)=: the file has no header",
          file: file, line: line,
          hint: "give a column name from the header or a column number from 1 to \(fieldCount)")
      }
    }
    var positional = header == nil
    if let header {
      for role in 0..<4 where cols[role] == nil {
        cols[role] = header.indices.first { j in
          columnAliases[role].contains(normalized(header[j])) && !cols.contains(j)
        }
      }
      let named = (0..<3).filter { explicit[$0] == nil && cols[$0] != nil }
      if named.isEmpty, explicit.allSatisfy({ $0 == nil }) {
        positional = true  // a header of unknown names: read it as user, item, rating[, time]
        cols = [nil, nil, nil, nil]
      } else if let missing = (0..<3).first(where: { cols[$0] == nil }) {
        let name = roleNames[missing]
        throw MKError.data("no \(name) column in the header (columns: \(listed))", file: file, line: line,
                           hint: "name it with \(name)=COL")
      }
    }
    if positional {
      guard fieldCount >= 3 || cols[0...2].allSatisfy({ $0 != nil }) else {
        throw MKError.data(
          "line \(line) has \(fieldCount) field\(fieldCount == 1 ? "" : "s"); a rating needs user, item and rating",
          file: file, line: line, hint: "check the separator (give sep=...) or the file")
      }
      for role in 0..<3 where cols[role] == nil { cols[role] = role }
      if cols[3] == nil, explicit[3] == nil, fieldCount >= 4, !cols.contains(3) { cols[3] = 3 }
    }
    return (cols[0]!, cols[1]!, cols[2]!, cols[3])
  }

  /// The columns (0-based) of `features=`: header names (exact, then ignoring case and `_`) or
  /// numbers from 1; never the rating column, each at most once.
  static func resolveFeatureColumns(_ wanted: [String], header: [String]?, fieldCount: Int, rating: Int,
                                    file: String, line: Int) throws -> [Int] {
    var out: [Int] = []
    let listed = header.map { $0.map { "'\($0)'" }.joined(separator: ", ") } ?? ""
    for want in wanted {
      let j: Int
      if let header, let h = header.firstIndex(where: { $0 == want })
          ?? header.firstIndex(where: { normalized($0) == normalized(want) }) {
        j = h
      } else if let k = Int(want), (1...max(1, fieldCount)).contains(k), k <= fieldCount {
        j = k - 1
      } else {
        throw MKError.data(
          header != nil ? "no column '\(want)' for features= in the header (columns: \(listed))"
            : "no column '\(want)' for features=: the file has no header",
          file: file, line: line,
          hint: "give a column name from the header or a column number from 1 to \(fieldCount)")
      }
      guard j != rating else {
        throw MKError.data("features= cannot hold the rating column '\(want)': the model would read the answer",
                           file: file, line: line, hint: "list other columns in features=")
      }
      guard !out.contains(j) else {
        throw MKError.data("column '\(want)' appears twice in features=", file: file, line: line,
                           hint: "list each column once")
      }
      out.append(j)
    }
    return out
  }

  /// Rows that a later row with the same (user, item) replaces; nil when there are none.
  ///
  /// Groups rows by user with a counting sort, then marks, for each item, the user and row that
  /// last rated it: O(rows + users + items) time, no hashing.
  static func duplicateRows(users: [Int32], items: [Int32], userCount: Int, itemCount: Int) -> [Bool]? {
    let n = users.count
    var offsets = [Int32](repeating: 0, count: userCount + 1)
    for u in users { offsets[Int(u) + 1] += 1 }
    for u in 0..<userCount { offsets[u + 1] += offsets[u] }
    var order = [Int32](repeating: 0, count: n)
    var next = offsets
    for k in 0..<n {
      let u = Int(users[k])
      order[Int(next[u])] = Int32(k)
      next[u] += 1
    }
    var lastUser = [Int32](repeating: -1, count: itemCount)
    var lastRow = [Int32](repeating: 0, count: itemCount)
    var drop: [Bool]? = nil
    for u in 0..<userCount {
      for p in Int(offsets[u])..<Int(offsets[u + 1]) {
        let k = order[p]
        let i = Int(items[Int(k)])
        if lastUser[i] == Int32(u) {
          if drop == nil { drop = [Bool](repeating: false, count: n) }
          drop![Int(lastRow[i])] = true
        }
        lastUser[i] = Int32(u)
        lastRow[i] = k
      }
    }
    return drop
  }
}

/// `a` without the rows marked in `drop`, in an array of exactly the right size.
func compacted<T>(_ a: [T], dropping drop: [Bool]) -> [T] {
  let kept = drop.reduce(0) { $1 ? $0 : $0 + 1 }
  var out: [T] = []
  out.reserveCapacity(kept)
  for k in 0..<a.count where !drop[k] { out.append(a[k]) }
  return out
}

/// `a` itself, or a copy without the unused capacity when `a` holds noticeably more than it uses.
func exactCapacity<T>(_ a: [T]) -> [T] {
  guard a.capacity > a.count + a.count / 64 + 16 else { return a }
  var out: [T] = []
  out.reserveCapacity(a.count)
  out.append(contentsOf: a)
  return out
}
