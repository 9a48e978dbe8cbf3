import Foundation
import MKCore
import MKLang
import MKNotebook
import MKTestSupport
import XCTest

/// What the kernel runs and sends, without Jupyter: `KernelCell` (statement by statement, the
/// result rule, errors, interrupts) and `RenderedNotebook.ipynb` (the notebook's JSON).
/// `scripts/check-jupyter` (JupyterTests) drives the same through jupyter_client and nbformat.
final class JupyterOutputTests: XCTestCase {
  private func cell(_ source: String, _ session: Session = Session(), interrupted: Bool = false)
    -> (outputs: [(text: String, result: Bool)], errors: [MKError]) {
    var outputs: [(String, Bool)] = []
    let errors = KernelCell.run(source, file: "In[1]", in: session, interrupted: { interrupted }) {
      outputs.append(($0.bundle["text/plain"] ?? "", $0.isResult))
    }
    return (outputs, errors)
  }

  func testTheLastOutputOfTheLastStatementIsTheResult() {
    let r = cell("print 1\nx = 2\nprint x\nprint (x + 1)")
    XCTAssertEqual(r.errors, [])
    XCTAssertEqual(r.outputs.map(\.text), ["1", "2", "3"])
    XCTAssertEqual(r.outputs.map(\.result), [false, false, true])
    XCTAssertEqual(cell("x = 2").outputs.count, 0, "an assignment shows nothing")
  }

  func testTheStatementsBeforeABadOneRun() {
    let session = Session()
    let r = cell("print 1\ny = 5\nfitt als y\nprint 3", session)
    XCTAssertEqual(r.outputs.map(\.text), ["1"])
    XCTAssertEqual(r.outputs.map(\.result), [false], "a failing cell has no result")
    XCTAssertEqual(r.errors.first?.location?.line, 3)
    XCTAssertTrue(r.errors.first?.message.contains("fitt") == true, "\(r.errors)")
    XCTAssertNotNil(session.variable("y"), "y was assigned before the error")
    let syntax = cell("print 1\nx = = 3\nprint 4")
    XCTAssertEqual(syntax.outputs.map(\.text), ["1"])
    XCTAssertEqual(syntax.errors.first?.kind, .syntax)
    XCTAssertEqual(syntax.errors.first?.location?.line, 2)
  }

  func testAnInterruptStopsTheRestOfTheCell() {
    let r = cell("print 1\nprint 2\nprint 3", interrupted: true)
    XCTAssertEqual(r.outputs.map(\.text), ["1"])
    XCTAssertEqual(r.errors.map(\.kind), [.interrupted])
    XCTAssertEqual(r.errors.first?.location?.line, 2)
    XCTAssertEqual(JupyterOutput.error(r.errors, source: "").ename, "Interrupted")
  }

  func testBundles() throws {
    let session = Session()
    XCTAssertEqual(cell("d = generate users=30 items=20 ratings=300 seed=1\nm = fit als d rank=2 iters=2 seed=1", session).errors, [])
    var bundles: [[String: String]] = []
    _ = KernelCell.run("eval m d\nplot m.history\nsplit d 0.5 seed=1", file: "In[2]", in: session) { bundles.append($0.bundle) }
    XCTAssertEqual(bundles.map { Set($0.keys) }, [["text/html", "text/plain"], ["image/svg+xml", "text/plain"],
                                                   ["text/plain"], ["text/plain"]], "a tuple gives one bundle each")
    XCTAssertEqual(try XMLNode.parse(bundles[0]["text/html"]!).name, "table")
    XCTAssertEqual(try XMLNode.parse(bundles[1]["image/svg+xml"]!).name, "svg")
  }

  func testTheNotebookJSON() throws {
    let source = "# # Title\n\nx = 2\nprint x\n\nprint (x + 1)\nassert x > 3\nprint 9\n\nprint 5\n"
    let page = NotebookRenderer().render(source: source, file: "n.mk", workingDirectory: NSTemporaryDirectory())
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(page.ipynb(version: "mk 0").utf8)) as? [String: Any])
    XCTAssertEqual(json["nbformat"] as? Int, 4)
    let meta = try XCTUnwrap(json["metadata"] as? [String: Any])
    XCTAssertEqual((meta["kernelspec"] as? [String: Any])?["name"] as? String, "mk")
    XCTAssertEqual((meta["language_info"] as? [String: Any])?["name"] as? String, "mk")
    let cells = try XCTUnwrap(json["cells"] as? [[String: Any]])
    XCTAssertEqual(cells.map { $0["cell_type"] as? String }, ["markdown", "code", "code", "code"])
    XCTAssertEqual(cells[0]["source"] as? [String], ["# Title"])
    XCTAssertEqual(cells[1]["source"] as? [String], ["x = 2\n", "print x"])
    XCTAssertEqual(cells.dropFirst().map { $0["execution_count"] as? Int }, [1, 2, nil])
    let first = try XCTUnwrap(cells[1]["outputs"] as? [[String: Any]])
    XCTAssertEqual(first.map { $0["output_type"] as? String }, ["execute_result"])
    XCTAssertEqual((first[0]["data"] as? [String: String])?["text/plain"], "2")
    let failed = try XCTUnwrap(cells[2]["outputs"] as? [[String: Any]])
    XCTAssertEqual(failed.map { $0["output_type"] as? String }, ["display_data", "error"])
    XCTAssertEqual(failed[1]["ename"] as? String, "AssertionError")
    let traceback = (failed[1]["traceback"] as? [String] ?? []).joined(separator: "\n")
      .replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression)
    XCTAssertTrue(traceback.hasPrefix("n.mk:7:8: error: assertion failed"), traceback)
    XCTAssertEqual((cells[3]["outputs"] as? [Any])?.count, 0, "not run")
    XCTAssertEqual(Set(cells.compactMap { $0["id"] as? String }).count, 4, "unique cell ids")
  }
}
