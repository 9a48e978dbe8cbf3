import Foundation

/// File formats `Items.load` reads.
public enum ItemsFormat: String, CaseIterable {
  /// MovieLens `u.item` when the file looks like one (pipe separated, 19 trailing 0/1 flags),
  /// else `csv`.
  case auto
  /// Delimited text (separator sniffed): `item,title,tags` with `|`-separated tags, Mangaki's
  /// `works.csv` (`work_id,title,...,genres`), or headerless `id,title[,tags]`.
  case csv
  /// MovieLens 100K `u.item`: latin-1, `id|title|date|video date|url|` + one 0/1 flag a genre.
  case ml100k
}

extension Items {
  /// The 19 MovieLens 100K genres, in `u.genre` order.
  public static let movieLensGenres = [
    "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary",
    "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
    "Thriller", "War", "Western",
  ]

  /// Loads item titles and tags, interning item ids in `universe`.
  ///
  /// Items the universe does not know yet are added (cold-start items). CSV files: the id column
  /// is item/item_id/work/work_id/movie/movieId/id, the title column title/name, and tags come
  /// from a `tags` column, else a `genres` column, `|`-separated. A header without a tags
  /// column whose other columns (besides id and title) are numbers on the first item is a
  /// wide table (a Q-matrix `item_id,skill1,…`): each such column a tag named by the header,
  /// weighted by the value (0: absent). Without a header the columns are id, title[, tags].
  /// A file of ids and titles alone loads with no tags (`requireTags(for:)` refuses it). MovieLens `u.item` takes its genre names from `u.genre` in the same
  /// folder when present. Text that is not valid UTF-8 is read as latin-1. When an id is listed
  /// twice, the last line wins.
  /// - Throws: `MKError` naming the file and line for every problem in the data.
  public static func load(path: String, universe: Universe, format: ItemsFormat = .auto) throws -> Items {
    let bytes = try readDataFile(path)
    let sep = format == .ml100k ? FieldSeparator.byte(124) : try DelimitedSniffer.separator(bytes, file: path)
    var reader = DelimitedReader(bytes: bytes, separator: sep, file: path)
    var fields: [FieldSpan] = []
    guard try reader.next(&fields) else {
      throw MKError.data("'\(path)' is empty: no items", file: path, line: 1,
                         hint: "an items file has one item a line: item, title, tags")
    }
    let firstLine = reader.line
    let expected = fields.count
    let isML = format == .ml100k || (format == .auto && looksLikeMovieLensItems(reader, fields))

    // Columns: id, title, tags (a `|` list) or genre flags (MovieLens).
    var idColumn = 0, titleColumn: Int? = expected > 1 ? 1 : nil, tagColumn: Int? = nil
    var flagNames: [String] = []
    // A wide table (`item,skill1,skill2,…`): these columns are tags weighted by their values.
    var wideColumns: [Int] = []
    var haveRecord = true
    if isML {
      guard expected >= 6 else {
        throw MKError.data("line \(firstLine) has \(expected) fields; MovieLens u.item has id|title|date|video date|url|genre flags",
                           file: path, line: firstLine, hint: "give format=csv for other item files")
      }
      let genres = movieLensGenreNames(besides: path)
      flagNames = genres.names
      guard expected - 5 == flagNames.count else {
        throw MKError.data(
          "line \(firstLine) has \(expected - 5) genre flags; MovieLens u.item has \(flagNames.count), one a genre of \(genres.fromFile ? "u.genre beside it" : "MovieLens 100K")",
          file: path, line: firstLine,
          hint: "u.item lines are id|title|date|video date|url| and one 0/1 flag a genre; give format=csv for other item files")
      }
    } else {
      let names = fields.map { normalized(reader.text($0)) }
      let idNames = RatingColumns.aliases[1].union(["id"])
      let known = idNames.union(["title", "name", "tags", "genres", "tag", "genre"])
      if names.contains(where: { known.contains($0) }) {
        idColumn = names.firstIndex { idNames.contains($0) } ?? 0
        titleColumn = names.firstIndex { $0 == "title" || $0 == "name" }
        tagColumn = names.firstIndex { $0 == "tags" || $0 == "tag" } ?? names.firstIndex { $0 == "genres" || $0 == "genre" }
        let header = fields.map { reader.text($0) }
        haveRecord = try reader.next(&fields)
        if !haveRecord {
          throw MKError.data("'\(path)' has a header but no items", file: path, line: firstLine,
                             hint: "add items after the header line, one a line")
        }
        // No tags column, and every other column a number on the first item: a wide table.
        let others = (0..<expected).filter { $0 != idColumn && $0 != titleColumn }
        if tagColumn == nil, !others.isEmpty, fields.count == expected,
           others.allSatisfy({ reader.number(fields[$0]) != nil }) {
          wideColumns = others
          flagNames = others.map { header[$0] }
        }
      } else if expected > 2 {
        tagColumn = 2
      }
    }

    var tagIndex: [String: Int32] = [:]
    var tagNames: [String] = []
    for n in flagNames { tagIndex[n] = Int32(tagNames.count); tagNames.append(n) }
    var itemOfRow: [Int32] = [], titles: [String] = [], tagLists: [[Int32]] = [], weightLists: [[Float]] = []
    var lines: [Int] = []
    var rowOfItem: [Int32: Int] = [:]

    while haveRecord {
      let line = reader.line
      try reader.checkFieldCount(fields, expected: expected, firstLine: firstLine, file: path)
      let id = reader.text(fields[idColumn])
      guard !id.isEmpty else {
        throw MKError.data("empty item id on line \(line)", file: path, line: line, hint: "every item needs an id")
      }
      let item = universe.items.intern(id)
      let title = titleColumn.map { reader.text(fields[$0]) } ?? id
      var tags: [Int32] = [], weights: [Float] = []
      if !wideColumns.isEmpty {
        for (k, c) in wideColumns.enumerated() {
          let f = fields[c]
          guard let x = reader.number(f), Float(x).isFinite else {
            throw MKError.data(
              "'\(ShownText.shown(flagNames[k]))' is '\(reader.shown(f))' on line \(line), not a number",
              file: path, line: line,
              hint: "a wide table item,col1,col2,… holds a number (a weight, 0 for none) in every column after the id")
          }
          if x != 0 { tags.append(Int32(k)); weights.append(Float(x)) }
        }
      } else if isML {
        for g in 0..<flagNames.count {
          let f = fields[5 + g]
          guard let x = reader.number(f), x == 0 || x == 1 else {
            throw MKError.data(
              "genre flag '\(reader.shown(f))' (\(ShownText.shown(flagNames[g]))) on line \(line) is not 0 or 1",
              file: path, line: line, hint: "u.item ends with one 0/1 flag a genre")
          }
          if x == 1 { tags.append(Int32(g)) }
        }
      } else if let tagColumn {
        for t in reader.text(fields[tagColumn]).split(separator: "|") {
          let name = t.trimmingCharacters(in: .whitespaces)
          guard !name.isEmpty else { continue }
          let k: Int32
          if let j = tagIndex[name] { k = j } else {
            k = Int32(tagNames.count); tagIndex[name] = k; tagNames.append(name)
          }
          if !tags.contains(k) { tags.append(k) }
        }
      }
      if weights.isEmpty { weights = [Float](repeating: 1, count: tags.count) }
      if let r = rowOfItem[item] {
        titles[r] = title; tagLists[r] = tags; weightLists[r] = weights; lines[r] = line
      } else {
        rowOfItem[item] = itemOfRow.count
        itemOfRow.append(item); titles.append(title); tagLists.append(tags); weightLists.append(weights); lines.append(line)
      }
      haveRecord = try reader.next(&fields)
    }

    var offsets = [0], columns: [Int32] = [], values: [Float] = []
    for (t, w) in zip(tagLists, weightLists) { columns.append(contentsOf: t); values.append(contentsOf: w); offsets.append(columns.count) }
    let matrix = SparseRows(offsets: offsets, columns: columns, values: values)
    return Items(universe: universe, item: itemOfRow, title: titles, tagNames: tagNames, tags: matrix,
                 name: URL(fileURLWithPath: path).lastPathComponent, path: path, lines: lines)
  }

  /// Pipe separated, at least 6 fields, and every field after the URL a whole number: the
  /// shape of u.item. (The flags are checked to be 0/1 and counted afterwards, so that a u.item
  /// with a flag of 7 or missing columns is an error rather than a CSV file of odd tags.)
  static func looksLikeMovieLensItems(_ reader: DelimitedReader, _ fields: [FieldSpan]) -> Bool {
    guard reader.separator == .byte(124), fields.count >= 6 else { return false }
    return fields[5...].allSatisfy { f in reader.number(f).map { $0 == $0.rounded() } ?? false }
  }

  static func genreFilePath(besides path: String) -> String {
    URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("u.genre").path
  }

  /// Genre names from `u.genre` beside `path` (`name|index` lines numbered 0, 1, ...), else
  /// the standard 19; `fromFile` says which.
  static func movieLensGenreNames(besides path: String) -> (names: [String], fromFile: Bool) {
    let standard = (movieLensGenres, false)
    guard let bytes = try? readDataFile(genreFilePath(besides: path)) else { return standard }
    var reader = DelimitedReader(bytes: bytes, separator: .byte(124))
    var fields: [FieldSpan] = []
    var read: [(Int, String)] = []
    while (try? reader.next(&fields)) == true {
      guard fields.count == 2, let k = reader.number(fields[1]), k >= 0, k < 1000 else { return standard }
      read.append((Int(k), reader.text(fields[0])))
    }
    guard !read.isEmpty, Set(read.map { $0.0 }) == Set(0..<read.count) else { return standard }
    return (read.sorted { $0.0 < $1.0 }.map { $0.1 }, true)
  }
}
