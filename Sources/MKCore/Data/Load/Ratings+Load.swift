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
  /// libFM's `target col:value ...` lines, groups from `PATH.meta` (`LibFMFile`): a bare design.
  case libfm
  /// Knowledge-tracing sequence files: blocks of 3 lines (count / skill ids / 0-1 answers) or
  /// 4 lines (`index,user` / problem ids / skill ids / answers), see `SequenceFile`.
  case sequences
}

extension Ratings {
  /// How `load` reads a ratings file, for `help load`.
  public static let loadPolicyHelp = """
    load PATH [format=auto|csv|tsv|ml100k|libfm|sequences] [sep=","] [header=true] [user=COL] [item=COL]
         [rating=COL] [time=COL] [features=[COL, ...]] [fields=[COL, ...]]
         [duplicates=last|first|mean|all] [cache=true]
    Reads one rating a line: user, item, rating, and optionally a time and numeric features.
    - format=auto looks at the first lines: the separator (tab, comma, semicolon, pipe, `::`
      or whitespace), whether line 1 is a header (names where the data has numbers), and the
      columns. Names read: user/user_id/userId, item/item_id/work/work_id/movie/movieId,
      rating/choice/score/value/correct, time/timestamp/date (any case, with or without _).
      Without a header the columns are user, item, rating[, time]. ml100k is MovieLens
      u.data: tab separated user item rating timestamp.
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
    - fields=[country, client] keeps these categorical columns with each rating, as levels
      shared by every file of the session (a test file's "FR" is the training file's); fm,
      deepfm and bayesfm read each as a one-hot group of its name. An empty value is missing
      (no column); a level the model never saw gives no column. 4 bytes a rating each.
    - Duplicates: when a (user, item) pair appears more than once, rating data keeps the LAST
      line (later ratings overwrite earlier ones, as on Mangaki); 0/1 outcomes (`correct`)
      keep every attempt, in file order. duplicates=last|first|mean|all chooses (mean: one
      rating, the mean, at the last line's place; not for 0/1 outcomes); the report says how
      many were dropped.
    - format=sequences reads knowledge-tracing files (sniffed by auto): blocks of 3 lines
      (count / skill ids / 0-1 answers; each id is both the attempt's item and its skill) or
      4 lines (index,user / problem ids / skill ids / answers; problems are the items). The
      skill ids become a categorical field `skill`; the attempts are 0/1 outcomes in order.
      A 4-line block's user is that user; a 3-line block's is FILE#N (the file's name and the
      block's number from 1), so students of two files never merge.
    - format=libfm reads libFM/libSVM rows, `target col:value ...` (columns from 0), as a
      design that fm, deepfm, deep, bayesfm and lr fit, with no users and items (verbs that
      need them say so). Groups: PATH.meta (libFM's -meta file, line i the group id of
      column i-1) gives groups g0, g1, ... in id order; without it, one group `features`
      (libFM's default). Targets all 0/1, or all -1/1, make 0/1 outcomes. A test file read
      with the same meta lines up column for column. `write DATA PATH format=libfm` writes one.
    - Users and items are matched by their raw ids across every file of the session, so
      `load "u1.base"` and `load "u1.test"` evaluate together.
    - sep= is one or more characters: sep="::" reads MovieLens 1M/10M's ratings.dat.
    - A gzip file (PATH.gz, or any file starting with gzip's bytes) is read as it is, a block at
      a time; a damaged or cut-short one is an error saying so.
    - cache=true keeps the loaded arrays in PATH.mkcache (in $XDG_CACHE_HOME/mk, else
      ~/.cache/mk, when the file's folder cannot be written) and reads them on the next load
      while the file's path, size and modification time and the load's options are the same;
      the ids get the numbers a parse would give them. It pays on large files (bench/load.sh).
    - Large files are parsed in parallel blocks of whole lines on every core; the result is
      the same as one pass, errors included.
    - Blank lines are skipped; a UTF-8 byte-order mark, CRLF and CR endings, quoted CSV fields
      and latin-1 text are understood. Any other problem is an error naming the file and line.
    - Limits: 16 MiB a line, 64 KiB a field; a longer one is an error naming the line.
      The user, item, rating and time columns must be four different columns.
    """

  // MARK: - Load

  /// Loads ratings from a delimited text file, interning users and items in `universe`.
  ///
  /// Duplicate (user, item) pairs keep the last occurrence (binary data: every one); see `loadPolicyHelp` for the full
  /// rules and `loadWithReport` for the counts.
  /// - Parameters:
  ///   - path: the file to read.
  ///   - universe: the ids shared by every file of the session.
  ///   - format: `.auto` sniffs separator, header and columns.
  ///   - separator: overrides the separator: one character, `tab` or `whitespace`.
  ///   - header: whether line 1 names the columns; nil sniffs it.
  ///   - userColumn, itemColumn, ratingColumn, timeColumn: a header name or a 1-based number.
  ///   - featureColumns: numeric columns kept with each rating (header names or 1-based numbers).
  ///   - categoryColumns: categorical columns kept with each rating as level codes (`fields=`).
  ///   - duplicates: what a repeated (user, item) pair keeps; nil: every attempt of 0/1
  ///     outcomes, else the last rating.
  /// - Throws: `MKError` naming the file and line for every problem in the data.
  public static func load(
    path: String, universe: Universe, format: RatingsFormat = .auto, separator: String? = nil,
    header: Bool? = nil, userColumn: String? = nil, itemColumn: String? = nil,
    ratingColumn: String? = nil, timeColumn: String? = nil, featureColumns: [String] = [],
    categoryColumns: [String] = [], duplicates: DuplicatePolicy? = nil, cache: Bool = false
  ) throws -> Ratings {
    try loadWithReport(
      path: path, universe: universe, format: format, separator: separator, header: header,
      userColumn: userColumn, itemColumn: itemColumn, ratingColumn: ratingColumn,
      timeColumn: timeColumn, featureColumns: featureColumns, categoryColumns: categoryColumns,
      duplicates: duplicates, cache: cache
    ).ratings
  }

  /// Loads ratings like `load`, and says what it did: rows read, duplicates dropped, columns.
  ///
  /// The steps, each in its own file beside this one: choose the separator
  /// (`DelimitedSniffer`), tell whether line 1 is a header, resolve the columns
  /// (`RatingColumns`), read every record (`DelimitedReader`, `IdCache`, `RatingValueParser`
  /// into `RatingRows`), then resolve repeated pairs (`DuplicateRatings`). Sequence files
  /// (`format=sequences`, or sniffed by `auto`) are read by `SequenceFile`.
  public static func loadWithReport(
    path: String, universe: Universe, format: RatingsFormat = .auto, separator: String? = nil,
    header: Bool? = nil, userColumn: String? = nil, itemColumn: String? = nil,
    ratingColumn: String? = nil, timeColumn: String? = nil, featureColumns: [String] = [],
    categoryColumns: [String] = [], duplicates: DuplicatePolicy? = nil, cache: Bool = false
  ) throws -> (ratings: Ratings, report: LoadReport) {
    if format == .libfm {
      let given: [(String, Bool)] = [
        ("sep", separator != nil), ("header", header != nil), ("user", userColumn != nil), ("item", itemColumn != nil),
        ("rating", ratingColumn != nil), ("time", timeColumn != nil), ("features", !featureColumns.isEmpty),
        ("fields", !categoryColumns.isEmpty), ("duplicates", duplicates != nil), ("cache", cache)]
      if let name = given.first(where: \.1)?.0 {
        throw MKError(.value, "\(name)= does not apply to a libFM file: its lines are `target col:value ...`",
                      hint: "its groups come from PATH.meta (libFM's -meta file)")
      }
      return try LibFMFile.load(path: path, bytes: readDataFile(path))
    }
    let options = RatingsLoadOptions(
      format: format, separator: separator, header: header, userColumn: userColumn, itemColumn: itemColumn,
      ratingColumn: ratingColumn, timeColumn: timeColumn, featureColumns: featureColumns,
      categoryColumns: categoryColumns, duplicates: duplicates)
    if cache { return try RatingsCache.load(path: path, universe: universe, options: options) }
    return try load(path: path, universe: universe, options: options)
  }

  /// The loader behind `loadWithReport`: the file's first block tells its layout, then
  /// `RatingBlocks` parses it in parallel blocks of about `blockBytes` (smaller in tests, to
  /// put many records across block borders). A file whose first lines do not tell the layout
  /// on their own is read whole and parsed in one pass (`loadSequentially`).
  static func load(path: String, universe: Universe, options: RatingsLoadOptions,
                   blockBytes: Int = RatingBlocks.standardBlockBytes, headBytes: Int = RatingBlocks.headBytes) throws
    -> (ratings: Ratings, report: LoadReport) {
    let stream = try DataFileStream(path: path)
    var head: [UInt8] = []
    do {
      _ = try stream.nextBlock(&head, target: headBytes, limit: DelimitedReader.maxRecordBytes)
    } catch is DataFileStream.LineTooLong {
      return try loadSequentially(path: path, bytes: readDataFile(path), universe: universe, options: options)
    }
    let whole = stream.isAtEnd
    guard whole || DelimitedSniffer.firstLines(head).count == DelimitedSniffer.linesLooked else {
      return try loadSequentially(path: path, bytes: head + stream.readAll(), universe: universe, options: options)
    }
    if options.readsSequences(head) {
      return try loadSequentially(path: path, bytes: whole ? head : head + stream.readAll(), universe: universe, options: options)
    }
    let layout = try RatingsFileLayout(bytes: head, path: path, universe: universe, options: options)
    if whole && head.count <= blockBytes {
      return try loadSequentially(path: path, bytes: head, universe: universe, options: options, layout: layout)
    }
    guard !layout.ranOutInsideQuotes else {
      return try loadSequentially(path: path, bytes: head + stream.readAll(), universe: universe, options: options)
    }
    let blocks = RatingBlocks(path: path, layout: layout, head: head, stream: stream, blockBytes: blockBytes,
                              universe: universe)
    guard var parsed = try blocks.parse() else {
      return try loadSequentially(path: path, bytes: readDataFile(path), universe: universe, options: options)
    }
    var loaded = try finish(path: path, universe: universe, options: options, layout: layout, rows: &parsed.rows,
                            parser: layout.parser, blankLines: parsed.blankLines)
    loaded.report.blocks = parsed.blocks
    return loaded
  }

  /// The whole file `bytes` read in one pass, interning ids as they come: the loader of
  /// sequence files and of files whose first lines do not tell their layout (a quoted newline
  /// across a block border, a line of megabytes), and the reference the parallel loader is
  /// tested against.
  static func loadSequentially(path: String, bytes: [UInt8], universe: Universe, options: RatingsLoadOptions,
                               layout given: RatingsFileLayout? = nil) throws -> (ratings: Ratings, report: LoadReport) {
    if given == nil, options.readsSequences(bytes) {
      try options.checkSequenceOptions()
      return try SequenceFile.load(path: path, bytes: bytes, universe: universe, duplicates: options.duplicates)
    }
    let layout = try given ?? RatingsFileLayout(bytes: bytes, path: path, universe: universe, options: options)
    let columns = layout.columns
    var reader = DelimitedReader(bytes: bytes, separator: layout.separator, file: path)
    var fields: [FieldSpan] = []
    _ = try reader.next(&fields)
    if layout.hasHeader, try !reader.next(&fields) { throw layout.headerWithoutRatings(path) }

    var rows = RatingRows(capacity: DelimitedReader.lineCount(bytes), hasTime: columns.time != nil,
                          featureCount: columns.features.count, categoryCount: columns.categories.count)
    var parser = RatingValueParser(file: path, binary: columns.isBinary)
    var userIds = IdCache(map: universe.users), itemIds = IdCache(map: universe.items)
    var levels = columns.categoryNames.map { IdCache(map: universe.categories(named: $0)) }
    repeat {
      try reader.checkFieldCount(fields, expected: layout.fieldCount, firstLine: layout.firstLine, file: path)
      try readRecord(fields, reader, columns, &parser, &userIds, &itemIds, &levels, into: &rows)
    } while try reader.next(&fields)
    return try finish(path: path, universe: universe, options: options, layout: layout, rows: &rows, parser: parser,
                      blankLines: reader.blankLines)
  }

  /// Repeated pairs resolved, the store built, and the report of the load. `rows` is taken
  /// in place, so that the columns de-duplication replaces are freed as it goes.
  private static func finish(path: String, universe: Universe, options: RatingsLoadOptions, layout: RatingsFileLayout,
                             rows: inout RatingRows, parser: RatingValueParser, blankLines: Int) throws
    -> (ratings: Ratings, report: LoadReport) {
    let columns = layout.columns
    let rowsRead = rows.count
    let policy = try options.duplicates.map { try checked($0, binary: parser.scale == .binary, file: path) }
      ?? .defaultPolicy(binary: parser.scale == .binary)
    rows.resolveDuplicates(policy, userCount: universe.users.count, itemCount: universe.items.count)
    let store = rows.store(timeBase: parser.timeBase ?? 0, featureNames: columns.featureNames,
                           categoryNames: columns.categoryNames)
    let ratings = Ratings(universe: universe, store: store, name: URL(fileURLWithPath: path).lastPathComponent,
                          scale: parser.scale)
    let report = LoadReport(
      path: path, rowsRead: rowsRead, duplicatesDropped: rowsRead - rows.count,
      blankLinesSkipped: blankLines, separator: layout.separator, header: layout.hasHeader ? layout.firstTexts : nil,
      userColumn: columns.user + 1, itemColumn: columns.item + 1, ratingColumn: columns.rating + 1,
      timeColumn: columns.time.map { $0 + 1 }, scale: parser.scale,
      featureColumns: columns.features.map { $0 + 1 }, featureNames: columns.featureNames,
      categoryColumns: columns.categories.map { $0 + 1 }, categoryNames: columns.categoryNames, duplicates: policy)
    return (ratings, report)
  }

  /// `policy`, unless it cannot apply: the mean of 0/1 outcomes is not an outcome.
  static func checked(_ policy: DuplicatePolicy, binary: Bool, file: String) throws -> DuplicatePolicy {
    guard policy == .mean, binary else { return policy }
    throw MKError(.value, "duplicates=mean cannot apply to '\(file)': its ratings are 0/1 outcomes, and a mean of them is not one",
                  hint: "give duplicates=all (every attempt, the default), first or last")
  }

  /// The separator to read with: `sep=` when given, else the format's, else sniffed.
  static func fieldSeparator(option: String?, format: RatingsFormat, bytes: [UInt8], file: String) throws
    -> FieldSeparator {
    if let option {
      guard let s = FieldSeparator(option: option) else {
        throw MKError(.value, "sep=\"\(option)\" is not a separator",
                      hint: "give one or more characters such as \",\", \";\" or \"::\", or tab, or whitespace")
      }
      return s
    }
    switch format {
    case .csv: return .byte(44)
    case .tsv, .ml100k: return .byte(9)
    default: return try DelimitedSniffer.separator(bytes, file: file)
    }
  }

  /// Appends one record (the last one `reader` read) to `rows`: the user and item interned
  /// (by `userIds` and `itemIds`, which may defer that to the next records: `BatchedIds`),
  /// the rating, and the time, features and levels when the file has them.
  @inline(__always)
  static func readRecord<Ids: IdColumnWriter, Levels: IdColumnWriter>(
    _ fields: [FieldSpan], _ reader: DelimitedReader, _ columns: RatingColumns, _ parser: inout RatingValueParser,
    _ userIds: inout Ids, _ itemIds: inout Ids, _ levels: inout [Levels], into rows: inout RatingRows
  ) throws {
    let line = reader.line
    let uf = fields[columns.user], itf = fields[columns.item]
    guard !uf.isEmpty else {
      throw MKError.data("empty user id on line \(line)", file: parser.file, line: line, hint: "every rating needs a user")
    }
    guard !itf.isEmpty else {
      throw MKError.data("empty item id on line \(line)", file: parser.file, line: line, hint: "every rating needs an item")
    }
    userIds.add(reader, uf, to: &rows.users)
    itemIds.add(reader, itf, to: &rows.items)
    rows.values.append(try parser.rating(fields[columns.rating], in: reader, line: line))
    if let tc = columns.time {
      rows.times!.append(try parser.time(fields[tc], in: reader, line: line))
    }
    // Behind an `if`: the optimizer hoists the loops' make-unique of `rows.features` and
    // `rows.categories` out of them, and on an empty array (the shared empty storage, never
    // unique) that was a copy of nothing at every record, 5% of a large load (`perf`).
    if !columns.features.isEmpty {
      for (c, fc) in columns.features.enumerated() {
        rows.features[c].append(try parser.feature(fields[fc], named: columns.featureNames[c], in: reader, line: line))
      }
    }
    if !columns.categories.isEmpty {
      for (c, fc) in columns.categories.enumerated() {
        let f = fields[fc]
        if f.isEmpty { rows.categories[c].append(-1) } else { levels[c].add(reader, f, to: &rows.categories[c]) }
      }
    }
  }
}
