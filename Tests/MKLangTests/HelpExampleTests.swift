import Foundation
import MKCore
import MKLang
import XCTest

/// Every example that `help VERB` shows runs as written, on the anime sample, with the
/// variables the examples name (`ratings`, `works`, `train`, `test`, `m`, `me`, `x`, and 0/1
/// outcomes `quiz_test` with a model `clf` for auc, acc and nll).
final class HelpExampleTests: XCTestCase {
  func testEveryExampleRuns() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    // A scratch folder, so that `save m "als.mkm"` writes there; the sample is linked in.
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("mk-help-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("Samples"),
                                               withDestinationURL: root.appendingPathComponent("Samples"))
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
