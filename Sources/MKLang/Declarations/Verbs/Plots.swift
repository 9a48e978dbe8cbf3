import MKCore

/// The plots family: plot (embeddings, training curves), hist, components. Adding a verb: one
/// entry here (see `Verb` and `Call`).
///
/// A plot verb returns `.plot(figure, file:)`: the REPL and `mk run` draw it as ASCII at the
/// terminal's width, `mk render` inlines its SVG, and `svg=PATH` also writes the SVG to a file.
extension Verbs {
  public static let plots: [Verb] = [
    Verb("plot", family: "plots",
         summary: "draw a model's embeddings in 2-D (PCA), or a table of numbers such as M.history as curves",
         slots: [Slot("X", .either([.model, .table]),
                      "a fitted model with embeddings, or a table of numbers (M.history: one curve per column)")],
         options: [
           VerbOption("what", .choice(["items", "users"]), default: .word("items"), "which embeddings to draw"),
           Labels.option,
           VerbOption("n", .int(0...10_000), default: .number(60),
                      "how many of the most-rated points carry a label (one with no room is left out; in SVG every point names itself on hover)"),
           VerbOption("color", .word, "colour items by whether they have this tag (a tag of labels=)"),
           svgOption,
         ],
         examples: ["plot als what=items labels=works svg=\"anime.svg\"", "plot als labels=works color=romance",
                    "plot als.history svg=\"curves.svg\""]) { call in
      let figure: Figure
      if case .table(let t)? = call.value("X") {
        for name in ["what", "labels", "n", "color"] where call.has(name) {
          throw call.error(.usage, "\(name)= applies to plots of models, not of tables", at: name)
        }
        figure = .curves(try curves(t, call))
      } else {
        figure = .scatter(try scatter(call))
      }
      return try plotValue(figure, call)
    },

    Verb("hist", family: "plots", summary: "the rating distribution as a histogram",
         slots: [Slot("DATA", .ratings, "the ratings")],
         options: [svgOption],
         examples: ["hist ratings", "hist ratings svg=\"ratings.svg\""]) { call in
      let data = try call.ratings("DATA")
      guard data.count > 0 else { throw call.error(.value, "\(data.name) has no ratings to count", at: "DATA") }
      let bins = data.describe().histogram
      let figure = Figure.histogram(Histogram(title: "ratings of \(data.name)", xTitle: "rating", yTitle: "ratings",
                                              bars: bins.map { Histogram.Bar(label: $0.label, count: $0.count) }))
      return try plotValue(figure, call)
    },

    Verb("components", family: "plots",
         summary: "the items at both ends of each principal component (PCA, not raw factor columns) of a model's item embeddings",
         slots: [Slot("M", .model, "a fitted model with item embeddings")],
         options: [
           Labels.option,
           VerbOption("n", .int(1...1000), default: .number(5), "items listed at each end"),
           VerbOption("dims", .int(1...100), default: .number(3), "how many components"),
           VerbOption("min", .int(1...1_000_000_000), default: .number(1),
                      "fewest training ratings an item needs to be listed"),
         ],
         examples: ["components als labels=works", "components als labels=works n=8 dims=2 min=20"]) { call in
      // The dimensions are PCA components of the item embeddings, not raw factor columns: a
      // factorization is only defined up to a rotation, so its raw columns carry no meaning.
      let m = try call.model("M")
      let labels = try Labels.table(call)
      let n = try call.int("n")
      let comps = try call.pointing(at: "M") {
        try EmbeddingPlot.components(m, count: try call.int("dims"), n: n, minCount: try call.int("min"))
      }
      func name(_ i: Int32) -> String {
        let raw = m.info.itemIds[i]
        return Labels.title(raw, labels) ?? raw
      }
      var t = Table(title: "principal components of \(call.session.name(of: m) ?? m.kindName)'s item embeddings",
                    columns: [Table.Column("component", alignment: .left), Table.Column("#"),
                              Table.Column("low end", alignment: .left), Table.Column("high end", alignment: .left)])
      for (c, comp) in comps.enumerated() {
        for r in 0..<max(comp.low.count, comp.high.count) {
          let head = r == 0 ? "\(c + 1) (\(EmbeddingPlot.formatPercent(comp.explained)))" : ""
          t.append([.text(head), .number(Double(r + 1)),
                    .text(r < comp.low.count ? name(comp.low[r]) : ""), .text(r < comp.high.count ? name(comp.high[r]) : "")])
        }
      }
      return .table(t)
    },
  ]

  /// `svg=PATH`, shared by the plot verbs.
  static let svgOption = VerbOption("svg", .path, "also write the plot to this SVG file")

  /// The plot as a value, after writing its SVG when `svg=` is given.
  static func plotValue(_ figure: Figure, _ call: Call) throws -> Value {
    guard call.has("svg") else { return .plot(figure, file: nil) }
    let written = try call.string("svg")
    let path = try call.path("svg")
    try call.pointing(at: "svg") { try AtomicFile.write(figure.svg(), to: path) }
    return .plot(figure, file: written)
  }

  /// `plot M`: the model's item or user embeddings on their first two principal components.
  static func scatter(_ call: Call) throws -> Scatter {
    let m = try call.model("X")
    let side = EmbeddingPlot.Side(rawValue: try call.word("what")) ?? .items
    let labels = try Labels.table(call)
    let info = m.info
    func name(_ i: Int32) -> String {
      if side == .users { return info.userIds[i] }
      let raw = info.itemIds[i]
      return Labels.title(raw, labels) ?? raw
    }
    var groups: [String] = []
    var group: (Int32) -> Int = { _ in -1 }
    if call.has("color") {
      let tag = try call.word("color")
      guard side == .items else { throw call.error(.usage, "color= colours items by tag; it needs what=items", at: "color") }
      guard let labels else {
        throw call.error(.usage, "color=\(tag) needs items with tags", at: "color", hint: "add labels=ITEMS (e.g. labels=works)")
      }
      guard labels.tagNames.contains(tag) else {
        throw MKError.notAmong("no tag '\(tag)' in \(labels.name)", tag, among: labels.tagNames, kind: .name,
                               at: call.location(of: "color"), hint: labels.tagNames.isEmpty ? "\(labels.name) has no tags" : nil)
      }
      groups = [tag]
      group = { i in
        guard let u = labels.universe.items.lookup(info.itemIds[i]) else { return -1 }
        return labels.tagList(u).contains(tag) ? 0 : -1
      }
    }
    let who = call.session.name(of: m) ?? m.kindName
    return try call.pointing(at: "X") {
      try EmbeddingPlot.scatter(m, side: side, title: "\(side.rawValue) of \(who == m.kindName ? who : "\(who) (\(m.kindName))") on \(info.trainedOn)",
                                name: name, labelled: try call.int("n"), groups: groups, group: group)
    }
  }

  /// `plot TABLE`: one curve per numeric column, against the first column when it counts up
  /// (`iter` in a history), else against the row number.
  static func curves(_ t: Table, _ call: Call) throws -> Curves {
    guard !t.rows.isEmpty, !t.columns.isEmpty else {
      throw call.error(.value, "the table has no rows to plot", at: "X",
                       hint: t.title.hasSuffix("history") ? "this model records no history while fitting" : nil)
    }
    var columns: [[Double]] = Array(repeating: [], count: t.columns.count)
    for row in t.rows {
      for c in t.columns.indices {
        guard c < row.count, case .number(let v) = row[c] else {
          throw call.error(.type, "plot draws tables of numbers; column '\(t.columns[c].header)' has text", at: "X")
        }
        columns[c].append(v)
      }
    }
    let first = columns[0]
    let counts = t.columns.count > 1 && zip(first, first.dropFirst()).allSatisfy { $0 < $1 }
    let x = counts ? first : (1...first.count).map(Double.init)
    let series = t.columns.indices.dropFirst(counts ? 1 : 0).map { c in
      Curves.Series(name: t.columns[c].header, x: x, y: columns[c])
    }
    let names = series.map(\.name)
    // "train_rmse", "valid_rmse" share the metric "rmse".
    let suffix = names.first.map { n in n.split(separator: "_").last.map(String.init) ?? n } ?? "value"
    let yTitle = names.allSatisfy { $0.hasSuffix(suffix) } ? suffix : "value"
    return Curves(title: t.title.isEmpty ? "table" : t.title, xTitle: counts ? t.columns[0].header : "row",
                  yTitle: yTitle, series: series)
  }
}
