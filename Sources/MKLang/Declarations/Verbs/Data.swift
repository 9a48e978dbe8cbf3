import MKCore

/// The data family: load, items, describe, generate, split, subset. Adding a verb: one entry
/// here (see `Verb` and `Call`).
extension Verbs {
  public static let data: [Verb] = [
    Verb("load", family: "data", summary: "load ratings from a CSV/TSV file, MovieLens u.data or a knowledge-tracing sequence file",
         slots: [Slot("PATH", .path, "the ratings file")],
         options: [
           VerbOption("format", .choice(RatingsFormat.allCases.map(\.rawValue)), default: .word("auto"),
                      "auto sniffs the separator, header and columns; sequences reads 3- or 4-line knowledge-tracing blocks (students FILE#N when the file does not name them; skill ids as the field `skill`)"),
           VerbOption("sep", .string, "field separator, one or more characters, e.g. \",\", \"\\t\" or \"::\" (MovieLens 1M/10M) (default: sniffed)"),
           VerbOption("header", .bool, "whether line 1 names the columns (default: sniffed)"),
           VerbOption("user", .column, "the user column: a header name or a number from 1"),
           VerbOption("item", .column, "the item column"),
           VerbOption("rating", .column, "the rating column (numbers, Mangaki words, or `correct` 0/1)"),
           VerbOption("time", .column, "the time column (unix seconds or ISO dates)"),
           VerbOption("features", .list(words: .all),
                      "[COL, ...]: numeric columns kept with each rating, read by fm, deepfm and bayesfm as a `features` group (standardized); 4 bytes a rating each"),
           VerbOption("fields", .list(words: .all),
                      "[COL, ...]: categorical columns kept with each rating (levels shared by the session), read by fm, deepfm and bayesfm as a one-hot group each; 4 bytes a rating each"),
           VerbOption("duplicates", .choice(DuplicatePolicy.allCases.map(\.rawValue)),
                      "what a repeated (user, item) pair keeps: last (ratings' default), first, mean, or all (0/1 outcomes' default: every attempt, in file order)"),
           VerbOption("cache", .bool, default: .bool(false),
                      "keep the loaded arrays in PATH.mkcache (or in $XDG_CACHE_HOME/mk, ~/.cache/mk when the file's folder is read-only) and read them instead of the text while the file's size, time and these options stay the same"),
         ],
         examples: ["ratings = load \"Samples/anime/ratings.csv\"",
                    "train = load \"../shared/data/ml-100k/u1.base\" format=ml100k",
                    "ml1m = load \"../shared/data/ml-1m/ratings.dat\" sep=\"::\" cache=true",
                    "timed = load \"../shared/data/ml-100k/u1.base\" format=ml100k features=[4]",
                    "kt = load \"../shared/data/ktm-dummy/data.csv\" fields=[skill]",
                    "assist = load \"../shared/data/assist2009/assist2009_pid_test1.csv\" format=sequences"]) { call in
      func column(_ name: String) throws -> String? { call.has(name) ? try call.id(name) : nil }
      func columns(_ option: String) throws -> [String] {
        guard call.has(option) else { return [] }
        return try call.list(option).enumerated().map { k, e in
          switch e.value {
          case .word(let s), .string(let s): return s
          case .number(let d) where d >= 1 && d < 1e6 && d == d.rounded(): return formatNumber(d)
          case let v:
            throw call.error(.type, "load expects column names or numbers in \(option)=, element \(k + 1) is \(v.article)",
                             at: option, hint: "write \(option)=[age, hour] or \(option)=[5, 6]")
          }
        }
      }
      let (ratings, report) = try call.pointing(at: "PATH") { try Ratings.loadWithReport(
        path: try call.path("PATH"), universe: call.session.universe,
        format: RatingsFormat(rawValue: try call.word("format"))!,
        separator: call.has("sep") ? try call.string("sep") : nil,
        header: call.has("header") ? try call.bool("header") : nil,
        userColumn: try column("user"), itemColumn: try column("item"),
        ratingColumn: try column("rating"), timeColumn: try column("time"), featureColumns: try columns("features"),
        categoryColumns: try columns("fields"),
        duplicates: call.has("duplicates") ? DuplicatePolicy(rawValue: try call.word("duplicates")) : nil,
        cache: try call.bool("cache")) }
      if report.duplicatesDropped > 0 { call.emit("note: \(report)") }
      return .ratings(ratings)
    },

    Verb("items", family: "data",
         summary: "load item titles and tags (CSV item,title,tags; MovieLens u.item; a wide table item,col1,… of 0/1 or numeric values such as a Q-matrix, as weighted tags)",
         slots: [Slot("PATH", .path, "the items file")],
         options: [VerbOption("format", .choice(ItemsFormat.allCases.map(\.rawValue)), default: .word("auto"),
                              "auto recognizes item,title,tags CSV, Mangaki works.csv, MovieLens u.item, and a header of an id (and title) then numeric columns: a wide table whose columns are tags weighted by their values (0: absent). A file of titles only loads without tags; side= and lasso refuse it")],
         examples: ["works = items \"Samples/anime/works.csv\"",
                    "movies = items \"../shared/data/ml-100k/u.item\"",
                    "skills = items \"../shared/data/fraction-subtraction/q_matrix.derived.csv\""]) { call in
      let format = ItemsFormat(rawValue: try call.word("format"))!
      return .items(try call.pointing(at: "PATH") {
        try Items.load(path: try call.path("PATH"), universe: call.session.universe, format: format)
      })
    },

    Verb("users", family: "data",
         summary: "load user side information (MovieLens u.user, or CSV user,col,… with a header): categorical columns one-hot, numeric ones standardized; fm, deepfm and bayesfm read it with side=[ITEMS, USERS]",
         slots: [Slot("PATH", .path, "the users file")],
         examples: ["people = users \"../shared/data/ml-100k/u.user\"",
                    "ml = fit fm (load \"../shared/data/ml-100k/u1.base\") side=[(items \"../shared/data/ml-100k/u.item\"), people]"]) { call in
      .users(try call.pointing(at: "PATH") { try Users.load(path: try call.path("PATH"), universe: call.session.universe) })
    },

    Verb("describe", family: "data",
         summary: "users, items, ratings, density, rating histogram, ratings per user and item; for items: tags, tags per item, most common tags (a table of statistic and value for members and export)",
         slots: [Slot("DATA", .either([.ratings, .items]), "the ratings, or an items table")],
         examples: ["describe ratings", "describe works"]) { call in
      if case .items(let items)? = call.value("DATA") { return .table(items.describe().table) }
      let data = try call.ratings("DATA")
      try call.pointing(at: "DATA") {
        try data.requireUsersAndItems(for: "describe", hint: "head DATA shows its rows; hist DATA its targets")
      }
      return .table(data.describe().table)
    },

    Verb("head", family: "data",
         summary: "the first rows of a data set as a table: user, item, rating (correct for 0/1 outcomes), then time, fields and features when present",
         slots: [Slot("DATA", .ratings, "the ratings")],
         options: [VerbOption("n", .int(0...1_000_000), default: .number(10), "how many rows")],
         examples: ["head ratings", "head ratings n=3"]) { call in
      .table(DataRows.head(try call.ratings("DATA"), n: try call.int("n")))
    },

    Verb("generate", family: "data", summary: "synthetic ratings with planted low-rank structure (and its items as .items)",
         options: [
           VerbOption("users", .int(1...10_000_000), default: .number(500), "number of users"),
           VerbOption("items", .int(1...10_000_000), default: .number(300), "number of items"),
           VerbOption("ratings", .int(1...500_000_000), default: .number(20000), "number of ratings"),
           VerbOption("rank", .int(1...1000), default: .number(5), "rank of the planted factors"),
           VerbOption("tags", .int(0...100_000), default: .number(0), "number of tags that shape item factors"),
           VerbOption("binary", .bool, default: .bool(false), "0/1 outcomes instead of ratings"),
           VerbOption("noise", .double(0...100), default: .number(0.5), "standard deviation of the rating noise"),
           VerbOption("seed", .int(0...Int(Int32.max)), default: .number(0), "random seed"),
         ],
         examples: ["data = generate users=1000 items=500 ratings=50000 rank=5 seed=1",
                    "tagged = generate tags=40 seed=2"]) { call in
      .ratings(try Ratings.generate(
        users: try call.int("users"), items: try call.int("items"), ratings: try call.int("ratings"),
        rank: try call.int("rank"), tags: try call.int("tags"), binary: try call.bool("binary"),
        noise: try call.number("noise"), seed: UInt64(try call.int("seed"))))
    },

    Verb("split", family: "data", summary: "split ratings into train and test (random, per user, by item, by time)",
         slots: [Slot("DATA", .ratings, "the ratings"),
                 Slot("FRACTION", .double(0...1), optional: true, "the share kept for training (default 0.8)")],
         options: [
           VerbOption("seed", .int(0...Int(Int32.max)), default: .number(0), "random seed"),
           VerbOption("by", .choice(SplitMode.allCases.map(\.rawValue)), default: .word("random"),
                      "random ratings; each user's; whole items (cold start); earliest by time"),
           VerbOption("cold", .double(0...1), "first move this share of the items, with all their ratings, to test"),
           VerbOption("group", .choice(GroupKind.allCases.map(\.rawValue)),
                      "keep each user's (item's) ratings together: FRACTION of the users train, the others test (test users are new)"),
         ],
         examples: ["train, test = split ratings 0.8 seed=42",
                    "train, test = split ratings by=item",
                    "train, test = split ratings 0.8 cold=0.15 seed=0",
                    "train, test = split attempts 0.8 group=user seed=0"]) { call in
      let fraction = call.has("FRACTION") ? try call.number("FRACTION") : 0.8
      let data = try call.ratings("DATA"), by = try call.word("by")
      if data.isBareDesign && (by != "random" || call.has("group") || call.has("cold")) {
        let what = by != "random" ? "by=\(by)" : call.has("group") ? "group=" : "cold="
        try call.pointing(at: by != "random" ? "by" : call.has("group") ? "group" : "cold") {
          try data.requireUsersAndItems(for: "split \(what)", hint: "split it at random: split DATA 0.8 seed=0")
        }
      }
      let (train, test) = try data.split(
        fraction: fraction, by: SplitMode(rawValue: try call.word("by"))!, seed: UInt64(try call.int("seed")),
        cold: call.has("cold") ? try call.number("cold") : nil,
        group: call.has("group") ? GroupKind(rawValue: try call.word("group")) : nil)
      return .tuple([.ratings(train), .ratings(test)])
    },

    Verb("subset", family: "data", summary: "the part of a test set on cold items, or on the items least rated in training",
         slots: [Slot("TEST", .ratings, "the test ratings"), Slot("TRAIN", .ratings, "the training ratings")],
         options: [
           VerbOption("which", .choice(SubsetKind.allCases.map(\.rawValue)), default: .word("cold"),
                      "cold: items TRAIN never saw; least: the least-rated items in TRAIN"),
           VerbOption("n", .int(1...1_000_000_000), default: .number(1000), "with which=least: how many test ratings"),
         ],
         examples: ["cold = subset test train which=cold", "rare = subset test train which=least n=1000"]) { call in
      for slot in ["TEST", "TRAIN"] {
        try call.pointing(at: slot) { try call.ratings(slot).requireUsersAndItems(for: "subset which=\(try call.word("which"))") }
      }
      return .ratings(try call.ratings("TEST").subset(which: SubsetKind(rawValue: try call.word("which"))!,
                                              train: try call.ratings("TRAIN"), n: try call.int("n")))
    },
  ]
}
