/// Which columns of a ratings file hold the user, item, rating, time and numeric features.
///
/// Resolves the `user=`, `item=`, `rating=`, `time=` and `features=` options (header names or
/// numbers from 1) against line 1, and without options recognizes the usual header names, or
/// reads a file without header as user, item, rating[, time]. Columns are 0-based here; the
/// load report numbers them from 1.
struct RatingColumns: Equatable {
  var user: Int
  var item: Int
  var rating: Int
  var time: Int?
  /// Columns of `features=`, in the order given, and the name each is known by.
  var features: [Int] = []
  var featureNames: [String] = []
  /// Columns of `fields=` (categorical, kept as level codes), in the order given, and their names.
  var categories: [Int] = []
  var categoryNames: [String] = []
  /// The rating column is named `correct`: the values are 0/1 outcomes.
  var isBinary = false

  /// Header names of each role (user, item, rating, time), compared `normalized`.
  static let aliases: [Set<String>] = [
    ["user", "userid", "uid", "userindex"],
    ["item", "itemid", "work", "workid", "movie", "movieid", "anime", "animeid", "itemindex"],
    ["rating", "choice", "score", "value", "correct"],
    ["time", "timestamp", "date"],
  ]
  static let roleNames = ["user", "item", "rating", "time"]
  /// Every name of `aliases`: a line holding one of them is a header.
  static let knownNames: Set<String> = aliases.reduce([]) { $0.union($1) }

  /// Resolves every column of a file whose first record has `fieldCount` fields.
  /// - Parameters:
  ///   - header: line 1's texts when it is a header, else nil.
  ///   - user, item, rating, time: the options as written (a name or a number from 1), nil
  ///     when not given.
  ///   - features: the `features=` list.
  ///   - file, line: where line 1 is, for errors.
  /// - Throws: `MKError` naming the column that cannot be found, or a bad `features=` list.
  init(header: [String]?, fieldCount: Int, user: String? = nil, item: String? = nil, rating: String? = nil,
       time: String? = nil, features wanted: [String] = [], fields: [String] = [], file: String, line: Int) throws {
    let roles = try RatingColumns.roles(header: header, fieldCount: fieldCount, explicit: [user, item, rating, time],
                                        file: file, line: line)
    (self.user, self.item, self.rating) = (roles.user, roles.item, roles.rating)
    isBinary = header.map { normalized($0[roles.rating]) == "correct" } ?? false
    features = try RatingColumns.featureColumns(wanted, header: header, fieldCount: fieldCount, rating: roles.rating,
                                                file: file, line: line)
    featureNames = features.map { header?[$0] ?? "\($0 + 1)" }
    categories = try RatingColumns.featureColumns(fields, header: header, fieldCount: fieldCount, rating: roles.rating,
                                                  option: "fields", file: file, line: line)
    categoryNames = categories.map { header?[$0] ?? "\($0 + 1)" }
    // In a file without header, a column listed in features= or fields= is not the time column guessed by position.
    let guessedTimeIsFeature = header == nil && time == nil && roles.time.map { features.contains($0) || categories.contains($0) } == true
    self.time = guessedTimeIsFeature ? nil : roles.time
  }

  /// Which column holds the user, item, rating and time (0-based): `explicit` options first,
  /// then header names, else by position (also for a header of names it does not know).
  static func roles(
    header: [String]?, fieldCount: Int, explicit: [String?], file: String, line: Int
  ) throws -> (user: Int, item: Int, rating: Int, time: Int?) {
    var cols: [Int?] = [nil, nil, nil, nil]
    let listed = header.map(quotedList) ?? ""
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
          header != nil ? "no column '\(ShownText.shown(want))' for \(name)= in the header (columns: \(listed))"
            : "no column '\(ShownText.shown(want))' for \(name)=: the file has no header",
          file: file, line: line,
          hint: "give a column name from the header or a column number from 1 to \(fieldCount)")
      }
    }
    var positional = header == nil
    if let header {
      for role in 0..<4 where cols[role] == nil {
        cols[role] = header.indices.first { j in
          aliases[role].contains(normalized(header[j])) && !cols.contains(j)
        }
      }
      // A role whose named column another role's option took: name it, for checkDistinct to refuse.
      for role in 0..<3 where cols[role] == nil && explicit.contains(where: { $0 != nil }) {
        cols[role] = header.indices.first { aliases[role].contains(normalized(header[$0])) }
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
    try checkDistinct(cols, explicit: explicit, header: header, file: file, line: line)
    return (cols[0]!, cols[1]!, cols[2]!, cols[3])
  }

  /// Throws when two roles landed on one column (`user=1 item=1`, or `user=2` in a file
  /// without header, where item is column 2 by position): reading on would make every rating
  /// of a user a duplicate, or the rating its own item.
  static func checkDistinct(_ cols: [Int?], explicit: [String?], header: [String]?, file: String, line: Int) throws {
    for b in 1..<cols.count {
      guard let c = cols[b], let a = (0..<b).first(where: { cols[$0] == c }) else { continue }
      let column = header.map { "column \(c + 1) ('\(ShownText.shown($0[c]))')" } ?? "column \(c + 1)"
      let how = { (r: Int) in explicit[r] != nil ? "\(roleNames[r])=" : "\(roleNames[r]) (by \(header == nil ? "position" : "name"))" }
      let fix = [a, b].first { explicit[$0] == nil }.map { "give \(roleNames[$0])=COL for another column" }
        ?? "give \(roleNames[a])= and \(roleNames[b])= different columns"
      throw MKError.data("\(how(a)) and \(how(b)) both name \(column): each role needs its own column",
                         file: file, line: line, hint: fix)
    }
  }

  /// The columns (0-based) of `features=`: header names (exact, then ignoring case and `_`) or
  /// numbers from 1; never the rating column, each at most once.
  static func featureColumns(_ wanted: [String], header: [String]?, fieldCount: Int, rating: Int,
                             option: String = "features", file: String, line: Int) throws -> [Int] {
    var out: [Int] = []
    let listed = header.map(quotedList) ?? ""
    for want in wanted {
      let j: Int
      if let header, let h = header.firstIndex(where: { $0 == want })
          ?? header.firstIndex(where: { normalized($0) == normalized(want) }) {
        j = h
      } else if let k = Int(want), (1...max(1, fieldCount)).contains(k), k <= fieldCount {
        j = k - 1
      } else {
        throw MKError.data(
          header != nil ? "no column '\(ShownText.shown(want))' for \(option)= in the header (columns: \(listed))"
            : "no column '\(ShownText.shown(want))' for \(option)=: the file has no header",
          file: file, line: line,
          hint: "give a column name from the header or a column number from 1 to \(fieldCount)")
      }
      guard j != rating else {
        throw MKError.data("\(option)= cannot hold the rating column '\(ShownText.shown(want))': the model would read the answer",
                           file: file, line: line, hint: "list other columns in \(option)=")
      }
      guard !out.contains(j) else {
        throw MKError.data("column '\(ShownText.shown(want))' appears twice in \(option)=", file: file, line: line,
                           hint: "list each column once")
      }
      out.append(j)
    }
    return out
  }

  /// `'a', 'b', 'c'`: a header as error messages list it (the first 20 names, each `shown`).
  static func quotedList(_ header: [String]) -> String {
    let names = header.prefix(20).map { "'\(ShownText.shown($0))'" }.joined(separator: ", ")
    return header.count > 20 ? names + ", … (\(header.count) columns)" : names
  }
}

/// A column name reduced for matching: lowercase, without `_`, `-` and spaces.
func normalized(_ name: String) -> String {
  String(name.lowercased().unicodeScalars.filter { $0 != "_" && $0 != "-" && $0 != " " })
}
