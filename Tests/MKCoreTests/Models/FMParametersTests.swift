import XCTest
import MKCore

final class FMParametersTests: XCTestCase {
  /// The O(k·nnz) formula equals the naive pairwise sum Σ_{i<j} ⟨vᵢ, vⱼ⟩ xᵢ xⱼ.
  func testPredictionEqualsTheNaivePairwiseSum() {
    var rng = RandomStream(seed: 12)
    var p = FMParameters(columns: 9, rank: 4)
    p.bias = 0.3
    for j in 0..<9 { p.weights[j] = Float(rng.normal()) }
    for j in 0..<p.factors.storage.count { p.factors.storage[j] = Float(rng.normal()) }
    let cols: [Int32] = [1, 4, 5, 8], vals: [Float] = [1, 0.5, 0.25, 2]
    var naive = Double(p.bias)
    for (a, c) in cols.enumerated() { naive += Double(p.weights[Int(c)]) * Double(vals[a]) }
    for a in 0..<cols.count {
      for b in (a + 1)..<cols.count {
        var dot = 0.0
        for f in 0..<4 { dot += Double(p.factors[Int(cols[a]), f]) * Double(p.factors[Int(cols[b]), f]) }
        naive += dot * Double(vals[a]) * Double(vals[b])
      }
    }
    var sums = [Float](repeating: 0, count: 4)
    let fast = cols.withUnsafeBufferPointer { c in vals.withUnsafeBufferPointer { x in
      sums.withUnsafeMutableBufferPointer { p.predict(columns: c, values: x, sums: $0.baseAddress!) } } }
    XCTAssertEqual(Double(fast), naive, accuracy: 1e-4)
    for f in 0..<4 {
      var s = 0.0
      for (a, c) in cols.enumerated() { s += Double(p.factors[Int(c), f]) * Double(vals[a]) }
      XCTAssertEqual(Double(sums[f]), s, accuracy: 1e-5)
    }
  }
}
