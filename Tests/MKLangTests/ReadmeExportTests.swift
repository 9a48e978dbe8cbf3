import Foundation
import MKLang
import XCTest

/// The README's "Results out" section is true: its export lines run as written, and the files
/// have what its pandas lines read (checked with python3's csv module, no pandas): compare.csv
/// a `model` column and `all`, `least_1000`, `cold`; predictions.csv `user, item, actual,
/// predicted`; items.csv an `item` column and `dim…` columns; `t.all.als` the cell of row als.
final class ReadmeExportTests: XCTestCase {
  func testTheExportLinesAndWhatPandasReads() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    let section = try XCTUnwrap(readme.range(of: "## Results out")).upperBound
    let block = readme[section...].components(separatedBy: "```")[1]
    let lines = block.split(separator: "\n").map { String($0.split(separator: "#")[0]).trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
    XCTAssertEqual(lines.count, 3, block)
    let python = try String(readme[section...].components(separatedBy: "```python")[1].components(separatedBy: "```")[0])
    XCTAssertTrue(python.contains("pd.read_csv(\"compare.csv\", index_col=\"model\")"), python)
    XCTAssertTrue(python.contains("columns all, least_1000, cold"), python)
    XCTAssertTrue(python.contains(".filter(like=\"dim\")"), python)

    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mk-readme-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let s = Session()
    s.workingDirectory = dir.path
    let ratings = root.appendingPathComponent("Samples/anime/ratings.csv").path
    let works = root.appendingPathComponent("Samples/anime/works.csv").path
    let r = mkRun(s, """
      ratings = load "\(ratings)"
      works = items "\(works)"
      train, test = split ratings 0.8 seed=1
      mean = fit mean train
      als = fit als train rank=4 iters=3
      """ + "\n" + lines.joined(separator: "\n") + "\nt = compare [mean, als] test subsets=[all, least=1000, cold]\nassert t.all.als < t.all.mean")
    XCTAssertEqual(r.errors.map(\.description), [])
    let check = """
      import csv, sys
      def header(name):
          with open(name, newline="") as f:
              return next(csv.reader(f))
      c = header("compare.csv")
      assert c[0] == "model" and c[1:] == ["all", "least_1000", "cold"], c
      p = header("predictions.csv")
      assert p == ["user", "item", "actual", "predicted"], p
      i = header("items.csv")
      assert i[0] == "item" and [x for x in i if x.startswith("dim")] == ["dim1", "dim2", "dim3", "dim4"], i
      with open("compare.csv", newline="") as f:
          rows = {row["model"]: row for row in csv.DictReader(f)}
      assert float(rows["als"]["all"]) < float(rows["mean"]["all"]), rows
      print("ok")
      """
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", check]
    p.currentDirectoryURL = dir
    let out = Pipe()
    p.standardOutput = out
    p.standardError = out
    try p.run()
    p.waitUntilExit()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    XCTAssertEqual(p.terminationStatus, 0, text)
    XCTAssertEqual(text, "ok\n")
  }
}
