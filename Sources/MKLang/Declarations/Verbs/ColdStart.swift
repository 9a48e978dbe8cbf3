import MKCore

/// The cold-start verbs of the BALSE experiment: blend (two models gated by the item's rating
/// count) and explain (a user's tag weights in a lasso or blend). Adding a verb: one entry here
/// (see `Verb` and `Call`).
extension Verbs {
  public static let coldStart: [Verb] = [
    Verb("blend", family: "models",
         summary: "BALSE: refit A and B on part of DATA, learn the gate σ(β(R_j − γ)) on the rest, refit on all",
         slots: [Slot("A", .model, "the model for popular items (weight σ), e.g. als"),
                 Slot("B", .model, "the model for rare and cold items (weight 1 − σ), e.g. lasso"),
                 Slot("DATA", .ratings, "the training ratings")],
         options: (VerbOption.ofKind[BlendModel.kind.name] ?? [])
           + [VerbOption("side", .items, "item tags for a part that takes side= (default: the table it was fitted with)")],
         examples: ["balse = blend als lasso train", "balse = blend als lasso train holdout=0.3 seed=1"]) { call in
      let a = try call.model("A"), b = try call.model("B")
      let options = call.modelOptions(BlendModel.kind).typed(BlendModel.Options.self)
      try call.pointing(at: "DATA") { try call.ratings("DATA").requireUsersAndItems(for: "blend (its gate reads each item's rating count)") }
      let model = try BlendModel.fit(a: a, b: b, data: try call.ratings("DATA"), options: options,
                                     side: call.has("side") ? try call.items("side") : nil,
                                     progress: call.progress.relabel("blend"))
      return .model(model)
    },

    Verb("explain", family: "rankings",
         summary: "a user's strongest liked and disliked tags, with their weights (lasso and blend models)",
         slots: [Slot("M", .model, "a lasso model, or a blend with a lasso part"),
                 Slot("USER", .id, "the user, as written in the data")],
         options: [VerbOption("n", .int(1...10_000), default: .number(5), "how many tags each way"),
                   VerbOption("labels", .items, "items whose titles show, per tag, the user's rated items that carry it")],
         examples: ["explain lasso 196", "explain balse 3 labels=works n=3"]) { call in
      let m = try call.model("M")
      let lasso: LassoModel
      if let l = m as? LassoModel {
        lasso = l
      } else if let blend = m as? BlendModel, let l = (blend.a as? LassoModel) ?? (blend.b as? LassoModel) {
        lasso = l
      } else {
        throw call.error(.value, "explain reads tag weights, and a \(m.kindName) model has none", at: "M",
                         hint: "explain a lasso model (fit lasso DATA side=ITEMS) or a blend with a lasso part")
      }
      let user = try call.id("USER")
      guard let u = lasso.userIndex(user), let tags = lasso.strongestTags(user: u, n: try call.int("n")) else {
        throw call.error(.value, "unknown user '\(user)': the model has no ratings by them", at: "USER")
      }
      let labels = try Labels.table(call)
      var columns = [Table.Column("", alignment: .left), Table.Column("tag", alignment: .left), Table.Column("weight")]
      if labels != nil { columns.append(Table.Column("rated items with the tag", alignment: .left)) }
      let names = tags.likes.map(\.0).joined(separator: ", "), against = tags.dislikes.map(\.0).joined(separator: ", ")
      var sentence = "user \(user)"
      switch (names.isEmpty, against.isEmpty) {
      case (false, false): sentence += " likes \(names); dislikes \(against)"
      case (false, true): sentence += " likes \(names); dislikes no tag in particular"
      case (true, false): sentence += " likes no tag in particular; dislikes \(against)"
      case (true, true): sentence += ": no tag moves their ratings away from their mean"
      }
      var t = Table(title: sentence, columns: columns)
      for (side, list) in [("likes", tags.likes), ("dislikes", tags.dislikes)] {
        for (k, (tag, w)) in list.enumerated() {
          var row: [Table.Cell] = [.text(k == 0 ? side : ""), .text(tag), .number(Double(w))]
          if let labels { row.append(.text(ratedWithTag(tag, user: u, model: lasso, labels: labels))) }
          t.append(row)
        }
      }
      return .table(t)
    },
  ]

  /// Titles of up to three items the user rated that carry `tag`, best rated first.
  private static func ratedWithTag(_ tag: String, user u: Int32, model: LassoModel, labels: Items) -> String {
    guard let g = model.tagNames.firstIndex(of: tag) else { return "" }
    let seen = model.info.seen
    guard Int(u) < seen.rowCount else { return "" }
    var picks: [(Float, String)] = []
    for p in seen.range(Int(u)) {
      let i = Int(seen.columns[p])
      guard i < model.itemTags.rowCount, model.itemTags.range(i).contains(where: { model.itemTags.columns[$0] == Int32(g) }) else { continue }
      let raw = model.info.itemIds[Int32(i)]
      picks.append((seen.values[p], Labels.title(raw, labels) ?? raw))
    }
    picks.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
    return picks.prefix(3).map(\.1).joined(separator: "; ")
  }
}
