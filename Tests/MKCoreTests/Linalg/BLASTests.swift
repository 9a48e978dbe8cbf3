import XCTest
import MKCore

final class BLASTests: XCTestCase {
  func testPosvMatchesGaussianElimination() {
    var rng = RandomStream(seed: 7)
    for k in [1, 3, 8, 21] {
      // A = GᵀG + I is symmetric positive definite.
      let g = (0..<(k * (k + 2))).map { _ in Float(rng.normal()) }
      var a = [Float](repeating: 0, count: k * k)
      var b = (0..<k).map { _ in Float(rng.normal()) }
      g.withUnsafeBufferPointer { gp in
        a.withUnsafeMutableBufferPointer { ap in
          BLAS.syrkAtA(gp.baseAddress!, n: k + 2, k: k, lda: k, alpha: 1, beta: 0, ap.baseAddress!)
        }
      }
      // Plain AᵀA for the reference, filling the full matrix.
      var full = [Double](repeating: 0, count: k * k)
      for r in 0..<(k + 2) { for i in 0..<k { for j in 0..<k { full[i * k + j] += Double(g[r * k + i]) * Double(g[r * k + j]) } } }
      for i in 0..<k { full[i * k + i] += 1; a[i * k + i] += 1 }
      let expected = Reference.solve(full, b.map(Double.init), n: k)
      XCTAssertTrue(a.withUnsafeMutableBufferPointer { ap in b.withUnsafeMutableBufferPointer { BLAS.posv(ap.baseAddress!, $0.baseAddress!, k: k) } })
      for i in 0..<k { XCTAssertEqual(Double(b[i]), expected[i], accuracy: 1e-3 * max(1, abs(expected[i])), "k=\(k) i=\(i)") }
    }
  }

  func testPosvReportsNonPositiveDefinite() {
    var a: [Float] = [1, 2, 2, 1]  // eigenvalues 3 and -1
    var b: [Float] = [1, 1]
    XCTAssertFalse(a.withUnsafeMutableBufferPointer { ap in b.withUnsafeMutableBufferPointer { BLAS.posv(ap.baseAddress!, $0.baseAddress!, k: 2) } })
  }

  func testSymmetricEigenOnKnownAxes() throws {
    // Covariance with known principal axes (1,1)/√2 (variance 3) and (1,-1)/√2 (variance 1).
    let (values, vectors) = try XCTUnwrap(BLAS.symmetricEigen([2, 1, 1, 2], k: 2))
    XCTAssertEqual(values[0], 1, accuracy: 1e-12)
    XCTAssertEqual(values[1], 3, accuracy: 1e-12)
    XCTAssertEqual(abs(vectors[2]), 1 / 2.0.squareRoot(), accuracy: 1e-12)
    XCTAssertEqual(vectors[2], vectors[3], accuracy: 1e-12)
  }

  func testRandomStreamIsDeterministicAndStreamsDiffer() {
    var a = RandomStream(seed: 42), b = RandomStream(seed: 42), c = RandomStream(seed: 42, stream: 1)
    let xa = (0..<5).map { _ in a.next() }, xb = (0..<5).map { _ in b.next() }, xc = (0..<5).map { _ in c.next() }
    XCTAssertEqual(xa, xb)
    XCTAssertNotEqual(xa, xc)
    var n = RandomStream(seed: 1)
    let draws = (0..<20000).map { _ in n.normal() }
    let mean = draws.reduce(0, +) / 20000, variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20000
    XCTAssertEqual(mean, 0, accuracy: 0.03)
    XCTAssertEqual(variance, 1, accuracy: 0.05)
  }
}

final class BalancedRangesTests: XCTestCase {
  func testRangesCoverEveryRowOnceAndBalanceNonzeros() {
    // One huge row among many small ones, as a popular item among rare ones.
    let lengths = [500] + Array(repeating: 2, count: 300)
    var offsets = [0]
    for l in lengths { offsets.append(offsets.last! + l) }
    let rows = SparseRows(offsets: offsets, columns: [Int32](repeating: 0, count: offsets.last!),
                          values: [Float](repeating: 0, count: offsets.last!))
    let ranges = rows.balancedRanges(8)
    XCTAssertEqual(ranges.first?.lowerBound, 0)
    XCTAssertEqual(ranges.last?.upperBound, lengths.count)
    for (a, b) in zip(ranges, ranges.dropFirst()) { XCTAssertEqual(a.upperBound, b.lowerBound) }
    XCTAssertTrue(ranges.allSatisfy { !$0.isEmpty })
    XCTAssertEqual(ranges.first, 0..<1, "the huge row stands alone")
    XCTAssertGreaterThan(ranges.count, 4)
    XCTAssertEqual(SparseRows(rowCount: 0, rows: [], columns: [], values: []).balancedRanges(4), [])
  }
}
