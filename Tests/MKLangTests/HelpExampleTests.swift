import Foundation
import MKCore
import MKLang
import XCTest

/// Every example that `help VERB` shows runs as written, on the anime sample, with the
/// variables the examples name (`ratings`, `works`, `train`, `test`, `m`, `me`, `x`, and 0/1
/// outcomes `quiz_test` with a model `clf` for auc, acc and nll; student attempts `attempts`
/// with a Q-matrix `q` and a model `ktm` for knowledge tracing).
final class HelpExampleTests: XCTestCase {
  func testEveryExampleRuns() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    // A scratch folder, so that `save m "als.mkm"` writes there; the sample is linked in.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mk-help-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("Samples"),
                                               withDestinationURL: root.appendingPathComponent("Samples"))
    // Attempts of 40 students on 10 items, with a skill column and a Q-matrix of the items, for
    // the knowledge-tracing examples (`attempts`, `q`, `ktm`).
    let items = (0..<10).map { "p\($0)" }, skills = ["add", "sub", "mul"]
    var attempts = "user,item,skill,correct\n"
    for u in 1...40 {
      for (j, i) in items.enumerated() { attempts += "\(u),\(i),\(skills[j % 3]),\((u * 7 + j * 3) % 5 < 3 ? 1 : 0)\n" }
    }
    try attempts.write(to: dir.appendingPathComponent("attempts.csv"), atomically: true, encoding: .utf8)
    let q = "item,add,sub,mul\n" + items.enumerated().map { j, i in
      "\(i)," + skills.indices.map { $0 == j % 3 ? "1" : "0" }.joined(separator: ",") }.joined(separator: "\n") + "\n"
    try q.write(to: dir.appendingPathComponent("q.csv"), atomically: true, encoding: .utf8)
    let s = Session()
    s.workingDirectory = dir.path
    // A small training set keeps the fit examples quick in a debug build.
    let prelude = """
      ratings = load "Samples/anime/ratings.csv"
      works = items "Samples/anime/works.csv"
      train, test = split ratings 0.15 seed=1
      m = fit als train rank=4 iters=2
      mean = fit mean train
      als = m
      sgd = fit sgd train rank=4 iters=2
      me = profile ["Rhythm Diaries"=favorite, "Lost Mirror Zero"=like] labels=works
      x = 0.5
      quiz = generate users=50 items=20 ratings=500 binary=true seed=1
      quiz_train, quiz_test = split quiz 0.8 seed=1
      clf = fit baseline quiz_train
      lasso = fit lasso train side=works
      balse = blend als lasso train
      attempts = load "attempts.csv" fields=[skill]
      q = items "q.csv"
      ktm = fit lr (encode attempts as=iswf skills=q)
      """
    XCTAssertEqual(mkRun(s, prelude).errors.map(\.message), [])
    let names = s.variables.map(\.name)
    let saved = names.map { s.variable($0)! }
    for verb in Verbs.all {
      for example in verb.examples {
        // Examples on MovieLens name a path outside the project; the data is not shipped.
        if example.contains("\"../") { continue }
        let r = mkRun(s, example, file: "help \(verb.name)")
        XCTAssertEqual(r.errors.map { Session.format($0, source: example, color: false) }, [], "help \(verb.name): \(example)")
        for (n, v) in zip(names, saved) { s.setVariable(n, v) }  // examples may rebind train, m, ...
      }
    }
  }
}
