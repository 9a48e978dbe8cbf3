import XCTest
import Foundation
import MKCore

/// `logmf`: its minibatch gradient against finite differences of the log-likelihood written
/// out here, and planted low-rank structure that a biases-only model cannot see.
final class LogMFTests: XCTestCase {
  /// J = (1/n) Σᵣ [log(1 + e^z) − y z + ½λ(b_u² + ‖p_u‖² + b_i² + ‖q_i‖²)], z = w₀ + b_u + b_i + ⟨p_u, q_i⟩,
  /// in Double from the net's parameters.
  private func objective(_ net: FMNet, _ data: Ratings, lambda: Double) -> Double {
    let k = net.fm.rank, U = net.layout.userCount
    var total = 0.0
    for r in 0..<data.count {
      let u = Int(data.user(r)), i = U + Int(data.item(r))
      var z = Double(net.fm.bias) + Double(net.fm.weights[u]) + Double(net.fm.weights[i])
      var penalty = Double(net.fm.weights[u]) * Double(net.fm.weights[u]) + Double(net.fm.weights[i]) * Double(net.fm.weights[i])
      for f in 0..<k {
        let pu = Double(net.fm.factors[u, f]), qi = Double(net.fm.factors[i, f])
        z += pu * qi
        penalty += pu * pu + qi * qi
      }
      let y = Double(data.value(r))
      total += max(z, 0) - y * z + log1p(exp(-abs(z))) + 0.5 * lambda * penalty
    }
    return total / Double(data.count)
  }

  func testGradientMatchesFiniteDifferences() throws {
    let data = try Ratings.generate(users: 30, items: 20, ratings: 300, rank: 2, binary: true, seed: 4)
    let lambda = 0.3
    let m = try XCTUnwrap(try fitKind("logmf", data, ["rank": .int(3), "iters": .int(3), "lambda": .double(lambda)]) as? LogMFModel)
    let net = m.net
    XCTAssertEqual(net.layout.groups.map(\.name), ["user", "item"])
    let design = DesignMatrix(training: data, layout: net.layout)
    var g = FMGradient(net)
    let scratch = FMScratch(net, capacity: design.count)
    var none: RandomStream? = nil
    let rows = (0..<Int32(design.count)).map { $0 }
    let objectiveJ = FMObjective(loss: .logistic, groupLambda: [Float(lambda), Float(lambda)])
    let reported = rows.withUnsafeBufferPointer { net.gradient($0, of: design, objective: objectiveJ, into: &g, scratch: scratch, rng: &none) }
    XCTAssertEqual(reported.objective, objective(net, data, lambda: lambda), accuracy: 1e-5, "the objective is the documented one")
    let k = net.fm.rank
    var checked = 0
    for j in stride(from: 0, to: net.fm.columnCount, by: 7) {
      for q in 0...k {
        let h: Float = 1e-2
        func at(_ x: Float) -> Double {
          var n = net
          if q == 0 { n.fm.weights[j] = x } else { n.fm.factors[j, q - 1] = x }
          return objective(n, data, lambda: lambda)
        }
        let x = q == 0 ? net.fm.weights[j] : net.fm.factors[j, q - 1]
        let numeric = (at(x + h) - at(x - h)) / Double((x + h) - (x - h))
        let analytic = Double(q == 0 ? g.w[j] : g.v[j * k + q - 1])
        XCTAssertEqual(analytic, numeric, accuracy: 1e-4 + 1e-3 * abs(numeric), "column \(j), parameter \(q)")
        checked += 1
      }
    }
    XCTAssertGreaterThan(checked, 20)
  }

  func testBeatsABiasesOnlyModelOnPlantedLowRankData() throws {
    let data = try Ratings.generate(users: 400, items: 150, ratings: 40000, rank: 3, binary: true, seed: 8)
    let (train, test) = try data.split(fraction: 0.8, seed: 8)
    let logmf = testAUC(try fitKind("logmf", train), test)
    let biases = testAUC(try fitKind("lr", train), test)  // σ(b + b_u + b_i), to convergence
    print("planted rank 3 binary: test AUC logmf \(logmf), biases only (lr) \(biases)")
    XCTAssertGreaterThan(logmf, biases + 0.03)
  }
}
