import MKCore

/// Runs parsed statements against a session's variables and verbs.
///
/// Names in argument positions are variables, except in slots that take a fixed choice (a
/// model kind, `by=user`) and in lists passed to slots that accept words.
struct Interpreter {
  let session: Session
  let emit: (String) -> Void

  // MARK: - Statements

  /// Runs one statement; returns the value to display, or nil (assignments, `.nothing`).
  func execute(_ statement: Statement) throws -> Value? {
    let value: Value
    var producer = "the expression"
    switch statement {
    case .command(_, let c, _):
      value = try run(c)
      producer = c.verb
    case .expression(_, let e, _):
      value = try evaluate(e)
    case .timed(let s, _):
      return try execute(s)
    case .exit:
      return nil
    }
    let targets = statement.targets
    if targets.isEmpty {
      if case .nothing = value { return nil }
      return value
    }
    if targets.count == 1 {
      session.setVariable(targets[0].name, value)
      return nil
    }
    let span = targets[0].location.through(targets[targets.count - 1].location)
    guard case .tuple(let values) = value else {
      throw MKError(.value, "\(producer) returns one value, but \(targets.count) names are given", at: span)
    }
    guard values.count == targets.count else {
      throw MKError(.value, "\(producer) returns \(values.count) values, but \(targets.count) names are given", at: span)
    }
    for (t, v) in zip(targets, values) { session.setVariable(t.name, v) }
    return nil
  }

  // MARK: - Commands

  /// Binds and runs a command.
  func run(_ command: Command) throws -> Value {
    let verb = try session.verb(named: command.verb, at: command.location)
    let call = try bind(command, to: verb)
    do {
      return try verb.run(call)
    } catch var e as MKError {
      if e.location == nil { e.location = command.location }
      throw e
    }
  }

  // bind -> slots in order, then options (the verb's, and those of its fixed-choice slot)
  func bind(_ command: Command, to verb: Verb) throws -> Call {
    let call = Call(verb: verb, session: session, location: command.location, emit: emit)
    var slot = 0
    var options: [(String, Expr, SourceLocation)] = []
    for arg in command.arguments {
      switch arg {
      case .positional(let e):
        guard slot < verb.slots.count else {
          let names = verb.slots.map(\.name).joined(separator: " ")
          throw MKError(.usage, "\(verb.name) takes \(verb.slots.count) argument\(verb.slots.count == 1 ? "" : "s")"
                          + (names.isEmpty ? "" : " (\(names))") + ", got more",
                        at: e.span, hint: "usage: \(verb.usage())")
        }
        let s = verb.slots[slot]
        slot += 1
        if verb.expressionSlot && slot == 1, case .binary(let first, let operations) = e,
           let last = operations.last, last.op.isComparison {
          let l: Expr = operations.count == 1 ? first : .binary(first, Array(operations.dropLast()))
          let lhs = try evaluate(l), rhs = try evaluate(last.operand)
          call.comparison = (lhs, last.op, rhs)
          call.arguments[s.name] = try compare(last.op, lhs, rhs, at: e.location)
        } else {
          call.arguments[s.name] = try evaluate(e, as: s.type, for: s.name, of: verb)
        }
        call.locations[s.name] = e.span
        call.given.insert(s.name)
      case .option(let name, let e, let loc):
        options.append((name, e, loc))
      }
    }
    if slot < verb.slots.count, let missing = verb.slots[slot...].first(where: { !$0.optional }) {
      throw MKError(.usage, "\(verb.name) needs \(missing.name) (\(missing.type.description))",
                    at: command.location, hint: "usage: \(verb.usage())")
    }
    var declared = verb.options
    var owner = verb.name
    if let dep = verb.dependentOptions, case .word(let w)? = call.arguments[dep.slot] {
      declared += dep.options(w) ?? []
      owner += " " + w
    }
    for (name, e, loc) in options {
      guard let decl = declared.first(where: { $0.name == name }) else {
        let names = declared.map(\.name)
        throw MKError.unknown("option", MessageText.quoted(name), among: names, for: owner, at: loc,
                              listHint: names.isEmpty ? "\(owner) takes no options" : "\(owner) takes: " + names.joined(separator: ", "))
      }
      guard !call.given.contains(name) else {
        throw MKError(.usage, "option '\(MessageText.quoted(name))' is given twice", at: loc)
      }
      if decl.grid, let spec = decl.spec, let values = try gridValues(e, spec: spec, decl: decl, verb: verb) {
        call.gridOptions.append((name, values))
        call.locations[name] = loc.through(e.span)
        call.given.insert(name)
        continue
      }
      let value = try evaluate(e, as: decl.type, for: name, of: verb, option: true, checkRange: decl.spec == nil)
      if let spec = decl.spec, !spec.isData {
        call.boundOptions[name] = try validate(value, against: spec, verb: verb, type: decl.type, expr: e)
      }
      call.arguments[name] = value
      call.locations[name] = loc.through(e.span)
      call.given.insert(name)
    }
    for o in declared where call.arguments[o.name] == nil {
      if let d = o.defaultValue { call.arguments[o.name] = d }
    }
    return call
  }

  /// A grid option (`cv als train rank=[10, 20]`): a list of values of the option's type (for
  /// a list-typed option, a list of lists: `layers=[[64, 32], [128]]`), each validated by the
  /// declaration; nil when `e` is a single value.
  private func gridValues(_ e: Expr, spec: OptionSpec, decl: VerbOption, verb: Verb) throws -> [OptionValue]? {
    guard case .list(let elements, let loc) = e else { return nil }
    if spec.takesList {
      guard let first = elements.first, case .list = first.value else { return nil }
    }
    guard !elements.isEmpty else {
      throw MKError(.value, "\(spec.name)=[] is an empty grid", at: loc, hint: "give one value or a list of values")
    }
    return try elements.map { el in
      guard el.key == nil else {
        throw MKError(.usage, "a grid of \(spec.name) takes plain values, not \(el.key!)=…", at: el.value.span)
      }
      let v = try evaluate(el.value, as: decl.type, for: spec.name, of: verb, option: true, checkRange: false)
      return try validate(v, against: spec, verb: verb, type: decl.type, expr: el.value)
    }
  }

  // MARK: - Typed evaluation

  /// Evaluates an argument for a slot or option of type `type`, checking it.
  /// `checkRange: false` leaves ranges to a model option's declaration (`validate(_:against:)`).
  func evaluate(_ e: Expr, as type: ArgType, for name: String, of verb: Verb, option: Bool = false,
                checkRange: Bool = true) throws -> Value {
    let what = option ? "\(name)=" : name
    switch type {
    case .choice, .kind:
      let cs = type.choices
      var word: String?
      if case .name(let n, _) = e, cs.contains(n) || session.variable(n) == nil {
        word = n
      } else {
        switch try evaluate(e) {
        case .string(let s), .word(let s): word = s
        case let v: throw typeError(verb, type, name, v, e)
        }
      }
      guard let w = word, cs.contains(w) else {
        if case .kind = type {
          throw MKError.unknown("model kind", MessageText.quoted(word!), among: cs, at: e.span, listHint: "kinds: " + cs.joined(separator: ", "))
        }
        let w = MessageText.quoted(word!)
        throw MKError.notAmong("\(what)\(option ? "" : " ")\(w) is not one of \(cs.joined(separator: ", "))", w,
                               among: cs, kind: .value, at: e.span)
      }
      return .word(w)
    case .word, .column:
      if case .name(let n, _) = e { return .word(n) }
      switch (type, try evaluate(e)) {
      case (_, .string(let s)), (_, .word(let s)): return .word(s)
      case (.column, .number(let d)) where d >= 1 && d < 1e6 && d == d.rounded(): return .word(formatNumber(d))
      case (_, let v): throw typeError(verb, type, name, v, e)
      }
    case .either(let types) where types.contains(where: { if case .column = $0 { return true }; return false }):
      // A value of one of the types, or a column's name: a bare name that is no variable.
      if case .name(let n, _) = e, session.variable(n) == nil { return .word(n) }
      let v = try evaluate(e)
      if case .string(let s) = v { return .word(s) }
      return try check(v, type, verb: verb, name: name, expr: e, option: option, checkRange: checkRange)
    case .list(let words):
      let v = try evaluate(e, words: words)
      guard case .list = v else { throw typeError(verb, type, name, v, e) }
      return v
    default:
      let v = try evaluate(e)
      return try check(v, type, verb: verb, name: name, expr: e, option: option, checkRange: checkRange)
    }
  }

  /// Checks a value against a declared type; converts where harmless (a word to a string).
  func check(_ v: Value, _ type: ArgType, verb: Verb, name: String, expr e: Expr, option: Bool,
             checkRange: Bool = true) throws -> Value {
    let written: String
    if case .number(_, let text, _) = e { written = text } else { written = v.summary }
    switch (type, v) {
    case (.any, _), (.number, .number), (.bool, .bool), (.ratings, .ratings), (.items, .items),
      (.users, .users), (.model, .model), (.table, .table), (.profile, .profile), (.list, .list), (.string, .string), (.path, .string),
      (.id, .string), (.id, .number), (.id, .word), (.word, .word), (.column, .word):
      return v
    case (.int, .number) where !checkRange, (.double, .number) where !checkRange:
      return v
    case (.int(let r), .number(let d)):
      guard d == d.rounded() else { throw MKError(.type, "\(name) must be a whole number, got \(written)", at: e.span) }
      guard abs(d) < 1e15, r.contains(Int(d)) else {
        throw MKError(.value, "\(name)=\(written) is out of range \(r.lowerBound)...\(r.upperBound)", at: e.span)
      }
      return v
    case (.double(let r), .number(let d)):
      guard d.isFinite, r.contains(d) else {
        throw MKError(.value, "\(name)=\(written) is out of range \(compact(.number(r.lowerBound)))...\(compact(.number(r.upperBound)))", at: e.span)
      }
      return v
    case (.either(let types), _):
      for t in types {
        if let ok = try? check(v, t, verb: verb, name: name, expr: e, option: option) { return ok }
      }
      throw typeError(verb, type, name, v, e)
    default:
      throw typeError(verb, type, name, v, e)
    }
  }

  private func typeError(_ verb: Verb, _ type: ArgType, _ name: String, _ v: Value, _ e: Expr) -> MKError {
    MKError(.type, "\(verb.name) expects \(type.description) for \(name), got \(v.article)", at: e.span)
  }

  // MARK: - Expressions

  /// Evaluates an expression; `words` says which bare names in lists are words.
  func evaluate(_ e: Expr, words: ArgType.ListWords = .none) throws -> Value {
    switch e {
    case .number(let d, _, _): return .number(d)
    case .string(let s, _): return .string(s)
    case .bool(let b, _): return .bool(b)
    case .name(let n, let loc):
      return try lookup(n, at: loc, words: words)
    case .list(let elements, let loc):
      let list = Value.list(try elements.map { el in
        if case .name(let n, let loc) = el.value { return Value.Element(key: el.key, try lookup(n, at: loc, words: words)) }
        return Value.Element(key: el.key, try evaluate(el.value, words: words))
      })
      // Values nest no deeper than the syntax may (`a = [a]` again and again): displaying or
      // freeing them recurses.
      guard listDepth(list) <= Parser.maxDepth else {
        throw MKError(.value, "the list would nest more than \(Parser.maxDepth) levels deep", at: loc)
      }
      return list
    case .member(let base, let name, let loc):
      return try Members.get(name, of: try evaluate(base), at: loc)
    case .negate(let operand, let loc):
      let v = try evaluate(operand)
      guard case .number(let d) = v else {
        throw MKError(.type, "cannot negate \(v.article)", at: loc.through(operand.span))
      }
      return .number(-d)
    case .binary(let first, let operations):
      // Left to right in a loop: a chain of thousands of terms needs no deep recursion.
      var lhs = try evaluate(first)
      for o in operations { lhs = try apply(o, lhs, try evaluate(o.operand)) }
      return lhs
    case .command(let c, _):
      return try run(c)
    }
  }

  /// How many levels of lists `v` is (0 for anything else). Every list was checked when it was
  /// made, so this recursion is at most `Parser.maxDepth + 1` deep.
  private func listDepth(_ v: Value) -> Int {
    guard case .list(let elements) = v else { return 0 }
    return 1 + elements.reduce(0) { max($0, listDepth($1.value)) }
  }

  /// `lhs op rhs` for one operation of a chain.
  private func apply(_ o: Operation, _ lhs: Value, _ rhs: Value) throws -> Value {
    if o.op.isComparison { return try compare(o.op, lhs, rhs, at: o.location) }
    guard case .number(let a) = lhs, case .number(let b) = rhs else {
      throw MKError(.type, "'\(o.op.rawValue)' needs numbers on both sides, got \(lhs.article) and \(rhs.article)", at: o.location)
    }
    switch o.op {
    case .add: return .number(a + b)
    case .subtract: return .number(a - b)
    case .multiply: return .number(a * b)
    default:
      guard b != 0 else { throw MKError(.value, "division by zero", at: o.operand.span) }
      return .number(a / b)
    }
  }

  /// A bare name: a variable; or a word where the list's slot accepts it.
  private func lookup(_ name: String, at loc: SourceLocation, words: ArgType.ListWords) throws -> Value {
    var known: [String] = []
    switch words {
    case .only(let ws):
      if ws.contains(name) { return .word(name) }
      known = ws
    case .any:
      if session.variable(name) == nil { return .word(name) }
    case .all:
      return .word(name)
    case .none: break
    }
    if let v = session.variable(name) { return v }
    if name == "_" {
      guard let v = session.lastValue else {
        throw MKError(.value, "'_' is the last displayed value, and nothing has been displayed yet", at: loc)
      }
      return v
    }
    throw MKError.unknown("variable", MessageText.quoted(name), among: session.variables.map(\.name) + known, at: loc,
                          listHint: "'vars' lists the variables")
  }

  /// `<`, `<=`, `>`, `>=` on numbers; `==`, `!=` on numbers, strings, words and booleans.
  func compare(_ op: BinaryOperator, _ lhs: Value, _ rhs: Value, at loc: SourceLocation) throws -> Value {
    switch (lhs, rhs) {
    case (.number(let a), .number(let b)):
      switch op {
      case .less: return .bool(a < b)
      case .lessEqual: return .bool(a <= b)
      case .greater: return .bool(a > b)
      case .greaterEqual: return .bool(a >= b)
      case .equal: return .bool(a == b)
      default: return .bool(a != b)
      }
    case (.string(let a), .string(let b)), (.word(let a), .word(let b)), (.string(let a), .word(let b)),
      (.word(let a), .string(let b)):
      if op == .equal { return .bool(a == b) }
      if op == .notEqual { return .bool(a != b) }
    case (.bool(let a), .bool(let b)):
      if op == .equal { return .bool(a == b) }
      if op == .notEqual { return .bool(a != b) }
    default: break
    }
    throw MKError(.type, "cannot compare \(lhs.article) and \(rhs.article) with '\(op.rawValue)'", at: loc)
  }
}
