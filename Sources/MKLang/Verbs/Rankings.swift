import MKCore

/// The rankings family. Adding a verb: one entry here (see `Verb` and `Call`).
extension Verbs {
  public static let rankings: [Verb] = []
}
