import MKCore

/// A new user described only by a few ratings: `profile ["Steins;Gate"=favorite] labels=works`.
///
/// Items are kept by raw id, so the profile works with any model that knows them, including
/// one opened from a file. Values are numbers on the scale of the data; Mangaki words are
/// translated by `Profile.value(of:scale:range:)` when the profile is folded into a model.
public struct Profile {
  public struct Entry {
    /// The item's raw id, as in the data files.
    public var item: String
    /// How the user wrote it: a title (with `labels=`) or the id.
    public var label: String
    /// The rating: a number, or a Mangaki word kept as written until a model's scale is known.
    public var value: Float
    public var word: MangakiWord?
  }

  public var entries: [Entry]

  /// The rating of an entry on a model's scale. Words keep their Mangaki values on Mangaki
  /// data; on a numeric scale lo...hi they map linearly from Mangaki's −2...4 (dislike → lo,
  /// favorite → hi, like → lo + 2/3 of the range), so `favorite` means "the best rating".
  public static func value(of e: Entry, scale: Ratings.Scale, range: ClosedRange<Float>) -> Float {
    guard let w = e.word, scale == .numeric else { return e.value }
    let t = (w.value + 2) / 6
    return range.lowerBound + t * (range.upperBound - range.lowerBound)
  }
}
