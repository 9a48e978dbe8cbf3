import Foundation
import MKCore

/// The session family: help, vars, print, assert.
extension Verbs {
  public static let session: [Verb] = [
    Verb("help", family: "session", summary: "list the verbs, or explain one verb or model kind",
         slots: [Slot("VERB", .word, optional: true, "a verb or a model kind"),
                 Slot("KIND", .word, optional: true, "a model kind, after a verb that takes one")],
         examples: ["help", "help split", "help fit als", "help als"]) { call in
      let verbs = call.session.verbs
      guard call.has("VERB") else { return .text(Help.index(verbs.values.map { $0 })) }
      let name = try call.word("VERB")
      if let verb = verbs[name] {
        guard call.has("KIND") else { return .text(Help.text(for: verb)) }
        let k = try call.word("KIND")
        guard verb.dependentOptions != nil, let kind = ModelRegistry.kind(named: k) else {
          throw MKError.unknown("model kind", k, among: ModelRegistry.names, at: call.location(of: "KIND"),
                                hint: verb.dependentOptions == nil ? "\(name) takes no kind" : "kinds: " + ModelRegistry.names.joined(separator: ", "))
        }
        return .text(Help.text(for: kind, verb: verb))
      }
      if let kind = ModelRegistry.kind(named: name), let fit = verbs["fit"] {
        return .text(Help.text(for: kind, verb: fit))
      }
      throw MKError.unknown("verb", name, among: Array(verbs.keys) + ModelRegistry.names, at: call.location(of: "VERB"),
                            listHint: "'help' lists the verbs")
    },

    Verb("vars", family: "session", summary: "list the variables: name, type and a one-line summary",
         examples: ["vars"]) { call in
      let names = call.session.variables
      guard !names.isEmpty else { return .text("no variables") }
      var t = Table(headers: ["name", "type", "value"])
      for (name, _) in names {
        let v = call.session.variable(name)!
        t.append([.text(name), .text(v.typeName), .text(v.summary)])
      }
      return .table(t)
    },

    Verb("print", family: "session", summary: "write a value's display on its own line (numbers as digits alone)",
         slots: [Slot("X", .any, "the value, or an expression")],
         options: [VerbOption("digits", .int(0...17), default: .number(4), "decimals for numbers that are not whole")],
         examples: ["print x", "print ratings.count", "print 0.91234 digits=2", "print 1 + 2"],
         expressionSlot: true) { call in
      call.emit(call.value("X")!.display(digits: try call.int("digits"), color: call.session.options.color, width: call.session.options.terminalWidth))
      return .nothing
    },

    Verb("assert", family: "session", summary: "stop with an error unless a condition holds",
         slots: [Slot("COND", .bool, "a condition, e.g. (rmse m test) < 1.0"),
                 Slot("MESSAGE", .string, optional: true, "said when the condition fails")],
         examples: ["assert x < 1.0", "assert m.kind == \"als\" \"m should be an ALS model\""],
         expressionSlot: true) { call in
      guard try !call.bool("COND") else { return .nothing }
      var message = "assertion failed"
      if let (lhs, op, rhs) = call.comparison {
        message += ": \(compact(lhs)) \(op.rawValue) \(compact(rhs))"
      }
      if call.has("MESSAGE") { message += ": " + (try call.string("MESSAGE")) }
      throw call.error(.assertion, message, at: "COND")
    },
  ]
}

/// A number with four decimals at most and no trailing zeros (`0.95`, `0.9812`), or in
/// scientific notation when four decimals would show only zeros (`1e-06`), for messages.
func compact(_ v: Value) -> String {
  guard case .number(let d) = v else { return v.summary }
  if d != 0 && abs(d) < 0.0001 { return String(format: "%g", d) }
  var s = formatNumber(d)
  if s.contains(".") {
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
  }
  return s
}
