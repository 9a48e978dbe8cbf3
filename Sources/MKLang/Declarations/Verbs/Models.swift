import MKCore

/// The models family: fit, predict, recommend, similar, profile, save, open. Adding a verb:
/// one entry here (see `Verb` and `Call`).
extension Verbs {
  public static let models: [Verb] = [
    Verb("fit", family: "models", summary: "fit a model of a kind to ratings",
         slots: [Slot("KIND", .kind, "the model kind (help KIND lists its options)"),
                 Slot("DATA", .either([.ratings, .string]),
                      "the training ratings; for als engine=spark also a path or URI Spark reads itself (CSV or Parquet)")],
         dependentOptions: (slot: "KIND", options: { VerbOption.ofKind[$0] }),
         examples: ["m = fit mean train", "als = fit als train rank=20 lambda=0.1 iters=20",
                    "sgd = fit sgd train rank=10 lr=0.01 iters=10 seed=1"]) { call in
      let kindName = try call.word("KIND")
      let kind = ModelRegistry.kind(named: kindName)!
      if case .string = call.value("DATA") { return .model(try SparkData.fit(call, kind)) }
      let (side, users) = try SideTables.of(call)
      let input = FitInput(
        data: try call.ratings("DATA"), options: call.modelOptions(kind),
        valid: call.has("valid") ? try call.ratings("valid") : nil,
        side: side, users: users,
        progress: call.progress.relabel("fit \(kindName)"))
      let model = try ModelRegistry.fit(kindName, input)
      let h = model.info.history
      if h.interrupted {
        call.emit("interrupted: \(kindName) keeps the model of iteration \(h.rows.count)" + (h.planned.map { " of \($0)" } ?? ""))
      }
      return .model(model)
    },

    Verb("predict", family: "models",
         summary: "the model's prediction for one user and one item; or, given test ratings, the table user, item, actual, predicted",
         slots: [Slot("M", .model, "a fitted model"),
                 Slot("USER|TEST", .either([.ratings, .id]),
                      "the user, as written in the data; or ratings to predict, in their order (then no ITEM)"),
                 Slot("ITEM", .id, optional: true, "with a user: the item, its id or its title with labels=")],
         options: [Labels.option],
         examples: ["predict m 196 242", "predict m 3 \"Rhythm Diaries\" labels=works", "p = predict m test",
                    "predict m test labels=works"]) { call in
      let m = try call.model("M")
      if case .ratings(let test)? = call.value("USER|TEST") {
        if call.has("ITEM") {
          throw call.error(.usage, "predict M TEST takes no ITEM: it predicts every rating of TEST", at: "ITEM",
                           hint: "predict M USER ITEM predicts one pair")
        }
        return .table(try predictions(m, test, labels: try Labels.table(call), call))
      }
      guard call.has("ITEM") else {
        throw call.error(.usage, "predict needs ITEM after the user (or test ratings instead of the user)", at: "USER|TEST",
                         hint: "predict m 196 242, or predict m test for a table")
      }
      let item = try Labels.itemId(call, "ITEM", labels: try Labels.table(call))
      let (value, note) = m.predict(user: try call.id("USER|TEST"), item: item)
      if let note { call.emit("note: " + note) }
      return .number(decimal(value))
    },

    Verb("recommend", family: "models",
         summary: "the best items for a user (or a profile) that they have not rated; with among=WORD from=DATA, the user's own items of DATA rated WORD (Mangaki's watchlist: among=willsee), best first",
         slots: [Slot("M", .model, "a fitted model"),
                 Slot("USER", .either([.id, .profile]), "a user as written in the data, or a profile")],
         options: [VerbOption("n", .int(1...100_000), default: .number(10), "how many items"), Labels.option,
                   VerbOption("among", .choice(MangakiWord.allCases.map(\.rawValue)),
                              "with from=: rank only the user's items of DATA rated this Mangaki word"),
                   VerbOption("from", .ratings, "with among=: the Mangaki ratings whose words are read")],
         examples: ["recommend m 196", "recommend m me n=5 labels=works",
                    "recommend m 952 among=willsee from=ratings n=5 labels=works"]) { call in
      let m = try call.model("M")
      try call.pointing(at: "M") { try m.info.requireUsersAndItems(for: "recommend") }
      let labels = try Labels.table(call)
      let n = try call.int("n")
      if call.has("among") || call.has("from") { return try Watchlist.rank(call, model: m, labels: labels, n: n) }
      let picks: [(item: Int32, score: Float)]
      var title: String
      if case .profile(let p)? = call.value("USER") {
        var folded: [(item: Int32, value: Float)] = []
        for e in p.entries {
          guard let i = m.itemIndex(e.item), m.covers(item: i) else {
            call.emit("note: the model does not know '\(e.label)'; left out of the profile")
            continue
          }
          let value = Profile.value(of: e, scale: m.info.scale, range: m.info.range)
          // A rating far off the scale (1e40 is inf as a Float) would make every score nan.
          let r = m.info.range, span = max(1, r.upperBound - r.lowerBound)
          guard e.word != nil || (r.lowerBound - span...r.upperBound + span).contains(value) else {
            throw call.error(.value, "the profile rates '\(e.label)' \(compact(.number(Double(e.value)))), far outside the model's "
                               + "ratings \(compact(.number(Double(r.lowerBound))))...\(compact(.number(Double(r.upperBound))))",
                             at: "USER")
          }
          folded.append((i, value))
        }
        guard !folded.isEmpty else {
          throw call.error(.value, "none of the profile's items are known to this model", at: "USER",
                           hint: "a model can only place items it was trained on")
        }
        picks = ModelRankings.recommend(scorer: try m.foldIn(folded), model: m, exclude: Set(folded.map(\.item)), n: n)
        title = "recommended for the profile (\(folded.count) ratings)"
      } else {
        let user = try call.id("USER")
        guard let u = m.userIndex(user), m.info.knows(user: u) else {
          throw call.error(.value, "unknown user '\(user)': the model has no ratings by them", at: "USER",
                           hint: "for a new user, build a profile: me = profile [\"title\"=like] labels=works")
        }
        picks = ModelRankings.recommend(user: u, model: m, exclude: ModelRankings.seen(by: u, in: m), n: n)
        title = "recommended for user \(user)"
      }
      var t = Table(title: title, columns: [Table.Column("#")] + Labels.columns(labels) + [Table.Column("score")])
      for (r, p) in picks.enumerated() {
        t.append([.number(Double(r + 1))] + Labels.cells(m.info.itemIds[p.item], labels) + [.number(Double(p.score))])
      }
      return .table(t)
    },

    Verb("similar", family: "models", summary: "the items closest to an item in the model's embedding (cosine)",
         slots: [Slot("M", .model, "a fitted factor model"), Slot("ITEM", .id, "the item: its id, or its title with labels=")],
         options: [VerbOption("n", .int(1...100_000), default: .number(10), "how many items"), Labels.option],
         examples: ["similar m 50", "similar m \"Rhythm Diaries\" labels=works n=5"]) { call in
      let m = try call.model("M")
      try call.pointing(at: "M") { try m.info.requireUsersAndItems(for: "similar") }
      let labels = try Labels.table(call)
      let raw = try Labels.itemId(call, "ITEM", labels: labels)
      guard let i = m.itemIndex(raw), m.info.knows(item: i) else {
        throw call.error(.value, "unknown item '\(try call.id("ITEM"))': the model has no ratings of it", at: "ITEM")
      }
      let picks = try ModelRankings.similar(to: i, in: m, n: try call.int("n"))
      var t = Table(title: "similar to \(Labels.title(raw, labels) ?? raw)",
                    columns: [Table.Column("#")] + Labels.columns(labels) + [Table.Column("cosine")])
      for (r, p) in picks.enumerated() {
        t.append([.number(Double(r + 1))] + Labels.cells(m.info.itemIds[p.item], labels) + [.number(Double(p.similarity))])
      }
      return .table(t)
    },

    Verb("profile", family: "models", summary: "a new user from a few ratings, for recommend (folded in without refitting)",
         slots: [Slot("RATINGS", .list(words: .only(MangakiWord.allCases.map(\.rawValue))),
                      "[item=rating, ...]: items by title (with labels=) or id; ratings as numbers or Mangaki words")],
         options: [Labels.option],
         examples: ["me = profile [\"Rhythm Diaries\"=favorite, \"Lost Mirror Zero\"=like] labels=works",
                    "me = profile [\"50\"=5, \"181\"=4]"]) { call in
      let labels = try Labels.table(call)
      var entries: [Profile.Entry] = []
      for e in try call.list("RATINGS") {
        guard let key = e.key else {
          throw call.error(.value, "a profile entry needs the form item=rating, got \(e.value.summary)", at: "RATINGS",
                           hint: "write [\"Steins;Gate\"=favorite, \"Haibane Renmei\"=like]")
        }
        var item = key
        if let labels {
          if let i = labels.item(titled: key) { item = labels.universe.items[i] }
          else if labels.universe.items.lookup(key) == nil {
            throw MKError.notAmong("no item titled '\(key)' in \(labels.name)", key, among: labels.titles, kind: .name,
                                   at: call.location(of: "RATINGS"))
          }
        }
        switch e.value {
        case .number(let d): entries.append(.init(item: item, label: key, value: Float(d), word: nil))
        case .word(let w), .string(let w):
          guard let word = MangakiWord(rawValue: w) else {
            let words = MangakiWord.allCases.map(\.rawValue)
            throw MKError.notAmong("'\(w)' is not a rating", w, among: words, kind: .value, at: call.location(of: "RATINGS"),
                                   hint: "use a number or one of " + words.joined(separator: ", "))
          }
          entries.append(.init(item: item, label: key, value: word.value, word: word))
        default:
          throw call.error(.type, "the rating of '\(key)' must be a number or a Mangaki word, got \(e.value.article)", at: "RATINGS")
        }
      }
      guard !entries.isEmpty else { throw call.error(.value, "a profile needs at least one rating", at: "RATINGS") }
      return .profile(Profile(entries: entries))
    },

    Verb("save", family: "models", summary: "write a fitted model to a file (atomically: a failure leaves no partial file)",
         slots: [Slot("M", .model, "a fitted model"), Slot("PATH", .path, "the file to write, e.g. \"als.mkm\"")],
         examples: ["save m \"als.mkm\""]) { call in
      let path = try call.path("PATH")
      let m = try call.model("M")
      try call.pointing(at: "PATH") { try ModelFile.save(m, to: path) }
      return .text("saved \(try call.model("M").kindName) model to \(try call.string("PATH"))")
    },

    Verb("open", family: "models", summary: "read a model written by save; it predicts by raw ids, in any session",
         slots: [Slot("PATH", .path, "a model file")],
         examples: ["m = open \"als.mkm\""]) { call in
      let path = try call.path("PATH")
      return .model(try call.pointing(at: "PATH") { try ModelFile.open(path) })
    },
  ]

  /// `predict M TEST`: user, item (and title with labels), actual, predicted, in TEST's order,
  /// ids as written in the data; a note counts the ratings the model had to fall back on.
  private static func predictions(_ m: any Model, _ test: Ratings, labels: Items?, _ call: Call) throws -> Table {
    let predicted = try call.pointing(at: "USER|TEST") { try m.checkedPredict(test) }
    let (users, items) = m.modelIndices(test)
    var unknown = 0
    for k in 0..<test.count where !(m.info.knows(user: users[k]) && items[k] >= 0 && m.covers(item: items[k])) { unknown += 1 }
    if unknown > 0 {
      call.emit("note: \(unknown) of \(test.count) ratings have a user or item the model did not learn: "
                  + "predicted from means, as predict M USER ITEM explains")
    }
    let userIds = test.universe.users, itemIds = test.universe.items
    if test.isBareDesign {  // no users and items: the rows by number, from 1 as the file's lines
      var t = Table(title: "\(m.kindName) predictions on \(test.name) (\(test.count) rows)",
                    columns: [Table.Column("row"), Table.Column("actual"), Table.Column("predicted")], shownRows: 20)
      for k in 0..<test.count { t.append([.number(Double(k + 1)), .float(test.value(k)), .float(predicted[k])]) }
      return t
    }
    var t = Table(title: "\(m.kindName) predictions on \(test.name) (\(test.count) ratings)",
                  columns: [Table.Column("user", alignment: .left)] + Labels.columns(labels)
                    + [Table.Column("actual"), Table.Column("predicted")],
                  shownRows: 20)
    t.rows.reserveCapacity(test.count)
    for k in 0..<test.count {
      t.append([.text(userIds[test.user(k)])] + Labels.cells(itemIds[test.item(k)], labels)
                 + [.float(test.value(k)), .float(predicted[k])])
    }
    return t
  }
}
