import MKCore

/// The rankings family: Mangaki's top, pearls, popular and controversial (definitions in
/// MKCore's `ItemRankings`). Adding a verb: one entry here (see `Verb` and `Call`).
extension Verbs {
  public static let rankings: [Verb] = [
    ranking("top", "items with at least `min` ratings, by mean rating (Mangaki's top)",
            extra: [VerbOption("min", .int(1...1_000_000_000), default: .number(80), "fewest ratings an item needs")],
            examples: ["top ratings n=8 min=80 labels=works"]) { data, call in
      ItemRankings.top(data, n: try call.int("n"), min: try call.int("min"))
    },
    ranking("pearls", "little-known gems: 30–126 ratings and at most 5 dislikes per 42 likes (Mangaki's pearls)",
            extra: [VerbOption("min", .int(1...1_000_000_000), default: .number(30), "fewest ratings"),
                    VerbOption("max", .int(1...1_000_000_000), default: .number(126), "most ratings")],
            examples: ["pearls ratings labels=works"]) { data, call in
      ItemRankings.pearls(data, n: try call.int("n"), minCount: try call.int("min"), maxCount: try call.int("max"))
    },
    ranking("popular", "items by number of ratings", extra: [], examples: ["popular ratings n=10"]) { data, call in
      ItemRankings.popular(data, n: try call.int("n"))
    },
    ranking("controversial", "items people disagree on: at least `min` ratings, by standard deviation",
            extra: [VerbOption("min", .int(1...1_000_000_000), default: .number(30), "fewest ratings an item needs")],
            examples: ["controversial ratings min=50"]) { data, call in
      ItemRankings.controversial(data, n: try call.int("n"), min: try call.int("min"))
    },
  ]

  /// A verb `NAME DATA [n=8] [labels=ITEMS] ...` showing a table of ranked items.
  private static func ranking(_ name: String, _ summary: String, extra: [VerbOption], examples: [String],
                              rank: @escaping (Ratings, Call) throws -> [ItemRankings.Entry]) -> Verb {
    Verb(name, family: "rankings", summary: summary,
         slots: [Slot("DATA", .ratings, "the ratings")],
         options: [VerbOption("n", .int(1...1_000_000), default: .number(8), "how many items"), Labels.option] + extra,
         examples: examples) { call in
      let data = try call.ratings("DATA")
      try call.pointing(at: "DATA") { try data.requireUsersAndItems(for: name) }
      let labels = try Labels.table(call, data: data)
      let entries = try rank(data, call)
      let likes = name == "pearls"
      var columns = [Table.Column("#")] + Labels.columns(labels) + [Table.Column("ratings"), Table.Column("mean")]
      if likes { columns += [Table.Column("likes"), Table.Column("dislikes")] }
      if name == "controversial" { columns.append(Table.Column("std")) }
      var t = Table(title: "\(name) of \(data.name)", columns: columns)
      for (r, e) in entries.enumerated() {
        var row: [Table.Cell] = [.number(Double(r + 1))] + Labels.cells(data.universe.items[e.item], labels)
          + [.number(Double(e.count)), .number(e.mean)]
        if likes { row += [.number(Double(e.likes)), .number(Double(e.dislikes))] }
        if name == "controversial" { row.append(.number(e.std)) }
        t.append(row)
      }
      if entries.isEmpty { t.title += " (no item qualifies; see help \(name))" }
      return .table(t)
    }
  }
}
