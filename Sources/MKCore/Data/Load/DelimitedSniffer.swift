/// Guesses the layout of a delimited file from its first lines: how fields are separated, and
/// whether line 1 names the columns.
///
/// The ratings and items loaders both sniff the separator; each passes its own known column
/// names to the header test.
enum DelimitedSniffer {
  /// Lines looked at to tell the separator.
  static let linesLooked = 20

  /// The separator of the first lines: the first of tab, comma, semicolon and pipe that appears
  /// the same number of times (outside quotes) on each, else `::` (MovieLens 1M/10M) on the same
  /// terms, else whitespace when every line has the same number of space-separated tokens;
  /// failing all, the first candidate on line 1.
  /// - Throws: `MKError` when the file has no non-blank line, or line 1 has a single field.
  static func separator(_ bytes: [UInt8], file: String) throws -> FieldSeparator {
    let lines = firstLines(bytes)
    guard !lines.isEmpty else {
      throw MKError.data("'\(file)' is empty: no ratings", file: file, line: 1,
                         hint: "a ratings file has one rating a line: user, item, rating[, time]")
    }
    let candidates: [UInt8] = [9, 44, 59, 124]  // tab, comma, semicolon, pipe
    for s in candidates {
      let c = unquotedCount(of: s, in: lines[0])
      if c > 0, lines.allSatisfy({ unquotedCount(of: s, in: $0) == c }) { return .byte(s) }
    }
    let doubleColons = doubleColonCount(lines[0])
    if doubleColons > 0, lines.allSatisfy({ doubleColonCount($0) == doubleColons }) { return .bytes([58, 58]) }
    let t = tokenCount(lines[0])
    if t >= 2, lines.allSatisfy({ tokenCount($0) == t }) { return .whitespace }
    for s in candidates where unquotedCount(of: s, in: lines[0]) > 0 { return .byte(s) }
    if t >= 2 { return .whitespace }
    throw MKError.data("cannot tell how the fields of the first line are separated", file: file, line: 1,
                       hint: "give sep=\",\" (or tab, \";\", \"|\", whitespace); a rating needs user, item and rating")
  }

  /// Line 1 is a header when it names a known column (`knownNames`, compared `normalized`), or
  /// has a name where line 2 has a number; never when line 1 is all numbers.
  static func looksLikeHeader(_ first: [String], _ second: [String]?, knownNames: Set<String>) -> Bool {
    let isNumber = { (s: String) in Double(s.trimmingCharacters(in: .whitespaces)) != nil }
    if first.allSatisfy(isNumber) { return false }
    if first.contains(where: { knownNames.contains(normalized($0)) }) { return true }
    guard let second, second.count == first.count else { return false }
    return zip(first, second).contains { !isNumber($0) && isNumber($1) }
  }

  /// The texts of the record after the one `reader` last returned, without moving `reader`.
  static func textsOfNextRecord(_ reader: DelimitedReader) -> [String]? {
    var peek = reader
    var fields: [FieldSpan] = []
    return (try? peek.next(&fields)) == true ? fields.map { peek.text($0) } : nil
  }

  // MARK: - Counting on raw lines

  /// Up to `linesLooked` non-blank lines after any byte-order mark, without their newline.
  static func firstLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    var lines: [ArraySlice<UInt8>] = []
    var p = DelimitedReader.bodyStart(bytes)
    while p < bytes.count, lines.count < linesLooked {
      var e = p
      while e < bytes.count, bytes[e] != 10 { e += 1 }
      let line = bytes[p..<e]
      if line.contains(where: { $0 != 32 && $0 != 9 && $0 != 13 }) { lines.append(line) }
      p = e + 1
    }
    return lines
  }

  /// Occurrences of byte `s` outside double quotes.
  static func unquotedCount(of s: UInt8, in line: ArraySlice<UInt8>) -> Int {
    var n = 0, quoted = false
    for b in line { if b == 34 { quoted.toggle() } else if b == s, !quoted { n += 1 } }
    return n
  }

  /// Non-overlapping occurrences of `::` outside double quotes.
  static func doubleColonCount(_ line: ArraySlice<UInt8>) -> Int {
    var n = 0, quoted = false, previousColon = false
    for b in line {
      if b == 34 { quoted.toggle() }
      if b == 58, !quoted, previousColon { n += 1; previousColon = false; continue }
      previousColon = b == 58 && !quoted
    }
    return n
  }

  /// Runs of bytes other than space, tab and CR.
  static func tokenCount(_ line: ArraySlice<UInt8>) -> Int {
    var n = 0, inToken = false
    for b in line {
      let space = b == 32 || b == 9 || b == 13
      if !space, !inToken { n += 1 }
      inToken = !space
    }
    return n
  }
}
