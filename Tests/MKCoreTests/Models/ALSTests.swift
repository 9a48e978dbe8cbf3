import XCTest
@testable import MKCore

final class ALSTests: XCTestCase {
  /// The training RMSE a fit records every sweep (user by user, eight ratings at a time) is
  /// the RMSE of `predict` on the training data, clipped predictions included, but for the
  /// order of the additions.
  func testRecordedTrainingRMSEIsThatOfPredict() throws {
    for perUser in [13, 5] {
      let (train, _) = plantedRatings(users: 40, items: 30, perUser: perUser, rank: 2, noise: 0.6, seed: 7)
      for (rank, bias) in [(3, true), (2, false), (64, true)] {
        let given: [String: OptionValue] = ["rank": .int(rank), "iters": .int(2), "bias": .bool(bias), "lambda": .double(0.01)]
        let m = try ModelRegistry.fit("als", FitInput(data: train, options: try options("als", given)))
        let h = m.info.history, col = try XCTUnwrap(h.columns.firstIndex(of: "train_rmse"))
        let recorded = try XCTUnwrap(h.rows.last)[col]
        XCTAssertEqual(recorded, Metrics.rmse(m.predict(train), train.values), accuracy: 1e-12 * recorded,
                       "\(perUser) ratings a user, rank \(rank), bias \(bias)")
        // Clipped to a range narrower than the predictions', against score clipped pair by pair.
        let als = try XCTUnwrap(m as? ALSModel)
        let us = train.userIndices, its = train.itemIndices
        let scores = (0..<train.count).map { als.score(user: us[$0], item: its[$0]) }
        let narrow = scores.sorted()[scores.count / 4]...scores.sorted()[3 * scores.count / 4]
        let clipped = scores.map { min(max($0, narrow.lowerBound), narrow.upperBound) }
        let rmse = ALSModel.trainingRMSE(users: als.userFactors, items: als.itemFactors, byUser: train.byUser, rank: rank,
                                         bias: bias, mu: als.info.globalMean, clip: narrow)
        XCTAssertEqual(rmse, Metrics.rmse(clipped, train.values), accuracy: 1e-12 * rmse, "clipped to \(narrow)")
      }
    }
  }

  /// The AVX2 kernel of the training RMSE gives the Swift loop's bits: ranks around a
  /// vector's width and ALS's wide one, with and without biases and clipping, users with no
  /// ratings, fewer than eight and many, and unknown items (negative, past the end) that send
  /// the rest of a user's ratings to the one-at-a-time loop.
  func testTrainingRMSEKernelHasTheSwiftLoopsBits() throws {
    try XCTSkipUnless(SmallSystems.hasAVX2FMA, "no AVX2 here: only the Swift loop runs")
    var rng = RandomStream(seed: 12)
    for (k, bias) in [(1, false), (7, true), (8, false), (10, true), (17, false), (64, true), (65, false)] {
      let w = k + (bias ? 1 : 0), userCount = 90, itemCount = 40
      var users = Matrix(rows: userCount, columns: w), items = Matrix(rows: itemCount, columns: w)
      for j in 0..<users.storage.count { users.storage[j] = Float(rng.normal()) * 0.4 }
      for j in 0..<items.storage.count { items.storage[j] = Float(rng.normal()) * 0.4 }
      var rowsOf: [Int32] = [], cols: [Int32] = [], vals: [Float] = []
      for u in 0..<userCount {
        for _ in 0..<rng.below(u % 9 == 0 ? 60 : 20) {
          let unknown = rng.below(40) == 0
          rowsOf.append(Int32(u))
          cols.append(unknown ? (rng.below(2) == 0 ? -1 : Int32(itemCount + rng.below(3))) : Int32(rng.below(itemCount)))
          vals.append(Float(1 + rng.below(5)))
        }
      }
      let byUser = SparseRows(rowCount: userCount, rows: rowsOf, columns: cols, values: vals)
      for clip: ClosedRange<Float>? in [nil, 2.5...3.5] {
        let swift = ALSModel.trainingRMSE(users: users, items: items, byUser: byUser, rank: k, bias: bias, mu: 3,
                                          clip: clip, vectorKernel: false)
        let avx2 = ALSModel.trainingRMSE(users: users, items: items, byUser: byUser, rank: k, bias: bias, mu: 3,
                                         clip: clip, vectorKernel: true)
        XCTAssertEqual(avx2.bitPattern, swift.bitPattern, "rank \(k) bias \(bias) clip \(String(describing: clip)): \(avx2) against \(swift)")
        XCTAssertGreaterThan(swift, 0.1)
      }
    }
  }

  /// `scoreBatch` scores known pairs eight at a time, unknown ids and the tail one by one:
  /// every pair must carry `score(user:item:)`'s bits, with and without biases, at a narrow and
  /// a wide rank, whatever the mix of known and unknown ids around it.
  func testBatchScoresHaveTheBitsOfScoringPairByPair() throws {
    let (train, _) = plantedRatings(users: 30, items: 25, perUser: 12, rank: 2, noise: 0.3, seed: 11)
    var rng = RandomStream(seed: 4)
    for (rank, bias) in [(3, true), (3, false), (64, true), (21, false)] {
      let given: [String: OptionValue] = ["rank": .int(rank), "iters": .int(2), "bias": .bool(bias)]
      let m = try ModelRegistry.fit("als", FitInput(data: train, options: try options("als", given)))
      // 203 pairs: a tail after the groups of eight; ids -1 and past the end now and then.
      let users = (0..<203).map { _ in Int32(rng.below(34)) - (rng.below(20) == 0 ? 3 : 0) }
      let items = (0..<203).map { _ in Int32(rng.below(27)) }
      var out = [Float](repeating: .nan, count: users.count)
      users.withUnsafeBufferPointer { u in
        items.withUnsafeBufferPointer { i in
          out.withUnsafeMutableBufferPointer { m.scoreBatch(users: u, items: i, into: $0) }
        }
      }
      for j in 0..<users.count {
        XCTAssertEqual(out[j].bitPattern, m.score(user: users[j], item: items[j]).bitPattern,
                       "rank \(rank) bias \(bias) pair \(j) (\(users[j]), \(items[j]))")
      }
    }
  }

  /// One user half-step must equal the ridge solution computed independently here:
  /// x_u = (YᵀY + λ(n_u + n₀)·I_k ⊕ λ_b)⁻¹ Yᵀ t with Y rows [q_i, 1], t = r − μ − b_i.
  func testHalfStepEqualsIndependentRidgeSolution() {
    var rng = RandomStream(seed: 3)
    let k = 4, items = 9, lambda: Float = 0.3, prior: Float = 2, biasLambda: Float = 0.7, mu: Float = 3.2
    var y = Matrix(rows: items, columns: k + 1)
    for j in 0..<y.storage.count { y.storage[j] = Float(rng.normal()) }
    // Two users: one with 6 ratings, one with none.
    let cols: [Int32] = [0, 2, 3, 5, 7, 8]
    let vals: [Float] = [4, 2, 5, 3, 1, 4]
    let rows = SparseRows(rowCount: 2, rows: cols.map { _ in 0 }, columns: cols, values: vals)
    var x = Matrix(rows: 2, columns: k + 1, repeating: 9)
    ALSModel.halfStep(solving: &x, fixed: y, rows: rows, rank: k, bias: true, lambda: lambda, prior: prior,
                      biasLambda: biasLambda, mu: mu)

    let w = k + 1
    var a = [Double](repeating: 0, count: w * w), b = [Double](repeating: 0, count: w)
    for (n, i) in cols.enumerated() {
      var yi = (0..<k).map { Double(y[Int(i), $0]) }
      yi.append(1)
      let t = Double(vals[n]) - Double(mu) - Double(y[Int(i), k])
      for r in 0..<w {
        b[r] += yi[r] * t
        for c in 0..<w { a[r * w + c] += yi[r] * yi[c] }
      }
    }
    for c in 0..<k { a[c * w + c] += Double(lambda) * (Double(cols.count) + Double(prior)) }
    a[k * w + k] += Double(biasLambda)
    let expected = Reference.solve(a, b, n: w)
    for c in 0..<w { XCTAssertEqual(Double(x[0, c]), expected[c], accuracy: 1e-4, "coordinate \(c)") }
    for c in 0..<w { XCTAssertEqual(x[1, c], 0, "a user without ratings gets zeros") }
  }

  func testHalfStepWithoutBiasesIsPlainWeightedRidge() {
    var rng = RandomStream(seed: 5)
    let k = 3
    var y = Matrix(rows: 4, columns: k)
    for j in 0..<y.storage.count { y.storage[j] = Float(rng.normal()) }
    let cols: [Int32] = [0, 1, 3], vals: [Float] = [1, 2, 3]
    let rows = SparseRows(rowCount: 1, rows: [0, 0, 0], columns: cols, values: vals)
    var x = Matrix(rows: 1, columns: k)
    ALSModel.halfStep(solving: &x, fixed: y, rows: rows, rank: k, bias: false, lambda: 0.5, biasLambda: 0, mu: 1)
    var a = [Double](repeating: 0, count: k * k), b = [Double](repeating: 0, count: k)
    for (n, i) in cols.enumerated() {
      for r in 0..<k {
        b[r] += Double(y[Int(i), r]) * Double(vals[n] - 1)
        for c in 0..<k { a[r * k + c] += Double(y[Int(i), r]) * Double(y[Int(i), c]) }
      }
    }
    for c in 0..<k { a[c * k + c] += 0.5 * 3 }
    let expected = Reference.solve(a, b, n: k)
    for c in 0..<k { XCTAssertEqual(Double(x[0, c]), expected[c], accuracy: 1e-4) }
  }

  /// Each half-step minimizes the objective exactly over one side, so the objective (not
  /// necessarily the RMSE) can only fall from one sweep to the next.
  func testObjectiveFallsEverySweep() throws {
    let (train, _) = plantedRatings(users: 150, items: 100, perUser: 40, rank: 3, noise: 0.3, seed: 1)
    var objectives: [Double] = []
    for iters in 1...6 {
      let o = try options("als", ["rank": .int(3), "iters": .int(iters), "lambda": .double(0.05), "prior": .double(1)])
      let m = try ModelRegistry.fit("als", FitInput(data: train, options: o)) as! ALSModel
      var loss = 0.0
      for k in 0..<train.count {
        let e = Double(train.value(k)) - Double(m.score(user: train.user(k), item: train.item(k)))
        loss += e * e
      }
      for (f, counts) in [(m.userFactors, train.userCounts), (m.itemFactors, train.itemCounts)] {
        for r in 0..<f.rows {
          var norm = 0.0
          for c in 0..<3 { norm += Double(f[r, c]) * Double(f[r, c]) }
          loss += 0.05 * (Double(counts[r]) + 1) * norm + 2 * Double(f[r, 3]) * Double(f[r, 3])
        }
      }
      objectives.append(loss)
    }
    for (a, b) in zip(objectives, objectives.dropFirst()) { XCTAssertLessThanOrEqual(b, a * (1 + 1e-5), "\(objectives)") }
    XCTAssertLessThan(objectives.last!, objectives.first! * 0.9)
  }

  func testUnknownUserFallsBackToItemMean() throws {
    let train = makeRatings([("a", "x", 5), ("a", "y", 1), ("b", "x", 4), ("b", "y", 2)])
    let m = try ModelRegistry.fit("als", FitInput(data: train, options: try options("als", ["rank": .int(2)])))
    let (v, note) = m.predict(user: "zzz", item: "x")
    XCTAssertNotNil(note)
    XCTAssertTrue(note!.contains("unknown user 'zzz'"))
    let als = m as! ALSModel
    XCTAssertEqual(v, m.info.globalMean + als.itemFactors[0, 2], accuracy: 1e-6)
  }
}

/// The two solvers inside a half-step (SIMD kernels for small systems, OpenBLAS/LAPACK for
/// large ones) must agree.
final class ALSSolverAgreementTests: XCTestCase {
  func testSmallKernelsAgreeWithLAPACKOnRealisticRows() {
    var rng = RandomStream(seed: 21)
    for (k, bias) in [(1, false), (5, true), (20, true), (31, false), (40, true)] {
      let width = k + (bias ? 1 : 0)
      var y = Matrix(rows: 60, columns: width)
      for j in 0..<y.storage.count { y.storage[j] = Float(rng.normal()) * 0.3 }
      var rowsOf: [Int32] = [], cols: [Int32] = [], vals: [Float] = []
      for r in 0..<7 {
        for j in 0..<60 where rng.uniform() < Double(r) / 7 { rowsOf.append(Int32(r)); cols.append(Int32(j)); vals.append(Float(1 + rng.below(5))) }
      }
      let rows = SparseRows(rowCount: 7, rows: rowsOf, columns: cols, values: vals)
      var fast = Matrix(rows: 7, columns: width), slow = Matrix(rows: 7, columns: width)
      ALSModel.halfStep(solving: &fast, fixed: y, rows: rows, rank: k, bias: bias, lambda: 0.1, prior: 3, biasLambda: 1, mu: 3)
      ALSModel.halfStep(solving: &slow, fixed: y, rows: rows, rank: k, bias: bias, lambda: 0.1, prior: 3, biasLambda: 1, mu: 3,
                        path: .lapack)
      for j in 0..<fast.storage.count {
        XCTAssertEqual(fast.storage[j], slow.storage[j], accuracy: 1e-4 * max(1, abs(slow.storage[j])), "k=\(k) bias=\(bias) entry \(j)")
      }
      XCTAssertGreaterThan(fast.storage.map(abs).max()!, 0.01, "k=\(k): a non-trivial solution")
    }
  }

  func testWideSystemsGoThroughLAPACKAndStillMatchTheRidgeSolution() {
    var rng = RandomStream(seed: 8)
    let k = 70
    var y = Matrix(rows: 100, columns: k)
    for j in 0..<y.storage.count { y.storage[j] = Float(rng.normal()) }
    let cols = (0..<90).map { Int32($0) }, vals = (0..<90).map { _ in Float(rng.normal()) }
    let rows = SparseRows(rowCount: 1, rows: cols.map { _ in 0 }, columns: cols, values: vals)
    var x = Matrix(rows: 1, columns: k)
    ALSModel.halfStep(solving: &x, fixed: y, rows: rows, rank: k, bias: false, lambda: 0.5, biasLambda: 0, mu: 0)
    var a = [Double](repeating: 0, count: k * k), b = [Double](repeating: 0, count: k)
    for (n, i) in cols.enumerated() {
      for r in 0..<k {
        b[r] += Double(y[Int(i), r]) * Double(vals[n])
        for c in 0..<k { a[r * k + c] += Double(y[Int(i), r]) * Double(y[Int(i), c]) }
      }
    }
    for c in 0..<k { a[c * k + c] += 0.5 * 90 }
    let expected = Reference.solve(a, b, n: k)
    for c in 0..<k { XCTAssertEqual(Double(x[0, c]), expected[c], accuracy: 1e-4) }
  }
}
