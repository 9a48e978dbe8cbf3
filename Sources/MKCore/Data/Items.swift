/// Titles and tags of items, keyed by the universe's item index.
///
/// Tags form a sparse item × tag matrix (CSR over this table's rows, values 1 for tags and
/// genre flags, a wide table's values for its columns: a Q-matrix's skills). Items listed here
/// but never rated are still interned in the universe, so that cold-start models can score
/// them. A table loaded from a file remembers its path and each item's line, so that code
/// using it can cite them (`line(ofItem:)`, `requireTags(for:)`).
public final class Items {
  public let universe: Universe
  /// Universe item index of each row.
  public let item: [Int32]
  public let title: [String]
  public let tagNames: [String]
  /// Row r's tags: column indices into `tagNames`.
  public let tags: SparseRows
  public let name: String
  /// The file the table was read from, as given (its `name` when built in code).
  public let path: String
  /// The 1-based line of the file each row came from; empty when built in code.
  public let lines: [Int]
  private var rowOfItem: [Int32: Int] = [:]
  private var rowOfTitle: [String: Int] = [:]

  public init(universe: Universe, item: [Int32], title: [String], tagNames: [String], tags: SparseRows, name: String,
              path: String? = nil, lines: [Int] = []) {
    precondition(item.count == title.count && tags.rowCount == item.count)
    precondition(lines.isEmpty || lines.count == item.count)
    self.universe = universe
    self.item = item
    self.title = title
    self.tagNames = tagNames
    self.tags = tags
    self.name = name
    self.path = path ?? name
    self.lines = lines
    for (r, i) in item.enumerated() where rowOfItem[i] == nil { rowOfItem[i] = r }
    for (r, t) in title.enumerated() where rowOfTitle[t] == nil { rowOfTitle[t] = r }
  }

  public var count: Int { item.count }

  /// The row holding universe item `i`, if this table lists it.
  public func row(ofItem i: Int32) -> Int? { rowOfItem[i] }
  /// The universe item index titled exactly `title`.
  public func item(titled title: String) -> Int32? { rowOfTitle[title].map { item[$0] } }
  /// The title of universe item `i`, or its raw id when this table does not list it.
  public func label(_ i: Int32) -> String {
    if let r = rowOfItem[i] { return title[r] }
    return universe.items[i]
  }
  /// Titles, for did-you-mean suggestions.
  public var titles: [String] { title }

  /// The line of the file that listed universe item `i` (its last line when listed twice),
  /// nil when the table does not list it or was not read from a file.
  public func line(ofItem i: Int32) -> Int? {
    guard let r = rowOfItem[i], r < lines.count else { return nil }
    return lines[r]
  }

  /// Throws unless the table has tags, for a use that needs them (`purpose`: "fm side=",
  /// "lasso", "encode skills="): a file of titles only is an error naming the file.
  public func requireTags(for purpose: String) throws {
    guard tagNames.isEmpty else { return }
    throw MKError(.value, "\(purpose) needs item tags, but '\(path)' has none: it lists titles only",
                  hint: "give a table with tags: item,title,tags with |-separated tags, MovieLens u.item, or a wide table item,tag1,tag2,… of 0/1 or numeric values (a Q-matrix)")
  }

  /// Tag names of universe item `i`.
  public func tagList(_ i: Int32) -> [String] {
    guard let r = rowOfItem[i] else { return [] }
    return tags.range(r).map { tagNames[Int(tags.columns[$0])] }
  }
}
