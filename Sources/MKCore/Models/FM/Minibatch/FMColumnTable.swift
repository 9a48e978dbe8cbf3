import CKernels

/// The FM columns as the minibatch learner trains them: one row a column holding, in sections
/// of k + 1 floats, its parameters θⱼ = (wⱼ, vⱼ), their gradient on the current batch and, for
/// Adam, their two moments, the row padded to whole 64-byte cache lines and the table aligned
/// to one. The batch's rows come in random order from a design far larger than the caches, so
/// what a step costs is cache misses per column: six or eight tables (weights, factors, their
/// gradients and moments) were six to ten lines a column, one row is three at rank 10
/// ((4 · 11 floats → 48) · 4 bytes), adjacent, fetched together (bench/README.md, "fm at
/// scale"). The model's `FMParameters` are loaded into the table before the epochs and
/// written back after each (`store`).
///
/// The columns are split among owners as in `FMGradient` (blocks of 64 dealt out in turn):
/// each owner adds its columns' gradient and steps them on its own core (`FMNet.step`).
final class FMColumnTable {
  enum Update {
    case sgd(lr: Float)
    /// rate: `Adam.rate` of the step.
    case adam(rate: Float)
  }

  let columns: Int
  let rank: Int
  /// Floats a section: wⱼ then vⱼ.
  let width: Int
  /// Floats a row: 2 sections (θ, gradient) or 4 (with Adam's m and s), rounded up to 16.
  let stride: Int
  let hasMoments: Bool
  /// Row j at rows + j · stride: θ at 0, its gradient at width, m at 2 · width, s at 3 · width.
  let rows: UnsafeMutablePointer<Float>
  private let storage: UnsafeMutableRawPointer
  private let storeList: UnsafeMutablePointer<Int32>
  private let counts: UnsafeMutablePointer<Int>
  private let mark: UnsafeMutablePointer<Bool>
  let owners: Int
  private let listStride: Int

  init(_ fm: FMParameters, moments: Bool, owners: Int) {
    columns = fm.columnCount
    rank = fm.rank
    width = rank + 1
    hasMoments = moments
    stride = ((moments ? 4 : 2) * width + 15) / 16 * 16
    let floats = max(1, columns * stride)
    // Aligned to a huge page and advised before the first touch, so its random rows cost no TLB
    // misses (`mk_advise_huge_pages`); 64 bytes is all the rows need.
    let bytes = floats * MemoryLayout<Float>.stride
    storage = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: bytes >= 1 << 21 ? 1 << 21 : 64)
    mk_advise_huge_pages(storage, bytes, 0)
    rows = storage.bindMemory(to: Float.self, capacity: floats)
    rows.initialize(repeating: 0, count: floats)
    self.owners = max(1, owners)
    listStride = FMTouchedColumns.stride(columns: columns, owners: self.owners)
    storeList = .allocate(capacity: max(1, listStride * self.owners))
    storeList.initialize(repeating: 0, count: max(1, listStride * self.owners))
    counts = .allocate(capacity: self.owners)
    counts.initialize(repeating: 0, count: self.owners)
    mark = .allocate(capacity: max(1, columns))
    mark.initialize(repeating: false, count: max(1, columns))
    load(fm)
  }

  deinit {
    storage.deallocate(); storeList.deallocate(); counts.deallocate(); mark.deallocate()
  }

  /// The parameters, read by the forward pass and the gradient.
  var parameters: FMColumnView { FMColumnView(w: rows, wStride: stride, v: rows + 1, vStride: stride) }
  /// The gradient of the current batch, written by its columns' owners.
  var gradient: FMColumnView { FMColumnView(w: rows + width, wStride: stride, v: rows + width + 1, vStride: stride) }
  var lists: FMTouchedColumns {
    FMTouchedColumns(store: storeList, counts: counts, mark: mark, owners: owners, stride: listStride)
  }

  /// Copies the weights and factors of `fm` into the rows (moments and gradients unchanged).
  func load(_ fm: FMParameters) {
    precondition(fm.columnCount == columns && fm.rank == rank)
    let k = rank
    for j in 0..<columns {
      let row = rows + j * stride
      row[0] = fm.weights[j]
      for f in 0..<k { row[1 + f] = fm.factors.storage[j * k + f] }
    }
  }

  /// Writes the rows' weights and factors back to `fm`.
  func store(into fm: inout FMParameters) {
    precondition(fm.columnCount == columns && fm.rank == rank)
    let k = rank
    fm.weights.withUnsafeMutableBufferPointer { w in
      fm.factors.storage.withUnsafeMutableBufferPointer { v in
        for j in 0..<columns {
          let row = rows + j * stride
          w[j] = row[0]
          for f in 0..<k { v[j * k + f] = row[1 + f] }
        }
      }
    }
  }

  /// Steps owner t's touched columns along their gradient (all k + 1 parameters of a row in
  /// one loop over adjacent floats), zeros that gradient and empties the owner's list.
  /// Columns the batch did not reach keep their parameters and moments (lazy Adam).
  func step(owner t: Int, _ update: Update) {
    let lists = lists, width = width, stride = stride
    for j in lists.touched(owner: t) {
      let row = rows + Int(j) * stride, g = row + width
      switch update {
      case .sgd(let lr):
        for q in 0..<width { row[q] -= lr * g[q] }
      case .adam(let rate):
        let m = g + width, s = m + width
        for q in 0..<width { Adam.update(row + q, m + q, s + q, g[q], rate: rate) }
      }
      for q in 0..<width { g[q] = 0 }
      lists.mark[Int(j)] = false
    }
    lists.counts[t] = 0
  }

  /// Adam's moments of column j: (m, s), k + 1 floats each (tests).
  func moments(of j: Int) -> (m: [Float], s: [Float]) {
    precondition(hasMoments)
    let m = rows + j * stride + 2 * width
    return (Array(UnsafeBufferPointer(start: m, count: width)), Array(UnsafeBufferPointer(start: m + width, count: width)))
  }
}
