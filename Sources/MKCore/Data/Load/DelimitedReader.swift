import CKernels
import Foundation

/// How the fields of a line are separated.
public enum FieldSeparator: Equatable, CustomStringConvertible {
  /// One byte: tab, comma, semicolon, pipe...
  case byte(UInt8)
  /// Runs of spaces and tabs.
  case whitespace
  /// Several bytes, such as MovieLens 1M/10M's `::`.
  case bytes([UInt8])

  /// Parses the `sep=` option: a string of one or more characters (`","`, `"::"`), or `tab`,
  /// `\t`, `space`, `whitespace`. Never a newline, CR or double quote.
  public init?(option s: String) {
    switch s.lowercased() {
    case "\t", "\\t", "tab", "tsv": self = .byte(9)
    case " ", "space", "spaces", "whitespace", "ws": self = .whitespace
    case "comma", "csv": self = .byte(44)
    case "semicolon": self = .byte(59)
    case "pipe": self = .byte(124)
    default:
      let u = Array(s.utf8)
      guard !u.isEmpty, u.count <= 16, !u.contains(where: { $0 == 10 || $0 == 13 || $0 == 34 }) else { return nil }
      self = u.count == 1 ? .byte(u[0]) : .bytes(u)
    }
  }

  /// A word for displays: "tab", "comma", "whitespace", or the character in quotes.
  public var description: String {
    switch self {
    case .whitespace: return "whitespace"
    case .byte(9): return "tab"
    case .byte(44): return "comma"
    case .byte(59): return "semicolon"
    case .byte(124): return "pipe"
    case .byte(let b): return "'\(Character(Unicode.Scalar(b)))'"
    case .bytes(let b): return "'\(ShownText.shown(DelimitedReader.decode(b[...])))'"
    }
  }
}

/// One field of a record: a byte range of the file, quotes already removed.
struct FieldSpan {
  var start: Int
  var end: Int
  /// The field was quoted and holds doubled quotes (`""`) that `text` must undo.
  var hasEscapes: Bool

  var isEmpty: Bool { start >= end }
}

/// A byte-level reader of delimited text records (CSV, TSV, pipe, whitespace).
///
/// Works on the whole file as `[UInt8]`: no per-line `String`. Skips a UTF-8 byte-order mark
/// and blank lines (counted in `blankLines`), accepts LF and CRLF endings (CR-only endings are
/// made LF by `readDataFile`) and a missing final newline, and understands CSV quoting
/// (`"a, b"`, `"say ""hi"""`, newlines inside quotes). Unquoted fields lose surrounding spaces.
/// `line` is the 1-based line where the last record returned by `next` starts, for error
/// messages. A record longer than `maxRecordBytes` or a field longer than `maxFieldBytes` is an
/// error naming `file` and the line.
struct DelimitedReader {
  /// The longest record (a line, or several when a quoted field holds newlines): 16 MiB.
  static let maxRecordBytes = 16 << 20
  /// The longest field: 64 KiB. (An ASSISTments sequence line is 6 KB in 1,146 fields.)
  static let maxFieldBytes = 64 << 10

  let bytes: [UInt8]
  let separator: FieldSeparator
  /// The file's path, for errors.
  let file: String
  /// The limits this reader applies (smaller in tests).
  var recordLimit = DelimitedReader.maxRecordBytes
  var fieldLimit = DelimitedReader.maxFieldBytes
  private(set) var position: Int
  private(set) var line = 0
  private(set) var blankLines = 0
  private var nextLine: Int
  /// A quoted field ran to the end of `bytes` without its closing quote. In a block of a
  /// larger file (`RatingBlocks`) this means the block ended inside a quoted newline.
  private(set) var ranOutInsideQuotes = false
  /// Plain lines (see `readPlainLine`) are split by the C fast path; off in tests that check
  /// it against the general reader.
  var splitsPlainLines = true
  /// The field bounds the fast path writes, kept between lines.
  private var plainBounds = [Int](repeating: 0, count: 2 * DelimitedReader.plainFieldsMax)
  /// Lines of more fields go through the general reader.
  static let plainFieldsMax = 32

  /// A reader of a whole file (skipping a byte-order mark), or of one block of it: a block
  /// after the first starts at a line boundary, on line `firstLine`, with no byte-order mark.
  init(bytes: [UInt8], separator: FieldSeparator, file: String = "", firstLine: Int = 1, isFileStart: Bool = true) {
    self.bytes = bytes
    self.separator = separator
    self.file = file
    nextLine = firstLine
    position = isFileStart ? DelimitedReader.bodyStart(bytes) : 0
  }

  /// Lines read so far, blank ones and those inside quoted fields included.
  var linesRead: Int { nextLine - 1 }

  /// Where the text starts: after a UTF-8 byte-order mark when there is one.
  static func bodyStart(_ b: [UInt8]) -> Int {
    b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0
  }

  /// Upper bound on the number of records: lines, counting a last line without newline.
  static func lineCount(_ b: [UInt8]) -> Int {
    var n = 0
    b.withUnsafeBufferPointer { p in for x in p where x == 10 { n += 1 } }
    if let last = b.last, last != 10 { n += 1 }
    return n
  }

  /// Reads the next non-blank record into `fields`; false at the end of the file.
  /// - Throws: `MKError` when the record or one of its fields is over the limits.
  mutating func next(_ fields: inout [FieldSpan]) throws -> Bool {
    if splitsPlainLines, case .byte(let s) = separator, s != 32, readPlainLine(s, &fields) { return true }
    let n = bytes.count
    while position < n {
      fields.removeAll(keepingCapacity: true)
      line = nextLine
      if skipBlankLine() { blankLines += 1; continue }
      let start = position
      switch separator {
      case .byte(let s): readSeparated(s, &fields)
      case .whitespace: readWhitespace(&fields)
      case .bytes(let s): readSeparated(s, &fields)
      }
      try checkLimits(fields, recordBytes: position - start)
      return true
    }
    return false
  }

  /// Reads the line at `position` when it is plain (`mk_split_plain_line`: ends in LF or CRLF,
  /// no quote, no other CR, no space at a field's ends, within the limits, not blank), giving
  /// what the general reader gives; false, having read nothing, for any other line. A plain
  /// line is most lines of most files, and the SSE2 split is several times faster than
  /// `readSeparated`'s byte loop (`bench/load.sh`).
  private mutating func readPlainLine(_ s: UInt8, _ fields: inout [FieldSpan]) -> Bool {
    let text = bytes, start = position, fieldLimit = fieldLimit, recordLimit = recordLimit
    var next = 0
    let count = plainBounds.withUnsafeMutableBufferPointer { bounds in
      text.withUnsafeBufferPointer { b in
        Int(mk_split_plain_line(b.baseAddress, b.count, start, s, Int32(DelimitedReader.plainFieldsMax), fieldLimit,
                                recordLimit, bounds.baseAddress, &next))
      }
    }
    guard count >= 0 else { return false }
    // Overwritten in place: a file's lines have one field count, so this resizes once.
    if fields.count != count {
      fields.removeAll(keepingCapacity: true)
      fields.append(contentsOf: repeatElement(FieldSpan(start: 0, end: 0, hasEscapes: false), count: count))
    }
    plainBounds.withUnsafeBufferPointer { bounds in
      fields.withUnsafeMutableBufferPointer { f in
        for k in 0..<count { f[k] = FieldSpan(start: bounds[2 * k], end: bounds[2 * k + 1], hasEscapes: false) }
      }
    }
    line = nextLine
    nextLine += 1
    position = next
    return true
  }

  /// Throws when the record just read is longer than `maxRecordBytes` or holds a field longer
  /// than `maxFieldBytes`.
  private func checkLimits(_ fields: [FieldSpan], recordBytes: Int) throws {
    if recordBytes > recordLimit {
      throw MKError.data(
        "line \(line) is \(DelimitedReader.size(recordBytes)) long; mk reads lines of at most \(DelimitedReader.size(recordLimit))",
        file: file, line: line, hint: "check the file: a data line this long is usually a missing newline or a wrong file")
    }
    for (k, f) in fields.enumerated() where f.end - f.start > fieldLimit {
      throw MKError.data(
        "field \(k + 1) on line \(line) is \(DelimitedReader.size(f.end - f.start)) long ('\(shown(f))'); mk reads fields of at most \(DelimitedReader.size(fieldLimit))",
        file: file, line: line,
        hint: "check the separator (give sep=...) and the quotes: an unclosed \" makes the rest of the file one field")
    }
  }

  /// A byte count for messages: "900 bytes", "70 KiB", "16 MiB", "50.3 MiB".
  static func size(_ n: Int) -> String {
    if n < 1 << 10 { return "\(n) bytes" }
    if n < 1 << 20 { return "\((n + 1023) >> 10) KiB" }
    if n % (1 << 20) == 0 { return "\(n >> 20) MiB" }
    return String(format: "%.1f MiB", Double(n) / Double(1 << 20))
  }

  /// Skips the current line when it holds only spaces, tabs and CR.
  private mutating func skipBlankLine() -> Bool {
    var p = position
    let n = bytes.count
    while p < n, bytes[p] == 32 || bytes[p] == 9 || bytes[p] == 13 { p += 1 }
    guard p == n || bytes[p] == 10 else { return false }
    position = p < n ? p + 1 : n
    nextLine += 1
    return true
  }

  private mutating func readSeparated(_ s: UInt8, _ fields: inout [FieldSpan]) {
    var p = position
    let n = bytes.count
    while true {
      while p < n, bytes[p] == 32, s != 32 { p += 1 }
      if p < n, bytes[p] == 34 {
        let field = readQuoted(&p)
        while p < n, bytes[p] != s, bytes[p] != 10, bytes[p] != 13 { p += 1 }
        fields.append(field)
      } else {
        let start = p
        while p < n, bytes[p] != s, bytes[p] != 10 { p += 1 }
        var end = p
        while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 13 { end -= 1 }
        fields.append(FieldSpan(start: start, end: end, hasEscapes: false))
      }
      if p < n, bytes[p] == s { p += 1; continue }
      break
    }
    finishLine(&p)
  }

  /// `readSeparated` for a separator of several bytes (`::`): the same quoting and trimming.
  private mutating func readSeparated(_ s: [UInt8], _ fields: inout [FieldSpan]) {
    var p = position
    let n = bytes.count
    let first = s[0]
    func atSeparator(_ p: Int) -> Bool {
      guard bytes[p] == first, p + s.count <= n else { return false }
      for k in 1..<s.count where bytes[p + k] != s[k] { return false }
      return true
    }
    while true {
      while p < n, bytes[p] == 32, first != 32 { p += 1 }
      if p < n, bytes[p] == 34 {
        let field = readQuoted(&p)
        while p < n, !atSeparator(p), bytes[p] != 10, bytes[p] != 13 { p += 1 }
        fields.append(field)
      } else {
        let start = p
        while p < n, bytes[p] != 10, !atSeparator(p) { p += 1 }
        var end = p
        while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 13 { end -= 1 }
        fields.append(FieldSpan(start: start, end: end, hasEscapes: false))
      }
      if p < n, atSeparator(p) { p += s.count; continue }
      break
    }
    finishLine(&p)
  }

  /// A quoted field whose opening quote is at `p`: up to the closing quote, `""` standing for
  /// a quote and newlines part of the field (counted in `nextLine`). Leaves `p` just after the
  /// closing quote, or at the end of `bytes` when there is none (`ranOutInsideQuotes`).
  private mutating func readQuoted(_ p: inout Int) -> FieldSpan {
    let n = bytes.count
    p += 1
    let start = p
    var escapes = false
    while p < n {
      let b = bytes[p]
      if b == 34 {
        if p + 1 < n, bytes[p + 1] == 34 { escapes = true; p += 2; continue }
        break
      }
      if b == 10 { nextLine += 1 }
      p += 1
    }
    let end = p
    if p < n { p += 1 } else { ranOutInsideQuotes = true }
    return FieldSpan(start: start, end: end, hasEscapes: escapes)
  }

  private mutating func readWhitespace(_ fields: inout [FieldSpan]) {
    var p = position
    let n = bytes.count
    while true {
      while p < n, bytes[p] == 32 || bytes[p] == 9 || bytes[p] == 13 { p += 1 }
      if p >= n || bytes[p] == 10 { break }
      let start = p
      while p < n, bytes[p] != 32, bytes[p] != 9, bytes[p] != 13, bytes[p] != 10 { p += 1 }
      fields.append(FieldSpan(start: start, end: p, hasEscapes: false))
    }
    finishLine(&p)
  }

  private mutating func finishLine(_ p: inout Int) {
    let n = bytes.count
    while p < n, bytes[p] != 10 { p += 1 }
    if p < n { p += 1 }
    nextLine += 1
    position = p
  }

  /// Throws when the record just read does not have the `expected` fields of the first record
  /// (on `firstLine`): a missing or extra separator, or an unquoted separator inside a field.
  func checkFieldCount(_ fields: [FieldSpan], expected: Int, firstLine: Int, file: String) throws {
    guard fields.count != expected else { return }
    throw MKError.data(
      "line \(line) has \(fields.count) field\(fields.count == 1 ? "" : "s"), expected \(expected) as on line \(firstLine)",
      file: file, line: line, hint: "check for a missing or extra \(separator) separator; quote fields that contain it")
  }

  // MARK: - Field values

  /// The field's text: UTF-8, or latin-1 when the bytes are not valid UTF-8.
  func text(_ f: FieldSpan) -> String {
    let s = DelimitedReader.decode(bytes[f.start..<max(f.start, f.end)])
    return f.hasEscapes ? s.replacingOccurrences(of: "\"\"", with: "\"") : s
  }

  /// Decodes bytes as UTF-8, falling back to latin-1 (ISO-8859-1) when they are not valid UTF-8.
  static func decode(_ b: ArraySlice<UInt8>) -> String {
    var ascii = true
    for x in b where x >= 0x80 { ascii = false; break }
    if ascii || isValidUTF8(b) { return String(decoding: b, as: UTF8.self) }
    var scalars = String.UnicodeScalarView()
    for x in b { scalars.append(Unicode.Scalar(x)) }
    return String(scalars)
  }

  static func isValidUTF8(_ b: ArraySlice<UInt8>) -> Bool {
    var it = b.makeIterator()
    var codec = UTF8()
    while true {
      switch codec.decode(&it) {
      case .scalarValue: continue
      case .emptyInput: return true
      case .error: return false
      }
    }
  }

  /// The field as a number, or nil when it is not one (fast path for plain decimals).
  func number(_ f: FieldSpan) -> Double? {
    DelimitedReader.parseNumber(bytes, f.start, f.end)
  }

  /// `b[start..<end]` as a number: a plain decimal of up to 15 digits in C
  /// (`mk_parse_plain_decimal`: every rating and Unix time of a ratings file, twice a record,
  /// and the Swift loop's bounds checks were 9% of a large load), anything else by the
  /// standard library.
  static func parseNumber(_ b: [UInt8], _ start: Int, _ end: Int) -> Double? {
    guard start < end else { return nil }
    precondition(start >= 0 && end <= b.count, "field outside its text")
    var x = 0.0
    if b.withUnsafeBufferPointer({ mk_parse_plain_decimal($0.baseAddress, start, end, &x) }) != 0 { return x }
    // Exponents, long digit strings, "inf": let the standard library decide.
    let s = String(decoding: b[start..<end], as: UTF8.self)
    guard let x = Double(s), x.isFinite else { return nil }
    return x
  }

  /// The field as a canonical unsigned integer ("0", "17", not "017" or "+1"): a key that
  /// names the same id as its text, used to skip building a `String` for numeric ids.
  func canonicalInteger(_ f: FieldSpan) -> UInt64? {
    let len = f.end - f.start
    guard len > 0, len <= 18, !f.hasEscapes else { return nil }
    if len > 1, bytes[f.start] == 48 { return nil }
    var v: UInt64 = 0
    for p in f.start..<f.end {
      let d = bytes[p] &- 48
      guard d <= 9 else { return nil }
      v = v * 10 + UInt64(d)
    }
    return v
  }

  /// True when the field's bytes equal `word`, ignoring ASCII case.
  func equals(_ f: FieldSpan, lowercased word: [UInt8]) -> Bool {
    guard f.end - f.start == word.count else { return false }
    for i in 0..<word.count {
      var c = bytes[f.start + i]
      if c >= 65, c <= 90 { c += 32 }
      if c != word[i] { return false }
    }
    return true
  }
}
