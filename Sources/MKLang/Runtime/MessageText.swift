/// The user's text as it goes into an error message: control characters escaped, so that no
/// escape sequence in a file, a string or a name reaches the terminal raw, and quoted text cut
/// to `maxQuoted` characters, so that a megabyte-long name or field is not printed whole.
public enum MessageText {
  /// The longest piece of the user's text a message quotes.
  public static let maxQuoted = 80

  /// `text` with every control character written as an escape (`\e`, `\r`, `\u{7F}`);
  /// newlines are kept when `keepingNewlines` (a message's own line breaks) and tabs when
  /// `keepingTabs` (a source line, whose caret line lines up under its tabs).
  public static func escaped(_ text: String, keepingNewlines: Bool = false, keepingTabs: Bool = false) -> String {
    guard text.unicodeScalars.contains(where: isControl) else { return text }
    var out = ""
    for s in text.unicodeScalars {
      if s == "\n" && keepingNewlines || s == "\t" && keepingTabs || !isControl(s) {
        out.unicodeScalars.append(s)
      } else {
        out += escape(s)
      }
    }
    return out
  }

  /// Text to put between quotes in a message: escaped, and at most `maxQuoted` characters
  /// (then its first `maxQuoted - 1` and an ellipsis).
  public static func quoted(_ text: String) -> String {
    let e = escaped(text)
    guard e.count > maxQuoted else { return e }
    return String(e.prefix(maxQuoted - 1)) + "…"
  }

  /// C0 controls, DEL and the C1 controls (which some terminals read as escape sequences).
  static func isControl(_ s: Unicode.Scalar) -> Bool {
    s.value < 0x20 || (0x7F...0x9F).contains(s.value)
  }

  /// One control character as it would be written in a string: `\n`, `\t`, `\r`, `\e`, `\u{1}`.
  static func escape(_ s: Unicode.Scalar) -> String {
    switch s {
    case "\n": return "\\n"
    case "\t": return "\\t"
    case "\r": return "\\r"
    case "\u{1B}": return "\\e"
    default: return "\\u{" + String(s.value, radix: 16, uppercase: true) + "}"
    }
  }
}
