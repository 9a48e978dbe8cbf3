import XCTest
import Foundation
@testable import MKCore

/// The Gibbs sampler of `bayesfm` against closed forms and planted truth, and the fitted
/// model's contract (saved samples, seeds, fold-in).
final class BayesFMTests: XCTestCase {
  /// Ratings of 8 users on 5 items whose tags overlap rows (a group drawn in order), and the
  /// design of them.
  private func taggedData(seed: UInt64) -> (Ratings, Items, DesignMatrix) {
    let u = Universe()
    var rng = RandomStream(seed: seed)
    var triples: [(String, String, Float)] = []
    for a in 0..<8 {
      for b in 0..<5 where (a + b) % 4 != 0 {
        triples.append(("u\(a)", "i\(b)", Float(3 + 0.3 * Double(a % 3) - 0.4 * Double(b % 2) + 0.7 * rng.normal())))
      }
    }
    let data = makeRatings(triples, universe: u)
    let idx = (0..<5).map { u.items.intern("i\($0)") }
    let side = Items(universe: u, item: idx, title: idx.map { "T\($0)" }, tagNames: ["t0", "t1", "t2"],
                     tags: SparseRows(rowCount: 5, rows: [0, 0, 1, 2, 2, 3, 4], columns: [0, 1, 1, 0, 2, 2, 1],
                                      values: [1, 1, 1, 1, 1, 1, 1]), name: "items")
    let layout = FeatureLayout.make(userCount: u.users.count, itemCount: u.items.count, side: side)
    return (data, side, DesignMatrix(training: data, layout: layout))
  }

  /// Left at its default, `keep` is capped by what the samples take (64 MiB); a `keep` given
  /// is what is kept; a fit keeps what `keptSamples` says.
  func testDefaultKeepIsCappedByMemoryAndAGivenKeepIsNot() throws {
    let byDefault = try BayesFMModel.Options.parse([:], kind: "bayesfm")
    let given = try BayesFMModel.Options.parse(["keep": .int(200)], kind: "bayesfm")
    // ml-100k's design (943 users + 1682 items): all iters − burnin = 190 samples either way.
    XCTAssertEqual(BayesFMModel.keptSamples(byDefault, columns: 2_625), 190)
    XCTAssertEqual(BayesFMModel.keptSamples(given, columns: 2_625), 190)
    // 120k columns at rank 10: 5.28 MB a sample, 12 fit in 64 MiB; given, all 190.
    XCTAssertEqual(BayesFMModel.keptSamples(byDefault, columns: 120_000), 12)
    XCTAssertEqual(BayesFMModel.keptSamples(given, columns: 120_000), 190)
    // Never fewer than one.
    XCTAssertEqual(BayesFMModel.keptSamples(byDefault, columns: 100_000_000), 1)
    let (train, _) = plantedRatings(users: 30, items: 20, perUser: 8, rank: 2, noise: 0.3, seed: 3)
    let m = try XCTUnwrap(try ModelRegistry.fit("bayesfm", FitInput(data: train, options: try options("bayesfm", ["iters": .int(9), "burnin": .int(2)]))) as? BayesFMModel)
    XCTAssertEqual(m.keptCount, 7)
  }

  /// Rank 0 with known hyperparameters and noise precision is Bayesian linear regression:
  /// the posterior of θ = (w₀, w) is N(A⁻¹b, A⁻¹) with A = α XᵀX + Λ, b = α Xᵀy + Λμ. The
  /// chain's mean and variance of every coordinate must match within Monte Carlo error
  /// (estimated by batch means, so it accounts for the chain's autocorrelation).
  func testRankZeroMatchesTheClosedFormPosterior() throws {
    try rankZeroMatchesTheClosedFormPosterior(blocks: true)
    try rankZeroMatchesTheClosedFormPosterior(blocks: false)
  }

  private func rankZeroMatchesTheClosedFormPosterior(blocks: Bool) throws {
    let (_, _, design) = taggedData(seed: 1)
    let groups = design.layout.groups
    XCTAssertEqual(groups.map(\.name), ["user", "item", "tags"])
    var config = BayesFMSampler.Configuration(rank: 0, seed: 5)
    config.fixedNoisePrecision = 2
    config.priors.biasMean = 3
    config.priors.biasPrecision = 0.5
    let hyper = [(0.3, 2.0), (-0.2, 1.0), (0.1, 4.0)].map { GroupHyper(rank: 0, mu: $0.0, lambda: $0.1) }
    config.fixedHyper = hyper
    config.blockDraws = blocks
    let sampler = BayesFMSampler(design: design, configuration: config)
    XCTAssertEqual(sampler.drawsBlocks, blocks)
    // Tags 0–1 and 0–2 share items: tag 0 is one color, tags 1 and 2 (never together) another.
    XCTAssertEqual(sampler.colorCounts, [1, 1, 2])

    // Closed form over θ = (w₀, w₀…w_{p−1}).
    let p = design.layout.columnCount, n = p + 1
    var a = [Double](repeating: 0, count: n * n), b = [Double](repeating: 0, count: n)
    for r in 0..<design.count {
      var x = [Double](repeating: 0, count: n)
      x[0] = 1
      for t in design.rows.range(r) { x[1 + Int(design.rows.columns[t])] = Double(design.rows.values[t]) }
      for i in 0..<n {
        b[i] += 2 * x[i] * Double(design.target[r])
        for j in 0..<n { a[i * n + j] += 2 * x[i] * x[j] }
      }
    }
    a[0] += 0.5
    b[0] += 0.5 * 3
    for i in 0..<p {
      let h = hyper[design.layout.group(of: i)]
      a[(1 + i) * n + 1 + i] += h.lambdaW
      b[1 + i] += h.lambdaW * h.muW
    }
    let mean = Reference.solve(a, b, n: n)
    let variance = (0..<n).map { i -> Double in
      var e = [Double](repeating: 0, count: n)
      e[i] = 1
      return Reference.solve(a, e, n: n)[i]
    }

    let burn = 200, batches = 40, perBatch = 500
    for _ in 0..<burn { sampler.sweep() }
    var batchMeans = [[Double]](repeating: [Double](repeating: 0, count: n), count: batches)
    var sum = [Double](repeating: 0, count: n), sum2 = [Double](repeating: 0, count: n)
    for bt in 0..<batches {
      for _ in 0..<perBatch {
        sampler.sweep()
        let theta = [sampler.bias] + sampler.weights.map(Double.init)
        for i in 0..<n {
          sum[i] += theta[i]
          sum2[i] += theta[i] * theta[i]
          batchMeans[bt][i] += theta[i] / Double(perBatch)
        }
      }
    }
    let total = Double(batches * perBatch)
    for i in 0..<n {
      let m = sum[i] / total, v = sum2[i] / total - m * m
      let bm = batchMeans.map { $0[i] }
      let spread = bm.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(batches - 1)
      let se = (spread / Double(batches)).squareRoot()
      XCTAssertLessThan(se, 0.1 * variance[i].squareRoot(), "chain too short to test coordinate \(i)")
      XCTAssertEqual(m, mean[i], accuracy: 4 * se, "posterior mean of coordinate \(i)")
      XCTAssertEqual(v / variance[i], 1, accuracy: 0.1, "posterior variance of coordinate \(i)")
    }
    XCTAssertLessThan(sampler.residualDrift(), 1e-4)
  }

  /// A column without training data (a cold item, a tag only cold items carry) is held at
  /// its group's prior means, so it predicts at the group's mean rather than at 0.
  func testColumnsWithoutDataSitAtTheirGroupsMeans() throws {
    let u = Universe()
    var triples: [(String, String, Float)] = []
    for a in 0..<10 { for b in 0..<6 where (a + b) % 3 != 0 { triples.append(("u\(a)", "i\(b)", Float(4 + (b < 3 ? 0.8 : -0.2) + 0.1 * Double(a % 2)))) } }
    let data = makeRatings(triples, universe: u)
    let cold = u.items.intern("cold")
    let layout = FeatureLayout.make(userCount: u.users.count, itemCount: u.items.count, side: nil)
    let itemGroup = try XCTUnwrap(layout.identityGroup(.item))
    let column = layout.groups[itemGroup].columns.lowerBound + Int(cold)
    let sampler = BayesFMSampler(design: DesignMatrix(training: data, layout: layout), configuration: .init(rank: 2, seed: 1))
    for _ in 0..<20 {
      sampler.sweep()
      let h = sampler.hyper[itemGroup], p = sampler.parameters
      XCTAssertEqual(sampler.weights[column], Float(h.muW))
      for f in 0..<2 { XCTAssertEqual(p.factors[column, f], Float(h.muV[f])) }
    }
    XCTAssertNotEqual(sampler.weights[column], 0)
    // The fitted model reads the cold item's column: its prediction moves with μ_w.
    let m = try ModelRegistry.fit("bayesfm", FitInput(data: data, options: try options("bayesfm", ["rank": .int(2), "iters": .int(30)])))
    let warmMean = m.predict(makeRatings(triples, universe: u)).reduce(0, +) / Float(triples.count)
    let coldPrediction = m.predict(user: "u1", item: "cold").value
    XCTAssertTrue(coldPrediction.isFinite)
    XCTAssertEqual(coldPrediction, warmMean, accuracy: 0.6)
  }

  /// The running residuals and q caches stay equal to freshly computed ones at full rank. The
  /// sampler refreshes them at the start of every sweep (libFM's scheme), so this bounds the
  /// drift of one sweep's in-place Float32 updates after 200 sweeps.
  func testIncrementalCachesMatchARecomputation() {
    let (_, _, design) = taggedData(seed: 2)
    for blocks in [true, false] {
      var config = BayesFMSampler.Configuration(rank: 4, seed: 3)
      config.blockDraws = blocks
      let sampler = BayesFMSampler(design: design, configuration: config)
      for _ in 0..<200 { sampler.sweep() }
      XCTAssertLessThan(sampler.residualDrift(), 1e-4, "blocks \(blocks)")
    }
  }

  /// Both ways of drawing the factors sample the same posterior: on planted rank-2 data the
  /// posterior-mean predictions of a long chain agree closely between block draws and draws
  /// one coordinate at a time, and both beat the global mean by far.
  func testBlockAndCoordinateDrawsAgree() throws {
    let (train, test) = plantedRatings(users: 60, items: 40, perUser: 20, rank: 2, noise: 0.2, seed: 8)
    let layout = FeatureLayout.make(userCount: train.universe.users.count, itemCount: train.universe.items.count, side: nil)
    let design = DesignMatrix(training: train, layout: layout)
    let testDesign = DesignMatrix(training: test, layout: layout)
    var means: [[Double]] = []
    for blocks in [true, false] {
      var config = BayesFMSampler.Configuration(rank: 2, seed: 5)
      config.blockDraws = blocks
      let sampler = BayesFMSampler(design: design, configuration: config)
      for _ in 0..<200 { sampler.sweep() }
      var sums = [Double](repeating: 0, count: testDesign.count)
      let kept = 800
      for _ in 0..<kept {
        sampler.sweep()
        sums.withUnsafeMutableBufferPointer { sampler.accumulate(testDesign, into: $0.baseAddress!, binary: false) }
      }
      means.append(sums.map { $0 / Double(kept) })
    }
    let y = testDesign.target.map(Double.init)
    let mean = y.reduce(0, +) / Double(y.count)
    func rmse(_ p: [Double]) -> Double { (zip(p, y).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(y.count)).squareRoot() }
    let spread = rmse(y.map { _ in mean })
    XCTAssertLessThan(rmse(means[0]), 0.6 * spread)
    XCTAssertLessThan(rmse(means[1]), 0.6 * spread)
    let gap = (zip(means[0], means[1]).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) / Double(y.count)).squareRoot()
    XCTAssertLessThan(gap, 0.05 * spread, "block and coordinate chains' posterior means")
  }

  /// On planted rank-3 data with noise 0.3, the sampled noise level α^{-1/2} (history column
  /// `noise`, averaged after burn-in) recovers 0.3, and the model beats the global mean by far.
  func testRecoversThePlantedNoiseLevel() throws {
    let (train, test) = plantedRatings(users: 200, items: 120, perUser: 40, rank: 3, noise: 0.3, seed: 11)
    let m = try ModelRegistry.fit("bayesfm", FitInput(data: train, options: try options("bayesfm", [
      "rank": .int(3), "iters": .int(120), "burnin": .int(40)])))
    let h = m.info.history, c = h.columns.firstIndex(of: "noise")!
    let noise = h.rows.dropFirst(40).map { $0[c] }.reduce(0, +) / Double(h.rows.count - 40)
    let rmse = Metrics.rmse(m.predict(test), test.values)
    print("planted noise 0.3: sampled \(noise), test RMSE \(rmse)")
    XCTAssertEqual(noise, 0.3, accuracy: 0.03)
    XCTAssertLessThan(rmse, 0.45)
  }

  func testSaveThenOpenGivesBitIdenticalPredictionsWithTagsAndThinning() throws {
    let (data, side, _) = taggedData(seed: 3)
    let m = try ModelRegistry.fit("bayesfm", FitInput(data: data, options: try options("bayesfm", [
      "rank": .int(3), "iters": .int(30), "burnin": .int(5), "keep": .int(7)]), valid: data, side: side))
    let model = try XCTUnwrap(m as? BayesFMModel)
    XCTAssertEqual(model.keptCount, 7)
    XCTAssertEqual(m.info.history.columns, ["iter", "train_rmse", "valid_rmse", "noise"])
    // The validation curve is the same running average as the training curve on the same data.
    for row in m.info.history.rows { XCTAssertEqual(row[1], row[2], accuracy: 1e-5) }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("bayesfm-\(getpid()).mkm").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try ModelFile.save(m, to: path)
    let back = try ModelFile.open(path)
    XCTAssertEqual(back.predict(data).map(\.bitPattern), m.predict(data).map(\.bitPattern))
    // A cold item (no ratings) with a tag is placed by its tag; without one it falls back.
    let u = data.universe
    let cold = u.items.intern("cold")
    XCTAssertEqual(back.score(user: 0, item: cold).bitPattern, m.score(user: 0, item: cold).bitPattern)
    XCTAssertEqual(m.score(user: -1, item: -1), m.info.globalMean)
  }

  /// With keep ≥ iters − burnin, predictions on the training data equal the running average
  /// the history reports.
  func testKeptSamplesReproduceTheRunningAverage() throws {
    let (data, _, _) = taggedData(seed: 4)
    let m = try ModelRegistry.fit("bayesfm", FitInput(data: data, options: try options("bayesfm", [
      "rank": .int(2), "iters": .int(25), "burnin": .int(5), "keep": .int(100)])))
    XCTAssertEqual((m as? BayesFMModel)?.keptCount, 20)
    XCTAssertEqual(Metrics.rmse(m.predict(data), data.values), m.info.history.last("train_rmse")!, accuracy: 1e-5)
  }

  func testSameSeedSameNumbers() throws {
    let (train, test) = plantedRatings(users: 60, items: 40, perUser: 15, rank: 2, noise: 0.3, seed: 4)
    func run(_ seed: Int) throws -> [UInt32] {
      try ModelRegistry.fit("bayesfm", FitInput(data: train, options: try options("bayesfm", [
        "rank": .int(3), "iters": .int(20), "seed": .int(seed)]))).predict(test).map(\.bitPattern)
    }
    XCTAssertEqual(try run(7), try run(7))
    XCTAssertNotEqual(try run(7), try run(8))
  }

  /// Probit on generated 0/1 outcomes (logistic truth, 64 outcomes per user): the factors
  /// find the planted interactions (far above rank 0, which has only the biases) and the
  /// held-out ranking comes close to the planted probabilities' own.
  func testProbitOnBinaryData() throws {
    let (data, truth) = try Ratings.generateWithTruth(users: 200, items: 100, ratings: 16000, rank: 3, binary: true, seed: 2)
    let (train, test) = try data.split(fraction: 0.8, seed: 0)
    func fit(rank: Int) throws -> [Float] {
      let m = try ModelRegistry.fit("bayesfm", FitInput(data: train, options: try options("bayesfm", [
        "rank": .int(rank), "iters": .int(80)])))
      XCTAssertEqual(m.info.history.columns, ["iter", "train_nll"])
      return m.predict(test)
    }
    let p = try fit(rank: 3), linear = try fit(rank: 0)
    XCTAssertTrue(p.allSatisfy { (0...1).contains($0) })
    let oracle = (0..<test.count).map { Float(truth.score(user: Int(test.user($0)), item: Int(test.item($0)))) }
    let auc = Metrics.auc(p, test.values), best = Metrics.auc(oracle, test.values), nll = Metrics.nll(p, test.values)
    let aucLinear = Metrics.auc(linear, test.values)
    print("probit on generated binary data: AUC \(auc) (rank 0: \(aucLinear), planted: \(best)), NLL \(nll)")
    XCTAssertGreaterThan(auc, aucLinear + 0.05)   // measured 0.683 vs 0.595
    XCTAssertGreaterThan(auc, best - 0.07)        // planted 0.734
    XCTAssertLessThan(nll, log(2.0) - 0.03)
  }

  /// Folding in a training user's own ratings gives nearly the fitted user's predictions.
  func testFoldInAgreesWithTheFittedUser() throws {
    let (train, _) = plantedRatings(users: 100, items: 60, perUser: 30, rank: 2, noise: 0.2, seed: 6)
    let m = try ModelRegistry.fit("bayesfm", FitInput(data: train, options: try options("bayesfm", [
      "rank": .int(2), "iters": .int(60)])))
    let user: Int32 = 3
    let rows = train.byUser
    let profile = rows.range(Int(user)).map { (item: rows.columns[$0], value: rows.values[$0]) }
    let folded = try m.foldIn(profile)
    var diff = 0.0
    for i in 0..<Int32(60) { diff = max(diff, Double(abs(folded(i) - m.score(user: user, item: i)))) }
    XCTAssertLessThan(diff, 0.3)
    XCTAssertThrowsError(try m.foldIn([(item: -1, value: 3)]))
  }

  func testBurninMustLeaveSamples() throws {
    let (data, _, _) = taggedData(seed: 5)
    XCTAssertThrowsError(try ModelRegistry.fit("bayesfm", FitInput(data: data, options: try options("bayesfm", [
      "iters": .int(10), "burnin": .int(10)])))) { e in
      XCTAssertEqual((e as? MKError)?.message, "burnin=10 leaves no samples: it must be below iters=10")
    }
  }

  /// The draws beyond the normal, against their moments.
  func testGammaAndTruncatedNormalMoments() {
    var rng = RandomStream(seed: 9)
    let n = 200_000
    for (shape, rate) in [(0.5, 2.0), (3.0, 1.5), (500.0, 40.0)] {
      var s = 0.0, s2 = 0.0
      for _ in 0..<n { let x = rng.gamma(shape: shape, rate: rate); s += x; s2 += x * x }
      let m = s / Double(n), v = s2 / Double(n) - m * m
      XCTAssertEqual(m, shape / rate, accuracy: 0.01 * shape / rate)
      XCTAssertEqual(v, shape / (rate * rate), accuracy: 0.03 * shape / (rate * rate))
    }
    for a in [-1.0, 0.3, 2.0, 5.0] {
      var s = 0.0
      for _ in 0..<n {
        let z = rng.normalAbove(a)
        XCTAssertGreaterThan(z, a)
        s += z
      }
      // E[z | z > a] = φ(a) / (1 − Φ(a)).
      let phi = exp(-a * a / 2) / (2 * Double.pi).squareRoot()
      XCTAssertEqual(s / Double(n), phi / (1 - normalCDF(a)), accuracy: 0.01)
    }
  }
}
