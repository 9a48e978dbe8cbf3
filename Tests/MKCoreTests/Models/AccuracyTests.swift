import XCTest
import Foundation
import MKCore

/// Pinned accuracy (STYLE §3.14): each kind's default options on real and planted data, with
/// the bound next to the number. The real-data bounds come from issue #2: ALS ≤ 0.925 and the
/// baseline ≤ 0.96 on MovieLens 100k u1.base → u1.test. Defaults were chosen on a 90/10
/// holdout of u1.base alone (bench/tune-defaults.mk), never on u1.test.
final class AccuracyTests: XCTestCase {
  private func u1() throws -> (train: Ratings, test: Ratings) {
    let universe = Universe()
    let train = try Ratings.load(path: try testDataPath("ml-100k/u1.base"), universe: universe)
    let test = try Ratings.load(path: try testDataPath("ml-100k/u1.test"), universe: universe)
    return (train, test)
  }

  private func rmse(_ kind: String, _ data: (train: Ratings, test: Ratings),
                    _ given: [String: OptionValue] = [:]) throws -> Double {
    let m = try ModelRegistry.fit(kind, FitInput(data: data.train, options: try options(kind, given)))
    return Metrics.rmse(m.predict(data.test), data.test.values)
  }

  func testMovieLensU1WithDefaultOptions() throws {
    let data = try u1()
    let als = try rmse("als", data), baseline = try rmse("baseline", data), mean = try rmse("mean", data)
    print("u1.test RMSE: als \(als), baseline \(baseline), mean \(mean)")
    XCTAssertLessThanOrEqual(als, 0.925)       // measured 0.9210
    XCTAssertLessThanOrEqual(baseline, 0.96)   // measured 0.9536
    XCTAssertLessThan(baseline, mean)
  }

  func testMovieLensU1SGDBeatsTheBaseline() throws {
    let data = try u1()
    let sgd = try rmse("sgd", data)
    print("u1.test RMSE: sgd \(sgd)")
    XCTAssertLessThanOrEqual(sgd, 0.935)       // measured 0.9281
  }

  /// On generated rank-5 data with noise 0.5, ALS must reach a test RMSE within 5% of the
  /// noise: it has recovered nearly all the planted structure. (Measured 0.5167; the planted
  /// model itself scores 0.5010 on the same test ratings.)
  func testALSRecoversPlantedRankFiveStructure() throws {
    let (data, truth) = try Ratings.generateWithTruth(users: 1500, items: 600, ratings: 300_000, rank: 5,
                                                      noise: 0.5, seed: 3)
    let (train, test) = try data.split(fraction: 0.8, seed: 3)
    let m = try ModelRegistry.fit("als", FitInput(data: train, options: try options("als", [
      "rank": .int(5), "lambda": .double(0.01), "prior": .double(20), "iters": .int(20)])))
    let predicted = test.count
    var s = 0.0
    let p = m.predict(test)
    for k in 0..<predicted { let e = Double(p[k]) - Double(test.value(k)); s += e * e }
    let rmse = (s / Double(predicted)).squareRoot()
    var o = 0.0
    for k in 0..<test.count { let e = truth.score(user: Int(test.user(k)), item: Int(test.item(k))) - Double(test.value(k)); o += e * e }
    print("planted noise \(truth.noise), oracle \((o / Double(test.count)).squareRoot()), ALS test RMSE \(rmse)")
    XCTAssertLessThanOrEqual(rmse, 1.05 * truth.noise)
  }

  func testSameSeedGivesIdenticalNumbersOnRealData() throws {
    let data = try u1()
    let a = try ModelRegistry.fit("als", FitInput(data: data.train, options: try options("als", ["seed": .int(9), "iters": .int(3)])))
    let b = try ModelRegistry.fit("als", FitInput(data: data.train, options: try options("als", ["seed": .int(9), "iters": .int(3)])))
    XCTAssertEqual(a.predict(data.test).map(\.bitPattern), b.predict(data.test).map(\.bitPattern))
  }
}

/// Issue #3's bounds for the factorization machines on MovieLens 100k u1.base → u1.test, rank
/// 10, default options (chosen on a 90/10 holdout of u1.base, bench/tune-fm.mk): fm ≤ 0.930 and
/// deepfm ≤ 0.930.
final class FMAccuracyTests: XCTestCase {
  func testMovieLensU1FMAndDeepFM() throws {
    let universe = Universe()
    let train = try Ratings.load(path: try testDataPath("ml-100k/u1.base"), universe: universe)
    let test = try Ratings.load(path: try testDataPath("ml-100k/u1.test"), universe: universe)
    func rmse(_ kind: String) throws -> Double {
      let m = try ModelRegistry.fit(kind, FitInput(data: train, options: try options(kind)))
      return Metrics.rmse(m.predict(test), test.values)
    }
    let fm = try rmse("fm"), deepfm = try rmse("deepfm")
    print("u1.test RMSE: fm \(fm), deepfm \(deepfm)")
    XCTAssertLessThanOrEqual(fm, 0.930)      // measured 0.9264
    XCTAssertLessThanOrEqual(deepfm, 0.930)  // measured 0.9238
  }
}
