import XCTest
import Foundation
import MKCore

/// Pinned accuracy on real 0/1 outcomes (issue #9): Tatsuoka's fraction subtraction (536
/// students × 20 items, `../shared/data/fraction-subtraction/needed.csv`), a random 80/20
/// split of its rows with a fixed seed, each kind at its default options. The bounds are the
/// issue's: test AUC ≥ 0.85 for irt, the 2PL, logmf, deepfm and bayesfm, ≥ 0.80 for deep.
/// Under CI a missing data file is a failure (`testDataPath`). Measured (release, 2 cores):
/// irt 0.8960, 2PL 0.8982, logmf 0.9009, deepfm 0.8962, bayesfm 0.9113, deep 0.8954; lr 0.8960
/// and elo 0.8765 reported, not bounded. No default was tuned for this data.
final class BinaryAccuracyTests: XCTestCase {
  private func fractionSubtraction() throws -> (train: Ratings, test: Ratings) {
    let data = try Ratings.load(path: try testDataPath("fraction-subtraction/needed.csv"), universe: Universe())
    XCTAssertTrue(data.isBinary)
    return try data.split(fraction: 0.8, seed: 1)
  }

  func testFractionSubtractionAUC() throws {
    let (train, test) = try fractionSubtraction()
    let runs: [(name: String, kind: String, options: [String: OptionValue], bound: Double?)] = [
      ("irt", "irt", [:], 0.85),
      ("irt params=2", "irt", ["params": .int(2)], 0.85),
      ("logmf", "logmf", [:], 0.85),
      ("deepfm", "deepfm", [:], 0.85),
      ("bayesfm", "bayesfm", [:], 0.85),
      ("deep", "deep", [:], 0.80),
      ("lr", "lr", [:], nil),
      ("elo", "elo", [:], nil),
    ]
    var measured: [String] = []
    for run in runs {
      let m = try fitKind(run.kind, train, run.options)
      let auc = testAUC(m, test)
      measured.append("\(run.name) \(String(format: "%.4f", auc)) (\(String(format: "%.2f", m.info.seconds)) s)")
      if let bound = run.bound { XCTAssertGreaterThanOrEqual(auc, bound, run.name) }
    }
    print("fraction subtraction 80/20 seed 1, test AUC: " + measured.joined(separator: ", "))
  }
}
