import Dispatch
import Foundation

/// The parallel parse of a ratings file: blocks of whole lines, each parsed by one worker into
/// its own columns, then committed in file order into the file's columns, giving what one pass
/// over the file gives.
///
/// - Blocks: the file's first block (`head`, from which `RatingsFileLayout` was read) cut at
///   line feeds, then blocks of about `blockBytes` read from the stream, handed out in file
///   order under a lock; the file is never whole in memory, only a few blocks.
/// - Ids: each worker interns by bytes in its own `ByteIdTable`s, a few hundred records at a
///   time (`BatchedIds`); with each parsed block it hands over the texts of the ids it saw
///   first there. Blocks are committed one at a time in file order (by whichever worker finds
///   the next one ready), interning those texts in the session's `Universe`, so users, items
///   and levels get the indices of a sequential read (first appearance in the file, after the
///   ids the session already knows).
/// - Columns: a committed block's columns are appended, with session indices, to the file's
///   columns, reserved once for the rows the first block's line length predicts, and freed:
///   the memory is the file's columns plus the blocks in flight (`maxBlocksAhead`).
/// - Values: every block checks its records against the layout's first record, with a copy of
///   the layout's parser (numbers or words, the time base), as one pass would.
/// - Errors: the first failing block in file order reports. Blocks count their lines; a block
///   after the first fails with lines counted from its own start, so it is parsed again from
///   its true first line to throw the error one pass would throw. A failed parse leaves the
///   universe as it found it.
/// - A block that ends inside a quoted field (a quoted newline across the border), or a line
///   longer than a record may be, make `parse` return nil: the caller reads that file in one
///   pass instead.
final class RatingBlocks {
  /// About 4 MiB of text a block: small against the columns, large against a block's cost.
  static let standardBlockBytes = 4 << 20
  /// The first block, which must hold the lines the sniffers look at.
  static let headBytes = 1 << 20

  let path: String
  let layout: RatingsFileLayout
  private let blockBytes: Int
  private let lineBytes: Int
  private let stream: DataFileStream
  private let universe: Universe
  /// At most this many blocks are handed out and not yet committed: a worker that would go
  /// further waits, so that blocks parsed behind a slow one do not pile up.
  private let maxBlocksAhead: Int

  // Under `lock`: the blocks still to hand out, and the parsed blocks waiting for their turn.
  private let lock = NSCondition()
  private var head: [UInt8]
  private var headCuts: [Range<Int>]
  private var nextCut = 0
  private var handedOut = 0
  private var stopped = false
  private var sourceError: Error?
  private var needsOnePass = false
  private var ready: [Int: ParsedBlock] = [:]
  private var nextToCommit = 0
  private var committing = false

  // The committer's (one worker at a time, `committing` under `lock`).
  private var fileRows: RatingRows
  /// Per worker, the session index of each of its local ids.
  private var userIndex: [[Int32]], itemIndex: [[Int32]]
  private var levelIndex: [[[Int32]]]
  private var linesBefore = 0, blankLines = 0
  /// The first block in file order that failed, and the line it starts on.
  private var failed: (block: ParsedBlock, firstLine: Int)?
  /// The universe's sizes before the parse, to go back to when it fails.
  private let usersBefore: Int, itemsBefore: Int, levelsBefore: [Int]
  private let levelMaps: [IdMap]

  /// One block's columns, with user, item and level indices local to its worker's tables.
  struct ParsedBlock {
    let index: Int
    let worker: Int
    /// No block follows (as far as the stream could tell when handing it out).
    let isLast: Bool
    var parse: BlockParse
    /// The texts of the ids the worker read first in this block, in the order of their local indices.
    let newUsers: [String], newItems: [String], newLevels: [[String]]
    /// The block's text, kept when its parse failed, to parse it again from its true line.
    var text: [UInt8]?
  }

  struct BlockParse {
    var rows: RatingRows
    var lines = 0
    var blankLines = 0
    var ranOutInsideQuotes = false
    var failure: Error?
  }

  /// The id tables of one worker.
  struct WorkerIds {
    var users = BatchedIds()
    var items = BatchedIds()
    var levels: [ByteIdTable]
  }

  init(path: String, layout: RatingsFileLayout, head: [UInt8], stream: DataFileStream, blockBytes: Int,
       universe: Universe) {
    self.path = path
    self.layout = layout
    self.head = head
    self.stream = stream
    self.universe = universe
    self.blockBytes = max(1, blockBytes)
    let lines = max(1, DelimitedReader.lineCount(head))
    lineBytes = max(6, head.count / lines)
    headCuts = RatingBlocks.cuts(head, target: self.blockBytes, firstEnd: layout.firstRecordEnd)
    maxBlocksAhead = 3 * Parallel.workers
    let c = layout.columns
    // The file's rows as its first block's lines predict them, and a little more: a file of
    // lines like its first ones fills this without growing and ends within `exactCapacity`'s slack.
    let predicted = Double(max(stream.sizeEstimate, head.count)) * Double(lines) / Double(max(1, head.count))
    fileRows = RatingRows(capacity: Int(predicted * 1.008) + 64, hasTime: c.time != nil,
                          featureCount: c.features.count, categoryCount: c.categories.count)
    let workers = Parallel.workers
    userIndex = Array(repeating: [], count: workers)
    itemIndex = Array(repeating: [], count: workers)
    levelIndex = Array(repeating: Array(repeating: [], count: workers), count: c.categoryNames.count)
    levelMaps = c.categoryNames.map { universe.categories(named: $0) }
    usersBefore = universe.users.count
    itemsBefore = universe.items.count
    levelsBefore = levelMaps.map(\.count)
  }

  /// `head` cut into blocks of about `target` bytes ending just after a line feed, the first
  /// one holding the first record (the header) whole.
  static func cuts(_ head: [UInt8], target: Int, firstEnd: Int) -> [Range<Int>] {
    var out: [Range<Int>] = []
    var start = 0
    while start < head.count {
      var end = min(head.count, max(start + target, out.isEmpty ? firstEnd : 0))
      if end < head.count, head[end - 1] != 10 {
        end = firstIndex(of: 10, in: head, from: end).map { $0 + 1 } ?? head.count
      }
      out.append(start..<end)
      start = end
    }
    return out
  }

  /// Parses every block on all cores, committing them in file order; nil when the file must
  /// be read in one pass instead (see the type's notes).
  /// - Throws: the error one pass over the file would throw first.
  func parse() throws -> (rows: RatingRows, blankLines: Int, blocks: Int)? {
    let levelCount = layout.columns.categoryNames.count
    DispatchQueue.concurrentPerform(iterations: Parallel.workers) { w in
      var ids = WorkerIds(levels: Array(repeating: ByteIdTable(), count: levelCount))
      var buffer: [UInt8] = []
      while let (k, isLast) = nextBlock(into: &buffer) {
        let before = (ids.users.count, ids.items.count, ids.levels.map(\.count))
        let result = parseBlock(buffer, isFirst: k == 0, firstLine: 1, ids: &ids)
        let block = ParsedBlock(
          index: k, worker: w, isLast: isLast, parse: result,
          newUsers: (before.0..<ids.users.count).map(ids.users.table.text),
          newItems: (before.1..<ids.items.count).map(ids.items.table.text),
          newLevels: (0..<levelCount).map { c in (before.2[c]..<ids.levels[c].count).map(ids.levels[c].text) },
          text: result.failure == nil ? nil : buffer)
        finished(block)
      }
    }
    RatingBlocks.releaseFreedMemory()
    do {
      if let sourceError { throw sourceError }
      if needsOnePass { forgetNewIds(); return nil }
      if let (block, firstLine) = failed, let failure = block.parse.failure {
        guard block.index > 0, let text = block.text else { throw failure }
        var scratch = WorkerIds(levels: Array(repeating: ByteIdTable(), count: levelCount))
        throw parseBlock(text, isFirst: false, firstLine: firstLine, ids: &scratch).failure ?? failure
      }
      if layout.hasHeader, fileRows.count == 0 { throw layout.headerWithoutRatings(path) }
    } catch {
      forgetNewIds()
      throw error
    }
    // Handed over, not shared: the caller's de-duplication then frees what it replaces.
    let rows = fileRows
    fileRows = RatingRows(capacity: 0, hasTime: false, featureCount: 0)
    return (rows, blankLines, nextToCommit)
  }

  /// The next block into `buffer`, with its index and whether it is the file's last; nil when
  /// there is none, or the parse has stopped.
  private func nextBlock(into buffer: inout [UInt8]) -> (Int, Bool)? {
    lock.lock()
    defer {
      if stopped { lock.broadcast() }
      lock.unlock()
    }
    while !stopped, handedOut - nextToCommit >= maxBlocksAhead { lock.wait() }
    guard !stopped else { return nil }
    let isLast: Bool
    if nextCut < headCuts.count {
      buffer.removeAll(keepingCapacity: true)
      buffer.append(contentsOf: head[headCuts[nextCut]])
      nextCut += 1
      if nextCut == headCuts.count { head = [] }
      isLast = nextCut == headCuts.count && stream.isAtEnd
    } else {
      do {
        guard try stream.nextBlock(&buffer, target: blockBytes, limit: DelimitedReader.maxRecordBytes) else {
          stopped = true
          return nil
        }
      } catch is DataFileStream.LineTooLong {
        needsOnePass = true
        stopped = true
        return nil
      } catch {
        sourceError = error
        stopped = true
        return nil
      }
      isLast = stream.isAtEnd
    }
    handedOut += 1
    return (handedOut - 1, isLast)
  }

  /// Hands a parsed block over, and commits every block that is ready in file order unless
  /// another worker is doing so.
  private func finished(_ block: ParsedBlock) {
    lock.lock()
    defer { lock.unlock() }
    ready[block.index] = block
    if block.parse.failure != nil {
      stopped = true
      lock.broadcast()
    }
    guard !committing else { return }
    committing = true
    while let next = ready.removeValue(forKey: nextToCommit) {
      lock.unlock()
      let goOn = commit(next)
      lock.lock()
      if !goOn {
        stopped = true
        ready = [:]
        break
      }
      nextToCommit += 1
      lock.broadcast()
    }
    committing = false
    lock.broadcast()
  }

  /// Appends a block's columns to the file's, its new ids interned in the session; false
  /// (and nothing appended) when it failed or the file must be read in one pass.
  private func commit(_ block: ParsedBlock) -> Bool {
    if block.parse.ranOutInsideQuotes, !block.isLast {
      lock.withLock { needsOnePass = true }
      return false
    }
    if block.parse.failure != nil {
      failed = (block, linesBefore + 1)
      return false
    }
    linesBefore += block.parse.lines
    blankLines += block.parse.blankLines
    let w = block.worker
    for t in block.newUsers { userIndex[w].append(universe.users.intern(t)) }
    for t in block.newItems { itemIndex[w].append(universe.items.intern(t)) }
    for c in levelMaps.indices {
      for t in block.newLevels[c] { levelIndex[c][w].append(levelMaps[c].intern(t)) }
    }
    let r = block.parse.rows
    let users = userIndex[w], items = itemIndex[w]
    fileRows.users.append(contentsOf: r.users.lazy.map { users[Int($0)] })
    fileRows.items.append(contentsOf: r.items.lazy.map { items[Int($0)] })
    fileRows.values.append(contentsOf: r.values)
    if let t = r.times { fileRows.times?.append(contentsOf: t) }
    for c in r.features.indices { fileRows.features[c].append(contentsOf: r.features[c]) }
    for c in r.categories.indices {
      let levels = levelIndex[c][w]
      fileRows.categories[c].append(contentsOf: r.categories[c].lazy.map { $0 < 0 ? -1 : levels[Int($0)] })
    }
    return true
  }

  /// Takes the ids the committed blocks added back out of the universe.
  private func forgetNewIds() {
    universe.users.forgetIds(after: usersBefore)
    universe.items.forgetIds(after: itemsBefore)
    for (c, map) in levelMaps.enumerated() { map.forgetIds(after: levelsBefore[c]) }
  }

  /// Records interned a batch at a time (`BatchedIds`).
  static let idBatch = 256

  /// Parses one block: every record from `firstLine` on (block 0: after the header).
  private func parseBlock(_ bytes: [UInt8], isFirst: Bool, firstLine: Int, ids: inout WorkerIds) -> BlockParse {
    let columns = layout.columns
    var out = BlockParse(rows: RatingRows(capacity: bytes.count / lineBytes * 9 / 8 + 64, hasTime: columns.time != nil,
                                          featureCount: columns.features.count, categoryCount: columns.categories.count))
    var reader = DelimitedReader(bytes: bytes, separator: layout.separator, file: path, firstLine: firstLine,
                                 isFileStart: isFirst)
    var parser = layout.parser
    var fields: [FieldSpan] = []
    ids.users.pending.removeAll(keepingCapacity: true)
    ids.items.pending.removeAll(keepingCapacity: true)
    do {
      if isFirst, layout.hasHeader { _ = try reader.next(&fields) }
      while try reader.next(&fields) {
        try reader.checkFieldCount(fields, expected: layout.fieldCount, firstLine: layout.firstLine, file: path)
        try Ratings.readRecord(fields, reader, columns, &parser, &ids.users, &ids.items, &ids.levels, into: &out.rows)
        if ids.users.pending.count == RatingBlocks.idBatch {
          ids.users.flush(reader, into: &out.rows.users)
          ids.items.flush(reader, into: &out.rows.items)
        }
      }
      ids.users.flush(reader, into: &out.rows.users)
      ids.items.flush(reader, into: &out.rows.items)
    } catch {
      out.failure = error
    }
    out.lines = reader.linesRead - (firstLine - 1)
    out.blankLines = reader.blankLines
    out.ranOutInsideQuotes = reader.ranOutInsideQuotes
    return out
  }

  /// Returns the heap's free pages to the system (glibc's `malloc_trim`), so that the block
  /// columns freed by the parse stop counting in the process's memory.
  static func releaseFreedMemory() {
    #if os(Linux)
    _ = glibcMallocTrim(0)
    #endif
  }
}

/// A worker's ids of one column (users or items), looked up a batch of records at a time: the
/// records' fields wait in `pending` until `flush` resolves them all with one
/// `ByteIdTable.appendIndices` (whose lookups overlap their cache misses).
struct BatchedIds: IdColumnWriter {
  var table = ByteIdTable()
  var pending: [FieldSpan] = []

  var count: Int { table.count }

  mutating func add(_ reader: DelimitedReader, _ f: FieldSpan, to column: inout [Int32]) {
    pending.append(f)
  }

  /// Appends the pending fields' indices to `column`, in order.
  mutating func flush(_ reader: DelimitedReader, into column: inout [Int32]) {
    guard !pending.isEmpty else { return }
    table.appendIndices(pending, reader, to: &column)
    pending.removeAll(keepingCapacity: true)
  }
}

#if os(Linux)
/// glibc's `int malloc_trim(size_t pad)`, declared in <malloc.h>, which Swift's Glibc module
/// does not include.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
