/// The one shape of "unknown X (did you mean …)" errors: a name that is not among the
/// candidates, with the closest candidate (`Suggest.closest`) when it is a plausible typo.
extension MKError {
  /// Where the suggestion is written: after the message (the language's errors) or as the hint
  /// (errors raised below the language, whose messages the language may wrap).
  public enum SuggestionPlace {
    case message, hint
  }

  /// "unknown option 'rnak' for fit als (did you mean 'rank'?)".
  ///
  /// - Parameters:
  ///   - what: what the name should have been: "variable", "option", "model kind".
  ///   - owner: who lacks it, written after "for": "fit als".
  ///   - hint: always shown (with a suggestion in the message).
  ///   - listHint: shown only when there is no suggestion: usually the list of candidates.
  public static func unknown(_ what: String, _ name: String, among candidates: [String], for owner: String? = nil,
                             kind: Kind = .name, at location: SourceLocation? = nil, hint: String? = nil,
                             listHint: String? = nil, suggestion: SuggestionPlace = .message) -> MKError {
    notAmong("unknown \(what) '\(name)'" + (owner.map { " for \($0)" } ?? ""), name, among: candidates,
             kind: kind, at: location, hint: hint, listHint: listHint, suggestion: suggestion)
  }

  /// Any message about `word` not being among `candidates` ("no tag 'scifi' in works",
  /// "by=usr is not one of random, user"), followed by the suggestion; hints as in `unknown`.
  public static func notAmong(_ message: String, _ word: String, among candidates: [String], kind: Kind,
                              at location: SourceLocation? = nil, hint: String? = nil, listHint: String? = nil,
                              suggestion: SuggestionPlace = .message) -> MKError {
    let guess = Suggest.closest(word, in: candidates)
    switch suggestion {
    case .message:
      return MKError(kind, message + (guess.map { " (did you mean '\($0)'?)" } ?? ""), at: location,
                     hint: hint ?? (guess == nil ? listHint : nil))
    case .hint:
      return MKError(kind, message, at: location, hint: guess.map { "did you mean '\($0)'?" } ?? listHint ?? hint)
    }
  }
}
