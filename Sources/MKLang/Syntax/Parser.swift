import MKCore

/// A parsed statement with the lines it spans.
public struct ParsedStatement {
  public var statement: Statement
  public var firstLine: Int
  public var lastLine: Int
}

/// What the parser makes of a source text.
public struct ParseResult {
  public var statements: [ParsedStatement]
  /// Every syntax error, in source order (the parser recovers at the next statement).
  public var errors: [MKError]
  /// True when the text ends inside an open `(` or `[` or after a trailing `\`.
  public var incomplete: Bool
}

/// A recursive-descent parser over the lexer's tokens.
///
/// Recursion is bounded: brackets, parentheses, unary minus and members nest at most `maxDepth`
/// levels (deeper is a syntax error at the token that goes past it), and a run of binary
/// operators of one precedence is read in a loop into one flat `.binary` chain.
///
/// It knows the verbs (a statement that starts with a verb's name is a command) and which of
/// them take a full expression as their first argument (`print`, `assert`).
public struct Parser {
  private var tokens: [Token]
  private var i = 0
  private let verbs: [String: Verb]
  private var errors: [MKError] = []
  /// How many brackets, parentheses, unary minuses and members enclose the current token.
  private var depth = 0

  /// The deepest nesting a statement may have.
  public static let maxDepth = 256

  /// Parses a whole text.
  public static func parse(_ source: String, file: String, firstLine: Int = 1,
                           verbs: [String: Verb]) -> ParseResult {
    var lexer = Lexer(source, file: file, firstLine: firstLine)
    let tokens = lexer.tokenize()
    var parser = Parser(tokens: tokens, verbs: verbs)
    let statements = parser.program()
    return ParseResult(statements: statements, errors: parser.errors,
                       incomplete: !lexer.openBrackets.isEmpty || lexer.endsWithContinuation)
  }

  init(tokens: [Token], verbs: [String: Verb]) {
    self.tokens = tokens
    self.verbs = verbs
  }

  // MARK: - Token helpers

  private var current: Token { tokens[i] }
  private func peek(_ k: Int) -> Token { tokens[min(i + k, tokens.count - 1)] }
  private mutating func advance() -> Token {
    let t = tokens[i]
    if i < tokens.count - 1 { i += 1 }
    return t
  }
  private var atStatementEnd: Bool { current.kind == .newline || current.kind == .end }

  private func describe(_ t: Token) -> String {
    switch t.kind {
    case .newline: return "end of line"
    case .end: return "end of input"
    default: return "'\(MessageText.quoted(t.text))'"
    }
  }

  /// Goes one level deeper at `t`, or fails when that passes `maxDepth`; `leave` undoes it.
  private mutating func enter(_ t: Token) throws {
    depth += 1
    guard depth <= Parser.maxDepth else {
      throw error("the expression nests more than \(Parser.maxDepth) levels deep", at: t,
                  hint: "split it into several statements, naming the parts with variables")
    }
  }
  private mutating func leave(_ levels: Int = 1) { depth -= levels }

  private func error(_ message: String, at t: Token, hint: String? = nil) -> MKError {
    if case .error(let m) = t.kind { return MKError(.syntax, m, at: t.location) }
    return MKError(.syntax, message, at: t.location, hint: hint)
  }

  /// Words that are never variable names (LANGUAGE.md): the verbs and these.
  public static let reservedWords: Set<String> = ["exit", "quit", "time", "head", "true", "false"]

  /// Why `name` cannot be assigned to, or nil when it can.
  private func reserved(_ name: String) -> String? {
    if Parser.reservedWords.contains(name) { return "'\(name)' is a reserved word" }
    if verbs[name] != nil { return "'\(name)' is a verb" }
    return nil
  }

  /// A name that starts a command here: a verb not followed by `.`, `=` or an infix operator.
  private func startsCommand() -> Bool {
    guard case .name(let n) = current.kind, verbs[n] != nil else { return false }
    let next = peek(1)
    switch next.kind {
    case .dot, .equals, .plus, .star, .slash, .less, .lessEqual, .greater, .greaterEqual,
      .equalEqual, .bangEqual:
      return false
    case .minus:
      return isNegativeLiteral(at: 1)
    default:
      return true
    }
  }

  /// `-2` glued together after a space is a negative literal, not a subtraction.
  private func isNegativeLiteral(at k: Int) -> Bool {
    let m = peek(k), n = peek(k + 1)
    guard m.kind == .minus, m.spaceBefore, !n.spaceBefore, case .number = n.kind else { return false }
    return true
  }

  /// A token that can begin a value.
  private func startsValue(_ t: Token) -> Bool {
    switch t.kind {
    case .name, .number, .string, .leftParen, .leftBracket: return true
    default: return false
    }
  }

  // MARK: - Statements

  // program -> (statement? NEWLINE)* END
  mutating func program() -> [ParsedStatement] {
    var out: [ParsedStatement] = []
    while current.kind != .end {
      if current.kind == .newline { _ = advance(); continue }
      let first = current.location.line
      depth = 0
      do {
        try checkLength()
        let s = try statement()
        if !atStatementEnd { throw error("unexpected \(describe(current))", at: current) }
        out.append(ParsedStatement(statement: s, firstLine: first, lastLine: tokens[max(0, i - 1)].location.line))
      } catch let e as MKError {
        errors.append(e)
        while !atStatementEnd { _ = advance() }   // recover at the next statement
      } catch {}
    }
    return out
  }

  /// The longest statement accepted, in bytes of its tokens: 1 MiB, the REPL's entry limit
  /// (`PendingEntry.maxBytes`), so that a notebook is bounded the same way.
  public static let maxStatementBytes = PendingEntry.maxBytes

  /// Fails, at the statement's first token, when the statement starting here is longer than
  /// `maxStatementBytes`.
  private func checkLength() throws {
    var bytes = 0, j = i
    while j < tokens.count, tokens[j].kind != .newline, tokens[j].kind != .end {
      bytes += tokens[j].text.utf8.count + 1
      if bytes > Parser.maxStatementBytes {
        throw MKError(.syntax, "the statement is longer than the limit of 1 MiB (\(Parser.maxStatementBytes) bytes); it was not run",
                      at: current.location, hint: "build large values in several statements, or load them from a file")
      }
      j += 1
    }
  }

  // statement -> 'time' statement | 'exit' | 'quit' | help shortcut
  //            | NAME (',' NAME)* '=' rhs | rhs
  mutating func statement() throws -> Statement {
    let start = current.location
    if case .name(let n) = current.kind, Parser.reservedWords.contains(n), verbs[n] == nil {
      switch n {
      case "exit", "quit":
        guard peek(1).kind == .newline || peek(1).kind == .end else { break }
        _ = advance()
        return .exit(start)
      case "time":
        // `time = 2`: an assignment to the reserved word, refused below.
        if peek(1).kind == .equals || peek(1).kind == .comma { break }
        _ = advance()
        if atStatementEnd {
          throw error("time needs a statement to run", at: current, hint: "time m = fit als train")
        }
        let s = try statement()
        return .timed(s, start.through(tokens[max(0, i - 1)].location))
      default: break
      }
    }
    if let help = helpShortcut() { return help }
    var targets: [Target] = []
    var seen: Set<String> = []
    var k = 0
    while case .name = peek(k).kind, peek(k + 1).kind == .comma { k += 2 }
    if case .name = peek(k).kind, peek(k + 1).kind == .equals {
      while true {
        let t = advance()
        guard case .name(let n) = t.kind else {
          throw error("cannot assign to '\(MessageText.quoted(t.text))'", at: t)
        }
        if let why = reserved(n) {
          throw error("cannot assign to '\(n)': \(why)", at: t, hint: "choose another name for the variable")
        }
        guard seen.insert(n).inserted else {
          throw error("the name '\(MessageText.quoted(n))' is given twice on the left of '='", at: t)
        }
        targets.append(.name(n, t.location))
        if advance().kind == .equals { break }
      }
      if atStatementEnd { throw error("expected a value after '='", at: current) }
    }
    if startsCommand() {
      let c = try command()
      return .command(targets: targets, c, start.through(tokens[i - 1].location))
    }
    if case .name(let n) = current.kind, n != "true", n != "false", startsValue(peek(1)) {
      throw unknownVerb(current)
    }
    let e = try expression()
    return .expression(targets: targets, e, start.through(tokens[max(0, i - 1)].location))
  }

  /// `?VERB [KIND]` or `VERB [KIND]?`: the statement `help VERB [KIND]`.
  private mutating func helpShortcut() -> Statement? {
    guard verbs["help"] != nil else { return nil }
    let leading = current.kind == .question
    var k = leading ? 1 : 0
    var names: [Token] = []
    while case .name = peek(k).kind { names.append(peek(k)); k += 1 }
    if !leading {
      guard !names.isEmpty, peek(k).kind == .question else { return nil }
      k += 1
    }
    guard peek(k).kind == .newline || peek(k).kind == .end, names.count <= 2 else { return nil }
    let start = current.location
    let end = peek(k - 1).location
    for _ in 0..<k { _ = advance() }
    let args = names.map { Argument.positional(.name($0.text, $0.location)) }
    return .command(targets: [], .call(verb: "help", arguments: args, names.first?.location ?? start), start.through(end))
  }

  private func unknownVerb(_ t: Token) -> MKError {
    MKError.unknown("verb", MessageText.quoted(t.text), among: Array(verbs.keys), at: t.location, listHint: "'help' lists the verbs")
  }

  // command -> VERB (value | NAME '=' value)*      (print, assert: VERB expr ...)
  mutating func command() throws -> Command {
    let verbToken = advance()
    let verb = verbs[verbToken.text]!
    var args: [Argument] = []
    while !atStatementEnd && current.kind != .rightParen {
      if case .name(let key) = current.kind, peek(1).kind == .equals {
        let keyToken = advance()
        _ = advance()
        if atStatementEnd || current.kind == .rightParen || current.kind == .comma {
          throw error("expected a value after '\(MessageText.quoted(key))='", at: current.kind == .end ? keyToken : current)
        }
        args.append(.option(key, try value(), keyToken.location))
      } else if verb.expressionSlot && args.isEmpty {
        args.append(.positional(try expression()))
      } else if startsValue(current) || isNegativeLiteral(at: 0) {
        args.append(.positional(try value()))
      } else if isOperator(current) {
        throw error("unexpected \(describe(current)) in the arguments of \(verb.name)", at: current,
                    hint: "an expression inside a command's arguments needs parentheses: (a - b)")
      } else {
        throw error("unexpected \(describe(current))", at: current)
      }
    }
    return .call(verb: verb.name, arguments: args, verbToken.location)
  }

  private func isOperator(_ t: Token) -> Bool {
    switch t.kind {
    case .plus, .minus, .star, .slash, .less, .lessEqual, .greater, .greaterEqual, .equalEqual, .bangEqual:
      return true
    default: return false
    }
  }

  // value -> '-' NUMBER | postfix
  mutating func value() throws -> Expr {
    if current.kind == .minus, case .number = peek(1).kind, !peek(1).spaceBefore {
      let m = advance(), n = advance()
      guard case .number(let v) = n.kind else { fatalError("checked by isNegativeLiteral") }
      return .number(-v, text: "-" + n.text, m.location.through(n.location))
    }
    return try postfix()
  }

  // MARK: - Expressions

  // expr -> additive (('<' | '<=' | '>' | '>=' | '==' | '!=') additive)*
  mutating func expression() throws -> Expr {
    let first = try additive()
    var operations: [Operation] = []
    while let op = comparisonOperator(current.kind) {
      let t = advance()
      operations.append(Operation(op, try additive(), at: t.location))
    }
    return operations.isEmpty ? first : .binary(first, operations)
  }

  private func comparisonOperator(_ k: Token.Kind) -> BinaryOperator? {
    switch k {
    case .less: return .less
    case .lessEqual: return .lessEqual
    case .greater: return .greater
    case .greaterEqual: return .greaterEqual
    case .equalEqual: return .equal
    case .bangEqual: return .notEqual
    default: return nil
    }
  }

  // additive -> term (('+' | '-') term)*
  mutating func additive() throws -> Expr {
    let first = try term()
    var operations: [Operation] = []
    while current.kind == .plus || current.kind == .minus {
      let t = advance()
      operations.append(Operation(t.kind == .plus ? .add : .subtract, try term(), at: t.location))
    }
    return operations.isEmpty ? first : .binary(first, operations)
  }

  // term -> unary (('*' | '/') unary)*
  mutating func term() throws -> Expr {
    let first = try unary()
    var operations: [Operation] = []
    while current.kind == .star || current.kind == .slash {
      let t = advance()
      operations.append(Operation(t.kind == .star ? .multiply : .divide, try unary(), at: t.location))
    }
    return operations.isEmpty ? first : .binary(first, operations)
  }

  // unary -> '-' unary | postfix
  mutating func unary() throws -> Expr {
    if current.kind == .minus {
      let t = advance()
      try enter(t)
      defer { leave() }
      let operand = try unary()
      // `-2` written together is one literal, so messages can quote it as written.
      if case .number(let v, let text, let l) = operand, t.location.line == l.line,
         t.location.column + 1 == l.column {
        return .number(-v, text: "-" + text, t.location.through(l))
      }
      return .negate(operand, t.location)
    }
    return try postfix()
  }

  // postfix -> primary ('.' NAME)*
  mutating func postfix() throws -> Expr {
    var e = try primary()
    var levels = 0
    defer { leave(levels) }
    while current.kind == .dot {
      try enter(current)
      levels += 1
      _ = advance()
      let t = advance()
      guard case .name(let m) = t.kind else {
        throw error("expected a member name after '.', got \(describe(t))", at: t)
      }
      e = .member(e, m, t.location)
    }
    return e
  }

  // primary -> NUMBER | STRING | 'true' | 'false' | NAME | list | '(' (command | expr) ')'
  mutating func primary() throws -> Expr {
    let t = current
    switch t.kind {
    case .number(let v):
      _ = advance()
      return .number(v, text: t.text, t.location)
    case .string(let s):
      _ = advance()
      return .string(s, t.location)
    case .name(let n):
      _ = advance()
      if n == "true" || n == "false" { return .bool(n == "true", t.location) }
      return .name(n, t.location)
    case .leftBracket:
      return try list()
    case .leftParen:
      try enter(t)
      defer { leave() }
      _ = advance()
      let inner: Expr
      if startsCommand() {
        let c = try command()
        inner = .command(c, t.location)
      } else if case .name(let n) = current.kind, n != "true", n != "false", startsValue(peek(1)) {
        throw unknownVerb(current)
      } else {
        inner = try expression()
      }
      try close(.rightParen, ")", opener: t)
      return inner
    default:
      throw error("unexpected \(describe(t))", at: t)
    }
  }

  // list -> '[' (element (',' element)* ','?)? ']'
  // element -> (NAME | STRING) '=' expr | expr
  mutating func list() throws -> Expr {
    try enter(current)
    defer { leave() }
    let open = advance()
    var elements: [ListElement] = []
    while current.kind != .rightBracket && current.kind != .end {
      let t = current
      var key: String?
      if peek(1).kind == .equals {
        switch t.kind {
        case .name(let n), .string(let n): key = n
        default: break
        }
      }
      if let key {
        _ = advance(); _ = advance()
        if current.kind == .comma || current.kind == .rightBracket || current.kind == .end {
          throw error("expected a value after '\(MessageText.quoted(t.text))='", at: current.kind == .end ? t : current)
        }
        elements.append(.element(key: key, try expression(), t.location))
      } else {
        elements.append(.element(key: nil, try expression(), t.location))
      }
      if current.kind == .comma { _ = advance(); continue }
      if current.kind != .rightBracket && current.kind != .end {
        throw error("expected ',' or ']' in the list, got \(describe(current))", at: current)
      }
    }
    try close(.rightBracket, "]", opener: open)
    return .list(elements, open.location)
  }

  private mutating func close(_ kind: Token.Kind, _ text: String, opener: Token) throws {
    if current.kind == kind { _ = advance(); return }
    let o = opener.location
    throw error("expected '\(text)' to close '\(opener.text)' at \(o.line):\(o.column), got \(describe(current))",
                at: current)
  }
}
