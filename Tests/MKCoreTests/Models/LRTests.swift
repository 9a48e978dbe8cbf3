import XCTest
import Foundation
@testable import MKCore

/// `lr`: the Newton–CG solution against a dense Newton solve written here, and the optimality
/// of the solution (gradient zero).
final class LRTests: XCTestCase {
  /// Small binary data over 12 users and 7 items, some pairs repeated.
  private func small(seed: UInt64) -> Ratings {
    var rng = RandomStream(seed: seed)
    var triples: [(String, String, Float)] = []
    for _ in 0..<300 {
      let u = rng.below(12), i = rng.below(7)
      let p = 1 / (1 + Foundation.exp(-(Double(u % 4) - 1.5 + 0.7 * Double(i % 3) - 0.7)))
      triples.append(("u\(u)", "i\(i)", rng.uniform() < p ? 1 : 0))
    }
    return makeRatings(triples, scale: .binary)
  }

  /// Dense design [1, one-hot user, one-hot item] and its Newton solve in Double, the
  /// intercept unpenalized (or, `penalizeIntercept`, penalized like liblinear's bias column):
  /// minimize Σ log-loss + (λ/2)‖w‖².
  private func denseNewton(_ data: Ratings, lambda: Double, penalizeIntercept: Bool = false) -> [Double] {
    let U = data.userCount, I = data.itemCount, p = 1 + U + I, n = data.count
    var x = [Double](repeating: 0, count: n * p)
    for r in 0..<n {
      x[r * p] = 1
      x[r * p + 1 + Int(data.user(r))] = 1
      x[r * p + 1 + U + Int(data.item(r))] = 1
    }
    var w = [Double](repeating: 0, count: p)
    for _ in 0..<50 {
      var g = [Double](repeating: 0, count: p), h = [Double](repeating: 0, count: p * p)
      for r in 0..<n {
        var z = 0.0
        for j in 0..<p { z += x[r * p + j] * w[j] }
        let q = 1 / (1 + Foundation.exp(-z)), e = q - Double(data.value(r)), d = q * (1 - q)
        for j in 0..<p where x[r * p + j] != 0 {
          g[j] += e * x[r * p + j]
          for l in 0..<p where x[r * p + l] != 0 { h[j * p + l] += d * x[r * p + j] * x[r * p + l] }
        }
      }
      for j in (penalizeIntercept ? 0 : 1)..<p { g[j] += lambda * w[j]; h[j * p + j] += lambda }
      let step = Reference.solve(h, g, n: p)
      for j in 0..<p { w[j] -= step[j] }
      if step.map(abs).max()! < 1e-13 { break }
    }
    return w
  }

  func testMatchesAnIndependentDenseNewtonSolve() throws {
    let data = small(seed: 3)
    for (lambda, penalized) in [(1.0, false), (0.1, false), (2.0, true)] {
      let m = try XCTUnwrap(try fitKind("lr", data, ["lambda": .double(lambda), "penalize_intercept": .bool(penalized)]) as? LRModel)
      let reference = denseNewton(data, lambda: lambda, penalizeIntercept: penalized)
      XCTAssertEqual(Double(m.intercept), reference[0], accuracy: 1e-4, "λ=\(lambda)")
      // The layout's columns are users then items, as in the dense design after its intercept.
      XCTAssertEqual(m.weights.count, reference.count - 1)
      for j in 0..<m.weights.count {
        XCTAssertEqual(Double(m.weights[j]), reference[j + 1], accuracy: 1e-4, "λ=\(lambda) column \(j)")
      }
      // Its predictions are σ of those weights.
      let z = reference[0] + reference[1 + Int(data.user(0))] + reference[1 + data.userCount + Int(data.item(0))]
      XCTAssertEqual(Double(m.predict(data)[0]), 1 / (1 + Foundation.exp(-z)), accuracy: 1e-5)
    }
  }

  func testGradientIsZeroAtTheSolution() throws {
    let data = small(seed: 5)
    let lambda = 0.5
    let m = try XCTUnwrap(try fitKind("lr", data, ["lambda": .double(lambda)]) as? LRModel)
    let U = data.userCount
    var g = [Double](repeating: 0, count: m.weights.count), gb = 0.0
    for r in 0..<data.count {
      let u = Int(data.user(r)), i = U + Int(data.item(r))
      let z = Double(m.intercept) + Double(m.weights[u]) + Double(m.weights[i])
      let e = 1 / (1 + Foundation.exp(-z)) - Double(data.value(r))
      g[u] += e; g[i] += e; gb += e
    }
    for j in 0..<g.count { g[j] += lambda * Double(m.weights[j]) }
    // Float weights: the gradient vanishes to their rounding (a few ulps of O(1) values times row counts).
    XCTAssertLessThan(abs(gb), 1e-4)
    XCTAssertLessThan(g.map(abs).max()!, 1e-4)
    XCTAssertLessThan(m.info.history.last("gradient_norm")!, 1e-6, "converged: \(m.info.history.rows)")
  }

  func testRatingsAreAClearError() throws {
    let ratings = makeRatings([("a", "x", 4), ("b", "y", 2)])
    for kind in ["lr", "irt", "elo", "logmf"] {
      XCTAssertThrowsError(try fitKind(kind, ratings)) { e in
        XCTAssertEqual((e as? MKError)?.message, "\(kind) models 0/1 outcomes, and 't' holds ratings, not 0/1 outcomes", kind)
        XCTAssertNotNil((e as? MKError)?.hint)
      }
    }
  }

  func testFoldInFitsTheNewUsersWeightAlone() throws {
    let data = small(seed: 7)
    let m = try XCTUnwrap(try fitKind("lr", data) as? LRModel)
    // A profile equal to user u0's own outcomes gives about u0's weight (the same objective
    // for that one weight, the others fixed; u0's were fitted jointly, so close, not equal).
    let u0 = try XCTUnwrap(m.userIndex("u0"))
    let rows = (0..<data.count).filter { data.user($0) == u0 }
    let scorer = try m.foldIn(rows.map { (data.item($0), data.value($0)) })
    let i = data.item(rows[0])
    XCTAssertEqual(scorer(i), m.score(user: u0, item: i), accuracy: 1e-4)
  }
}

/// `lr` reads the FM design: a numeric column of the ratings (`load features=`) is a
/// standardized column of its own, and each test row is scored with its own value.
final class LRDesignTests: XCTestCase {
  func testEachRowIsScoredWithItsOwnNumericColumn() throws {
    var rng = RandomStream(seed: 12)
    let universe = Universe()
    var users: [Int32] = [], items: [Int32] = [], ys: [Float] = [], hour: [Float] = []
    for _ in 0..<2000 {
      let u = rng.below(30), i = rng.below(10), h = Float(rng.below(24))
      users.append(universe.users.intern("u\(u)")); items.append(universe.items.intern("i\(i)"))
      hour.append(h)
      ys.append(rng.uniform() < 1 / (1 + Foundation.exp(-(Double(h) - 12) / 3)) ? 1 : 0)
    }
    let store = RatingStore(user: users, item: items, value: ys, featureNames: ["hour"], features: [hour])
    let data = Ratings(universe: universe, store: store, name: "hours", scale: .binary)
    let m = try XCTUnwrap(try fitKind("lr", data) as? LRModel)
    XCTAssertEqual(m.featureGroups.map(\.name), ["user", "item", "features"])
    let column = m.layout.groups[2].columns.lowerBound
    XCTAssertGreaterThan(m.weights[column], 1, "the hour carries the outcome")
    // The same pair at two hours: two predictions, each σ(b + w_u + w_i + w_hour · (h − μ)/σ).
    let stat = m.layout.numeric[0]
    let test = Ratings(universe: universe, store: RatingStore(user: [users[0], users[0]], item: [items[0], items[0]], value: [0, 1],
                                                              featureNames: ["hour"], features: [[2, 20]]),
                       name: "two hours", scale: .binary)
    let p = m.predict(test)
    for (k, h) in [Float(2), 20].enumerated() {
      let z = Double(m.intercept) + Double(m.weights[Int(users[0])]) + Double(m.weights[m.layout.userCount + Int(items[0])])
        + Double(m.weights[column]) * Double((h - stat.mean) / stat.std)
      XCTAssertEqual(Double(p[k]), 1 / (1 + Foundation.exp(-z)), accuracy: 1e-5)
    }
    XCTAssertLessThan(p[0], 0.3)
    XCTAssertGreaterThan(p[1], 0.7)
    // Data without the column cannot be predicted: the same error as fm's.
    XCTAssertThrowsError(try m.checkPredictable(makeRatings([("u1", "i1", 1)], universe: universe, scale: .binary)))
  }
}
