import MKCore

/// The evaluation family. Adding a verb: one entry here (see `Verb` and `Call`).
extension Verbs {
  public static let evaluation: [Verb] = []
}
