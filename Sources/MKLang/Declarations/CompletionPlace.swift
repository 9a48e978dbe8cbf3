import MKCore

/// Where the word being completed stands, as the parser and the verb declarations see it.
///
/// Found by parsing the line up to the cursor with a placeholder name in place of the word and
/// the open brackets closed: the placeholder's position in the syntax tree, bound to the verb's
/// slots and options as `Interpreter.bind` binds arguments, says what fits there.
struct CompletionPlace {
  /// The type of value that fits (nil: no value, e.g. past a verb's last slot).
  var type: ArgType?
  /// Bare words a list accepts there (`subsets=[all, least]`).
  var words: [String] = []
  /// Options (`rank`) that may be written here instead of a value.
  var options: [String] = []
  /// Whether a verb may start here: a statement's start, the right of `x =`, just inside `(`.
  var commands = false
  /// For `base.word`: the base, whose members fit.
  var memberOf: Expr?

  /// The name standing for the word being completed (a name no one types).
  static let placeholder = "_mk_completion_word_"
  /// Deeper nesting than this is not parsed (the parser recurses per bracket, and chains of
  /// operators or members make trees as deep as they are long).
  static let maxBrackets = 100, maxChain = 10_000

  /// The place of a word that starts right after `before` (the line up to it), or nil where
  /// nothing can be completed (a comment, a syntax error, too deep a nesting).
  static func find(before: String, in session: Session) -> CompletionPlace? {
    var lexer = Lexer(before, file: "")
    let tokens = lexer.tokenize()
    guard isShallow(tokens) else { return nil }
    var source = before + placeholder
    for open in lexer.openBrackets.reversed() { source += open.kind == .leftParen ? ")" : "]" }
    let parsed = Parser.parse(source, file: "", verbs: session.verbs)
    let finder = Finder(session: session)
    guard var place = parsed.statements.lazy.compactMap({ finder.place(in: $0.statement) }).first else { return nil }
    if tokens.count >= 2, tokens[tokens.count - 2].kind == .leftParen, place.memberOf == nil {
      // `(fi`: a command or an expression in parentheses, never an option.
      place.commands = true
      place.options = []
    }
    return place
  }

  private static func isShallow(_ tokens: [Token]) -> Bool {
    var depth = 0, chain = 0
    for t in tokens {
      switch t.kind {
      case .leftParen, .leftBracket: depth += 1; chain = 0
      case .rightParen, .rightBracket: depth -= 1; chain = 0
      case .comma, .newline: chain = 0
      case .dot, .plus, .minus, .star, .slash, .less, .lessEqual, .greater, .greaterEqual, .equalEqual, .bangEqual:
        chain += 1
      default: break
      }
      if depth > maxBrackets || chain > maxChain { return false }
    }
    return true
  }
}

/// Walks a parsed statement to the placeholder. The placeholder is the last token, so it is
/// always in the last argument, element or operand.
private struct Finder {
  let session: Session

  private func isPlaceholder(_ e: Expr) -> Bool {
    if case .name(CompletionPlace.placeholder, _) = e { return true }
    return false
  }

  func place(in statement: Statement) -> CompletionPlace? {
    switch statement {
    case .command(_, let c, _):
      return place(in: c)
    case .expression(_, let e, _):
      if isPlaceholder(e) { return CompletionPlace(type: .any, commands: true) }
      return place(in: e, expecting: .any)
    case .timed(let s, _):
      return place(in: s)
    case .exit:
      return nil
    }
  }

  /// Inside an expression that should give a value of `type`; `elements` types a list's elements.
  private func place(in e: Expr, expecting type: ArgType?, elements: ArgType = .any) -> CompletionPlace? {
    switch e {
    case .name(CompletionPlace.placeholder, _):
      return CompletionPlace(type: type)
    case .member(let base, CompletionPlace.placeholder, _):
      return CompletionPlace(memberOf: base)
    case .list(let items, _):
      guard let last = items.last else { return nil }
      var elementType: ArgType? = elements, words: [String] = []
      if case .list(let listWords)? = type {
        switch listWords {
        case .only(let ws): words = ws
        case .all: elementType = nil   // every bare name is a word of the data (a column)
        case .none, .any: break
        }
      }
      guard var found = place(in: last.value, expecting: elementType) else { return nil }
      if isPlaceholder(last.value) { found.words = words }
      return found
    case .negate(let operand, _):
      return place(in: operand, expecting: .number)
    case .binary(_, let operations):
      guard let last = operations.last else { return nil }
      return place(in: last.operand, expecting: last.op.isComparison ? .any : .number)
    case .command(let c, _):
      return place(in: c)
    default:
      return nil
    }
  }

  /// Inside a command's last argument, with the earlier arguments bound to slots and options.
  private func place(in command: Command) -> CompletionPlace? {
    guard let verb = session.verbs[command.verb], let last = command.arguments.last else { return nil }
    var slot = 0
    var given: Set<String> = []
    var dependentWord: String?
    for arg in command.arguments.dropLast() {
      switch arg {
      case .positional(let e):
        guard slot < verb.slots.count else { continue }
        let s = verb.slots[slot]
        if s.name == verb.dependentOptions?.slot { dependentWord = word(e, choices: s.type.choices) }
        given.insert(s.name)
        slot += 1
      case .option(let name, _, _):
        given.insert(name)
      }
    }
    var declared = verb.options
    if let dep = verb.dependentOptions, let w = dependentWord { declared += dep.options(w) ?? [] }
    switch last {
    case .positional(let e):
      let s = slot < verb.slots.count ? verb.slots[slot] : nil
      // An expression slot (`assert x < 1`) takes any operand, whatever the whole must be.
      let type = verb.expressionSlot && slot == 0 ? .any : s?.type
      guard isPlaceholder(e) else { return s == nil ? nil : place(in: e, expecting: type, elements: s!.elements) }
      return CompletionPlace(type: type, options: declared.map(\.name).filter { !given.contains($0) })
    case .option(let name, let e, _):
      return place(in: e, expecting: declared.first { $0.name == name }?.type ?? .any)
    }
  }

  /// The word a fixed-choice slot holds, read as `Interpreter` reads it, without running anything.
  private func word(_ e: Expr, choices: [String]) -> String? {
    switch e {
    case .name(let n, _):
      if choices.contains(n) { return n }
      switch session.variable(n) {
      case .word(let w)?, .string(let w)?: return w
      case nil: return n
      default: return nil
      }
    case .string(let s, _): return s
    default: return nil
    }
  }
}
