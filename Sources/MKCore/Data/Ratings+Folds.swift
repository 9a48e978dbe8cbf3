/// What `split … group=` and `cv … group=` keep together: all of a user's (or an item's)
/// ratings land on the same side, so the held-out users are new to the model (strong
/// generalization, as scikit-learn's GroupShuffleSplit and GroupKFold).
public enum GroupKind: String, CaseIterable {
  case user, item
}

extension Ratings {
  /// Positions 0..<count in `folds` disjoint parts covering every rating, chosen at random
  /// from `seed`: with `group`, whole users (or items) are dealt to the folds in a shuffled
  /// order, so a fold holds all of its users' ratings; without, the ratings themselves. The
  /// same seed gives the same folds for every model kind. Each fold is in this set's order.
  /// - Throws: for fewer than 2 folds, or more folds than ratings (or than groups).
  public func folds(_ n: Int, group: GroupKind? = nil, seed: UInt64 = 0) throws -> [[Int32]] {
    guard n >= 2 else {
      throw MKError(.value, "cross-validation needs at least 2 folds, got \(n)", hint: "folds=5 is usual")
    }
    var rng = RandomStream(seed: seed)
    var fold = [Int](repeating: 0, count: count)
    if let group {
      let keys = groupKeys(group)
      var present = [Bool](repeating: false, count: group == .user ? userCount : itemCount)
      for g in keys { present[Int(g)] = true }
      var ids = present.indices.filter { present[$0] }
      guard ids.count >= n else {
        throw MKError(.value, "\(n) folds by \(group.rawValue) need at least \(n) \(group.rawValue)s, and '\(name)' has \(ids.count)",
                      hint: "use fewer folds")
      }
      rng.shuffle(&ids)
      var foldOf = [Int](repeating: 0, count: present.count)
      for (j, g) in ids.enumerated() { foldOf[g] = j % n }
      for k in 0..<count { fold[k] = foldOf[Int(keys[k])] }
    } else {
      guard count >= n else {
        throw MKError(.value, "\(n) folds need at least \(n) ratings, and '\(name)' has \(count)", hint: "use fewer folds")
      }
      var order = (0..<Int32(count)).map { $0 }
      rng.shuffle(&order)
      for (j, k) in order.enumerated() { fold[Int(k)] = j % n }
    }
    var parts = [[Int32]](repeating: [], count: n)
    for k in 0..<count { parts[fold[k]].append(Int32(k)) }
    return parts
  }

  /// The user (or item) of each rating, in this set's order.
  func groupKeys(_ group: GroupKind) -> [Int32] { group == .user ? userIndices : itemIndices }

  /// Train and test parts that keep each user's (item's) ratings together: a random `fraction`
  /// of the users (items) present, with all their ratings, train; the others test.
  func groupSplit(_ ks: [Int32], fraction: Double, group: GroupKind, rng: inout RandomStream) -> (train: [Int32], test: [Int32]) {
    let keys = groupKeys(group)
    var present = [Bool](repeating: false, count: group == .user ? userCount : itemCount)
    for k in ks { present[Int(keys[Int(k)])] = true }
    var ids = present.indices.filter { present[$0] }
    rng.shuffle(&ids)
    var inTrain = [Bool](repeating: false, count: present.count)
    for g in ids.prefix(Int((fraction * Double(ids.count)).rounded())) { inTrain[g] = true }
    var train: [Int32] = [], test: [Int32] = []
    for k in ks { if inTrain[Int(keys[Int(k)])] { train.append(k) } else { test.append(k) } }
    return (train, test)
  }
}
