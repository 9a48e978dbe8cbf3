import Foundation

/// An invented, anime-flavoured data set in Mangaki's format, for demos and notebooks.
///
/// About 1000 users rate about 800 works with Mangaki's words (`ratings.csv`: `user,work,rating`),
/// and `works.csv` (`item,title,tags`) gives each work an invented title and 1–4 of 20 genres.
/// Nothing is real: titles come from word lists, ratings from a planted model. Each user has a
/// taste for each genre and a few latent factors; each work a quality bias, factors, and a
/// popularity drawn from a long tail (many works with under 10 ratings, a few with none, so
/// cold start is possible). About 20 mid-popular works (30–126 ratings) get a high quality bias:
/// Mangaki's "pearls", liked by the few who saw them. A rating is the rank of the planted score
/// turned into a word: 16% of pairs are "not seen" (willsee / wontsee by score), the rest are
/// dislike (bottom 6%), neutral (next 19%), like (next 66%) and favorite (top 9%), close to the
/// real Mangaki mix. The same seed writes the same bytes.
///
/// With `tagged` (the `Samples/anime-tagged` variant that `Notebooks/balse.mk` uses), the tags
/// carry the cold-start signal, as posters and genres do in the Mangaki paper: each genre has a
/// quality shared by all users, a work's quality is mostly the mean quality of its genres, and
/// genre tastes weigh more than the latent factors, so a model on tags can place a work nobody
/// rated. Its extra draws come from a second stream: the plain sample's bytes do not change.
public enum AnimeSample {
  /// The 20 genres, used as tags.
  public static let genres = [
    "mecha", "magical girl", "slice of life", "sports", "romance", "shonen", "shojo", "horror",
    "sci-fi", "comedy", "isekai", "mystery", "idol", "historical", "psychological", "fantasy",
    "music", "cooking", "school", "space opera",
  ]

  /// Writes `ratings.csv` and `works.csv` into `folder` (created when missing), atomically.
  public static func write(to folder: String, seed: UInt64 = 0, tagged: Bool = false) throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let (ratings, works) = files(seed: seed, tagged: tagged)
    let dir = URL(fileURLWithPath: folder)
    try AtomicFile.write(ratings, to: dir.appendingPathComponent("ratings.csv").path)
    try AtomicFile.write(works, to: dir.appendingPathComponent("works.csv").path)
  }

  /// The bytes of `ratings.csv` and `works.csv`.
  public static func files(seed: UInt64 = 0, tagged: Bool = false) -> (ratings: [UInt8], works: [UInt8]) {
    var rng = RandomStream(seed: seed)
    var tagRng = RandomStream(seed: seed, stream: 1)
    let users = 1000, works = 800, rank = 4, target = 76_000

    // Works: genres (some far more common than others), titles, quality, factors, popularity.
    let genreWeight = genres.indices.map { 1 / Double($0 % 7 + 1) + 0.1 * rng.uniform() }
    var workGenres: [[Int]] = []
    for _ in 0..<works {
      let n = 1 + min(rng.below(4), rng.below(4))  // 1 most often, up to 4
      var g: [Int] = []
      while g.count < n {
        let x = pick(genreWeight, &rng)
        if !g.contains(x) { g.append(x) }
      }
      workGenres.append(g)
    }
    let titles = TitleMaker.titles(for: workGenres, rng: &rng)
    var quality = (0..<works).map { _ in 0.6 * rng.normal() }
    if tagged {
      let genreQuality = genres.indices.map { _ in 0.9 * tagRng.normal() }
      for w in 0..<works {
        let shared = workGenres[w].map { genreQuality[$0] }.reduce(0, +) / Double(workGenres[w].count)
        quality[w] = shared + 0.35 * quality[w]
      }
    }
    let scale = pow(1 / Double(rank), 0.25) * (tagged ? 0.6 : 1)
    let workFactors = (0..<works * rank).map { _ in scale * rng.normal() }
    var popularity = (0..<works).map { exp(1.5 * rng.normal()) / pow(Double($0 + 1), 1.4) }
    rng.shuffle(&popularity)
    // Never-rated works (cold start), and pearls among the mid-popular ones.
    let byPopularity = (0..<works).sorted { popularity[$0] > popularity[$1] }
    for w in byPopularity.suffix(25) { popularity[w] = 0 }
    for w in byPopularity[175..<375] where rng.uniform() < 0.11 { quality[w] = 1.3 + 0.4 * rng.uniform() }

    // Users: bias, genre tastes (one or two loved genres), factors, activity.
    let userBias = (0..<users).map { _ in 0.5 * rng.normal() }
    var taste = (0..<users * genres.count).map { _ in 0.9 * rng.normal() }
    for u in 0..<users {
      for _ in 0..<(1 + rng.below(2)) { taste[u * genres.count + rng.below(genres.count)] += 2 }
    }
    let userFactors = (0..<users * rank).map { _ in scale * rng.normal() }
    let activity = (0..<users).map { _ in exp(0.9 * rng.normal()) }
    let perUser = Ratings.ratingsPerUser(activity: activity, total: target, cap: works - 25, rng: &rng)

    // Who rated what, and the planted score of each pair.
    var sampler = DistinctSampler(weights: popularity)
    var pairs: [(user: Int32, work: Int32)] = []
    var scores: [Double] = []
    pairs.reserveCapacity(target); scores.reserveCapacity(target)
    for u in 0..<users {
      var ws = sampler.sample(perUser[u], rng: &rng)
      ws.sort()
      for w32 in ws {
        let w = Int(w32)
        var s = userBias[u] + quality[w]
        var t = 0.0
        for g in workGenres[w] { t += taste[u * genres.count + g] }
        s += (tagged ? 1.5 : 1) * t / Double(workGenres[w].count)
        for c in 0..<rank { s += userFactors[u * rank + c] * workFactors[w * rank + c] }
        s += 0.45 * rng.normal()
        pairs.append((Int32(u), w32)); scores.append(s)
      }
    }

    // Scores to words, by rank: 16% unseen, then the seen mix.
    let unseen = scores.map { _ in rng.uniform() < 0.16 }
    let sorted = zip(scores, unseen).filter { !$0.1 }.map { $0.0 }.sorted()
    func quantile(_ q: Double) -> Double { sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))] }
    let (dislike, neutral, like) = (quantile(0.06), quantile(0.25), quantile(0.91))
    let median = quantile(0.45)

    var out = Array("user,work,rating\n".utf8)
    out.reserveCapacity(pairs.count * 16)
    for (k, p) in pairs.enumerated() {
      let s = scores[k]
      let word: MangakiWord
      if unseen[k] {
        word = s > median ? .willsee : .wontsee
      } else {
        word = s < dislike ? .dislike : s < neutral ? .neutral : s < like ? .like : .favorite
      }
      out += Array("\(p.user + 1),\(p.work + 1),\(word.rawValue)\n".utf8)
    }
    var table = Array("item,title,tags\n".utf8)
    for w in 0..<works {
      let tags = workGenres[w].map { genres[$0] }.joined(separator: "|")
      table += Array("\(w + 1),\(csvField(titles[w])),\(tags)\n".utf8)
    }
    return (out, table)
  }

  /// An index drawn with probability proportional to `weights`.
  static func pick(_ weights: [Double], _ rng: inout RandomStream) -> Int {
    var x = rng.uniform() * weights.reduce(0, +)
    for (i, w) in weights.enumerated() {
      x -= w
      if x < 0 { return i }
    }
    return weights.count - 1
  }

  /// A CSV field, quoted when it holds a comma or a quote.
  static func csvField(_ s: String) -> String {
    guard s.contains(",") || s.contains("\"") else { return s }
    return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}

/// Invented anime-like titles, flavoured by each work's first genre.
enum TitleMaker {
  static let adjectives = [
    "Crimson", "Steel", "Silent", "Azure", "Eternal", "Broken", "Golden", "Hidden", "Lost",
    "Midnight", "Scarlet", "Silver", "Twilight", "Wandering", "Shining", "Frozen", "Burning",
    "Final", "Little", "Distant", "Hollow", "Iron", "Paper", "Velvet", "Starlit", "Quiet", "Wild",
    "Sleepy", "Clockwork", "Neon", "Gentle", "Restless",
  ]
  static let nouns = [
    "Sky", "Lotus", "Blade", "Garden", "Moon", "Horizon", "Summer", "Melody", "Dragon", "Shrine",
    "Tide", "Comet", "Lantern", "Harbor", "Orchard", "Spiral", "Crown", "Feather", "Mirror",
    "Ember", "Wind", "River", "Petal", "Star", "Bell", "Compass", "Snow", "Thunder",
  ]
  static let endings = [
    "Academy", "Chronicle", "Saga", "Requiem", "Diaries", "Overdrive", "Stories", "Rhapsody",
    "Protocol", "Symphony", "Days", "Club", "Legend", "Zero", "Gears", "Frontier", "Tales",
    "Nocturne",
  ]
  /// Words that suggest each genre, in `AnimeSample.genres` order.
  static let genreWords: [[String]] = [
    ["Mecha Pilot", "Steel Titan", "Gunframe", "Armored Heart"],
    ["Magical Girl", "Star Wand", "Moonlit Guardian", "Prism Heart"],
    ["Tea Shop", "Lazy Afternoon", "Small Town", "Rooftop"],
    ["Ace", "Spike", "Relay", "Kickoff", "Final Lap"],
    ["Confession", "First Love", "Promise", "Love Letter"],
    ["Fist", "Hero", "Rival", "Ninja"],
    ["Rose", "Princess", "Ribbon", "Sakura"],
    ["Curse", "Phantom", "Hollow House", "Night Parade"],
    ["Android", "Quantum", "Signal", "Cyber"],
    ["Mischief", "Nonsense", "Slapstick", "Pranksters"],
    ["Another World", "Reincarnated Hero", "Summoned Knight", "Level One"],
    ["Detective", "Locked Room", "Cipher", "Alibi"],
    ["Idol", "Stage Lights", "Encore", "Debut"],
    ["Samurai", "Shogun", "Edo", "Ronin"],
    ["Mind Game", "Fractured", "Paradox", "Silent Witness"],
    ["Witch", "Alchemist", "Elf", "Spellbook"],
    ["Band", "Rhythm", "Chorus", "Guitar"],
    ["Chef", "Bento", "Ramen", "Kitchen"],
    ["Student Council", "Homeroom", "Class 2-B", "After School"],
    ["Starship", "Galaxy", "Nebula", "Fleet"],
  ]
  static let roles = [
    "Mecha Pilot", "Vampire", "Idol", "Alchemist", "Detective", "Dragon", "Witch", "Samurai", "Chef",
    "Alien", "Ghost", "Demon Lord", "Android",
  ]
  static let deeds = [
    "Fell From the Sky", "Forgot Her Name", "Could Not Cook", "Loved the Sea", "Lost the Tournament",
    "Stopped Time", "Came Back", "Wanted to Be Ordinary",
  ]

  /// One distinct title per work.
  static func titles(for workGenres: [[Int]], rng: inout RandomStream) -> [String] {
    var used = Set<String>()
    var out: [String] = []
    for genres in workGenres {
      var title = ""
      for attempt in 0..<40 {
        title = make(genre: genres[0], rng: &rng)
        if attempt == 39 { title += " \(["II", "III", "Zero", "Next"][rng.below(4)])" }
        if !used.contains(title) { break }
      }
      var k = 2
      let base = title
      while used.contains(title) { title = "\(base) \(k)"; k += 1 }
      used.insert(title)
      out.append(title)
    }
    return out
  }

  static func make(genre: Int, rng: inout RandomStream) -> String {
    func any(_ a: [String]) -> String { a[rng.below(a.count)] }
    let g = genreWords[genre]
    switch rng.below(8) {
    case 0, 1: return "\(any(adjectives)) \(any(nouns)) \(any(endings))"
    case 2: return "\(any(adjectives)) \(any(g)) \(any(endings))"
    case 3: return "My Neighbour the \(any(roles))"
    case 4: return "\(any(nouns)) of the \(any(adjectives)) \(any(nouns))"
    case 5: return "\(any(g)): \(any(adjectives)) \(any(nouns))"
    case 6: return "The \(any(roles)) Who \(any(deeds))"
    default: return "\(any(g)) \(any(endings))"
    }
  }
}
