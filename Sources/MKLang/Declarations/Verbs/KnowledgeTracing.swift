import MKCore

/// Knowledge tracing: `encode`, the features of Vie & Kashima (2019) and Choffin et al. (2019)
/// that turn attempts into a design `lr`, `fm`, `deepfm` and `bayesfm` fit ("just pick the
/// features and you get a model").
extension Verbs {
  public static let knowledgeTracing: [Verb] = [
    Verb("encode", family: "data",
         summary: "knowledge-tracing features of 0/1 attempts: irt, pfa, iswf (KTM) or das3h, counted from each user's earlier attempts",
         slots: [Slot("DATA", .ratings, "0/1 attempts (a `correct` column, or format=sequences)")],
         options: [
           VerbOption("as", .choice(Encoding.Scheme.encodable.map(\.rawValue)), default: .word("iswf"),
                      Encoding.Scheme.encodable.map { "\($0.rawValue): \($0.summary)" }.joined(separator: "; ")),
           VerbOption("skills", .either([.items, .column]),
                      "the skills of each attempt: an items table mapping items to skills (a Q-matrix), or a column of the data (default: its `skill` column)"),
         ],
         examples: ["kt = encode attempts as=iswf skills=q",
                    "train, test = split (encode attempts as=pfa skills=q) 0.8 seed=1",
                    "m = fit lr (encode attempts as=irt)"]) { call in
      let data = try call.ratings("DATA")
      let scheme = Encoding.Scheme(rawValue: try call.word("as"))!
      var skills: KnowledgeTracingEncoder.SkillMap?
      if scheme.needsSkills {
        skills = try call.pointing(at: "skills") { try skillMap(call, data) }
      }
      if let skills { try checkSkills(skills, of: data, call: call) }
      return .ratings(try KnowledgeTracingEncoder.encode(data, as: scheme, skills: skills))
    },

    Verb("mastery", family: "evaluation",
         summary: "what a knowledge-tracing model says a student has mastered: P(correct) on each skill, given their wins and fails",
         slots: [Slot("M", .model, "a model fitted on pfa or iswf features"),
                 Slot("DATA", .ratings, "the student's attempts, encoded as the model's training data"),
                 Slot("USER", .id, "the student, as written in the data")],
         options: [VerbOption("threshold", .double(0...1), default: .number(0.8),
                              "a skill is mastered when the model gives at least this probability of success")],
         examples: ["mastery ktm (encode attempts as=iswf skills=q) 7"]) { call in
      let m = try call.model("M"), data = try call.ratings("DATA"), user = try call.id("USER")
      guard m.info.scale == .binary else {
        throw call.error(.value, "mastery needs a model of 0/1 outcomes, and \(m.kindName) was fitted on ratings", at: "M")
      }
      let probe = try call.pointing(at: "DATA") { try MasteryProbe.make(user: user, from: data) }
      let p = try call.pointing(at: "M") { try m.checkedPredict(probe.attempts) }
      let threshold = try call.number("threshold")
      var t = Table(title: "mastery of \(user) by \(m.kindName) (mastered: P ≥ \(formatNumber(threshold)))",
                    columns: [Table.Column("skill", alignment: .left), Table.Column("wins"), Table.Column("fails"),
                              Table.Column("P(correct)", best: .highest), Table.Column("mastered", alignment: .left)])
      for s in probe.skills.indices.sorted(by: { (p[$0], $1) > (p[$1], $0) }) where probe.wins[s] + probe.fails[s] > 0 {
        t.append([.text(probe.skills[s]), .number(Double(probe.wins[s])), .number(Double(probe.fails[s])),
                  .number(Double(p[s])), .text(Double(p[s]) >= threshold ? "yes" : "no")])
      }
      return .table(t)
    },
  ]

  /// The skills `encode` reads: skills=Q, skills=COLUMN, or the data's own `skill` column.
  private static func skillMap(_ call: Call, _ data: Ratings) throws -> KnowledgeTracingEncoder.SkillMap? {
    if call.has("skills"), case .items(let q)? = call.value("skills") {
      try q.requireTags(for: "encode skills=")
      try checkQMatrix(q, covers: data)
      return .qMatrix(q, for: data)
    }
    let column = call.has("skills") ? try call.word("skills") : "skill"
    guard let c = data.categoryNames.firstIndex(of: column) else {
      if !call.has("skills") { return nil }
      let have = data.categoryNames
      throw MKError.unknown("column", column, among: have,
                            listHint: have.isEmpty ? "'\(data.name)' has no categorical column; load it with fields=[\(column)]"
                                                   : "its categorical columns: \(have.joined(separator: ", "))",
                            suggestion: .hint)
    }
    let levels = data.universe.categories(named: column).names
    return .column(column, codes: data.categoryColumn(c), levels: levels)
  }

  /// A Q-matrix row for an item the data never attempts is an error with its file and line:
  /// most often the ids do not match (the data's items are problem ids, the table's are not).
  private static func checkQMatrix(_ q: Items, covers data: Ratings) throws {
    var attempted = [Bool](repeating: false, count: data.itemCount)
    for i in data.itemIndices where i >= 0 && Int(i) < attempted.count { attempted[Int(i)] = true }
    for r in 0..<q.count {
      let i = q.item[r]
      guard i >= 0, Int(i) < attempted.count, attempted[Int(i)] else {
        let raw = MessageText.quoted(q.universe.items[i])
        throw MKError(.value, "\(q.name), line \(q.lines.indices.contains(r) ? String(q.lines[r]) : "?"): item \(raw) of the Q-matrix is not attempted in '\(data.name)'",
                        hint: "check that the table's items are the data's item ids; encode the whole data set, then split it")
      }
    }
  }

  /// Every skill must be someone's: a skill column of the Q-matrix with no item, or a skill
  /// no attempt has, says the skills do not describe this data.
  private static func checkSkills(_ skills: KnowledgeTracingEncoder.SkillMap, of data: Ratings, call: Call) throws {
    var used = [Bool](repeating: false, count: skills.names.count)
    var without = 0
    for k in 0..<skills.rows.rowCount {
      if skills.rows.length(k) == 0 { without += 1 }
      for p in skills.rows.range(k) { used[Int(skills.rows.columns[p])] = true }
    }
    if let s = used.firstIndex(of: false), skills.column == nil {
      throw call.error(.value, "skill \(MessageText.quoted(skills.names[s])) (\(skills.source)) names no item attempted in '\(data.name)'",
                       at: "skills", hint: "remove the empty column, or check the table's item ids")
    }
    if without > 0 {
      call.emit("note: \(without) of \(data.count) attempts have no skill in \(skills.source): their skill features are empty")
    }
  }
}
