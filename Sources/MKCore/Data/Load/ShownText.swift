/// Text from a data file made safe to quote in a message: control characters escaped, so that
/// no escape sequence of a hostile field reaches the terminal raw, and at most
/// `ShownText.limit` characters, so that a huge field is not quoted whole.
enum ShownText {
  /// Characters of a field that a message quotes.
  static let limit = 80

  /// `s` with control characters escaped (`\n`, `\r`, `\t`, `\u{1B}`...) and cut after `limit`
  /// characters, followed by `…` when it was cut.
  static func shown(_ s: String) -> String {
    var out = ""
    var count = 0
    for c in s.unicodeScalars {
      if count == limit { out += "…"; break }
      out += escaped(c)
      count += 1
    }
    return out
  }

  /// The bytes `b[start..<end]` as `shown` text, decoding no more than a short prefix.
  static func shown(_ b: [UInt8], _ start: Int, _ end: Int) -> String {
    // 4 bytes a character at most, plus one character to tell that the text was cut.
    var cut = min(end, start + 4 * (limit + 1))
    // Do not split a UTF-8 sequence: back off over continuation bytes.
    if cut < end { while cut > start, b[cut] & 0xC0 == 0x80 { cut -= 1 } }
    let text = shown(DelimitedReader.decode(b[start..<max(start, cut)]))
    return cut < end && !text.hasSuffix("…") ? text + "…" : text
  }

  /// One scalar as a message shows it: itself, or an escape for C0 and C1 controls, DEL, and
  /// the invisible bidirectional controls that could reorder the rest of the line.
  static func escaped(_ c: Unicode.Scalar) -> String {
    switch c.value {
    case 10: return "\\n"
    case 13: return "\\r"
    case 9: return "\\t"
    case 0..<32, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069:
      return "\\u{" + String(c.value, radix: 16, uppercase: true) + "}"
    default: return String(c)
    }
  }
}

extension DelimitedReader {
  /// The field as a message quotes it (`ShownText`): escaped, at most 80 characters.
  func shown(_ f: FieldSpan) -> String {
    ShownText.shown(bytes, f.start, max(f.start, f.end))
  }
}
