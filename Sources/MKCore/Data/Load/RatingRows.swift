/// The columns of a ratings file while it is read: parallel arrays that grow one record at a
/// time, reserved up front for at most one rating a line so that reading never reallocates.
struct RatingRows {
  var users: [Int32] = []
  var items: [Int32] = []
  var values: [Float] = []
  /// Seconds from the file's first time; nil when the file has no time column.
  var times: [Int32]?
  /// features[c][row], one array per `features=` column.
  var features: [[Float]]
  /// categories[c][row]: the level of categorical column c (`load fields=`), -1 when empty.
  var categories: [[Int32]]

  init(capacity: Int, hasTime: Bool, featureCount: Int, categoryCount: Int = 0) {
    users.reserveCapacity(capacity); items.reserveCapacity(capacity); values.reserveCapacity(capacity)
    if hasTime {
      times = []
      times!.reserveCapacity(capacity)
    }
    features = [[Float]](repeating: [], count: featureCount)
    for c in features.indices { features[c].reserveCapacity(capacity) }
    categories = [[Int32]](repeating: [], count: categoryCount)
    for c in categories.indices { categories[c].reserveCapacity(capacity) }
  }

  var count: Int { values.count }

  /// The store these columns become, without their unused capacity.
  func store(timeBase: Int64, featureNames: [String], categoryNames: [String] = []) -> RatingStore {
    RatingStore(user: exactCapacity(users), item: exactCapacity(items), value: exactCapacity(values),
                time: times.map(exactCapacity), timeBase: timeBase, featureNames: featureNames,
                features: features.map(exactCapacity), categoryNames: categoryNames,
                categories: categories.map(exactCapacity))
  }
}

/// `a` itself, or a copy without the unused capacity when `a` holds noticeably more than it uses.
func exactCapacity<T>(_ a: [T]) -> [T] {
  guard a.capacity > a.count + a.count / 64 + 16 else { return a }
  var out: [T] = []
  out.reserveCapacity(a.count)
  out.append(contentsOf: a)
  return out
}
