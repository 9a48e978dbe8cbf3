/// Mangaki's rating words and the numbers mk uses for them.
///
/// The values are those of mangaki/zero (`zero/values.py`): favorite 4, like 2, neutral 0.1,
/// dislike -2, willsee 0.5, wontsee -0.5. `love` (the Mangaki Data Challenge's name for
/// favorite) is read as favorite.
public enum MangakiWord: String, CaseIterable {
  case favorite, like, neutral, dislike, willsee, wontsee

  /// The number a rating with this word stands for.
  public var value: Float {
    switch self {
    case .favorite: return 4
    case .like: return 2
    case .neutral: return 0.1
    case .dislike: return -2
    case .willsee: return 0.5
    case .wontsee: return -0.5
    }
  }

  /// The word whose value is `v`, if any.
  public init?(value v: Float) {
    guard let w = MangakiWord.allCases.first(where: { $0.value == v }) else { return nil }
    self = w
  }

  /// Lowercase spellings accepted in files, with the word each one means.
  static let spellings: [([UInt8], MangakiWord)] =
    allCases.map { (Array($0.rawValue.utf8), $0) } + [(Array("love".utf8), .favorite)]
}
