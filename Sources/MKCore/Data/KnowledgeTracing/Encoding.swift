/// Knowledge-tracing features of a data set (`encode DATA as=…`): per attempt, sparse rows of
/// named groups (the attempt's skills, its user's earlier wins and fails on them, …), and
/// which of the user's and item's own one-hot columns the design keeps.
///
/// The tables are indexed by the encoded data's store rows, so a split or a fold of encoded
/// data (a subset of the same store) reads the same features for each attempt. The design
/// (`FeatureLayout`) places each group as a block of columns of source `.encoded`; the model
/// stores only the group's name and width, and reads the entries from the data it predicts,
/// which must be encoded the same way (same scheme; skills matched by name).
public struct Encoding {
  /// The feature sets of Vie & Kashima (2019) and Choffin et al. (2019).
  public enum Scheme: String, CaseIterable, Equatable {
    /// Users and items: item response theory (1PL) as a logistic regression.
    case irt
    /// Skills and each attempt's earlier wins and fails on each of its skills:
    /// performance factor analysis.
    case pfa
    /// Items, skills, wins and fails: the KTM paper's best encoding.
    case iswf
    /// Users, items, skills, and wins and attempts in time windows, as log(1 + count).
    case das3h
    /// Not a scheme of `encode`: a libFM/libSVM file read as it is (`load format=libfm`), its
    /// groups from the `-meta` file; no users and items (`LibFMFile`).
    case libfm

    /// The schemes `encode as=` offers.
    public static var encodable: [Scheme] { allCases.filter { $0 != .libfm } }

    public var summary: String {
      switch self {
      case .irt: return "users + items"
      case .pfa: return "skills + wins + fails"
      case .iswf: return "items + skills + wins + fails"
      case .das3h: return "users + items + skills + wins and attempts in 1h/1d/1w/1mo/all windows, log(1 + count)"
      case .libfm: return "a libFM design"
      }
    }

    /// Whether the design keeps the user's and the item's own one-hot columns.
    public var identity: (user: Bool, item: Bool) {
      switch self {
      case .irt, .das3h: return (true, true)
      case .pfa, .libfm: return (false, false)
      case .iswf: return (false, true)
      }
    }

    /// Whether the scheme reads the attempts' skills.
    public var needsSkills: Bool { self != .irt && self != .libfm }
  }

  /// One named block of per-attempt columns.
  public struct Group {
    public let name: String
    public let kind: FeatureGroup.Kind
    /// Number of columns (the skill count for every group of the standard schemes).
    public let width: Int
    /// Row r (a store row of the encoded data): the attempt's entries, columns in 0..<width.
    public let rows: SparseRows
    /// The names of the group's columns, by which a model matches another file's columns;
    /// nil: the encoding's `skillNames` (every group of the standard schemes). A libFM group
    /// names each column by its index in the file.
    public let levels: [String]?

    public init(name: String, kind: FeatureGroup.Kind, width: Int, rows: SparseRows, levels: [String]? = nil) {
      precondition(levels.map { $0.count == width } ?? true)
      self.name = name
      self.kind = kind
      self.width = width
      self.rows = rows
      self.levels = levels
    }
  }

  public let scheme: Scheme
  /// Names of the skill columns, in column order (a Q-matrix's columns, or a skill column's levels).
  public let skillNames: [String]
  /// Where the skills came from, for displays: "skills of q_matrix.csv" or "column skill".
  public let skillSource: String
  /// The data's categorical column the skills were read from, if any.
  public let skillColumn: String?
  public let groups: [Group]

  public init(scheme: Scheme, skillNames: [String], skillSource: String, skillColumn: String? = nil, groups: [Group]) {
    self.scheme = scheme
    self.skillNames = skillNames
    self.skillSource = skillSource
    self.skillColumn = skillColumn
    self.groups = groups
  }

  public func group(named name: String) -> Group? { groups.first { $0.name == name } }

  /// "as iswf: items + skills + wins + fails, 8 skills of q.csv", for displays.
  public var summary: String {
    if scheme == .libfm { return "a libFM design: \(skillSource)" }
    return "as \(scheme.rawValue): \(scheme.summary)" + (scheme.needsSkills ? ", \(skillNames.count) \(skillSource)" : "")
  }

  /// The design groups of this encoding: the identity groups the scheme keeps, then the
  /// per-attempt groups in order.
  func featureGroups(userCount: Int, itemCount: Int) -> [FeatureGroup] {
    var list: [FeatureGroup] = []
    if scheme.identity.user { list.append(.identity("user", of: .user, count: userCount)) }
    if scheme.identity.item { list.append(.identity("item", of: .item, count: itemCount)) }
    for g in groups { list.append(.encoded(g.name, kind: g.kind, width: g.width, levels: g.levels ?? skillNames)) }
    return list
  }
}
