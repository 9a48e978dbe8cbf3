import Foundation

extension Users {
  /// MovieLens 100K `u.user`'s columns after the id.
  public static let movieLensAttributes = ["age", "gender", "occupation", "zip"]

  /// Loads user side information, interning user ids in `universe`.
  ///
  /// Files: MovieLens `u.user` (`id|age|gender|occupation|zip`, no header), or delimited text
  /// (separator sniffed) whose header starts with the user column (user, user_id, userId, uid,
  /// id) and names the attributes; without such a header the columns after the id are named
  /// by their numbers from 1 ("2", "3", …). A column is numeric when every non-empty value is
  /// a number, else categorical. When a user is listed twice, the last line wins.
  /// - Throws: `MKError` naming the file and line for every problem in the data.
  public static func load(path: String, universe: Universe) throws -> Users {
    let bytes = try readDataFile(path)
    let sep = try DelimitedSniffer.separator(bytes, file: path)
    var reader = DelimitedReader(bytes: bytes, separator: sep, file: path)
    var fields: [FieldSpan] = []
    guard try reader.next(&fields) else {
      throw MKError.data("'\(path)' is empty: no users", file: path, line: 1,
                         hint: "a users file has one user a line: user, then attributes (age, gender, …)")
    }
    let firstLine = reader.line, expected = fields.count
    guard expected >= 2 else {
      throw MKError.data("line \(firstLine) has 1 field; a users file has the user, then at least one attribute",
                         file: path, line: firstLine, hint: "check the separator, or the file")
    }
    let first = fields.map { reader.text($0) }
    let userNames: Set<String> = RatingColumns.aliases[0].union(["id"])
    let hasHeader = userNames.contains(normalized(first[0]))
    let isML = !hasHeader && sep == .byte(124) && expected == 5 && reader.canonicalInteger(fields[0]) != nil
    let attributes = hasHeader ? Array(first.dropFirst()) : isML ? movieLensAttributes : (2...expected).map { "\($0)" }
    if hasHeader, try !reader.next(&fields) {
      throw MKError.data("'\(path)' has a header but no users", file: path, line: firstLine,
                         hint: "add users after the header line, one a line")
    }

    // Read every row: the raw texts, and each cell's number when it is one.
    let a = attributes.count
    var ids: [Int32] = [], lines: [Int] = [], texts: [[String]] = [], numbers: [[Double?]] = []
    var isNumeric = [Bool](repeating: true, count: a)
    var rowOfUser: [Int32: Int] = [:]
    repeat {
      let line = reader.line
      try reader.checkFieldCount(fields, expected: expected, firstLine: firstLine, file: path)
      guard !fields[0].isEmpty else {
        throw MKError.data("empty user id on line \(line)", file: path, line: line, hint: "every user needs an id")
      }
      let u = universe.users.intern(reader.text(fields[0]))
      var rowTexts: [String] = [], rowNumbers: [Double?] = []
      for c in 0..<a {
        let f = fields[c + 1]
        let x = reader.number(f)
        if !f.isEmpty, x == nil || !(x!.isFinite) { isNumeric[c] = false }
        rowTexts.append(reader.text(f))
        rowNumbers.append(f.isEmpty ? nil : x)
      }
      if let r = rowOfUser[u] {
        texts[r] = rowTexts; numbers[r] = rowNumbers; lines[r] = line
      } else {
        rowOfUser[u] = ids.count
        ids.append(u); lines.append(line); texts.append(rowTexts); numbers.append(rowNumbers)
      }
    } while try reader.next(&fields)

    // Columns: one standardized column per numeric attribute, one per level of the others.
    var columnNames: [String] = [], columnOf: [[String: Int32]] = [], numericColumn = [Int32](repeating: -1, count: a)
    var mean = [Double](repeating: 0, count: a), std = [Double](repeating: 0, count: a)
    for c in 0..<a {
      var levels: [String: Int32] = [:]
      if isNumeric[c] {
        numericColumn[c] = Int32(columnNames.count)
        columnNames.append(attributes[c])
        let xs = numbers.compactMap { $0[c] }
        let n = Double(max(1, xs.count))
        mean[c] = xs.reduce(0, +) / n
        std[c] = (xs.reduce(0) { $0 + ($1 - mean[c]) * ($1 - mean[c]) } / n).squareRoot()
      } else {
        for row in texts where !row[c].isEmpty && levels[row[c]] == nil {
          levels[row[c]] = Int32(columnNames.count)
          columnNames.append("\(attributes[c])=\(row[c])")
        }
      }
      columnOf.append(levels)
    }
    var offsets = [0], cols: [Int32] = [], vals: [Float] = []
    for r in 0..<ids.count {
      for c in 0..<a {
        if isNumeric[c] {
          guard let x = numbers[r][c] else { continue }
          let z = std[c] > 0 ? (x - mean[c]) / std[c] : x - mean[c]
          if z != 0 { cols.append(numericColumn[c]); vals.append(Float(z)) }
        } else if let k = columnOf[c][texts[r][c]] {
          cols.append(k); vals.append(1)
        }
      }
      offsets.append(cols.count)
    }
    return Users(universe: universe, user: ids, attributes: attributes, numeric: isNumeric, columnNames: columnNames,
                 values: SparseRows(offsets: offsets, columns: cols, values: vals),
                 name: URL(fileURLWithPath: path).lastPathComponent, path: path, lines: lines)
  }
}
