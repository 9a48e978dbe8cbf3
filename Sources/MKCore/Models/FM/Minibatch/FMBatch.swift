import CKernels

/// A minibatch's design rows gathered into contiguous buffers (`mk_fm_gather`): each row's
/// nonzeros (columns, values, and the owner of each column, as `FMTouchedColumns` deals them
/// out) and its target, in batch order. The batch's rows come in random order from a design far
/// larger than the caches; gathered once, the forward chunks and each owner of FM columns read
/// them sequentially, instead of each owner walking the design's offsets and columns again
/// (bench/README.md, "fm: a batch gathered once"). The gather also prefetches the table rows of
/// the batch's columns, so they arrive while the batch before is stepped (`FMBatchStream`).
/// Its buffers grow to the largest batch seen and are reused, so no batch allocates.
final class FMBatch {
  private(set) var count = 0
  private var rowCapacity = 0, nonzeroCapacity = 0
  private var start: UnsafeMutablePointer<Int32>
  private var columns: UnsafeMutablePointer<Int32>
  private var values: UnsafeMutablePointer<Float>
  private var owner: UnsafeMutablePointer<Int32>
  private var target: UnsafeMutablePointer<Float>

  init(rows: Int, nonzeros: Int) {
    rowCapacity = max(1, rows)
    nonzeroCapacity = max(1, nonzeros)
    start = .allocate(capacity: rowCapacity + 1)
    target = .allocate(capacity: rowCapacity)
    columns = .allocate(capacity: nonzeroCapacity)
    values = .allocate(capacity: nonzeroCapacity)
    owner = .allocate(capacity: nonzeroCapacity)
    start[0] = 0
  }

  deinit {
    start.deallocate(); target.deallocate(); columns.deallocate(); values.deallocate(); owner.deallocate()
  }

  /// The gathered rows, valid until the next `gather`.
  var rows: FMBatchRows {
    FMBatchRows(count: count, start: start, columns: columns, values: values, owner: owner, target: target)
  }

  /// Gathers the design rows `batch` (owners as `owners` deals columns out), prefetching the rows
  /// of their columns in `table` when given.
  func gather(_ batch: UnsafeBufferPointer<Int32>, of design: DesignMatrix, owners: Int, prefetch table: FMColumnTable?) {
    let n = batch.count
    let nonzeros = design.rows.offsets.withUnsafeBufferPointer { ob in
      var total = 0
      for r in batch { total += ob[Int(r) + 1] - ob[Int(r)] }
      return total
    }
    reserve(rows: n, nonzeros: nonzeros)
    precondition(nonzeros <= Int(Int32.max) && owners >= 1)
    count = n
    guard n > 0 else { return }
    design.rows.offsets.withUnsafeBufferPointer { ob in
      design.rows.columns.withUnsafeBufferPointer { cb in
        design.rows.values.withUnsafeBufferPointer { xb in
          design.target.withUnsafeBufferPointer { tb in
            mk_fm_gather(ob.baseAddress, cb.baseAddress, xb.baseAddress, tb.baseAddress, batch.baseAddress, Int32(n),
                         Int32(FMGradient.blockColumns), Int32(owners), start, columns, values, owner, target,
                         table.map { UnsafeRawPointer($0.rows) }, table.map { $0.stride * MemoryLayout<Float>.stride } ?? 0)
          }
        }
      }
    }
  }

  /// Grows the buffers (geometrically, contents dropped) to hold `rows` rows of `nonzeros`.
  private func reserve(rows: Int, nonzeros: Int) {
    if rows > rowCapacity {
      rowCapacity = max(rows, 2 * rowCapacity)
      start.deallocate(); target.deallocate()
      start = .allocate(capacity: rowCapacity + 1)
      target = .allocate(capacity: rowCapacity)
      start[0] = 0
    }
    if nonzeros > nonzeroCapacity {
      nonzeroCapacity = max(nonzeros, 2 * nonzeroCapacity)
      columns.deallocate(); values.deallocate(); owner.deallocate()
      columns = .allocate(capacity: nonzeroCapacity)
      values = .allocate(capacity: nonzeroCapacity)
      owner = .allocate(capacity: nonzeroCapacity)
    }
  }

  /// Prefetches what gathering the design rows `batch` will read, `stage` 0 (offsets, targets)
  /// a batch before stage 1 (columns, values), which is a batch before the gather.
  static func prefetch(_ batch: UnsafeBufferPointer<Int32>, of design: DesignMatrix, stage: Int32) {
    guard !batch.isEmpty else { return }
    design.rows.offsets.withUnsafeBufferPointer { ob in
      design.rows.columns.withUnsafeBufferPointer { cb in
        design.rows.values.withUnsafeBufferPointer { xb in
          design.target.withUnsafeBufferPointer { tb in
            mk_fm_prefetch_rows(ob.baseAddress, cb.baseAddress, xb.baseAddress, tb.baseAddress, batch.baseAddress,
                                Int32(batch.count), stage)
          }
        }
      }
    }
  }
}

/// A gathered batch as the passes of a step read it (from several threads, only reading):
/// row b's nonzeros at start[b] ..< start[b + 1] of `columns`, `values` and `owner`, its target
/// at target[b].
struct FMBatchRows {
  let count: Int
  let start: UnsafePointer<Int32>
  let columns: UnsafePointer<Int32>
  let values: UnsafePointer<Float>
  let owner: UnsafePointer<Int32>
  let target: UnsafePointer<Float>

  init(count: Int, start: UnsafeMutablePointer<Int32>, columns: UnsafeMutablePointer<Int32>,
       values: UnsafeMutablePointer<Float>, owner: UnsafeMutablePointer<Int32>, target: UnsafeMutablePointer<Float>) {
    self.count = count
    self.start = UnsafePointer(start)
    self.columns = UnsafePointer(columns)
    self.values = UnsafePointer(values)
    self.owner = UnsafePointer(owner)
    self.target = UnsafePointer(target)
  }

  /// Positions of row b's nonzeros.
  @inline(__always) func span(_ b: Int) -> Range<Int> { Int(start[b])..<Int(start[b + 1]) }
  @inline(__always) func columns(_ b: Int) -> UnsafeBufferPointer<Int32> {
    UnsafeBufferPointer(start: columns + Int(start[b]), count: Int(start[b + 1] - start[b]))
  }
  @inline(__always) func values(_ b: Int) -> UnsafeBufferPointer<Float> {
    UnsafeBufferPointer(start: values + Int(start[b]), count: Int(start[b + 1] - start[b]))
  }
}
