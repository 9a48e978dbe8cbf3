/// How `split` chooses the test ratings.
public enum SplitMode: String, CaseIterable {
  /// Shuffle all ratings; the first `fraction` go to train.
  case random
  /// Per user: hold out `1 - fraction` of each user's ratings; users with one rating stay in train.
  case user
  /// Hold out whole items (cold start): `fraction` of the ITEMS, with all their ratings, train.
  case item
  /// The earliest `fraction` of the ratings by time train; needs a time column.
  case time
}

/// Which part of a test set `subset` keeps.
public enum SubsetKind: String, CaseIterable {
  /// Ratings on items the training set never saw.
  case cold
  /// Ratings on the items least rated in the training set.
  case least
}

extension Ratings {
  // MARK: - Split

  /// Splits these ratings into train and test views (index sets, not copies).
  ///
  /// With `cold: F`, a fraction F of the rated items is first moved to test with all their
  /// ratings; the remaining ratings are then split as `by` says (the protocol of the BALSE
  /// paper). Every random choice comes from `RandomStream(seed:)`: the same seed gives the same
  /// split. Both parts keep this set's order.
  /// - Parameters:
  ///   - fraction: the share that goes to train, strictly between 0 and 1 (ratings; for
  ///     `.item`, items).
  ///   - mode: `.random`, `.user`, `.item` or `.time`.
  ///   - seed: seeds the shuffles.
  ///   - cold: the share of items moved whole to test first, in 0..<1.
  /// - Returns: `train` and `test`, named "train of NAME" and "test of NAME".
  /// - Throws: `MKError` for a fraction out of range, or `.time` without a time column.
  ///   - group: keep each user's (item's) ratings on one side: `fraction` of the users
  ///     (items) train, the others test (test users are new); only with `.random`.
  public func split(fraction: Double = 0.8, by mode: SplitMode = .random, seed: UInt64 = 0,
                    cold: Double? = nil, group: GroupKind? = nil) throws -> (train: Ratings, test: Ratings) {
    if let group, mode != .random {
      throw MKError(.value, "split group=\(group.rawValue) chooses whole \(group.rawValue)s at random; it does not combine with by=\(mode.rawValue)",
                    hint: "by=user splits each user's ratings; group=user keeps each user's ratings together")
    }
    guard fraction > 0, fraction < 1 else {
      throw MKError(.value, "split fraction \(fraction) is not between 0 and 1",
                    hint: "give the share of ratings that goes to train, e.g. 0.8")
    }
    if let cold, !(cold >= 0 && cold < 1) {
      throw MKError(.value, "cold=\(cold) is not in 0..<1", hint: "give the share of items held out whole, e.g. 0.15")
    }
    if mode == .time, !hasTime {
      throw MKError(.value, "split by=time needs a time column, and '\(name)' has none",
                    hint: "load a file with a time, timestamp or date column, or split by=random")
    }
    var rng = RandomStream(seed: seed)
    var train: [Int32] = [], test: [Int32] = []
    var rest = (0..<Int32(count)).map { $0 }

    if let cold, cold > 0 {
      let moved = chooseItems(of: rest, share: cold, rng: &rng)
      for k in rest { if moved[Int(item(Int(k)))] { test.append(k) } else { train.append(k) } }
      rest = train
      train = []
    }

    switch mode {
    case .random where group != nil:
      let parts = groupSplit(rest, fraction: fraction, group: group!, rng: &rng)
      train += parts.train
      test += parts.test
    case .random:
      rng.shuffle(&rest)
      let n = Int((fraction * Double(rest.count)).rounded())
      train += rest[..<n]
      test += rest[n...]
    case .user:
      var byUser = [[Int32]](repeating: [], count: userCount)
      for k in rest { byUser[Int(user(Int(k)))].append(k) }
      for var ks in byUser where !ks.isEmpty {
        rng.shuffle(&ks)
        let held = ks.count < 2 ? 0 : min(ks.count - 1, Int(((1 - fraction) * Double(ks.count)).rounded()))
        test += ks[..<held]
        train += ks[held...]
      }
    case .item:
      let held = chooseItems(of: rest, share: 1 - fraction, rng: &rng)
      for k in rest { if held[Int(item(Int(k)))] { test.append(k) } else { train.append(k) } }
    case .time:
      rest.sort { a, b in
        let ta = time(Int(a))!, tb = time(Int(b))!
        return ta != tb ? ta < tb : a < b
      }
      let n = Int((fraction * Double(rest.count)).rounded())
      train += rest[..<n]
      test += rest[n...]
    }
    train.sort()
    test.sort()
    return (subset(train, name: "train of \(name)"), subset(test, name: "test of \(name)"))
  }

  /// Marks `share` of the distinct items rated at positions `ks`, chosen at random.
  private func chooseItems(of ks: [Int32], share: Double, rng: inout RandomStream) -> [Bool] {
    var seen = [Bool](repeating: false, count: itemCount)
    var items: [Int32] = []
    for k in ks {
      let i = item(Int(k))
      if !seen[Int(i)] { seen[Int(i)] = true; items.append(i) }
    }
    items.sort()
    rng.shuffle(&items)
    var chosen = [Bool](repeating: false, count: itemCount)
    for i in items.prefix(Int((share * Double(items.count)).rounded())) { chosen[Int(i)] = true }
    return chosen
  }

  // MARK: - Subsets of a test set

  /// The part of these (test) ratings on items `train` never saw, or on the items it saw least.
  ///
  /// - `.cold`: the ratings whose item has no rating in `train`.
  /// - `.least`: items that `train` rated at least once are taken in increasing order of their
  ///   number of train ratings (ties: the item loaded first), each with all its ratings here,
  ///   until at least `n` ratings are gathered. The last item is kept whole, so the result can
  ///   exceed `n` by less than one item's ratings. Items unseen in train are left out: they are
  ///   the `.cold` subset.
  /// Items are matched by raw id, so `train` may come from another universe.
  public func subset(which: SubsetKind, train: Ratings, n: Int = 1000) -> Ratings {
    let counts = train.itemCounts
    let sameUniverse = train.universe === universe
    var trainCount = [Int](repeating: 0, count: itemCount)
    for i in 0..<itemCount {
      let j = sameUniverse ? Int32(i) : train.universe.items.lookup(universe.items[i])
      if let j, Int(j) < counts.count { trainCount[i] = counts[Int(j)] }
    }
    switch which {
    case .cold:
      let ks = (0..<Int32(count)).filter { trainCount[Int(item(Int($0)))] == 0 }
      return subset(ks, name: "cold of \(name)")
    case .least:
      var byItem = [[Int32]](repeating: [], count: itemCount)
      for k in 0..<Int32(count) { byItem[Int(item(Int(k)))].append(k) }
      let order = (0..<itemCount).filter { trainCount[$0] > 0 && !byItem[$0].isEmpty }
        .sorted { trainCount[$0] != trainCount[$1] ? trainCount[$0] < trainCount[$1] : $0 < $1 }
      var ks: [Int32] = []
      for i in order {
        if ks.count >= n { break }
        ks += byItem[i]
      }
      ks.sort()
      return subset(ks, name: "least \(n) of \(name)")
    }
  }
}
