import Foundation
import MKCore

/// Planted item-response data: P(correct) = σ(a_i(θ_u − d_i)) with θ ~ N(0, 1), d ~ N(0, 1)
/// and, for the 2PL, a ~ exp(N(0, 0.3²)) (1 for the 1PL). Each user answers `perUser` distinct
/// random items; with `timed`, each attempt gets a random time (so time order is not data order).
struct PlantedIRT {
  let data: Ratings
  let ability: [Double]
  let difficulty: [Double]
  let discrimination: [Double]

  init(users: Int, items: Int, perUser: Int, params: Int = 1, timed: Bool = false, seed: UInt64) {
    var rng = RandomStream(seed: seed)
    ability = (0..<users).map { _ in rng.normal() }
    difficulty = (0..<items).map { _ in rng.normal() }
    discrimination = (0..<items).map { _ in params == 2 ? Foundation.exp(0.3 * rng.normal()) : 1 }
    let universe = Universe()
    for u in 0..<users { _ = universe.users.intern("u\(u)") }
    for i in 0..<items { _ = universe.items.intern("i\(i)") }
    var us: [Int32] = [], its: [Int32] = [], ys: [Float] = [], ts: [Int32] = []
    for u in 0..<users {
      var chosen = Array(0..<items)
      rng.shuffle(&chosen)
      for i in chosen.prefix(perUser) {
        let p = 1 / (1 + Foundation.exp(-discrimination[i] * (ability[u] - difficulty[i])))
        us.append(Int32(u)); its.append(Int32(i)); ys.append(rng.uniform() < p ? 1 : 0)
        ts.append(Int32(rng.below(1_000_000)))
      }
    }
    let store = RatingStore(user: us, item: its, value: ys, time: timed ? ts : nil)
    data = Ratings(universe: universe, store: store, name: "planted irt", scale: .binary)
  }
}

/// Pearson correlation of two equally long lists.
func pearson(_ x: [Double], _ y: [Double]) -> Double {
  let n = Double(x.count), mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
  var sxy = 0.0, sxx = 0.0, syy = 0.0
  for k in 0..<x.count {
    sxy += (x[k] - mx) * (y[k] - my)
    sxx += (x[k] - mx) * (x[k] - mx)
    syy += (y[k] - my) * (y[k] - my)
  }
  return sxy / (sxx * syy).squareRoot()
}

/// Fits `kind` with options `given` (validated as `fit` does).
func fitKind(_ kind: String, _ data: Ratings, _ given: [String: OptionValue] = [:]) throws -> Model {
  try ModelRegistry.fit(kind, FitInput(data: data, options: try options(kind, given)))
}

/// Test AUC of a model.
func testAUC(_ m: Model, _ test: Ratings) -> Double { Metrics.auc(m.predict(test), test.values) }
