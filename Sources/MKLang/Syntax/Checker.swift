import MKCore

/// Checks parsed statements before any runs: model kinds, option names and fixed choices
/// (`fit alss`, `rnak=`, `by=usr`), with the same messages the binder gives when it meets
/// them, so `mk run` reports every such error of a notebook with its place and runs nothing.
///
/// A bare name in a fixed-choice slot is that choice, or a variable when one is known: a
/// variable of the session, or one assigned by an earlier statement of the text. Anything the
/// checker cannot decide without running (a variable's value, a slot it cannot see) it leaves
/// to the binder.
struct Checker {
  let verbs: [String: Verb]
  /// Names that hold (or will hold, when the earlier statements run) a value.
  var known: Set<String>

  /// Every error of `statements`, in source order.
  mutating func check(_ statements: [ParsedStatement]) -> [MKError] {
    var errors: [MKError] = []
    for p in statements {
      check(p.statement, into: &errors)
      for t in p.statement.targets { known.insert(t.name) }
    }
    return errors
  }

  private func check(_ statement: Statement, into errors: inout [MKError]) {
    switch statement {
    case .command(_, let c, _): check(c, into: &errors)
    case .expression(_, let e, _): check(e, into: &errors)
    case .timed(let s, _): check(s, into: &errors)
    case .exit: break
    }
  }

  private func check(_ e: Expr, into errors: inout [MKError]) {
    switch e {
    case .command(let c, _): check(c, into: &errors)
    case .list(let elements, _): for el in elements { check(el.value, into: &errors) }
    case .member(let base, _, _): check(base, into: &errors)
    case .negate(let operand, _): check(operand, into: &errors)
    case .binary(let first, let operations):
      check(first, into: &errors)
      for o in operations { check(o.operand, into: &errors) }
    case .number, .string, .bool, .name: break
    }
  }

  private func check(_ command: Command, into errors: inout [MKError]) {
    guard let verb = verbs[command.verb] else { return }  // the parser reported it
    var slot = 0
    var words: [String: String] = [:]
    for case .positional(let e) in command.arguments {
      check(e, into: &errors)
      guard slot < verb.slots.count else { break }
      let s = verb.slots[slot]
      slot += 1
      if verb.expressionSlot && slot == 1 { continue }
      switch choice(e, s.type, what: s.name, option: false) {
      case .word(let w): words[s.name] = w
      case .error(let error): errors.append(error)
      case .unknown: break
      }
    }
    var declared = verb.options
    var owner = verb.name
    if let dep = verb.dependentOptions, let k = verb.slots.firstIndex(where: { $0.name == dep.slot }), k < slot {
      guard let w = words[dep.slot] else {
        // The kind is a variable: its options are known only when it runs.
        for case .option(_, let e, _) in command.arguments { check(e, into: &errors) }
        return
      }
      declared += dep.options(w) ?? []
      owner += " " + w
    }
    checkOptions(command, declared, owner, into: &errors)
  }

  private func checkOptions(_ command: Command, _ declared: [VerbOption], _ owner: String, into errors: inout [MKError]) {
    for case .option(let name, let e, let loc) in command.arguments {
      check(e, into: &errors)
      guard let decl = declared.first(where: { $0.name == name }) else {
        let names = declared.map(\.name)
        errors.append(MKError.unknown("option", MessageText.quoted(name), among: names, for: owner, at: loc,
                                      listHint: names.isEmpty ? "\(owner) takes no options" : "\(owner) takes: " + names.joined(separator: ", ")))
        continue
      }
      if decl.grid, case .list = e { continue }
      if case .error(let error) = choice(e, decl.type, what: name, option: true) { errors.append(error) }
    }
  }

  private enum Outcome {
    case word(String)
    case error(MKError)
    case unknown
  }

  /// A fixed choice written as a bare name or a string: the word, or the binder's error.
  private func choice(_ e: Expr, _ type: ArgType, what name: String, option: Bool) -> Outcome {
    switch type {
    case .choice, .kind: break
    default: return .unknown
    }
    let cs = type.choices
    let word: String
    switch e {
    case .name(let n, _) where cs.contains(n) || !known.contains(n): word = n
    case .string(let s, _): word = s
    default: return .unknown
    }
    if cs.contains(word) { return .word(word) }
    let w = MessageText.quoted(word)
    if case .kind = type {
      return .error(MKError.unknown("model kind", w, among: cs, at: e.span, listHint: "kinds: " + cs.joined(separator: ", ")))
    }
    let what = option ? "\(name)=" : name
    return .error(MKError.notAmong("\(what)\(option ? "" : " ")\(w) is not one of \(cs.joined(separator: ", "))", w,
                                   among: cs, kind: .value, at: e.span))
  }
}
