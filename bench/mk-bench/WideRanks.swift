// The wide-rank ALS measurements bench/als-large.sh prints (bench/README.md, "ALS at wide ranks").
import Foundation
import MKCore

/// Floating-point operations of one ALS sweep with w = rank + 1 unknowns per row (biases on),
/// counted as the exact solve does them: per rating and side, the upper triangle of its
/// rank-one update of the normal matrix (w(w+1)/2 multiply-adds) and of the right side (w);
/// per row with ratings, a Cholesky factorization (w³/3 flops) and two triangular solves (2w²).
/// A multiply-add is 2 flops, as in a gemm's 2n³.
func exactSweepFlops(_ data: Ratings, width w: Int) -> Double {
  let w = Double(w)
  var rows = 0
  for r in 0..<data.byUser.rowCount where data.byUser.length(r) > 0 { rows += 1 }
  for r in 0..<data.byItem.rowCount where data.byItem.length(r) > 0 { rows += 1 }
  return Double(data.count) * 2 * 2 * (w * (w + 1) / 2 + w) + Double(rows) * (w * w * w / 3 + 2 * w * w)
}

/// `mk-bench blas`: which kernels the OpenBLAS mk links chose, and its sgemm rate.
func benchBLAS() {
  Parallel.configureBLAS()
  let env = ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] ?? ""
  let rate1 = sgemmRate(n: 2048, threads: 1), rateAll = sgemmRate(n: 2048, threads: Parallel.workers)
  print("""
    {"tool": "mk-blas", "corename": "\(BLAS.coreName)", "OPENBLAS_CORETYPE": "\(env)", \
    "sgemm_gflops_1thread": \(rate1), "sgemm_gflops_all": \(rateAll), "cores": \(Parallel.workers)}
    """)
}

/// Seconds a sweep of one fit (load excluded): the whole fit, including the training RMSE it
/// records after every sweep, divided by its sweeps; CPU seconds beside it show how much of
/// the machine the run had.
func timedFit(_ data: Ratings, rank: Int, sweeps: Int, solver: String, test: Ratings? = nil) throws
  -> (wall: Double, cpu: Double, model: Model)
{
  let options = try ModelRegistry.kind(named: "als")!.parseOptions(
    ["rank": .int(rank), "iters": .int(sweeps), "solver": .string(solver)])
  let c0 = cpuSeconds(), t0 = Clock.now
  let model = try ModelRegistry.fit("als", FitInput(data: data, options: options))
  return (Clock.seconds(since: t0) / Double(sweeps), (cpuSeconds() - c0) / Double(sweeps), model)
}

func cpuSeconds() -> Double {
  var usage = rusage()
  getrusage(RUSAGE_SELF.rawValue, &usage)
  return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// One half-step pair (users then items) through a given path, timed, from the factors of a
/// short fit: the cost of each way of building and solving the systems on the same data.
func timedSweep(_ data: Ratings, from model: ALSModel, path: ALSModel.HalfStepPath, solver: ALSModel.Solver) -> Double {
  var users = model.userFactors, items = model.itemFactors
  let o = model.options, mu = model.info.globalMean
  let t0 = Clock.now
  ALSModel.halfStep(solving: &users, fixed: items, rows: data.byUser, rank: o.rank, bias: o.bias, lambda: Float(o.lambda),
                    prior: Float(o.prior), biasLambda: Float(o.biasLambda), mu: mu, solver: solver, path: path)
  ALSModel.halfStep(solving: &items, fixed: users, rows: data.byItem, rank: o.rank, bias: o.bias, lambda: Float(o.lambda),
                    prior: Float(o.prior), biasLambda: Float(o.biasLambda), mu: mu, solver: solver, path: path)
  return Clock.seconds(since: t0)
}

/// `mk-bench large DATA TRAIN TEST RANK SWEEPS`: seconds a sweep of `fit als` on DATA with
/// both solvers, each half-step path timed on the same factors, then test RMSE after SWEEPS
/// sweeps trained on TRAIN with each solver.
func benchLarge(_ a: [String]) throws {
  let rank = Int(a[4]) ?? 64, sweeps = Int(a[5]) ?? 5
  let t0 = Clock.now
  let data = try Ratings.load(path: a[1], universe: Universe())
  let loadSeconds = Clock.seconds(since: t0)
  let flops = exactSweepFlops(data, width: rank + 1)
  var line = "{\"tool\": \"mk-als-large\", \"rank\": \(rank), \"ratings\": \(data.count), \"load_seconds\": \(loadSeconds), "
    + "\"sweep_gflop\": \(flops / 1e9), \"corename\": \"\(BLAS.coreName)\", \"cores\": \(Parallel.workers)"
  for solver in ["cholesky", "cg"] {
    let fit = try timedFit(data, rank: rank, sweeps: sweeps, solver: solver)
    line += ", \"\(solver)_seconds_per_sweep\": \(fit.wall), \"\(solver)_cpu_seconds_per_sweep\": \(fit.cpu)"
    if solver == "cholesky", let als = fit.model as? ALSModel {
      for (name, path) in [("blocked", ALSModel.HalfStepPath.blocked), ("lapack", .lapack), ("simd", .simd)] {
        line += ", \"\(name)_sweep_seconds\": \(timedSweep(data, from: als, path: path, solver: .cholesky))"
      }
      line += ", \"cg_sweep_seconds\": \(timedSweep(data, from: als, path: .automatic, solver: .cg))"
    }
  }
  print(line + "}")
  let universe = Universe()
  let train = try Ratings.load(path: a[2], universe: universe), test = try Ratings.load(path: a[3], universe: universe)
  var accuracy = "{\"tool\": \"mk-als-large-accuracy\", \"rank\": \(rank), \"sweeps\": \(sweeps)"
  for solver in ["cholesky", "cg"] {
    let fit = try timedFit(train, rank: rank, sweeps: sweeps, solver: solver)
    accuracy += ", \"\(solver)_test_rmse\": \(Metrics.rmse(fit.model.predict(test), test.values))"
      + ", \"\(solver)_train_rmse\": \(fit.model.info.history.last("train_rmse") ?? .nan)"
  }
  print(accuracy + "}")
}

/// `mk-bench paths DATA RANK PATHS…`: wall and CPU seconds of one sweep through each named
/// path (blocked, blockedAVX2, lapack, simd, cg), from the factors of a one-sweep fit; for profiling.
func benchPaths(_ a: [String]) throws {
  let data = try Ratings.load(path: a[1], universe: Universe())
  let rank = Int(a[2]) ?? 64
  let fit = try timedFit(data, rank: rank, sweeps: 1, solver: "cholesky")
  guard let als = fit.model as? ALSModel else { return }
  for name in a.dropFirst(3) {
    let path: ALSModel.HalfStepPath =
      ["blocked": .blocked, "blockedAVX2": .blockedAVX2, "lapack": .lapack, "simd": .simd][name] ?? .automatic
    let c0 = cpuSeconds()
    let wall = timedSweep(data, from: als, path: path, solver: name == "cg" ? .cg : .cholesky)
    print("{\"path\": \"\(name)\", \"rank\": \(rank), \"wall\": \(wall), \"cpu\": \(cpuSeconds() - c0)}")
  }
}
