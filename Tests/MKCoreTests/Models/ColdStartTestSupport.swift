import MKCore

/// Fits `kind` for the behaviour suite: kinds that take `side=` get tags made up for the data's
/// items (`madeUpTags`), and `blend` (made from two fitted models, not by `fit`) blends a small
/// als with a lasso.
func fitForSuite(_ kind: String, _ train: Ratings, _ given: [String: OptionValue]) throws -> Model {
  if kind == BlendModel.kind.name {
    let als = try ModelRegistry.fit("als", FitInput(data: train, options: try options("als", ["rank": .int(2), "iters": .int(3)])))
    let lasso = try ModelRegistry.fit("lasso", FitInput(data: train, options: try options("lasso"), side: madeUpTags(train)))
    return try BlendModel.fit(a: als, b: lasso, data: train, options: try blendOptions(given))
  }
  let takesSide = ModelRegistry.kind(named: kind)!.options.contains {
    switch $0.kind {
    case .items, .sides: return true
    default: return false
    }
  }
  return try ModelRegistry.fit(kind, FitInput(data: train, options: try options(kind, given), side: takesSide ? madeUpTags(train) : nil))
}

/// Every item of the data's universe with two of six tags, fixed by its index.
func madeUpTags(_ data: Ratings) -> Items {
  let n = data.itemCount
  var offsets = [0], columns: [Int32] = []
  for i in 0..<n {
    columns += [Int32(i % 3), Int32(3 + (i / 3) % 3)]
    offsets.append(columns.count)
  }
  return Items(universe: data.universe, item: (0..<Int32(n)).map { $0 }, title: (0..<n).map { data.universe.items[$0] },
               tagNames: (0..<6).map { "tag\($0)" },
               tags: SparseRows(offsets: offsets, columns: columns, values: [Float](repeating: 1, count: columns.count)),
               name: "made-up tags")
}
