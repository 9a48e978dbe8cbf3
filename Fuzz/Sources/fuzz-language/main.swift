@testable import MKLang

// The language on arbitrary text: the lexer, the parser, and the binder on every command (its
// arguments evaluated and checked against the verb's slots and options) — but no verb is run,
// so the fuzzer never loads, fits or writes anything. Expression statements are evaluated
// when they call no verb. A few variables exist, so member access and type checks meet real
// values. Any MKError is a correct answer; a crash, trap or sanitizer report is a bug.

let session: Session = {
  let s = Session()
  let setup = """
    r = generate users=30 items=40 ratings=400 rank=2 tags=5 seed=1
    works = r.items
    train, test = split r 0.8 seed=1
    m = fit mean train
    b = fit baseline train
    """
  let errors = s.run(setup, file: "setup", emit: { _ in })
  precondition(errors.isEmpty, "fuzz-language setup failed: \(errors)")
  return s
}()

/// True when the expression calls a verb somewhere (`x = (fit als r)`): not evaluated.
/// Recursion here is bounded: the parser refuses nesting deeper than 256 levels, and operator
/// chains are flat lists.
func callsVerb(_ e: Expr) -> Bool {
  switch e {
  case .number, .string, .bool, .name: return false
  case .list(let elements, _): return elements.contains { callsVerb($0.value) }
  case .member(let base, _, _): return callsVerb(base)
  case .negate(let operand, _): return callsVerb(operand)
  case .binary(let first, let operations): return callsVerb(first) || operations.contains { callsVerb($0.operand) }
  case .command: return true
  }
}

func callsVerb(_ c: Command) -> Bool {
  c.arguments.contains {
    switch $0 {
    case .positional(let e), .option(_, let e, _): return callsVerb(e)
    }
  }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLanguage(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = UnsafeBufferPointer(start: data, count: size)
  let text = String(decoding: bytes, as: UTF8.self)
  let parsed = Parser.parse(text, file: "fuzz.mk", verbs: session.verbs)
  _ = Session.needsMoreInput(text)
  // The whole-file check `mk run` makes before running (kinds, options, choices): runs nothing.
  _ = session.check(text, file: "fuzz.mk")
  guard parsed.errors.isEmpty else { return 0 }
  let interpreter = Interpreter(session: session, emit: { _ in })
  for p in parsed.statements {
    var statement = p.statement
    while case .timed(let inner, _) = statement { statement = inner }
    switch statement {
    case .command(_, let c, _):
      guard !callsVerb(c), let verb = try? session.verb(named: c.verb, at: c.location) else { continue }
      _ = try? interpreter.bind(c, to: verb)
    case .expression(_, let e, _):
      guard !callsVerb(e) else { continue }
      _ = try? interpreter.evaluate(e)
    case .timed, .exit:
      continue
    }
  }
  return 0
}
