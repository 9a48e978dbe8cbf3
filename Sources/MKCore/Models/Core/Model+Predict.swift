/// The shared prediction contract: raw ids and foreign universes mapped to model indices,
/// unknown users and items falling back with a stated reason, clipping to the rating scale,
/// batched and parallel scoring. Each kind implements only `score(user:item:)`.
extension Model {
  /// Model index of each universe index of `map` (-1 where the model does not know the id).
  /// Identity when `map` is the model's own map (a model fitted in this session).
  public func translate(_ map: IdMap, modelMap: IdMap, known: Int) -> (Int32) -> Int32 {
    if map === modelMap {
      return { $0 < Int32(known) ? $0 : -1 }
    }
    var table = [Int32](repeating: -1, count: map.count)
    for i in 0..<map.count {
      if let j = modelMap.lookup(map[i]), Int(j) < known { table[i] = j }
    }
    return { i in Int(i) < table.count ? table[Int(i)] : -1 }
  }

  /// Clips a score to the training scale (binary models already return probabilities).
  @inline(__always) public func clip(_ v: Float) -> Float {
    let r = info.range
    return info.scale == .binary ? v : min(max(v, r.lowerBound), r.upperBound)
  }

  /// Model indices of `data`'s users and items (-1 where unknown), in `data`'s order.
  public func modelIndices(_ data: Ratings) -> (users: [Int32], items: [Int32]) {
    func mapped(_ raw: [Int32], _ map: IdMap, _ modelMap: IdMap, _ known: Int) -> [Int32] {
      if map === modelMap {
        let n = Int32(known)
        return raw.map { $0 < n ? $0 : -1 }
      }
      let f = translate(map, modelMap: modelMap, known: known)
      return raw.map(f)
    }
    return (mapped(data.userIndices, data.universe.users, info.userIds, info.userCount),
            mapped(data.itemIndices, data.universe.items, info.itemIds, info.itemCount))
  }

  /// Predictions for every rating of `data`, in its order, clipped.
  public func predict(_ data: Ratings) -> [Float] {
    predict(indices: modelIndices(data))
  }

  /// `predict(data)` after `checkPredictable(data)`: for data given by a user.
  public func checkedPredict(_ data: Ratings) throws -> [Float] {
    try checkPredictable(data)
    return predict(data)
  }

  /// Clipped predictions for pairs of model indices (from `modelIndices`), so that a loop
  /// scoring the same data every iteration maps its ids once.
  public func predict(indices: (users: [Int32], items: [Int32])) -> [Float] {
    let (users, items) = indices
    let count = users.count
    var out = [Float](repeating: 0, count: count)
    let binary = info.scale == .binary, lo = info.range.lowerBound, hi = info.range.upperBound
    users.withUnsafeBufferPointer { u in
      items.withUnsafeBufferPointer { i in
        out.withUnsafeMutableBufferPointer { buf in
          let p = buf.baseAddress!  // each block writes only its own range
          Parallel.forEachBlock(count) { range, _ in
            let slice = UnsafeMutableBufferPointer(start: p + range.lowerBound, count: range.count)
            self.scoreBatch(users: UnsafeBufferPointer(rebasing: u[range]), items: UnsafeBufferPointer(rebasing: i[range]),
                            into: slice)
            if !binary { for j in 0..<slice.count { slice[j] = min(max(slice[j], lo), hi) } }
          }
        }
      }
    }
    return out
  }

  /// Model index of a raw user id, or nil.
  public func userIndex(_ raw: String) -> Int32? {
    guard let j = info.userIds.lookup(raw), Int(j) < info.userCount else { return nil }
    return j
  }

  /// Model index of a raw item id, or nil.
  public func itemIndex(_ raw: String) -> Int32? {
    guard let j = info.itemIds.lookup(raw), Int(j) < info.itemCount else { return nil }
    return j
  }

  /// One prediction by raw ids, with the reason when the model had to fall back.
  public func predict(user: String, item: String) -> (value: Float, note: String?) {
    let u = userIndex(user).flatMap { info.knows(user: $0) ? $0 : nil } ?? -1
    let i = itemIndex(item).flatMap { covers(item: $0) ? $0 : nil } ?? -1
    var notes: [String] = []
    if u < 0 { notes.append("unknown user '\(user)'") }
    if i < 0 { notes.append("unknown item '\(item)'") }
    let note = notes.isEmpty ? nil : notes.joined(separator: " and ") + ": fell back to \(fallbackDescription(userKnown: u >= 0, itemKnown: i >= 0))"
    return (clip(score(user: u, item: i)), note)
  }

  private func fallbackDescription(userKnown: Bool, itemKnown: Bool) -> String {
    switch (userKnown, itemKnown) {
    case (false, true): return "the item's mean (global mean + item bias)"
    case (true, false): return "the user's mean (global mean + user bias)"
    default: return "the global mean"
    }
  }
}
