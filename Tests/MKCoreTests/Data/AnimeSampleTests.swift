import Foundation
import MKCore
import XCTest

final class AnimeSampleTests: XCTestCase {
  func testWritesLoadableFiles() throws {
    let dir = try temporaryFolder() + "/anime"
    try AnimeSample.write(to: dir, seed: 0)
    let u = Universe()
    let (r, report) = try Ratings.loadWithReport(path: dir + "/ratings.csv", universe: u)
    let works = try Items.load(path: dir + "/works.csv", universe: u)
    XCTAssertEqual(r.scale, .mangakiWords)
    XCTAssertEqual(report.duplicatesDropped, 0)
    XCTAssertTrue((60_000...90_000).contains(r.count), "\(r.count)")
    XCTAssertEqual(works.count, 800)
    XCTAssertEqual(works.tagNames.count, 20)
    let d = r.describe()
    XCTAssertLessThan(d.items, 800, "some works have no rating (cold start)")
    let counts = r.itemCounts.filter { $0 > 0 }
    XCTAssertGreaterThan(counts.filter { $0 < 10 }.count, 100, "long tail")
    let size = try FileManager.default.attributesOfItem(atPath: dir + "/ratings.csv")[.size] as! Int
      + (try FileManager.default.attributesOfItem(atPath: dir + "/works.csv")[.size] as! Int)
    XCTAssertLessThan(size, 2_000_000)
    // Same seed, same bytes.
    XCTAssertEqual(AnimeSample.files(seed: 0).works, Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/works.csv"))))
    #if os(Linux)  // libm may differ in the last bit elsewhere, which can move a word
    // If this fails, regenerate Samples/anime (see Samples/README.md).
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    let committed = root.appendingPathComponent("Samples/anime/ratings.csv").path
    if let bytes = FileManager.default.contents(atPath: committed) {
      XCTAssertEqual(Array(bytes), AnimeSample.files(seed: 0).ratings, "Samples/anime is stale")
    }
    #endif
  }
}
