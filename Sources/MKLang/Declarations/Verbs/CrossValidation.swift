import MKCore

/// `cv`: k-fold cross-validation of a model kind, with a grid over its options.
extension Verbs {
  public static let crossValidation: [Verb] = [
    Verb("cv", family: "evaluation",
         summary: "k-fold cross-validation: the mean and 95% interval of each metric over folds, and the fit time; a list of option values makes a grid",
         slots: [Slot("KIND", .kind, "the model kind"), Slot("DATA", .ratings, "the ratings or attempts")],
         options: [
           VerbOption("folds", .int(2...100), default: .number(5), "the number of folds"),
           VerbOption("group", .choice(GroupKind.allCases.map(\.rawValue)),
                      "keep each user's (item's) ratings in one fold: test users are new (strong generalization)"),
           VerbOption("seed", .int(0...Int(Int32.max)), default: .number(0),
                      "seeds the folds (the same for every kind) and the model, when its kind has a seed"),
         ],
         dependentOptions: (slot: "KIND", options: { kind in
           VerbOption.gridOfKind[kind].map { $0.filter { $0.name != "seed" && $0.name != "valid" } } }),
         examples: ["cv irt attempts folds=5 group=user seed=0",
                    "cv lr (encode attempts as=pfa skills=q) group=user",
                    "cv als train rank=[10, 20] lambda=[0.05, 0.1] folds=3",
                    "cv deepfm train layers=[[64, 32], [128]] iters=5"]) { call in
      let kindName = try call.word("KIND")
      let kind = ModelRegistry.kind(named: kindName)!
      let data = try call.ratings("DATA")
      let seed = try call.int("seed"), folds = try call.int("folds")
      let group = call.has("group") ? GroupKind(rawValue: try call.word("group")) : nil
      if group != nil { try call.pointing(at: "group") { try data.requireUsersAndItems(for: "cv group=") } }
      let parts = try call.pointing(at: "folds") { try data.folds(folds, group: group, seed: UInt64(seed)) }
      let (side, users) = try SideTables.of(call)
      let grid = call.modelOptionGrid(kind, extra: kind.declares("seed") ? ["seed": .int(seed)] : [:])
      let gridNames = grid.first?.values.map(\.0) ?? []

      var table: Table?
      for (c, combination) in grid.enumerated() {
        let progress = call.progress.relabel(grid.count > 1 ? "cv \(kindName) \(c + 1)/\(grid.count)" : "cv \(kindName)")
        let result = try CrossValidation.run(kind: kindName, data: data, folds: parts, options: combination.options,
                                             side: side, users: users, progress: progress)
        if table == nil {
          var columns = gridNames.map { Table.Column($0) }
          for m in result.metrics {
            columns.append(Table.Column(m.name, best: m.direction == .lowerIsBetter ? .lowest : .highest))
            columns.append(Table.Column("± \(m.name)"))
          }
          columns += [Table.Column("fit s"), Table.Column("± fit s")]
          let grouping = group.map { ", group=\($0.rawValue)" } ?? ""
          table = Table(title: "cv \(kindName) on \(data.name): \(folds) folds\(grouping), seed \(seed); mean and 95% interval",
                        columns: columns)
        }
        var row: [Table.Cell] = combination.values.map { _, v in
          if case .double(let d) = v { return .number(d) }
          if case .int(let i) = v { return .number(Double(i)) }
          return .text(v.description)
        }
        for m in result.metrics.indices {
          let s = result.summary(m)
          row += [.number(s.mean), .number(s.halfWidth)]
        }
        let t = CrossValidation.interval(result.fitSeconds)
        row += [.number(t.mean), .number(t.halfWidth)]
        table!.append(row)
      }
      return .table(table!)
    },
  ]
}
