import Foundation
import MKCore
import XCTest

/// Binary outcome data keeps every attempt, so one (user, item) pair can hold several rows.
/// Every model kind, every split and every metric must work on such data.
final class RepeatedPairsTests: XCTestCase {
  /// A file of planted attempts: p = σ(θ_u − d_i), each user trying 10 items 3 times each.
  static func plantedAttemptsFile(users: Int, items: Int, seed: UInt64) throws -> String {
    var rng = RandomStream(seed: seed)
    let theta = (0..<users).map { _ in rng.normal() }, d = (0..<items).map { _ in rng.normal() }
    var text = "user,item,correct\n"
    for u in 0..<users {
      var chosen = Array(0..<items)
      rng.shuffle(&chosen)
      for _ in 0..<3 {
        for i in chosen.prefix(10) {
          let p = 1 / (1 + exp(-(theta[u] - d[i])))
          text += "u\(u),i\(i),\(rng.uniform() < p ? 1 : 0)\n"
        }
      }
    }
    let path = try temporaryFolder() + "/attempts.csv"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  func testEveryKindFitsSplitsAndEvaluatesRepeatedAttempts() throws {
    let path = try Self.plantedAttemptsFile(users: 150, items: 40, seed: 5)
    let (data, report) = try Ratings.loadWithReport(path: path, universe: Universe())
    XCTAssertEqual(data.count, 150 * 30, "every attempt kept")
    XCTAssertEqual(report.duplicatesDropped, 0)
    XCTAssertEqual(report.duplicates, .all)
    XCTAssertTrue(data.isBinary)
    var auc: [String: Double] = [:]
    for mode in [SplitMode.random, .user, .item] {
      let (train, test) = try data.split(fraction: 0.8, by: mode, seed: 1)
      XCTAssertEqual(train.count + test.count, data.count, "\(mode)")
      for (kind, suiteOptions) in BehaviourTests.kinds {
        // deep with the suite's options (lr 0.02, layers [16, 8]) and the made-up tags stalls
        // at a constant on this data (loss ln 2, whether pairs repeat or not): its defaults here.
        let given = kind == "deep" ? [:] : suiteOptions
        let m = try fitForSuite(kind, train, given)
        let predicted = m.predict(test)
        XCTAssertEqual(predicted.count, test.count)
        XCTAssertTrue(predicted.allSatisfy(\.isFinite), "\(kind) \(mode)")
        for metric in Evaluate.metrics(for: test) {
          let v = try metric.value(of: m, on: test)
          XCTAssertTrue(v.isFinite, "\(kind) \(mode) \(metric.name)")
        }
        if mode == .random { auc[kind] = Metrics.auc(predicted, test.values) }
      }
    }
    print("repeated attempts, random split, AUC: \(auc.sorted { $0.key < $1.key })")
    // Planted abilities and difficulties: a model with user and item biases ranks attempts
    // well above chance; the global mean cannot rank at all.
    XCTAssertEqual(auc["mean"]!, 0.5, accuracy: 1e-9)
    // Measured (debug, this seed): 0.746 (elo) to 0.757 (sgd, logmf); lasso, on made-up tags, 0.695.
    for (kind, _) in BehaviourTests.kinds where kind != "mean" {
      XCTAssertGreaterThan(auc[kind]!, kind == "lasso" ? 0.65 : 0.72, "\(kind): \(auc)")
    }
  }
}
