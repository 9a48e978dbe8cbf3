import XCTest
@testable import MKCore

/// The block Gram of the Gibbs sampler: the Swift kernel against a double-precision
/// recomputation, the AVX2 kernel (CKernels) against the Swift one bit for bit, and whole
/// chains with and without the AVX2 kernel.
final class BayesFMKernelTests: XCTestCase {
  /// Random records of m floats, a column's rows (some repeated, more than one chunk), values
  /// or none, θ.
  private struct Case {
    let m: Int, cache: [Float], rows: [Int32], values: [Float]?, theta: [Float]
    init(m: Int, count: Int, unit: Bool, seed: UInt64) {
      var rng = RandomStream(seed: seed)
      let records = 300
      self.m = m
      cache = (0..<(records * m)).map { _ in Float(rng.normal()) }
      rows = (0..<count).map { _ in Int32(rng.uniform() * Double(records)) }
      values = unit ? nil : (0..<count).map { _ in Float(0.2 + 2 * rng.uniform()) }
      theta = (0..<m).map { _ in Float(0.5 * rng.normal()) }
    }

    func swift() -> (gram: [Double], c: [Double]) {
      var gram = [Double](repeating: .nan, count: m * m), c = [Double](repeating: .nan, count: m)
      var scratch = [Float](repeating: 0, count: 3 * m + m * m)
      cache.withUnsafeBufferPointer { cp in rows.withUnsafeBufferPointer { rp in theta.withUnsafeBufferPointer { tp in
        withValues { vp in
          BayesFMSampler.blockGram(cp.baseAddress!, m, rows: rp.baseAddress!, values: vp, count: rows.count,
                                   theta: tp.baseAddress!, gram: &gram, c: &c, scratch: &scratch)
        }
      } } }
      return (gram, c)
    }

    func avx2() -> (gram: [Double], c: [Double]) {
      var gram = [Double](repeating: .nan, count: m * m), c = [Double](repeating: .nan, count: m)
      cache.withUnsafeBufferPointer { cp in rows.withUnsafeBufferPointer { rp in theta.withUnsafeBufferPointer { tp in
        withValues { vp in
          BayesFMSampler.blockGramAVX2(cp.baseAddress!, m, rows: rp.baseAddress!, values: vp, count: rows.count,
                                       theta: tp.baseAddress!, gram: &gram, c: &c)
        }
      } } }
      return (gram, c)
    }

    private func withValues(_ body: (UnsafePointer<Float>?) -> Void) {
      if let values { values.withUnsafeBufferPointer { body($0.baseAddress!) } } else { body(nil) }
    }

    /// The same sums in double from h as the sampler defines it.
    func reference() -> (gram: [Double], c: [Double]) {
      var gram = [Double](repeating: 0, count: m * m), c = [Double](repeating: 0, count: m)
      for (t, r) in rows.enumerated() {
        let record = Array(cache[(Int(r) * m)..<(Int(r) * m + m)]).map(Double.init)
        let x = Double(values?[t] ?? 1)
        let h = [x] + (1..<m).map { f in x * (record[f] - Double(theta[f]) * x) }
        for a in 0..<m {
          c[a] += h[a] * record[0]
          for b in 0..<m { gram[a * m + b] += h[a] * h[b] }
        }
      }
      return (gram, c)
    }
  }

  func testSwiftBlockGramMatchesADoubleRecomputation() {
    for m in [1, 3, 11, 13] {
      for unit in [true, false] {
        let c = Case(m: m, count: 150, unit: unit, seed: UInt64(m * 2 + (unit ? 1 : 0)))
        let (g, rhs) = c.swift(), (rg, rrhs) = c.reference()
        for j in 0..<(m * m) { XCTAssertEqual(g[j], rg[j], accuracy: 1e-4 * (1 + abs(rg[j])), "m \(m) unit \(unit) G[\(j)]") }
        for j in 0..<m { XCTAssertEqual(rhs[j], rrhs[j], accuracy: 1e-4 * (1 + abs(rrhs[j])), "m \(m) unit \(unit) c[\(j)]") }
      }
    }
  }

  /// Every width the kernel takes, with and without values, one row to several chunks.
  func testAVX2BlockGramGivesTheSwiftKernelsBits() throws {
    try XCTSkipUnless(SmallSystems.hasAVX2FMA, "this CPU has no AVX2: the sampler runs the Swift kernel alone")
    for m in 1...BayesFMSampler.avx2GramWidth {
      for count in [1, 7, 64, 65, 200] {
        for unit in [true, false] {
          let c = Case(m: m, count: count, unit: unit, seed: UInt64(1000 * m + 2 * count + (unit ? 1 : 0)))
          let a = c.avx2(), s = c.swift()
          XCTAssertEqual(a.gram.map(\.bitPattern), s.gram.map(\.bitPattern), "m \(m) count \(count) unit \(unit): G")
          XCTAssertEqual(a.c.map(\.bitPattern), s.c.map(\.bitPattern), "m \(m) count \(count) unit \(unit): c")
        }
      }
    }
  }

  /// Whole chains: with the AVX2 kernel and with the Swift one, the same parameters bit for
  /// bit after 30 sweeps, on a one-hot design (no values stored) and on one with tags.
  func testChainsWithAndWithoutTheAVX2KernelAreBitIdentical() throws {
    try XCTSkipUnless(SmallSystems.hasAVX2FMA, "this CPU has no AVX2: the sampler runs the Swift kernel alone")
    let (train, _) = plantedRatings(users: 80, items: 50, perUser: 20, rank: 3, noise: 0.3, seed: 12)
    let plain = FeatureLayout.make(userCount: train.universe.users.count, itemCount: train.universe.items.count, side: nil)
    let d = try Ratings.generate(users: 60, items: 40, ratings: 1200, rank: 3, tags: 6, seed: 7)
    let tagged = FeatureLayout.make(userCount: d.universe.users.count, itemCount: d.universe.items.count, side: d.items)
    for (data, layout, rank) in [(train, plain, 10), (d, tagged, 4), (train, plain, 15)] {
      var chains: [[UInt32]] = []
      for vector in [true, false] {
        var config = BayesFMSampler.Configuration(rank: rank, seed: 9)
        config.vectorKernels = vector
        config.blockDraws = true
        let sampler = BayesFMSampler(design: DesignMatrix(training: data, layout: layout), configuration: config)
        XCTAssertEqual(sampler.usesAVX2Gram, vector)
        XCTAssertEqual(sampler.usesAVX2Refresh, vector && rank <= BayesFMSampler.avx2RefreshRank)
        for _ in 0..<30 { sampler.sweep() }
        let p = sampler.parameters
        var bits: [UInt32] = [Float(sampler.bias).bitPattern, Float(sampler.alpha).bitPattern]
        bits += p.weights.map(\.bitPattern)
        bits += p.factors.storage.map(\.bitPattern)
        chains.append(bits)
      }
      XCTAssertEqual(chains[0], chains[1], "rank \(rank)")
    }
  }
}
