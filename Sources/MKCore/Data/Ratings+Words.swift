/// The word of each rating of Mangaki data (`favorite` … `wontsee`). The loader keeps a word
/// as its number (`MangakiWord.value`), and the six numbers are distinct, so the number is the
/// word: nothing more is stored. A value that is no word's (a mean of repeated pairs,
/// `duplicates=mean`) has none.
extension Ratings {
  /// The word of rating k, on Mangaki data; nil elsewhere.
  public func word(_ k: Int) -> MangakiWord? {
    scale == .mangakiWords ? MangakiWord(value: value(k)) : nil
  }

  /// The words the ratings use, in `MangakiWord` order; empty on numeric or 0/1 data.
  public var wordsUsed: [MangakiWord] {
    guard scale == .mangakiWords else { return [] }
    var seen = Set<MangakiWord>()
    for k in 0..<count { if let w = word(k) { seen.insert(w) } }
    return MangakiWord.allCases.filter(seen.contains)
  }

  /// The items user `user` (an index of the universe) rated `word`, in data order.
  public func items(of user: Int32, ratedAs word: MangakiWord) -> [Int32] {
    guard scale == .mangakiWords else { return [] }
    var out: [Int32] = []
    for k in 0..<count where self.user(k) == user && self.word(k) == word { out.append(item(k)) }
    return out
  }
}
