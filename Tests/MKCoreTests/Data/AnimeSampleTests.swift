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
    let tagged = AnimeSample.files(seed: 0, tagged: true)
    for (name, generated) in [("ratings", tagged.ratings), ("works", tagged.works)] {
      let path = root.appendingPathComponent("Samples/anime-tagged/\(name).csv").path
      if let bytes = FileManager.default.contents(atPath: path) {
        XCTAssertEqual(Array(bytes), generated, "Samples/anime-tagged is stale")
      }
    }
    #endif
  }

  /// The tagged variant changes only the ratings' words, not who rated what or the works; its
  /// tags explain more of a work's mean rating than the plain sample's do.
  func testTaggedVariantKeepsTheWorksAndPutsTheSignalInTheTags() throws {
    let plain = AnimeSample.files(seed: 0), tagged = AnimeSample.files(seed: 0, tagged: true)
    XCTAssertEqual(plain.works, tagged.works)
    func pairs(_ b: [UInt8]) -> [Substring] { String(decoding: b, as: UTF8.self).split(separator: "\n").map { $0[..<$0.lastIndex(of: ",")!] } }
    XCTAssertEqual(pairs(plain.ratings), pairs(tagged.ratings))
    XCTAssertNotEqual(plain.ratings, tagged.ratings)
    // Share of the spread of works' mean ratings that their first genre explains.
    func explained(_ files: (ratings: [UInt8], works: [UInt8])) throws -> Double {
      let dir = try temporaryFolder() + "/anime"
      try AtomicFile.write(files.ratings, to: dir + "-r.csv")
      try AtomicFile.write(files.works, to: dir + "-w.csv")
      let u = Universe()
      let r = try Ratings.load(path: dir + "-r.csv", universe: u), works = try Items.load(path: dir + "-w.csv", universe: u)
      var sum = [Double](repeating: 0, count: r.itemCount), n = [Double](repeating: 0, count: r.itemCount)
      for k in 0..<r.count { sum[Int(r.item(k))] += Double(r.value(k)); n[Int(r.item(k))] += 1 }
      var byGenre: [Int32: [Double]] = [:], all: [Double] = []
      for k in 0..<works.count {
        let i = Int(works.item[k])
        guard n[i] >= 20, let g = works.tags.range(k).first.map({ works.tags.columns[$0] }) else { continue }
        byGenre[g, default: []].append(sum[i] / n[i]); all.append(sum[i] / n[i])
      }
      func variance(_ x: [Double]) -> Double { let m = x.reduce(0, +) / Double(x.count); return x.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(x.count) }
      let within = byGenre.values.map { variance($0) * Double($0.count) }.reduce(0, +) / Double(all.count)
      return 1 - within / variance(all)
    }
    let (p, t) = (try explained(plain), try explained(tagged))
    print("share of works' mean ratings explained by the first genre: plain \(p), tagged \(t)")
    XCTAssertGreaterThan(t, p + 0.15)
  }
}
