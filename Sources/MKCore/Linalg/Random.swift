/// A small, fast, seedable generator (xoshiro256**), split deterministically per stream.
///
/// Every random choice in mk draws from one of these, seeded from the user's `seed`; parallel
/// work derives one stream per block with `RandomStream(seed:, stream:)`, so results do not
/// depend on the number of cores.
public struct RandomStream: RandomNumberGenerator {
  private var s0, s1, s2, s3: UInt64

  public init(seed: UInt64, stream: UInt64 = 0) {
    var x = seed &+ 0x9E37_79B9_7F4A_7C15 &* (stream &+ 1)
    func splitmix(_ x: inout UInt64) -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var z = x
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    s0 = splitmix(&x); s1 = splitmix(&x); s2 = splitmix(&x); s3 = splitmix(&x)
  }

  @inline(__always) public mutating func next() -> UInt64 {
    let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
    let t = s1 << 17
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
    s3 = (s3 << 45) | (s3 >> 19)
    return result
  }

  /// Uniform in [0, 1).
  @inline(__always) public mutating func uniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// Uniform integer in 0..<n.
  @inline(__always) public mutating func below(_ n: Int) -> Int {
    Int(next() % UInt64(n))
  }

  /// Standard normal (Box–Muller; one value per call keeps streams simple to reason about).
  public mutating func normal() -> Double {
    var u = uniform()
    while u <= 0 { u = uniform() }
    let v = uniform()
    return (-2 * _log(u)).squareRoot() * _cos(2 * Double.pi * v)
  }

  /// In-place Fisher–Yates shuffle.
  public mutating func shuffle<T>(_ a: inout [T]) {
    guard a.count > 1 else { return }
    for i in stride(from: a.count - 1, to: 0, by: -1) {
      a.swapAt(i, below(i + 1))
    }
  }
}

import Foundation
@inline(__always) private func _log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Foundation.cos(x) }
