import Foundation
import XCTest
import MKCore

/// The metric table (`Metric.all`) that the metric verbs, eval and compare read.
final class MetricTableTests: XCTestCase {
  /// 0/1 outcomes with the given values, one user per outcome.
  private func outcomes(_ values: [Float]) -> Ratings {
    makeRatings(values.enumerated().map { ("u\($0.offset)", "i\($0.offset % 3)", $0.element) }, scale: .binary)
  }

  private func metric(_ name: String) throws -> Metric { try XCTUnwrap(Metric.named(name), name) }

  func testEntriesAreUniqueAndTheirDefaultsValid() throws {
    XCTAssertEqual(Metric.names, ["auc", "acc", "nll", "rmse", "mae", "ndcg"])
    XCTAssertEqual(Set(Metric.names).count, Metric.all.count)
    for m in Metric.all {
      for spec in m.options {
        let d = try XCTUnwrap(spec.defaultValue, "\(m.name) \(spec.name)")
        XCTAssertEqual(try spec.validate(d), d, "\(m.name) \(spec.name)")
      }
      XCTAssertFalse(m.summary.isEmpty, m.name)
    }
    XCTAssertEqual(Metric.all.filter { $0.direction == .higherIsBetter }.map(\.name), ["auc", "acc", "ndcg"])
  }

  func testEvalReportsTheMetricsMadeForTheData() {
    XCTAssertEqual(Evaluate.metricNames(for: outcomes([1, 0])), ["auc", "acc", "nll", "rmse", "ndcg"])
    XCTAssertEqual(Evaluate.metricNames(for: makeRatings([("a", "x", 4)])), ["rmse", "mae", "ndcg"])
    XCTAssertEqual(Metric.firstReported(binary: true).name, "auc")
    XCTAssertEqual(Metric.firstReported(binary: false).name, "rmse")
    let ndcg = Metric.named("ndcg")!
    XCTAssertEqual(ndcg.label(ndcg.defaultOptions), "ndcg@10")
    XCTAssertEqual(Metric.named("rmse")!.label(Metric.named("rmse")!.defaultOptions), "rmse")
  }

  func testAucCountsTiesAsHalf() throws {
    // Positives 0.9, 0.5; negatives 0.5, 0.1: pairs won 0.9>0.5, 0.9>0.1, 0.5>0.1, tie 0.5=0.5.
    XCTAssertEqual(try metric("auc").value(predicted: [0.9, 0.5, 0.5, 0.1], test: outcomes([1, 1, 0, 0])), 3.5 / 4)
    XCTAssertEqual(try metric("auc").value(predicted: [0.3, 0.3, 0.3], test: outcomes([1, 0, 1])), 0.5)
    XCTAssertEqual(try metric("auc").value(predicted: [0.2, 0.8], test: outcomes([1, 0])), 0)
    XCTAssertTrue(try metric("auc").value(predicted: [0.2, 0.8], test: outcomes([1, 1])).isNaN, "no negatives")
  }

  func testAucByRankingAgreesWithCountingPairs() throws {
    var rng = RandomStream(seed: 3)
    let n = 400
    // Scores on a coarse grid, so that many pairs tie.
    let predicted = (0..<n).map { _ in Float(Int(rng.uniform() * 20)) / 20 }
    let actual = (0..<n).map { k in rng.uniform() < 0.3 + 0.5 * Double(predicted[k]) ? Float(1) : 0 }
    var won = 0.0, pairs = 0.0
    for a in 0..<n where actual[a] == 1 {
      for b in 0..<n where actual[b] == 0 {
        pairs += 1
        won += predicted[a] > predicted[b] ? 1 : predicted[a] == predicted[b] ? 0.5 : 0
      }
    }
    XCTAssertEqual(try metric("auc").value(predicted: predicted, test: outcomes(actual)), won / pairs, accuracy: 1e-12)
  }

  func testAccuracyCountsHalfAsOne() throws {
    // 0.5 → 1 (right), 0.49 → 0 (right), 0.5 → 1 (wrong), 0.9 → 1 (wrong).
    XCTAssertEqual(try metric("acc").value(predicted: [0.5, 0.49, 0.5, 0.9], test: outcomes([1, 0, 0, 0])), 0.5)
  }

  func testNllClipsCertainMistakes() throws {
    XCTAssertEqual(try metric("nll").value(predicted: [0.8, 0.4], test: outcomes([1, 0])), -(log(0.8) + log(0.6)) / 2,
                   accuracy: 1e-7)
    // A certain, wrong prediction costs −log(1e-7), not infinity; a certain right one ~0.
    let v = try metric("nll").value(predicted: [0, 1], test: outcomes([1, 1]))
    XCTAssertEqual(v, -(log(1e-7) + log(1 - 1e-7)) / 2, accuracy: 1e-12)
  }

  func testRatingMetricsAndNdcgThroughTheTable() throws {
    let data = makeRatings([("a", "x", 5), ("a", "y", 3), ("a", "z", 1)])
    XCTAssertEqual(try metric("rmse").value(predicted: [5, 3, 3], test: data), (4.0 / 3).squareRoot(), accuracy: 1e-12)
    XCTAssertEqual(try metric("mae").value(predicted: [5, 3, 3], test: data), 2.0 / 3, accuracy: 1e-12)
    let ndcg = try metric("ndcg")
    XCTAssertEqual(try ndcg.value(predicted: [3, 2, 1], test: data), 1)
    // k=1 on the reversed ranking: the top item gains 0, the ideal 2^4 − 1.
    let k1 = try MetricOptions(specs: ndcg.options, given: ["k": .int(1)])
    XCTAssertEqual(try ndcg.value(predicted: [1, 2, 3], test: data, options: k1), 0)
  }

  func testOutcomeMetricsRefuseRatings() throws {
    let data = makeRatings([("a", "x", 5), ("b", "x", 1), ("c", "y", 3)], name: "u1.test")
    for name in ["auc", "acc", "nll"] {
      XCTAssertThrowsError(try metric(name).value(predicted: [4, 2, 3], test: data)) { e in
        XCTAssertEqual((e as? MKError)?.message, "\(name) needs 0/1 outcomes; 'u1.test' has ratings 1...5")
        XCTAssertEqual((e as? MKError)?.kind, .value)
      }
    }
    // Distances stay defined on 0/1 outcomes.
    XCTAssertEqual(try metric("mae").value(predicted: [0.5, 0.5], test: outcomes([1, 0])), 0.5)
  }
}
