import XCTest
import Foundation
import MKCore

/// `deep`: the MLP alone on the field embeddings. Its prediction is w₀ + MLP(fields) computed
/// here by hand (no FM term), and its gradient matches finite differences of the objective
/// written out here, on ratings and on 0/1 outcomes.
final class DeepTests: XCTestCase {
  /// w₀ + MLP([e_user, e_item]) for one (user, item) pair, in Double: ReLU hidden layers, no biases.
  private func forward(_ net: FMNet, user u: Int, item i: Int) -> Double {
    let k = net.fm.rank, mlp = net.mlp!
    var a = (0..<k).map { Double(net.fm.factors[u, $0]) } + (0..<k).map { Double(net.fm.factors[i, $0]) }
    for l in 0..<mlp.layerCount {
      let din = mlp.sizes[l], dout = mlp.sizes[l + 1], o = mlp.offset(l)
      var z = [Double](repeating: 0, count: dout)
      for c in 0..<dout { for r in 0..<din { z[c] += a[r] * Double(mlp.weights[o + r * dout + c]) } }
      a = l < mlp.layerCount - 1 ? z.map { max($0, 0) } : z
    }
    return Double(net.fm.bias) + a[0]
  }

  /// (1/n) Σᵣ [ℓ(ŷᵣ, yᵣ) + ½λ(‖v_u‖² + ‖v_i‖²)] + ½λ_mlp‖W‖² (the weights wⱼ stay 0).
  private func objective(_ net: FMNet, _ data: Ratings, lambda: Double, mlpLambda: Double, binary: Bool) -> Double {
    let U = net.layout.userCount, k = net.fm.rank
    var total = 0.0
    for r in 0..<data.count {
      let u = Int(data.user(r)), i = U + Int(data.item(r)), y = Double(data.value(r))
      let z = forward(net, user: u, item: i)
      total += binary ? max(z, 0) - y * z + log1p(exp(-abs(z))) : 0.5 * (z - y) * (z - y)
      for f in 0..<k {
        total += 0.5 * lambda * (Double(net.fm.factors[u, f]) * Double(net.fm.factors[u, f]) + Double(net.fm.factors[i, f]) * Double(net.fm.factors[i, f]))
      }
    }
    let w2 = net.mlp!.weights.reduce(0.0) { $0 + Double($1) * Double($1) }
    return total / Double(data.count) + 0.5 * mlpLambda * w2
  }

  private func check(_ data: Ratings, binary: Bool) throws {
    let lambda = 0.2, mlpLambda = 0.05
    let m = try XCTUnwrap(try fitKind("deep", data, ["rank": .int(3), "iters": .int(2), "layers": .ints([6, 4]),
                                                     "lambda": .double(lambda), "lambda_mlp": .double(mlpLambda)]) as? DeepModel)
    let net = m.net
    XCTAssertFalse(net.fmTerms)
    XCTAssertTrue(net.fm.weights.allSatisfy { $0 == 0 }, "the FM's linear weights are never used")
    let design = DesignMatrix(training: data, layout: net.layout)
    // The prediction is w₀ + MLP(fields): no FM term.
    let raw = net.raw(design)
    for r in 0..<20 {
      XCTAssertEqual(Double(raw[r]), forward(net, user: Int(data.user(r)), item: net.layout.userCount + Int(data.item(r))), accuracy: 1e-4)
    }
    var g = FMGradient(net)
    let scratch = FMScratch(net, capacity: design.count)
    var none: RandomStream? = nil
    let rows = (0..<Int32(design.count)).map { $0 }
    let o = FMObjective(loss: binary ? .logistic : .squared, groupLambda: [Float(lambda), Float(lambda)], mlpLambda: Float(mlpLambda))
    let reported = rows.withUnsafeBufferPointer { net.gradient($0, of: design, objective: o, into: &g, scratch: scratch, rng: &none) }
    let j0 = objective(net, data, lambda: lambda, mlpLambda: mlpLambda, binary: binary)
    XCTAssertEqual(reported.objective, j0, accuracy: 1e-4 * max(1, abs(j0)))
    let h: Float = 1e-4, k = net.fm.rank
    var checked = 0, kinks = 0
    /// Compares one parameter's analytic derivative with central differences, except where a
    /// ReLU switches within ±h (the one-sided differences then disagree: not differentiable there).
    func compare(_ analytic: Float, _ x: Float, _ what: String, _ set: (inout FMNet, Float) -> Void) {
      func at(_ v: Float) -> Double {
        var n = net
        set(&n, v)
        return objective(n, data, lambda: lambda, mlpLambda: mlpLambda, binary: binary)
      }
      let (up, mid, down) = (at(x + h), at(x), at(x - h))
      let forward = (up - mid) / Double((x + h) - x), backward = (mid - down) / Double(x - (x - h))
      let central = (up - down) / Double((x + h) - (x - h))
      guard abs(forward - backward) < 1e-4 + 1e-2 * abs(central) else { kinks += 1; return }
      checked += 1
      XCTAssertEqual(Double(analytic), central, accuracy: 1e-5 + 1e-3 * abs(central), what)
    }
    for j in 0..<net.fm.columnCount {
      for f in 0..<k { compare(g.v[j * k + f], net.fm.factors[j, f], "factor \(j),\(f)") { $0.fm.factors[j, f] = $1 } }
    }
    for t in 0..<net.mlp!.weights.count {
      compare(g.mlp[t], net.mlp!.weights[t], "mlp weight \(t)") { $0.mlp!.weights[t] = $1 }
    }
    XCTAssertGreaterThan(checked, 40)
    XCTAssertLessThan(kinks * 10, checked, "few parameters sit within h of a ReLU switch")
  }

  func testGradientMatchesFiniteDifferencesOnOutcomes() throws {
    try check(try Ratings.generate(users: 10, items: 8, ratings: 40, rank: 2, binary: true, seed: 5), binary: true)
  }

  func testGradientMatchesFiniteDifferencesOnRatings() throws {
    try check(try Ratings.generate(users: 10, items: 8, ratings: 40, rank: 2, seed: 6), binary: false)
  }
}
