import XCTest
import MKCore

/// Pinned accuracy of `bayesfm` on MovieLens 100k u1.base → u1.test, rank 10, 200 sweeps,
/// default options. Issue #3's targets: ≤ 0.907 without genres, ≤ 0.900 with them (myFM
/// measured 0.9068 and 0.8999; myFM seeds 0–4 with genres: 0.8998–0.9008, mean 0.9001). One
/// seed passed its bound by 4e-5, so the bounds hold the mean over seeds 0–4 (issue #10).
/// Release speed: about 30 s on two cores for the ten fits.
final class BayesFMAccuracyTests: XCTestCase {
  func testMovieLensU1WithAndWithoutGenresOverFiveSeeds() throws {
    let universe = Universe()
    let train = try Ratings.load(path: try testDataPath("ml-100k/u1.base"), universe: universe)
    let test = try Ratings.load(path: try testDataPath("ml-100k/u1.test"), universe: universe)
    let genres = try Items.load(path: try testDataPath("ml-100k/u.item"), universe: universe)
    var plain: [Double] = [], side: [Double] = []
    for seed in 0..<5 {
      let opts = try options("bayesfm", ["rank": .int(10), "iters": .int(200), "seed": .int(seed)])
      let a = try ModelRegistry.fit("bayesfm", FitInput(data: train, options: opts))
      let b = try ModelRegistry.fit("bayesfm", FitInput(data: train, options: opts, side: genres))
      plain.append(Metrics.rmse(a.predict(test), test.values))
      side.append(Metrics.rmse(b.predict(test), test.values))
      print("u1.test RMSE, seed \(seed): bayesfm \(plain.last!), with genres \(side.last!)")
    }
    let meanPlain = plain.reduce(0, +) / 5, meanSide = side.reduce(0, +) / 5
    print("u1.test RMSE, mean of seeds 0–4: bayesfm \(meanPlain), with genres \(meanSide)")
    XCTAssertLessThanOrEqual(meanPlain, 0.907)
    XCTAssertLessThanOrEqual(meanSide, 0.900)
    XCTAssertLessThan(meanSide, meanPlain - 0.004)   // genres help
  }
}
