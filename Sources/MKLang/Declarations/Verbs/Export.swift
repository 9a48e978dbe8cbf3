import MKCore

/// `export`: results out of mk, for Python, R, a spreadsheet or a paper. Formats in
/// `Values/ExportFormat.swift`, what each value writes in `Values/ExportColumns.swift`.
extension Verbs {
  public static let export: [Verb] = [
    Verb("export", family: "data",
         summary: "write a table (compare, cv, M.history, predict M TEST, recommend, top, …), embeddings (M.items, M.users) or ratings to a file: .csv .tsv .json .md .tex by its extension, at full precision, atomically",
         slots: [Slot("VALUE", .any, "a table, M.items or M.users, or ratings"),
                 Slot("PATH", .path, "the file; its extension names the format: .csv, .tsv, .json (an array of records), .md, .tex")],
         options: [
           VerbOption("digits", .int(0...17), "round numbers to this many decimals (default: full precision, every digit that reads back the same)"),
           VerbOption("labels", .items, "items whose titles go in a title column after the table's item column"),
         ],
         examples: ["export (compare [mean, als] test) \"compare.csv\"", "export m.items \"items.json\" labels=works",
                    "export (predict m test) \"predictions.tsv\"", "export (cv als train folds=3 iters=2) \"cv.tex\" digits=3",
                    "export test \"test.csv\""]) { call in
      let written = try call.string("PATH")
      let path = try call.path("PATH")
      guard let format = ExportFormat.of(path: written) else {
        let ext = ExportFormat.fileExtension(written)
        let names = ExportFormat.allCases.map(\.rawValue)
        let known = names.map { "." + $0 }.joined(separator: ", ")
        if ext.isEmpty {
          throw call.error(.value, "export cannot tell the format of '\(written)': it has no extension", at: "PATH",
                           hint: "end the path with one of \(known)")
        }
        throw MKError.notAmong("export cannot write '.\(ext)' files", ext, among: names, kind: .value,
                               at: call.location(of: "PATH"), hint: "the extension names the format: \(known)")
      }
      let digits = call.has("digits") ? try call.int("digits") : nil
      let columns = try exportColumns(call)
      try call.pointing(at: "PATH") { try AtomicFile.write(format.text(columns, digits: digits), to: path) }
      let n = columns.rowCount, w = columns.headers.count
      return .text("exported \(n) row\(n == 1 ? "" : "s") × \(w) column\(w == 1 ? "" : "s") to \(written)")
    },
  ]

  /// The columns `export` writes for the value in slot VALUE, or an error saying what it
  /// can write instead.
  private static func exportColumns(_ call: Call) throws -> ExportColumns {
    let value = call.value("VALUE") ?? .nothing
    switch value {
    case .table(var t):
      if call.has("labels") { t = try titled(t, labels: try call.items("labels"), call) }
      return ExportColumns(t)
    case .ratings(let r):
      if call.has("labels") {
        throw call.error(.usage, "labels= titles the item column of a table; ratings are written as loaded", at: "labels",
                         hint: "export the ratings without labels=")
      }
      return ExportColumns(r)
    case .model(let m):
      throw call.error(.type, "export writes tables, embeddings and ratings, not a model", at: "VALUE",
                       hint: "save \(call.session.name(of: m) ?? "m") \"model.mkm\" writes the model; "
                         + "export \(call.session.name(of: m) ?? "m").items \"items.csv\" its item embeddings")
    case .plot:
      throw call.error(.type, "export writes tables, embeddings and ratings, not a plot", at: "VALUE",
                       hint: "plot … svg=\"figure.svg\" writes the figure")
    case .list, .tuple:
      throw call.error(.type, "export writes tables, embeddings and ratings, not \(value.article)", at: "VALUE",
                       hint: "export the whole table (export t \"t.csv\"), or each value of a split on its own")
    default:
      throw call.error(.type, "export writes tables, embeddings and ratings, not \(value.article)", at: "VALUE",
                       hint: "print writes a value's display; export takes what a table-valued verb returns")
    }
  }

  /// `t` with a `title` column after its `item` column, from `labels` ("" where it has none).
  private static func titled(_ t: Table, labels: Items, _ call: Call) throws -> Table {
    guard let c = t.columns.firstIndex(where: { $0.header == "item" }) else {
      throw call.error(.value, "labels= adds titles after an item column, and this table has none", at: "labels",
                       hint: "columns: " + t.columns.map(\.header).joined(separator: ", "))
    }
    guard !t.columns.contains(where: { $0.header == "title" }) else { return t }
    var out = t
    out.columns.insert(Table.Column("title", alignment: .left), at: c + 1)
    out.rows = t.rows.map { row in
      guard c < row.count, case .text(let id) = row[c] else { return row }
      var row = row
      row.insert(.text(Labels.title(id, labels) ?? ""), at: c + 1)
      return row
    }
    return out
  }
}
