import MKCore

/// The evaluation family: rmse, mae, auc, acc, nll, ndcg, eval, compare. Adding a verb: one
/// entry here (see `Verb` and `Call`).
extension Verbs {
  public static let evaluation: [Verb] = [
    metric("rmse", "root mean squared error of a model on test ratings"),
    metric("mae", "mean absolute error of a model on test ratings"),
    metric("auc", binary: true, "area under the ROC curve on 0/1 outcomes"),
    metric("acc", binary: true, "accuracy on 0/1 outcomes (predicted probability ≥ 0.5 means 1)"),
    metric("nll", binary: true, "mean negative log-likelihood on 0/1 outcomes"),

    Verb("ndcg", family: "evaluation", summary: "mean NDCG@k: each user's test items ranked by the model, gains 2^rating − 1",
         slots: [Slot("M", .model, "a fitted model"), Slot("TEST", .ratings, "the test ratings")],
         options: [VerbOption("k", .int(1...100_000), default: .number(10), "the cut-off rank")],
         examples: ["ndcg m test k=10"]) { call in
      let m = try call.model("M"), test = try nonEmpty(call)
      return .number(try Evaluate.metric("ndcg", predicted: try m.checkedPredict(test), data: test, k: try call.int("k")))
    },

    Verb("eval", family: "evaluation", summary: "every metric that applies to the test data",
         slots: [Slot("M", .model, "a fitted model"), Slot("TEST", .ratings, "the test ratings")],
         examples: ["eval m test"]) { call in
      let m = try call.model("M"), test = try nonEmpty(call)
      let predicted = try m.checkedPredict(test)
      var t = Table(title: "\(m.kindName) on \(test.name) (\(test.count) ratings)",
                    columns: [Table.Column("metric", alignment: .left), Table.Column("value")])
      for name in Evaluate.metricNames(for: test) + ["ndcg"] {
        t.append([.text(name == "ndcg" ? "ndcg@10" : name), .number(try Evaluate.metric(name, predicted: predicted, data: test))])
      }
      return .table(t)
    },

    Verb("compare", family: "evaluation",
         summary: "models side by side on all test ratings, the least-rated items and cold items (the BALSE table)",
         slots: [Slot("MODELS", .list(words: .none), elements: .model, "[m1, m2, ...]: fitted models"), Slot("TEST", .ratings, "the test ratings")],
         options: [
           VerbOption("subsets", .list(words: .only(["all", "least", "cold"])), default: .list([.init(.word("all"))]),
                      "columns: all, least=N (ratings of the N least-rated items), cold (items unseen in training)"),
           VerbOption("metric", .choice(["rmse", "mae", "auc", "acc", "nll"]), "the metric (default: rmse, or auc on 0/1 data)"),
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
      let metric = call.has("metric") ? try call.word("metric") : (test.isBinary ? "auc" : "rmse")
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
      let best: Table.Best = Evaluate.lowerIsBetter(metric) ? .lowest : .highest
      var columns = [Table.Column("model", alignment: .left)]
      var rowsBySubset: [[Int32]] = []
      for s in subsets {
        let rows = Evaluate.rows(of: test, s, trainedAs: models[0].1)
        rowsBySubset.append(rows)
        columns.append(Table.Column("\(s.name) (\(rows.count))", best: best))
      }
      var t = Table(title: "\(metric) on \(test.name)", columns: columns)
      for (name, m) in models {
        let predicted = try m.checkedPredict(test)
        var row: [Table.Cell] = [.text(name)]
        for rows in rowsBySubset {
          let part = test.subset(rows, name: test.name)
          row.append(.number(rows.isEmpty ? .nan : try Evaluate.metric(metric, predicted: rows.map { predicted[Int($0)] }, data: part)))
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

  /// A verb `NAME M TEST` that returns one metric; `binary` metrics take 0/1 outcomes.
  private static func metric(_ name: String, binary: Bool = false, _ summary: String) -> Verb {
    Verb(name, family: "evaluation", summary: summary,
         slots: [Slot("M", .model, "a fitted model"), Slot("TEST", .ratings, "the test ratings")],
         examples: [binary ? "\(name) clf quiz_test" : "\(name) m test"]) { call in
      let m = try call.model("M"), test = try nonEmpty(call)
      return .number(try Evaluate.metric(name, predicted: try m.checkedPredict(test), data: test))
    }
  }
}
