import MKCore

/// Binding a model option (`fit als train rank=20`, `blend … holdout=0.3`): the bound value,
/// already evaluated with its slot's type (a choice as a word, a list as a list), becomes the
/// engine's `OptionValue` and is checked by the option's own declaration, once, here, with the
/// option's place in the source. The kind then receives it as a typed field.
extension Interpreter {
  func validate(_ v: Value, against spec: OptionSpec, verb: Verb, type: ArgType, expr e: Expr) throws -> OptionValue {
    let raw = try optionValue(v, spec, verb: verb, type: type, expr: e)
    var written: String?
    if case .number(_, let text, _) = e { written = text }
    do {
      return try spec.validate(raw, written: written)
    } catch var error as MKError {
      error.location = e.span
      throw error
    }
  }

  /// The value in the engine's terms, or a type error pointing at it.
  private func optionValue(_ v: Value, _ spec: OptionSpec, verb: Verb, type: ArgType, expr e: Expr) throws -> OptionValue {
    func wrongElement(_ element: Value) -> MKError {
      MKError(.type, "\(spec.name) expects \(spec.kindDescription), got \(element.article) in the list", at: e.span)
    }
    switch (spec.kind, v) {
    case (.int, .number(let d)), (.double, .number(let d)): return .double(d)
    case (.bool, .bool(let b)): return .bool(b)
    case (.choice, .word(let w)), (.choice, .string(let w)), (.text, .string(let w)): return .string(w)
    case (.ints, .list(let elements)):
      return .ints(try elements.map { el in
        guard el.key == nil, case .number(let d) = el.value, d.rounded() == d, abs(d) < 1e15 else { throw wrongElement(el.value) }
        return Int(d)
      })
    case (.namedNumbers, .list(let elements)):
      return .named(try elements.map { el in
        guard let key = el.key, case .number(let d) = el.value else { throw wrongElement(el.value) }
        return NamedNumber(key, d)
      })
    default:
      throw MKError(.type, "\(verb.name) expects \(type.description) for \(spec.name), got \(v.article)", at: e.span)
    }
  }
}
