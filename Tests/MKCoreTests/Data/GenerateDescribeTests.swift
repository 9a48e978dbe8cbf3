import Foundation
import MKCore
import XCTest

final class GenerateTests: XCTestCase {
  func testCountsAndIds() throws {
    let r = try Ratings.generate(users: 100, items: 80, ratings: 3000, seed: 1)
    XCTAssertEqual(r.count, 3000)
    XCTAssertEqual(r.universe.users.count, 100)
    XCTAssertEqual(r.universe.items.count, 80)
    XCTAssertEqual(r.universe.users[0], "u1")
    XCTAssertEqual(r.universe.items[79], "i80")
    XCTAssertEqual(r.scale, .numeric)
    let pairs = Set((0..<r.count).map { Int(r.user($0)) * 1000 + Int(r.item($0)) })
    XCTAssertEqual(pairs.count, 3000, "no duplicate pairs")
    XCTAssertEqual(Set(r.userIndices).count, 100, "every user rates something")
  }

  func testDeterministic() throws {
    let a = try Ratings.generate(users: 50, items: 40, ratings: 500, seed: 7)
    let b = try Ratings.generate(users: 50, items: 40, ratings: 500, seed: 7)
    let c = try Ratings.generate(users: 50, items: 40, ratings: 500, seed: 8)
    XCTAssertEqual(a.values, b.values)
    XCTAssertEqual(a.itemIndices, b.itemIndices)
    XCTAssertNotEqual(a.values, c.values)
  }

  func testLongTail() throws {
    let r = try Ratings.generate(seed: 2)
    let counts = r.itemCounts.sorted()
    let median = counts[counts.count / 2]
    XCTAssertGreaterThan(counts.last!, 5 * median)
    XCTAssertLessThan(counts.first!, median / 3)
  }

  func testPlantedNoise() throws {
    let (r, truth) = try Ratings.generateWithTruth(users: 200, items: 100, ratings: 8000, noise: 0.5, seed: 3)
    var se = 0.0, variance = 0.0
    let mean = r.mean
    for k in 0..<r.count {
      let e = Double(r.value(k)) - truth.score(user: Int(r.user(k)), item: Int(r.item(k)))
      se += e * e
      variance += (Double(r.value(k)) - mean) * (Double(r.value(k)) - mean)
    }
    XCTAssertEqual((se / Double(r.count)).squareRoot(), 0.5, accuracy: 0.03)
    // Signal (biases + factors) dominates the noise: the ratings' std is well above 0.5.
    XCTAssertGreaterThan((variance / Double(r.count)).squareRoot(), 1.0)
    XCTAssertEqual(truth.userFactors.rows, 200)
    XCTAssertEqual(truth.itemFactors.columns, 5)
  }

  func testTagsAttached() throws {
    let (r, truth) = try Ratings.generateWithTruth(users: 60, items: 50, ratings: 1000, tags: 12, seed: 4)
    let items = try XCTUnwrap(r.items)
    XCTAssertEqual(items.count, 50)
    XCTAssertEqual(items.tagNames.count, 12)
    XCTAssertEqual(items.tagNames.first, "tag1")
    XCTAssertEqual(items.label(16), "Item 17")
    for i in 0..<50 { XCTAssertTrue((1...4).contains(items.tags.length(i))) }
    XCTAssertNotNil(truth.tagFactors)
  }

  func testBinary() throws {
    let r = try Ratings.generate(users: 100, items: 50, ratings: 2000, binary: true, seed: 5)
    XCTAssertEqual(r.scale, .binary)
    XCTAssertTrue(r.values.allSatisfy { $0 == 0 || $0 == 1 })
    let ones = r.values.filter { $0 == 1 }.count
    XCTAssertTrue((400...1600).contains(ones))
  }

  func testDenseAndInvalid() throws {
    let full = try Ratings.generate(users: 10, items: 10, ratings: 100, seed: 6)
    XCTAssertEqual(full.count, 100)
    XCTAssertThrowsError(try Ratings.generate(users: 10, items: 10, ratings: 101)) { e in
      XCTAssertTrue("\(e)".contains("more than the 100"), "\(e)")
    }
    XCTAssertThrowsError(try Ratings.generate(rank: 0))
    XCTAssertThrowsError(try Ratings.generate(noise: -1))
  }
}

final class DescribeTests: XCTestCase {
  func testMovieLens() throws {
    let r = try Ratings.load(path: try testDataPath("ml-100k/u.data"), universe: Universe())
    let d = r.describe()
    XCTAssertEqual(d.users, 943)
    XCTAssertEqual(d.items, 1682)
    XCTAssertEqual(d.ratings, 100_000)
    XCTAssertEqual(d.density, 100_000 / (943.0 * 1682), accuracy: 1e-9)
    XCTAssertEqual(d.histogram.map { $0.label }, ["1", "2", "3", "4", "5"])
    XCTAssertEqual(d.histogram.map { $0.count }, [6110, 11370, 27145, 34174, 21201])
    XCTAssertEqual(d.perUser.min, 20)
    XCTAssertEqual(d.perItem.min, 1)
    XCTAssertEqual(d.perUser.mean, 100_000 / 943.0, accuracy: 1e-9)
    XCTAssertEqual(d.timeRange, 874_724_710...893_286_638)
    let text = d.description
    XCTAssertTrue(text.hasPrefix("u.data: 100000 ratings, 943 users, 1682 items (density 6.30%)"), text)
    XCTAssertTrue(text.contains("time: 1997-09-20"), text)
  }

  func testWordsAndBins() throws {
    let r = try Ratings.load(path: try testDataPath("mangaki-seed/ratings.csv"), universe: Universe())
    let d = r.describe()
    XCTAssertEqual(d.histogram.first, .init(label: "favorite", count: 13))
    XCTAssertEqual(d.histogram.map { $0.count }.reduce(0, +), 187)
    let g = try Ratings.generate(users: 50, items: 40, ratings: 600)
    let h = g.describe().histogram
    XCTAssertEqual(h.count, 10)
    XCTAssertEqual(h.map { $0.count }.reduce(0, +), 600)
    XCTAssertTrue(h.last!.label.hasSuffix("]"))
  }
}
