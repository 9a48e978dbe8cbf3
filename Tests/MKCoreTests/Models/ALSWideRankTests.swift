import XCTest
import MKCore

/// The wide-rank half-step paths (the blocked Gram through OpenBLAS, the conjugate-gradient
/// solver) against the existing ones and against an independent double-precision solve.
final class ALSWideRankTests: XCTestCase {
  /// Realistic rows: factors of ALS's scale, rows from empty to longer than the rank (so both
  /// under- and over-determined Grams, held up by the ridge).
  private func problem(width: Int, rows: Int = 9, fixed: Int = 180, seed: UInt64) -> (Matrix, SparseRows) {
    var rng = RandomStream(seed: seed)
    var y = Matrix(rows: fixed, columns: width)
    for j in 0..<y.storage.count { y.storage[j] = Float(rng.normal()) * 0.3 }
    var rowsOf: [Int32] = [], cols: [Int32] = [], vals: [Float] = []
    for r in 0..<rows {
      for j in 0..<fixed where rng.uniform() < Double(r) / Double(rows - 1) {
        rowsOf.append(Int32(r)); cols.append(Int32(j)); vals.append(Float(1 + rng.below(5)))
      }
    }
    return (y, SparseRows(rowCount: rows, rows: rowsOf, columns: cols, values: vals))
  }

  private func solve(_ y: Matrix, _ rows: SparseRows, rank: Int, bias: Bool, path: ALSModel.HalfStepPath = .automatic,
                     solver: ALSModel.Solver = .cholesky, steps: Int = 3, start: Matrix? = nil) -> Matrix {
    var x = start ?? Matrix(rows: rows.rowCount, columns: y.columns)
    ALSModel.halfStep(solving: &x, fixed: y, rows: rows, rank: rank, bias: bias, lambda: 0.1, prior: 3, biasLambda: 2,
                      mu: 3, solver: solver, cgSteps: steps, path: path)
    return x
  }

  /// Each row's system (Σ yⱼyⱼᵀ + ridge, Σ yⱼ tⱼ) in double precision, built here from scratch.
  private func systems(_ y: Matrix, _ rows: SparseRows, rank k: Int, bias: Bool) -> [(a: [Double], b: [Double])] {
    let w = k + (bias ? 1 : 0)
    return (0..<rows.rowCount).map { r in
      let span = rows.range(r)
      var a = [Double](repeating: 0, count: w * w), b = [Double](repeating: 0, count: w)
      for p in span {
        let j = Int(rows.columns[p])
        var yj = (0..<k).map { Double(y[j, $0]) }
        if bias { yj.append(1) }
        let t = Double(rows.values[p]) - 3 - (bias ? Double(y[j, k]) : 0)
        for c in 0..<w {
          b[c] += yj[c] * t
          for d in 0..<w { a[c * w + d] += yj[c] * yj[d] }
        }
      }
      for c in 0..<k { a[c * w + c] += 0.1 * (Double(span.count) + 3) }
      if bias { a[k * w + k] += 2 }
      return (a, b)
    }
  }

  /// x_r = (Σ yⱼyⱼᵀ + ridge)⁻¹ Σ yⱼ tⱼ in double precision; zero for rows without ratings.
  private func reference(_ y: Matrix, _ rows: SparseRows, rank k: Int, bias: Bool) -> [[Double]] {
    let w = k + (bias ? 1 : 0)
    return systems(y, rows, rank: k, bias: bias).enumerated().map { r, s in
      rows.range(r).isEmpty ? [Double](repeating: 0, count: w) : Reference.solve(s.a, s.b, n: w)
    }
  }

  private func assertClose(_ x: Matrix, _ expected: [[Double]], tolerance: Double, _ what: String,
                           file: StaticString = #filePath, line: UInt = #line) {
    var worst = 0.0
    for r in 0..<x.rows {
      for c in 0..<x.columns {
        worst = max(worst, abs(Double(x[r, c]) - expected[r][c]) / max(1, abs(expected[r][c])))
      }
    }
    XCTAssertLessThanOrEqual(worst, tolerance, what, file: file, line: line)
  }

  /// The blocked path builds the same systems as the SIMD kernels (widths ≤ 64) and the
  /// former LAPACK path (all widths), and solves them to float precision.
  func testBlockedGramMatchesTheExistingPathsAtWideRanks() {
    // Narrow widths too: the fused kernel's 6-row tiles overrun widths just under the stride
    // (63 without a bias, 6 with one), which read past a scratch block without its padding.
    for (k, bias) in [(1, false), (6, true), (15, false), (63, true), (63, false), (64, true), (64, false), (65, true),
                      (100, true), (100, false)] {
      let width = k + (bias ? 1 : 0)
      let (y, rows) = problem(width: width, seed: UInt64(k) + (bias ? 1000 : 0))
      let blocked = solve(y, rows, rank: k, bias: bias, path: .blocked)
      let lapack = solve(y, rows, rank: k, bias: bias, path: .lapack)
      let expected = reference(y, rows, rank: k, bias: bias)
      let what = "rank \(k) bias=\(bias)"
      assertClose(blocked, expected, tolerance: 2e-4, "blocked against the double-precision solve, \(what)")
      assertClose(lapack, expected, tolerance: 2e-4, "LAPACK against the double-precision solve, \(what)")
      for j in 0..<blocked.storage.count {
        XCTAssertEqual(blocked.storage[j], lapack.storage[j], accuracy: 2e-4 * max(1, abs(lapack.storage[j])), "\(what) entry \(j)")
      }
      if width <= SmallSystems.maxWidth {
        let simd = solve(y, rows, rank: k, bias: bias, path: .simd)
        for j in 0..<blocked.storage.count {
          XCTAssertEqual(blocked.storage[j], simd.storage[j], accuracy: 2e-4 * max(1, abs(simd.storage[j])), "\(what) entry \(j)")
        }
      }
      XCTAssertEqual(blocked.row(0).map(abs).max(), 0, "\(what): the empty row stays zero")
      XCTAssertGreaterThan(blocked.storage.map(abs).max()!, 0.05, "\(what): a non-trivial solution")
    }
  }

  /// Where the CPU has AVX-512, the blocked path sums each row's system in 16-lane vectors
  /// (`mk_als_gram_avx512`): the same chains of fused multiply-adds as the 8-lane kernel, so the
  /// same bits, at widths around a vector's and ALS's wide ones, with rows of one 64-rating
  /// chunk and of several.
  func testAVX512GramHasTheAVX2KernelsBits() throws {
    try XCTSkipUnless(SmallSystems.hasAVX512, "no AVX-512 here: only the 8-lane kernel runs")
    for (k, bias) in [(1, false), (6, true), (15, false), (16, true), (63, true), (64, true), (64, false), (65, true),
                      (100, true), (100, false), (130, true)] {
      let (y, rows) = problem(width: k + (bias ? 1 : 0), rows: 9, fixed: 200, seed: UInt64(k) + 31)
      let wide = solve(y, rows, rank: k, bias: bias, path: .blocked)
      let narrow = solve(y, rows, rank: k, bias: bias, path: .blockedAVX2)
      let differ = (0..<wide.storage.count).first { wide.storage[$0].bitPattern != narrow.storage[$0].bitPattern }
      XCTAssertNil(differ, "rank \(k) bias=\(bias): entry \(differ ?? 0), \(wide.storage[differ ?? 0]) against \(narrow.storage[differ ?? 0])")
      XCTAssertGreaterThan(wide.storage.map(abs).max()!, 0.05, "rank \(k) bias=\(bias): a non-trivial solution")
    }
  }

  /// Rows with fewer ratings than unknowns take the dual n × n system on the blocked path
  /// (`HalfStepRows.dual`): the same solutions as the former LAPACK path and the
  /// double-precision solve, from one rating a row to twelve.
  func testShortRowsOnTheDualSystemMatchThePrimalSolve() {
    for (k, bias) in [(64, true), (64, false), (100, true)] {
      let (y, rows) = problem(width: k + (bias ? 1 : 0), rows: 13, fixed: 12, seed: UInt64(k) + 7)
      XCTAssertEqual((0..<rows.rowCount).map { rows.range($0).count }.filter { $0 > 0 && $0 < 4 }.isEmpty, false,
                     "rows of one to three ratings are in the problem")
      let blocked = solve(y, rows, rank: k, bias: bias, path: .blocked)
      let lapack = solve(y, rows, rank: k, bias: bias, path: .lapack)
      let what = "rank \(k) bias=\(bias)"
      assertClose(blocked, reference(y, rows, rank: k, bias: bias), tolerance: 2e-4, "dual against the double-precision solve, \(what)")
      for j in 0..<blocked.storage.count {
        XCTAssertEqual(blocked.storage[j], lapack.storage[j], accuracy: 2e-4 * max(1, abs(lapack.storage[j])), "\(what) entry \(j)")
      }
      XCTAssertGreaterThan(blocked.storage.map(abs).max()!, 0.05, "\(what): a non-trivial solution")
    }
  }

  /// `automatic` sends widths above 64 to the blocked path, the rest to the SIMD kernels:
  /// same bits as asking for each by name.
  func testAutomaticPathChoosesByWidth() {
    for (k, path) in [(63, ALSModel.HalfStepPath.simd), (64, .blocked)] {
      let (y, rows) = problem(width: k + 1, seed: 77)
      XCTAssertEqual(solve(y, rows, rank: k, bias: true), solve(y, rows, rank: k, bias: true, path: path), "rank \(k)")
    }
  }

  /// CG is exact in at most `width` steps in exact arithmetic: with enough steps from zero it
  /// reaches the Cholesky solution of each small SPD system; with fewer it is close but not
  /// equal (so the test would notice a CG that silently solved exactly); started at the exact
  /// solution it stays there.
  func testConjugateGradientConvergesToTheCholeskySolution() {
    for (k, bias) in [(5, true), (8, false), (20, true)] {
      let width = k + (bias ? 1 : 0)
      let (y, rows) = problem(width: width, rows: 6, fixed: 40, seed: UInt64(k))
      let exact = solve(y, rows, rank: k, bias: bias)
      let expected = reference(y, rows, rank: k, bias: bias)
      let converged = solve(y, rows, rank: k, bias: bias, solver: .cg, steps: 3 * width)
      assertClose(converged, expected, tolerance: 1e-4, "cg with \(3 * width) steps, rank \(k)")
      let one = solve(y, rows, rank: k, bias: bias, solver: .cg, steps: 1)
      var gap = 0.0
      for j in 0..<one.storage.count { gap = max(gap, Double(abs(one.storage[j] - exact.storage[j]))) }
      XCTAssertGreaterThan(gap, 1e-3, "one step from zero is not yet the solution, rank \(k)")
      let stays = solve(y, rows, rank: k, bias: bias, solver: .cg, steps: 3, start: exact)
      assertClose(stays, expected, tolerance: 1e-4, "cg warm-started at the solution, rank \(k)")
    }
  }

  /// More steps, smaller error: CG's error in the A-norm, √(eᵀAe), falls monotonically with
  /// the steps (for every row, so for their sum).
  func testConjugateGradientErrorFallsWithSteps() {
    let (y, rows) = problem(width: 31, rows: 6, fixed: 60, seed: 4)
    let expected = reference(y, rows, rank: 30, bias: true), systems = self.systems(y, rows, rank: 30, bias: true)
    var errors: [Double] = []
    for steps in [1, 2, 4, 8] {
      let x = solve(y, rows, rank: 30, bias: true, solver: .cg, steps: steps)
      var total = 0.0
      for r in 0..<x.rows {
        let e = (0..<31).map { Double(x[r, $0]) - expected[r][$0] }
        for c in 0..<31 { for d in 0..<31 { total += e[c] * systems[r].a[c * 31 + d] * e[d] } }
      }
      errors.append(total.squareRoot())
    }
    for (a, b) in zip(errors, errors.dropFirst()) { XCTAssertLessThan(b, a, "\(errors)") }
    XCTAssertLessThan(errors.last!, errors.first! / 10, "\(errors)")
  }

  /// On MovieLens 100k u1, `solver=cg` (3 steps, warm-started) ends within 0.001 RMSE of the
  /// exact solve after the default 15 sweeps (measured 0.92098 against 0.92097), and inside
  /// ALS's pinned bound (0.925).
  func testConjugateGradientFitReachesCholeskyAccuracyOnU1() throws {
    let universe = Universe()
    let train = try Ratings.load(path: try testDataPath("ml-100k/u1.base"), universe: universe)
    let test = try Ratings.load(path: try testDataPath("ml-100k/u1.test"), universe: universe)
    var rmse: [String: Double] = [:]
    for solver in ["cholesky", "cg"] {
      let m = try ModelRegistry.fit("als", FitInput(data: train, options: try options("als", ["solver": .string(solver)])))
      rmse[solver] = Metrics.rmse(m.predict(test), test.values)
    }
    print("u1.test RMSE: cholesky \(rmse["cholesky"]!), cg \(rmse["cg"]!)")
    XCTAssertLessThanOrEqual(abs(rmse["cg"]! - rmse["cholesky"]!), 0.001)
    XCTAssertLessThanOrEqual(rmse["cg"]!, 0.925)
  }

  /// CG fits are deterministic for a seed like every other fit.
  func testConjugateGradientFitIsDeterministic() throws {
    let (train, _) = plantedRatings(users: 120, items: 80, perUser: 30, rank: 3, noise: 0.3, seed: 2)
    let o = try options("als", ["solver": .string("cg"), "rank": .int(70), "iters": .int(3)])
    let a = try ModelRegistry.fit("als", FitInput(data: train, options: o)) as! ALSModel
    let b = try ModelRegistry.fit("als", FitInput(data: train, options: o)) as! ALSModel
    XCTAssertEqual(a.userFactors, b.userFactors)
    XCTAssertEqual(a.itemFactors, b.itemFactors)
  }
}
