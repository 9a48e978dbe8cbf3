import MKCore

/// The lines of one REPL entry, gathered until no bracket is left open and the last line does
/// not end in a `\` continuation.
///
/// Each line is lexed once, on its own, with the count of brackets that the earlier lines left
/// open (a string or a comment never spans lines), so a 4,000-line list costs 4,000 short lexes,
/// not 4,000 lexes of the growing entry. An entry may hold at most `maxBytes` of text.
public struct PendingEntry {
  /// The longest entry (and so the longest line) the REPL accepts: 1 MiB.
  public static let maxBytes = 1 << 20

  public private(set) var lines: [String] = []
  private var openBrackets = 0
  private var bytes = 0

  public init() {}

  public var isEmpty: Bool { lines.isEmpty }
  /// The entry's text: its lines joined with newlines.
  public var text: String { lines.joined(separator: "\n") }

  /// Adds a line; returns true when the entry is complete.
  /// - Throws: a usage error when the entry would pass `maxBytes` (the entry is then cleared).
  public mutating func append(_ line: String) throws -> Bool {
    bytes += line.utf8.count + (lines.isEmpty ? 0 : 1)
    guard bytes <= Self.maxBytes else {
      self = PendingEntry()
      throw Self.tooLong()
    }
    lines.append(line)
    var lexer = Lexer(line, file: "", outerBrackets: openBrackets)
    _ = lexer.tokenize()
    openBrackets = lexer.outerBrackets + lexer.openBrackets.count
    return openBrackets == 0 && !lexer.endsWithContinuation
  }

  /// The error for an entry or a line longer than `maxBytes`.
  public static func tooLong() -> MKError {
    MKError(.usage, "the entry is longer than the limit of 1 MiB (\(maxBytes) bytes); it was not run",
            hint: "split it into several statements, or put long data in a file and load it")
  }
}
