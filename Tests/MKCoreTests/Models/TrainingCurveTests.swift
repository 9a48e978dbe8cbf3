import XCTest
import MKCore

/// The training curve every iterative kind reports through.
final class TrainingCurveTests: XCTestCase {
  func testColumnsRowsProgressAndDivergence() throws {
    var reported: [(Int, Int, [(String, Double)])] = []
    let progress = Progress(label: "fit x") { _, done, total, metrics in reported.append((done, total, metrics)) }
    var curve = TrainingCurve(kind: "x", iterations: 3, progress: progress, train: ["train_rmse"], valid: ["valid_rmse"],
                              extra: ["noise"], hint: "lower lr")
    XCTAssertEqual(curve.history.columns, ["iter", "train_rmse", "valid_rmse", "noise"])
    try curve.begin()
    try curve.record(1, [1.5, 1.6, 0.3])
    XCTAssertEqual(curve.history.rows, [[1, 1.5, 1.6, 0.3]])
    XCTAssertEqual(reported.count, 1)
    XCTAssertEqual(reported[0].0, 1)
    XCTAssertEqual(reported[0].1, 3)
    XCTAssertEqual(reported[0].2.map(\.0), ["train_rmse", "valid_rmse", "noise"])
    XCTAssertThrowsError(try curve.record(2, [.nan, 1.0, 0.3])) { e in
      XCTAssertEqual((e as? MKError)?.message, "x diverged at iteration 2: its train_rmse is not finite")
      XCTAssertEqual((e as? MKError)?.hint, "lower lr")
    }
    // A non-finite value elsewhere is recorded, not an error (e.g. a validation metric).
    try curve.record(3, [1.0, .infinity, 0.3])
    XCTAssertEqual(curve.history.rows.count, 3)
  }

  /// An SGD whose steps blow up stops at the first epoch whose training error is not finite.
  func testSGDDivergenceStopsAtTheEpoch() throws {
    let (train, _) = plantedRatings(users: 30, items: 20, perUser: 8, rank: 2, noise: 0.3, seed: 1)
    XCTAssertThrowsError(try ModelRegistry.fit("sgd", FitInput(data: train, options: try options("sgd", [
      "lr": .double(1), "init": .double(10), "iters": .int(50)])))) { e in
      let message = (e as? MKError)?.message ?? ""
      XCTAssertTrue(message.hasPrefix("sgd diverged at iteration "), message)
      XCTAssertEqual((e as? MKError)?.hint, "lower lr or raise lambda")
    }
  }
}

/// Ctrl-C during a fit at the REPL (`keepsInterruptedFits`): the fit returns the model of its
/// last finished iteration, marked interrupted; `mk run` (the default) fails with "interrupted".
final class InterruptedFitTests: XCTestCase {
  override func tearDown() { MKCore.Progress.clearInterrupt() }

  /// A progress that asks to stop once iteration `at` is recorded.
  private func stopping(at: Int, keeping: Bool) -> MKCore.Progress {
    MKCore.Progress(label: "fit", reporter: { _, done, _, _ in if done == at { MKCore.Progress.interrupt() } },
             keepsInterruptedFits: keeping)
  }

  /// The kept model is the very model a fit of that many iterations gives (bit for bit).
  func testTheKeptModelIsTheModelOfTheLastFinishedIteration() throws {
    let (train, test) = plantedRatings(users: 40, items: 30, perUser: 10, rank: 2, noise: 0.3, seed: 3)
    for kind in ["als", "sgd", "fm"] {
      MKCore.Progress.clearInterrupt()
      let kept = try ModelRegistry.fit(kind, FitInput(data: train, options: try options(kind, ["iters": .int(20), "seed": .int(4)]),
                                                      progress: stopping(at: 3, keeping: true)))
      MKCore.Progress.clearInterrupt()
      XCTAssertTrue(kept.info.history.interrupted, kind)
      XCTAssertEqual(kept.info.history.planned, 20, kind)
      XCTAssertEqual(kept.info.history.rows.count, 3, kind)
      let three = try ModelRegistry.fit(kind, FitInput(data: train, options: try options(kind, ["iters": .int(3), "seed": .int(4)])))
      XCTAssertFalse(three.info.history.interrupted)
      XCTAssertEqual(kept.predict(test).map(\.bitPattern), three.predict(test).map(\.bitPattern), kind)
      XCTAssertEqual(kept.info.history.rows, three.info.history.rows, kind)
    }
  }

  func testWithoutKeepingOrBeforeTheFirstIterationItFails() throws {
    let (train, _) = plantedRatings(users: 30, items: 20, perUser: 8, rank: 2, noise: 0.3, seed: 1)
    XCTAssertThrowsError(try ModelRegistry.fit("als", FitInput(data: train, options: try options("als", ["iters": .int(10)]),
                                                               progress: stopping(at: 2, keeping: false)))) { e in
      XCTAssertEqual((e as? MKError)?.message, "interrupted")
    }
    MKCore.Progress.interrupt()  // before anything finished: nothing to keep
    XCTAssertThrowsError(try ModelRegistry.fit("als", FitInput(data: train, options: try options("als", ["iters": .int(10)]),
                                                               progress: MKCore.Progress(keepsInterruptedFits: true)))) { e in
      XCTAssertEqual((e as? MKError)?.message, "interrupted")
    }
  }
}
