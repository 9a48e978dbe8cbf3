import MKCore

// MARK: - Tokens

/// One token of mk source, with the exact text it came from and where.
public struct Token: Equatable {
  public enum Kind: Equatable {
    case name(String)
    case number(Double)
    case string(String)
    case leftParen, rightParen, leftBracket, rightBracket, comma, equals, dot
    /// `?` of the help shortcuts `?fit` and `fit?`.
    case question
    case plus, minus, star, slash
    case less, lessEqual, greater, greaterEqual, equalEqual, bangEqual
    /// The end of a statement (a newline outside brackets).
    case newline
    case end
    /// A lexical error: the message, reported by the parser (clox's error tokens).
    case error(String)
  }

  public var kind: Kind
  /// The source text of the token, as written (`1e9`, `"a\"b"`).
  public var text: String
  public var location: SourceLocation
  /// True when whitespace (or a line start) precedes the token: `-2` is a literal, `- 2` is not.
  public var spaceBefore: Bool
}

// MARK: - Lexer

/// Turns source text into tokens.
///
/// Newlines inside `(` or `[` and after a trailing `\` are not statement ends. Errors become
/// `.error` tokens so that the parser reports them and recovers at the next statement.
public struct Lexer {
  private let chars: [Character]
  private let file: String
  private var pos = 0
  private var line: Int
  private var column = 1
  /// Open brackets, innermost last, for continuation and "incomplete" detection.
  public private(set) var openBrackets: [Token] = []
  /// True when the input ends right after a `\` continuation.
  public private(set) var endsWithContinuation = false
  /// Brackets opened before this text (by earlier lines of a REPL entry) and not yet closed.
  public private(set) var outerBrackets = 0

  /// A lexer for `source`; `outerBrackets` counts brackets that earlier lines left open.
  public init(_ source: String, file: String, firstLine: Int = 1, outerBrackets: Int = 0) {
    self.outerBrackets = outerBrackets
    // Swift reads "\r\n" as one Character, which is neither "\r" nor "\n": Windows line ends
    // become plain newlines first (columns stay the same, as "\r" only ends a line).
    self.chars = source.map { $0 == "\r\n" ? "\n" : $0 }
    self.file = file
    self.line = firstLine
  }

  /// All tokens, ending with `.end`.
  public mutating func tokenize() -> [Token] {
    var tokens: [Token] = []
    while true {
      let t = next()
      tokens.append(t)
      if t.kind == .end { return tokens }
    }
  }

  private var peek: Character? { pos < chars.count ? chars[pos] : nil }
  private func peek(_ k: Int) -> Character? { pos + k < chars.count ? chars[pos + k] : nil }

  private mutating func advance() -> Character {
    let c = chars[pos]
    pos += 1
    if c == "\n" { line += 1; column = 1 } else { column += 1 }
    return c
  }

  private func here(_ length: Int = 1) -> SourceLocation {
    SourceLocation(file: file, line: line, column: column, length: length)
  }

  // token -> name | number | string | punctuation | operator | newline | end
  private mutating func next() -> Token {
    var spaced = pos == 0 || chars[pos - 1] == "\n"
    // Skip blanks, comments, continuations and bracketed newlines.
    while let c = peek {
      if c == " " || c == "\t" || c == "\r" {
        _ = advance(); spaced = true
      } else if c == "#" {
        while let d = peek, d != "\n" { _ = advance() }
      } else if c == "\\" && isContinuation() {
        _ = advance()
        while let d = peek, d != "\n" { _ = advance() }
        if peek == nil { endsWithContinuation = true } else { _ = advance() }
        spaced = true
      } else if c == "\n" && (!openBrackets.isEmpty || outerBrackets > 0) {
        _ = advance(); spaced = true
      } else {
        break
      }
    }
    let start = here()
    let startPos = pos
    func make(_ kind: Token.Kind) -> Token { token(kind, start, startPos, spaced) }
    guard let c = peek else {
      return Token(kind: .end, text: "", location: start, spaceBefore: spaced)
    }
    if c == "\n" { _ = advance(); return make(.newline) }
    if c.isLetter || c == "_" {
      while let d = peek, d.isLetter || d.isNumber || d == "_" { _ = advance() }
      return make(.name(String(chars[startPos..<pos])))
    }
    if c.isASCII && c.isNumber { return number(start, startPos, spaced) }
    if c == "\"" { return string(start, startPos, spaced) }
    _ = advance()
    switch c {
    case "(", "[":
      let t = make(c == "(" ? .leftParen : .leftBracket)
      openBrackets.append(t)
      return t
    case ")", "]":
      if !openBrackets.isEmpty { openBrackets.removeLast() } else if outerBrackets > 0 { outerBrackets -= 1 }
      return make(c == ")" ? .rightParen : .rightBracket)
    case ",": return make(.comma)
    case "?": return make(.question)
    case ".": return make(.dot)
    case "+": return make(.plus)
    case "-": return make(.minus)
    case "*": return make(.star)
    case "/": return make(.slash)
    case "=":
      if peek == "=" { _ = advance(); return make(.equalEqual) }
      return make(.equals)
    case "<":
      if peek == "=" { _ = advance(); return make(.lessEqual) }
      return make(.less)
    case ">":
      if peek == "=" { _ = advance(); return make(.greaterEqual) }
      return make(.greater)
    case "!":
      if peek == "=" { _ = advance(); return make(.bangEqual) }
      return make(.error("unexpected character '!' (did you mean '!='?)"))
    default:
      return make(.error("unexpected character '\(c)'"))
    }
  }

  /// The token from `startPos` to the current position.
  private func token(_ kind: Token.Kind, _ start: SourceLocation, _ startPos: Int, _ spaced: Bool) -> Token {
    var loc = start
    loc.length = max(1, pos - startPos)
    return Token(kind: kind, text: String(chars[startPos..<pos]), location: loc, spaceBefore: spaced)
  }

  /// A `\` continues the line when only blanks or a comment follow it.
  private func isContinuation() -> Bool {
    var k = pos + 1
    while k < chars.count, chars[k] == " " || chars[k] == "\t" || chars[k] == "\r" { k += 1 }
    return k == chars.count || chars[k] == "\n" || chars[k] == "#"
  }

  // number -> digits ('.' digits)? ([eE] [+-]? digits)?
  private mutating func number(_ start: SourceLocation, _ startPos: Int, _ spaced: Bool) -> Token {
    func make(_ kind: Token.Kind) -> Token { token(kind, start, startPos, spaced) }
    func digits() -> Bool {
      var any = false
      while let d = peek, d.isASCII, d.isNumber { _ = advance(); any = true }
      return any
    }
    var ok = digits()
    if peek == ".", let d = peek(1), d.isASCII, d.isNumber { _ = advance(); ok = digits() && ok }
    if peek == "e" || peek == "E" {
      _ = advance()
      if peek == "+" || peek == "-" { _ = advance() }
      ok = digits() && ok
    }
    // Glued letters, digits or dots make the whole run one bad number: `12abc`, `1.2.3`, `1e`.
    while let d = peek, d.isLetter || d.isNumber || d == "_" || (d == "." && peek(1)?.isNumber == true) {
      _ = advance(); ok = false
    }
    let t = make(.end)
    guard ok, let v = Double(t.text) else {
      return make(.error("bad number '\(MessageText.quoted(t.text))'"))
    }
    guard v.isFinite else {
      return make(.error("number '\(MessageText.quoted(t.text))' is too large (the largest is about 1.8e308)"))
    }
    return make(.number(v))
  }

  // string -> '"' (char | '\"' | '\\' | '\n' | '\t')* '"'
  private mutating func string(_ start: SourceLocation, _ startPos: Int, _ spaced: Bool) -> Token {
    func make(_ kind: Token.Kind) -> Token { token(kind, start, startPos, spaced) }
    _ = advance()
    var value = ""
    var bad: String?
    while let c = peek, c != "\n" {
      _ = advance()
      if c == "\"" {
        if let bad { return make(.error(bad)) }
        return make(.string(value))
      }
      if c == "\\", let e = peek, e != "\n" {
        _ = advance()
        switch e {
        case "\"": value.append("\"")
        case "\\": value.append("\\")
        case "n": value.append("\n")
        case "t": value.append("\t")
        default: bad = bad ?? "unknown escape '\\\(e)' in string (write '\\\\' for a backslash)"
        }
      } else {
        value.append(c)
      }
    }
    return make(.error("unterminated string"))
  }
}
