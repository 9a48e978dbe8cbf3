import MKCore

/// A small ratings set built by hand from (user, item, value) triples with raw ids.
func makeRatings(_ triples: [(String, String, Float)], universe: Universe = Universe(), name: String = "t",
                 scale: Ratings.Scale = .numeric) -> Ratings {
  let store = RatingStore(user: triples.map { universe.users.intern($0.0) },
                          item: triples.map { universe.items.intern($0.1) }, value: triples.map(\.2))
  return Ratings(universe: universe, store: store, name: name, scale: scale)
}

/// Options for `kind` with the given overrides, validated like `fit` does.
func options(_ kind: String, _ given: [String: OptionValue] = [:]) throws -> FitOptions {
  try ModelRegistry.kind(named: kind)!.parseOptions(given)
}

/// `blend`'s typed options with the given overrides.
func blendOptions(_ given: [String: OptionValue] = [:]) throws -> BlendModel.Options {
  try options("blend", given).typed()
}

/// Planted low-rank data: r = 3 + bᵤ + bᵢ + pᵤ·qᵢ + N(0, noise²), biases N(0, 0.5²), factors
/// N(0, 1/√rank) so the interaction has unit variance; each user rates `perUser` distinct
/// random items; every fifth rating goes to test.
func plantedRatings(users: Int, items: Int, perUser: Int, rank: Int, noise: Double, seed: UInt64)
  -> (train: Ratings, test: Ratings) {
  var rng = RandomStream(seed: seed)
  let s = 1 / Double(rank).squareRoot().squareRoot()
  let p = (0..<(users * rank)).map { _ in s * rng.normal() }
  let q = (0..<(items * rank)).map { _ in s * rng.normal() }
  let bu = (0..<users).map { _ in 0.5 * rng.normal() }, bi = (0..<items).map { _ in 0.5 * rng.normal() }
  let u = Universe()
  var train: [(String, String, Float)] = [], test: [(String, String, Float)] = []
  for a in 0..<users {
    var chosen = Array(0..<items)
    rng.shuffle(&chosen)
    for (n, b) in chosen.prefix(perUser).enumerated() {
      var r = 3.0 + bu[a] + bi[b]
      for c in 0..<rank { r += p[a * rank + c] * q[b * rank + c] }
      r += noise * rng.normal()
      let t = ("u\(a)", "i\(b)", Float(r))
      if n % 5 == 0 { test.append(t) } else { train.append(t) }
    }
  }
  return (makeRatings(train, universe: u, name: "train"), makeRatings(test, universe: u, name: "test"))
}
