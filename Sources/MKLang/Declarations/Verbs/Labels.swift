import MKCore

/// Naming items by title or by id, and showing them with their titles: the `labels=ITEMS`
/// option shared by recommend, similar, profile, predict and the rankings.
enum Labels {
  /// The `labels=` option, declared once for every verb that takes it.
  static let option = VerbOption("labels", .items, "items whose titles name and label the items")

  /// The item table to label with: `labels=` when given, else the one attached to `data`.
  static func table(_ call: Call, data: Ratings? = nil) throws -> Items? {
    if call.has("labels") { return try call.items("labels") }
    return data?.items
  }

  /// The raw id of the item written in slot `name`: a title when `labels` lists it, else an id.
  static func itemId(_ call: Call, _ name: String, labels: Items?) throws -> String {
    let written = try call.id(name)
    if let labels, let i = labels.item(titled: written) { return labels.universe.items[i] }
    if labels == nil || labels!.universe.items.lookup(written) != nil { return written }
    throw MKError.notAmong("no item titled '\(written)' in \(labels!.name)", written, among: labels!.titles, kind: .name,
                           at: call.location(of: name), hint: "titles must match exactly; an id works too")
  }

  /// The title of a raw item id, or the id itself.
  static func title(_ rawId: String, _ labels: Items?) -> String? {
    guard let labels, let i = labels.universe.items.lookup(rawId), labels.row(ofItem: i) != nil else { return nil }
    return labels.label(i)
  }

  /// Columns "item" (and "title" when labels are given) for a table of items.
  static func columns(_ labels: Items?) -> [Table.Column] {
    labels == nil ? [Table.Column("item", alignment: .left)]
      : [Table.Column("item", alignment: .left), Table.Column("title", alignment: .left)]
  }

  static func cells(_ rawId: String, _ labels: Items?) -> [Table.Cell] {
    labels == nil ? [.text(rawId)] : [.text(rawId), .text(title(rawId, labels) ?? "")]
  }
}
