import XCTest
import Foundation
@testable import MKCore

/// The ziggurat normal against the standard normal it must be: moments, the whole CDF
/// (Kolmogorov–Smirnov), and both tails, where a wrong layer table or wedge test shows first.
final class ZigguratTests: XCTestCase {
  func testDrawsFollowTheStandardNormal() {
    var rng = RandomStream(seed: 99, stream: 3)
    let n = 1_000_000
    var z = [Double](repeating: 0, count: n)
    for i in 0..<n { z[i] = rng.gaussian() }
    let mean = z.reduce(0, +) / Double(n)
    let m2 = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)
    let m4 = z.reduce(0) { $0 + pow($1 - mean, 4) } / Double(n)
    XCTAssertEqual(mean, 0, accuracy: 4 / Double(n).squareRoot())
    XCTAssertEqual(m2, 1, accuracy: 0.006)
    XCTAssertEqual(m4 / (m2 * m2), 3, accuracy: 0.05)
    z.sort()
    var d = 0.0
    for (i, x) in z.enumerated() {
      let cdf = normalCDF(x)
      d = max(d, abs(cdf - Double(i) / Double(n)), abs(cdf - Double(i + 1) / Double(n)))
    }
    XCTAssertLessThan(d, 1.63 / Double(n).squareRoot(), "Kolmogorov–Smirnov distance (1% level)")
    // Beyond the base layer's edge r = 3.4426 (the tail method) and within the wedges.
    for a in [1.0, 2.5, 3.5, 4.0] {
      let expected = Double(n) * 2 * (1 - normalCDF(a))
      let count = Double(z.filter { abs($0) > a }.count)
      XCTAssertEqual(count, expected, accuracy: 5 * expected.squareRoot() + 1, "P(|z| > \(a))")
    }
  }
}
