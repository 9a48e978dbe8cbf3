import XCTest
import Foundation
@testable import MKCore

/// The minibatch learner's gathered batches (`FMBatch`, `mk_fm_gather`) and their stream
/// (`FMBatchStream`): what the passes read is the design's rows, in the batch's order.
final class FMBatchTests: XCTestCase {
  private func design() throws -> DesignMatrix {
    let data = try Ratings.generate(users: 160, items: 90, ratings: 1500, rank: 2, tags: 4, seed: 21)
    let layout = FeatureLayout.make(userCount: data.userCount, itemCount: data.itemCount, side: data.items)
    return DesignMatrix(training: data, layout: layout)
  }

  /// Row b of the gathered batch against design row rows[b]: columns, values, target, owners.
  private func check(_ got: FMBatchRows, _ rows: ArraySlice<Int32>, _ design: DesignMatrix, owners: Int,
                     file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(got.count, rows.count, file: file, line: line)
    for (b, r) in rows.enumerated() {
      let span = design.rows.range(Int(r))
      XCTAssertEqual(Array(got.columns(b)), Array(design.rows.columns[span]), "row \(b)", file: file, line: line)
      XCTAssertEqual(Array(got.values(b)), Array(design.rows.values[span]), "row \(b)", file: file, line: line)
      XCTAssertEqual(got.target[b], design.target[Int(r)], file: file, line: line)
      for p in got.span(b) {
        XCTAssertEqual(Int(got.owner[p]), (Int(got.columns[p]) / FMGradient.blockColumns) % owners, file: file, line: line)
      }
    }
  }

  /// A shuffled batch gathered, then a larger one (the buffers grow), then a smaller one.
  func testGatherCopiesTheBatchsRowsInOrder() throws {
    let design = try design()
    var order = (0..<Int32(design.count)).map { $0 }
    var rng = RandomStream(seed: 3)
    rng.shuffle(&order)
    XCTAssertGreaterThan(design.rows.nonzeros, 2 * design.count, "rows with tags: more than 2 nonzeros a row")
    let batch = FMBatch(rows: 10, nonzeros: 20)
    for (rows, owners) in [(order[0..<10], 3), (order[10..<400], 2), (order[400..<405], 1)] {
      Array(rows).withUnsafeBufferPointer { batch.gather($0, of: design, owners: owners, prefetch: nil) }
      check(batch.rows, rows, design, owners: owners)
    }
  }

  /// The stream hands out every batch of the order, in order, the last one short.
  func testStreamGivesTheOrdersBatchesInOrder() throws {
    let design = try design()
    var order = (0..<Int32(design.count)).map { $0 }
    var rng = RandomStream(seed: 4)
    rng.shuffle(&order)
    let net = FMNet(fm: FMParameters(columns: design.layout.columnCount, rank: 3), mlp: nil, layout: design.layout)
    let table = FMColumnTable(net.fm, moments: true, owners: 2)
    let size = 64, stream = FMBatchStream(design: design, batchSize: size, table: table)
    var seen = 0
    order.withUnsafeBufferPointer { ob in
      stream.forEach(ob) { rows in
        check(rows, order[seen..<min(seen + size, order.count)], design, owners: 2)
        seen += rows.count
      }
    }
    XCTAssertEqual(seen, order.count)
    XCTAssertNotEqual(order.count % size, 0, "a short last batch")
  }
}
