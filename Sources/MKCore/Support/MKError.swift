/// One error type for the whole product.
///
/// Errors from the language carry a `SourceLocation` (file, line, column, length); errors from
/// data files carry a record location (file, line). Messages share one voice: lowercase, the bad
/// text in quotes, the closing fact last; `hint` says what to do.
public struct MKError: Error, CustomStringConvertible, Equatable {
  public enum Kind: String, Equatable {
    case syntax, name, type, value, data, io, model, assertion, interrupted, usage, internalError
  }

  public var kind: Kind
  public var message: String
  public var location: SourceLocation?
  public var hint: String?

  public init(_ kind: Kind, _ message: String, at location: SourceLocation? = nil, hint: String? = nil) {
    self.kind = kind
    self.message = message
    self.location = location
    self.hint = hint
  }

  public var description: String {
    var s = ""
    if let location { s += "\(location): " }
    s += "error: \(message)"
    if let hint { s += "\n  hint: \(hint)" }
    return s
  }

  /// A data error at line `line` of `file`.
  public static func data(_ message: String, file: String, line: Int, hint: String? = nil) -> MKError {
    MKError(.data, message, at: SourceLocation(file: file, line: line, column: 0), hint: hint)
  }

  public static let interrupted = MKError(.interrupted, "interrupted")
}

/// A place in a source or data file. `column` is 1-based; 0 means "the whole line" (data records).
public struct SourceLocation: Equatable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var column: Int
  public var length: Int

  public init(file: String, line: Int, column: Int, length: Int = 1) {
    self.file = file
    self.line = line
    self.column = column
    self.length = length
  }

  public var description: String {
    column > 0 ? "\(file):\(line):\(column)" : "\(file):\(line)"
  }
}
