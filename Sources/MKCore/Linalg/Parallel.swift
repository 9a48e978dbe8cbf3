import Dispatch
import CBLAS

/// Parallel loops over blocks, for per-user and per-item work.
public enum Parallel {
  /// Number of workers: the machine's active cores.
  public static var workers: Int { max(1, ProcessInfoShim.activeProcessorCount) }

  /// Runs `body(range)` over `0..<count` split into contiguous blocks, one block per task,
  /// on all cores. Blocks are fixed by `count` and `blocks` only, so work that draws random
  /// numbers per block is deterministic whatever the core count.
  public static func forEachBlock(_ count: Int, blocks: Int? = nil, _ body: (Range<Int>, Int) -> Void) {
    guard count > 0 else { return }
    let n = min(count, blocks ?? max(1, workers * 4))
    if n == 1 { body(0..<count, 0); return }
    DispatchQueue.concurrentPerform(iterations: n) { b in
      let lo = count * b / n, hi = count * (b + 1) / n
      if lo < hi { body(lo..<hi, b) }
    }
  }

  /// Runs `body` over each of the given ranges in parallel (e.g. `SparseRows.balancedRanges`).
  public static func forEach(_ ranges: [Range<Int>], _ body: (Range<Int>, Int) -> Void) {
    guard !ranges.isEmpty else { return }
    if ranges.count == 1 { body(ranges[0], 0); return }
    DispatchQueue.concurrentPerform(iterations: ranges.count) { b in body(ranges[b], b) }
  }

  /// OpenBLAS stays single-threaded: mk parallelizes over users and items itself, and
  /// OpenBLAS threads inside those loops would oversubscribe the cores.
  public static func configureBLAS() {
    _ = configured
  }
  private static let configured: Bool = {
    openblas_set_num_threads(1)
    return true
  }()

  public static func setBLASThreads(_ n: Int) { openblas_set_num_threads(Int32(n)) }
}

import Foundation
enum ProcessInfoShim {
  static var activeProcessorCount: Int { ProcessInfo.processInfo.activeProcessorCount }
}
