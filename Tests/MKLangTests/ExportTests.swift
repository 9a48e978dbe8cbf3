import Foundation
import MKCore
@testable import MKLang
import XCTest

/// `export`: every table kind written as CSV and JSON and read back by an independent parser
/// (RFC 4180 here, Foundation's JSONDecoder) equal to the table's cells, bit for bit;
/// embeddings re-read give `similar`'s neighbours; `.md` and `.tex` have their structure; a
/// failed write leaves nothing behind.
final class ExportTests: XCTestCase {
  private var dir: URL!

  override func setUpWithError() throws {
    dir = FileManager.default.temporaryDirectory.appendingPathComponent("mk-export-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: dir)
  }

  /// Built once for the class: its prelude fits six models, tens of seconds under a sanitizer,
  /// and the tests only read its tables (what they add to it is not named `t_…`).
  nonisolated(unsafe) private static var tables: (Session, [String])?

  /// A session holding one value of every table-valued verb and member.
  private func sessionWithTables() throws -> (Session, [String]) {
    if let built = Self.tables { return built }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let s = Session()
    s.workingDirectory = root.path
    let prelude = """
      ratings = load "Samples/anime/ratings.csv"
      works = items "Samples/anime/works.csv"
      train, test = split ratings 0.8 seed=3
      mean = fit mean train
      als = fit als train rank=4 iters=3 seed=1
      sgd = fit sgd train rank=3 iters=2 seed=1
      lasso = fit lasso train side=works
      balse = blend als lasso train
      quiz = generate users=40 items=15 ratings=400 binary=true seed=2
      fm = fit fm quiz rank=2 iters=2
      t_compare = compare [mean, als, sgd] test subsets=[all, least=100, cold]
      t_cv = cv als train folds=2 rank=[2, 3] iters=2
      t_history = als.history
      t_hyper = als.hyperparameters
      t_predict = predict als test labels=works
      t_recommend = recommend als 1 n=5 labels=works
      t_similar = similar als 32 n=5
      t_top = top ratings n=5 min=5 labels=works
      t_pearls = pearls ratings min=1
      t_popular = popular ratings
      t_controversial = controversial ratings min=5
      t_components = components als labels=works n=3
      t_eval = eval als test
      t_explain = explain lasso 1
      t_gate = balse.gate
      t_groups = fm.groups
      t_items = als.items
      t_users = sgd.users
      t_describe = describe ratings
      """
    let r = mkRun(s, prelude)
    XCTAssertEqual(r.errors.map(\.description), [])
    let built = (s, s.variables.map(\.name).filter { $0.hasPrefix("t_") })
    Self.tables = built
    return built
  }

  func testEveryTableReadsBackFromCSVAndJSONBitForBit() throws {
    let (s, names) = try sessionWithTables()
    XCTAssertEqual(names.count, 19)
    var sawFraction = false
    for name in names {
      guard case .table(let t)? = s.variable(name) else { XCTFail("\(name) is not a table"); continue }
      XCTAssertFalse(t.rows.isEmpty, name)
      for ext in ["csv", "json", "tsv"] {
        let path = dir.appendingPathComponent("\(name).\(ext)").path
        let r = mkRun(s, "export \(name) \"\(path)\"")
        XCTAssertEqual(r.errors.map(\.description), [], name)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let (header, rows): ([String], [[Any]])
        switch ext {
        case "json": (header, rows) = try readJSON(text, keys: t.memberNames)
        default: (header, rows) = try readDelimited(text, separator: ext == "csv" ? "," : "\t")
        }
        XCTAssertEqual(header, t.memberNames, "\(name).\(ext)")
        XCTAssertEqual(rows.count, t.rows.count, "\(name).\(ext)")
        for (r, row) in zip(t.rows, rows).map({ ($0, $1) }) {
          XCTAssertEqual(row.count, t.columns.count, "\(name).\(ext)")
          for (c, cell) in r.enumerated() where c < row.count {
            switch cell {
            case .text(let want):
              XCTAssertEqual(row[c] as? String, want, "\(name).\(ext) column \(t.columns[c].header)")
            case .number(let want):
              if want.isFinite && want != want.rounded() { sawFraction = true }
              let got = row[c]
              if ext == "json", !want.isFinite {
                XCTAssertTrue(got is NSNull, "\(name).json: \(want) should be null")
                continue
              }
              let d: Double? = (got as? NSNumber)?.doubleValue ?? (got as? String).flatMap { Double($0) }
              guard let d else { XCTFail("\(name).\(ext): '\(got)' is not a number"); continue }
              XCTAssertTrue(d.bitPattern == want.bitPattern || (d.isNaN && want.isNaN),
                            "\(name).\(ext) column \(t.columns[c].header): \(d) != \(want)")
            }
          }
        }
      }
    }
    XCTAssertTrue(sawFraction, "the tables hold numbers that four decimals would round")
  }

  func testRatingsRoundTripThroughLoad() throws {
    let (s, _) = try sessionWithTables()
    let path = dir.appendingPathComponent("test.csv").path
    XCTAssertEqual(mkRun(s, "export test \"\(path)\"").errors.map(\.description), [])
    XCTAssertEqual(mkRun(s, "again = load \"\(path)\"").errors.map(\.description), [])
    guard case .ratings(let a)? = s.variable("test"), case .ratings(let b)? = s.variable("again") else {
      return XCTFail("ratings")
    }
    XCTAssertEqual(a.count, b.count)
    for k in 0..<a.count {
      XCTAssertEqual(a.universe.users[a.user(k)], b.universe.users[b.user(k)])
      XCTAssertEqual(a.universe.items[a.item(k)], b.universe.items[b.item(k)])
      XCTAssertEqual(a.value(k).bitPattern, b.value(k).bitPattern)
    }
    // Mangaki's words are written as their values, which load reads as numbers.
    let header = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")[0]
    XCTAssertEqual(header, "user,item,rating")
  }

  func testEmbeddingsGiveTheNeighboursOfSimilar() throws {
    let (s, _) = try sessionWithTables()
    let path = dir.appendingPathComponent("items.csv").path
    XCTAssertEqual(mkRun(s, "export als.items \"\(path)\" labels=works").errors.map(\.description), [])
    let (header, rows) = try readDelimited(try String(contentsOfFile: path, encoding: .utf8), separator: ",")
    XCTAssertEqual(Array(header.prefix(3)), ["item", "title", "dim1"])
    XCTAssertEqual(header.count, 2 + 4)
    var vectors: [String: [Double]] = [:]
    var order: [String] = []
    for row in rows {
      let id = row[0] as! String
      vectors[id] = row[2...].map { Double($0 as! String)! }
      order.append(id)
    }
    guard case .model(let m)? = s.variable("als") else { return XCTFail("model") }
    XCTAssertEqual(rows.count, (0..<m.info.itemCount).filter { m.info.knows(item: Int32($0)) }.count)
    func cosine(_ a: [Double], _ b: [Double]) -> Double {
      let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
      return dot / ((a.reduce(0) { $0 + $1 * $1 }).squareRoot() * (b.reduce(0) { $0 + $1 * $1 }).squareRoot())
    }
    var checked = 0
    for item in order.prefix(40) {
      let target = vectors[item]!
      guard target.contains(where: { $0 != 0 }) else { continue }
      let mine = order.filter { $0 != item && vectors[$0]!.contains { $0 != 0 } }
        .map { ($0, cosine(target, vectors[$0]!)) }
        .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : order.firstIndex(of: $0.0)! < order.firstIndex(of: $1.0)! }
      let r = mkRun(s, "n_similar = similar als \"\(item)\" n=5")
      XCTAssertEqual(r.errors.map(\.description), [])
      guard case .table(let t)? = s.variable("n_similar") else { return XCTFail("similar") }
      let theirs = t.rows.map { row -> (String, Double) in
        guard case .text(let id) = row[1], case .number(let c) = row[2] else { return ("", .nan) }
        return (id, c)
      }
      XCTAssertEqual(theirs.map(\.0), mine.prefix(5).map(\.0), "neighbours of \(item)")
      for ((_, a), (_, b)) in zip(theirs, mine) { XCTAssertEqual(a, b, accuracy: 1e-5) }
      checked += 1
    }
    XCTAssertGreaterThan(checked, 30)
  }

  func testMarkdownAndLatexStructure() throws {
    let (s, _) = try sessionWithTables()
    guard case .table(let t)? = s.variable("t_compare") else { return XCTFail("table") }
    let md = dir.appendingPathComponent("c.md").path, tex = dir.appendingPathComponent("c.tex").path
    XCTAssertEqual(mkRun(s, "export t_compare \"\(md)\"\nexport t_compare \"\(tex)\" digits=3").errors.map(\.description), [])

    let mdLines = try String(contentsOfFile: md, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
    XCTAssertEqual(mdLines[0], "*\(t.title)*")
    XCTAssertEqual(mdLines[1], "")
    let body = mdLines[2...].filter { !$0.isEmpty }
    XCTAssertEqual(body.count, 2 + t.rows.count)
    XCTAssertEqual(String(body[body.startIndex]), "| " + t.columns.map(\.header).joined(separator: " | ") + " |")
    XCTAssertEqual(String(body[body.startIndex + 1]), "| :--- |" + String(repeating: " ---: |", count: t.columns.count - 1))
    let best = t.bestRows
    for (r, line) in body.dropFirst(2).enumerated() {
      let cells = line.dropFirst(2).dropLast(2).components(separatedBy: " | ")
      XCTAssertEqual(cells.count, t.columns.count)
      for (c, cell) in t.rows[r].enumerated() {
        var want: String
        switch cell {
        case .text(let x): want = x
        case .number(let d): want = d.isNaN ? "nan" : "\(d)"
        }
        if best[c] == r { want = "**\(want)**" }
        XCTAssertEqual(cells[c], want)
      }
    }

    let texLines = try String(contentsOfFile: tex, encoding: .utf8).split(separator: "\n").map(String.init)
    XCTAssertEqual(texLines.first, "% " + t.title)
    XCTAssertEqual(texLines[1], "\\begin{tabular}{l" + String(repeating: "r", count: t.columns.count - 1) + "}")
    XCTAssertEqual(texLines.last, "\\end{tabular}")
    XCTAssertEqual(texLines.filter { $0 == "\\hline" }.count, 3)
    let rows = texLines.filter { $0.hasSuffix(" \\\\") }
    XCTAssertEqual(rows.count, 1 + t.rows.count)
    for row in rows { XCTAssertEqual(row.components(separatedBy: " & ").count, t.columns.count) }
    XCTAssertTrue(rows[1].hasPrefix("mean & "), rows[1])
    // digits=3: three decimals, the best in bold.
    guard case .number(let alsAll) = t.rows[1][1] else { return XCTFail("number") }
    XCTAssertTrue(rows[2].contains(String(format: "%.3f", alsAll)), rows[2])
    XCTAssertEqual(ExportWriter.latexEscape("a_b & 50% #1 {x} ~^\\ ± "),
                   "a\\_b \\& 50\\% \\#1 \\{x\\} \\textasciitilde{}\\textasciicircum{}\\textbackslash{} $\\pm$ ")
  }

  func testFieldsThatNeedQuotingAndMemberNames() throws {
    var t = Table(title: "x", columns: [Table.Column("name", alignment: .left), Table.Column("least 1000 (53)"),
                                         Table.Column("± auc"), Table.Column("#"), Table.Column("fit s"),
                                         Table.Column("fit s")])
    t.append([.text("a, \"quoted\"\nline"), .number(0.1), .number(1e-300), .number(-0.0), .number(.infinity), .number(3)])
    XCTAssertEqual(t.memberNames, ["name", "least_1000", "auc_ci", "rank", "fit_s", "fit_s_2"])
    let csv = ExportFormat.csv.text(ExportColumns(t), digits: nil)
    let (header, rows) = try readDelimited(csv, separator: ",")
    XCTAssertEqual(header, t.memberNames)
    XCTAssertEqual(rows[0][0] as? String, "a, \"quoted\"\nline")
    XCTAssertEqual(rows[0].dropFirst().map { $0 as! String }, ["0.1", "1e-300", "0", "inf", "3"])
    let json = ExportFormat.json.text(ExportColumns(t), digits: nil)
    let records = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [[String: Any]]
    XCTAssertEqual(records[0]["name"] as? String, "a, \"quoted\"\nline")
    XCTAssertEqual((records[0]["auc_ci"] as? NSNumber)?.doubleValue, 1e-300)
    XCTAssertTrue(records[0]["fit_s"] is NSNull)
    XCTAssertEqual(ExportFormat.json.text(ExportColumns(Table(headers: ["a"])), digits: nil), "[]\n")
  }

  /// A write that fails half way (the file-size limit reached: EFBIG) leaves the old file as
  /// it was and no temporary beside it.
  func testAFailedWriteLeavesNoPartialFile() throws {
    let s = Session()
    s.workingDirectory = dir.path
    XCTAssertEqual(mkRun(s, "d = generate users=200 items=100 ratings=20000 seed=1").errors.map(\.description), [])
    let path = dir.appendingPathComponent("d.csv").path
    try "old\n".write(toFile: path, atomically: false, encoding: .utf8)

    var old = rlimit()
    getrlimit(Int32(RLIMIT_FSIZE.rawValue), &old)
    let previous = signal(SIGXFSZ, SIG_IGN)
    var small = old
    small.rlim_cur = 4096
    XCTAssertEqual(setrlimit(Int32(RLIMIT_FSIZE.rawValue), &small), 0)
    let r = mkRun(s, "export d \"d.csv\"")
    setrlimit(Int32(RLIMIT_FSIZE.rawValue), &old)
    signal(SIGXFSZ, previous)

    XCTAssertEqual(r.errors.count, 1)
    XCTAssertEqual(r.errors.first?.kind, .io)
    XCTAssertTrue(r.errors.first?.message.hasPrefix("cannot write") == true, "\(r.errors)")
    XCTAssertEqual(r.errors.first?.location?.column, 10)
    XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "old\n")
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), ["d.csv"])
    // The same export, unlimited, writes the whole file.
    XCTAssertEqual(mkRun(s, "export d \"d.csv\"").errors.map(\.description), [])
    XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count, 20001)
  }

  // MARK: - Independent readers

  /// RFC 4180 fields: quoted fields may hold separators, doubled quotes and line breaks.
  private func readDelimited(_ text: String, separator: Character) throws -> ([String], [[Any]]) {
    var records: [[String]] = []
    var field = "", record: [String] = [], quoted = false, wasQuoted = false
    var chars = Array(text)[...]
    while let ch = chars.popFirst() {
      if quoted {
        if ch == "\"" {
          if chars.first == "\"" { field.append("\""); chars.removeFirst() } else { quoted = false }
        } else {
          field.append(ch)
        }
      } else if ch == "\"" && field.isEmpty && !wasQuoted {
        quoted = true
        wasQuoted = true
      } else if ch == separator {
        record.append(field); field = ""; wasQuoted = false
      } else if ch == "\n" {
        record.append(field); records.append(record); field = ""; record = []; wasQuoted = false
      } else {
        field.append(ch)
      }
    }
    XCTAssertTrue(field.isEmpty && record.isEmpty, "the file ends with a line break")
    guard let header = records.first else { throw MKError(.data, "empty file") }
    return (header, records.dropFirst().map { $0 })
  }

  /// A JSON value as Foundation's JSONDecoder reads it (JSONSerialization on Linux rounds
  /// some doubles to a neighbour; the decoder, like Python's json, reads them exactly).
  private enum JSONCell: Decodable {
    case text(String), number(Double), null
    init(from decoder: Decoder) throws {
      let c = try decoder.singleValueContainer()
      if c.decodeNil() { self = .null } else if let d = try? c.decode(Double.self) { self = .number(d) } else { self = .text(try c.decode(String.self)) }
    }
    var any: Any {
      switch self {
      case .text(let s): return s
      case .number(let d): return NSNumber(value: d)
      case .null: return NSNull()
      }
    }
  }

  /// An array of records, each with `keys` in order.
  private func readJSON(_ text: String, keys: [String]) throws -> ([String], [[Any]]) {
    let decoded = try JSONDecoder().decode([[String: JSONCell]].self, from: Data(text.utf8))
    let records = decoded.map { $0.mapValues(\.any) }
    for r in records { XCTAssertEqual(Set(r.keys), Set(keys)) }
    // Key order as written (JSONSerialization forgets it): where each key first appears in
    // the first record's line.
    var order = keys
    if let line = text.split(separator: "\n").dropFirst().first {
      let at = Dictionary(uniqueKeysWithValues: keys.map { k in
        (k, line.range(of: "\"\(k)\": ").map { line.distance(from: line.startIndex, to: $0.lowerBound) } ?? -1) })
      order = keys.sorted { at[$0]! < at[$1]! }
      XCTAssertFalse(at.values.contains(-1))
    }
    return (order, records.map { r in order.map { r[$0] ?? NSNull() } })
  }
}
