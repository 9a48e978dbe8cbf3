import Foundation
import XCTest
@testable import MKCore

/// `encode`: the counts checked against the fixture's own columns, against a brute-force
/// count over a shuffled file (no later attempt is ever counted), and through a fit.
final class EncodeTests: XCTestCase {
  private func write(_ text: String, _ name: String = "attempts.csv") throws -> String {
    let path = try temporaryFolder() + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  private func entries(_ t: SparseRows, _ k: Int) -> [Int32: Float] {
    var d: [Int32: Float] = [:]
    for p in t.range(k) { d[t.columns[p]] = t.values[p] }
    return d
  }

  private func skillColumn(_ data: Ratings, _ name: String = "skill") -> KnowledgeTracingEncoder.SkillMap {
    let c = data.categoryNames.firstIndex(of: name)!
    return .column(name, codes: data.categoryColumn(c), levels: data.universe.categories(named: name).names)
  }

  /// ktm-dummy carries the wins and fails its authors computed: pfa must give the same.
  func testPFACountsMatchTheKTMFixture() throws {
    let path = try testDataPath("ktm-dummy/data.csv")
    let data = try Ratings.load(path: path, universe: Universe(), rating: "correct", features: ["wins", "fails"], categories: ["skill"])
    XCTAssertTrue(data.isBinary)
    XCTAssertEqual(data.count, 8, "every attempt is kept")
    let encoded = try KnowledgeTracingEncoder.encode(data, as: .pfa, skills: skillColumn(data))
    let layout = FeatureLayout.make(training: encoded, userCount: encoded.userCount, itemCount: encoded.itemCount,
                                    side: nil, standardize: true)
    XCTAssertEqual(layout.groups.map(\.name), ["skills", "wins", "fails"], "the scheme alone: not the data's own columns")
    let tables = try layout.encodedTables(of: encoded)
    let wins = data.featureColumn(0), fails = data.featureColumn(1)
    let skills = data.categoryColumn(0)
    for k in 0..<data.count {
      let s = skills[k]
      XCTAssertEqual(entries(tables[0], k), [s: 1], "attempt \(k + 1): its skill")
      XCTAssertEqual(entries(tables[1], k)[s] ?? 0, wins[k], "attempt \(k + 1): wins")
      XCTAssertEqual(entries(tables[2], k)[s] ?? 0, fails[k], "attempt \(k + 1): fails")
      XCTAssertEqual(tables[1].length(k) + tables[2].length(k) <= 2, true)
    }
  }

  /// A shuffled file with times: every count equals a brute-force count of the same user's
  /// attempts on the skill strictly earlier in time, over items with two skills each.
  func testCountsUseOnlyEarlierAttemptsInTimeOrder() throws {
    var rng = SystemRandomNumberGenerator()
    var rows: [(u: Int, i: Int, c: Int, t: Int)] = []
    var t = 1_000_000
    for _ in 0..<600 {
      t += Int.random(in: 1...5000, using: &rng)
      rows.append((Int.random(in: 0..<12, using: &rng), Int.random(in: 0..<9, using: &rng), Int.random(in: 0...1, using: &rng), t))
    }
    rows.shuffle(using: &rng)
    let csv = "user,item,correct,time\n" + rows.map { "u\($0.u),i\($0.i),\($0.c),\($0.t)" }.joined(separator: "\n") + "\n"
    let data = try Ratings.load(path: try write(csv), universe: Universe())
    // Item i has skills i % 3 and 3 + i % 2 (weights 1).
    let skillNames = ["a", "b", "c", "x", "y"]
    var offsets = [0], cols: [Int32] = [], vals: [Float] = []
    for k in 0..<data.count {
      let i = Int(data.universe.items[data.item(k)].dropFirst())!
      cols += [Int32(i % 3), Int32(3 + i % 2)]
      vals += [1, 1]
      offsets.append(cols.count)
    }
    let skills = KnowledgeTracingEncoder.SkillMap(names: skillNames, rows: SparseRows(offsets: offsets, columns: cols, values: vals),
                                                  source: "test")
    for scheme in [Encoding.Scheme.iswf, .das3h] {
      let encoded = try KnowledgeTracingEncoder.encode(data, as: scheme, skills: skills)
      let layout = FeatureLayout.make(training: encoded, userCount: encoded.userCount, itemCount: encoded.itemCount,
                                      side: nil, standardize: true)
      let tables = try layout.encodedTables(of: encoded)
      let names = layout.encodedGroupNames
      for k in 0..<data.count {
        let u = data.user(k), time = data.time(k)!
        for p in offsets[k]..<offsets[k + 1] {
          let s = cols[p]
          // Brute force: the user's attempts before this one that have skill s.
          let earlier = (0..<data.count).filter { j in
            data.user(j) == u && data.time(j)! < time && cols[offsets[j]..<offsets[j + 1]].contains(s)
          }
          func count(within seconds: Int64, wins: Bool) -> Float {
            Float(earlier.filter { j in time - data.time(j)! < seconds && (!wins || data.value(j) == 1) }.count)
          }
          if scheme == .iswf {
            XCTAssertEqual(entries(tables[names.firstIndex(of: "wins")!], k)[s] ?? 0, count(within: .max, wins: true))
            XCTAssertEqual(entries(tables[names.firstIndex(of: "fails")!], k)[s] ?? 0,
                           count(within: .max, wins: false) - count(within: .max, wins: true))
          } else {
            for w in KnowledgeTracingEncoder.windows {
              let winsIn = entries(tables[names.firstIndex(of: "wins_\(w.name)")!], k)[s] ?? 0
              let triesIn = entries(tables[names.firstIndex(of: "attempts_\(w.name)")!], k)[s] ?? 0
              XCTAssertEqual(winsIn, log(1 + count(within: w.seconds, wins: true)), accuracy: 1e-5, "window \(w.name)")
              XCTAssertEqual(triesIn, log(1 + count(within: w.seconds, wins: false)), accuracy: 1e-5, "window \(w.name)")
            }
          }
        }
      }
    }
  }

  /// Without a time column, file order is time order.
  func testWithoutTimeFileOrderIsTheOrder() throws {
    let csv = "user,item,skill,correct\n1,a,s,1\n1,b,s,0\n2,a,s,1\n1,a,s,1\n"
    let data = try Ratings.load(path: try write(csv), universe: Universe(), categories: ["skill"])
    let encoded = try KnowledgeTracingEncoder.encode(data, as: .iswf, skills: skillColumn(data))
    let layout = FeatureLayout.make(training: encoded, userCount: encoded.userCount, itemCount: encoded.itemCount,
                                    side: nil, standardize: true)
    XCTAssertEqual(layout.groups.map(\.name), ["item", "skills", "wins", "fails"])
    let tables = try layout.encodedTables(of: encoded)
    XCTAssertEqual((0..<4).map { entries(tables[1], $0)[0] ?? 0 }, [0, 1, 0, 1], "wins")
    XCTAssertEqual((0..<4).map { entries(tables[2], $0)[0] ?? 0 }, [0, 0, 0, 1], "fails")
  }

  /// A split of encoded data keeps each attempt's features; a model fitted on it predicts the
  /// test part from them, after a save and open too, and data encoded otherwise is refused.
  func testEncodedDataSplitsFitsSavesAndOpens() throws {
    let csv = "user,item,skill,correct\n" + (0..<400).map { k in
      let u = k % 40, i = (k / 40) % 10
      // Success grows with practice: the k/40-th attempt of the user.
      return "\(u),\(i),s\(i % 3),\((k / 40 + u) % 10 < 5 + (k / 40) / 2 ? 1 : 0)"
    }.joined(separator: "\n") + "\n"
    let universe = Universe()
    let data = try Ratings.load(path: try write(csv), universe: universe, categories: ["skill"])
    let encoded = try KnowledgeTracingEncoder.encode(data, as: .iswf, skills: skillColumn(data))
    let (train, test) = try encoded.split(fraction: 0.8, seed: 3)
    XCTAssertNotNil(test.encoding)
    let opts = try FMModel.kind.parseOptions(["rank": .int(2), "iters": .int(20)])
    let m = try ModelRegistry.fit("fm", FitInput(data: train, options: opts))
    XCTAssertEqual(m.featureGroups.map(\.name), ["item", "skills", "wins", "fails"])
    let predicted = try m.checkedPredict(test)
    XCTAssertEqual(predicted.count, test.count)
    // The wins and fails matter: the same pairs without them score differently.
    XCTAssertNotEqual(predicted, m.predict(indices: m.modelIndices(test)))
    let path = try temporaryFolder() + "/m.mkm"
    try ModelFile.save(m, to: path)
    let opened = try ModelFile.open(path)
    XCTAssertEqual(try opened.checkedPredict(test), predicted)
    XCTAssertThrowsError(try m.checkedPredict(data)) { e in
      XCTAssertTrue("\(e)".contains("not encoded"), "\(e)")
    }
    // pfa's groups are iswf's but the items: an iswf model reads them (its items from the pairs);
    // irt-encoded data has none of them.
    let pfa = try KnowledgeTracingEncoder.encode(data, as: .pfa, skills: skillColumn(data))
    XCTAssertEqual(try m.checkedPredict(pfa.subset(test.rows!, name: "t")), predicted)
    let irt = try KnowledgeTracingEncoder.encode(data, as: .irt, skills: nil)
    XCTAssertThrowsError(try m.checkedPredict(irt)) { e in XCTAssertTrue("\(e)".contains("as=irt"), "\(e)") }
  }

  /// Data encoded in another session numbers its skills otherwise: they are matched by name.
  func testSkillsAreMatchedByName() throws {
    let csv = "user,item,skill,correct\n1,a,s1,1\n1,b,s2,0\n1,a,s1,1\n2,b,s2,1\n2,b,s2,0\n"
    let path = try write(csv)
    let first = try Ratings.load(path: path, universe: Universe(), categories: ["skill"])
    let other = Universe()
    _ = other.categories(named: "skill").intern("s2")  // s2 is skill 0 in this session
    let second = try Ratings.load(path: path, universe: other, categories: ["skill"])
    let e1 = try KnowledgeTracingEncoder.encode(first, as: .pfa, skills: skillColumn(first))
    let e2 = try KnowledgeTracingEncoder.encode(second, as: .pfa, skills: skillColumn(second))
    let layout = FeatureLayout.make(training: e1, userCount: e1.userCount, itemCount: e1.itemCount, side: nil, standardize: true)
    XCTAssertEqual(try layout.encodedTables(of: e1).map(\.columns), try layout.encodedTables(of: e2).map(\.columns))
    XCTAssertNotEqual(e1.encoding!.skillNames, e2.encoding!.skillNames)
  }

  func testRefusals() throws {
    let ratings = try Ratings.load(path: try write("user,item,rating\n1,a,4\n2,a,3\n"), universe: Universe())
    XCTAssertThrowsError(try KnowledgeTracingEncoder.encode(ratings, as: .irt, skills: nil)) { e in
      XCTAssertTrue("\(e)".contains("0/1 outcomes"), "\(e)")
    }
    let attempts = try Ratings.load(path: try write("user,item,correct\n1,a,1\n2,a,0\n"), universe: Universe())
    XCTAssertThrowsError(try KnowledgeTracingEncoder.encode(attempts, as: .pfa, skills: nil)) { e in
      XCTAssertTrue("\(e)".contains("skills=Q"), "\(e)")
    }
    XCTAssertThrowsError(try KnowledgeTracingEncoder.encode(attempts, as: .das3h, skills: nil)) { e in
      XCTAssertTrue("\(e)".contains("time"), "\(e)")
    }
    let irt = try KnowledgeTracingEncoder.encode(attempts, as: .irt, skills: nil)
    let layout = FeatureLayout.make(training: irt, userCount: irt.userCount, itemCount: irt.itemCount, side: nil, standardize: true)
    XCTAssertEqual(layout.groups.map(\.name), ["user", "item"])
  }

  func testFoldsAreDisjointAndGroupsStayTogether() throws {
    let csv = "user,item,correct\n" + (0..<300).map { "\($0 % 23),\($0 % 7),\($0 % 2)" }.joined(separator: "\n") + "\n"
    let data = try Ratings.load(path: try write(csv), universe: Universe())
    for group in [nil, GroupKind.user, .item] {
      let folds = try data.folds(5, group: group, seed: 4)
      XCTAssertEqual(folds.count, 5)
      XCTAssertEqual(folds.flatMap { $0 }.sorted(), (0..<Int32(data.count)).map { $0 }, "disjoint, covering")
      XCTAssertEqual(try data.folds(5, group: group, seed: 4), folds, "same seed, same folds")
      if let group {
        let keys = group == .user ? data.userIndices : data.itemIndices
        var foldOf: [Int32: Int] = [:]
        for (f, fold) in folds.enumerated() {
          for k in fold { XCTAssertEqual(foldOf.updateValue(f, forKey: keys[Int(k)]) ?? f, f, "a \(group) in two folds") }
        }
      } else {
        XCTAssertTrue(folds.allSatisfy { abs($0.count - 60) <= 1 })
      }
    }
    let (train, test) = try data.split(fraction: 0.7, seed: 2, group: .user)
    XCTAssertTrue(Set(train.userIndices).isDisjoint(with: Set(test.userIndices)), "test users are new")
    XCTAssertEqual(Set(train.userIndices).count, 16)
    XCTAssertThrowsError(try data.split(fraction: 0.7, by: .user, group: .user))
    XCTAssertThrowsError(try data.folds(1))
  }

  func testStudentIntervalAgainstKnownValues() {
    let r = CrossValidation.interval([1, 2, 3, 4, 5])
    XCTAssertEqual(r.mean, 3)
    // s = √2.5, t(0.975, 4) = 2.776: 2.776 · √2.5 / √5.
    XCTAssertEqual(r.halfWidth, 2.776 * (2.5 / 5).squareRoot(), accuracy: 1e-9)
    XCTAssertEqual(CrossValidation.studentT975(degreesOfFreedom: 60), 2.000, accuracy: 0.002)
    XCTAssertEqual(CrossValidation.studentT975(degreesOfFreedom: 1000), 1.962, accuracy: 0.001)
  }
}

private extension Ratings {
  static func load(path: String, universe: Universe, rating: String? = nil, features: [String] = [],
                   categories: [String] = []) throws -> Ratings {
    try Ratings.load(path: path, universe: universe, ratingColumn: rating, featureColumns: features, categoryColumns: categories)
  }
}
