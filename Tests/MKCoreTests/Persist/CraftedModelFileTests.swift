import XCTest
import MKCore

/// Model files are checked field by field against the arrays they describe: a crafted file
/// (right checksum, wrong numbers) is an error on open, never a crash or garbage predictions.
final class CraftedModelFileTests: XCTestCase {
  /// `bytes` with the stored int option `name` set to `value` and the checksum recomputed.
  static func crafted(_ bytes: [UInt8], option name: String, to value: Int) -> [UInt8] {
    var out = bytes
    let key = Array(name.utf8)
    // The option's name is stored with its length in front; its value follows its type tag 0.
    let length = (0..<8).map { UInt8(truncatingIfNeeded: key.count >> (8 * $0)) }
    let pattern = length + key + [0]
    guard let at = (0...(out.count - pattern.count)).first(where: { Array(out[$0..<($0 + pattern.count)]) == pattern }) else {
      XCTFail("option \(name) not found")
      return out
    }
    for b in 0..<8 { out[at + pattern.count + b] = UInt8(truncatingIfNeeded: value >> (8 * b)) }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in out[20..<(out.count - 8)] { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
    for k in 0..<8 { out[out.count - 8 + k] = UInt8(truncatingIfNeeded: hash >> (8 * UInt64(k))) }
    return out
  }

  func testRankThatDisagreesWithTheFactorsIsRefused() throws {
    let (train, test) = plantedRatings(users: 30, items: 20, perUser: 8, rank: 2, noise: 0.3, seed: 1)
    for kind in ["als", "sgd"] {
      let m = try ModelRegistry.fit(kind, FitInput(data: train, options: try options(kind, ["rank": .int(3), "iters": .int(2)])))
      let bytes = ModelFile.encode(m)
      XCTAssertEqual(try ModelFile.decode(Self.crafted(bytes, option: "rank", to: 3), path: "m.mkm").predict(test), m.predict(test))
      for rank in [2, 12, 1000] {
        XCTAssertThrowsError(try ModelFile.decode(Self.crafted(bytes, option: "rank", to: rank), path: "m.mkm"), "\(kind) \(rank)") { e in
          XCTAssertTrue("\(e)".contains("do not match rank=\(rank)"), "\(e)")
        }
      }
      for rank in [-1, 100_000] {
        XCTAssertThrowsError(try ModelFile.decode(Self.crafted(bytes, option: "rank", to: rank), path: "m.mkm")) { e in
          XCTAssertTrue("\(e)".contains("out of range 1...1000"), "\(e)")
        }
      }
    }
  }
}
