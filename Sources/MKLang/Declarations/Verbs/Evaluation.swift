import MKCore

/// The evaluation family: one verb per entry of `Metric.all` (rmse, mae, auc, acc, nll, ndcg),
/// then eval and compare, which read the same table. Adding a metric: one entry in
/// `MKCore/Evaluation/Metric.swift`; adding another verb: one entry here (see `Verb` and `Call`).
extension Verbs {
  public static let evaluation: [Verb] = Metric.all.map(metricVerb) + [
    Verb("eval", family: "evaluation", summary: "every metric that applies to the test data",
         slots: [Slot("M", .model, "a fitted model"), Slot("TEST", .ratings, "the test ratings")],
         examples: ["eval m test"]) { call in
      let m = try call.model("M"), test = try nonEmpty(call)
      let predicted = try m.checkedPredict(test)
      var t = Table(title: "\(m.kindName) on \(test.name) (\(test.count) ratings)",
                    columns: [Table.Column("metric", alignment: .left), Table.Column("value")])
      for metric in Evaluate.metrics(for: test) {
        let options = metric.defaultOptions
        t.append([.text(metric.label(options)), .number(try metric.value(predicted: predicted, test: test, options: options))])
      }
      return .table(t)
    },

    Verb("compare", family: "evaluation",
         summary: "models side by side on all test ratings, the least-rated items and cold items (the BALSE table)",
         slots: [Slot("MODELS", .list(words: .none), elements: .model, "[m1, m2, ...]: fitted models"), Slot("TEST", .ratings, "the test ratings")],
         options: [
           VerbOption("subsets", .list(words: .only(["all", "least", "cold"])), default: .list([.init(.word("all"))]),
                      "columns: all, least=N (ratings of the N least-rated items), cold (items unseen in training)"),
           VerbOption("metric", .choice(Metric.names),
                      "the metric (default: \(Metric.firstReported(binary: false).name), "
                        + "or \(Metric.firstReported(binary: true).name) on 0/1 data)"),
         ],
         examples: ["compare [mean, als, sgd] test", "compare [als, sgd] test subsets=[all, least=1000, cold] metric=mae"]) { call in
      var models: [(String, any Model)] = []
      for (k, e) in try call.list("MODELS").enumerated() {
        guard case .model(let m) = e.value else {
          throw call.error(.type, "compare expects models in MODELS, element \(k + 1) is \(e.value.article)", at: "MODELS")
        }
        models.append((e.key ?? call.session.name(of: m) ?? m.kindName, m))
      }
      guard !models.isEmpty else { throw call.error(.value, "compare needs at least one model", at: "MODELS") }
      let test = try call.ratings("TEST")
      let metric = call.has("metric") ? Metric.named(try call.word("metric"))! : Metric.firstReported(binary: test.isBinary)
      try call.pointing(at: call.has("metric") ? "metric" : "TEST") { try metric.check(test) }
      var subsets: [Evaluate.Subset] = []
      let written = try call.list("subsets")
      guard !written.isEmpty else {
        throw call.error(.value, "subsets=[] has no columns", at: "subsets", hint: "subsets are all, least=N and cold")
      }
      for e in written {
        switch (e.key, e.value) {
        case (nil, .word("all")): subsets.append(.all)
        case (nil, .word("cold")): subsets.append(.cold)
        case (nil, .word("least")): subsets.append(.least(1000))
        case ("least", .number(let n)) where n >= 1 && n <= 1e9 && n == n.rounded(): subsets.append(.least(Int(n)))
        default:
          throw call.error(.value, "unknown subset \(e.key.map { $0 + "=" } ?? "")\(e.value.summary)", at: "subsets",
                           hint: "subsets are all, least=N (N in 1...1000000000) and cold")
        }
      }
      if subsets.contains(where: { if case .all = $0 { return false }; return true }) {
        try call.pointing(at: "subsets") {
          try test.requireUsersAndItems(for: "compare subsets=[least, cold] (items rated least, items unseen)",
                                        hint: "compare on all of it: subsets=[all]")
        }
      }
      let best: Table.Best = metric.direction == .lowerIsBetter ? .lowest : .highest
      var columns = [Table.Column("model", alignment: .left)]
      var rowsBySubset: [[Int32]] = []
      for s in subsets {
        let rows = Evaluate.rows(of: test, s, trainedAs: models[0].1)
        rowsBySubset.append(rows)
        columns.append(Table.Column("\(s.name) (\(rows.count))", best: best))
      }
      var t = Table(title: "\(metric.name) on \(test.name)", columns: columns)
      for (name, m) in models {
        let predicted = try m.checkedPredict(test)
        var row: [Table.Cell] = [.text(name)]
        for rows in rowsBySubset {
          let part = test.subset(rows, name: test.name)
          row.append(.number(rows.isEmpty ? .nan : try metric.value(predicted: rows.map { predicted[Int($0)] }, test: part)))
        }
        t.append(row)
      }
      return .table(t)
    },
  ]

  /// The ratings in slot TEST, or an error when there are none to score.
  private static func nonEmpty(_ call: Call) throws -> Ratings {
    let test = try call.ratings("TEST")
    guard test.count > 0 else { throw call.error(.value, "\(test.name) is empty: no ratings to score", at: "TEST") }
    return test
  }

  /// The verb `NAME M TEST [options]` of one metric of the table.
  private static func metricVerb(_ metric: Metric) -> Verb {
    let options = metric.options.map { VerbOption($0) }
    let example = (metric.outcomes == .binary ? "\(metric.name) clf quiz_test" : "\(metric.name) m test")
      + options.compactMap { o in o.defaultValue.map { " \(o.name)=\(compact($0))" } }.joined()
    return Verb(metric.name, family: "evaluation", summary: metric.summary,
                slots: [Slot("M", .model, "a fitted model"), Slot("TEST", .ratings, "the test ratings")],
                options: options, examples: [example]) { call in
      let m = try call.model("M"), test = try nonEmpty(call)
      try call.pointing(at: "TEST") { try metric.check(test) }
      return .number(try metric.value(of: m, on: test, options: call.metricOptions(metric.options)))
    }
  }
}
