import MKCore

/// The models family. Adding a verb: one entry here (see `Verb` and `Call`).
extension Verbs {
  public static let models: [Verb] = [
    Verb("fit", family: "models", summary: "fit a model of a kind to ratings",
         slots: [Slot("KIND", .kind, "the model kind (help KIND lists its options)"),
                 Slot("DATA", .ratings, "the training ratings")],
         dependentOptions: (slot: "KIND", options: { ModelRegistry.kind(named: $0)?.options.map(VerbOption.init) }),
         examples: ["m = fit mean train"]) { call in
      let kindName = try call.word("KIND")
      let kind = ModelRegistry.kind(named: kindName)!
      let specs = kind.options
      let input = FitInput(
        data: try call.ratings("DATA"), options: try call.optionValues(for: specs),
        valid: call.has("valid") ? try call.ratings("valid") : nil,
        side: call.has("side") ? try call.items("side") : nil,
        progress: call.progress.relabel("fit \(kindName)"))
      return .model(try ModelRegistry.fit(kindName, input))
    },
  ]
}
