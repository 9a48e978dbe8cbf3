import Dispatch
import Foundation

/// The parallel parse of a ratings file: blocks of whole lines, each parsed by one worker into
/// its own columns, merged in file order into what one pass over the file gives.
///
/// - Blocks: the file's first block (`head`, from which `RatingsFileLayout` was read) cut at
///   line feeds, then blocks of about `blockBytes` read from the stream, handed out in file
///   order under a lock; the file is never whole in memory, only a block per worker.
/// - Ids: each worker interns by bytes in its own `ByteIdTable`s; the merge interns each
///   block's new ids in file order, so users, items and levels get the indices of a sequential
///   read (first appearance in the file, after the ids the session already knows).
/// - Values: every block checks its records against the layout's first record, with a copy of
///   the layout's parser (numbers or words, the time base), as one pass would.
/// - Errors: the first failing block in file order reports. Blocks count their lines; a block
///   after the first fails with lines counted from its own start, so it is parsed again from
///   its true first line to throw the error one pass would throw.
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

  // Under `lock`: the blocks still to hand out, and what the workers parsed.
  private let lock = NSLock()
  private var head: [UInt8]
  private var headCuts: [Range<Int>]
  private var nextCut = 0
  private var handedOut = 0
  private var stopped = false
  private var sourceError: Error?
  private var needsOnePass = false
  private var parsed: [ParsedBlock] = []
  private var tables: [WorkerIds] = []

  /// One block's columns, with user, item and level indices local to its worker's tables.
  struct ParsedBlock {
    let index: Int
    let worker: Int
    /// No block follows (as far as the stream could tell when handing it out).
    let isLast: Bool
    var parse: BlockParse
    let newUsers: Range<Int>, newItems: Range<Int>, newLevels: [Range<Int>]
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
    var users = ByteIdTable()
    var items = ByteIdTable()
    var levels: [ByteIdTable]
  }

  init(path: String, layout: RatingsFileLayout, head: [UInt8], stream: DataFileStream, blockBytes: Int) {
    self.path = path
    self.layout = layout
    self.head = head
    self.stream = stream
    self.blockBytes = max(1, blockBytes)
    lineBytes = max(6, head.count / max(1, DelimitedReader.lineCount(head)))
    headCuts = RatingBlocks.cuts(head, target: self.blockBytes, firstEnd: layout.firstRecordEnd)
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

  /// Parses every block on all cores and merges them; nil when the file must be read in one
  /// pass instead (see the type's notes).
  /// - Throws: the error one pass over the file would throw first.
  func parse(universe: Universe) throws -> (rows: RatingRows, blankLines: Int, blocks: Int)? {
    let workers = Parallel.workers
    let levelCount = layout.columns.categoryNames.count
    tables = (0..<workers).map { _ in WorkerIds(levels: Array(repeating: ByteIdTable(), count: levelCount)) }
    DispatchQueue.concurrentPerform(iterations: workers) { w in
      var ids = lock.withLock { tables[w] }
      var buffer: [UInt8] = []
      while let (k, isLast) = nextBlock(into: &buffer) {
        let before = (ids.users.count, ids.items.count, ids.levels.map(\.count))
        let result = parseBlock(buffer, isFirst: k == 0, firstLine: 1, ids: &ids)
        let block = ParsedBlock(
          index: k, worker: w, isLast: isLast, parse: result,
          newUsers: before.0..<ids.users.count, newItems: before.1..<ids.items.count,
          newLevels: (0..<levelCount).map { before.2[$0]..<ids.levels[$0].count },
          text: result.failure == nil ? nil : buffer)
        lock.withLock {
          parsed.append(block)
          if result.failure != nil { stopped = true }
        }
      }
      lock.withLock { tables[w] = ids }
    }
    return try merge(universe: universe)
  }

  /// The next block into `buffer`, with its index and whether it is the file's last; nil when
  /// there is none, or the parse has stopped.
  private func nextBlock(into buffer: inout [UInt8]) -> (Int, Bool)? {
    lock.lock()
    defer { lock.unlock() }
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

  /// Parses one block: every record from `firstLine` on (block 0: after the header).
  private func parseBlock(_ bytes: [UInt8], isFirst: Bool, firstLine: Int, ids: inout WorkerIds) -> BlockParse {
    let columns = layout.columns
    var out = BlockParse(rows: RatingRows(capacity: bytes.count / lineBytes * 9 / 8 + 64, hasTime: columns.time != nil,
                                          featureCount: columns.features.count, categoryCount: columns.categories.count))
    var reader = DelimitedReader(bytes: bytes, separator: layout.separator, file: path, firstLine: firstLine,
                                 isFileStart: isFirst)
    var parser = layout.parser
    var fields: [FieldSpan] = []
    do {
      if isFirst, layout.hasHeader { _ = try reader.next(&fields) }
      while try reader.next(&fields) {
        try reader.checkFieldCount(fields, expected: layout.fieldCount, firstLine: layout.firstLine, file: path)
        try Ratings.readRecord(fields, reader, columns, &parser, &ids.users, &ids.items, &ids.levels, into: &out.rows)
      }
    } catch {
      out.failure = error
    }
    out.lines = reader.linesRead - (firstLine - 1)
    out.blankLines = reader.blankLines
    out.ranOutInsideQuotes = reader.ranOutInsideQuotes
    return out
  }

  /// The blocks' columns in file order, with global indices; nil for a one-pass read.
  private func merge(universe: Universe) throws -> (rows: RatingRows, blankLines: Int, blocks: Int)? {
    if let sourceError { throw sourceError }
    if needsOnePass { return nil }
    parsed.sort { $0.index < $1.index }
    var linesBefore = 0, blankLines = 0
    for (k, block) in parsed.enumerated() {
      precondition(block.index == k, "blocks are handed out and kept in order")
      if block.parse.ranOutInsideQuotes, !block.isLast { return nil }
      if let failure = block.parse.failure {
        guard k > 0, let text = block.text else { throw failure }
        var scratch = WorkerIds(levels: Array(repeating: ByteIdTable(), count: layout.columns.categoryNames.count))
        throw parseBlock(text, isFirst: false, firstLine: linesBefore + 1, ids: &scratch).failure ?? failure
      }
      linesBefore += block.parse.lines
      blankLines += block.parse.blankLines
    }
    if layout.hasHeader, parsed.allSatisfy({ $0.parse.rows.count == 0 }) { throw layout.headerWithoutRatings(path) }

    // Global indices, interned block by block in file order.
    func maps(_ table: (WorkerIds) -> ByteIdTable, _ new: (ParsedBlock) -> Range<Int>, _ map: IdMap) -> [[Int32]] {
      var out = tables.map { [Int32](repeating: -1, count: table($0).count) }
      for block in parsed {
        let t = table(tables[block.worker])
        for i in new(block) { out[block.worker][i] = map.intern(t.text(i)) }
      }
      return out
    }
    let userMaps = maps({ $0.users }, { $0.newUsers }, universe.users)
    let itemMaps = maps({ $0.items }, { $0.newItems }, universe.items)
    let levelMaps = layout.columns.categoryNames.enumerated().map { c, name in
      maps({ $0.levels[c] }, { $0.newLevels[c] }, universe.categories(named: name))
    }

    // Each column gathered whole, and its block parts freed (and given back to the system:
    // glibc keeps freed blocks of this size in its heap) before the next: the peak is the
    // columns once plus one column.
    let total = parsed.reduce(0) { $0 + $1.parse.rows.count }
    func gather<T>(_ take: (inout RatingRows) -> [T]) -> [T] {
      var out: [T] = []
      out.reserveCapacity(total)
      for k in parsed.indices { out.append(contentsOf: take(&parsed[k].parse.rows)) }
      RatingBlocks.releaseFreedMemory()
      return out
    }
    func gather(_ take: (inout RatingRows) -> [Int32], _ maps: [[Int32]]) -> [Int32] {
      var out: [Int32] = []
      out.reserveCapacity(total)
      for k in parsed.indices {
        let map = maps[parsed[k].worker]
        for x in take(&parsed[k].parse.rows) { out.append(x < 0 ? -1 : map[Int(x)]) }
      }
      RatingBlocks.releaseFreedMemory()
      return out
    }
    let columns = layout.columns
    var rows = RatingRows(capacity: 0, hasTime: columns.time != nil, featureCount: columns.features.count,
                          categoryCount: columns.categories.count)
    rows.users = gather({ r in defer { r.users = [] }; return r.users }, userMaps)
    rows.items = gather({ r in defer { r.items = [] }; return r.items }, itemMaps)
    rows.values = gather { r in defer { r.values = [] }; return r.values }
    if columns.time != nil { rows.times = gather { r in defer { r.times = [] }; return r.times ?? [] } }
    for c in 0..<columns.features.count {
      rows.features[c] = gather { r in defer { r.features[c] = [] }; return r.features[c] }
    }
    for c in 0..<columns.categories.count {
      rows.categories[c] = gather({ r in defer { r.categories[c] = [] }; return r.categories[c] }, levelMaps[c])
    }
    return (rows, blankLines, parsed.count)
  }

  /// Returns the heap's free pages to the system (glibc's `malloc_trim`), so that the block
  /// columns freed by the merge stop counting in the process's memory.
  static func releaseFreedMemory() {
    #if os(Linux)
    _ = glibcMallocTrim(0)
    #endif
  }
}

#if os(Linux)
/// glibc's `int malloc_trim(size_t pad)`, declared in <malloc.h>, which Swift's Glibc module
/// does not include.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
