import XCTest
import Foundation
import MKCore

/// The per-user LASSO: its solver against closed forms and optimality conditions, and the model
/// on data where tags carry the taste.
final class LassoTests: XCTestCase {
  /// One feature: w = S(ρ, α) / z with ρ = (1/n) Σ x̃ ỹ and z = (1/n) Σ x̃² on centred x̃, ỹ
  /// (the intercept is unpenalized), and b = ȳ − w x̄.
  func testOneFeatureGivesTheSoftThresholdClosedForm() {
    var rng = RandomStream(seed: 3)
    for trial in 0..<20 {
      let n = 5 + trial
      let x = (0..<n).map { _ in rng.normal() }
      let y = x.map { 0.7 * $0 + 2 + 0.5 * rng.normal() }
      let xm = x.reduce(0, +) / Double(n), ym = y.reduce(0, +) / Double(n)
      var rho = 0.0, z = 0.0
      for i in 0..<n { rho += (x[i] - xm) * (y[i] - ym); z += (x[i] - xm) * (x[i] - xm) }
      rho /= Double(n); z /= Double(n)
      for alpha in [0.0, 0.01, 0.1, abs(rho) * 0.9, abs(rho) * 1.1] {
        let expected = (rho > alpha ? rho - alpha : rho < -alpha ? rho + alpha : 0) / z
        let (b, w) = LassoModel.solve(x: x.map { [$0] }, y: y, alpha: alpha)
        XCTAssertEqual(w[0], expected, accuracy: 1e-7, "trial \(trial) alpha \(alpha)")
        XCTAssertEqual(b, ym - expected * xm, accuracy: 1e-7)
      }
    }
  }

  /// On random sparse problems the solution meets the KKT conditions: (1/n) X_gᵀ r = α sign(w_g)
  /// where w_g ≠ 0, |(1/n) X_gᵀ r| ≤ α where w_g = 0, and the residuals sum to 0 (intercept).
  func testSolutionsMeetTheKKTConditions() {
    var rng = RandomStream(seed: 9)
    var nonzeroSeen = 0, zeroSeen = 0
    for trial in 0..<15 {
      let n = 20 + 5 * trial, d = 4 + trial
      let x = (0..<n).map { _ in (0..<d).map { _ in rng.uniform() < 0.4 ? 1.0 : 0.0 } }
      let truth = (0..<d).map { _ in rng.uniform() < 0.5 ? 2 * rng.normal() : 0 }
      let y = x.map { row in 3 + zip(row, truth).reduce(0) { $0 + $1.0 * $1.1 } + rng.normal() }
      for alpha in [0.02, 0.1, 0.3] {
        for intercept in [true, false] {
          let (b, w) = LassoModel.solve(x: x, y: y, alpha: alpha, intercept: intercept)
          let r = (0..<n).map { i in y[i] - b - zip(x[i], w).reduce(0) { $0 + $1.0 * $1.1 } }
          if intercept { XCTAssertEqual(r.reduce(0, +) / Double(n), 0, accuracy: 1e-5) } else { XCTAssertEqual(b, 0) }
          for g in 0..<d {
            let grad = (0..<n).reduce(0.0) { $0 + x[$1][g] * r[$1] } / Double(n)
            if w[g] != 0 {
              XCTAssertEqual(grad, alpha * (w[g] > 0 ? 1 : -1), accuracy: 1e-5, "trial \(trial) g \(g)")
              nonzeroSeen += 1
            } else {
              XCTAssertLessThanOrEqual(abs(grad), alpha + 1e-5, "trial \(trial) g \(g)")
              zeroSeen += 1
            }
          }
        }
      }
    }
    XCTAssertGreaterThan(nonzeroSeen, 50)
    XCTAssertGreaterThan(zeroSeen, 50)
  }

  func testHugeAlphaLeavesOnlyTheIntercept() {
    var rng = RandomStream(seed: 1)
    let x = (0..<40).map { _ in (0..<6).map { _ in rng.normal() } }
    let y = x.map { 1.5 + 3 * $0[0] - 2 * $0[3] + rng.normal() }
    let (b, w) = LassoModel.solve(x: x, y: y, alpha: 1e6)
    XCTAssertEqual(w, [Double](repeating: 0, count: 6))
    XCTAssertEqual(b, y.reduce(0, +) / 40, accuracy: 1e-12)
    let (_, small) = LassoModel.solve(x: x, y: y, alpha: 0.01)
    XCTAssertGreaterThan(small[0], 2.5)
    XCTAssertLessThan(small[3], -1.5)
  }

  /// The model: fitted users give the same weights as the dense solver on their own rows; cold
  /// items are scored through their tags; unknown users get the average user; side= is required.
  func testModelMatchesTheSolverAndScoresColdItems() throws {
    let r = try Ratings.generate(users: 80, items: 60, ratings: 2000, rank: 3, tags: 8, seed: 5)
    let (train, _) = try r.split(fraction: 0.9, cold: 0.2)
    let items = r.items!
    let alpha = 0.05
    let m = try ModelRegistry.fit("lasso", FitInput(data: train, options: try options("lasso", ["alpha": .double(alpha)]), side: items))
    guard let lasso = m as? LassoModel else { return XCTFail("not a lasso") }
    let byUser = train.byUser
    for u in [0, 7, 33] {
      let rows = Array(byUser.range(u))
      let x = rows.map { p -> [Double] in
        var row = [Double](repeating: 0, count: 8)
        for t in items.tags.range(Int(byUser.columns[p])) { row[Int(items.tags.columns[t])] = 1 }
        return row
      }
      let (b, w) = LassoModel.solve(x: x, y: rows.map { Double(byUser.values[$0]) }, alpha: alpha)
      XCTAssertEqual(Double(lasso.intercepts[u]), b, accuracy: 1e-3)
      for i in 0..<60 {
        var expected = b
        for t in items.tags.range(i) { expected += w[Int(items.tags.columns[t])] }
        XCTAssertEqual(Double(m.score(user: Int32(u), item: Int32(i))), expected, accuracy: 1e-3)
      }
    }
    let cold = (0..<60).filter { train.itemCounts[$0] == 0 }
    XCTAssertFalse(cold.isEmpty)
    XCTAssertTrue(cold.allSatisfy { m.covers(item: Int32($0)) })
    XCTAssertNil(m.predict(user: "u1", item: "i\(cold[0] + 1)").note)
    let (_, note) = m.predict(user: "nobody", item: "i\(cold[0] + 1)")
    XCTAssertEqual(note, "unknown user 'nobody': fell back to the item's mean (global mean + item bias)")
    XCTAssertThrowsError(try ModelRegistry.fit("lasso", FitInput(data: train, options: try options("lasso")))) { e in
      XCTAssertEqual((e as? MKError)?.message, "lasso needs the items' tags: side= is missing")
    }
  }
}
