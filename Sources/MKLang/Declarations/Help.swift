import MKCore

/// Help text, generated from the verb declarations and the model registry.
public enum Help {
  /// `help`: every verb, grouped by family.
  public static func index(_ verbs: [Verb]) -> String {
    var lines = ["verbs (help VERB for one verb, help KIND for a model kind):"]
    let width = verbs.map(\.name.count).max() ?? 0
    let families = Verbs.families + Set(verbs.map(\.family)).subtracting(Verbs.families).sorted()
    for family in families {
      let vs = verbs.filter { $0.family == family }.sorted { $0.name < $1.name }
      guard !vs.isEmpty else { continue }
      lines.append("")
      lines.append(family)
      for v in vs { lines.append("  " + pad(v.name, width) + "  " + v.summary) }
    }
    lines.append("")
    lines.append("model kinds: " + ModelRegistry.names.joined(separator: ", "))
    lines.append("")
    lines.append("forms")
    let formWidth = forms.map(\.form.count).max() ?? 0
    for (form, meaning) in forms { lines.append("  " + pad(form, formWidth) + "  " + meaning) }
    return lines.joined(separator: "\n")
  }

  /// The statements that are no verb (the parser reads them), for `help`.
  public static let forms: [(form: String, meaning: String)] = [
    ("?VERB, VERB?", "help VERB (also ?fit als)"),
    ("_", "the last displayed value"),
    ("time STATEMENT", "run the statement, then print its wall time"),
    ("exit, quit", "leave the REPL; in a notebook, stop here without error"),
  ]

  /// `help VERB`: usage, summary, arguments, options, examples.
  public static func text(for verb: Verb) -> String {
    var lines = ["usage: " + verb.usage(), "", verb.summary]
    if !verb.slots.isEmpty {
      lines += ["", "arguments:"]
      let w = verb.slots.map(\.name.count).max()!
      for s in verb.slots {
        lines.append("  " + pad(s.name, w) + "  " + s.help + " (" + s.type.description + (s.optional ? ", optional" : "") + ")")
      }
    }
    lines += optionLines(verb.options)
    if let dep = verb.dependentOptions {
      lines += ["", "\(dep.slot) adds its own options: help \(verb.name) \(dep.slot)"]
    }
    if !verb.examples.isEmpty {
      lines += ["", "examples:"]
      lines += verb.examples.map { "  " + $0 }
    }
    return lines.joined(separator: "\n")
  }

  /// `help fit KIND` or `help KIND`: the kind's summary, reference and options.
  public static func text(for kind: ModelKind, verb: Verb) -> String {
    var lines = ["usage: " + verb.usage(kind: kind.name), "", "\(kind.name): \(kind.summary)"]
    if !kind.reference.isEmpty { lines.append(kind.reference) }
    let opts = verb.dependentOptions?.options(kind.name) ?? VerbOption.ofKind[kind.name] ?? []
    lines += optionLines(verb.options + opts)
    return lines.joined(separator: "\n")
  }

  private static func optionLines(_ options: [VerbOption]) -> [String] {
    guard !options.isEmpty else { return [] }
    var lines = ["", "options:"]
    let w = options.map { $0.name.count + 1 + $0.type.placeholder.count }.max()!
    for o in options {
      var facts = [o.type.description]
      // A model option's list says what goes in it.
      if let spec = o.spec, case .list = o.type { facts = [spec.kindDescription] }
      if let d = o.defaultValue { facts.append("default \(compact(d))") }
      lines.append("  " + pad(o.name + "=" + o.type.placeholder, w) + "  " + o.help + " (" + facts.joined(separator: "; ") + ")")
    }
    return lines
  }

  private static func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(0, w - s.count)) }
}
