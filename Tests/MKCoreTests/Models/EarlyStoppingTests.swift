import XCTest
import MKCore

/// Early stopping (`valid=`, `patience=`) for als, sgd and logmf, through the one
/// `EarlyStopping` fm uses: on planted data that a tiny λ overfits, the validation curve turns
/// up; the fit must stop `patience` iterations after its minimum, return the model of that
/// iteration (the very model a fit of that many iterations gives, bit for bit) and say so in
/// its history.
final class EarlyStoppingTests: XCTestCase {
  private func check(_ kind: String, train: Ratings, valid: Ratings, _ given: [String: OptionValue], metric: String,
                     iters: Int = 300, file: StaticString = #filePath, line: UInt = #line) throws {
    let patience = 3
    var o = given
    o["iters"] = .int(iters)
    o["patience"] = .int(patience)
    let m = try ModelRegistry.fit(kind, FitInput(data: train, options: try options(kind, o), valid: valid))
    let h = m.info.history, col = try XCTUnwrap(h.columns.firstIndex(of: "valid_\(metric)"), file: file, line: line)
    let curve = h.rows.map { $0[col] }
    XCTAssertLessThan(curve.count, iters, "\(kind) overfits with a tiny λ, so it must stop early: \(curve)", file: file, line: line)
    let best = curve.min()!, bestIteration = curve.firstIndex(of: best)! + 1
    XCTAssertEqual(curve.count - bestIteration, patience, "\(kind) stops \(patience) iterations after its best", file: file, line: line)
    XCTAssertGreaterThan(bestIteration, 1, "\(kind): the curve first improves", file: file, line: line)
    XCTAssertEqual(h.kept, bestIteration, file: file, line: line)
    XCTAssertEqual(h.keptNote?.hasPrefix("early stopping kept iteration \(bestIteration) of \(curve.count)"), true,
                   file: file, line: line)
    let p = m.predict(valid)
    let measured = metric == "nll" ? Metrics.nll(p, valid.values) : Metrics.rmse(p, valid.values)
    XCTAssertEqual(measured, best, accuracy: 1e-9, "\(kind) returns the best iteration's model", file: file, line: line)
    o["iters"] = .int(bestIteration)
    o["patience"] = nil
    let plain = try ModelRegistry.fit(kind, FitInput(data: train, options: try options(kind, o)))
    XCTAssertEqual(p.map(\.bitPattern), plain.predict(valid).map(\.bitPattern),
                   "\(kind): the kept model is that of a fit of \(bestIteration) iterations", file: file, line: line)
    XCTAssertNil(plain.info.history.kept, "no valid=: nothing kept", file: file, line: line)
  }

  func testALSStopsAndKeepsTheBestSweep() throws {
    let (train, test) = plantedRatings(users: 60, items: 50, perUser: 30, rank: 2, noise: 0.6, seed: 5)
    try check("als", train: train, valid: test, ["rank": .int(5), "lambda": .double(0.005), "prior": .double(0),
                                                   "seed": .int(1)], metric: "rmse", iters: 40)
  }

  func testSGDStopsAndKeepsTheBestEpoch() throws {
    let (train, test) = plantedRatings(users: 60, items: 50, perUser: 12, rank: 2, noise: 0.6, seed: 5)
    try check("sgd", train: train, valid: test, ["rank": .int(20), "lambda": .double(0), "lr": .double(0.02),
                                                   "seed": .int(2)], metric: "rmse")
  }

  func testLogMFStopsAndKeepsTheBestEpoch() throws {
    let data = PlantedIRT(users: 80, items: 40, perUser: 15, seed: 7).data
    let (train, test) = try data.split(fraction: 0.8, seed: 7)
    try check("logmf", train: train, valid: test, ["rank": .int(16), "lambda": .double(0), "lr": .double(0.05),
                                                     "seed": .int(3)], metric: "nll")
  }

  func testTheDeclarationIsSharedWithFM() throws {
    for kind in ["als", "sgd", "logmf", "fm", "deepfm"] {
      let specs = try XCTUnwrap(ModelRegistry.kind(named: kind)).options
      let patience = try XCTUnwrap(specs.first { $0.name == "patience" }, kind)
      let valid = try XCTUnwrap(specs.first { $0.name == "valid" }, kind)
      XCTAssertEqual(patience.help, "with valid=: iterations without improvement before stopping", kind)
      XCTAssertEqual(valid.help, "data for the validation curve and early stopping (best iteration kept)", kind)
    }
  }
}
