/// Raw id (as written in a data file) ↔ dense index.
///
/// One `IdMap` for users and one for items live in a `Universe`, shared by every file a session
/// loads, so that `train = load "u1.base"` and `test = load "u1.test"` index the same user 196
/// the same way. Indices only grow: a split never forgets an id, so a model can say "unknown
/// item" instead of crashing.
public final class IdMap {
  public private(set) var names: [String] = []
  private var index: [String: Int32] = [:]

  public init() {}
  public init(names: [String]) {
    for n in names { _ = intern(n) }
  }

  public var count: Int { names.count }

  /// The index of `raw`, adding it when new.
  @discardableResult
  public func intern(_ raw: String) -> Int32 {
    if let i = index[raw] { return i }
    let i = Int32(names.count)
    names.append(raw)
    index[raw] = i
    return i
  }

  public func lookup(_ raw: String) -> Int32? { index[raw] }

  /// Forgets the ids added after the first `count`, newest first: a load that fails after
  /// interning part of its file leaves the session's ids as they were.
  func forgetIds(after count: Int) {
    while names.count > count { index[names.removeLast()] = nil }
  }

  public subscript(i: Int32) -> String { names[Int(i)] }
  public subscript(i: Int) -> String { names[i] }
}

/// The users and items a session knows of, and the levels of its categorical columns.
public final class Universe {
  public let users: IdMap
  public let items: IdMap
  /// Levels of each categorical column by name (`load fields=[country]`, a sequence file's
  /// `skill`), shared by every file of the session like users and items, so that a test
  /// file's "FR" is the training file's "FR".
  private var categoryMaps: [String: IdMap] = [:]

  public init(users: IdMap = IdMap(), items: IdMap = IdMap()) {
    self.users = users
    self.items = items
  }

  /// The levels of the categorical column `name`, created empty the first time it is asked for.
  public func categories(named name: String) -> IdMap {
    if let m = categoryMaps[name] { return m }
    let m = IdMap()
    categoryMaps[name] = m
    return m
  }
}
