import XCTest
import Foundation
import MKCore

/// BALSE: the gate's gradient, what it learns, and the paper's table on planted data.
final class BlendTests: XCTestCase {
  func testGateGradientEqualsFiniteDifferences() {
    var rng = RandomStream(seed: 2)
    let n = 200
    let counts = (0..<n).map { _ in Double(rng.below(50)) }
    let r = (0..<n).map { _ in Float(3 + rng.normal()) }
    let a = r.map { $0 + Float(0.3 * rng.normal()) }, b = r.map { $0 + Float(0.8 * rng.normal()) }
    for (beta, gamma) in [(0.1, 10.0), (-0.3, 25.0), (1.0, 3.0), (0.02, -5.0)] {
      let g = Gate.loss(beta: beta, gamma: gamma, counts: counts, a: a, b: b, r: r)
      let h = 1e-6
      let fb = (Gate.loss(beta: beta + h, gamma: gamma, counts: counts, a: a, b: b, r: r).loss
                - Gate.loss(beta: beta - h, gamma: gamma, counts: counts, a: a, b: b, r: r).loss) / (2 * h)
      let fg = (Gate.loss(beta: beta, gamma: gamma + h, counts: counts, a: a, b: b, r: r).loss
                - Gate.loss(beta: beta, gamma: gamma - h, counts: counts, a: a, b: b, r: r).loss) / (2 * h)
      XCTAssertEqual(g.dBeta, fb, accuracy: 1e-6 + 1e-5 * abs(fb))
      XCTAssertEqual(g.dGamma, fg, accuracy: 1e-6 + 1e-5 * abs(fg))
      XCTAssertNotEqual(g.dBeta, 0)
      // The grouped form the fit descends on gives the same numbers.
      let grouped = Gate.Groups(counts: counts, a: a, b: b, r: r).loss(beta: beta, gamma: gamma)
      XCTAssertEqual(grouped.loss, g.loss, accuracy: 1e-9)
      XCTAssertEqual(grouped.dBeta, g.dBeta, accuracy: 1e-9)
      XCTAssertEqual(grouped.dGamma, g.dGamma, accuracy: 1e-9)
    }
  }

  /// A is exact on popular items (counts 40–200) and off on rare ones (1–12); B the reverse.
  /// The learned gate must switch between the two groups: γ between 12 and 40, β > 0.
  func testLearnedGammaFallsBetweenTheGroups() {
    var rng = RandomStream(seed: 4)
    var counts: [Double] = [], a: [Float] = [], b: [Float] = [], r: [Float] = []
    for k in 0..<1000 {
      let popular = k % 2 == 0
      let c = popular ? Double(40 + rng.below(161)) : Double(1 + rng.below(12))
      let y = Float(3 + rng.normal())
      counts.append(c); r.append(y)
      a.append(popular ? y : y + Float(rng.normal()))
      b.append(popular ? y + Float(rng.normal()) : y)
    }
    let (beta, gamma, history) = Gate.fit(counts: counts, a: a, b: b, r: r, iters: 300)
    XCTAssertGreaterThan(beta, 0)
    XCTAssertGreaterThan(gamma, 12)
    XCTAssertLessThan(gamma, 40)
    XCTAssertLessThan(history.last("holdout_rmse")!, 0.1)
  }

  /// The Mangaki paper's shape on generated data whose tags shape the item factors: BALSE below
  /// both ALS and LASSO on all, least-1000 and cold; LASSO below ALS on cold items. (Seeds 1–7
  /// all hold; a debug build runs one, a release build five.)
  func testPaperShapeOnPlantedTags() throws {
    for seed in (_isDebugAssertConfiguration() ? [1] : [1, 2, 3, 4, 5]) as [UInt64] {
      let r = try Ratings.generate(users: 400, items: 800, ratings: 24000, rank: 5, tags: 40, noise: 0.5, seed: seed)
      let (train, test) = try r.split(fraction: 0.8, seed: seed + 10, cold: 0.15)
      let t = try table(train: train, test: test, side: r.items!)
      print("seed \(seed): " + t.map { "\($0.key) \($0.value.map { String(format: "%.3f", $0) })" }.sorted().joined(separator: ", "))
      for c in 0..<3 {
        XCTAssertLessThan(t["balse"]![c], t["als"]![c], "seed \(seed) column \(c)")
        XCTAssertLessThan(t["balse"]![c], t["lasso"]![c], "seed \(seed) column \(c)")
      }
      XCTAssertLessThan(t["lasso"]![2], t["als"]![2], "seed \(seed)")
    }
  }

  /// What the gate adds over mixing: on planted tags, BALSE beats the best constant mix
  /// w·A + (1 − w)·B of its own final parts, w chosen on the same holdout its gate is learned
  /// on (same draw, parts refitted there), and even the w best on the test ratings themselves,
  /// which no flat gate can beat. The gate puts LASSO on cold items and ALS on popular ones.
  func testGateBeatsTheBestConstantMixOfItsParts() throws {
    let r = try Ratings.generate(users: 400, items: 800, ratings: 24000, rank: 5, tags: 40, noise: 0.5, seed: 3)
    let (train, test) = try r.split(fraction: 0.8, seed: 13, cold: 0.15)
    let als = try ModelRegistry.fit("als", FitInput(data: train, options: try options("als", ["rank": .int(5), "iters": .int(6)])))
    let lasso = try ModelRegistry.fit("lasso", FitInput(data: train, options: try options("lasso", ["alpha": .double(0.03)]), side: r.items))
    let o = try blendOptions()
    let blend = try BlendModel.fit(a: als, b: lasso, data: train, options: o)
    // The gate's holdout, drawn as `fit` draws it, with the parts refitted on the rest.
    let (part, held) = try train.split(fraction: 1 - o.holdout, by: .random, seed: UInt64(o.seed), cold: o.cold)
    let a1 = try ModelRegistry.fit("als", FitInput(data: part, options: als.info.options))
    let b1 = try ModelRegistry.fit("lasso", FitInput(data: part, options: lasso.info.options, side: r.items))
    func mixes(_ a: Model, _ b: Model, _ d: Ratings) -> (Double) -> Double {
      let pa = a.predict(d).map { a.clip($0) }, pb = b.predict(d).map { b.clip($0) }
      return { w in Metrics.rmse(zip(pa, pb).map { Float(w) * $0 + Float(1 - w) * $1 }, d.values) }
    }
    let grid = (0...100).map { Double($0) / 100 }
    let onHeld = mixes(a1, b1, held), onTest = mixes(blend.a, blend.b, test)
    let chosen = grid.min { onHeld($0) < onHeld($1) }!
    let oracle = grid.map(onTest).min()!
    let balse = Metrics.rmse(blend.predict(test), test.values)
    print("balse \(balse), constant mix w=\(chosen) \(onTest(chosen)), best constant on test \(oracle), β \(blend.beta), γ \(blend.gamma)")
    XCTAssertLessThan(balse, onTest(chosen) - 0.01)
    XCTAssertLessThan(balse, oracle - 0.005)
    let curve = blend.gateCurve()
    XCTAssertLessThan(curve.first!.weight, 0.55, "cold items get at most an even mix")
    XCTAssertGreaterThan(curve.last!.weight, curve.first!.weight + 0.3, "popular items lean on ALS")
  }

  /// Counts the gate learns on are in the units of the counts it is applied to: an item's
  /// count in the refit part, scaled by all's covered ratings over the part's; 0 when held out whole.
  func testGateCountsAreInTheUnitsOfAllTheData() throws {
    let r = try Ratings.generate(users: 200, items: 100, ratings: 6000, rank: 2, tags: 6, seed: 5)
    let (part, held) = try r.split(fraction: 0.7, by: .random, seed: 0, cold: 0.15)
    let counts = BlendModel.gateCounts(part: part, all: r, at: held)
    let partCounts = part.itemCounts, allCounts = r.itemCounts
    var scaled = 0.0, full = 0.0, cold = 0
    for (k, i) in held.itemIndices.enumerated() {
      let inPart = Int(i) < partCounts.count ? partCounts[Int(i)] : 0
      if inPart == 0 { XCTAssertEqual(counts[k], 0); cold += 1; continue }
      scaled += counts[k]; full += Double(allCounts[Int(i)])
    }
    XCTAssertGreaterThan(cold, 0, "the holdout has whole items (R = 0)")
    XCTAssertEqual(scaled / full, 1, accuracy: 0.02, "on average the counts of all the data")
  }

  /// RMSE of als, lasso and their blend on all / least 1000 / cold, as `compare` computes it.
  func table(train: Ratings, test: Ratings, side: Items, alsOptions: [String: OptionValue] = ["rank": .int(5), "iters": .int(6)],
             alpha: Double = 0.03) throws -> [String: [Double]] {
    let als = try ModelRegistry.fit("als", FitInput(data: train, options: try options("als", alsOptions)))
    let lasso = try ModelRegistry.fit("lasso", FitInput(data: train, options: try options("lasso", ["alpha": .double(alpha)]), side: side))
    let blend = try BlendModel.fit(a: als, b: lasso, data: train, options: try blendOptions())
    var out: [String: [Double]] = [:]
    for (name, m) in [("als", als), ("lasso", lasso), ("balse", blend as Model)] {
      let predicted = m.predict(test)
      out[name] = [Evaluate.Subset.all, .least(1000), .cold].map { s in
        let rows = Evaluate.rows(of: test, s, trainedAs: als)
        return Metrics.rmse(rows.map { predicted[Int($0)] }, rows.map { test.value(Int($0)) })
      }
    }
    return out
  }

  func testBlendRefitsItsPartsAndRoundTrips() throws {
    let r = try Ratings.generate(users: 60, items: 50, ratings: 1500, rank: 2, tags: 6, seed: 8)
    let (train, test) = try r.split(fraction: 0.8, cold: 0.1)
    let als = try ModelRegistry.fit("als", FitInput(data: train, options: try options("als", ["rank": .int(2), "iters": .int(3)])))
    let lasso = try ModelRegistry.fit("lasso", FitInput(data: train, options: try options("lasso"), side: r.items))
    let blend = try BlendModel.fit(a: als, b: lasso, data: train, options: try blendOptions())
    // The final parts are the kinds refitted on all of train with the same options.
    XCTAssertEqual(blend.a.predict(test).map(\.bitPattern), als.predict(test).map(\.bitPattern))
    XCTAssertEqual(blend.b.predict(test).map(\.bitPattern), lasso.predict(test).map(\.bitPattern))
    let back = try ModelFile.decode(ModelFile.encode(blend), path: "b.mkm")
    XCTAssertEqual(back.predict(test).map(\.bitPattern), blend.predict(test).map(\.bitPattern))
    // A part opened from a file has lost its side table: a clear error, unless side= is given.
    let opened = try ModelFile.decode(ModelFile.encode(lasso), path: "l.mkm")
    XCTAssertThrowsError(try BlendModel.fit(a: als, b: opened, data: train, options: try blendOptions())) { e in
      XCTAssertEqual((e as? MKError)?.hint, "pass them: blend A B DATA side=ITEMS")
    }
    XCTAssertNoThrow(try BlendModel.fit(a: als, b: opened, data: train, options: try blendOptions(), side: r.items))
    XCTAssertThrowsError(try ModelRegistry.fit("blend", FitInput(data: train, options: try options("blend"))))
  }
}
