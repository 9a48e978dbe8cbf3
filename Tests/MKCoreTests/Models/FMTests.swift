import XCTest
import Foundation
import MKCore

/// A tiny design with all three groups (user, item, tags), random parameters, and an MLP when
/// `hidden` is given: the ground for gradient checks.
func tinyNet(hidden: [Int]?, binary: Bool, seed: UInt64) throws -> (FMNet, DesignMatrix) {
  let data = try Ratings.generate(users: 6, items: 5, ratings: 18, rank: 2, tags: 3, binary: binary, seed: seed)
  let layout = FeatureLayout.make(userCount: data.userCount, itemCount: data.itemCount, side: data.items)
  XCTAssertTrue(layout.hasSide)
  let design = DesignMatrix(training: data, layout: layout)
  var rng = RandomStream(seed: seed)
  var fm = FMParameters(columns: layout.columnCount, rank: 3)
  fm.bias = binary ? 0.2 : 3.1
  for j in 0..<fm.columnCount { fm.weights[j] = Float(0.3 * rng.normal()) }
  for j in 0..<fm.factors.storage.count { fm.factors.storage[j] = Float(0.5 * rng.normal()) }
  let mlp = hidden.map { MLP(input: layout.groups.count * 3, hidden: $0, rng: &rng, outputScale: 1) }
  return (FMNet(fm: fm, mlp: mlp, layout: layout), design)
}

/// Checks ∂J_B/∂θ from `FMNet.gradient` against central finite differences of J_B for every
/// weight, every factor and every MLP weight, and returns how many entries it compared.
@discardableResult
func checkGradient(_ net: FMNet, _ design: DesignMatrix, _ objective: FMObjective,
                   file: StaticString = #filePath, line: UInt = #line) -> Int {
  let rows = (0..<Int32(design.count)).map { $0 }
  var none: RandomStream? = nil
  func value(_ n: FMNet) -> Double {
    var g = FMGradient(n)
    return rows.withUnsafeBufferPointer {
      n.gradient($0, of: design, objective: objective, into: &g, scratch: FMScratch(n, capacity: rows.count), rng: &none).objective
    }
  }
  var g = FMGradient(net)
  _ = rows.withUnsafeBufferPointer {
    net.gradient($0, of: design, objective: objective, into: &g, scratch: FMScratch(net, capacity: rows.count), rng: &none)
  }
  // Small enough that no ReLU of the tiny MLP changes sides between θ ± h.
  let h: Float = 2e-4
  var compared = 0
  func compare(_ analytic: Float, _ plus: FMNet, _ minus: FMNet, _ what: String) {
    let numeric = (value(plus) - value(minus)) / (2 * Double(h))
    XCTAssertEqual(Double(analytic), numeric, accuracy: 2e-3 + 1e-2 * abs(numeric), what, file: file, line: line)
    compared += 1
  }
  for j in 0..<net.fm.columnCount {
    var p = net, m = net
    p.fm.weights[j] += h; m.fm.weights[j] -= h
    compare(g.w[j], p, m, "w[\(j)]")
  }
  for q in 0..<net.fm.factors.storage.count {
    var p = net, m = net
    p.fm.factors.storage[q] += h; m.fm.factors.storage[q] -= h
    compare(g.v[q], p, m, "v[\(q)]")
  }
  if let mlp = net.mlp {
    for q in 0..<mlp.weights.count {
      var p = net, m = net
      p.mlp!.weights[q] += h; m.mlp!.weights[q] -= h
      compare(g.mlp[q], p, m, "mlp[\(q)]")
    }
  }
  return compared
}

final class FMTests: XCTestCase {
  /// ∂J/∂w and ∂J/∂V of the squared loss with per-group λ equal central finite differences.
  func testSquaredLossGradientEqualsFiniteDifferences() throws {
    let (net, design) = try tinyNet(hidden: nil, binary: false, seed: 1)
    let n = checkGradient(net, design, FMObjective(loss: .squared, groupLambda: [0.3, 0.1, 0.7]))
    XCTAssertEqual(n, net.fm.columnCount * 4)
  }

  /// The same for the logistic loss on 0/1 outcomes (ŷ is the logit).
  func testLogisticLossGradientEqualsFiniteDifferences() throws {
    let (net, design) = try tinyNet(hidden: nil, binary: true, seed: 2)
    XCTAssertTrue(Set(design.target).isSubset(of: [0, 1]))
    checkGradient(net, design, FMObjective(loss: .logistic, groupLambda: [0.2, 0.05, 0.4]))
  }

  /// Through the model (ids → layout → design → FMParameters), a prediction is the naive
  /// pairwise sum over the pair's active features, tags included.
  func testModelPredictionEqualsTheNaivePairwiseSum() throws {
    let data = try Ratings.generate(users: 40, items: 30, ratings: 600, rank: 2, tags: 4, seed: 5)
    let m = try ModelRegistry.fit("fm", FitInput(data: data, options: try options("fm", ["iters": .int(3), "rank": .int(3)]),
                                                 side: data.items)) as! FMModel
    let p = m.parameters, layout = m.layout
    XCTAssertEqual(layout.groups.map(\.name), ["user", "item", "tags"])
    for (u, i) in [(Int32(0), Int32(0)), (3, 7), (12, 29), (-1, 4), (5, -1)] {
      var x: [(column: Int32, value: Float)] = []
      layout.features(user: u, item: i, into: &x)
      var naive = Double(p.bias)
      for a in x { naive += Double(p.weights[Int(a.column)]) * Double(a.value) }
      for a in 0..<x.count {
        for b in (a + 1)..<max(a + 1, x.count) {
          var dot = 0.0
          for f in 0..<3 { dot += Double(p.factors[Int(x[a].column), f]) * Double(p.factors[Int(x[b].column), f]) }
          naive += dot * Double(x[a].value) * Double(x[b].value)
        }
      }
      XCTAssertEqual(Double(m.score(user: u, item: i)), naive, accuracy: 1e-4, "(\(u), \(i))")
    }
  }

  func testRecoversPlantedStructureBetterThanTheBaseline() throws {
    let (train, test) = plantedRatings(users: 200, items: 120, perUser: 40, rank: 3, noise: 0.3, seed: 11)
    let fm = try ModelRegistry.fit("fm", FitInput(data: train, options: try options("fm", ["rank": .int(4), "iters": .int(30)])))
    let base = try ModelRegistry.fit("baseline", FitInput(data: train, options: try options("baseline")))
    let a = Metrics.rmse(fm.predict(test), test.values), b = Metrics.rmse(base.predict(test), test.values)
    XCTAssertLessThan(a, 0.85 * b, "fm \(a), baseline \(b)")
  }

  /// Cold items are placed by their tags: on data whose item factors come from tags, an FM
  /// with side features beats one without on items it never saw.
  func testTagsPlaceColdItems() throws {
    let data = try Ratings.generate(users: 300, items: 200, ratings: 12000, rank: 3, tags: 8, noise: 0.3, seed: 8)
    let (train, test) = try data.split(fraction: 0.8, by: .item, seed: 1)
    let given: [String: OptionValue] = ["rank": .int(3), "iters": .int(15)]
    let plain = try ModelRegistry.fit("fm", FitInput(data: train, options: try options("fm", given)))
    let tagged = try ModelRegistry.fit("fm", FitInput(data: train, options: try options("fm", given), side: data.items))
    let a = Metrics.rmse(plain.predict(test), test.values), b = Metrics.rmse(tagged.predict(test), test.values)
    XCTAssertLessThan(b, a * 0.97, "without tags \(a), with tags \(b)")
  }

  /// On generated 0/1 outcomes, predictions are probabilities and rank outcomes well.
  func testBinaryDataGivesProbabilitiesAndAUCWellAboveChance() throws {
    let data = try Ratings.generate(users: 300, items: 100, ratings: 15000, rank: 3, binary: true, seed: 4)
    let (train, test) = try data.split(fraction: 0.8, seed: 4)
    let m = try ModelRegistry.fit("fm", FitInput(data: train, options: try options("fm", ["rank": .int(3), "iters": .int(10)])))
    let p = m.predict(test)
    XCTAssertTrue(p.allSatisfy { $0 > 0 && $0 < 1 })
    let auc = Metrics.auc(p, test.values)
    XCTAssertGreaterThan(auc, 0.62)
    XCTAssertEqual(Evaluate.metricNames(for: test).prefix(3), ["auc", "acc", "nll"])
    XCTAssertEqual(m.info.history.columns, ["iter", "train_loss", "train_nll"])
  }

  /// With valid=, the kept parameters are the best epoch's and training stops after
  /// `patience` epochs without improvement.
  func testEarlyStoppingKeepsTheBestEpoch() throws {
    let (train, test) = plantedRatings(users: 80, items: 60, perUser: 20, rank: 2, noise: 0.5, seed: 3)
    let m = try ModelRegistry.fit("fm", FitInput(data: train, options: try options("fm", [
      "rank": .int(8), "lambda": .double(0), "lr": .double(0.05), "iters": .int(200), "patience": .int(3)]), valid: test))
    let h = m.info.history, col = h.columns.firstIndex(of: "valid_rmse")!
    let curve = h.rows.map { $0[col] }
    XCTAssertLessThan(curve.count, 200, "overfits without λ, so it must stop early")
    let best = curve.min()!
    XCTAssertEqual(curve.count - 1 - curve.firstIndex(of: best)!, 3)
    XCTAssertEqual(Metrics.rmse(m.predict(test), test.values), best, accuracy: 1e-9)
  }

  func testSameSeedSameNumbersAndSaveOpenWithSide() throws {
    let data = try Ratings.generate(users: 50, items: 40, ratings: 800, rank: 2, tags: 5, seed: 6)
    let (train, test) = try data.split(fraction: 0.8, seed: 6)
    func run(_ seed: Int, _ solver: String) throws -> Model {
      try ModelRegistry.fit("fm", FitInput(data: train, options: try options("fm", [
        "rank": .int(3), "iters": .int(4), "seed": .int(seed), "solver": .string(solver)]), side: data.items))
    }
    for solver in ["adam", "sgd"] {
      let a = try run(3, solver)
      XCTAssertEqual(a.predict(test).map(\.bitPattern), try run(3, solver).predict(test).map(\.bitPattern))
      XCTAssertNotEqual(a.predict(test).map(\.bitPattern), try run(4, solver).predict(test).map(\.bitPattern))
      let back = try ModelFile.decode(ModelFile.encode(a), path: "m.mkm")
      XCTAssertEqual(back.predict(test).map(\.bitPattern), a.predict(test).map(\.bitPattern))
    }
  }

  func testOptionErrors() {
    XCTAssertThrowsError(try options("fm", ["solver": .string("adm")])) { e in
      XCTAssertEqual((e as? MKError)?.hint, "did you mean 'adam'?")
    }
    XCTAssertThrowsError(try options("fm", ["lambda_usr": .double(1)]))
  }
}
