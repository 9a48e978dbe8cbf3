/// Reads the rating, time and feature fields of a ratings file, one record at a time.
///
/// A rating is a number or one of Mangaki's words (`MangakiWord`), the same kind throughout a
/// file; in a `correct` column it is a 0/1 outcome. A time is Unix seconds or an ISO-8601 date,
/// stored as seconds from the file's first time so that it fits 32 bits. A feature is a number.
/// Errors name the file and line, and for a mix of kinds, the line that set the kind.
struct RatingValueParser {
  let file: String
  /// The ratings are 0/1 outcomes (a column named `correct`).
  let binary: Bool
  /// First lines with a numeric rating and with a Mangaki word: a file may not hold both.
  private(set) var firstNumberLine: Int?
  private(set) var firstWordLine: Int?
  /// Seconds since the epoch of the first time read, which later times are stored relative to.
  private(set) var timeBase: Int64?
  private var timeBaseLine = 0

  init(file: String, binary: Bool) {
    self.file = file
    self.binary = binary
  }

  /// How the ratings read so far were written.
  var scale: Ratings.Scale { binary ? .binary : firstWordLine != nil ? .mangakiWords : .numeric }

  /// The rating in field `f` of the record on `line`.
  mutating func rating(_ f: FieldSpan, in reader: DelimitedReader, line: Int) throws -> Float {
    if let x = reader.number(f) {
      if binary, x != 0, x != 1 {
        throw MKError.data("'correct' must be 0 or 1, found '\(reader.shown(f))' on line \(line)",
                           file: file, line: line, hint: "a column named correct holds 0/1 outcomes")
      }
      if let w = firstWordLine {
        throw MKError.data(
          "rating '\(reader.shown(f))' on line \(line) is a number, but line \(w) used a Mangaki word",
          file: file, line: line, hint: "a file's ratings are either all numbers or all Mangaki words")
      }
      guard Float(x).isFinite else {
        throw MKError.data("rating '\(reader.shown(f))' on line \(line) is too large: ratings are stored as 32-bit floats",
                           file: file, line: line, hint: "check the rating column (choose it with rating=COL)")
      }
      if firstNumberLine == nil { firstNumberLine = line }
      return Float(x)
    }
    if !binary, let w = MangakiWord.spellings.first(where: { reader.equals(f, lowercased: $0.0) }) {
      if let n = firstNumberLine {
        throw MKError.data(
          "rating '\(reader.shown(f))' on line \(line) is a Mangaki word, but line \(n) used a number",
          file: file, line: line, hint: "a file's ratings are either all numbers or all Mangaki words")
      }
      if firstWordLine == nil { firstWordLine = line }
      return w.1.value
    }
    throw MKError.data(
      f.isEmpty ? "empty rating on line \(line)" : "rating '\(reader.shown(f))' on line \(line) is not a number nor a Mangaki word",
      file: file, line: line,
      hint: binary ? "a column named correct holds 0/1 outcomes"
        : "ratings are numbers or favorite, like, neutral, dislike, willsee, wontsee; choose the column with rating=COL")
  }

  /// The time in field `f`, in seconds from the first time of the file (`timeBase`).
  mutating func time(_ f: FieldSpan, in reader: DelimitedReader, line: Int) throws -> Int32 {
    let seconds: Int64
    if let x = reader.number(f), abs(x) < 1e15 {
      seconds = Int64(x.rounded())
    } else if let s = Timestamp.parse(reader.bytes, f.start, f.end) {
      seconds = s
    } else {
      throw MKError.data("time '\(reader.shown(f))' on line \(line) is neither Unix seconds nor an ISO-8601 date",
                         file: file, line: line, hint: "write times as 874724710 or 2016-04-09T13:59:48Z, or choose the column with time=COL")
    }
    if timeBase == nil { timeBase = seconds; timeBaseLine = line }
    guard let d32 = Int32(exactly: seconds - timeBase!) else {
      throw MKError.data("time on line \(line) is more than 68 years away from the time on line \(timeBaseLine)",
                         file: file, line: line, hint: "check the time column: mk stores times to the second within 68 years")
    }
    return d32
  }

  /// The value of feature `name` in field `f`: a finite 32-bit number.
  func feature(_ f: FieldSpan, named name: String, in reader: DelimitedReader, line: Int) throws -> Float {
    guard let x = reader.number(f), Float(x).isFinite else {
      throw MKError.data(
        f.isEmpty ? "empty value for feature '\(ShownText.shown(name))' on line \(line)"
          : "feature '\(ShownText.shown(name))' is '\(reader.shown(f))' on line \(line), not a number",
        file: file, line: line, hint: "features= keeps numeric columns only; leave this column out of features=")
    }
    return Float(x)
  }
}
