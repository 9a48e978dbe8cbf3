/// What a knowledge-tracing model says a student has mastered: one probe attempt per skill,
/// carrying the student's wins and fails on that skill over all of their attempts in the
/// data, on no particular item. A model fitted on pfa or iswf features scores each probe:
/// P(correct on the next attempt of skill s | the history so far).
public enum MasteryProbe {
  public struct Probe {
    /// One attempt per skill (in a universe of its own: the student's raw id, and an item no
    /// model knows), encoded with the data's scheme.
    public let attempts: Ratings
    public let skills: [String]
    public let wins: [Int]
    public let fails: [Int]
  }

  /// The probe attempts for `user` (a raw id) from their attempts in `data`.
  /// - Throws: when `data` is not encoded with win and fail counts, or has no attempt of `user`.
  public static func make(user: String, from data: Ratings) throws -> Probe {
    guard let encoding = data.encoding, encoding.scheme == .pfa || encoding.scheme == .iswf,
          let skillsGroup = encoding.group(named: "skills") else {
      throw MKError(.value, "mastery reads each skill's wins and fails: '\(data.name)' must be encoded as=pfa or as=iswf",
                    hint: "mastery M (encode DATA as=pfa skills=…) USER, with M fitted on the same encoding")
    }
    guard let u = data.universe.users.lookup(user) else {
      throw MKError(.value, "user '\(ShownText.shown(user))' is not in '\(data.name)'", hint: "give a user as written in the data")
    }
    let width = encoding.skillNames.count
    var wins = [Int](repeating: 0, count: width), fails = [Int](repeating: 0, count: width), seen = 0
    for k in 0..<data.count where data.user(k) == u {
      seen += 1
      let won = data.value(k) >= 0.5
      for p in skillsGroup.rows.range(data.row(k)) {
        let s = Int(skillsGroup.rows.columns[p])
        if won { wins[s] += 1 } else { fails[s] += 1 }
      }
    }
    guard seen > 0 else {
      throw MKError(.value, "user '\(ShownText.shown(user))' has no attempt in '\(data.name)'", hint: "give a user of the data")
    }
    let universe = Universe()
    let probeUser = universe.users.intern(user), probeItem = universe.items.intern("")
    let n = width
    func rows(_ value: (Int) -> Float) -> SparseRows {
      var offsets = [0], cols: [Int32] = [], vals: [Float] = []
      for s in 0..<n {
        let v = value(s)
        if v != 0 { cols.append(Int32(s)); vals.append(v) }
        offsets.append(cols.count)
      }
      return SparseRows(offsets: offsets, columns: cols, values: vals)
    }
    let groups = [
      Encoding.Group(name: "skills", kind: .multiHot, width: width, rows: rows { _ in 1 }),
      Encoding.Group(name: "wins", kind: .counts, width: width, rows: rows { Float(wins[$0]) }),
      Encoding.Group(name: "fails", kind: .counts, width: width, rows: rows { Float(fails[$0]) }),
    ]
    let probeEncoding = Encoding(scheme: encoding.scheme, skillNames: encoding.skillNames, skillSource: encoding.skillSource,
                                 groups: groups)
    let store = RatingStore(user: [Int32](repeating: probeUser, count: n), item: [Int32](repeating: probeItem, count: n),
                            value: [Float](repeating: 0, count: n))
    let attempts = Ratings(universe: universe, store: store, name: "mastery of \(user)", scale: .binary,
                           encoding: probeEncoding)
    return Probe(attempts: attempts, skills: encoding.skillNames, wins: wins, fails: fails)
  }
}
