/// The design mk builds from what the data carries, and the names of its standard groups:
/// `user` and `item` one-hot, `tags` from an item table (`side=`, weighted multi-hot) and
/// `features` from the numeric columns of the ratings (`load features=`), in this order. A
/// new group of the data (a categorical column, a user side table, win and fail counts) is
/// added in `make(training:...)`; the learners take the list as it comes.
extension FeatureLayout {
  public typealias Numeric = FeatureGroup.Column

  /// The name of the group a user table (`users PATH`, `side=[works, people]`) becomes.
  public static let userAttributesGroup = "attributes"

  /// The design of a model fitted to `training` over `userCount` users and `itemCount`
  /// items of its universe: users, items, the tags of `side` when given, the attributes of
  /// `users` when given, every numeric column of `training` (standardized when
  /// `standardize`), and a one-hot group per categorical column of `training`.
  /// Encoded data (`encode`) gives the groups of its scheme instead of users and items (the
  /// identity groups the scheme keeps, then its per-attempt groups), with tags and user
  /// attributes after them; the data's numeric and categorical columns are not read.
  public static func make(training: Ratings, userCount: Int, itemCount: Int, side: Items?, users: Users? = nil,
                          standardize: Bool) -> FeatureLayout {
    var layout = make(userCount: userCount, itemCount: itemCount, side: side, universe: training.universe)
    if let encoding = training.encoding {
      let sideGroups = layout.features.filter { !$0.isIdentity }
      layout = FeatureLayout(userCount: userCount, itemCount: itemCount,
                             groups: encoding.featureGroups(userCount: userCount, itemCount: itemCount) + sideGroups)
    }
    if let users, !users.columnNames.isEmpty {
      layout = layout.adding(.attributes(userAttributesGroup, of: .user,
                                         table: users.attributeMatrix(universe: training.universe, userCount: userCount),
                                         width: users.columnNames.count))
    }
    // The scheme of encoded data is its feature set (pfa is skills, wins and fails, nothing
    // else): the data's own numeric and categorical columns stay out; side tables are added.
    if training.encoding != nil { return layout }
    if !training.featureNames.isEmpty { layout = layout.withNumeric(of: training, standardize: standardize) }
    return layout.withCategories(of: training)
  }

  /// This layout with a one-hot group per categorical column of `training` (`load fields=`,
  /// a sequence file's `skill`), named as the column, one design
  /// column per level the session knows now; a later level has no column.
  public func withCategories(of training: Ratings) -> FeatureLayout {
    var layout = self
    for name in training.categoryNames {
      let levels = training.universe.categories(named: name).names
      let taken = layout.group(named: name) != nil
      layout = layout.adding(.category(taken ? "\(name) field" : name, column: name, count: levels.count, levels: levels))
    }
    return layout
  }

  /// Users and items one-hot, and the tags of `side` (matched into `universe`, by default
  /// the side table's own) when given.
  public static func make(userCount: Int, itemCount: Int, side: Items?, universe: Universe? = nil) -> FeatureLayout {
    var groups = [FeatureGroup.identity("user", of: .user, count: userCount),
                  FeatureGroup.identity("item", of: .item, count: itemCount)]
    if let side, !side.tagNames.isEmpty {
      groups.append(.multiHot("tags", of: .item, table: side.tagMatrix(universe: universe, itemCount: itemCount),
                              width: side.tagNames.count))
    }
    return FeatureLayout(userCount: userCount, itemCount: itemCount, groups: groups)
  }

  /// This layout with the group `features`: all numeric columns of `training`, their mean and
  /// standard deviation taken over its ratings.
  public func withNumeric(of training: Ratings, standardize: Bool) -> FeatureLayout {
    let names = training.featureNames
    guard !names.isEmpty else { return self }
    // The names are the data's own, so the group cannot lack one.
    return adding(try! FeatureGroup.numeric("features", columns: names, of: training, standardize: standardize))
  }

  /// The standard groups given as values (tests, old model files).
  public init(userCount: Int, itemCount: Int, tagNames: [String], itemTags: SparseRows,
              numeric: [Numeric] = [], standardized: Bool = true) {
    var groups = [FeatureGroup.identity("user", of: .user, count: userCount),
                  FeatureGroup.identity("item", of: .item, count: itemCount)]
    if !tagNames.isEmpty {
      groups.append(FeatureGroup(name: "tags", kind: .multiHot, source: .item, width: tagNames.count, table: itemTags))
    }
    if !numeric.isEmpty {
      groups.append(FeatureGroup(name: "features", kind: .numeric, source: .row, width: numeric.count, columns: numeric,
                                 standardized: standardized))
    }
    self.init(userCount: userCount, itemCount: itemCount, groups: groups)
  }

  private var tagsGroup: FeatureGroup? { group(named: "tags").map { groups[$0].feature } }
  private var numericGroup: FeatureGroup? { group(named: "features").map { groups[$0].feature } }

  /// Whether the design reads an item table (`side=`), so that a refit needs it too.
  public var hasSide: Bool { groups.contains { $0.source == .item && !$0.feature.isIdentity } }
  /// Whether the design reads a user table (`side=[…, people]`).
  public var hasUserSide: Bool { groups.contains { $0.source == .user && !$0.feature.isIdentity } }
  /// Whether the design reads the ratings' own columns.
  public var hasNumeric: Bool { !rowColumnNames.isEmpty }
  /// The `features` group's columns and their training statistics.
  public var numeric: [Numeric] { numericGroup?.columns ?? [] }
  public var numericNames: [String] { numeric.map(\.name) }
  /// Whether the `features` group is standardized.
  public var standardized: Bool { numericGroup?.standardized ?? true }
  /// Row i: the tags of model item i (values summing to 1); none without `side=`.
  public var itemTags: SparseRows {
    tagsGroup?.table ?? SparseRows(rowCount: itemCount, rows: [], columns: [], values: [])
  }
}
