/// What the first records of a ratings file say: the separator, whether line 1 is a header,
/// which columns hold what, and the state the value parser is in after the first rating.
///
/// Read once, from the file's first block; the parallel loader (`RatingBlocks`) hands it to
/// every block, so that each block checks its records against the file's first record (its
/// field count, its kind of rating, its time base) exactly as one pass over the file would.
struct RatingsFileLayout {
  let separator: FieldSeparator
  let hasHeader: Bool
  /// The texts of the first record (the header when `hasHeader`), and its line.
  let firstTexts: [String]
  let firstLine: Int
  /// Fields of the first record: every record must have as many.
  let fieldCount: Int
  let columns: RatingColumns
  /// Where the first record ends in the bytes the layout was read from.
  let firstRecordEnd: Int
  /// The first two records ran into the end of those bytes inside a quoted field: when more
  /// of the file follows, they may not be what they seem.
  let ranOutInsideQuotes: Bool
  /// A parser that has read the first data record's rating and time (when they are valid):
  /// it knows whether the file's ratings are numbers or words, and the file's time base.
  let parser: RatingValueParser

  /// Reads the layout off `bytes`, the whole file or its first block.
  /// - Throws: `MKError` for an empty file, a separator that cannot be told, or columns that
  ///   cannot be found.
  init(bytes: [UInt8], path: String, universe: Universe, options: RatingsLoadOptions) throws {
    separator = try Ratings.fieldSeparator(option: options.separator, format: options.format, bytes: bytes, file: path)
    var reader = DelimitedReader(bytes: bytes, separator: separator, file: path)
    var fields: [FieldSpan] = []
    guard try reader.next(&fields) else {
      throw MKError.data("'\(path)' is empty: no ratings", file: path, line: 1,
                         hint: "a ratings file has one rating a line: user, item, rating[, time]")
    }
    firstLine = reader.line
    firstTexts = fields.map { reader.text($0) }
    firstRecordEnd = reader.position
    fieldCount = fields.count
    var second = reader
    var secondFields: [FieldSpan] = []
    let hasSecond = (try? second.next(&secondFields)) == true
    ranOutInsideQuotes = reader.ranOutInsideQuotes || second.ranOutInsideQuotes
    hasHeader = options.header ?? (options.format != .ml100k && DelimitedSniffer.looksLikeHeader(
      firstTexts, hasSecond ? secondFields.map { second.text($0) } : nil, knownNames: RatingColumns.knownNames))
    columns = try RatingColumns(
      header: hasHeader ? firstTexts : nil, fieldCount: fields.count, user: options.userColumn, item: options.itemColumn,
      rating: options.ratingColumn, time: options.timeColumn, features: options.featureColumns,
      fields: options.categoryColumns, file: path, line: firstLine)

    var parser = RatingValueParser(file: path, binary: columns.isBinary)
    let (data, dataFields) = hasHeader ? (second, hasSecond ? secondFields : []) : (reader, fields)
    if dataFields.count == fieldCount {
      _ = try? parser.rating(dataFields[columns.rating], in: data, line: data.line)
      if let t = columns.time { _ = try? parser.time(dataFields[t], in: data, line: data.line) }
    }
    self.parser = parser
  }

  /// The error for a header with no rating after it.
  func headerWithoutRatings(_ path: String) -> MKError {
    MKError.data("'\(path)' has a header but no ratings", file: path, line: firstLine,
                 hint: "add ratings after the header line, one a line")
  }
}
