import XCTest
import Foundation
@testable import MKCore

/// The minibatch learner's parallel parts (`FMGradient`'s column owners) and its lazy Adam:
/// the same bits on any number of owners, and the sparse step against a dense Adam written out
/// here.
final class FMOptimizerTests: XCTestCase {
  /// A design wide enough for several owners' blocks of 64 columns (160 users, 90 items, tags),
  /// with random parameters, and an MLP when `hidden` is given.
  private func wideNet(hidden: [Int]? = nil, binary: Bool = false, seed: UInt64)
    throws -> (FMNet, DesignMatrix, Ratings) {
    let data = try Ratings.generate(users: 160, items: 90, ratings: 1500, rank: 2, tags: 4, binary: binary, seed: seed)
    let layout = FeatureLayout.make(userCount: data.userCount, itemCount: data.itemCount, side: data.items)
    XCTAssertGreaterThan(layout.columnCount, 3 * FMGradient.blockColumns)
    let design = DesignMatrix(training: data, layout: layout)
    var rng = RandomStream(seed: seed)
    var fm = FMParameters(columns: layout.columnCount, rank: 3)
    fm.bias = binary ? 0.1 : 3.2
    for j in 0..<fm.columnCount { fm.weights[j] = Float(0.2 * rng.normal()) }
    for j in 0..<fm.factors.storage.count { fm.factors.storage[j] = Float(0.3 * rng.normal()) }
    let mlp = hidden.map { MLP(input: layout.groups.count * 3, hidden: $0, rng: &rng, outputScale: 1) }
    return (FMNet(fm: fm, mlp: mlp, layout: layout), design, data)
  }

  private func gradient(_ net: FMNet, _ design: DesignMatrix, rows: [Int32], owners: Int, dropout: Float = 0)
    -> (FMGradient, Double) {
    var g = FMGradient(net, owners: owners)
    var rng: RandomStream? = dropout > 0 ? RandomStream(seed: 5) : nil
    let o = FMObjective(loss: .squared, groupLambda: [0.2, 0.1, 0.3], mlpLambda: 0.01, dropout: dropout)
    let j = rows.withUnsafeBufferPointer {
      net.gradient($0, of: design, objective: o, into: &g, scratch: FMScratch(net, capacity: rows.count), rng: &rng).objective
    }
    return (g, j)
  }

  /// One owner (one core, rows in order) and 2, 3 or 5 owners give the same gradient bits,
  /// with and without an MLP (and its dropout), on a batch of rows in shuffled order; the
  /// objective differs only by the order its per-owner penalties are added in.
  func testGradientIsTheSameBitsForAnyNumberOfOwners() throws {
    for hidden in [nil, [8, 4]] as [[Int]?] {
      let (net, design, _) = try wideNet(hidden: hidden, seed: 3)
      var rows = (0..<Int32(design.count)).map { $0 }
      var rng = RandomStream(seed: 9)
      rng.shuffle(&rows)
      let batch = Array(rows.prefix(700))
      let (one, j1) = gradient(net, design, rows: batch, owners: 1, dropout: hidden == nil ? 0 : 0.2)
      XCTAssertGreaterThan(one.touched.count, 3 * FMGradient.blockColumns)
      for owners in [2, 3, 5] {
        let (many, j) = gradient(net, design, rows: batch, owners: owners, dropout: hidden == nil ? 0 : 0.2)
        XCTAssertEqual(many.w.map(\.bitPattern), one.w.map(\.bitPattern), "w, \(owners) owners")
        XCTAssertEqual(many.v.map(\.bitPattern), one.v.map(\.bitPattern), "v, \(owners) owners")
        XCTAssertEqual(many.mlp.map(\.bitPattern), one.mlp.map(\.bitPattern), "mlp, \(owners) owners")
        XCTAssertEqual(Set(many.touched), Set(one.touched))
        XCTAssertEqual(many.touched.count, one.touched.count, "each column listed once")
        XCTAssertEqual(j, j1, accuracy: 1e-12 * abs(j1))
      }
    }
  }

  /// Every column the batch reaches is listed under its owner, and clearing leaves nothing.
  func testOwnersListTheirOwnColumnsAndClearingEmptiesThem() throws {
    let (net, design, _) = try wideNet(seed: 4)
    let rows = (0..<Int32(design.count)).map { $0 }
    var (g, _) = gradient(net, design, rows: rows, owners: 3)
    var active = Set<Int32>()
    for r in 0..<design.count { for p in design.rows.range(r) { active.insert(design.rows.columns[p]) } }
    XCTAssertEqual(Set(g.touched), active)
    g.withBuffers { b in
      for t in 0..<3 { for j in b.touched(owner: t) { XCTAssertEqual(b.owner(of: Int(j)), t) } }
    }
    g.clear(rank: net.fm.rank)
    XCTAssertTrue(g.touched.isEmpty)
    XCTAssertTrue(g.w.allSatisfy { $0 == 0 } && g.v.allSatisfy { $0 == 0 } && g.mlp.allSatisfy { $0 == 0 })
  }

  /// Epochs of the learner itself, on 1 and on 3 owners, Adam and SGD, fm and deepfm: the same bits.
  func testTrainingIsTheSameBitsOnOneOrThreeOwners() throws {
    for (hidden, solver) in [(nil, "adam"), (nil, "sgd"), ([8], "adam")] as [([Int]?, String)] {
      let (start, design, data) = try wideNet(hidden: hidden, seed: 6)
      var o = FMOptions()
      o.iters = 3
      o.batch = 100
      o.solver = FMLearner.Solver(rawValue: solver)!
      let objective = FMObjective(loss: .squared, groupLambda: [0.1, 0.1, 0.1], mlpLambda: 0.01, dropout: hidden == nil ? 0 : 0.1)
      func run(_ owners: Int) throws -> FMNet {
        var net = start, rng = RandomStream(seed: 2)
        _ = try FMLearner.train(&net, kind: "fm", on: design, valid: nil, options: o, objective: objective, binary: false,
                                range: data.range, rng: &rng, progress: .silent, owners: owners)
        return net
      }
      let a = try run(1), b = try run(3)
      XCTAssertNotEqual(a.fm.factors.storage, start.fm.factors.storage, "it trained")
      XCTAssertEqual(a.fm.weights.map(\.bitPattern), b.fm.weights.map(\.bitPattern), solver)
      XCTAssertEqual(a.fm.factors.storage.map(\.bitPattern), b.fm.factors.storage.map(\.bitPattern), solver)
      XCTAssertEqual(a.mlp?.weights.map(\.bitPattern), b.mlp?.weights.map(\.bitPattern), solver)
    }
  }

  /// Through the registry, two fits with the same seed are the same model, for each kind on
  /// the learner (fm, deepfm, deep on ratings; logmf on 0/1 outcomes).
  func testTwoRunsWithTheSameSeedGiveIdenticalModels() throws {
    let ratings = try Ratings.generate(users: 160, items: 90, ratings: 3000, rank: 2, seed: 7)
    let outcomes = try Ratings.generate(users: 160, items: 90, ratings: 3000, rank: 2, binary: true, seed: 7)
    for (kind, data) in [("fm", ratings), ("deepfm", ratings), ("deep", ratings), ("logmf", outcomes)] {
      func fit() throws -> [UInt32] {
        let m = try ModelRegistry.fit(kind, FitInput(data: data, options: try options(kind, ["iters": .int(2), "seed": .int(4)])))
        return m.predict(data).map(\.bitPattern)
      }
      XCTAssertEqual(try fit(), try fit(), kind)
    }
  }

  /// With the whole data as one batch every active column is in every step, and lazy Adam is
  /// Adam: the learner's parameters after 5 epochs equal a dense Adam over every parameter
  /// (β₁ 0.9, β₂ 0.999, ε 1e-8, bias-corrected), written here in Double on the gradient of
  /// `FMNet.gradient` (checked against finite differences in FMTests).
  func testLazyAdamEqualsDenseAdamWhenEveryColumnIsInTheBatch() throws {
    let (start, design, data) = try wideNet(seed: 8)
    var o = FMOptions()
    o.iters = 5
    o.batch = design.count
    o.lr = 0.01
    let objective = FMObjective(loss: .squared, groupLambda: [0.2, 0.1, 0.3])
    var net = start, rng = RandomStream(seed: 1)
    _ = try FMLearner.train(&net, kind: "fm", on: design, valid: nil, options: o, objective: objective, binary: false,
                            range: data.range, rng: &rng, progress: .silent)

    var dense = start
    let count = dense.fm.columnCount * (1 + dense.fm.rank)
    var m = [Double](repeating: 0, count: count), s = m
    var theta = (dense.fm.weights + dense.fm.factors.storage).map(Double.init)
    let rows = (0..<Int32(design.count)).map { $0 }
    for t in 1...5 {
      var g = FMGradient(dense, owners: 1)
      rows.withUnsafeBufferPointer { rb in
        var none: RandomStream? = nil
        _ = dense.gradient(rb, of: design, objective: objective, into: &g, scratch: FMScratch(dense, capacity: rows.count), rng: &none)
      }
      let grad = (g.w + g.v).map(Double.init)
      let b1 = 0.9, b2 = 0.999
      for q in 0..<count {
        m[q] = b1 * m[q] + (1 - b1) * grad[q]
        s[q] = b2 * s[q] + (1 - b2) * grad[q] * grad[q]
        let mHat = m[q] / (1 - pow(b1, Double(t))), sHat = s[q] / (1 - pow(b2, Double(t)))
        // mk folds the bias corrections into the rate, so its ε is ε / √(1 − β₂ᵗ) here.
        theta[q] -= 0.01 * mHat / (sHat.squareRoot() + 1e-8 / (1 - pow(b2, Double(t))).squareRoot())
      }
      let columns = dense.fm.columnCount
      dense.fm.weights = theta[0..<columns].map(Float.init)
      dense.fm.factors.storage = theta[columns...].map(Float.init)
    }
    var moved = 0
    for j in 0..<net.fm.columnCount {
      XCTAssertEqual(net.fm.weights[j], dense.fm.weights[j], accuracy: 2e-4, "w[\(j)]")
      if net.fm.weights[j] != start.fm.weights[j] { moved += 1 }
    }
    for q in 0..<net.fm.factors.storage.count {
      XCTAssertEqual(net.fm.factors.storage[q], dense.fm.factors.storage[q], accuracy: 2e-4, "v[\(q)]")
    }
    XCTAssertGreaterThan(moved, net.fm.columnCount / 2, "the steps moved the weights (5 steps of about lr each)")
  }

  /// Where lazy Adam differs from dense Adam: a column outside the batch keeps its parameters
  /// and moments (dense Adam would move it by its momentum, rate · m̂/√ŝ); the columns inside
  /// move.
  func testLazyAdamLeavesColumnsOutsideTheBatchAlone() throws {
    let (start, design, _) = try wideNet(seed: 10)
    let objective = FMObjective(loss: .squared, groupLambda: [0.2, 0.1, 0.3])
    let net = start
    let table = FMColumnTable(net.fm, moments: true, owners: 2)
    let scratch = FMScratch(net, capacity: design.count)
    var none: RandomStream? = nil, mlp: [Float] = [], steps = 0
    func step(_ rows: [Int32]) {
      steps += 1
      rows.withUnsafeBufferPointer {
        _ = net.step($0, of: design, objective: objective, table: table, update: .adam(rate: Adam.rate(lr: 0.01, step: steps)),
                     scratch: scratch, mlpGradient: &mlp, rng: &none)
      }
    }
    func parameters() -> FMParameters { var p = net.fm; table.store(into: &p); return p }
    step((0..<Int32(design.count)).map { $0 })  // every active column gets momentum
    XCTAssertEqual(table.lists.counts[0] + table.lists.counts[1], 0, "the step empties the lists")
    let firstUser = design.rows.columns[design.rows.range(0).lowerBound]
    let batch = (0..<Int32(design.count)).filter { r in !design.rows.range(Int(r)).contains { design.rows.columns[$0] == firstUser } }
    let before = parameters(), j = Int(firstUser), moments = table.moments(of: j)
    step(batch)
    let after = parameters(), k = net.fm.rank
    XCTAssertNotEqual(moments.m[0], 0, "the column has momentum")
    XCTAssertEqual(after.weights[j], before.weights[j])
    XCTAssertEqual(Array(after.factors.storage[(j * k)..<(j * k + k)]), Array(before.factors.storage[(j * k)..<(j * k + k)]))
    XCTAssertEqual(table.moments(of: j).m, moments.m)
    XCTAssertEqual(table.moments(of: j).s, moments.s)
    let other = Int(design.rows.columns[design.rows.range(Int(batch[0])).lowerBound])
    XCTAssertNotEqual(after.weights[other], before.weights[other], "a column in the batch moves")
  }

  /// The learner's step on its packed table (`FMNet.step`, `FMColumnTable`) is, bit for bit,
  /// the model's own gradient (`FMNet.gradient`, checked against finite differences in
  /// FMTests) followed by a lazy Adam or SGD step written out here on the model's two tables:
  /// ten batches of shuffled rows on 2 owners, for fm, and deepfm with dropout.
  func testTableStepIsTheGradientThenALazyStepWrittenHere() throws {
    for (hidden, solver) in [(nil, "adam"), (nil, "sgd"), ([8, 4], "adam"), ([6], "sgd")] as [([Int]?, String)] {
      let (start, design, _) = try wideNet(hidden: hidden, seed: 12)
      let objective = FMObjective(loss: .squared, groupLambda: [0.2, 0.1, 0.3], mlpLambda: 0.01, dropout: hidden == nil ? 0 : 0.2)
      var rows = (0..<Int32(design.count)).map { $0 }
      var shuffler = RandomStream(seed: 3)
      shuffler.shuffle(&rows)
      let batches = (0..<10).map { Array(rows[($0 * 150)..<($0 * 150 + 150)]) }
      let lr: Float = 0.01, adam = solver == "adam"

      // The learner's step on the table, the MLP stepped as the learner does.
      var net = start
      let table = FMColumnTable(net.fm, moments: adam, owners: 2)
      let scratch = FMScratch(net, capacity: 150)
      var mlpGradient = [Float](repeating: 0, count: net.mlp?.weights.count ?? 0)
      var mlpMoments: AdamMoments? = adam ? AdamMoments(count: mlpGradient.count) : nil
      var dropout: RandomStream? = hidden == nil ? nil : RandomStream(seed: 8)
      for (t, b) in batches.enumerated() {
        let update: FMColumnTable.Update = adam ? .adam(rate: Adam.rate(lr: lr, step: t + 1)) : .sgd(lr: lr)
        _ = b.withUnsafeBufferPointer {
          net.step($0, of: design, objective: objective, table: table, update: update, scratch: scratch,
                   mlpGradient: &mlpGradient, rng: &dropout)
        }
        if net.mlp != nil { FMLearner.stepMLP(&net.mlp!, &mlpGradient, &mlpMoments, update) }
      }
      table.store(into: &net.fm)

      // The reference: the gradient on the model's tables, then each touched parameter stepped.
      var ref = start
      let columns = ref.fm.columnCount, k = ref.fm.rank
      var m = [Float](repeating: 0, count: columns * (k + 1) + (ref.mlp?.weights.count ?? 0)), s = m
      var refDropout: RandomStream? = hidden == nil ? nil : RandomStream(seed: 8)
      for (t, b) in batches.enumerated() {
        var g = FMGradient(ref, owners: 1)
        _ = b.withUnsafeBufferPointer {
          ref.gradient($0, of: design, objective: objective, into: &g, scratch: FMScratch(ref, capacity: 150), rng: &refDropout)
        }
        // The rate as mk computes it: β in Float, the powers in Double.
        let b1 = Double(Float(0.9)), b2 = Double(Float(0.999))
        let rate = lr * Float((1 - pow(b2, Double(t + 1))).squareRoot() / (1 - pow(b1, Double(t + 1))))
        func stepped(_ theta: Float, _ grad: Float, _ q: Int) -> Float {
          guard adam else { return theta - lr * grad }
          let mt = 0.9 * m[q] + (1 - 0.9) * grad, st = 0.999 * s[q] + (1 - 0.999) * grad * grad
          m[q] = abs(mt) < 1e-30 ? 0 : mt
          s[q] = st < 1e-30 ? 0 : st
          let next = theta - rate * m[q] / (s[q].squareRoot() + 1e-8)
          return abs(next) < 1e-30 ? 0 : next
        }
        XCTAssertEqual(Set(g.touched).count, g.touched.count)
        for j32 in g.touched {
          let j = Int(j32)
          ref.fm.weights[j] = stepped(ref.fm.weights[j], g.w[j], j * (k + 1))
          for f in 0..<k { ref.fm.factors.storage[j * k + f] = stepped(ref.fm.factors.storage[j * k + f], g.v[j * k + f], j * (k + 1) + 1 + f) }
        }
        for q in 0..<g.mlp.count { ref.mlp!.weights[q] = stepped(ref.mlp!.weights[q], g.mlp[q], columns * (k + 1) + q) }
      }
      XCTAssertNotEqual(net.fm.weights, start.fm.weights, "it trained")
      XCTAssertEqual(net.fm.weights.map(\.bitPattern), ref.fm.weights.map(\.bitPattern), "w, \(solver) \(hidden ?? [])")
      XCTAssertEqual(net.fm.factors.storage.map(\.bitPattern), ref.fm.factors.storage.map(\.bitPattern), "v, \(solver) \(hidden ?? [])")
      XCTAssertEqual(net.mlp?.weights.map(\.bitPattern), ref.mlp?.weights.map(\.bitPattern), "mlp, \(solver) \(hidden ?? [])")
    }
  }

  /// The table's rows: whole cache lines, aligned, the sections where the views say, and the
  /// model's parameters back unchanged through load and store.
  func testTableRowsAreAlignedLinesAndStoreGivesTheParametersBack() throws {
    let (net, _, _) = try wideNet(seed: 13)
    for moments in [false, true] {
      let table = FMColumnTable(net.fm, moments: moments, owners: 3)
      XCTAssertEqual(table.stride % 16, 0)
      XCTAssertGreaterThanOrEqual(table.stride, (moments ? 4 : 2) * (net.fm.rank + 1))
      XCTAssertEqual(Int(bitPattern: table.rows) % 64, 0)
      let j = 77
      XCTAssertEqual(table.parameters.weight(j).pointee, net.fm.weights[j])
      XCTAssertEqual(table.parameters.factors(j)[2], net.fm.factors[j, 2])
      XCTAssertEqual(table.gradient.weight(j), table.rows + j * table.stride + net.fm.rank + 1)
      var back = FMParameters(columns: net.fm.columnCount, rank: net.fm.rank)
      back.bias = net.fm.bias
      table.store(into: &back)
      XCTAssertEqual(back, net.fm)
    }
  }

  /// The forward kernel through a view of the table gives `FMParameters.predict`'s bits and sums.
  func testPredictThroughTheTableIsTheModelsPrediction() throws {
    let (net, design, _) = try wideNet(seed: 14)
    let table = FMColumnTable(net.fm, moments: true, owners: 2)
    let k = net.fm.rank
    var sums = [Float](repeating: 0, count: k), expected = sums
    for r in 0..<200 {
      let span = design.rows.range(r)
      design.rows.columns.withUnsafeBufferPointer { c in
        design.rows.values.withUnsafeBufferPointer { x in
          let cols = UnsafeBufferPointer(rebasing: c[span]), vals = UnsafeBufferPointer(rebasing: x[span])
          let got = sums.withUnsafeMutableBufferPointer {
            table.parameters.predict(bias: net.fm.bias, columns: cols, values: vals, rank: k, sums: $0.baseAddress!)
          }
          let want = expected.withUnsafeMutableBufferPointer { net.fm.predict(columns: cols, values: vals, sums: $0.baseAddress!) }
          XCTAssertEqual(got.bitPattern, want.bitPattern, "row \(r)")
          XCTAssertEqual(sums, expected)
        }
      }
    }
  }
}
