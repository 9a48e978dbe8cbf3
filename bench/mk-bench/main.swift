// mk-bench: times mk's ALS on a train/test split and measures the machine's dense rate, for
// bench/als.sh to print side by side with numpy. Output: one JSON line per measurement.
import Foundation
import MKCore

let args = CommandLine.arguments
if args.count == 2 && args[1] == "blas" { benchBLAS(); exit(0) }
if args.count == 7 && args[1] == "large" { try benchLarge(Array(args.dropFirst())); exit(0) }
if args.count >= 4 && args[1] == "paths" { try benchPaths(Array(args.dropFirst())); exit(0) }
guard args.count >= 3 else {
  FileHandle.standardError.write("""
    usage: mk-bench TRAIN TEST [rank=20] [sweeps=15]
           mk-bench blas
           mk-bench large DATA TRAIN TEST RANK SWEEPS

    """.data(using: .utf8)!)
  exit(2)
}
let rank = args.count > 3 ? Int(args[3])! : 20
let sweeps = args.count > 4 ? Int(args[4])! : 15

/// Floating-point operations of one ALS sweep with k' = rank + 1 unknowns per row: for each
/// rating, the rank-1 update of the normal matrix (k'² multiply-adds, counting the full
/// matrix as gemm-based code would; syrk does half) and of the right side (k'); per row, the
/// Cholesky factorization and solve (k'³/3 + 2k'²).
func sweepFlops(_ data: Ratings, rank: Int) -> Double {
  let w = Double(rank + 1)
  let rows = Double(data.byUser.offsets.indices.count - 1 + data.byItem.offsets.indices.count - 1)
  let perRating = 2 * (w * (w + 1) / 2 + w) * 2  // syrk half-matrix + gemv, both sides, 2 flops per multiply-add
  return Double(data.count) * perRating + rows * (w * w * w / 3 + 2 * w * w)
}

/// Single-precision gemm rate on n × n matrices, with OpenBLAS on `threads` threads.
func sgemmRate(n: Int, threads: Int) -> Double {
  Parallel.setBLASThreads(threads)
  defer { Parallel.setBLASThreads(1) }
  var rng = RandomStream(seed: 1)
  let a = (0..<(n * n)).map { _ in Float(rng.normal()) }, b = a
  var c = [Float](repeating: 0, count: n * n)
  var best = Double.infinity
  for _ in 0..<5 {
    let t0 = Clock.now
    c.withUnsafeMutableBufferPointer { BLAS.gemm(a, b, $0.baseAddress!, m: n, n: n, k: n) }
    best = min(best, Clock.seconds(since: t0))
  }
  return 2 * Double(n * n * n) / best / 1e9
}

let universe = Universe()
let train = try Ratings.load(path: args[1], universe: universe)
let test = try Ratings.load(path: args[2], universe: universe)
let kind = ModelRegistry.kind(named: "als")!
let options = try kind.parseOptions(["rank": .int(rank), "iters": .int(sweeps)])

// Warm up once (page faults, OpenBLAS initialization), then keep the best of three fits.
_ = try ModelRegistry.fit("als", FitInput(data: train, options: options))
var best = Double.infinity
var model: Model!
for _ in 0..<3 {
  let t0 = Clock.now
  model = try ModelRegistry.fit("als", FitInput(data: train, options: options))
  best = min(best, Clock.seconds(since: t0))
}
let rmse = Metrics.rmse(model.predict(test), test.values)
let perSweep = best / Double(sweeps)
let gflops = sweepFlops(train, rank: rank) / perSweep / 1e9
let rate1 = sgemmRate(n: 1024, threads: 1), rate2 = sgemmRate(n: 1024, threads: Parallel.workers)
print("""
  {"tool": "mk-als", "rank": \(rank), "sweeps": \(sweeps), "rmse": \(rmse), "seconds_per_sweep": \(perSweep), \
  "gflops": \(gflops), "sgemm_gflops_1thread": \(rate1), "sgemm_gflops_all": \(rate2), "cores": \(Parallel.workers), \
  "bytes_per_rating": \(Double(train.store.bytes) / Double(train.store.count))}
  """)
