import XCTest
import MKCore
final class ScratchPerf: XCTestCase {
  func testPerf() throws {
    let u = Universe()
    let train = try Ratings.load(path: "/work/shared/data/ml-100k/u1.base", universe: u)
    Parallel.configureBLAS()
    let k = 20, w = 21
    var x = Matrix(rows: train.userCount, columns: w), y = Matrix(rows: train.itemCount, columns: w)
    var rng = RandomStream(seed: 1)
    for j in 0..<y.storage.count { y.storage[j] = Float(rng.normal()) * 0.1 }
    let bu = train.byUser, bi = train.byItem
    var t0 = Clock.now
    for _ in 0..<15 {
      ALSModel.halfStep(solving: &x, fixed: y, rows: bu, rank: k, bias: true, lambda: 0.1, prior: 30, biasLambda: 2, mu: 3.5)
      ALSModel.halfStep(solving: &y, fixed: x, rows: bi, rank: k, bias: true, lambda: 0.1, prior: 30, biasLambda: 2, mu: 3.5)
    }
    print("SWEEP ms", (Clock.now - t0) / 15 * 1000)
    let opts = try OptionValues(specs: ModelRegistry.kind(named: "als")!.options, given: [:], kind: "als")
    let m = try ModelRegistry.fit("als", FitInput(data: train, options: opts))
    t0 = Clock.now
    for _ in 0..<15 { _ = m.predict(train) }
    print("PREDICT ms", (Clock.now - t0) / 15 * 1000)
    t0 = Clock.now
    for _ in 0..<15 { _ = train.values }
    print("VALUES ms", (Clock.now - t0) / 15 * 1000)
  }
}
final class ScratchPerf2: XCTestCase {
  func testPosvCost() {
    Parallel.configureBLAS()
    let w = 21
    var rng = RandomStream(seed: 1)
    let g = (0..<(w * 80)).map { _ in Float(rng.normal()) }
    var a0 = [Float](repeating: 0, count: w * w)
    g.withUnsafeBufferPointer { gp in a0.withUnsafeMutableBufferPointer { BLAS.syrkAtA(gp.baseAddress!, n: 80, k: w, lda: w, alpha: 1, beta: 0, $0.baseAddress!) } }
    for c in 0..<w { a0[c * w + c] += 5 }
    var t0 = Clock.now
    for _ in 0..<2625 { var a = a0; var b = [Float](repeating: 1, count: w); _ = a.withUnsafeMutableBufferPointer { ap in b.withUnsafeMutableBufferPointer { BLAS.posv(ap.baseAddress!, $0.baseAddress!, k: w) } } }
    print("POSV ms per 2625", (Clock.now - t0) * 1000)
    var c = [Float](repeating: 0, count: w * w)
    t0 = Clock.now
    for _ in 0..<2625 { g.withUnsafeBufferPointer { gp in c.withUnsafeMutableBufferPointer { BLAS.syrkAtA(gp.baseAddress!, n: 80, k: w, lda: w, alpha: 1, beta: 0, $0.baseAddress!) } } }
    print("SYRK ms per 2625 (n=80)", (Clock.now - t0) * 1000)
    t0 = Clock.now
    for _ in 0..<2625 { g.withUnsafeBufferPointer { gp in c.withUnsafeMutableBufferPointer { BLAS.gemm(gp.baseAddress!, gp.baseAddress!, $0.baseAddress!, m: w, n: w, k: 80, transA: true) } } }
    print("GEMM ms per 2625 (n=80)", (Clock.now - t0) * 1000)
  }
}
import Dispatch
final class ScratchPerf3: XCTestCase {
  func testParallelScaling() {
    Parallel.configureBLAS()
    let w = 21
    var rng = RandomStream(seed: 1)
    let g = (0..<(w * 80)).map { _ in Float(rng.normal()) }
    let nosyrk = ProcessInfo.processInfo.environment["NOSYRK"] != nil, noposv = ProcessInfo.processInfo.environment["NOPOSV"] != nil
    for threads in [1, 2] {
      let t0 = Clock.now
      DispatchQueue.concurrentPerform(iterations: threads) { _ in
        var c = [Float](repeating: 0, count: w * w)
        var b = [Float](repeating: 1, count: w)
        for _ in 0..<2625 {
          if !nosyrk { g.withUnsafeBufferPointer { gp in c.withUnsafeMutableBufferPointer { BLAS.syrkAtA(gp.baseAddress!, n: 80, k: w, lda: w, alpha: 1, beta: 0, $0.baseAddress!) } } } else { for i in 0..<(w*w) { c[i] = 0 } }
          for i in 0..<w { c[i * w + i] += 50 }
          if !noposv { _ = c.withUnsafeMutableBufferPointer { ap in b.withUnsafeMutableBufferPointer { BLAS.posv(ap.baseAddress!, $0.baseAddress!, k: w) } } }
        }
      }
      print("THREADS \(threads): ms per thread-loop", (Clock.now - t0) * 1000)
    }
  }
}
final class ScratchPerf4: XCTestCase {
  func testPureSwiftScaling() {
    for threads in [1, 2] {
      let t0 = Clock.now
      DispatchQueue.concurrentPerform(iterations: threads) { _ in
        var x: Float = 0
        var a = [Float](repeating: 1.0001, count: 441)
        for _ in 0..<20000 { for j in 0..<441 { a[j] = a[j] * 0.99999 + 0.00001; x += a[j] } }
        if x == 42 { print("x") }
      }
      print("PURE THREADS \(threads): ms", (Clock.now - t0) * 1000)
    }
  }
}
