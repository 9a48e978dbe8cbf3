/// Rankings that need a fitted model: recommendations and similar items.
public enum ModelRankings {
  /// The `n` best-scored items for model user `u` (known to the model), excluding `exclude`
  /// (the items they rated in training). Every candidate is scored in one `scoreBatch` call,
  /// the path `predict` takes, rather than one dynamic call per item.
  public static func recommend(user u: Int32, model: Model, exclude: Set<Int32>, n: Int)
    -> [(item: Int32, score: Float)] {
    let items = candidates(model, excluding: exclude)
    let scores = scored(user: u, items: items, model: model)
    return best((0..<items.count).map { (items[$0], scores[$0]) }, n)
  }

  /// `items` (model indices; -1 for an item the model does not cover, which gets what
  /// `predict` gives it) ranked for model user `u` by the model's clipped score, best first,
  /// ties in the given order: Mangaki's watchlist (`recommend M USER among=willsee from=DATA`).
  /// Returns positions in `items` with their scores.
  public static func rank(_ items: [Int32], user u: Int32, model: Model) -> [(position: Int, score: Float)] {
    let scores = scored(user: u, items: items, model: model)
    return scores.indices.sorted { (scores[$0], -$0) > (scores[$1], -$1) }.map { ($0, scores[$0]) }
  }

  /// The clipped scores of (u, item) for each of `items`, in one `scoreBatch` call, the path
  /// `predict` takes.
  private static func scored(user u: Int32, items: [Int32], model: Model) -> [Float] {
    let users = [Int32](repeating: u, count: items.count)
    var scores = [Float](repeating: 0, count: items.count)
    users.withUnsafeBufferPointer { ub in
      items.withUnsafeBufferPointer { ib in
        scores.withUnsafeMutableBufferPointer { model.scoreBatch(users: ub, items: ib, into: $0) }
      }
    }
    return scores.map { model.clip($0) }
  }

  /// The `n` best-scored items for a folded-in profile (`scorer` from `Model.foldIn`),
  /// excluding `exclude` (the profile's own items).
  public static func recommend(scorer: (Int32) -> Float, model: Model, exclude: Set<Int32>, n: Int)
    -> [(item: Int32, score: Float)] {
    best(candidates(model, excluding: exclude).map { ($0, model.clip(scorer($0))) }, n)
  }

  /// The items a recommendation may hold: those the model has seen in training (or, for
  /// side-feature models, described by their features), less `exclude`, in index order.
  private static func candidates(_ model: Model, excluding exclude: Set<Int32>) -> [Int32] {
    (0..<Int32(model.info.itemCount)).filter { model.covers(item: $0) && !exclude.contains($0) }
  }

  /// The `n` best of `scored`; ties break by item index, for reproducible lists.
  private static func best(_ scored: [(item: Int32, score: Float)], _ n: Int) -> [(item: Int32, score: Float)] {
    var scored = scored
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
