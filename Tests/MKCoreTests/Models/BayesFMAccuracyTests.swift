import XCTest
import MKCore

/// Pinned accuracy of `bayesfm` on MovieLens 100k u1.base → u1.test, rank 10, 200 sweeps,
/// default options (seed 0). Issue #3's targets: ≤ 0.907 without genres, ≤ 0.900 with them
/// (myFM measured 0.9068 and 0.8999). Release speed: about 2 s and 4 s on two cores.
final class BayesFMAccuracyTests: XCTestCase {
  func testMovieLensU1WithAndWithoutGenres() throws {
    let universe = Universe()
    let train = try Ratings.load(path: try testDataPath("ml-100k/u1.base"), universe: universe)
    let test = try Ratings.load(path: try testDataPath("ml-100k/u1.test"), universe: universe)
    let genres = try Items.load(path: try testDataPath("ml-100k/u.item"), universe: universe)
    let opts = try options("bayesfm", ["rank": .int(10), "iters": .int(200)])
    let plain = try ModelRegistry.fit("bayesfm", FitInput(data: train, options: opts))
    let side = try ModelRegistry.fit("bayesfm", FitInput(data: train, options: opts, side: genres))
    let rmse = Metrics.rmse(plain.predict(test), test.values), rmseSide = Metrics.rmse(side.predict(test), test.values)
    print("u1.test RMSE: bayesfm \(rmse), with genres \(rmseSide)")
    XCTAssertLessThanOrEqual(rmse, 0.907)       // measured 0.9070 (seeds 0–4: 0.9058–0.9070)
    // Measured 0.8993 at seed 0 (seeds 0–4: 0.8989–0.9001, mean 0.8993; myFM seeds 0–4:
    // 0.8998–0.9008, mean 0.9001).
    XCTAssertLessThanOrEqual(rmseSide, 0.900)
    XCTAssertLessThan(rmseSide, rmse - 0.004)   // genres help
  }
}
