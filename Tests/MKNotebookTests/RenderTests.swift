import Foundation
import MKCore
import MKLang
import MKNotebook
import MKTestSupport
import XCTest

final class RenderTests: XCTestCase {
  /// Prose with every Markdown form, a table, a plot with svg=, a plot without, printed text,
  /// then a failing cell and cells that must not run.
  static let notebook = """
    # # A *small* notebook
    #
    # Some **bold** prose with `inline code`, a [link](https://example.org/a?b=1&c=2), and
    # markup to escape: <script>alert(1)</script> & [bad](javascript:alert(1)).
    #
    # - first item
    # - second item with snake_case_name
    # 1. one

    r = generate users=40 items=30 ratings=600 seed=1
    m = fit als r rank=3 iters=2
    eval m r
    print "a <text> line"

    plot m n=5 svg="m.svg"
    hist r

    # ## Then it fails

    bad = fit alss r
    x = 1
    print x

    # not run either
    print 2
    """

  func render(_ source: String) throws -> (RenderedNotebook, URL) {
    let work = FileManager.default.temporaryDirectory.appendingPathComponent("mk-render-\(UUID())")
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    let page = NotebookRenderer().render(source: source, file: "small.mk", workingDirectory: work.path)
    return (page, work)
  }

  func testHTMLPageHasEverything() throws {
    let (page, work) = try render(Self.notebook)
    defer { try? FileManager.default.removeItem(at: work) }
    XCTAssertEqual(page.exitStatus, 1)
    XCTAssertEqual(page.title, "A *small* notebook")
    let html = page.html()
    let root = try XMLNode.parse(html)  // XHTML: it parses as XML
    XCTAssertEqual(root.name, "html")
    XCTAssertEqual(root.elements("title").first?.fullText, "A *small* notebook")
    // Prose: headings, emphasis, strong, code, a safe link, lists; the unsafe link and the
    // script stay text.
    XCTAssertEqual(root.elements("h1").first?.fullText, "A small notebook")
    XCTAssertEqual(root.elements("em").first?.fullText, "small")
    XCTAssertEqual(root.elements("strong").first?.fullText, "bold")
    XCTAssertEqual(root.elements("a").map { $0.attributes["href"] }, ["https://example.org/a?b=1&c=2"])
    XCTAssertTrue(root.elements("p").contains { $0.fullText.contains("<script>alert(1)</script> & [bad](javascript:alert(1))") })
    XCTAssertEqual(root.elements("script").count, 0)
    XCTAssertEqual(root.elements("ul").first?.children.map(\.fullText), ["first item", "second item with snake_case_name"])
    XCTAssertEqual(root.elements("ol").first?.children.count, 1)
    XCTAssertEqual(root.elements("h2").first?.fullText, "Then it fails")
    // Code and outputs: the eval table as a table, print as text, two inline SVG plots.
    let code = root.elements("pre").filter { $0.attributes["class"]?.hasPrefix("code") == true }.map(\.fullText)
    XCTAssertTrue(code.contains { $0.contains("m = fit als r rank=3 iters=2\neval m r") })
    XCTAssertTrue(root.elements("caption").contains { $0.fullText.hasPrefix("als on") })
    XCTAssertTrue(root.elements("pre").contains { $0.fullText == "a <text> line" })
    let svgs = root.elements("svg")
    XCTAssertEqual(svgs.count, 2)
    XCTAssertEqual(svgs.map { $0.attributes["xmlns"] }, ["http://www.w3.org/2000/svg", "http://www.w3.org/2000/svg"])
    // The inline plot is the very SVG that svg= wrote.
    let file = try String(contentsOf: work.appendingPathComponent("m.svg"), encoding: .utf8)
    XCTAssertTrue(html.contains(file.trimmingCharacters(in: .newlines)))
    // The failing cell shows its error after the statement that failed; the rest are marked.
    let errors = root.elements("div").filter { $0.attributes["class"] == "error" }
    XCTAssertEqual(errors.count, 1)
    XCTAssertTrue(errors[0].fullText.contains("small.mk:20:11: error: unknown model kind 'alss' (did you mean 'als'?)"))
    let skipped = root.elements("pre").filter { $0.attributes["class"] == "code skipped" }.map(\.fullText)
    XCTAssertEqual(skipped, ["x = 1\nprint x", "print 2"])
    XCTAssertEqual(root.elements("p").filter { $0.attributes["class"] == "not-run-note" }.count, 2)
    XCTAssertFalse(root.elements("pre").contains { $0.fullText == "1" || $0.fullText == "2" }, "nothing after the error ran")
    // Self-contained: no scripts, no external files.
    XCTAssertFalse(html.contains("<script"))
    XCTAssertFalse(html.contains("src="))
    XCTAssertFalse(html.contains("<link"))
    // Every inline SVG keeps its points and labels inside its canvas.
    for svg in svgs { try checkInside(svg) }
  }

  func testMarkdownWritesSVGsBeside() throws {
    let (page, work) = try render(Self.notebook)
    defer { try? FileManager.default.removeItem(at: work) }
    let (text, files) = page.markdown(svgStem: "small")
    XCTAssertEqual(files.map(\.name), ["small-1.svg", "small-2.svg"])
    XCTAssertTrue(text.contains("![items of m (als) on generated](small-1.svg)") || text.contains("](small-1.svg)"))
    XCTAssertTrue(text.contains("```mk\nbad = fit alss r\n```"))
    XCTAssertTrue(text.contains("**error**"))
    XCTAssertTrue(text.contains("*not run: an earlier cell failed*"))
    XCTAssertTrue(text.contains("| metric | value |"))
    for f in files { _ = try XMLNode.parse(f.svg) }
  }

  /// As nbconvert: a syntax error in a late cell lets the cells before it run.
  func testASyntaxErrorInALateCellRunsTheCellsBeforeIt() throws {
    let (page, work) = try render("# prose\nx = 1\nprint x\n\ny = (1 +\n")
    defer { try? FileManager.default.removeItem(at: work) }
    XCTAssertEqual(page.exitStatus, 1)
    XCTAssertEqual(page.cells.count, 2)
    XCTAssertEqual(page.cells[0].status, .ran)
    XCTAssertEqual(page.cells[0].outputs.flatMap { $0 }.map { $0.display() }, ["1"])
    guard case .failed(let message) = page.cells[1].status else { return XCTFail("\(page.cells[1].status)") }
    XCTAssertTrue(message.contains("small.mk:6:1: error: unexpected end of input"), message)
    _ = try XMLNode.parse(page.html())
  }

  /// An unknown verb on a late line: the earlier cells show their outputs, the bad cell its
  /// error, and only the cells after it are marked not run.
  func testAnUnknownVerbInALateCellShowsTheEarlierOutputs() throws {
    let source = """
      # # Late
      r = generate users=30 items=20 ratings=300 seed=1
      print 11

      print 22
      frobnicate r
      print 23

      # after
      print 33

      print 44
      """
    let (page, work) = try render(source)
    defer { try? FileManager.default.removeItem(at: work) }
    XCTAssertEqual(page.exitStatus, 1)
    XCTAssertEqual(page.cells.map { $0.status == .notRun }, [false, false, true, true])
    XCTAssertEqual(page.cells[1].failedStatement, 1, "print 22 ran, then frobnicate failed")
    XCTAssertEqual(page.errors.first?.location?.line, 6)
    let root = try XMLNode.parse(page.html())
    let outputs = root.elements("div").filter { $0.attributes["class"] == "output" }.map(\.fullText)
    XCTAssertEqual(outputs.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }, ["11", "22"])
    let errors = root.elements("div").filter { $0.attributes["class"] == "error" }.map(\.fullText)
    XCTAssertEqual(errors.count, 1)
    XCTAssertTrue(errors[0].contains("small.mk:6:1: error: unknown verb 'frobnicate'"), errors[0])
    let notes = root.elements("p").filter { $0.attributes["class"] == "not-run-note" }.map(\.fullText)
    XCTAssertEqual(notes, ["not run: the statement above failed", "not run: an earlier cell failed",
                           "not run: an earlier cell failed"])
    // Each cell that ran shows its time; the cells that did not, none.
    let times = root.elements("span").filter { $0.attributes["class"] == "cell-time" }
    XCTAssertEqual(times.count, 2)
    XCTAssertTrue(times.allSatisfy { $0.fullText.hasSuffix(" s") }, times.map(\.fullText).joined(separator: ", "))
  }

  /// Code is highlighted from the lexer's tokens: verbs, numbers, strings, options, comments;
  /// the text of the code stays exactly the source.
  func testCodeIsHighlightedByToken() throws {
    let (page, work) = try render("r = generate users=30 items=20 ratings=300 seed=1  # data\nprint \"a<b\"\n")
    defer { try? FileManager.default.removeItem(at: work) }
    let root = try XMLNode.parse(page.html())
    let code = root.elements("pre").filter { $0.attributes["class"] == "code" }
    XCTAssertEqual(code.map(\.fullText), ["r = generate users=30 items=20 ratings=300 seed=1  # data\nprint \"a<b\""])
    func spans(_ cls: String) -> [String] {
      root.elements("span").filter { $0.attributes["class"] == cls }.map(\.fullText)
    }
    XCTAssertEqual(spans("tok-verb"), ["generate", "print"])
    XCTAssertEqual(spans("tok-number"), ["30", "20", "300", "1"])
    XCTAssertEqual(spans("tok-option"), ["users", "items", "ratings", "seed"])
    XCTAssertEqual(spans("tok-string"), ["\"a<b\""])
    XCTAssertEqual(spans("tok-comment"), ["# data"])
  }

  func testCleanNotebookExitsZero() throws {
    let (page, work) = try render("# # Title\n\nx = 2\nprint x * 3\n")
    defer { try? FileManager.default.removeItem(at: work) }
    XCTAssertEqual(page.exitStatus, 0)
    let root = try XMLNode.parse(page.html())
    XCTAssertTrue(root.elements("pre").contains { $0.fullText == "6" })
  }

  func testMarkdownInline() {
    XCTAssertEqual(Markdown.inline("a *b* _c_ snake_case **d** `<e>` [f](g.html) \\*h"),
                   "a <em>b</em> <em>c</em> snake_case <strong>d</strong> <code>&lt;e&gt;</code> <a href=\"g.html\">f</a> *h")
    XCTAssertEqual(Markdown.html("## H\ntext\nmore\n\n- a\n  continued\n- b"),
                   "<h2>H</h2>\n<p>text more</p>\n<ul><li>a continued</li><li>b</li></ul>")
  }

  /// Points and texts of an inline SVG lie inside its viewBox.
  func checkInside(_ svg: XMLNode) throws {
    let b = svg.attributes["viewBox"]!.split(separator: " ").compactMap { Double($0) }
    for c in svg.elements("circle") {
      XCTAssertTrue((0...b[2]).contains(c.double("cx")!) && (0...b[3]).contains(c.double("cy")!))
    }
    for t in svg.elements("text") where t.attributes["transform"] == nil {
      let x = t.double("x")!, w = TextMetrics.width(t.fullText, size: t.double("font-size")!)
      let anchor = t.attributes["text-anchor"]!
      let left = anchor == "start" ? x : anchor == "end" ? x - w : x - w / 2
      XCTAssertGreaterThanOrEqual(left, 0, t.fullText)
      XCTAssertLessThanOrEqual(left + w, b[2], t.fullText)
    }
  }
}
