/// ∂J_B/∂θ of a minibatch on the model's own parameters (`FMNet.gradient`: fold-in, and the
/// gradient the learner's `FMColumnTable` follows, checked against finite differences): dense
/// buffers, one float a column for w, k for v, and the MLP's weights, with the FM columns the
/// batch touched listed, so clearing costs O(touched), not O(columns).
///
/// The FM columns are split among `owners`, in blocks of `blockColumns` columns dealt out in
/// turn (block b to owner b mod owners). Each owner, on its own core, adds its columns'
/// gradient row after row, so no two cores write one column (nor one cache line of the
/// buffers), and each column's gradient is the same sequence of float additions whatever the
/// number of owners: the model's bits do not depend on the cores.
public struct FMGradient {
  public var w: [Float]
  public var v: [Float]
  public var mlp: [Float]
  /// How many parts the columns are split into (by default the machine's cores).
  public let owners: Int
  /// k: floats of `v` a column.
  public let rank: Int
  /// Columns a block: 64 weights are four cache lines, so owners never share one.
  static let blockColumns = 64
  /// Room for one owner's touched columns: its share of the blocks.
  let stride: Int
  /// Owner t's touched columns at t · stride ..< t · stride + touchedCount[t], in the order
  /// its rows first reached them.
  var touchedStore: [Int32]
  var touchedCount: [Int]
  var mark: [Bool]

  public init(_ net: FMNet, owners: Int = Parallel.workers) {
    let columns = net.fm.columnCount
    w = [Float](repeating: 0, count: columns)
    v = [Float](repeating: 0, count: columns * net.fm.rank)
    mlp = [Float](repeating: 0, count: net.mlp?.weights.count ?? 0)
    self.owners = max(1, owners)
    rank = net.fm.rank
    stride = FMTouchedColumns.stride(columns: columns, owners: self.owners)
    touchedStore = [Int32](repeating: 0, count: max(1, stride * self.owners))
    touchedCount = [Int](repeating: 0, count: self.owners)
    mark = [Bool](repeating: false, count: columns)
  }

  /// The owner of column j.
  @inline(__always) public func owner(of j: Int) -> Int { (j / FMGradient.blockColumns) % owners }

  /// The columns the last batch touched, owner after owner.
  public var touched: [Int32] {
    (0..<owners).flatMap { t in touchedStore[(t * stride)..<(t * stride + touchedCount[t])] }
  }

  /// Zeros what the last batch wrote (on one core; the learner's steps clear as they go).
  public mutating func clear(rank k: Int) {
    withBuffers { b in for t in 0..<b.owners { b.clear(owner: t, rank: k) } }
    for t in 0..<mlp.count { mlp[t] = 0 }
  }

  /// Runs `body` with raw views of the FM part, which the owners write from several threads,
  /// each only its own columns and list.
  mutating func withBuffers<R>(_ body: (FMGradientBuffers) -> R) -> R {
    let owners = owners, stride = stride, k = rank
    return w.withUnsafeMutableBufferPointer { w in
      v.withUnsafeMutableBufferPointer { v in
        touchedStore.withUnsafeMutableBufferPointer { store in
          touchedCount.withUnsafeMutableBufferPointer { counts in
            mark.withUnsafeMutableBufferPointer { mark in
              body(FMGradientBuffers(
                grad: FMColumnView(w: w.baseAddress!, wStride: 1, v: v.baseAddress!, vStride: k),
                lists: FMTouchedColumns(store: store.baseAddress!, counts: counts.baseAddress!, mark: mark.baseAddress!,
                                        owners: owners, stride: stride)))
            }
          }
        }
      }
    }
  }
}

/// The FM part of an `FMGradient` as pointers, for the owners' parallel loops (valid only
/// inside `FMGradient.withBuffers`).
struct FMGradientBuffers {
  /// ∂J_B/∂wⱼ and ∂J_B/∂vⱼ.
  let grad: FMColumnView
  let lists: FMTouchedColumns

  var owners: Int { lists.owners }
  @inline(__always) func owner(of j: Int) -> Int { lists.owner(of: j) }
  func touched(owner t: Int) -> UnsafeBufferPointer<Int32> { lists.touched(owner: t) }

  /// Zeros the gradient of owner t's touched columns and empties its list.
  func clear(owner t: Int, rank k: Int) {
    for j in touched(owner: t) {
      let c = Int(j)
      grad.w[c * grad.wStride] = 0
      for f in 0..<k { grad.v[c * grad.vStride + f] = 0 }
      lists.mark[c] = false
    }
    lists.counts[t] = 0
  }
}

/// Per owner of FM columns (blocks of `FMGradient.blockColumns` dealt out in turn), the
/// columns a batch touched, as pointers the owners' loops write from several threads, each its
/// own list and its own columns' marks.
struct FMTouchedColumns {
  /// Owner t's touched columns at t · stride ..< t · stride + counts[t], in the order its rows
  /// first reached them.
  let store: UnsafeMutablePointer<Int32>
  let counts: UnsafeMutablePointer<Int>
  /// Whether a column is listed.
  let mark: UnsafeMutablePointer<Bool>
  let owners, stride: Int

  /// Room for one owner's list: its share of the blocks of `columns`.
  static func stride(columns: Int, owners: Int) -> Int {
    let blocks = (columns + FMGradient.blockColumns - 1) / FMGradient.blockColumns
    return (blocks + owners - 1) / owners * FMGradient.blockColumns
  }

  @inline(__always) func owner(of j: Int) -> Int { (j / FMGradient.blockColumns) % owners }

  /// Lists column j (owned by `t`) the first time a batch reaches it.
  @inline(__always) func touch(_ j: Int, owner t: Int) {
    guard !mark[j] else { return }
    mark[j] = true
    store[t * stride + counts[t]] = Int32(j)
    counts[t] += 1
  }

  func touched(owner t: Int) -> UnsafeBufferPointer<Int32> {
    UnsafeBufferPointer(start: store + t * stride, count: counts[t])
  }
}
