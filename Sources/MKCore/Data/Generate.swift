import Foundation

/// The planted parameters behind `Ratings.generate`, for tests that check a model recovers them.
///
/// Users and items are indexed as in the generated universe: user `u{k}` is index k-1, item
/// `i{k}` is index k-1.
public struct GeneratedTruth {
  /// The offset of every rating: 3 for numeric data, 0 (a logit) for binary data.
  public let globalMean: Double
  public let userBias: [Double]
  public let itemBias: [Double]
  /// users × rank.
  public let userFactors: Matrix
  /// items × rank.
  public let itemFactors: Matrix
  /// tags × rank, the latent vector of each tag, when `tags > 0`.
  public let tagFactors: Matrix?
  /// Standard deviation of the Gaussian noise added to each numeric rating (none for binary).
  public let noise: Double
  public let binary: Bool

  /// The noise-free score of a pair: the expected rating, or the logit when binary.
  public func score(user u: Int, item i: Int) -> Double {
    var s = globalMean + userBias[u] + itemBias[i]
    for c in 0..<userFactors.columns {
      s += Double(userFactors[u, c]) * Double(itemFactors[i, c])
    }
    return s
  }
}

extension Ratings {
  /// Synthetic ratings with planted low-rank structure, on a new universe of `u1`..`uN`, `i1`..`iM`.
  ///
  /// Ratings follow `r = 3 + b_u + b_i + p_u·q_i + N(0, noise²)` with `b_u ~ N(0, 0.3²)`,
  /// `b_i ~ N(0, 0.5²)` and factor entries scaled so that `p_u·q_i` has standard deviation 1.
  /// Item popularity is Zipf-like (weight e^z/rank, z ~ N(0, 1), ranks shuffled), user activity log-normal, so
  /// a few items collect many ratings and many items few; no (user, item) pair repeats.
  /// With `tags > 0` each item gets 1–4 tags, and 70% of the variance of its factor vector comes
  /// from the mean of its tags' latent vectors (the rest is its own noise), so tags predict
  /// taste. With `binary`, outcomes are 0/1 draws with probability `sigmoid(b_u + b_i + p_u·q_i)`
  /// (the draw is the noise; `noise` is not added). The `.items` table (titles "Item 17", tags
  /// "tag1"...) is always attached.
  /// - Throws: `MKError` when the arguments are out of range (e.g. more ratings than pairs).
  public static func generate(
    users: Int = 500, items: Int = 300, ratings: Int = 20000, rank: Int = 5, tags: Int = 0,
    binary: Bool = false, noise: Double = 0.5, seed: UInt64 = 0
  ) throws -> Ratings {
    try generateWithTruth(users: users, items: items, ratings: ratings, rank: rank, tags: tags,
                          binary: binary, noise: noise, seed: seed).ratings
  }

  /// Generates ratings like `generate`, and returns the planted parameters with them.
  public static func generateWithTruth(
    users: Int = 500, items: Int = 300, ratings: Int = 20000, rank: Int = 5, tags: Int = 0,
    binary: Bool = false, noise: Double = 0.5, seed: UInt64 = 0
  ) throws -> (ratings: Ratings, truth: GeneratedTruth) {
    try checkGenerateArguments(users: users, items: items, ratings: ratings, rank: rank, tags: tags, noise: noise)
    var rng = RandomStream(seed: seed)
    let scale = Float(pow(1 / Double(rank), 0.25))  // entries N(0, scale²): var(p·q) = rank·scale⁴ = 1

    // Planted parameters.
    let userBias = (0..<users).map { _ in 0.3 * rng.normal() }
    let itemBias = (0..<items).map { _ in 0.5 * rng.normal() }
    var userFactors = Matrix(rows: users, columns: rank)
    for k in 0..<userFactors.storage.count { userFactors.storage[k] = scale * Float(rng.normal()) }
    var itemFactors = Matrix(rows: items, columns: rank)
    var tagFactors: Matrix? = nil
    var itemTags: [[Int32]] = Array(repeating: [], count: items)
    if tags > 0 {
      var t = Matrix(rows: tags, columns: rank)
      for k in 0..<t.storage.count { t.storage[k] = scale * Float(rng.normal()) }
      for i in 0..<items {
        let n = 1 + rng.below(min(4, tags))
        var chosen: [Int32] = []
        while chosen.count < n {
          let g = Int32(rng.below(tags))
          if !chosen.contains(g) { chosen.append(g) }
        }
        chosen.sort()
        itemTags[i] = chosen
        // Mean of n tag vectors has variance scale²/n; times √n restores scale².
        let fromTags = Float(0.7.squareRoot() / Double(n).squareRoot())
        let own = Float(0.3.squareRoot())
        for c in 0..<rank {
          var s: Float = 0
          for g in chosen { s += t[Int(g), c] }
          itemFactors[i, c] = fromTags * s + own * scale * Float(rng.normal())
        }
      }
      tagFactors = t
    } else {
      for k in 0..<itemFactors.storage.count { itemFactors.storage[k] = scale * Float(rng.normal()) }
    }
    let truth = GeneratedTruth(
      globalMean: binary ? 0 : 3, userBias: userBias, itemBias: itemBias, userFactors: userFactors,
      itemFactors: itemFactors, tagFactors: tagFactors, noise: binary ? 0 : noise, binary: binary)

    // Who rates what: long-tailed users and items, distinct pairs.
    var popularity = (0..<items).map { exp(rng.normal()) / Double($0 + 1) }
    rng.shuffle(&popularity)
    let activity = (0..<users).map { _ in exp(0.7 * rng.normal()) }
    let perUser = ratingsPerUser(activity: activity, total: ratings, cap: items, rng: &rng)
    var sampler = DistinctSampler(weights: popularity)

    var userOf: [Int32] = [], itemOf: [Int32] = [], valueOf: [Float] = []
    userOf.reserveCapacity(ratings); itemOf.reserveCapacity(ratings); valueOf.reserveCapacity(ratings)
    for u in 0..<users {
      for i in sampler.sample(perUser[u], rng: &rng) {
        let s = truth.score(user: u, item: Int(i))
        let v: Float
        if binary {
          v = rng.uniform() < 1 / (1 + exp(-s)) ? 1 : 0
        } else {
          v = Float(s + noise * rng.normal())
        }
        userOf.append(Int32(u)); itemOf.append(i); valueOf.append(v)
      }
    }

    let universe = Universe(users: IdMap(names: (1...users).map { "u\($0)" }),
                            items: IdMap(names: (1...items).map { "i\($0)" }))
    var offsets = [0], columns: [Int32] = []
    for t in itemTags { columns += t; offsets.append(columns.count) }
    let table = Items(
      universe: universe, item: (0..<Int32(items)).map { $0 }, title: (1...items).map { "Item \($0)" },
      tagNames: (0..<tags).map { "tag\($0 + 1)" },
      tags: SparseRows(offsets: offsets, columns: columns, values: [Float](repeating: 1, count: columns.count)),
      name: "items of generated")
    let store = RatingStore(user: userOf, item: itemOf, value: valueOf)
    let r = Ratings(universe: universe, store: store, name: "generated", scale: binary ? .binary : .numeric,
                    items: table)
    return (r, truth)
  }

  static func checkGenerateArguments(users: Int, items: Int, ratings: Int, rank: Int, tags: Int, noise: Double) throws {
    func check(_ ok: Bool, _ message: String, _ hint: String) throws {
      if !ok { throw MKError(.value, message, hint: hint) }
    }
    try check((1...10_000_000).contains(users), "users=\(users) is out of range 1...10000000", "give a positive number of users")
    try check((1...10_000_000).contains(items), "items=\(items) is out of range 1...10000000", "give a positive number of items")
    try check((1...500_000_000).contains(ratings), "ratings=\(ratings) is out of range 1...500000000", "give a positive number of ratings")
    try check(ratings <= users * items,
              "ratings=\(ratings) is more than the \(users * items) (user, item) pairs of users=\(users) items=\(items)",
              "ask for fewer ratings or more users or items; each pair is rated at most once")
    try check((1...1000).contains(rank), "rank=\(rank) is out of range 1...1000", "the planted rank is a small number such as 5")
    try check((0...100_000).contains(tags), "tags=\(tags) is out of range 0...100000", "give 0 for no tags")
    try check(noise >= 0 && noise.isFinite, "noise=\(noise) is not a standard deviation", "give noise >= 0")
    // Planted factors (4 bytes an entry) and the ratings with their bookkeeping (about 32
    // bytes each) must fit in memory: refuse before allocating anything.
    let bytes = Double(users + items + tags) * Double(rank) * 4 + Double(ratings) * 32
    try check(bytes <= Double(maxGenerateBytes),
              "generate would need about \(Int(bytes / 1e9)) GB of memory (limit \(maxGenerateBytes / 1_000_000_000) GB)",
              "ask for fewer users, items or ratings, or a smaller rank")
  }

  /// The most memory `generate` may ask for.
  static let maxGenerateBytes = 16_000_000_000

  /// Splits `total` ratings among users in proportion to `activity`, at least one each when
  /// possible and at most `cap` each.
  static func ratingsPerUser(activity: [Double], total: Int, cap: Int, rng: inout RandomStream) -> [Int] {
    let users = activity.count
    let base = total >= users ? 1 : 0
    let spread = Double(total - base * users)
    let sum = activity.reduce(0, +)
    var n = activity.map { min(cap, base + Int(spread * $0 / sum)) }
    var remaining = total - n.reduce(0, +)
    var order = Array(0..<users)
    rng.shuffle(&order)
    while remaining > 0 {
      for u in order where remaining > 0 && n[u] < cap { n[u] += 1; remaining -= 1 }
    }
    return n
  }
}

/// Draws distinct indices with probability proportional to fixed weights (without replacement).
///
/// Small draws use rejection against cumulative weights; large ones (or rejection that keeps
/// hitting taken items) use Efraimidis–Spirakis keys `log(U) / w`, keeping the largest.
struct DistinctSampler {
  let weights: [Double]
  let cumulative: [Double]
  var taken: [Int32]
  var stamp: Int32 = 0

  init(weights: [Double]) {
    self.weights = weights
    var c = 0.0
    cumulative = weights.map { c += $0; return c }
    taken = [Int32](repeating: -1, count: weights.count)
  }

  mutating func sample(_ n: Int, rng: inout RandomStream) -> [Int32] {
    let m = weights.count
    stamp += 1
    if n <= m / 3 {
      var out: [Int32] = []
      out.reserveCapacity(n)
      var tries = 0
      let total = cumulative[m - 1]
      while out.count < n, tries < 20 * n + 100 {
        tries += 1
        let x = rng.uniform() * total
        var lo = 0, hi = m - 1
        while lo < hi {
          let mid = (lo + hi) / 2
          if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        if taken[lo] != stamp { taken[lo] = stamp; out.append(Int32(lo)) }
      }
      if out.count == n { return out }
    }
    var keyed = (0..<m).map { i -> (Double, Int32) in
      var u = rng.uniform()
      while u <= 0 { u = rng.uniform() }
      return (weights[i] > 0 ? Foundation.log(u) / weights[i] : -Double.infinity, Int32(i))
    }
    keyed.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
    return keyed.prefix(n).map { $0.1 }
  }
}
