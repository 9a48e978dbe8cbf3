import XCTest
import MKCore

final class BaselineTests: XCTestCase {
  /// λ = 0 on a cold split: the test items have no training rating, so their bias is 0/0
  /// unless guarded; it must be 0 and every prediction finite.
  func testUnshrunkBiasesAreFiniteOnAColdSplit() throws {
    let (all, _) = plantedRatings(users: 60, items: 40, perUser: 15, rank: 2, noise: 0.3, seed: 5)
    let (train, test) = try all.split(fraction: 0.8, by: .random, seed: 1, cold: 0.2)
    let cold = test.itemIndices.filter { train.itemCounts.indices.contains(Int($0)) ? train.itemCounts[Int($0)] == 0 : true }
    XCTAssertFalse(cold.isEmpty, "the split holds out whole items")
    let m = try ModelRegistry.fit("baseline", FitInput(data: train, options: try options("baseline", ["lambda": .double(0), "user_lambda": .double(0)])))
    let rmse = Metrics.rmse(m.predict(test), test.values)
    XCTAssertTrue(rmse.isFinite, "\(rmse)")
    XCTAssertLessThan(rmse, 1.5)
    let b = try XCTUnwrap(m as? BaselineModel)
    for i in cold { XCTAssertEqual(b.itemBias[Int(i)], 0, "cold item \(i)") }
    // λ = 0 on warm items is the plain mean residual: one item, one user.
    let one = makeRatings([("a", "x", 4), ("a", "y", 2)])
    let m1 = try XCTUnwrap(try ModelRegistry.fit("baseline", FitInput(data: one, options: try options("baseline", ["lambda": .double(0), "user_lambda": .double(0), "iters": .int(1)]))) as? BaselineModel)
    XCTAssertEqual(m1.itemBias, [1, -1])
    XCTAssertEqual(m1.userBias, [0])
  }
}
