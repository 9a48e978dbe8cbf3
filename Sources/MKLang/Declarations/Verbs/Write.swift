import MKCore

/// `write DATA PATH [format=csv|tsv|libfm] [side=…] [train=DATA]`: a data set out of mk, as
/// ratings rows with raw ids (csv, tsv: what `export DATA` writes), or as the exact design
/// mk's factorization machines fit (libfm, with `PATH.meta`; `LibFMWriter`).
extension Verbs {
  public static let write: [Verb] = [
    Verb("write", family: "data",
         summary: "write a data set: csv or tsv ratings rows (user,item,rating[,time], raw ids), or format=libfm the exact design mk's FMs fit, with its groups in PATH.meta (libFM's -meta), for libFM or myFM",
         slots: [Slot("DATA", .ratings, "the ratings (or a design) to write"),
                 Slot("PATH", .path, "the file; for libfm, PATH.meta is written beside it")],
         options: [
           VerbOption("format", .choice(["csv", "tsv", "libfm"]),
                      "csv or tsv ratings rows, or libfm the FM design (default: from the extension: .tsv, .libfm/.svm, else csv)"),
           VerbOption("side", .either([.items, .users, .list(words: .none)]), "with libfm: item side features (tags: group tags), a user table (group attributes), or [ITEMS, USERS], as fit fm side= reads them"),
           VerbOption("train", .ratings, "with libfm: write DATA as a model fitted on this data reads it (its columns; numeric columns scaled with its statistics): for a test set"),
         ],
         examples: ["write train \"train.libfm\" format=libfm side=works",
                    "write test \"test.libfm\" format=libfm side=works train=train",
                    "write test \"test.tsv\""]) { call in
      let data = try call.ratings("DATA")
      let written = try call.string("PATH")
      let path = try call.path("PATH")
      let format: String
      if call.has("format") { format = try call.word("format") } else {
        let ext = ExportFormat.fileExtension(written)
        format = ext == "tsv" ? "tsv" : ext == "libfm" || ext == "svm" ? "libfm" : "csv"
      }
      guard format == "libfm" else {
        for option in ["side", "train"] where call.has(option) {
          throw call.error(.usage, "\(option)= applies to format=libfm: a \(format) file holds the ratings as loaded", at: option,
                           hint: "write DATA PATH format=libfm \(option)=…")
        }
        try call.pointing(at: "DATA") {
          try data.requireUsersAndItems(for: "write format=\(format) (user,item,rating rows)",
                                        hint: "write it back as a design: write DATA PATH format=libfm")
        }
        var columns = ExportColumns(data)
        if data.scale == .mangakiWords {  // Mangaki's words as words, so that load reads them back as such
          let numbers = columns.cell
          columns.cell = { k, c in c == 2 ? .text(data.word(k)?.rawValue ?? "") : numbers(k, c) }
        }
        let text = (format == "tsv" ? ExportFormat.tsv : ExportFormat.csv).text(columns, digits: nil)
        try call.pointing(at: "PATH") { try AtomicFile.write(text, to: path) }
        return .text("wrote \(columns.rowCount) ratings to \(written) (\(format): \(columns.names.joined(separator: ",")))")
      }
      let (side, users) = try SideTables.of(call)
      if data.isBareDesign && (side != nil || users != nil) {
        throw call.error(.value, "'\(data.name)' is a libFM design: its groups are its features, side= adds none",
                         at: "side", hint: "write it without side=")
      }
      let train = call.has("train") ? try call.ratings("train") : nil
      let summary = try call.pointing(at: "PATH") {
        try LibFMWriter.write(data, to: path, side: side, users: users, train: train)
      }
      let groups = summary.groups.enumerated().map { "\($0.offset) \($0.element.name) (\($0.element.width))" }
      return .text("wrote \(summary.rows) rows × \(summary.columns) columns to \(written), groups in \(written).meta: "
                     + groups.joined(separator: ", "))
    },
  ]
}
