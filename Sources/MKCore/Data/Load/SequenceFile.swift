import Foundation

/// Knowledge-tracing sequence files (`load PATH format=sequences`), as DKT and AKT publish
/// ASSISTments: one block of lines per student, comma separated.
///
/// - 3 lines (DKT): the number of attempts / skill ids / 0-1 answers. Each id is both the
///   attempt's item and its skill. The file does not name the student: the user is
///   `FILE#N`, FILE the file's name and N the block's number from 1, so that the students of
///   two files (a train and a test file) are never merged.
/// - 4 lines (AKT `*_pid`): `index,user` / problem ids / skill ids / 0-1 answers. Problems
///   are the items; the block's user is the student the file names.
///
/// The skill ids are the categorical field `skill` (levels shared by the session, as
/// `load fields=` makes them); the answers are binary outcomes kept in order, every attempt
/// (duplicates=all unless asked otherwise). Which shape a file has is read off its first
/// block (one number on its first line, or two); every block must have that shape. Errors
/// name the file, the line and, for a bad value, its column.
enum SequenceFile {
  /// The categorical field the skill ids go to.
  static let skillField = "skill"

  /// Whether `bytes` reads as a sequence file rather than ratings: its first block is one:
  /// a line of one or two whole numbers (a rating line has at least three fields), then
  /// lists of one length (for 3 lines, the length the count says) ending in 0/1 answers.
  static func looksLikeOne(_ bytes: [UInt8]) -> Bool {
    var lines = LineScanner(bytes: bytes)
    guard let head = lines.nextNonBlank() else { return false }
    let tokens = lines.tokens(head)
    func isWhole(_ t: FieldSpan) -> Bool { t.start < t.end && bytes[t.start..<t.end].allSatisfy { $0 >= 48 && $0 <= 57 } }
    guard (1...2).contains(tokens.count), tokens.allSatisfy(isWhole) else { return false }
    var lists: [[FieldSpan]] = []
    for _ in 0..<(tokens.count == 1 ? 2 : 3) {
      guard let l = lines.next() else { return false }
      lists.append(lines.tokens(l))
    }
    let n = lists[0].count
    guard n > 0, lists.allSatisfy({ $0.count == n }) else { return false }
    if tokens.count == 1, Int(String(decoding: bytes[tokens[0].start..<tokens[0].end], as: UTF8.self)) != n { return false }
    return lists[lists.count - 1].allSatisfy { $0.end - $0.start == 1 && (bytes[$0.start] == 48 || bytes[$0.start] == 49) }
  }

  /// Reads the sequence file `path` (its contents `bytes`), interning users, items and skill
  /// levels in `universe`.
  /// - Throws: `MKError` with the file and line for a block of the wrong shape, lists of
  ///   different lengths, a count that disagrees, an answer other than 0 or 1, a block cut
  ///   short by the end of the file.
  static func load(path: String, bytes: [UInt8], universe: Universe, duplicates: DuplicatePolicy?) throws
    -> (ratings: Ratings, report: Ratings.LoadReport) {
    let name = URL(fileURLWithPath: path).lastPathComponent
    var lines = LineScanner(bytes: bytes)
    let view = DelimitedReader(bytes: bytes, separator: .byte(44), file: path)
    // An attempt takes at least 2 bytes ("1,") on each of 2 lines: reading never reallocates.
    var rows = RatingRows(capacity: bytes.count / 4 + 1, hasTime: false, featureCount: 0, categoryCount: 1)
    var userIds = IdCache(map: universe.users), itemIds = IdCache(map: universe.items)
    var skillIds = IdCache(map: universe.categories(named: skillField))
    var shape: Int? = nil, blocks = 0

    func fail(_ message: String, _ line: Int, column: Int = 0, _ hint: String) -> MKError {
      MKError(.data, message, at: SourceLocation(file: path, line: line, column: column), hint: hint)
    }
    let shapeHint = "a sequence file has 3 lines a student (count / skill ids / 0-1 answers) or 4 (index,user / problem ids / skill ids / answers)"

    while let head = lines.nextNonBlank() {
      blocks += 1
      let headTokens = lines.tokens(head)
      let lineCount = headTokens.count == 1 ? 3 : headTokens.count == 2 ? 4 : 0
      guard lineCount > 0 else {
        throw fail("line \(head.number) starts block \(blocks) with \(headTokens.count) fields; a block starts with a count (3-line files) or index,user (4-line files)",
                   head.number, shapeHint)
      }
      if shape == nil { shape = lineCount }
      guard lineCount == shape else {
        throw fail("line \(head.number) starts a \(lineCount)-line block, but line 1 started a \(shape!)-line one",
                   head.number, "every block of a file has the same shape: \(shapeHint)")
      }
      var body: [LineScanner.Line] = []
      for k in 1..<lineCount {
        guard let l = lines.next() else {
          throw fail("block \(blocks) (line \(head.number)) is cut short: the file ends after \(k) of its \(lineCount) lines",
                     lines.lastLine, shapeHint)
        }
        body.append(l)
      }
      let lists = body.map { lines.tokens($0) }
      let answers = lists[lists.count - 1]
      for (l, list) in zip(body, lists) where list.count != answers.count {
        throw fail("line \(l.number) has \(list.count) values, but line \(body.last!.number) has \(answers.count) answers (block \(blocks), line \(head.number))",
                   l.number, "each line of a block lists one value per attempt")
      }
      let user: Int32
      if lineCount == 3 {
        let t = headTokens[0]
        guard let n = view.canonicalInteger(t) ?? (view.number(t).flatMap { UInt64(exactly: $0) }) else {
          throw fail("the count '\(view.shown(t))' on line \(head.number) is not a whole number", head.number,
                     column: lines.column(t, of: head), shapeHint)
        }
        guard n == UInt64(answers.count) else {
          throw fail("line \(head.number) counts \(n) attempts, but the block lists \(answers.count)", head.number,
                     "the first line of a block is its number of attempts")
        }
        user = universe.users.intern("\(name)#\(blocks)")
      } else {
        let t = headTokens[1]
        user = t.isEmpty ? universe.users.intern("\(name)#\(blocks)") : userIds.index(view, t)
      }
      let itemList = lists[0], skillList = lists[lineCount == 3 ? 0 : 1]
      for j in 0..<answers.count {
        let a = answers[j]
        let value: Float
        if a.end - a.start == 1, bytes[a.start] == 48 || bytes[a.start] == 49 {
          value = Float(bytes[a.start] - 48)
        } else if let x = view.number(a), x == 0 || x == 1 {
          value = Float(x)
        } else {
          let l = body.last!
          throw fail("answer '\(view.shown(a))' (attempt \(j + 1)) on line \(l.number) is not 0 or 1", l.number,
                     column: lines.column(a, of: l), "the last line of a block holds 0/1 answers")
        }
        for (list, l) in [(itemList, body[0]), (skillList, body[lineCount == 3 ? 0 : 1])] where list[j].isEmpty {
          throw fail("empty id (attempt \(j + 1)) on line \(l.number)", l.number, column: lines.column(list[j], of: l),
                     "every attempt needs an id")
        }
        rows.users.append(user)
        rows.items.append(itemIds.index(view, itemList[j]))
        rows.values.append(value)
        rows.categories[0].append(skillIds.index(view, skillList[j]))
      }
    }
    guard let shape else {
      throw MKError.data("'\(path)' is empty: no students", file: path, line: 1, hint: shapeHint)
    }
    let rowsRead = rows.count
    let policy = try duplicates.map { try Ratings.checked($0, binary: true, file: path) } ?? .all
    rows.resolveDuplicates(policy, userCount: universe.users.count, itemCount: universe.items.count)
    let store = rows.store(timeBase: 0, featureNames: [], categoryNames: [skillField])
    let ratings = Ratings(universe: universe, store: store, name: name, scale: .binary)
    let report = Ratings.LoadReport(
      path: path, rowsRead: rowsRead, duplicatesDropped: rowsRead - rows.count, blankLinesSkipped: 0,
      separator: .byte(44), header: nil, userColumn: 0, itemColumn: 0, ratingColumn: 0, timeColumn: nil,
      scale: .binary, categoryNames: [skillField], duplicates: policy, sequenceLines: shape, students: blocks)
    return (ratings, report)
  }
}

/// Lines of a file and the comma-separated tokens of one, as byte spans: no `String` per
/// line or token. Skips a UTF-8 byte-order mark; LF and CRLF endings; spaces around tokens
/// are trimmed, and a trailing comma ends a list (it adds no empty token).
struct LineScanner {
  struct Line {
    var start: Int
    var end: Int
    /// 1-based.
    var number: Int
    var isBlank: Bool { start >= end }
  }

  let bytes: [UInt8]
  private var position: Int
  private(set) var lastLine = 0

  init(bytes: [UInt8]) {
    self.bytes = bytes
    position = DelimitedReader.bodyStart(bytes)
  }

  /// The next line (maybe blank), nil at the end of the file.
  mutating func next() -> Line? {
    let n = bytes.count
    guard position < n else { return nil }
    let start = position
    var p = start
    bytes.withUnsafeBufferPointer { b in
      if let found = memchr(b.baseAddress! + start, 10, n - start) {
        p = b.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
      } else {
        p = n
      }
    }
    position = p + 1
    lastLine += 1
    var end = p
    if end > start, bytes[end - 1] == 13 { end -= 1 }
    var s = start
    while s < end, bytes[s] == 32 || bytes[s] == 9 { s += 1 }
    while end > s, bytes[end - 1] == 32 || bytes[end - 1] == 9 { end -= 1 }
    return Line(start: s, end: end, number: lastLine)
  }

  /// The next line that is not blank.
  mutating func nextNonBlank() -> Line? {
    while let l = next() { if !l.isBlank { return l } }
    return nil
  }

  /// The comma-separated tokens of `line`, trimmed; empty for a blank line.
  func tokens(_ line: Line) -> [FieldSpan] {
    guard !line.isBlank else { return [] }
    var out: [FieldSpan] = []
    var s = line.start
    while true {
      var e = s
      while e < line.end, bytes[e] != 44 { e += 1 }
      var a = s, b = e
      while a < b, bytes[a] == 32 || bytes[a] == 9 { a += 1 }
      while b > a, bytes[b - 1] == 32 || bytes[b - 1] == 9 { b -= 1 }
      out.append(FieldSpan(start: a, end: b, hasEscapes: false))
      guard e < line.end else { break }
      s = e + 1
      if s == line.end { break }  // a trailing comma
    }
    return out
  }

  /// The 1-based column of `token` on `line`, counted in bytes from the line's start.
  func column(_ token: FieldSpan, of line: Line) -> Int {
    var lineStart = line.start
    while lineStart > 0, bytes[lineStart - 1] != 10 { lineStart -= 1 }
    return token.start - lineStart + 1
  }
}
