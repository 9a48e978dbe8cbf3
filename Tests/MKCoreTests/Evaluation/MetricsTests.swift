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
}
