/// An epoch's minibatches in order, each gathered (`FMBatch`) one batch ahead of its step, so
/// the table rows its gather prefetches arrive while the batch before is stepped; the design
/// rows of the two batches after that are prefetched in stages (offsets and targets three
/// batches ahead, columns and values two ahead), as each stage's addresses come from the one
/// before. Only the loads move earlier: each step sees the same rows in the same order.
struct FMBatchStream {
  let design: DesignMatrix
  let batchSize: Int
  let table: FMColumnTable
  /// Two buffers, one being stepped while the other is gathered.
  let buffers: (FMBatch, FMBatch)

  init(design: DesignMatrix, batchSize: Int, table: FMColumnTable) {
    self.design = design
    self.batchSize = max(1, batchSize)
    self.table = table
    let rows = self.batchSize, nonzeros = self.batchSize * 2
    buffers = (FMBatch(rows: rows, nonzeros: nonzeros), FMBatch(rows: rows, nonzeros: nonzeros))
  }

  /// Runs `body` on each batch of `order` (rows order[i · batchSize ..< (i + 1) · batchSize]), in order.
  func forEach(_ order: UnsafeBufferPointer<Int32>, _ body: (FMBatchRows) -> Void) {
    let count = (order.count + batchSize - 1) / batchSize
    func batch(_ i: Int) -> UnsafeBufferPointer<Int32> {
      UnsafeBufferPointer(rebasing: order[(i * batchSize)..<min((i + 1) * batchSize, order.count)])
    }
    guard count > 0 else { return }
    var current = buffers.0, next = buffers.1
    for i in 1...2 where i < count { FMBatch.prefetch(batch(i), of: design, stage: 0) }
    current.gather(batch(0), of: design, owners: table.owners, prefetch: table)
    if count > 1 { FMBatch.prefetch(batch(1), of: design, stage: 1) }
    for i in 0..<count {
      if i + 3 < count { FMBatch.prefetch(batch(i + 3), of: design, stage: 0) }
      if i + 2 < count { FMBatch.prefetch(batch(i + 2), of: design, stage: 1) }
      if i + 1 < count { next.gather(batch(i + 1), of: design, owners: table.owners, prefetch: table) }
      body(current.rows)
      swap(&current, &next)
    }
  }
}
