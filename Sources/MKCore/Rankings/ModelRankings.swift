/// Rankings that need a fitted model: recommendations and similar items.
public enum ModelRankings {
  /// The `n` best-scored items for a user (a model index or a folded-in profile), excluding
  /// `exclude` (the items the user rated in training). Only items the model has seen in
  /// training (or, for side-feature models, described by their features) are candidates. Ties break by item index, for reproducible lists.
  public static func recommend(scorer: (Int32) -> Float, model: Model, exclude: Set<Int32>, n: Int)
    -> [(item: Int32, score: Float)] {
    var scored: [(item: Int32, score: Float)] = []
    for i in 0..<model.info.itemCount where model.covers(item: Int32(i)) && !exclude.contains(Int32(i)) {
      scored.append((Int32(i), model.clip(scorer(Int32(i)))))
    }
    scored.sort { ($0.score, -$0.item) > ($1.score, -$1.item) }
    return Array(scored.prefix(n))
  }

  /// Items seen in training by model user `u`.
  public static func seen(by u: Int32, in model: Model) -> Set<Int32> {
    let s = model.info.seen
    guard u >= 0, Int(u) < s.rowCount else { return [] }
    return Set(s.range(Int(u)).map { s.columns[$0] })
  }

  /// The `n` items whose embeddings have the highest cosine similarity to item `item`'s.
  public static func similar(to item: Int32, in model: Model, n: Int) throws -> [(item: Int32, similarity: Float)] {
    guard let e = model.itemEmbeddings else {
      throw MKError(.model, "a \(model.kindName) model has no item embeddings to compare",
                    hint: "use a factor model: als, sgd")
    }
    func norm(_ r: Int) -> Float { e.dot(row: r, e, row: r).squareRoot() }
    let target = Int(item), nt = norm(target)
    guard nt > 0 else {
      throw MKError(.model, "item '\(model.info.itemIds[item])' has a zero embedding: the model learned nothing about it",
                    hint: "it has too few training ratings; try an item with more")
    }
    var out: [(item: Int32, similarity: Float)] = []
    for j in 0..<e.rows where j != target && model.info.knows(item: Int32(j)) {
      let nj = norm(j)
      guard nj > 0 else { continue }
      out.append((Int32(j), e.dot(row: target, e, row: j) / (nt * nj)))
    }
    out.sort { ($0.similarity, -$0.item) > ($1.similarity, -$1.item) }
    return Array(out.prefix(n))
  }
}
