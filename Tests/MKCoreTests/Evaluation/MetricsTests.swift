import XCTest
import MKCore

final class MetricsTests: XCTestCase {
  func testRmseAndMae() {
    XCTAssertEqual(Metrics.rmse([1, 2, 3], [1, 2, 5]), (4.0 / 3).squareRoot(), accuracy: 1e-12)
    XCTAssertEqual(Metrics.mae([1, 2, 3], [1, 2, 5]), 2.0 / 3, accuracy: 1e-12)
  }

  func testAucCountsOrderedPairsWithTiesAsHalf() {
    // Pairs (pos, neg): (0.9,0.1) ok, (0.9,0.5) ok, (0.5,0.1) ok, (0.5,0.5) tie → (3 + 0.5) / 4.
    XCTAssertEqual(Metrics.auc([0.9, 0.5, 0.5, 0.1], [1, 1, 0, 0]), 3.5 / 4, accuracy: 1e-12)
    XCTAssertEqual(Metrics.auc([0.1, 0.9], [1, 0]), 0, accuracy: 1e-12)
  }

  func testAccuracyAndNll() {
    XCTAssertEqual(Metrics.accuracy([0.8, 0.4, 0.6], [1, 0, 0]), 2.0 / 3, accuracy: 1e-12)
    XCTAssertEqual(Metrics.nll([0.5, 0.5], [1, 0]), log(2.0), accuracy: 1e-9)
  }

  func testNdcgIsOneForPerfectRankingAndLowerOtherwise() {
    let u = Universe()
    let store = RatingStore(user: [u.users.intern("a"), 0, 0], item: [u.items.intern("x"), u.items.intern("y"), u.items.intern("z")],
                            value: [5, 3, 1])
    let data = Ratings(universe: u, store: store, name: "t", scale: .numeric)
    XCTAssertEqual(Metrics.ndcg([3, 2, 1], data, k: 10), 1, accuracy: 1e-12)
    // Reversed: gains 2^4−1, 2^2−1, 0 at ranks 3, 2, 1.
    let dcg = 15 / log2(4.0) + 3 / log2(3.0), idcg = 15 + 3 / log2(3.0)
    XCTAssertEqual(Metrics.ndcg([1, 2, 3], data, k: 10), dcg / idcg, accuracy: 1e-12)
  }

  private func ratings(_ rows: [(String, String, Float)]) -> Ratings {
    let u = Universe()
    let store = RatingStore(user: rows.map { u.users.intern($0.0) }, item: rows.map { u.items.intern($0.1) },
                            value: rows.map(\.2))
    return Ratings(universe: u, store: store, name: "t", scale: .numeric)
  }

  func testNdcgSpreadsATiedGroupsMeanGainOverItsPositions() {
    let data = ratings([("a", "x", 5), ("a", "y", 3), ("a", "z", 1)])
    // x and y tie at the top: each of ranks 1 and 2 gains (15 + 3) / 2.
    let idcg = 15 + 3 / log2(3.0)
    XCTAssertEqual(Metrics.ndcg([2, 2, 1], data, k: 10), (9 + 9 / log2(3.0)) / idcg, accuracy: 1e-12)
    // Cut inside the tie: only rank 1 counts, at the tie's mean gain.
    XCTAssertEqual(Metrics.ndcg([2, 2, 1], data, k: 1), 9.0 / 15, accuracy: 1e-12)
    // All three tied: mean gain 6 everywhere.
    XCTAssertEqual(Metrics.ndcg([0, 0, 0], data, k: 10), (6 + 6 / log2(3.0) + 6 / log2(4.0)) / idcg, accuracy: 1e-12)
  }

  func testNdcgSkipsUsersWithoutGain() {
    // b's ratings are all at the bottom of the scale: nothing to rank, so b is not scored 1.
    let data = ratings([("a", "x", 5), ("a", "y", 3), ("a", "z", 1), ("b", "x", 1), ("b", "y", 1)])
    let dcg = 15 / log2(4.0) + 3 / log2(3.0), idcg = 15 + 3 / log2(3.0)
    XCTAssertEqual(Metrics.ndcg([1, 2, 3, 5, 4], data, k: 10), dcg / idcg, accuracy: 1e-12)
    // Only users without gain: no user to average over.
    XCTAssertTrue(Metrics.ndcg([1, 2], ratings([("b", "x", 1), ("b", "y", 1)]), k: 10).isNaN)
  }

  func testNdcgOfAConstantModelDoesNotDependOnRowOrder() {
    var rng = SystemRandomNumberGenerator()
    var rows: [(String, String, Float)] = []
    for u in 0..<20 { for i in 0..<12 where (u * 7 + i * 3) % 5 != 0 { rows.append(("u\(u)", "i\(i)", Float(1 + (u * i + u) % 5))) } }
    let sorted = rows.sorted { $0.2 > $1.2 }  // best first: a tie-blind sort would score 1
    let reversed = Array(sorted.reversed())   // worst first: would score far lower
    let shuffled = rows.shuffled(using: &rng)
    let scores = [sorted, reversed, shuffled].map { Metrics.ndcg([Float](repeating: 3, count: $0.count), ratings($0), k: 10) }
    XCTAssertLessThan(scores[0], 0.99)
    XCTAssertEqual(scores[1], scores[0], accuracy: 1e-12)
    XCTAssertEqual(scores[2], scores[0], accuracy: 1e-12)
  }
}
