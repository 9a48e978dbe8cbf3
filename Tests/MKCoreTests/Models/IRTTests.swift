import XCTest
import Foundation
import MKCore

/// `irt`: planted abilities, difficulties (and discriminations) recovered.
final class IRTTests: XCTestCase {
  private func parameters(_ m: Model) throws -> IRTModel { try XCTUnwrap(m as? IRTModel) }

  /// The model's value for each planted user (item), by id.
  private func byId(_ m: IRTModel, _ values: [Float], users: Bool, count: Int) throws -> [Double] {
    try (0..<count).map { k in
      let j = try XCTUnwrap(users ? m.userIndex("u\(k)") : m.itemIndex("i\(k)"))
      return Double(values[Int(j)])
    }
  }

  func testOnePLRecoversPlantedAbilitiesAndDifficulties() throws {
    let plant = PlantedIRT(users: 200, items: 100, perUser: 100, seed: 1)
    let m = try parameters(try fitKind("irt", plant.data))
    let theta = try byId(m, m.ability, users: true, count: 200), d = try byId(m, m.difficulty, users: false, count: 100)
    let (rt, rd) = (pearson(theta, plant.ability), pearson(d, plant.difficulty))
    print("1PL: corr(θ) \(rt), corr(d) \(rd)")
    XCTAssertGreaterThanOrEqual(rt, 0.95)
    XCTAssertGreaterThanOrEqual(rd, 0.95)
    XCTAssertTrue(m.discrimination.isEmpty)
    // Converged: the last Newton step changed the objective by nothing visible.
    let h = m.info.history.rows
    XCTAssertLessThan(h.count, 100, "stopped at convergence")
  }

  func testTwoPLRecoversPlantedParametersAndFitsBetterThanTheOnePL() throws {
    let plant = PlantedIRT(users: 300, items: 60, perUser: 60, params: 2, seed: 2)
    let m = try parameters(try fitKind("irt", plant.data, ["params": .int(2)]))
    let theta = try byId(m, m.ability, users: true, count: 300), d = try byId(m, m.difficulty, users: false, count: 60)
    let a = try byId(m, m.discrimination, users: false, count: 60)
    let (rt, rd, ra) = (pearson(theta, plant.ability), pearson(d, plant.difficulty), pearson(a, plant.discrimination))
    print("2PL: corr(θ) \(rt), corr(d) \(rd), corr(a) \(ra), \(m.info.history.rows.count) iterations")
    XCTAssertGreaterThanOrEqual(rt, 0.95)
    XCTAssertGreaterThanOrEqual(rd, 0.95)
    XCTAssertGreaterThanOrEqual(ra, 0.6)
    // The 2PL's objective never goes up across its alternating rounds, and ends below the 1PL's
    // log-loss (it has the 1PL as a special case, a = 1).
    let losses = m.info.history.rows.map { $0[1] }
    for (x, y) in zip(losses, losses.dropFirst()) { XCTAssertLessThanOrEqual(y, x + 1e-12) }
    let one = try fitKind("irt", plant.data)
    XCTAssertLessThan(Metrics.nll(m.predict(plant.data), plant.data.values), Metrics.nll(one.predict(plant.data), plant.data.values))
  }

  /// The gradient of the MAP objective, written out here, vanishes at the fitted parameters
  /// (to the rounding of Float parameters): the fit ran to convergence, 1PL and 2PL.
  func testGradientIsZeroAtTheSolution() throws {
    let plant = PlantedIRT(users: 80, items: 30, perUser: 25, params: 2, seed: 5)
    let data = plant.data, lambda = 0.7
    for params in [1, 2] {
      let m = try parameters(try fitKind("irt", data, ["params": .int(params), "lambda": .double(lambda)]))
      var gt = m.ability.map { lambda * Double($0) }, gd = m.difficulty.map { lambda * Double($0) }
      var ga = m.discrimination.map { lambda * (Double($0) - 1) }
      for r in 0..<data.count {
        let u = Int(data.user(r)), i = Int(data.item(r))
        let a = params == 2 ? Double(m.discrimination[i]) : 1, gap = Double(m.ability[u]) - Double(m.difficulty[i])
        let e = 1 / (1 + exp(-a * gap)) - Double(data.value(r))
        gt[u] += e * a
        gd[i] -= e * a
        if params == 2 { ga[i] += e * gap }
      }
      let largest = (gt + gd + ga).map(abs).max()!
      XCTAssertLessThan(largest, 1e-4, "params=\(params)")
    }
  }

  func testPredictionIsTheFormulaAndUnknownsTakeThePriorMean() throws {
    let plant = PlantedIRT(users: 20, items: 10, perUser: 10, params: 2, seed: 3)
    let m = try parameters(try fitKind("irt", plant.data, ["params": .int(2), "lambda": .double(0.5)]))
    let (u, i) = (try XCTUnwrap(m.userIndex("u3")), try XCTUnwrap(m.itemIndex("i4")))
    let z = Double(m.discrimination[Int(i)]) * Double(m.ability[Int(u)] - m.difficulty[Int(i)])
    XCTAssertEqual(Double(m.predict(user: "u3", item: "i4").value), 1 / (1 + Foundation.exp(-z)), accuracy: 1e-6)
    let zUnknownUser = Double(m.discrimination[Int(i)]) * Double(-m.difficulty[Int(i)])
    XCTAssertEqual(Double(m.predict(user: "nobody", item: "i4").value), 1 / (1 + Foundation.exp(-zUnknownUser)), accuracy: 1e-6)
    XCTAssertEqual(m.userEmbeddings?.columns, 1)
    XCTAssertEqual(m.itemEmbeddings?.columns, 2)
  }
}
