import XCTest
import MKCore

/// The watchlist on the real Mangaki sample: the words of the ratings are those of the file,
/// and ranking a user's willsee items orders exactly those items by `predict`.
final class WatchlistTests: XCTestCase {
  func testTheWordsOfTheMangakiSampleAreTheFilesWords() throws {
    let path = try testDataPath("mangaki-seed/ratings.csv")
    let r = try Ratings.load(path: path, universe: Universe())
    // An independent reading of the file: user,work,choice,date with a header.
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
    var words: [String: [String]] = [:]  // "user item" -> words in file order
    for line in lines {
      let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      words["\(f[0]) \(f[1])", default: []].append(f[2])
    }
    XCTAssertEqual(r.count, words.count)
    for k in 0..<r.count {
      let key = "\(r.universe.users[r.user(k)]) \(r.universe.items[r.item(k)])"
      XCTAssertEqual(r.word(k)?.rawValue, words[key]?.last, key)  // a repeated pair keeps its last rating
    }
    XCTAssertEqual(r.wordsUsed.map(\.rawValue), ["favorite", "like", "neutral", "dislike", "willsee", "wontsee"])
    let numbers = try Ratings.generate(users: 5, items: 5, ratings: 10, seed: 1)
    XCTAssertNil(numbers.word(0))
    XCTAssertTrue(numbers.wordsUsed.isEmpty)
  }

  func testTheWillseeItemsRankedByPredict() throws {
    let path = try testDataPath("mangaki-seed/ratings.csv")
    let r = try Ratings.load(path: path, universe: Universe())
    let m = try ModelRegistry.fit("als", FitInput(data: r, options: try options("als", ["rank": .int(3), "seed": .int(1)])))
    // Every user with at least two willsee items in the file.
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
    var willsee: [String: [String]] = [:]
    for line in lines {
      let f = line.split(separator: ",").map(String.init)
      if f[2] == "willsee" { willsee[f[0], default: []].append(f[1]) }
    }
    let users = willsee.filter { $0.value.count >= 2 }.keys.sorted()
    XCTAssertGreaterThanOrEqual(users.count, 3)
    for user in users {
      let u = try XCTUnwrap(r.universe.users.lookup(user))
      let own = r.items(of: u, ratedAs: .willsee)
      XCTAssertEqual(Set(own.map { r.universe.items[$0] }), Set(willsee[user]!), user)
      let ranked = ModelRankings.rank(own, user: try XCTUnwrap(m.userIndex(user)), model: m)
      let listed = ranked.map { r.universe.items[own[$0.position]] }
      XCTAssertEqual(Set(listed), Set(willsee[user]!), "exactly the user's willsee items")
      let predicted = listed.map { m.predict(user: user, item: $0).value }
      for (p, q) in zip(ranked, predicted) { XCTAssertEqual(p.score, q, accuracy: 1e-5, user) }
      XCTAssertEqual(predicted, predicted.sorted(by: >), "\(user): best predicted first")
    }
  }
}
