import MKCore

/// The plots family. Adding a verb: one entry here (see `Verb` and `Call`).
extension Verbs {
  public static let plots: [Verb] = []
}
