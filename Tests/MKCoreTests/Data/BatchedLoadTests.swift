import Foundation
@testable import MKCore
import XCTest

/// The batched pieces of the parallel loader against their one-at-a-time references: the
/// id probe (`ByteIdTable.appendIndices` against `index`), the repeated-pair check
/// (`DuplicateRatings.hasRepeatedPair` against `pairLeaders`), and what a failed parallel
/// load leaves in the session.
final class BatchedLoadTests: XCTestCase {

  /// Ids of every kind a table keys differently: packed (≤ 7 bytes), long, escaped (`""`),
  /// canonical numbers below and above 2^20, numbers that are not canonical ("007"), latin-1.
  private func randomId(_ r: inout RandomStream, distinct: Int) -> [UInt8] {
    let k = r.below(distinct)
    switch k % 7 {
    case 0: return Array("u\(k)".utf8)
    case 1: return Array("user-with-a-long-name-\(k)".utf8)
    case 2: return Array("say \"\"\(k)\"\"".utf8)
    case 3: return Array("\(k)".utf8)
    case 4: return Array("\((1 << 20) + k)".utf8)
    case 5: return Array("00\(k)".utf8)
    default: return Array("caf".utf8) + [0xE9] + Array("\(k)".utf8)
    }
  }

  /// `count` ids one a line, and their fields.
  private func idFile(_ count: Int, distinct: Int, seed: UInt64) -> ([UInt8], [FieldSpan]) {
    var r = RandomStream(seed: seed)
    var bytes: [UInt8] = [], fields: [FieldSpan] = []
    for _ in 0..<count {
      let id = randomId(&r, distinct: distinct)
      let escaped = id.count > 4 && id[0] == 115 && id[3] == 32  // "say "
      fields.append(FieldSpan(start: bytes.count, end: bytes.count + id.count, hasEscapes: escaped))
      bytes += id + [10]
    }
    return (bytes, fields)
  }

  func testTheBatchedProbeGivesThePlainIndices() {
    // Few distinct ids (mostly hits), many (the table grows inside batches), and batches of
    // one, of a few, of the loader's size and of everything at once.
    for (count, distinct, seed) in [(3000, 40, UInt64(1)), (20_000, 15_000, 2), (5000, 5000, 3)] {
      let (bytes, fields) = idFile(count, distinct: distinct, seed: seed)
      let reader = DelimitedReader(bytes: bytes, separator: .byte(44))
      var plain = ByteIdTable()
      let expected = fields.map { plain.index(reader, $0) }
      for batch in [1, 7, RatingBlocks.idBatch, count] {
        var table = ByteIdTable()
        var got: [Int32] = []
        for start in stride(from: 0, to: count, by: batch) {
          table.appendIndices(Array(fields[start..<min(count, start + batch)]), reader, to: &got)
        }
        XCTAssertEqual(got, expected, "\(count) ids, \(distinct) distinct, batches of \(batch)")
        XCTAssertEqual(table.count, plain.count)
        XCTAssertEqual((0..<table.count).map(table.text), (0..<plain.count).map(plain.text))
      }
      // Indices are first appearances: as many as there are distinct texts, each text once
      // (a number and its zero-padded spelling are different ids).
      let texts = fields.map { reader.text($0) }
      XCTAssertEqual(plain.count, Set(texts).count)
      var firstSeen: [String: Int32] = [:]
      for (k, t) in texts.enumerated() where firstSeen[t] == nil { firstSeen[t] = expected[k] }
      XCTAssertEqual(Set(firstSeen.values).count, plain.count)
    }
  }

  func testTheParallelRepeatCheckAgreesWithThePairLeaders() {
    // Large enough for the check to split the rows among the cores.
    let n = 200_000, users = 5000, items = 3000
    var r = RandomStream(seed: 9)
    var u = [Int32](), i = [Int32]()
    var seen = Set<Int>()
    while u.count < n {
      let a = r.below(users), b = r.below(items)
      if seen.insert(a * items + b).inserted { u.append(Int32(a)); i.append(Int32(b)) }
    }
    XCTAssertFalse(DuplicateRatings.hasRepeatedPair(users: u, items: i, userCount: users, itemCount: items))
    XCTAssertNil(DuplicateRatings.pairLeaders(users: u, items: i, userCount: users, itemCount: items))
    // One repeated pair, its rows in different parts (first and last row), or next to each
    // other at the middle, or a user's first and last rows.
    for (a, b) in [(0, n - 1), (n / 2 - 1, n / 2), (17, n / 2 + 3)] {
      var uu = u, ii = i
      uu[b] = uu[a]; ii[b] = ii[a]
      XCTAssertTrue(DuplicateRatings.hasRepeatedPair(users: uu, items: ii, userCount: users, itemCount: items), "\(a), \(b)")
      XCTAssertNotNil(DuplicateRatings.pairLeaders(users: uu, items: ii, userCount: users, itemCount: items))
    }
    // Small inputs, random, against the pair leaders.
    for seed in 0..<200 {
      var r = RandomStream(seed: UInt64(seed))
      let m = 1 + r.below(40), nu = 1 + r.below(6), ni = 1 + r.below(8)
      let su = (0..<m).map { _ in Int32(r.below(nu)) }, si = (0..<m).map { _ in Int32(r.below(ni)) }
      XCTAssertEqual(DuplicateRatings.hasRepeatedPair(users: su, items: si, userCount: nu, itemCount: ni),
                     DuplicateRatings.pairLeaders(users: su, items: si, userCount: nu, itemCount: ni) != nil, "seed \(seed)")
    }
  }

  func testAFailedParallelLoadLeavesTheSessionsIdsAsTheyWere() throws {
    let dir = try temporaryFolder()
    addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/bad.csv"
    var text = "user,item,rating,country\n"
    for k in 0..<2000 { text += "u\(k),i\(k % 300),\(1 + k % 5),c\(k % 7)\n" }
    text += "u1,i1,oops,c1\n"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let u = Universe()
    u.users.intern("known")
    u.categories(named: "country").intern("c3")
    var options = RatingsLoadOptions()
    options.categoryColumns = ["country"]
    let e = thrownMKError(try Ratings.load(path: path, universe: u, options: options, blockBytes: 512, headBytes: 4096))
    XCTAssertEqual(e?.location?.line, 2002, "\(String(describing: e))")
    XCTAssertEqual(u.users.names, ["known"])
    XCTAssertEqual(u.items.names, [])
    XCTAssertEqual(u.categories(named: "country").names, ["c3"])
    // And a good load after it numbers the ids as if the failed one had not happened.
    text.removeLast("u1,i1,oops,c1\n".count)
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let (r, report) = try Ratings.load(path: path, universe: u, options: options, blockBytes: 512, headBytes: 4096)
    XCTAssertGreaterThan(report.blocks, 10)
    XCTAssertEqual(u.users.names.prefix(3), ["known", "u0", "u1"])
    XCTAssertEqual(r.store.user.prefix(2), [1, 2])
    XCTAssertEqual(u.categories(named: "country").names.prefix(2), ["c3", "c0"])
  }

  func testFilesWhoseLinesChangeLengthLoadAsOnePass() throws {
    // The file's rows are reserved from its first lines' length: lines that grow longer (fewer
    // rows than predicted) and shorter (more, so the columns grow) both give the one-pass result.
    let dir = try temporaryFolder()
    addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
    for (name, make) in [("longer.csv", { (k: Int) in k < 300 ? "\(k % 9),\(k % 5),3\n" : "user\(k)-\(k),item\(k % 77)-long,4.5\n" }),
                         ("shorter.csv", { (k: Int) in k < 300 ? "user\(k)-\(k),item\(k % 77)-long,4.5\n" : "\(k % 9),\(k % 5),3\n" })] {
      let path = dir + "/" + name
      try (0..<6000).map(make).joined().write(toFile: path, atomically: true, encoding: .utf8)
      let one = try Ratings.loadSequentially(path: path, bytes: readDataFile(path), universe: Universe(),
                                             options: RatingsLoadOptions())
      let (blocks, report) = try Ratings.load(path: path, universe: Universe(), options: RatingsLoadOptions(),
                                              blockBytes: 1000, headBytes: 2000)
      XCTAssertGreaterThan(report.blocks, 10)
      XCTAssertEqual(blocks.store.user, one.ratings.store.user, name)
      XCTAssertEqual(blocks.store.item, one.ratings.store.item, name)
      XCTAssertEqual(blocks.store.value, one.ratings.store.value, name)
      XCTAssertEqual(blocks.universe.users.names, one.ratings.universe.users.names, name)
      XCTAssertLessThanOrEqual(blocks.store.user.capacity, blocks.store.count + blocks.store.count / 64 + 16, name)
    }
  }
}
