import XCTest
import MKCore

final class ModelRankingsTests: XCTestCase {
  /// A known user's list is scored in one `scoreBatch` call; it must give the same items, in
  /// the same order, with the same score bits as scoring each item with `score(user:item:)`
  /// (the path `recommend` took before), for every kind, binary kinds included.
  func testBatchedRecommendationsMatchScoringItemByItem() throws {
    let (train, _) = plantedRatings(users: 40, items: 60, perUser: 20, rank: 2, noise: 0.3, seed: 5)
    // The kinds of 0/1 outcomes rank the same pairs, thresholded at 3.
    let outcomes = Ratings(universe: train.universe, store: RatingStore(user: train.userIndices, item: train.itemIndices,
                                                                       value: train.values.map { $0 > 3 ? 1 : 0 }),
                           name: "outcomes", scale: .binary)
    for (kind, given) in BehaviourTests.kinds {
      let m = try fitForSuite(kind, BehaviourTests.binaryOnly.contains(kind) ? outcomes : train, given)
      for u in [Int32(0), 7, 39] {
        let seen = ModelRankings.seen(by: u, in: m)
        XCTAssertFalse(seen.isEmpty, kind)
        let batched = ModelRankings.recommend(user: u, model: m, exclude: seen, n: 100)
        let oneByOne = ModelRankings.recommend(scorer: { m.score(user: u, item: $0) }, model: m, exclude: seen, n: 100)
        XCTAssertEqual(batched.count, 60 - seen.count, "\(kind): every unseen item is a candidate")
        XCTAssertEqual(batched.map(\.item), oneByOne.map(\.item), "\(kind) user \(u)")
        if kind == "deep" {
          // The MLP's gemm over a batch and over one row may round differently (OpenBLAS picks
          // its kernel by the row count); deep's output is all MLP, so the last bits can show.
          // The bound is on the terms' scale (ratings, ~1–5), not the output's: a score near 0
          // is a cancellation of larger terms, and OpenBLAS's generic kernels on an Intel Xeon
          // differed by 5e-7 on a score of 0.019 (hundreds of that score's ulps).
          for (x, y) in zip(batched, oneByOne) { XCTAssertEqual(x.score, y.score, accuracy: 1e-5, "\(kind) user \(u)") }
        } else {
          XCTAssertEqual(batched.map(\.score.bitPattern), oneByOne.map(\.score.bitPattern), "\(kind) user \(u)")
        }
        XCTAssertTrue(batched.allSatisfy { !seen.contains($0.item) }, kind)
      }
    }
  }

  func testTiesBreakByItemIndexAndScoresAreClipped() throws {
    // A mean model scores every item alike: the list is in item order.
    let train = makeRatings([("a", "x", 5), ("a", "y", 1), ("b", "z", 4), ("b", "w", 2), ("c", "v", 3)])
    let m = try ModelRegistry.fit("mean", FitInput(data: train, options: try options("mean")))
    let picks = ModelRankings.recommend(user: 0, model: m, exclude: ModelRankings.seen(by: 0, in: m), n: 2)
    XCTAssertEqual(picks.map(\.item), [2, 3])
    XCTAssertEqual(picks.map(\.score), [3, 3])
  }
}
