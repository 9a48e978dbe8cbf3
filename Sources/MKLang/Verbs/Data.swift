import MKCore

/// The data family. Adding a verb: one entry here (see `Verb` and `Call`).
extension Verbs {
  public static let data: [Verb] = []
}
