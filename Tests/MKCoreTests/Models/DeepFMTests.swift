import XCTest
import Foundation
import MKCore

final class DeepFMTests: XCTestCase {
  /// ∂J/∂θ of DeepFM — FM weights, factors (through both the FM and the fields) and every MLP
  /// weight — equals central finite differences, dropout off.
  func testGradientEqualsFiniteDifferences() throws {
    let (net, design) = try tinyNet(hidden: [5, 4], binary: false, seed: 3)
    let n = checkGradient(net, design, FMObjective(loss: .squared, groupLambda: [0.2, 0.1, 0.3], mlpLambda: 0.05))
    XCTAssertEqual(n, net.fm.columnCount * 4 + 9 * 5 + 5 * 4 + 4)
  }

  func testLogisticGradientEqualsFiniteDifferences() throws {
    let (net, design) = try tinyNet(hidden: [6], binary: true, seed: 7)
    checkGradient(net, design, FMObjective(loss: .logistic, groupLambda: [0.1, 0.1, 0.1], mlpLambda: 0.01))
  }

  /// The MLP adds to the FM: with its output weights zeroed, DeepFM predicts exactly the FM.
  func testOutputIsFMPlusMLP() throws {
    var (net, design) = try tinyNet(hidden: [4], binary: false, seed: 5)
    let withMLP = net.raw(design)
    let last = net.mlp!.offset(1)
    for q in last..<net.mlp!.weights.count { net.mlp!.weights[q] = 0 }
    let fmOnly = net.fm.predict(design)
    XCTAssertEqual(net.raw(design), fmOnly)
    XCTAssertNotEqual(withMLP, fmOnly)
  }

  func testLayersOptionIsValidated() throws {
    XCTAssertEqual(try options("deepfm", ["layers": .string("16, 8")]).typed(DeepFMOptions.self).layers, [16, 8])  // as in old files
    XCTAssertEqual(try options("deepfm", ["layers": .ints([16, 8])]).typed(DeepFMOptions.self).layers, [16, 8])
    XCTAssertThrowsError(try options("deepfm", ["layers": .ints(Array(repeating: 8, count: 9))]))
    XCTAssertThrowsError(try options("deepfm", ["layers": .string("16,0")])) { e in
      XCTAssertTrue("\(e)".contains("out of range 1...4096"), "\(e)")
    }
    XCTAssertThrowsError(try options("deepfm", ["layers": .string("a,b")]))
    XCTAssertThrowsError(try options("deepfm", ["layers": .int(3)]))
  }

  func testRecoversPlantedStructureAndBinaryAUC() throws {
    let (train, test) = plantedRatings(users: 200, items: 120, perUser: 40, rank: 3, noise: 0.3, seed: 11)
    let m = try ModelRegistry.fit("deepfm", FitInput(data: train, options: try options("deepfm", [
      "rank": .int(4), "iters": .int(30), "layers": .string("16,8")])))
    let base = try ModelRegistry.fit("baseline", FitInput(data: train, options: try options("baseline")))
    let a = Metrics.rmse(m.predict(test), test.values), b = Metrics.rmse(base.predict(test), test.values)
    XCTAssertLessThan(a, 0.85 * b, "deepfm \(a), baseline \(b)")

    let data = try Ratings.generate(users: 300, items: 100, ratings: 15000, rank: 3, binary: true, seed: 4)
    let (btrain, btest) = try data.split(fraction: 0.8, seed: 4)
    let bm = try ModelRegistry.fit("deepfm", FitInput(data: btrain, options: try options("deepfm", [
      "rank": .int(3), "iters": .int(10), "layers": .string("16")])))
    let p = bm.predict(btest)
    XCTAssertTrue(p.allSatisfy { $0 > 0 && $0 < 1 })
    XCTAssertGreaterThan(Metrics.auc(p, btest.values), 0.58)
  }

  func testSameSeedSameNumbersAndSaveOpenWithSide() throws {
    let data = try Ratings.generate(users: 50, items: 40, ratings: 800, rank: 2, tags: 5, seed: 6)
    let (train, test) = try data.split(fraction: 0.8, seed: 6)
    func run(_ seed: Int) throws -> Model {
      try ModelRegistry.fit("deepfm", FitInput(data: train, options: try options("deepfm", [
        "rank": .int(3), "iters": .int(4), "seed": .int(seed), "layers": .string("8,4"), "dropout": .double(0.2)]),
                                               side: data.items))
    }
    let a = try run(3)
    XCTAssertEqual(a.predict(test).map(\.bitPattern), try run(3).predict(test).map(\.bitPattern))
    XCTAssertNotEqual(a.predict(test).map(\.bitPattern), try run(4).predict(test).map(\.bitPattern))
    let back = try ModelFile.decode(ModelFile.encode(a), path: "m.mkm")
    XCTAssertEqual(back.predict(test).map(\.bitPattern), a.predict(test).map(\.bitPattern))
    XCTAssertEqual(back.info.options.typed(DeepFMOptions.self).layers, [8, 4])
  }
}
