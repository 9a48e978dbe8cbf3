extension Ratings {
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
    /// Categorical columns kept per rating (`fields=`), numbered from 1, and their names.
    public var categoryColumns: [Int] = []
    public var categoryNames: [String] = []
    /// What repeated (user, item) pairs kept.
    public var duplicates: DuplicatePolicy = .last
    /// Sequence files: the lines a block (3 or 4) and the number of students; nil otherwise.
    public var sequenceLines: Int? = nil
    public var students = 0
    /// Blocks the file was parsed in, in parallel (`RatingBlocks`); 0 for one pass. Not shown.
    var blocks = 0
    /// The load came from the binary cache (`load … cache=true`, `RatingsCache`). Not shown.
    var fromCache = false
    /// libFM files: what was read (rows, columns, groups, targets); nil otherwise.
    public var libfmSummary: String? = nil

    /// Ratings kept.
    public var ratings: Int { rowsRead - duplicatesDropped }

    public var description: String {
      func col(_ c: Int) -> String {
        if let header, c - 1 < header.count { return ShownText.shown(header[c - 1]) }
        return "\(c)"
      }
      var s: String
      if let libfmSummary {
        s = libfmSummary
      } else if let sequenceLines {
        s = "read \(ratings) attempts of \(students) students from '\(path)' (\(sequenceLines)-line sequence blocks; "
          + "field skill; 0/1 outcomes)"
      } else {
        s = "read \(ratings) ratings from '\(path)' (\(separator) separated, "
        s += header == nil ? "no header" : "header"
        s += "; user=\(col(userColumn)) item=\(col(itemColumn)) rating=\(col(ratingColumn))"
        if let timeColumn { s += " time=\(col(timeColumn))" }
        if !featureNames.isEmpty { s += " features=[\(featureNames.map(ShownText.shown).joined(separator: ", "))]" }
        if !categoryNames.isEmpty { s += " fields=[\(categoryNames.map(ShownText.shown).joined(separator: ", "))]" }
        s += "; \(scale == .mangakiWords ? "Mangaki words" : scale == .binary ? "0/1 outcomes" : "numbers"))"
      }
      if duplicatesDropped > 0 {
        s += "\n\(duplicatesDropped) duplicate (user, item) pairs: \(duplicates.keptWords)"
      }
      if blankLinesSkipped > 0 { s += "\nskipped \(blankLinesSkipped) blank lines" }
      return s
    }
  }
}
