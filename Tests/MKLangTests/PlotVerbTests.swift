import Foundation
import MKCore
import MKLang
import MKTestSupport
import XCTest

/// A model with embeddings fixed by hand, so plots of it are the same bytes everywhere.
final class FixedModel: Model {
  static let kind = ModelKind(name: "fixed", summary: "hand-made embeddings, for plot tests", reference: "", options: NoOptions.self,
                              fit: { _, _ in throw MKError(.model, "not fitted") },
                              decode: { _, _, _ in throw MKError(.model, "not decoded") })
  let info: FitInfo
  let itemEmbeddings: Matrix?
  let userEmbeddings: Matrix?

  init(data: Ratings) throws {
    info = FitInfo(kind: "fixed", input: FitInput(data: data, options: FitOptions(kind: "fixed", NoOptions())))
    // Item r sits near (r, r mod 3) on a tilted plane in 3 dimensions.
    var items = Matrix(rows: info.itemCount, columns: 3)
    for r in 0..<info.itemCount {
      let a = Float(r), b = Float(r % 3)
      items[r, 0] = 0.8 * a + 0.1 * b
      items[r, 1] = 0.6 * a - 0.3 * b
      items[r, 2] = 0.5 * b
    }
    itemEmbeddings = items
    var users = Matrix(rows: info.userCount, columns: 3)
    for u in 0..<info.userCount { users[u, 0] = Float(u); users[u, 1] = Float(u * u % 5); users[u, 2] = 1 }
    userEmbeddings = users
  }

  func score(user: Int32, item: Int32) -> Float { 0 }
  func foldIn(_ ratings: [(item: Int32, value: Float)]) throws -> (Int32) -> Float { { _ in 0 } }
  func encode(to w: inout ModelWriter) {}
}

final class PlotVerbTests: XCTestCase {
  static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

  var work: URL!

  override func setUpWithError() throws {
    work = FileManager.default.temporaryDirectory.appendingPathComponent("mk-plot-\(UUID())")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws { try? FileManager.default.removeItem(at: work) }

  /// A session with ratings `r` (item k rated by k users), items `works` with titles and tags,
  /// and the fixed model `m`.
  func session() throws -> Session {
    var ratings = "user,item,rating\n"
    for item in 1...10 { for user in 1...item { ratings += "u\(user),w\(item),\((user + item) % 5 + 1)\n" } }
    var works = "item,title,tags\n"
    for item in 1...10 {
      let title = item == 10 ? "An Extremely Long Title: The Sequel That Nobody Asked For" : "Work number \(item) & co"
      works += "w\(item),\"\(title)\",\(item % 2 == 0 ? "space|mecha" : "romance")\n"
    }
    try ratings.write(to: work.appendingPathComponent("r.csv"), atomically: true, encoding: .utf8)
    try works.write(to: work.appendingPathComponent("works.csv"), atomically: true, encoding: .utf8)
    let s = Session()
    s.workingDirectory = work.path
    let r = mkRun(s, "r = load \"r.csv\"\nworks = items \"works.csv\"")
    XCTAssertEqual(r.errors, [])
    guard case .ratings(let data)? = s.variable("r") else { throw MKError(.internalError, "no ratings") }
    s.setVariable("m", .model(try FixedModel(data: data)))
    return s
  }

  /// Compares `text` with the golden file `name` (MK_UPDATE_GOLDEN=1 rewrites it).
  func assertGolden(_ text: String, _ name: String, line: UInt = #line) throws {
    let url = Self.golden.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["MK_UPDATE_GOLDEN"] == "1" {
      try text.write(to: url, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    XCTAssertEqual(text, expected, "differs from Golden/\(name); MK_UPDATE_GOLDEN=1 rewrites it after a deliberate change", line: line)
  }

  func testEmbeddingPlotGolden() throws {
    let s = try session()
    let r = mkRun(s, "plot m labels=works n=4 color=space svg=\"fixed.svg\"")
    XCTAssertEqual(r.errors, [])
    try assertGolden((r.out.first ?? "") + "\n", "plot-fixed.txt")
    let svg = try String(contentsOf: work.appendingPathComponent("fixed.svg"), encoding: .utf8)
    try assertGolden(svg, "plot-fixed.svg")
    let root = try XMLNode.parse(svg)
    // Ten items, four labelled (the most rated: w10, w9, w8, w7), each with its full title.
    let points = root.elements("circle").filter { $0.attributes["class"]?.hasPrefix("point") == true }
    XCTAssertEqual(points.count, 10)
    let labelled = points.filter { $0.attributes["class"] == "point labelled" }.map { $0.children[0].fullText }
    XCTAssertEqual(labelled, ["An Extremely Long Title: The Sequel That Nobody Asked For", "Work number 9 & co",
                              "Work number 8 & co", "Work number 7 & co"])
    XCTAssertTrue(root.elements("text").contains { $0.attributes["class"] == "legend" && $0.fullText == "space" })
    let b = root.attributes["viewBox"]!.split(separator: " ").compactMap { Double($0) }
    for t in root.elements("text") where t.attributes["class"] == "label" {
      let x = t.double("x")!, w = TextMetrics.width(t.fullText, size: t.double("font-size")!)
      let anchor = t.attributes["text-anchor"]!
      let left = anchor == "start" ? x : anchor == "end" ? x - w : x - w / 2
      XCTAssertGreaterThanOrEqual(left, 0)
      XCTAssertLessThanOrEqual(left + w, b[2], "label '\(t.fullText)' runs off the canvas")
    }
    // The same model draws the same bytes.
    XCTAssertEqual(mkRun(s, "plot m labels=works n=4 color=space svg=\"again.svg\"").errors, [])
    XCTAssertEqual(try String(contentsOf: work.appendingPathComponent("again.svg"), encoding: .utf8), svg)
  }

  func testComponentsGolden() throws {
    let s = try session()
    let r = mkRun(s, "components m labels=works n=3 dims=2")
    XCTAssertEqual(r.errors, [])
    try assertGolden((r.out.first ?? "") + "\n", "components-fixed.txt")
    // The first component is the direction items spread along (0.8, 0.6, 0): w1 and w10 at its ends.
    XCTAssertTrue(r.out[0].contains("1 (") && r.out[0].contains("Work number 1 & co"))
  }

  func testPlotWidthFollowsTheTerminal() throws {
    let s = try session()
    for width in [80, 150] {
      s.options.terminalWidth = width
      let out = mkRun(s, "plot m labels=works").out.joined(separator: "\n")
      let widest = out.split(separator: "\n").map(\.count).max() ?? 0
      XCTAssertLessThanOrEqual(widest, width)
      XCTAssertGreaterThan(widest, width - 12)
    }
  }

  func testHistoryCurvesAndHistogram() throws {
    let s = try session()
    var r = mkRun(s, "b = fit baseline r\nplot b.history svg=\"curve.svg\"\nhist r svg=\"hist.svg\"")
    XCTAssertEqual(r.errors, [])
    XCTAssertTrue(r.out[0].hasPrefix("baseline history"))
    XCTAssertTrue(r.out[0].contains("svg written to curve.svg"))
    XCTAssertTrue(r.out[1].contains("ratings of r.csv"))
    for name in ["curve.svg", "hist.svg"] {
      let root = try XMLNode.parse(try String(contentsOf: work.appendingPathComponent(name), encoding: .utf8))
      XCTAssertEqual(root.name, "svg")
    }
    // M.history still displays as a table.
    r = mkRun(s, "b.history")
    XCTAssertTrue(r.out[0].hasPrefix("baseline history\niter"))
  }

  func testPlotErrors() throws {
    let s = try session()
    assertError(error(s, "mean = fit mean r\nplot mean"), "a mean model has no item embeddings to plot")
    assertError(error(s, "plot mean.history"), "the table has no rows to plot")
    assertError(error(s, "plot m color=space"), "color=space needs items with tags", at: (1, 8, 11))
    assertError(error(s, "plot m labels=works color=spase"), "no tag 'spase' in works.csv (did you mean 'space'?)")
    assertError(error(s, "plot m what=users color=space labels=works"), "color= colours items by tag; it needs what=items")
    assertError(error(s, "b = fit baseline r\nplot (b.hyperparameters)"), "plot draws tables of numbers; column 'option' has text")
    assertError(error(s, "b = fit baseline r\nplot b.history n=3"), "n= applies to plots of models, not of tables")
    assertError(error(s, "components mean"), "a mean model has no item embeddings to plot")
    let e = error(s, "plot m svg=\"no/such/folder/x.svg\"")
    XCTAssertEqual(e?.kind, .io)
    XCTAssertEqual(e?.location?.column, 8)
  }
}
