import XCTest
@testable import MKCore
import CKernels

/// The Gibbs sampler's row kernels: the refresh of the records and the rows' update after a
/// block draw, the Swift kernels against a double recomputation and the AVX2 refresh (CKernels)
/// against the Swift one bit for bit.
final class BayesFMRefreshKernelTests: XCTestCase {
  /// A random design by row (0–4 nonzeros a row, empty rows included), values or none, and
  /// random parameters at rank k.
  private struct RefreshCase {
    let k: Int, n: Int, offsets: [UInt32], columns: [Int32], values: [Float]?
    let vt: [Float], w: [Float], target: [Float]
    init(k: Int, rows n: Int, unit: Bool, seed: UInt64) {
      var rng = RandomStream(seed: seed)
      let p = 37
      self.k = k
      self.n = n
      var offsets: [UInt32] = [0], columns: [Int32] = []
      for _ in 0..<n {
        let length = Int(rng.uniform() * 5)
        for _ in 0..<length { columns.append(Int32(rng.uniform() * Double(p))) }
        offsets.append(UInt32(columns.count))
      }
      self.offsets = offsets
      self.columns = columns
      values = unit ? nil : columns.map { _ in Float(0.2 + 2 * rng.uniform()) }
      vt = (0..<(p * k)).map { _ in Float(0.5 * rng.normal()) }
      w = (0..<p).map { _ in Float(0.3 * rng.normal()) }
      target = (0..<n).map { _ in Float(1 + 4 * rng.uniform()) }
    }

    /// Records (NaN where not written) and the sums, of rows `rows` by one kernel.
    func run(_ rows: Range<Int>, avx2: Bool) -> (cache: [Float], sumE: Double, sumE2: Double) {
      let m = k + 1
      var cache = [Float](repeating: .nan, count: n * m)
      var sums = [Float](repeating: 0, count: 2 * k)
      var sumE = 0.25, sumE2 = 0.5  // the kernels add to what is there
      offsets.withUnsafeBufferPointer { ro in columns.withUnsafeBufferPointer { rc in
        vt.withUnsafeBufferPointer { vt in w.withUnsafeBufferPointer { w in target.withUnsafeBufferPointer { y in
          withValues { rv in
            if avx2 {
              mk_gibbs_refresh_avx2(ro.baseAddress!, rc.baseAddress!, rv, vt.baseAddress!, w.baseAddress!, Int32(k), 0.75,
                                    y.baseAddress!, &cache, rows.lowerBound, rows.upperBound, &sumE, &sumE2)
            } else {
              BayesFMSampler.refreshRows(rows, rowOffsets: ro.baseAddress!, columns: rc.baseAddress!, values: rv,
                                         vt: vt.baseAddress!, w: w.baseAddress!, rank: k, bias: 0.75, target: y.baseAddress!,
                                         cache: &cache, sums: &sums, sumE: &sumE, sumE2: &sumE2)
            }
          }
        } } }
      } }
      return (cache, sumE, sumE2)
    }

    private func withValues(_ body: (UnsafePointer<Float>?) -> Void) {
      if let values { values.withUnsafeBufferPointer { body($0.baseAddress!) } } else { body(nil) }
    }

    /// Record r in double: (target − ŷ, q_1 … q_k) as the sampler defines them.
    func reference(_ r: Int) -> [Double] {
      var q = [Double](repeating: 0, count: k), squares = q
      var yhat = 0.75
      for t in Int(offsets[r])..<Int(offsets[r + 1]) {
        let c = Int(columns[t]), x = Double(values?[t] ?? 1)
        yhat += Double(w[c]) * x
        for f in 0..<k {
          let a = Double(vt[c * k + f]) * x
          q[f] += a
          squares[f] += a * a
        }
      }
      for f in 0..<k { yhat += 0.5 * (q[f] * q[f] - squares[f]) }
      return [Double(target[r]) - yhat] + q
    }
  }

  func testSwiftRefreshMatchesADoubleRecomputation() {
    for k in [1, 4, 10] {
      for unit in [true, false] {
        let c = RefreshCase(k: k, rows: 120, unit: unit, seed: UInt64(10 * k + (unit ? 1 : 0)))
        let (cache, sumE, sumE2) = c.run(0..<c.n, avx2: false)
        var e = 0.25, e2 = 0.5
        for r in 0..<c.n {
          let want = c.reference(r)
          for j in 0...k {
            XCTAssertEqual(Double(cache[r * (k + 1) + j]), want[j], accuracy: 1e-4 * (1 + abs(want[j])), "k \(k) row \(r) [\(j)]")
          }
          e += want[0]
          e2 += want[0] * want[0]
        }
        XCTAssertEqual(sumE, e, accuracy: 1e-3 * (1 + abs(e)))
        XCTAssertEqual(sumE2, e2, accuracy: 1e-3 * (1 + abs(e2)))
      }
    }
  }

  /// Every rank the kernel takes, with and without values, the whole range and a middle part
  /// (the rows outside stay unwritten).
  func testAVX2RefreshGivesTheSwiftKernelsBits() throws {
    try XCTSkipUnless(SmallSystems.hasAVX2FMA, "this CPU has no AVX2: the sampler runs the Swift kernel alone")
    for k in 1...BayesFMSampler.avx2RefreshRank {
      for unit in [true, false] {
        let c = RefreshCase(k: k, rows: 90, unit: unit, seed: UInt64(100 * k + (unit ? 1 : 0)))
        for rows in [0..<c.n, 13..<57, 5..<6] {
          let a = c.run(rows, avx2: true), s = c.run(rows, avx2: false)
          XCTAssertEqual(a.cache.map(\.bitPattern), s.cache.map(\.bitPattern), "k \(k) unit \(unit) rows \(rows): records")
          XCTAssertEqual(a.sumE.bitPattern, s.sumE.bitPattern, "k \(k) unit \(unit) rows \(rows): Σ e")
          XCTAssertEqual(a.sumE2.bitPattern, s.sumE2.bitPattern, "k \(k) unit \(unit) rows \(rows): Σ e²")
        }
      }
    }
  }

  /// Random records of m floats, a column's rows (distinct, as in the sampler), values or
  /// none, θ and Δ.
  private struct UpdateCase {
    let m: Int, cache: [Float], rows: [Int32], values: [Float]?, theta: [Float], delta: [Float]
    init(m: Int, count: Int, unit: Bool, seed: UInt64) {
      var rng = RandomStream(seed: seed)
      let records = 300
      self.m = m
      cache = (0..<(records * m)).map { _ in Float(rng.normal()) }
      var all = (0..<records).map { Int32($0) }
      for j in 0..<count { all.swapAt(j, j + Int(rng.uniform() * Double(records - j))) }
      rows = Array(all[0..<count])
      values = unit ? nil : (0..<count).map { _ in Float(0.2 + 2 * rng.uniform()) }
      theta = (0..<m).map { _ in Float(0.5 * rng.normal()) }
      delta = (0..<m).map { _ in Float(0.1 * rng.normal()) }
    }

    func run(avx2: Bool = false) -> [Float] {
      var out = cache
      rows.withUnsafeBufferPointer { rp in theta.withUnsafeBufferPointer { tp in delta.withUnsafeBufferPointer { dp in
        withValues { vp in
          if avx2 {
            BayesFMSampler.blockUpdateAVX2(&out, m, rows: rp.baseAddress!, values: vp, count: rows.count,
                                           theta: tp.baseAddress!, delta: dp.baseAddress!)
          } else {
            BayesFMSampler.blockUpdate(&out, m, rows: rp.baseAddress!, values: vp, count: rows.count,
                                       theta: tp.baseAddress!, delta: dp.baseAddress!)
          }
        }
      } } }
      return out
    }

    private func withValues(_ body: (UnsafePointer<Float>?) -> Void) {
      if let values { values.withUnsafeBufferPointer { body($0.baseAddress!) } } else { body(nil) }
    }
  }

  func testSwiftBlockUpdateMatchesADoubleRecomputation() {
    for m in [1, 4, 11] {
      for unit in [true, false] {
        let c = UpdateCase(m: m, count: 40, unit: unit, seed: UInt64(7 * m + (unit ? 1 : 0)))
        let got = c.run()
        for (t, r) in c.rows.enumerated() {
          let base = Int(r) * m, x = Double(c.values?[t] ?? 1)
          var dot = Double(c.delta[0]) * x
          for f in 1..<m { dot += Double(c.delta[f]) * x * (Double(c.cache[base + f]) - Double(c.theta[f]) * x) }
          XCTAssertEqual(Double(got[base]), Double(c.cache[base]) - dot, accuracy: 1e-5, "m \(m) row \(r): e")
          for f in 1..<m {
            let want = Double(c.cache[base + f]) + Double(c.delta[f]) * x
            XCTAssertEqual(Double(got[base + f]), want, accuracy: 1e-5, "m \(m) row \(r): q \(f)")
          }
        }
      }
    }
  }

  /// Every width the Gram kernel takes, with and without values, fewer rows than a vector of
  /// them, whole vectors and a tail.
  func testAVX2BlockUpdateGivesTheSwiftKernelsBits() throws {
    try XCTSkipUnless(SmallSystems.hasAVX2FMA, "this CPU has no AVX2: the sampler runs the Swift kernel alone")
    for m in 1...BayesFMSampler.avx2GramWidth {
      for count in [1, 7, 8, 9, 16, 43, 300] {
        for unit in [true, false] {
          let c = UpdateCase(m: m, count: count, unit: unit, seed: UInt64(1000 * m + 2 * count + (unit ? 1 : 0)))
          XCTAssertEqual(c.run(avx2: true).map(\.bitPattern), c.run().map(\.bitPattern),
                         "m \(m) count \(count) unit \(unit)")
        }
      }
    }
  }

  /// A refresh that visits the rows (as the fit does while it reads the training predictions)
  /// leaves the chain's bits as they are: each row is visited once, before it is refreshed,
  /// and the next sweep skips its own refresh.
  func testVisitingRefreshKeepsTheChainsBits() {
    let (train, _) = plantedRatings(users: 80, items: 50, perUser: 20, rank: 3, noise: 0.3, seed: 12)
    let layout = FeatureLayout.make(userCount: train.universe.users.count, itemCount: train.universe.items.count, side: nil)
    var chains: [[UInt32]] = []
    for visiting in [false, true] {
      let sampler = BayesFMSampler(design: DesignMatrix(training: train, layout: layout),
                                   configuration: .init(rank: 4, seed: 3))
      for _ in 0..<8 {
        sampler.sweep()
        XCTAssertFalse(sampler.cachesFresh)
        guard visiting else { continue }
        let seen = UnsafeMutablePointer<Int>.allocate(capacity: sampler.rowCount)
        seen.initialize(repeating: 0, count: sampler.rowCount)
        sampler.refreshCaches(visiting: { rows, _ in for r in rows { seen[r] += 1 } })
        XCTAssertEqual(Array(UnsafeBufferPointer(start: seen, count: sampler.rowCount)),
                       [Int](repeating: 1, count: sampler.rowCount))
        seen.deallocate()
        XCTAssertTrue(sampler.cachesFresh)
      }
      let p = sampler.parameters
      chains.append([Float(sampler.bias).bitPattern] + p.weights.map(\.bitPattern) + p.factors.storage.map(\.bitPattern))
    }
    XCTAssertEqual(chains[0], chains[1])
  }
}
