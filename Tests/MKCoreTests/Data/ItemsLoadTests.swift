import Foundation
import MKCore
import XCTest

final class ItemsLoadTests: XCTestCase {
  func testMovieLensItems() throws {
    let u = Universe()
    let ratings = try Ratings.load(path: try testDataPath("ml-100k/u.data"), universe: u)
    let items = try Items.load(path: try testDataPath("ml-100k/u.item"), universe: u)
    XCTAssertEqual(items.count, 1682)
    XCTAssertEqual(u.items.count, 1682)  // every listed movie was rated
    XCTAssertEqual(items.tagNames.count, 19)
    XCTAssertEqual(items.tagNames, Items.movieLensGenres)
    XCTAssertEqual(items.tags.nonzeros, 2893)
    XCTAssertEqual(items.label(u.items.lookup("1")!), "Toy Story (1995)")
    XCTAssertEqual(items.tagList(u.items.lookup("1")!), ["Animation", "Children's", "Comedy"])
    XCTAssertEqual(items.label(u.items.lookup("543")!), "Misérables, Les (1995)")
    XCTAssertEqual(items.item(titled: "Toy Story (1995)"), u.items.lookup("1"))
    XCTAssertEqual(ratings.count, 100_000)
  }

  func testMangakiWorks() throws {
    let u = Universe()
    let r = try Ratings.load(path: try testDataPath("mangaki-seed/ratings.csv"), universe: u)
    let items = try Items.load(path: try testDataPath("mangaki-seed/works.csv"), universe: u)
    XCTAssertEqual(items.count, 10)
    XCTAssertEqual(u.items.count, 10)
    XCTAssertEqual(items.label(u.items.lookup("1")!), "Death Note")
    XCTAssertEqual(items.tagList(u.items.lookup("1")!), ["Fantastique", "Policier"])
    XCTAssertEqual(items.tagList(u.items.lookup("3")!), [])
    XCTAssertEqual(r.count, 187)
  }

  func testHeaderlessIdTitleCRLFQuoted() throws {
    let items = try Items.load(path: try testDataPath("mangaki-movielens-binary/works-ml.csv"), universe: Universe())
    XCTAssertEqual(items.count, 9800)
    XCTAssertEqual(items.title[0], "Toy Story (1995)")
    XCTAssertTrue(items.titles.contains { $0.contains(",") })
    XCTAssertTrue(items.titles.contains { $0.contains("Cité des enfants perdus") })
    XCTAssertFalse(items.titles.contains { $0.hasSuffix("\r") || $0.hasPrefix("\"") })
  }

  func testColdStartItemsAreInterned() throws {
    let dir = try temporaryFolder()
    try "item,title,tags\ni1,One,a|b\ni9,Nine,b\n".write(toFile: dir + "/w.csv", atomically: true, encoding: .utf8)
    let u = Universe()
    _ = u.items.intern("i1")
    let items = try Items.load(path: dir + "/w.csv", universe: u)
    XCTAssertEqual(u.items.count, 2)
    XCTAssertEqual(items.tagNames, ["a", "b"])
    XCTAssertEqual(items.tagList(u.items.lookup("i9")!), ["b"])
  }

  func testRaggedItemsFile() throws {
    let dir = try temporaryFolder()
    try "item,title,tags\ni1,One,a\ni2,Two\n".write(toFile: dir + "/w.csv", atomically: true, encoding: .utf8)
    XCTAssertThrowsError(try Items.load(path: dir + "/w.csv", universe: Universe())) { e in
      XCTAssertEqual((e as? MKError)?.location?.line, 3, "\(e)")
    }
  }
}
