/// Titles and tags of items, keyed by the universe's item index.
///
/// Tags form a sparse item × tag matrix (CSR over this table's rows, values 1 for tags and
/// genre flags). Items listed here but never rated are still interned in the universe, so that
/// cold-start models can score them.
public final class Items {
  public let universe: Universe
  /// Universe item index of each row.
  public let item: [Int32]
  public let title: [String]
  public let tagNames: [String]
  /// Row r's tags: column indices into `tagNames`.
  public let tags: SparseRows
  public let name: String
  private var rowOfItem: [Int32: Int] = [:]
  private var rowOfTitle: [String: Int] = [:]

  public init(universe: Universe, item: [Int32], title: [String], tagNames: [String], tags: SparseRows, name: String) {
    precondition(item.count == title.count && tags.rowCount == item.count)
    self.universe = universe
    self.item = item
    self.title = title
    self.tagNames = tagNames
    self.tags = tags
    self.name = name
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

  /// Tag names of universe item `i`.
  public func tagList(_ i: Int32) -> [String] {
    guard let r = rowOfItem[i] else { return [] }
    return tags.range(r).map { tagNames[Int(tags.columns[$0])] }
  }
}
