import XCTest
@testable import MKCore

/// The Gibbs sampler's parallel stable counting sort against a plain sort by (key, index),
/// whatever the blocks.
final class StableCountingSortTests: XCTestCase {
  func testPermuteIsAStableSortWhateverTheBlocks() {
    var rng = RandomStream(seed: 4)
    for (count, keyCount) in [(0, 3), (1, 1), (17, 5), (1000, 7), (1000, 600), (5000, 40)] {
      let keys = (0..<count).map { _ in Int32(rng.uniform() * Double(keyCount)) }
      let values = (0..<count).map { Int32($0 * 3 + 1) }
      let reference = (0..<count).sorted { (keys[$0], $0) < (keys[$1], $1) }.map { values[$0] }
      var offsets = [Int](repeating: 0, count: keyCount + 1)
      for key in keys { offsets[Int(key) + 1] += 1 }
      for j in 0..<keyCount { offsets[j + 1] += offsets[j] }
      for blocks in [nil, 1, 2, 3, 8] {
        var out = [Int32](repeating: -1, count: count)
        let got = keys.withUnsafeBufferPointer { kb in values.withUnsafeBufferPointer { vb in
          out.withUnsafeMutableBufferPointer { ob in
            StableCountingSort.permute(count: count, keys: kb.baseAddress!, keyCount: keyCount, values: vb.baseAddress!,
                                       into: ob.baseAddress!, blocks: blocks)
          }
        } }
        XCTAssertEqual(out, reference, "count \(count) keys \(keyCount) blocks \(String(describing: blocks))")
        XCTAssertEqual(got, offsets, "count \(count) keys \(keyCount) blocks \(String(describing: blocks)): offsets")
      }
    }
  }

  /// The sampler's CSC offsets: each column's nonzeros counted, whatever the blocks.
  func testColumnOffsetsCountEachColumn() {
    var rng = RandomStream(seed: 8)
    let columns = (0..<3000).map { _ in Int32(rng.uniform() * 50) }
    let got = columns.withUnsafeBufferPointer { BayesFMSampler.columnOffsets(columns: $0.baseAddress!, count: 3000, columnCount: 50) }
    var want = [Int](repeating: 0, count: 51)
    for c in columns { want[Int(c) + 1] += 1 }
    for j in 0..<50 { want[j + 1] += want[j] }
    XCTAssertEqual(got, want)
  }
}
